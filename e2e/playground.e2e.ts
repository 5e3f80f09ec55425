import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defined } from '../test/support/assertions.js';
import { NEWEST_THREADS } from '../test/support/documents.js';
import { countRows } from '../test/support/rows.js';
import { startTestApp, type TestApp } from '../test/support/test-app.js';
import { foreignRequests, launchChromium, recordTraffic, screenshot } from './browser.js';

/** The tabs in the order the playground opens them, and whether each names the walkthrough's thread. */
const TABS: { name: string; namesThread: boolean }[] = [
  { name: 'Threads', namesThread: false },
  { name: 'CreateThread', namesThread: false },
  { name: 'AddMessage', namesThread: true },
  { name: 'Thread', namesThread: true },
  { name: 'DryRun', namesThread: true },
  { name: 'DeleteThreadsDryRun', namesThread: true },
  { name: 'SoftDeleteWithBackup', namesThread: true },
  { name: 'DeletedThreads', namesThread: false },
  { name: 'RestoreThread', namesThread: true },
  { name: 'DeleteThread', namesThread: true },
  { name: 'AuditEntries', namesThread: true },
  { name: 'ThreadEvents', namesThread: false },
];

/** The tab that subscribes: it runs over WebSocket, so it is answered by what it shows, not by a POST. */
const LIVE_TAB = 'ThreadEvents';

/** One operation the page sent, and what came back. */
interface Exchange {
  variables: Record<string, unknown>;
  body: { data?: Record<string, unknown> | null; errors?: unknown[] };
}

describe('the GraphQL playground in a real browser, as a new user sees it', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let traffic: ReturnType<typeof recordTraffic>;
  let demo: string[];

  beforeAll(async () => {
    // Dev mode (no auth configured): demo threads, and the playground fills in the dev token.
    t = await startTestApp('sqlite', { AUTH_JWT_SECRET: '', NODE_ENV: 'development' });
    const listed = await t.graphql(NEWEST_THREADS, { first: 10 }, { authorization: `Bearer ${t.app.devToken}` });
    demo = defined(listed.body.data, 'the demo threads').threads.edges.map((edge) => edge.node.id);
    browser = await launchChromium();
    // A new context is a fresh profile: no localStorage, so GraphiQL starts from the example tabs.
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    traffic = recordTraffic(page);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const text = async (selector: string) =>
    ((await page.locator(selector).first().textContent()) ?? '').replaceAll('\u00a0', ' ');
  const variables = () => page.locator('.graphiql-editor-tool > .graphiql-editor').first();
  const variablesText = async () => ((await variables().textContent()) ?? '').replaceAll('\u00a0', ' ');

  /** The answer to the next POST of `operationName` the page sends. */
  const answerTo = (operationName: string) =>
    page.waitForResponse(
      (response: Response) =>
        response.url().endsWith('/graphql') &&
        response.request().method() === 'POST' &&
        response.request().postDataJSON()?.operationName === operationName,
    );

  /** Opens the playground and waits until the first tab is shown with its operation. */
  async function open(load: () => Promise<unknown>): Promise<void> {
    await load();
    await expect
      .poll(() => page.getByRole('tab', { selected: true }).textContent(), { timeout: 30_000 })
      .toContain('Threads');
    await expect.poll(() => text('.graphiql-query-editor .view-lines'), { timeout: 30_000 }).toContain('query Threads');
  }

  /**
   * Clicks each tab in order and runs it as a person would: after reading the operation and, where
   * the tab names a thread, the id in its variables. Returns what each tab sent and got back.
   */
  async function walkTabs(): Promise<{ created: string; exchanges: Map<string, Exchange> }> {
    const exchanges = new Map<string, Exchange>();
    let created = '';
    for (const [index, { name, namesThread }] of TABS.entries()) {
      await page.getByRole('tab').nth(index).click();
      await expect.poll(() => page.getByRole('tab', { selected: true }).textContent()).toMatch(new RegExp(`^${name}`));
      await expect
        .poll(() => text('.graphiql-query-editor .view-lines'), { timeout: 10_000 })
        .toMatch(new RegExp(`(query|mutation|subscription) ${name}\\b`));
      if (namesThread) await expect.poll(variablesText, { timeout: 10_000 }).toContain(created);
      if (name === LIVE_TAB) {
        exchanges.set(name, await runLiveTab());
        continue;
      }
      const [response] = await Promise.all([
        answerTo(name),
        page.getByRole('button', { name: /Execute query/i }).click(),
      ]);
      const exchange: Exchange = {
        variables: response.request().postDataJSON().variables,
        body: await response.json(),
      };
      exchanges.set(name, exchange);
      if (name === 'CreateThread') created = (defined(exchange.body.data, name).createThread as { id: string }).id;
      await expect.poll(() => text('.graphiql-response'), { timeout: 10_000 }).toContain('"data"');
    }
    return { created, exchanges };
  }

  /**
   * Runs the subscription tab and makes changes as a person would in another window (a thread
   * created and deleted, so nothing is left behind), until the page shows an event: the tab may
   * take a moment to be live. What the response pane shows stands for the answer.
   */
  async function runLiveTab(): Promise<Exchange> {
    const headers = { authorization: `Bearer ${defined(t.app.devToken, 'the dev token')}` };
    const changeElsewhere = async () => {
      const made = await t.graphql<{ createThread: { id: string } }>(
        'mutation { createThread(input: { title: "another window" }) { id } }',
        {},
        headers,
      );
      await t.graphql(
        'mutation ($id: ID!) { deleteThread(threadId: $id) { outcome } }',
        {
          id: made.body.data?.createThread.id,
        },
        headers,
      );
    };
    await page.getByRole('button', { name: /Execute query/i }).click();
    await expect
      .poll(
        async () => {
          await changeElsewhere();
          return text('.graphiql-response');
        },
        { timeout: 30_000, interval: 250 },
      )
      .toContain('"threadEvents"');
    const shown = await text('.graphiql-response');
    return {
      variables: {},
      body: shown.includes('"errors"') ? { errors: [shown] } : { data: { threadEvents: shown } },
    };
  }

  /** Every tab answered without errors, and each tab that names a thread named the one CreateThread made. */
  function expectWalkthrough({ created, exchanges }: Awaited<ReturnType<typeof walkTabs>>): void {
    expect([...exchanges.keys()]).toEqual(TABS.map((tab) => tab.name));
    for (const [name, exchange] of exchanges) expect(exchange.body.errors, name).toBeUndefined();
    for (const { name, namesThread } of TABS)
      if (namesThread) expect(JSON.stringify(exchanges.get(name)?.variables), name).toContain(`"${created}"`);
    const outcome = (name: string) =>
      (defined(exchanges.get(name)?.body.data, name).deleteThread as { outcome: string }).outcome;
    expect([outcome('DryRun'), outcome('SoftDeleteWithBackup'), outcome('DeleteThread')]).toEqual([
      'DRY_RUN',
      'SOFT_DELETED',
      'DELETED',
    ]);
    expect(exchanges.get('RestoreThread')?.body.data).toMatchObject({
      restoreThread: { id: created, deletedAt: null },
    });
    expect(exchanges.get('AuditEntries')?.body.data).toMatchObject({
      auditEntries: {
        edges: [
          { node: { action: 'DELETE_PERMANENT' } },
          { node: { action: 'RESTORE' } },
          { node: { action: 'DELETE_SOFT' } },
        ],
      },
    });
  }

  it('when a fresh profile opens the playground, then the first tab is a read-only query and the variables are shown, not the headers', async () => {
    expect(await context.storageState()).toMatchObject({ cookies: [], origins: [] });

    await open(() => page.goto(`${t.url}/graphql`));

    expect(await page.getByRole('tab').count()).toBe(TABS.length);
    expect(await variables().isVisible()).toBe(true);
    expect(await variablesText()).toContain('{}');
    expect(await page.locator('.walkthrough-status').getAttribute('data-thread-id')).toBe(demo[0]);
  });

  it('when every tab is run in order, then each answers without errors, about the thread CreateThread made', async () => {
    const walk = await walkTabs();

    expectWalkthrough(walk);
    expect(walk.created).not.toBe(demo[0]);
    expect(await page.locator('.walkthrough-status').getAttribute('data-thread-id')).toBe(walk.created);
    await screenshot(page, 'playground');
    expect(await countRows(t, walk.created)).toEqual({ threads: 0, messages: 0, audit: 3 });
    for (const id of demo) expect((await countRows(t, id)).threads, id).toBe(1);
  });

  it('when a tab of ones own is added and the page is reloaded (tabs now in localStorage), then the examples open afresh, the own tab is kept, and every tab answers without errors again', async () => {
    await page.getByRole('button', { name: /New tab/i }).click();
    await page.locator('.graphiql-query-editor').click();
    await page.keyboard.insertText('query MyOwnTab { threads(first: 1) { edges { node { id } } } }');
    // GraphiQL writes its tabs to localStorage after a short debounce.
    await expect
      .poll(() => page.evaluate<string | null>("localStorage.getItem('graphiql:tabState')"), { timeout: 10_000 })
      .toContain('"title":"MyOwnTab"');

    await open(() => page.reload());

    expect(await page.getByRole('tab').count()).toBe(TABS.length + 1);
    expect(await page.getByRole('tab').last().textContent()).toMatch(/^MyOwnTab/);
    expect(await page.locator('.walkthrough-status').getAttribute('data-thread-id')).toBe(demo[0]);
    const walk = await walkTabs();
    expectWalkthrough(walk);
    expect(await countRows(t, walk.created)).toEqual({ threads: 0, messages: 0, audit: 3 });
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
