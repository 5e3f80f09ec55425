import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test/support/test-app.js';
import { launchChromium } from './browser.js';

/** A page on an origin of its own (another port is another origin), as a browser app is. */
async function startAppOrigin(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end('<!doctype html><title>chat web app</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** What a page gets from `fetch` with Apollo Client's headers: the answer, or the browser's refusal. */
type Fetched = { status: number; body: unknown; retryAfter: string | null } | { refused: string };

function fetchAsApolloClient(page: Page, url: string, token: string, query: string): Promise<Fetched> {
  return page.evaluate(
    async ({ url, token, query }) => {
      try {
        const response = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: {
            accept: 'application/graphql-response+json,application/json;q=0.9',
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            // Apollo Client sends both whenever a client name and version are configured.
            'apollographql-client-name': 'chat-web',
            'apollographql-client-version': '1.2.3',
          },
          body: JSON.stringify({ query }),
        });
        return {
          status: response.status,
          body: await response.json(),
          retryAfter: response.headers.get('retry-after'),
        };
      } catch (error) {
        return { refused: String(error) };
      }
    },
    { url, token, query },
  );
}

describe('a browser app on another origin (CORS_ORIGINS), in a real browser', () => {
  let app: { server: Server; origin: string };
  let t: TestApp;
  let other: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    app = await startAppOrigin();
    t = await startTestApp('sqlite', { CORS_ORIGINS: app.origin, RATE_LIMIT_USER_PER_MINUTE: '2' });
    other = await startTestApp('sqlite', { CORS_ORIGINS: 'https://somewhere-else.example' });
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(app.origin);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await other?.close();
    await new Promise((resolve) => app?.server.close(resolve));
  });

  it("when the page calls /graphql with Apollo Client's headers, then the preflight passes and the page reads the answer", async () => {
    const fetched = await fetchAsApolloClient(page, t.url, await t.token('alice'), '{ threads { edges { cursor } } }');

    expect(fetched).toEqual({ status: 200, body: { data: { threads: { edges: [] } } }, retryAfter: null });
  });

  it('when the page is past its rate limit, then it reads the code and Retry-After', async () => {
    const token = await t.token('bob');
    await fetchAsApolloClient(page, t.url, token, '{ __typename }');
    await fetchAsApolloClient(page, t.url, token, '{ __typename }');

    const fetched = await fetchAsApolloClient(page, t.url, token, '{ __typename }');

    expect(fetched).toMatchObject({
      status: 429,
      body: { errors: [{ extensions: { code: 'RATE_LIMITED' } }] },
      retryAfter: expect.stringMatching(/^\d+$/),
    });
  });

  it('when the gateway does not list the page origin, then the browser refuses the call', async () => {
    const fetched = await fetchAsApolloClient(page, other.url, await other.token('alice'), '{ __typename }');

    expect(fetched).toEqual({ refused: 'TypeError: Failed to fetch' });
  });
});
