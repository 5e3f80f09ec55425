import path from 'node:path';
import express, { Router } from 'express';
import { PACKAGE_ROOT } from '../paths.js';

/** What `/docs/config.json` answers: what Swagger UI is prefilled with. */
export interface DocsConfig {
  /** In dev mode (no auth configured), a token for the demo user, authorized on load; otherwise null. */
  readonly devToken: string | null;
}

/**
 * `GET /docs`: Swagger UI for `/openapi.json`, every file served locally (FastAPI's /docs, offline),
 * and `/docs/config.json`, which hands it the dev token in dev mode, as the playground gets it.
 */
export function docsRouter(deps: { devToken: string | null }): Router {
  const router = Router();
  router.get('/docs', (_req, res) => res.sendFile(path.join(PACKAGE_ROOT, 'docs-ui', 'index.html')));
  router.get('/docs/config.json', (_req, res) => {
    const config: DocsConfig = { devToken: deps.devToken };
    res.set('Cache-Control', 'no-store').json(config);
  });
  router.use('/docs/ui', express.static(path.join(PACKAGE_ROOT, 'docs-ui'), { index: false }));
  // Only the folder is needed: requiring 'swagger-ui-dist' itself would load its 1 MB bundle into the server.
  router.use(
    '/docs/assets',
    express.static(path.dirname(require.resolve('swagger-ui-dist/package.json')), { index: false, maxAge: '1d' }),
  );
  return router;
}
