import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import { NotifyListener } from '../../db/notify-listener.js';
import type { Logger } from '../../logger.js';
import { decodeThreadEvent, THREAD_EVENTS_CHANNEL } from '../thread.events.js';
import type { ThreadEventBus } from './thread-event-bus.js';

/** Where this process hears committed thread events from. */
export interface ThreadEventSource {
  /** False while events may be missed (PostgreSQL: the listener is down). */
  readonly listening: () => boolean;
  /** As `listening`, after one more try to listen right now if it does not (for /readyz). */
  readonly ensureListening: () => Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * Feeds the bus with committed events. PostgreSQL: a LISTEN connection of its own hears every
 * replica's `pg_notify` (this one's included) in commit order; when it is lost, `onLost` runs
 * (subscribers are told to resubscribe) and it reconnects. SQLite: this process's own commits,
 * straight after each COMMIT (another process writing the same file, such as `npm run purge`,
 * is not heard).
 */
export async function startThreadEventSource(
  db: Database,
  config: Config,
  bus: ThreadEventBus,
  logger: Logger,
  onLost: () => void,
): Promise<ThreadEventSource> {
  const publish = (payload: string) => {
    const event = decodeThreadEvent(payload);
    if (event) bus.publish(event);
    else logger.warn('ignored a malformed thread event');
  };
  if (db.kind === 'sqlite') {
    const stop = db.onCommitted(
      (channel, payload) => {
        if (channel === THREAD_EVENTS_CHANNEL) publish(payload);
      },
      () => bus.size > 0,
    );
    return { listening: () => true, ensureListening: async () => true, stop: async () => stop() };
  }
  const listener = new NotifyListener({
    database: config.database,
    channel: THREAD_EVENTS_CHANNEL,
    logger,
    onNotification: publish,
    onStateChange: (listening) => {
      if (!listening) onLost();
    },
  });
  await listener.start();
  return {
    listening: () => listener.listening,
    ensureListening: () => listener.ensure(),
    stop: () => listener.stop(),
  };
}
