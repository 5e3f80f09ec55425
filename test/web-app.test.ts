import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WEB_DIR } from '../src/web/web-app.route.js';
import { useTestApp } from './support/test-app.js';

// The thread management app at `/` (web/, built by `npm run build` into dist/web): the page is
// revalidated on every load, its hashed assets are cached for good, and it gets the playground's CSP.

describe('the web app at /', () => {
  const t = useTestApp('sqlite');

  it('when / is loaded, then the built page comes with no-cache and a CSP that allows this origin only', async () => {
    const response = await fetch(`${t.url}/`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(await response.text()).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js">/);
  });

  it('when a hashed asset is loaded, then it may be cached for a year without revalidation', async () => {
    const script = readdirSync(path.join(WEB_DIR, 'assets')).find((name) => name.endsWith('.js'));

    const response = await fetch(`${t.url}/assets/${script}`);

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('content-type')).toMatch(/javascript/);
  });

  it('when an asset that does not exist is asked for, then the answer is the usual 404', async () => {
    const response = await fetch(`${t.url}/assets/index-missing.js`);

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ detail: 'Not Found' });
  });

  it('when /web/config.json is read outside dev mode, then it hands out no token, and says whether WebSockets are taken', async () => {
    const before = await (await fetch(`${t.url}/web/config.json`)).json();
    const listener = () => {};
    t.app.httpServer.on('upgrade', listener);
    const during = await (await fetch(`${t.url}/web/config.json`)).json();
    t.app.httpServer.off('upgrade', listener);

    expect(before).toEqual({ devToken: null, liveUpdates: t.app.httpServer.listenerCount('upgrade') > 0 });
    expect(during).toEqual({ devToken: null, liveUpdates: true });
  });
});
