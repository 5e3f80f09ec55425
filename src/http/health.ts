import { Router } from 'express';
import type { Database } from '../db/database.js';
import { ServiceUnavailableError } from '../errors.js';

/**
 * `GET /healthz` (the process answers) and `GET /readyz` (the database answers too, and this
 * replica hears thread events: `listening` false means its PostgreSQL listener is down).
 */
export function healthRouter(db: Database, listening: () => Promise<boolean> = async () => true): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      await db.ping();
    } catch (error) {
      throw error instanceof ServiceUnavailableError ? error : new ServiceUnavailableError({ cause: error });
    }
    // Subscribers on this replica would miss events: send them (and new ones) elsewhere until it listens again.
    if (!(await listening()))
      throw new ServiceUnavailableError({ cause: new Error('not listening for thread events') });
    res.json({ status: 'ready', database: db.kind });
  });
  return router;
}
