import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { RateLimitedError } from '../errors.js';
import type { Fairness } from '../http/fairness.js';
import type { Logger } from '../logger.js';

/** The path WebSockets are served on: the GraphQL endpoint's own. */
const WS_PATH = '/graphql';

function refuse(socket: Duplex, status: string, headers: string[] = []): void {
  socket.end([`HTTP/1.1 ${status}`, ...headers, 'Connection: close', 'Content-Length: 0', '', ''].join('\r\n'));
}

/**
 * Hands the HTTP server's WebSocket upgrades on /graphql to `wss` (404 elsewhere). A handshake
 * carries no token yet, so it counts against its IP's rate, as an HTTP request without one does
 * (429 with Retry-After past it): a flood of handshakes costs its sender, not the server.
 */
export function acceptUpgrades(httpServer: Server, wss: WebSocketServer, fairness: Fairness, logger: Logger): void {
  httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Until ws takes the socket over, an error on it (a reset) must not go unhandled.
    socket.on('error', () => socket.destroy());
    if ((request.url ?? '/').split('?')[0] !== WS_PATH) {
      refuse(socket, '404 Not Found');
      return;
    }
    fairness.admit(null, request.socket.remoteAddress).then(
      () => {
        if (socket.destroyed) return;
        wss.handleUpgrade(request, socket, head, (ws) => {
          wss.emit('connection', ws, request);
          // A socket's errors come from ws itself (a message past WS_MAX_MESSAGE_BYTES, a malformed
          // frame), which has already closed it with the right code (1009, 1002). graphql-ws would
          // print each to the console with its stack; one JSON log line says enough.
          ws.removeAllListeners('error');
          ws.on('error', (error) => logger.info({ error: error.message }, 'websocket closed by a protocol error'));
        });
      },
      (error: unknown) => {
        const retryAfter = error instanceof RateLimitedError ? error.retryAfterSeconds : 1;
        refuse(socket, '429 Too Many Requests', [`Retry-After: ${retryAfter}`]);
      },
    );
  });
}
