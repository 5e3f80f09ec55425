import { Router } from 'express';
import type { Database } from '../db/database.js';
import { ServiceUnavailableError } from '../errors.js';

/** `GET /healthz` (the process answers) and `GET /readyz` (the database answers too). */
export function healthRouter(db: Database): Router {
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
    res.json({ status: 'ready', database: db.kind });
  });
  return router;
}
