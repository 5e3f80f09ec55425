import { Client } from 'pg';
import type { DatabaseConfig } from '../config.js';
import type { Logger } from '../logger.js';

/** The listener's `application_name` in `pg_stat_activity`. */
export const LISTENER_APPLICATION_NAME = 'ctg-thread-events';

/** How long to wait before trying to listen again after the connection was lost, growing to the last. */
const RETRY_MS = [100, 250, 500, 1000, 2000, 5000];

export interface NotifyListenerOptions {
  readonly database: DatabaseConfig;
  readonly channel: string;
  readonly logger: Logger;
  /** Each notification's payload, in the order PostgreSQL delivers them (commit order). */
  readonly onNotification: (payload: string) => void;
  /** Called when listening stops (lost) and starts again: whoever relies on the events learns of the gap. */
  readonly onStateChange?: (listening: boolean) => void;
}

/**
 * A PostgreSQL connection of its own that LISTENs on one channel: not from the pool, since a
 * pooled connection goes back to the pool and LISTEN belongs to a session. When the connection
 * is lost (server restart, network, `pg_terminate_backend`) it connects and listens again, with
 * growing pauses, until `stop`. Notifications committed while it was not listening are not
 * replayed by PostgreSQL: `listening` is false meanwhile (see /readyz), and `onStateChange` says so.
 */
export class NotifyListener {
  private client: Client | null = null;
  private stopped = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private state = false;
  private connecting: Promise<void> | null = null;

  constructor(private readonly options: NotifyListenerOptions) {}

  /** True while the LISTEN is in place. */
  get listening(): boolean {
    return this.state;
  }

  /** Connects and listens; resolves once listening, or after the first failure (it then keeps trying). */
  async start(): Promise<void> {
    await this.tryToListen();
  }

  /**
   * Whether it listens, trying once more right now if it does not (rather than at the next retry):
   * a readiness probe then reports a database that is back as soon as it is.
   */
  async ensure(): Promise<boolean> {
    if (this.state || this.stopped) return this.state;
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    await this.tryToListen();
    return this.state;
  }

  /** One connection attempt at a time. */
  private tryToListen(): Promise<void> {
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private setState(listening: boolean): void {
    if (this.state === listening) return;
    this.state = listening;
    this.options.onStateChange?.(listening);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const { database, channel, logger } = this.options;
    const client = new Client({
      connectionString: database.url,
      connectionTimeoutMillis: database.connectTimeoutMs,
      keepAlive: true,
      // Names the session in pg_stat_activity, for operators (and the tests that cut it off).
      application_name: LISTENER_APPLICATION_NAME,
    });
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) this.options.onNotification(message.payload);
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      // A channel name is an identifier: quoted, never a parameter (LISTEN takes none).
      await client.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
    } catch (error) {
      logger.warn({ err: error, attempt: this.failures + 1 }, 'cannot listen for thread events; retrying');
      this.lost(client);
      return;
    }
    if (this.stopped || this.client !== client) return;
    if (this.failures > 0) logger.info('listening for thread events again');
    this.failures = 0;
    this.setState(true);
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners('notification');
    client.end().catch(() => undefined);
    this.setState(false);
    if (this.stopped) return;
    const delay = RETRY_MS[Math.min(this.failures, RETRY_MS.length - 1)];
    this.failures += 1;
    if (this.failures === 1) this.options.logger.warn('lost the thread events listener; reconnecting');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.tryToListen();
    }, delay);
    this.retryTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    this.setState(false);
    if (client) await client.end().catch(() => undefined);
  }
}
