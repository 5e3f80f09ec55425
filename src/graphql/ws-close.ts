import type { WebSocket } from 'ws';

/** The close codes this server sends, beside graphql-ws's own (4400, 4401, 4408, 4409, 4429, 4500). */
export const WS_CLOSE = Object.freeze({
  /** Missing, invalid or expired token (graphql-ws's Forbidden; its client may retry with a new token). */
  forbidden: 4403,
  /** The user already has WS_MAX_SOCKETS_PER_USER sockets open on this replica. */
  tooManySockets: 4029,
  /** The client did not read its events: its queue or socket buffer passed its limit. */
  slowConsumer: 4008,
  /** A message past WS_MAX_MESSAGE_BYTES (sent by ws itself). */
  messageTooBig: 1009,
  /** The server is shutting down. */
  goingAway: 1001,
  /** This replica lost its PostgreSQL listener: events may have been missed; reconnect and refetch. */
  listenerLost: 1012,
  /** This replica cannot hear events right now (its listener is down): try again later, or elsewhere. */
  notListening: 1013,
});

/** How long a socket closed by the server may take to finish its closing handshake before it is cut. */
export const CLOSE_GRACE_MS = 1000;

/** Closes `socket` with `code`, and cuts it if its client does not answer the close in time (ws would wait 30 s). */
export function closeSoon(socket: WebSocket, code: number, reason: string): void {
  socket.close(code, reason);
  setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
}
