import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import express, { Router } from 'express';
import { DEMO_USER } from '../auth/auth.js';
import { firstPage } from '../pagination/page.js';
import { PACKAGE_ROOT } from '../paths.js';
import { THREAD_ORDERS } from '../threads/thread.search.js';
import type { ThreadService } from '../threads/thread.service.js';
import { type Example, loadExamples, THREAD_ID_PLACEHOLDER } from './examples.js';

/** Where `npm run build` puts the bundled GraphiQL. */
export const PLAYGROUND_DIR = path.join(PACKAGE_ROOT, 'dist', 'playground');

const NOT_BUILT =
  '<!doctype html><title>Playground not built</title>' +
  '<p>The playground is not built: run <code>npm run build</code>.</p>';

/**
 * Apollo's landing page for `GET /graphql` from a browser: our own GraphiQL page, whose scripts,
 * styles, fonts and workers are all served from `/playground/` by this service (Apollo's default
 * pages load from a CDN and show nothing offline).
 */
export function playgroundLandingPage(): ApolloServerPlugin {
  const file = path.join(PLAYGROUND_DIR, 'index.html');
  const html = existsSync(file) ? readFileSync(file, 'utf8') : NOT_BUILT;
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}

/** What `/playground/config.json` answers. */
export interface PlaygroundConfig {
  readonly endpoint: string;
  /** In dev mode (no auth configured), a token for the demo user; otherwise null. */
  readonly devToken: string | null;
  /** The thread the examples name where they say THREAD_ID; the placeholder itself when there is none to name. */
  readonly threadId: string;
  readonly examples: Example[];
}

/** The playground's static files and its `config.json` (example tabs; in dev mode, the dev token). */
export function playgroundRouter(deps: { devToken: string | null; threads: ThreadService }): Router {
  const examples = loadExamples();
  const router = Router();
  router.get('/playground/config.json', async (_req, res) => {
    const threadId = await walkthroughThread(deps);
    const config: PlaygroundConfig = {
      endpoint: '/graphql',
      devToken: deps.devToken,
      threadId,
      examples: examples.map((example) => ({
        ...example,
        variables: example.variables.replaceAll(`"${THREAD_ID_PLACEHOLDER}"`, JSON.stringify(threadId)),
      })),
    };
    res.set('Cache-Control', 'no-store').json(config);
  });
  router.use(
    '/playground/assets',
    express.static(path.join(PLAYGROUND_DIR, 'assets'), { immutable: true, maxAge: '1y', index: false }),
  );
  return router;
}

/**
 * In dev mode, the demo user's newest live thread, read afresh for every page load, so every tab
 * names a thread that exists when the page opens; otherwise (or when the demo user has none left)
 * the placeholder, which the page replaces once CreateThread has answered.
 */
async function walkthroughThread(deps: { devToken: string | null; threads: ThreadService }): Promise<string> {
  if (!deps.devToken) return THREAD_ID_PLACEHOLDER;
  const newest = await deps.threads.listThreads(
    { userId: DEMO_USER, isAdmin: false },
    firstPage(1),
    THREAD_ORDERS.CREATED_AT_DESC,
    null,
  );
  return newest.edges[0]?.node.id ?? THREAD_ID_PLACEHOLDER;
}
