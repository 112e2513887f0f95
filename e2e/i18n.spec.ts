/** The language switch: English labels everywhere, remembered across reloads, errors localized too. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseOption, launchBrowser, signedInPage, watchErrors } from './browser.ts';
import { ROOT_ORG, startServer, type E2eServer } from './server.ts';

let server: E2eServer;
let browser: Browser;
let page: Page;
let errors: string[];

const text = (testId: string) => () => page.getByTestId(testId).innerText();

describe('language switch', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await signedInPage(browser, server);
    errors = watchErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('starts in Chinese', async () => {
    await page.goto(`${server.url}/`);
    await expect.poll(text('org-title')).toBe(ROOT_ORG.name);
    expect(await page.getByTestId('menu-orgs').innerText()).toBe('组织架构');
    expect(await page.getByTestId('org-action-create').innerText()).toContain('新建下级组织');
  });

  it('switches to English and stays English after a reload', async () => {
    await page.getByTestId('language-switch').getByText('EN').click();
    await expect.poll(text('menu-orgs')).toBe('Organizations');
    expect(await page.getByTestId('org-action-create').innerText()).toContain('New sub-organization');
    expect(await page.getByTestId('org-field-kind').innerText()).toBe('Party committee');
    expect(await page.getByTestId('org-field-domain').innerText()).toBe('Government');
    expect(await page.getByTestId('tab-terms-due').innerText()).toBe('Term reminders');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await page.reload();
    await expect.poll(text('org-title')).toBe(ROOT_ORG.name);
    expect(await page.getByTestId('menu-orgs').innerText()).toBe('Organizations');
    await page.screenshot({ path: '/tmp/e2e-orgs-en.png', fullPage: true });
  });

  it('shows server refusals in English', async () => {
    await page.getByTestId('org-action-create').click();
    await page.getByTestId('org-form-name').fill('Duplicate');
    await page.getByTestId('org-form-code').fill(ROOT_ORG.code);
    await chooseOption(page, 'org-form-kind', 'Branch');
    await page.getByTestId('dialog-ok').click();
    await expect.poll(text('form-error')).toBe('Another organization already has this code');
    // antd's own texts follow the language too.
    expect(await page.locator('.ant-modal-footer').innerText()).toContain('Cancel');
    await page.locator('.ant-modal-footer button').filter({ hasText: 'Cancel' }).click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
  });

  it('switches back to Chinese', async () => {
    await page.getByTestId('language-switch').getByText('中文').click();
    await expect.poll(text('menu-orgs')).toBe('组织架构');
    expect(await page.getByTestId('org-field-kind').innerText()).toBe('党委');
    expect(errors).toEqual([]);
  });
});
