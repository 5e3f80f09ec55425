import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows } from '../test/support/rows.js';
import { startTestApp, type TestApp } from '../test/support/test-app.js';
import { launchChromium } from './browser.js';
import {
  expectAccessible,
  expectClean,
  expectRows,
  makeThread,
  openApp,
  readmeScreenshot,
  rowOf,
  stateOf,
} from './web-app.js';

// The thread management app at / in a real browser, beyond the main journey (e2e/ui.e2e.ts): an
// admin acting for another user, an expiring token, select-all-matching over two pages, the
// typed confirmation of a large delete, and the error state. Each case has a user of its own.

describe('the thread management app in a real browser: admin, expiry, large selections, errors', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const dialog = () => page.getByRole('dialog');
  const notice = () => page.locator('.notices');

  it("when an admin looks up another user's threads and trashes one, then it goes and the audit records the admin as the actor", async () => {
    const bob = await t.token('bob');
    const bobs = await makeThread(t, bob, "Bob's draft", { projectId: 'misc', messages: 2 });
    const admin = await openApp(browser, t, await t.token('root', { roles: ['admin'] }));
    page = admin.page;
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toBe('Signed in as rootadmin');

    await page.getByLabel('Owner (user id)').fill('bob');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Threads of bob');
    await expectRows(page, [bobs]);
    expect(await rowOf(page, bobs).textContent()).toContain('owner bob');
    await expectAccessible(page, 'admin look-up');
    await readmeScreenshot(page, 'admin');
    await page.getByRole('button', { name: `Delete "Bob's draft"…` }).click();
    await expect
      .poll(() => dialog().getByRole('heading').textContent())
      .toBe(`Delete "Bob's draft" and its 2 messages?`);
    await dialog().getByRole('button', { name: 'Move to trash' }).click();

    await expectRows(page, []);
    expect(await stateOf(t, bobs)).toBe('trash');
    expect((await auditRows(t, bobs)).map((row) => [row.action, row.actor, row.owner])).toEqual([
      ['DELETE_SOFT', 'root', 'bob'],
    ]);
    expectClean(admin, t.url);
    await admin.context.close();
  });

  it('when the token expires while the app is open, then it returns to sign-in and says why', async () => {
    const short = await openApp(browser, t, await t.token('ana', { expiresIn: '3s' }));
    page = short.page;
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toBe('Signed in as ana');

    await expect
      .poll(() => page.getByRole('status').first().textContent(), { timeout: 15_000 })
      .toContain('Your session has ended: the token expired');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to manage your threads');
    expect(await page.evaluate('sessionStorage.getItem("threads-app:token")')).toBeNull();
    expectClean(short, t.url);
    await short.context.close();
  });

  it('when more threads match than are shown, then scrolling loads the next page, and "select all matching" trashes every one, with the count shown first', async () => {
    const cy = await t.token('cy');
    const made: string[] = [];
    for (let index = 1; index <= 30; index += 1)
      made.push(await makeThread(t, cy, `Ticket ${index}`, { projectId: 'support' }));
    const cyApp = await openApp(browser, t, cy);
    page = cyApp.page;
    await expectRows(page, made.slice(5).reverse());

    await page.getByRole('checkbox', { name: 'Select all 25 shown' }).check();
    await page.getByRole('button', { name: 'Select all 30 matching' }).click();
    await expect.poll(() => page.locator('.count').textContent()).toBe('30 selected (all matching)');
    await page.getByRole('button', { name: 'Delete selected…' }).click();
    await expect.poll(() => dialog().getByRole('heading').textContent()).toBe('Delete 30 threads and their messages?');
    await dialog().getByRole('button', { name: 'Move 30 to trash' }).click();

    await expect
      .poll(() => page.getByTestId('bulk-outcomes').getByRole('heading').textContent())
      .toBe('30 of 30 moved to the trash');
    await expectRows(page, []);
    expect(new Set(await Promise.all(made.map((id) => stateOf(t, id))))).toEqual(new Set(['trash']));

    await page.getByRole('button', { name: 'Undo (restore 30)' }).click();
    await expect.poll(() => notice().textContent(), { timeout: 20_000 }).toMatch(/^Restored 30 of 30 threads\./);
    await expectRows(page, made.slice(5).reverse());
    await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
    await expectRows(page, [...made].reverse());
    expect(new Set(await Promise.all(made.map((id) => stateOf(t, id))))).toEqual(new Set(['live']));
    expectClean(cyApp, t.url);
    await cyApp.context.close();
  });

  it('when a thread of 100 messages is to be deleted permanently, then the dialog asks for its title to be typed first', async () => {
    const dee = await t.token('dee');
    const big = await makeThread(t, dee, 'Long chat', { messages: 100 });
    const deeApp = await openApp(browser, t, dee);
    page = deeApp.page;
    await expectRows(page, [big]);
    await page.getByRole('button', { name: 'Delete "Long chat"…' }).click();
    await expect
      .poll(() => dialog().getByRole('heading').textContent())
      .toBe('Delete "Long chat" and its 100 messages?');

    await dialog()
      .getByLabel(/Delete permanently/)
      .check();
    const confirm = dialog().getByRole('button', { name: 'Delete permanently' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog().getByLabel('Type the title, Long chat, to delete 100 messages for good').fill('Long cha');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog().getByLabel('Type the title, Long chat, to delete 100 messages for good').fill('Long chat');
    await confirm.click();

    await expectRows(page, []);
    await expect.poll(() => notice().textContent()).toMatch(/^Deleted "Long chat" and its 100 messages for good/);
    expect(await stateOf(t, big)).toBe('gone');
    expectClean(deeApp, t.url);
    await deeApp.context.close();
  });

  it('when the server cannot list the threads, then the error state says what to do, and Try again loads them once it can', async () => {
    const eve = await t.token('eve');
    const only = await makeThread(t, eve, 'Still here');
    const eveApp = await openApp(browser, t, null);
    page = eveApp.page;
    // The answer the gateway gives when its database does not answer, for the list only.
    await page.route(`${t.url}/graphql`, (route) =>
      route.request().postDataJSON()?.operationName === 'WebThreadList'
        ? route.fulfill({
            status: 200,
            contentType: 'application/json',
            body: JSON.stringify({
              data: null,
              errors: [{ message: 'Service Unavailable', extensions: { code: 'SERVICE_UNAVAILABLE' } }],
            }),
          })
        : route.continue(),
    );
    await page.getByLabel('Bearer token').fill(eve);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    const error = page.locator('.error-state');
    await expect
      .poll(() => error.textContent())
      .toBe(
        'Could not load the threads: Service Unavailable.Check that the server is reachable, then try again.Try again',
      );
    await expectAccessible(page, 'error state');
    await page.unroute(`${t.url}/graphql`);
    await error.getByRole('button', { name: 'Try again' }).click();

    await expectRows(page, [only]);
    expect(await error.count()).toBe(0);
    expectClean(eveApp, t.url);
    await eveApp.context.close();
  });

  it('when the server refuses the token (a forged signature), then the app returns to sign-in and says why', async () => {
    const genuine = await t.token('fay');
    const [header, payload] = genuine.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    const fayApp = await openApp(browser, t, null);
    page = fayApp.page;

    await page.getByLabel('Bearer token').fill(forged);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toContain('the server no longer accepts it. Sign in again');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to manage your threads');
    expect(await page.evaluate('sessionStorage.getItem("threads-app:token")')).toBeNull();
    // The one thing chromium logs: the refused request itself (GraphQL over HTTP answers UNAUTHENTICATED with a 401).
    expect(fayApp.traffic.problems).toEqual([
      'Failed to load resource: the server responded with a status of 401 (Unauthorized)',
    ]);
    expect(fayApp.outside).toEqual([]);
    await fayApp.context.close();
  });
});
