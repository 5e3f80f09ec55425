import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows } from '../test/support/rows.js';
import { startTestApp, type TestApp } from '../test/support/test-app.js';
import { launchChromium } from './browser.js';
import {
  type AppPage,
  expectAccessible,
  expectClean,
  expectRows,
  makeThread,
  openApp,
  readmeScreenshot,
  rowOf,
  stateOf,
  trashOrder,
} from './web-app.js';

// The thread management app at / in a real browser (Debian's chromium), as its users go through it.
// Threads are made through the public API; what each step leaves is checked in the database too.

describe('the thread management app in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let ana: string;
  const threads: Record<string, string> = {};
  let app: AppPage;
  let page: Page;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    browser = await launchChromium();
    ana = await t.token('ana');
    // Oldest first: the list shows them newest first.
    for (const [key, title, projectId, messages] of [
      ['notes', 'Meeting notes', 'work', 2],
      ['budget', 'Budget review', 'work', 1],
      ['recipes', 'Recipe ideas', 'home', 2],
      ['garden', 'Garden plans', 'home', 0],
      ['books', 'Books to read', 'home', 1],
      ['trip', 'Trip planning', 'travel', 3],
    ] as const)
      threads[key] = await makeThread(t, ana, title, { projectId, messages });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const newestFirst = () => ['trip', 'books', 'garden', 'recipes', 'budget', 'notes'].map((key) => threads[key] ?? '');
  const dialog = () => page.getByRole('dialog');
  const notice = () => page.locator('.notices');

  it('when a token is pasted on the sign-in page, then the user and their threads are shown, newest first, and the token is kept in sessionStorage only', async () => {
    app = await openApp(browser, t, null);
    page = app.page;
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Sign in to manage your threads');
    await expectAccessible(page, 'sign-in');
    await readmeScreenshot(page, 'sign-in');

    await page.getByLabel('Bearer token').fill(`Bearer ${ana}`);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toBe('Signed in as ana');
    await expectRows(page, newestFirst());
    expect(await rowOf(page, threads.trip ?? '').textContent()).toMatch(
      /Trip planning.*travel.*3 messages.*created .* ago/,
    );
    expect(await page.evaluate('JSON.stringify([sessionStorage.length, localStorage.length, location.href])')).toBe(
      JSON.stringify([1, 0, `${t.url}/#/`]),
    );
    await expectAccessible(page, 'thread list');
    expectClean(app, t.url);
  });

  it('when a title is searched and a project chosen, then the server filters the list; when nothing matches, the empty state says what to do', async () => {
    await page.getByLabel('Search titles').fill('plan');
    await expectRows(page, [threads.trip ?? '', threads.garden ?? '']);
    await page.getByLabel('Project').fill('travel');
    await expectRows(page, [threads.trip ?? '']);
    await page.getByLabel('Search titles').fill('zzzz');
    await expectRows(page, []);
    expect(await page.locator('.empty-state').textContent()).toContain('No thread matches these filters');
    await expectAccessible(page, 'empty state');

    await page.getByLabel('Search titles').fill('');
    await page.getByLabel('Project').fill('');
    await expectRows(page, newestFirst());
    await readmeScreenshot(page, 'threads');
    expectClean(app, t.url);
  });

  it('when a thread is opened, then its messages are shown with their roles, and its audit trail', async () => {
    await page.getByRole('link', { name: 'Trip planning' }).click();

    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Trip planning');
    const messages = page.getByRole('list', { name: 'Messages' }).locator('li');
    await expect.poll(() => messages.count()).toBe(3);
    expect(await messages.locator('.role').allTextContents()).toEqual(['user', 'assistant', 'user']);
    expect(await messages.first().textContent()).toContain('Trip planning: message 1');
    expect(await page.getByRole('heading', { name: 'Audit trail' }).isVisible()).toBe(true);
    await expectAccessible(page, 'thread');
    await readmeScreenshot(page, 'thread');

    await page.getByRole('link', { name: '← All threads' }).click();
    await expectRows(page, newestFirst());
    expectClean(app, t.url);
  });

  it('when a thread is moved to the trash through the dialog built from a dry run, then its row leaves at once and the notice tells until when it can be restored', async () => {
    await page.getByRole('button', { name: 'Delete "Trip planning"…' }).click();

    await expect
      .poll(() => dialog().getByRole('heading').textContent())
      .toBe('Delete "Trip planning" and its 3 messages?');
    expect(
      await dialog()
        .getByLabel(/Move to trash/)
        .isChecked(),
    ).toBe(true);
    expect(await dialog().textContent()).toMatch(/restorable until \w{3} \d+, \d{4}/);
    expect(await stateOf(t, threads.trip ?? '')).toBe('live');
    await expectAccessible(page, 'delete dialog');
    await readmeScreenshot(page, 'delete-dialog');
    await dialog().getByLabel('Reason (optional, kept in the audit trail)').fill('planned elsewhere');
    await dialog().getByRole('button', { name: 'Move to trash' }).click();

    await expectRows(page, newestFirst().slice(1));
    await expect.poll(() => notice().textContent()).toMatch(/^Moved "Trip planning" to the trash; restorable until/);
    expect(await stateOf(t, threads.trip ?? '')).toBe('trash');
    expect((await auditRows(t, threads.trip ?? '')).map((row) => [row.action, row.actor, row.reason])).toEqual([
      ['DELETE_SOFT', 'ana', 'planned elsewhere'],
    ]);
    expectClean(app, t.url);
  });

  it('when Undo is clicked in the notice, then the thread is restored and back in its place', async () => {
    await notice().getByRole('button', { name: 'Undo' }).click();

    await expectRows(page, newestFirst());
    await expect.poll(() => notice().textContent()).toMatch(/^Restored "Trip planning"/);
    expect(await stateOf(t, threads.trip ?? '')).toBe('live');
    expect((await auditRows(t, threads.trip ?? '')).map((row) => row.action)).toEqual(['DELETE_SOFT', 'RESTORE']);
    expectClean(app, t.url);
  });

  it('when a range is shift-clicked and trashed, and one of them is deleted elsewhere before the server acts, then the others go and that one is shown as failed, with why', async () => {
    const [, books, garden, recipes, budget] = newestFirst();
    await rowOf(page, books ?? '')
      .getByRole('checkbox')
      .click();
    await rowOf(page, budget ?? '')
      .getByRole('checkbox')
      .click({ modifiers: ['Shift'] });
    await expect.poll(() => page.locator('.count').textContent()).toBe('4 selected');
    await page.getByRole('button', { name: 'Delete selected…' }).click();
    await expect.poll(() => dialog().getByRole('heading').textContent()).toBe('Delete 4 threads and their messages?');
    await expectAccessible(page, 'bulk dialog');

    // The thread "Garden plans" is deleted by its owner in another client (REST) while the bulk
    // request is on its way: to the server it is then an id this caller cannot act on.
    let sent: string[] = [];
    await page.route(`${t.url}/graphql`, async (route) => {
      const body = route.request().postDataJSON();
      if (body?.operationName !== 'WebDeleteThreads') return route.continue();
      sent = body.variables.threadIds;
      await t.rest('DELETE', `/api/chat/threads/${garden}`, { authorization: `Bearer ${ana}` });
      return route.continue();
    });
    await dialog().getByRole('button', { name: 'Move 4 to trash' }).click();

    const outcomes = page.getByTestId('bulk-outcomes');
    await expect.poll(() => outcomes.getByRole('heading').textContent()).toBe('3 of 4 moved to the trash, 1 failed');
    expect(await outcomes.getByRole('listitem').allTextContents()).toEqual([
      'Garden plans: not found: it was already deleted, or it is not yours',
    ]);
    expect(sent).toEqual([books, garden, recipes, budget]);
    await expectRows(page, [threads.trip ?? '', threads.notes ?? '']);
    expect(await Promise.all([books, garden, recipes, budget].map((id) => stateOf(t, id ?? '')))).toEqual([
      'trash',
      'gone',
      'trash',
      'trash',
    ]);
    await expectAccessible(page, 'bulk outcomes');
    await readmeScreenshot(page, 'bulk-outcomes');
    await page.unroute(`${t.url}/graphql`);
    expectClean(app, t.url);
  });

  it('when the trash is opened, then it lists what is restorable with the time left; restore and delete forever act on one thread', async () => {
    await page.getByRole('link', { name: 'Trash' }).click();
    const [, books, , recipes, budget] = newestFirst();
    // Most recently deleted first: budget, recipes, books, unless two of them were moved in the
    // same millisecond, which the API orders by id. The list shows the API's order.
    const trash = await trashOrder(t, ana);
    expect([...trash].sort()).toEqual([budget ?? '', recipes ?? '', books ?? ''].sort());
    await expectRows(page, trash);
    expect(await rowOf(page, books ?? '').textContent()).toMatch(/deleted for good in (30|29) days/);
    await expectAccessible(page, 'trash');
    await readmeScreenshot(page, 'trash');

    await page.getByRole('button', { name: 'Restore "Books to read"' }).click();
    await expectRows(
      page,
      trash.filter((id) => id !== books),
    );
    await expect.poll(() => notice().textContent()).toMatch(/^Restored "Books to read"/);
    expect(await stateOf(t, books ?? '')).toBe('live');

    await page.getByRole('button', { name: 'Delete forever "Recipe ideas"' }).click();
    await expect
      .poll(() => dialog().getByRole('heading').textContent())
      .toBe('Delete "Recipe ideas" and its 2 messages?');
    await dialog().getByRole('button', { name: 'Delete permanently' }).click();
    await expectRows(page, [budget ?? '']);
    await expect.poll(() => notice().textContent()).toMatch(/^Deleted "Recipe ideas" and its 2 messages for good/);
    expect(await stateOf(t, recipes ?? '')).toBe('gone');
    expectClean(app, t.url);
  });

  it('when the trash is emptied, then every thread in it is deleted for good', async () => {
    const budget = threads.budget ?? '';
    await page.getByRole('button', { name: 'Empty trash…' }).click();
    await expect.poll(() => dialog().getByRole('heading').textContent()).toBe('Delete 1 thread for good?');
    await dialog().getByRole('button', { name: 'Delete 1 permanently' }).click();

    await expect
      .poll(() => page.getByTestId('bulk-outcomes').getByRole('heading').textContent())
      .toBe('1 of 1 deleted for good');
    await expectRows(page, []);
    expect(await page.locator('.empty-state').textContent()).toContain('The trash is empty');
    expect(await stateOf(t, budget)).toBe('gone');
    await expectAccessible(page, 'empty trash');
    expectClean(app, t.url);
    await app.context.close();
  });
});
