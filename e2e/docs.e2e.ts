import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedThreads } from '../src/threads/thread.seed.js';
import { countRows } from '../test/support/rows.js';
import { startTestApp, type TestApp } from '../test/support/test-app.js';
import { foreignRequests, launchChromium, recordTraffic, screenshot } from './browser.js';

describe('the REST docs (/docs) in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let traffic: ReturnType<typeof recordTraffic>;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    traffic = recordTraffic(page);
    await page.goto(`${t.url}/docs`, { waitUntil: 'networkidle' });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('when a caller authorizes and tries the DELETE out, then Swagger UI shows a 200 body and the thread is gone', async () => {
    const [threadId] = await seedThreads(t.app.db, { threads: 1, messagesPerThread: 3, owner: 'alice' });
    const token = await t.token('alice');

    await page.getByRole('button', { name: 'Authorize' }).first().click();
    await page.locator('#auth-bearer-value').fill(token);
    await page.getByRole('button', { name: 'Apply credentials' }).click();
    await page.locator('.modal-ux button.btn-done').click();
    // The route is marked deprecated, so Swagger UI draws it greyed out (.opblock-deprecated).
    await page.locator('.opblock-summary', { hasText: '/api/chat/threads/{thread_id}' }).first().click();
    const tryItOut = page.getByRole('button', { name: 'Try it out' });
    if (await tryItOut.isVisible()) await tryItOut.click();
    await page.locator('tr[data-param-name="thread_id"] input').fill(threadId);
    await page.getByRole('button', { name: 'Execute' }).click();
    const live = page.locator('.live-responses-table');

    await expect
      .poll(async () => live.locator('tbody .response-col_status').first().textContent(), { timeout: 20_000 })
      .toBe('200');
    expect(await live.textContent()).toContain('"status": "success"');
    await live.scrollIntoViewIfNeeded();
    await screenshot(page, 'docs');
    expect(await countRows(t, threadId)).toEqual({ threads: 0, messages: 0, audit: 1 });
  });

  it('then no request left the server, and the page reported no error or CSP violation', () => {
    expect(traffic.urls.some((url) => url.endsWith('/openapi.json'))).toBe(true);
    expect(foreignRequests(traffic.urls, t.url)).toEqual([]);
    expect(traffic.problems).toEqual([]);
  });
});
