import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { ADD_MESSAGE, CREATE_THREAD } from '../test/support/documents.js';
import { dataOf, type TestApp } from '../test/support/test-app.js';
import { foreignRequests, recordTraffic } from './browser.js';

/** A thread made through the public API, as its owner would: title, project and `messages` messages. */
export async function makeThread(
  t: TestApp,
  token: string,
  title: string,
  options: { projectId?: string; messages?: number } = {},
): Promise<string> {
  const headers = { authorization: `Bearer ${token}` };
  const created = await t.graphql(CREATE_THREAD, { input: { title, projectId: options.projectId ?? null } }, headers);
  const id = dataOf(created).createThread.id;
  for (let index = 0; index < (options.messages ?? 0); index += 1) {
    const role = index % 2 === 0 ? 'user' : 'assistant';
    await t.graphql(ADD_MESSAGE, { input: { threadId: id, role, content: `${title}: message ${index + 1}` } }, headers);
  }
  return id;
}

/** A page of the app with its traffic recorded; with `token`, already signed in (as sessionStorage holds it). */
export interface AppPage {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly traffic: ReturnType<typeof recordTraffic>;
  /** Requests that went anywhere but the server (each one is also aborted). */
  readonly outside: string[];
}

export async function openApp(browser: Browser, t: TestApp, token: string | null, hash = '#/'): Promise<AppPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const outside: string[] = [];
  // Nothing may leave the server: any other request is recorded and refused.
  await context.route(
    (url) => !url.href.startsWith(`${t.url}/`) && url.protocol !== 'data:' && url.protocol !== 'blob:',
    (route) => {
      outside.push(route.request().url());
      return route.abort();
    },
  );
  if (token)
    await context.addInitScript({
      content: `if (!sessionStorage.getItem('threads-app:token')) sessionStorage.setItem('threads-app:token', ${JSON.stringify(token)});`,
    });
  const page = await context.newPage();
  const traffic = recordTraffic(page);
  await page.goto(`${t.url}/${hash}`);
  return { context, page, traffic, outside };
}

/** The row of the thread with this id in the list on screen. */
export const rowOf = (page: Page, id: string) => page.locator(`li[data-thread-id="${id}"]`);

/** The ids of the rows on screen, top to bottom. */
export const rowIds = (page: Page) =>
  page.locator('ul.threads > li').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-thread-id') ?? ''));

/** Waits until the list shows exactly these ids, in this order. */
export async function expectRows(page: Page, ids: string[]): Promise<void> {
  await expect.poll(() => rowIds(page), { timeout: 10_000 }).toEqual(ids);
}

/**
 * The trash of the token's user as the API orders it: most recently deleted first, and threads
 * deleted in the same millisecond (a fast bulk move) by id. The app shows the API's order.
 */
export async function trashOrder(t: TestApp, token: string): Promise<string[]> {
  const answer = await t.graphql<{ deletedThreads: { edges: { node: { id: string } }[] } }>(
    'query { deletedThreads(first: 100) { edges { node { id } } } }',
    {},
    { authorization: `Bearer ${token}` },
  );
  return (answer.body.data?.deletedThreads.edges ?? []).map((edge) => edge.node.id);
}

/** No request left the server, and the page logged no error or CSP violation. */
export function expectClean(app: AppPage, origin: string): void {
  expect(app.outside).toEqual([]);
  expect(foreignRequests(app.traffic.urls, origin)).toEqual([]);
  expect(app.traffic.problems).toEqual([]);
}

/** Whether the thread is live, in the trash, or gone, straight from the database. */
export async function stateOf(t: TestApp, id: string): Promise<'live' | 'trash' | 'gone'> {
  const p = t.app.db.kind === 'postgres' ? '$1' : '?';
  const rows = await t.app.db.dataSource.query<{ deleted_at: unknown }[]>(
    `SELECT deleted_at FROM threads WHERE id = ${p}`,
    [id],
  );
  if (rows.length === 0) return 'gone';
  return rows[0]?.deleted_at == null ? 'live' : 'trash';
}

/** No serious or critical accessibility violation on the page as it is now (axe-core). */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(bad, screen).toEqual([]);
}

/** With UPDATE_README_SCREENSHOTS=1, saves the page as docs/screenshots/<name>.png for the README. */
export async function readmeScreenshot(page: Page, name: string): Promise<void> {
  if (process.env.UPDATE_README_SCREENSHOTS !== '1') return;
  mkdirSync(path.resolve('docs', 'screenshots'), { recursive: true });
  await page.screenshot({ path: path.resolve('docs', 'screenshots', `${name}.png`) });
}
