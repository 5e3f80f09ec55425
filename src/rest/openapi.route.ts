import { Router } from 'express';
import { openApiDocument } from './openapi.js';

/** `GET /openapi.json`: the shim's OpenAPI document, built once. */
export function openApiRouter(serverVersion: string): Router {
  const body = JSON.stringify(openApiDocument(serverVersion));
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(body);
  });
  return router;
}
