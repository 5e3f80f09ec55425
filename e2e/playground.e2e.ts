import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../test/support/rows.js';
import { startTestApp, type TestApp } from '../test/support/test-app.js';
import { foreignRequests, launchChromium, recordTraffic, screenshot } from './browser.js';

describe('the GraphQL playground in a real browser, as a new user sees it', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let traffic: ReturnType<typeof recordTraffic>;
  /** The DeleteThread operations the page sent, with the variables they carried. */
  const deletes: { threadId?: unknown }[] = [];

  beforeAll(async () => {
    // Dev mode (no auth configured): demo threads, and the playground fills in the dev token.
    t = await startTestApp('sqlite', { AUTH_JWT_SECRET: '', NODE_ENV: 'development' });
    browser = await launchChromium();
    // A new context is a fresh profile: no localStorage, so GraphiQL starts from the example tabs.
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    traffic = recordTraffic(page);
    page.on('request', (request: Request) => {
      const body = request.method() === 'POST' ? request.postDataJSON() : null;
      if (body?.operationName === 'DeleteThread') deletes.push(body.variables ?? {});
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** The id the playground puts in the examples: the demo user's newest thread. */
  async function newestThread(): Promise<string> {
    const { body } = await t.graphql(
      '{ threads(first: 1) { edges { node { id } } } }',
      {},
      { authorization: `Bearer ${t.app.devToken}` },
    );
    const id = body.data?.threads.edges[0]?.node.id;
    if (typeof id !== 'string') throw new Error(`the demo user has no thread left: ${JSON.stringify(body)}`);
    return id;
  }

  const responseText = async () =>
    ((await page.locator('.graphiql-response').textContent()) ?? '').replaceAll('\u00a0', ' ');

  /** Opens the playground and clicks "run" once on whatever tab it opens with; no tab is touched. */
  async function openAndRunOnce(): Promise<void> {
    await page.goto(`${t.url}/graphql`);
    await expect
      .poll(() => page.getByRole('tab', { selected: true }).textContent(), { timeout: 30_000 })
      .toContain('DeleteThread');
    // What a person waits for before clicking: the operation shows in the editor.
    await expect
      .poll(() => page.locator('.graphiql-query-editor .view-lines', { hasText: 'deleteThread' }).count(), {
        timeout: 30_000,
      })
      .toBeGreaterThan(0);
    await page.getByRole('button', { name: /Execute query/i }).click();
    await expect.poll(responseText, { timeout: 30_000 }).toMatch(/"(status|errors)"/);
  }

  it('when a fresh profile opens the playground and clicks run once, then the newest demo thread is deleted', async () => {
    expect(await context.storageState()).toMatchObject({ cookies: [], origins: [] });
    const threadId = await newestThread();

    await openAndRunOnce();

    const text = await responseText();
    expect(text).not.toContain('was not provided');
    expect(text).toContain('"status": "success"');
    expect(text).toContain(`"threadId": "${threadId}"`);
    expect(text).toContain('"permanentDelete": true');
    await screenshot(page, 'playground');
    expect(deletes).toEqual([{ threadId }]);
    expect(await countRows(t, threadId)).toEqual({ threads: 0, messages: 0, audit: 1 });
  });

  it('when the page is loaded again (tabs now in localStorage) and run once, then the next newest thread is deleted', async () => {
    // GraphiQL writes its tabs to localStorage after a short debounce.
    await expect
      .poll(async () => JSON.stringify((await context.storageState()).origins), { timeout: 10_000 })
      .toContain('graphiql:tabState');
    // The stored DeleteThread tab names the thread deleted above; the example now names the next
    // newest one, and that is what the tab shown first must run.
    const threadId = await newestThread();
    expect(deletes[0]).not.toEqual({ threadId });

    await openAndRunOnce();

    const text = await responseText();
    expect(text).toContain('"status": "success"');
    expect(text).toContain(`"threadId": "${threadId}"`);
    expect(deletes.at(-1)).toEqual({ threadId });
    expect(deletes).toHaveLength(2);
    expect(await countRows(t, threadId)).toEqual({ threads: 0, messages: 0, audit: 1 });
  });

  it('when the docs explorer is opened on ThreadDeleteResult, then its fields are listed', async () => {
    await page.getByRole('button', { name: /Show Documentation Explorer/i }).click();
    await page.locator('[data-cy="doc-explorer-input"]').fill('ThreadDeleteResult');
    await page
      .getByRole('option', { name: /ThreadDeleteResult/ })
      .first()
      .click();
    const explorer = page.locator('.graphiql-doc-explorer');

    await expect.poll(() => explorer.textContent(), { timeout: 10_000 }).toContain('deletedMessageCount');
    expect(await explorer.textContent()).toContain('backupLocation');
    await screenshot(page, 'playground-docs');
  });

  it('then no request left the server, and the page reported no error or CSP violation', () => {
    expect(traffic.urls.length).toBeGreaterThan(3);
    expect(foreignRequests(traffic.urls, t.url)).toEqual([]);
    expect(traffic.problems).toEqual([]);
  });
});
