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
    const before = (await t.graphql('{ threads { edges { node { id } } } }', {}, { authorization: `Bearer ${t.app.devToken}` })).body.data!.threads.edges;

    await page.getByRole('tab', { name: /DeleteThread/ }).first().click();
    await page.getByRole('button', { name: /Execute query/i }).click();
    const response = page.locator('.graphiql-response');
    const responseText = async () => ((await response.textContent()) ?? '').replaceAll('\u00a0', ' ');
    await expect.poll(responseText, { timeout: 30_000 }).toContain('"status": "success"');
    await screenshot(page, 'playground');

    const after = (await t.graphql('{ threads { edges { node { id } } } }', {}, { authorization: `Bearer ${t.app.devToken}` })).body.data!.threads.edges;
    expect(after).toHaveLength(before.length - 1);
    expect(await responseText()).toContain('"permanentDelete": true');
  });

  it('when the docs explorer is opened on ThreadDeleteResult, then its fields are listed', async () => {
    await page.getByRole('button', { name: /Show Documentation Explorer/i }).click();
    await page.locator('[data-cy="doc-explorer-input"]').fill('ThreadDeleteResult');
    await page.getByRole('option', { name: /ThreadDeleteResult/ }).first().click();
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
