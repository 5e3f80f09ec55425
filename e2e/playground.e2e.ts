import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test/support/test-app.js';
import { foreignRequests, launchChromium, recordTraffic, screenshot } from './browser.js';

describe('the GraphQL playground in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let traffic: ReturnType<typeof recordTraffic>;

  beforeAll(async () => {
    // Dev mode (no auth configured): demo threads, and the playground fills in the dev token.
    t = await startTestApp('sqlite', { AUTH_JWT_SECRET: '', NODE_ENV: 'development' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    traffic = recordTraffic(page);
    await page.goto(`${t.url}/graphql`, { waitUntil: 'networkidle' });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('when the deleteThread example is run, then the result pane shows "success" and the demo thread is gone', async () => {
    const before = (
      await t.graphql('{ threads { edges { node { id } } } }', {}, { authorization: `Bearer ${t.app.devToken}` })
    ).body.data!.threads.edges;

    await page
      .getByRole('tab', { name: /DeleteThread/ })
      .first()
      .click();
    // GraphiQL fills a tab's (Monaco) editors asynchronously, and a run started before they hold the
    // tab's query and variables runs without them: show the variables and wait for both.
    // (A click on "Variables" made while the editors start can be lost: it is repeated while the
    // headers still show.)
    const editorText = (selector: string, text: string) =>
      page.locator(`${selector} .view-lines`, { hasText: text }).count();
    await expect
      .poll(() => editorText('.graphiql-query-editor', 'deleteThread'), { timeout: 30_000 })
      .toBeGreaterThan(0);
    const showVariables = page
      .locator('.graphiql-editor-tools')
      .getByRole('button', { name: 'Variables', exact: true });
    await expect
      .poll(
        async () => {
          const visible = '.graphiql-editor-tool .graphiql-editor:not(.hidden)';
          const shown = await editorText(visible, '"threadId"');
          // Still on the headers tab: the click did not take. (Clicking the active tab again would hide it.)
          if (shown === 0 && (await editorText(visible, 'Authorization')) > 0) await showVariables.click();
          // Now and then GraphiQL starts with the first tab's variables missing from the editor;
          // going to another tab and back loads them from the tab's state.
          else if (shown === 0) {
            await page.getByRole('tab').nth(1).click();
            await page
              .getByRole('tab', { name: /DeleteThread/ })
              .first()
              .click();
          }
          return shown;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBeGreaterThan(0);
    await page.getByRole('button', { name: /Execute query/i }).click();
    const response = page.locator('.graphiql-response');
    const responseText = async () => ((await response.textContent()) ?? '').replaceAll('\u00a0', ' ');
    await expect.poll(responseText, { timeout: 30_000 }).toContain('"status": "success"');
    await screenshot(page, 'playground');

    const after = (
      await t.graphql('{ threads { edges { node { id } } } }', {}, { authorization: `Bearer ${t.app.devToken}` })
    ).body.data!.threads.edges;
    expect(after).toHaveLength(before.length - 1);
    expect(await responseText()).toContain('"permanentDelete": true');
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
