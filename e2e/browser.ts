import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Screenshots land here (test artifacts); with UPDATE_README_SCREENSHOTS=1 also in docs/images for the README. */
export const ARTIFACTS = path.resolve('test-results', 'e2e');

/** Debian's chromium, headless, with no background traffic of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Every URL a page asks for, and every console error or CSP violation it reports. */
export function recordTraffic(page: Page): { urls: string[]; problems: string[] } {
  const urls: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return { urls, problems };
}

/** The URLs that went anywhere but the server under test (data: and blob: URLs are local). */
export function foreignRequests(urls: string[], origin: string): string[] {
  return urls.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:'));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
  if (process.env.UPDATE_README_SCREENSHOTS === '1') {
    mkdirSync(path.resolve('docs', 'images'), { recursive: true });
    await page.screenshot({ path: path.resolve('docs', 'images', `${name}.png`) });
  }
}
