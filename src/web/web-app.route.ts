import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import express, { Router } from 'express';
import { PACKAGE_ROOT } from '../paths.js';

/** Where `npm run build` puts the thread management app (web/, built by Vite). */
export const WEB_DIR = path.join(PACKAGE_ROOT, 'dist', 'web');

const NOT_BUILT =
  '<!doctype html><html lang="en"><title>Threads app not built</title>' +
  '<p>The thread management app is not built: run <code>npm run build</code>.</p></html>';

/** What `/web/config.json` answers. */
export interface WebAppConfig {
  /** In dev mode (no auth configured), a token for the demo user, signed in with on load; otherwise null. */
  readonly devToken: string | null;
  /**
   * Whether this server accepts WebSocket upgrades (the subscriptions of `threadEvents`): the app
   * opens its socket only then, so a server without them costs it no failed connection.
   */
  readonly liveUpdates: boolean;
}

/**
 * The thread management app at `/`: its page (revalidated on every load, `no-cache`, so a new
 * build is picked up at once), its hashed assets under `/assets/` (cached for a year, immutable:
 * a new build has new names) and `/web/config.json`.
 */
export function webAppRouter(deps: { devToken: string | null; httpServer: Server }): Router {
  const file = path.join(WEB_DIR, 'index.html');
  const html = existsSync(file) ? readFileSync(file, 'utf8') : NOT_BUILT;
  const router = Router();
  router.get('/', (_req, res) => {
    res.set('Cache-Control', 'no-cache').type('html').send(html);
  });
  router.get('/web/config.json', (_req, res) => {
    const config: WebAppConfig = {
      devToken: deps.devToken,
      liveUpdates: deps.httpServer.listenerCount('upgrade') > 0,
    };
    res.set('Cache-Control', 'no-store').json(config);
  });
  router.use(
    '/assets',
    express.static(path.join(WEB_DIR, 'assets'), { immutable: true, maxAge: '1y', index: false, fallthrough: true }),
  );
  return router;
}
