import path from 'node:path';
import express, { Router } from 'express';
import { getAbsoluteFSPath } from 'swagger-ui-dist';
import { PACKAGE_ROOT } from '../paths.js';

/** `GET /docs`: Swagger UI for `/openapi.json`, every file served locally (FastAPI's /docs, offline). */
export function docsRouter(): Router {
  const router = Router();
  router.get('/docs', (_req, res) => res.sendFile(path.join(PACKAGE_ROOT, 'docs-ui', 'index.html')));
  router.use('/docs/ui', express.static(path.join(PACKAGE_ROOT, 'docs-ui'), { index: false }));
  router.use('/docs/assets', express.static(getAbsoluteFSPath(), { index: false, maxAge: '1d' }));
  return router;
}
