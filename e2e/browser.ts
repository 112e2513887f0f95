/** Debian's chromium driven by playwright-core; no browser is ever downloaded. */
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import type { E2eServer, E2eUser } from './server.ts';

export function launchBrowser(): Promise<Browser> {
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
      '--disable-quic',
    ],
  });
}

// Users sit in China: the pages' own "today" (date pickers) then agrees with the server's China date at any hour.
export const DESKTOP: BrowserContextOptions = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1280, height: 860 } };
export const PHONE: BrowserContextOptions = {
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
};

/** Fills the login form of a page already showing it. */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Logs in through the login page, second factor included, and waits for the app. */
async function logIn(page: Page, server: E2eServer, user: E2eUser, path = '/'): Promise<void> {
  await page.goto(`${server.url}${path}`);
  await submitLogin(page, user.username, user.password);
  if (user.authenticator) {
    await page.getByTestId('mfa-code').fill(await user.authenticator.nextCode());
    await page.getByTestId('mfa-submit').click();
  }
  await page.getByTestId('user-menu').waitFor();
}

/** A new browser context with a page logged in as `user` (the server's org administrator unless told). */
export async function signedInPage(
  browser: Browser,
  server: E2eServer,
  options: BrowserContextOptions & { user?: E2eUser; path?: string } = {},
): Promise<Page> {
  const { user = server.admin, path = '/', ...contextOptions } = options;
  const context = await browser.newContext({ ...DESKTOP, ...contextOptions });
  const page = await context.newPage();
  await logIn(page, server, user, path);
  return page;
}

/**
 * Collects uncaught page errors and console errors, so a spec can assert the page stayed clean. Chromium logs
 * every 4xx answer as "Failed to load resource"; those are expected when a spec provokes a refusal.
 */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      errors.push(`console: ${message.text()}`);
    }
  });
  return errors;
}

/** Picks an option of the antd Select carrying `testId` by its exact label. */
export async function chooseOption(page: Page, testId: string, label: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${label}"]`).click();
}

/**
 * Types a date into a date picker and waits until the picker holds it; on a busy machine the first keystrokes can
 * reach the page before the picker has focus, so it types again until the value is there (or gives up after 10 s).
 */
export async function enterDate(page: Page, testId: string, date: string): Promise<void> {
  const input = page.getByTestId(testId);
  for (let attempt = 0; attempt < 20; attempt += 1) {
    await input.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(date);
    await page.keyboard.press('Enter');
    if ((await input.inputValue()) === date) return;
    await page.waitForTimeout(500);
  }
  throw new Error(`the date picker ${testId} did not take ${date}`);
}
