import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedThreads } from '../src/threads/thread.seed.js';
import { defined } from '../test/support/assertions.js';
import { NEWEST_THREADS } from '../test/support/documents.js';
import { countRows } from '../test/support/rows.js';
import { startTestApp, type TestApp } from '../test/support/test-app.js';
import { foreignRequests, launchChromium, recordTraffic, screenshot } from './browser.js';

/** Where the docs page keeps the token authorized in a tab (docs-ui/init.js). */
const SAVED_TOKEN = 'chat-thread-gateway:docs:bearer';

/** Opens /docs and waits until Swagger UI has drawn the route. */
async function openDocs(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/docs`, { waitUntil: 'networkidle' });
  await page
    .locator('.opblock-summary', { hasText: '/api/chat/threads/{thread_id}' })
    .first()
    .waitFor({ timeout: 20_000 });
}

/** Whether Swagger UI shows the page as authorized (the Authorize button's padlock is locked). */
const isAuthorized = (page: Page) => page.locator('.auth-wrapper .btn.authorize.locked').isVisible();

/** Tries out `DELETE /api/chat/threads/{thread_id}` in Swagger UI; returns the status it shows. */
async function tryDelete(page: Page, threadId: string): Promise<string | null> {
  // The route is marked deprecated, so Swagger UI draws it greyed out (.opblock-deprecated).
  const input = page.locator('tr[data-param-name="thread_id"] input');
  if (!(await input.isVisible()))
    await page.locator('.opblock-summary', { hasText: '/api/chat/threads/{thread_id}' }).first().click();
  const tryItOut = page.getByRole('button', { name: 'Try it out' });
  if (await tryItOut.isVisible()) await tryItOut.click();
  await input.fill(threadId);
  await page.getByRole('button', { name: 'Execute' }).click();
  await expect.poll(() => page.locator('.request-url').first().textContent(), { timeout: 20_000 }).toContain(threadId);
  const status = page.locator('.live-responses-table tbody .response-col_status').first();
  await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(/^\d{3}$/);
  return status.textContent();
}

/** The page's storage of one kind, as text. */
const storageText = (page: Page, kind: 'localStorage' | 'sessionStorage') =>
  page.evaluate<string>(`JSON.stringify(Object.entries(${kind}))`);

describe('the REST docs (/docs) in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let traffic: ReturnType<typeof recordTraffic>;
  let token: string;
  let threads: string[];

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    threads = await seedThreads(t.app.db, { threads: 3, messagesPerThread: 3, owner: 'alice' });
    token = await t.token('alice');
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    page = await context.newPage();
    traffic = recordTraffic(page);
    await openDocs(page, t.url);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('when the page opens outside dev mode, then nothing is authorized and a DELETE tried out is 401', async () => {
    expect(await isAuthorized(page)).toBe(false);

    expect(await tryDelete(page, threads[2])).toBe('401');
    expect((await countRows(t, threads[2])).threads).toBe(1);
  });

  it('when a caller authorizes and tries the DELETE out, then Swagger UI shows a 200 body and the thread is gone', async () => {
    await page.getByRole('button', { name: 'Authorize' }).first().click();
    await page.locator('#auth-bearer-value').fill(token);
    await page.getByRole('button', { name: 'Apply credentials' }).click();
    await page.locator('.modal-ux button.btn-done').click();

    expect(await tryDelete(page, threads[0])).toBe('200');
    const live = page.locator('.live-responses-table');
    expect(await live.textContent()).toContain('"status": "success"');
    await live.scrollIntoViewIfNeeded();
    await screenshot(page, 'docs');
    expect(await countRows(t, threads[0])).toEqual({ threads: 0, messages: 0, audit: 1 });
  });

  it('when the page is reloaded, then the authorization is kept, in sessionStorage and never in localStorage', async () => {
    await openDocs(page, t.url);

    expect(await isAuthorized(page)).toBe(true);
    expect(await tryDelete(page, threads[1])).toBe('200');
    expect(await countRows(t, threads[1])).toEqual({ threads: 0, messages: 0, audit: 1 });
    expect(await storageText(page, 'sessionStorage')).toBe(JSON.stringify([[SAVED_TOKEN, token]]));
    expect(await storageText(page, 'localStorage')).not.toContain(token);
  });

  it('when the docs are opened in another tab, then that tab is not authorized (sessionStorage is per tab)', async () => {
    const other = await context.newPage();
    await openDocs(other, t.url);

    expect(await isAuthorized(other)).toBe(false);
    expect(await storageText(other, 'sessionStorage')).toBe('[]');
    await other.close();
  });

  it('when the caller logs out and reloads, then the token is forgotten', async () => {
    await page.getByRole('button', { name: 'Authorize' }).first().click();
    await page.getByRole('button', { name: 'Remove authorization' }).click();
    await page.locator('.modal-ux button.btn-done').click();

    await openDocs(page, t.url);

    expect(await isAuthorized(page)).toBe(false);
    expect(await storageText(page, 'sessionStorage')).toBe('[]');
    expect(await tryDelete(page, threads[2])).toBe('401');
  });

  it('then no request left the server, and the page reported no error or CSP violation', () => {
    expect(traffic.urls.some((url) => url.endsWith('/openapi.json'))).toBe(true);
    expect(foreignRequests(traffic.urls, t.url)).toEqual([]);
    // The 401s tried out above are reported by the browser as failed loads; nothing else may be.
    expect(traffic.problems.filter((problem) => !problem.includes('status of 401'))).toEqual([]);
  });
});

describe('the REST docs (/docs) in dev mode', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let traffic: ReturnType<typeof recordTraffic>;

  beforeAll(async () => {
    t = await startTestApp('sqlite', { AUTH_JWT_SECRET: '', NODE_ENV: 'development' });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    traffic = recordTraffic(page);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('when the page opens, then it is authorized with the dev token, and a demo thread is deleted without authorizing by hand', async () => {
    const listed = await t.graphql(NEWEST_THREADS, { first: 1 }, { authorization: `Bearer ${t.app.devToken}` });
    const threadId = defined(listed.body.data, 'the demo threads').threads.edges[0].node.id;

    await openDocs(page, t.url);

    expect(await isAuthorized(page)).toBe(true);
    expect(await tryDelete(page, threadId)).toBe('200');
    expect(await countRows(t, threadId)).toEqual({ threads: 0, messages: 0, audit: 1 });
  });

  it('when the page is reloaded, then it is authorized again with the current dev token, which it does not save', async () => {
    await openDocs(page, t.url);

    expect(await isAuthorized(page)).toBe(true);
    expect(await storageText(page, 'sessionStorage')).toBe('[]');
    expect(await storageText(page, 'localStorage')).not.toContain(defined(t.app.devToken, 'the dev token'));
  });

  it('then no request left the server, and the page reported no error or CSP violation', () => {
    expect(foreignRequests(traffic.urls, t.url)).toEqual([]);
    expect(traffic.problems).toEqual([]);
  });
});
