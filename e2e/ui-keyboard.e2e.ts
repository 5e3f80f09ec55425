import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USER } from '../src/auth/auth.js';
import { startTestApp, type TestApp } from '../test/support/test-app.js';
import { launchChromium } from './browser.js';
import {
  type AppPage,
  expectAccessible,
  expectClean,
  expectRows,
  makeThread,
  openApp,
  rowIds,
  stateOf,
} from './web-app.js';

// The main journey with the keyboard only, in dev mode (no auth configured), where the app signs
// in with the dev token by itself.

describe('the thread management app with the keyboard only (dev mode)', () => {
  let t: TestApp;
  let browser: Browser;
  let app: AppPage;
  let page: Page;
  let ids: string[];

  beforeAll(async () => {
    t = await startTestApp('sqlite', { AUTH_JWT_SECRET: '', NODE_ENV: 'development' });
    browser = await launchChromium();
    const token = t.app.devToken ?? '';
    for (const title of ['Alpha notes', 'Beta notes', 'Gamma notes'])
      await makeThread(t, token, title, { messages: 1 });
    app = await openApp(browser, t, null);
    page = app.page;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** What has the focus: its tag, its text or label, and the id of the row it is in. */
  const focused = () =>
    page.evaluate<{ tag: string; text: string; row: string | null }>(`(() => {
      const element = document.activeElement;
      return {
        tag: element ? element.tagName.toLowerCase() : '',
        text: ((element && (element.getAttribute('aria-label') || element.textContent)) || '').trim(),
        row: (element && element.closest('li') && element.closest('li').getAttribute('data-thread-id')) || null,
      };
    })()`);
  const press = async (...keys: string[]) => {
    for (const key of keys) await page.keyboard.press(key);
  };

  it('when the app opens in dev mode, then it is signed in as the demo user by itself, with the focus on the heading', async () => {
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toBe(`Signed in as ${DEMO_USER}`);
    await expect.poll(focused).toMatchObject({ tag: 'h1', text: 'Your threads' });
    ids = await rowIds(page);
    expect(ids.length).toBe(6);
  });

  it('when Tab reaches the list, and j, k and the arrows are pressed, then the focus moves from row to row', async () => {
    for (let presses = 0; presses < 20 && (await focused()).tag !== 'a'; presses += 1) await press('Tab');
    // The row's checkbox comes first, its title link next.
    expect(await focused()).toMatchObject({ tag: 'a', text: 'Gamma notes', row: ids[0] });

    await press('j');
    expect((await focused()).row).toBe(ids[1]);
    await press('ArrowDown', 'ArrowDown');
    expect((await focused()).row).toBe(ids[3]);
    await press('k', 'ArrowUp');
    expect((await focused()).row).toBe(ids[1]);
  });

  it('when Delete is pressed on a row, then the dialog opens with the focus on its default; Escape closes it and the focus is back on the row', async () => {
    await press('Delete');
    await expect
      .poll(() => page.getByRole('dialog').getByRole('heading').textContent())
      .toBe('Delete "Beta notes" and its 1 message?');
    await expect.poll(focused).toMatchObject({ tag: 'input' });
    expect(
      await page
        .getByRole('dialog')
        .getByLabel(/Move to trash/)
        .evaluate((input) => input.ownerDocument.activeElement === input),
    ).toBe(true);
    await expectAccessible(page, 'delete dialog (keyboard)');

    await press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect.poll(async () => (await focused()).row).toBe(ids[1]);
    expect(await stateOf(t, ids[1] ?? '')).toBe('live');
  });

  it('when Delete and then Enter are pressed, then the thread goes to the trash and the focus lands on the row that took its place', async () => {
    await press('Delete');
    await expect.poll(focused).toMatchObject({ tag: 'input' });
    await press('Enter');

    await expectRows(
      page,
      ids.filter((id) => id !== ids[1]),
    );
    await expect.poll(() => page.locator('.notices').textContent()).toMatch(/^Moved "Beta notes" to the trash/);
    await expect.poll(async () => (await focused()).row).toBe(ids[2]);
    expect(await stateOf(t, ids[1] ?? '')).toBe('trash');
  });

  it('when x selects two rows and Delete is pressed, then the bulk dialog trashes both and says so', async () => {
    await press('x', 'j', 'x');
    await expect.poll(() => page.locator('.count').textContent()).toBe('2 selected');
    await press('Delete');
    await expect
      .poll(() => page.getByRole('dialog').getByRole('heading').textContent())
      .toBe('Delete 2 threads and their messages?');
    await expect.poll(focused).toMatchObject({ tag: 'input' });
    await press('Enter');

    await expect
      .poll(() => page.getByTestId('bulk-outcomes').getByRole('heading').textContent())
      .toBe('2 of 2 moved to the trash');
    await expectRows(page, [ids[0] ?? '', ids[4] ?? '', ids[5] ?? '']);
    expect([await stateOf(t, ids[2] ?? ''), await stateOf(t, ids[3] ?? '')]).toEqual(['trash', 'trash']);
  });

  it('when Enter is pressed on a row, then the thread opens with the focus on its title', async () => {
    for (let presses = 0; presses < 30 && (await focused()).tag !== 'a'; presses += 1) await press('Tab');
    const row = (await focused()).row;
    await press('Enter');

    await expect.poll(focused).toMatchObject({ tag: 'h1' });
    expect(await page.evaluate('location.hash')).toBe(`#/thread/${row}`);
    await expectAccessible(page, 'thread (keyboard)');
    expectClean(app, t.url);
  });

  it('when Sign out is pressed, then the sign-in page says so, and dev mode does not sign straight back in, even after a reload', async () => {
    for (let presses = 0; presses < 40 && (await focused()).text !== 'Sign out'; presses += 1) await press('Shift+Tab');
    await press('Enter');

    await expect.poll(focused).toMatchObject({ tag: 'h1', text: 'Sign in to manage your threads' });
    expect(await page.getByRole('status').first().textContent()).toBe('You are signed out.');
    expect(await page.evaluate('sessionStorage.getItem("threads-app:token")')).toBeNull();
    await page.reload();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Sign in to manage your threads');
    expect(await page.getByRole('button', { name: 'Sign in as the demo user (dev mode)' }).isVisible()).toBe(true);
    await expectAccessible(page, 'signed out (dev mode)');
    expectClean(app, t.url);
  });
});
