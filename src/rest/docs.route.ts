import path from 'node:path';
import express, { Router } from 'express';
import { PACKAGE_ROOT } from '../paths.js';

/** `GET /docs`: Swagger UI for `/openapi.json`, every file served locally (FastAPI's /docs, offline). */
export function docsRouter(): Router {
  const router = Router();
  router.get('/docs', (_req, res) => res.sendFile(path.join(PACKAGE_ROOT, 'docs-ui', 'index.html')));
  router.use('/docs/ui', express.static(path.join(PACKAGE_ROOT, 'docs-ui'), { index: false }));
  // Only the folder is needed: requiring 'swagger-ui-dist' itself would load its 1 MB bundle into the server.
  router.use(
    '/docs/assets',
    express.static(path.dirname(require.resolve('swagger-ui-dist/package.json')), { index: false, maxAge: '1d' }),
  );
  return router;
}
