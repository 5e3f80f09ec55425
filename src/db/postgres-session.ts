import type { DatabaseConfig } from '../config.js';

/** The name every PostgreSQL session of the gateway shows in `pg_stat_activity`. */
export const POSTGRES_APPLICATION_NAME = 'chat-thread-gateway';

/**
 * The settings every PostgreSQL session of the gateway starts with, as node-postgres takes them:
 * the pool's (ormconfig.ts) and a backup worker's own connection (`backup-worker.ts`) alike.
 */
export function postgresSessionSettings(db: DatabaseConfig): Record<string, number> {
  return {
    statement_timeout: db.statementTimeoutMs,
    // A wait for a row lock ends as THREAD_BUSY (409, try again), not as a statement timeout.
    ...(db.lockTimeoutMs > 0 ? { lock_timeout: db.lockTimeoutMs } : {}),
    idle_in_transaction_session_timeout: db.statementTimeoutMs,
  };
}
