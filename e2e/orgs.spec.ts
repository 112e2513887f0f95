/** The org tree page in a real browser: build a small tree, move a branch, see refusals, committee, terms. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, addYears, todayInChina } from '../src/lib/dates.ts';
import { chooseOption, launchBrowser, PHONE, signedInPage, watchErrors } from './browser.ts';
import { ROOT_ORG, startServer, type E2eServer, type OrgRecord } from './server.ts';

const SCREENSHOT = '/tmp/e2e-orgs.png';
const PHONE_SCREENSHOT = '/tmp/e2e-orgs-phone.png';
const PHONE_MENU_SCREENSHOT = '/tmp/e2e-orgs-phone-menu.png';

let server: E2eServer;
let browser: Browser;
let page: Page;
let errors: string[];

async function orgByCode(code: string): Promise<OrgRecord> {
  const found = await server.api<{ items: OrgRecord[] }>('GET', `/orgs/${server.root.id}/subtree?q=${code}&status=all`);
  const org = found.body.items.find((o) => o.code === code);
  if (!org) throw new Error(`no org with code ${code}`);
  return org;
}

const text = (testId: string) => () => page.getByTestId(testId).innerText();

async function selectInTree(code: string, name: string): Promise<void> {
  await page.getByTestId(`org-node-${code}`).click();
  await expect.poll(text('org-title')).toBe(name);
}

async function createChild(values: { name: string; code: string; kind: string; domain?: string }): Promise<void> {
  await page.getByTestId('org-action-create').click();
  await page.getByTestId('org-form-name').fill(values.name);
  await page.getByTestId('org-form-code').fill(values.code);
  await chooseOption(page, 'org-form-kind', values.kind);
  if (values.domain) await chooseOption(page, 'org-form-domain', values.domain);
  await page.getByTestId('dialog-ok').click();
  await page.getByTestId('org-form').waitFor({ state: 'detached' });
  await page.getByTestId(`org-node-${values.code}`).waitFor();
}

async function openMoveAndPick(search: string, targetName: string): Promise<void> {
  await page.getByTestId('org-action-move').click();
  await page.getByTestId('move-target').click();
  await page.keyboard.type(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: targetName }).click();
  await page.getByTestId('dialog-ok').click();
}

async function closeDialog(): Promise<void> {
  await page.locator('.ant-modal-close').click();
  await page.locator('.ant-modal').waitFor({ state: 'detached' });
}

describe('org tree page', () => {
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

  it('opens on the root org', async () => {
    await page.goto(`${server.url}/`);
    await expect.poll(text('org-title')).toBe(ROOT_ORG.name);
    expect(await page.getByTestId('menu-orgs').innerText()).toBe('组织架构');
    expect(await page.getByTestId('org-field-kind').innerText()).toBe('党委');
    expect(await page.getByTestId('org-action-move').isDisabled()).toBe(true);
    expect(await page.getByTestId('org-action-dissolve').isDisabled()).toBe(true);
  });

  it('creates two townships and a branch, offering only the kinds valid under each parent', async () => {
    await createChild({ name: '青山镇党委', code: 'QS', kind: '党委', domain: '农村' });
    await selectInTree('QS', '青山镇党委');
    expect(await page.getByTestId('org-breadcrumb').innerText()).toContain(ROOT_ORG.name);

    // Under a 党委 the form offers branches but never a 党小组.
    await page.getByTestId('org-action-create').click();
    await page.getByTestId('org-form-kind').click();
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    const kinds = () => options.evaluateAll((els) => els.map((e) => e.getAttribute('title')));
    await expect.poll(kinds).toContain('党支部');
    expect(await kinds()).not.toContain('党小组');
    await closeDialog();

    await createChild({ name: '青山村党支部', code: 'QS-01', kind: '党支部' });
    const branch = await orgByCode('QS-01');
    expect(branch.domain).toBe('rural');
    expect(branch.parentId).toBe((await orgByCode('QS')).id);

    await selectInTree('ROOT', ROOT_ORG.name);
    await createChild({ name: '绿水镇党委', code: 'LS', kind: '党委', domain: '农村' });
  });

  it('finds the branch by search and moves it to the second township', async () => {
    await page.getByTestId('org-search').locator('input').fill('QS-01');
    await page.getByTestId('org-result-QS-01').click();
    await expect.poll(text('org-title')).toBe('青山村党支部');
    await page.getByText('返回组织树').click();

    await openMoveAndPick('绿水', '绿水镇党委');
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
    await expect.poll(text('org-field-parent')).toBe('绿水镇党委');
    expect(await page.getByTestId('org-breadcrumb').innerText()).toContain('绿水镇党委');

    // The tree shows the branch one level down, right under the second township.
    await expect
      .poll(() =>
        page.locator('[data-testid^="org-node-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid'))),
      )
      .toEqual(['org-node-ROOT', 'org-node-QS', 'org-node-LS', 'org-node-QS-01']);
    const branchRow = page.locator('.ant-tree-treenode', { has: page.getByTestId('org-node-QS-01') });
    expect(await branchRow.locator('.ant-tree-indent-unit').count()).toBe(2);

    const second = await orgByCode('LS');
    const first = await orgByCode('QS');
    const underSecond = await server.api<OrgRecord[]>('GET', `/orgs/${second.id}/children`);
    expect(underSecond.body.map((o) => o.code)).toEqual(['QS-01']);
    const underFirst = await server.api<OrgRecord[]>('GET', `/orgs/${first.id}/children`);
    expect(underFirst.body).toEqual([]);
    const ancestors = await server.api<OrgRecord[]>('GET', `/orgs/${(await orgByCode('QS-01')).id}/ancestors`);
    expect(ancestors.body.map((o) => o.code)).toEqual(['ROOT', 'LS']);
  });

  it('shows the server refusal when a township is moved under its own branch', async () => {
    await selectInTree('LS', '绿水镇党委');
    await openMoveAndPick('QS-01', '青山村党支部');
    await expect.poll(text('form-error')).toContain('不能把组织移到它自身或其下级组织之下');
    await closeDialog();
    expect((await orgByCode('LS')).parentId).toBe(server.root.id);
  });

  it('refuses to dissolve a township that still has a branch, and dissolves an empty one', async () => {
    await page.getByTestId('org-action-dissolve').click();
    await page.getByTestId('dialog-ok').click();
    await expect.poll(text('form-error')).toContain('请先撤销或移走它的下级组织');
    await closeDialog();

    await selectInTree('QS', '青山镇党委');
    await page.getByTestId('org-action-dissolve').click();
    await page.getByTestId('dialog-ok').click();
    await expect.poll(text('org-status')).toBe('已撤销');
    expect((await orgByCode('QS')).status).toBe('dissolved');
    // Dissolved orgs leave the tree unless asked for.
    await page.getByTestId('org-node-QS').waitFor({ state: 'detached' });
    expect(await page.getByTestId('org-action-create').isDisabled()).toBe(true);
  });

  it('records the committee and a new term of the branch', async () => {
    await selectInTree('QS-01', '青山村党支部');
    await page.getByTestId('committee-add').click();
    await page.getByTestId('committee-form-name').fill('张红梅');
    await chooseOption(page, 'committee-form-position', '书记');
    await page.getByTestId('dialog-ok').click();
    await expect.poll(text('committee-panel')).toContain('张红梅');
    expect(await page.getByTestId('committee-panel').innerText()).toContain('书记');

    await page.getByRole('tab', { name: '任期' }).click();
    await expect.poll(text('terms-expected')).toContain('每届任期 5 年');
    await page.getByTestId('term-start').click();
    await page.getByTestId('dialog-ok').click();
    await expect.poll(text('terms-panel')).toContain(addYears(todayInChina(), 5));
    await page.getByRole('tab', { name: '班子成员' }).click();

    // Let the confirmation toasts fade before the picture.
    await page.mouse.move(0, 0);
    await expect.poll(() => page.locator('.ant-message-notice').count()).toBe(0);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('lists terms due within six months, overdue ones in red', async () => {
    const today = todayInChina();
    const township = await orgByCode('LS');
    const dueSoon = await server.api('POST', `/orgs/${township.id}/terms`, { startedOn: addMonths(today, -58) });
    expect(dueSoon.status).toBe(201);
    const late = await server.api<OrgRecord>('POST', '/orgs', {
      parentId: township.id,
      code: 'LS-02',
      name: '绿水村党支部',
      kind: 'branch',
      domain: 'rural',
    });
    const overdue = await server.api('POST', `/orgs/${late.body.id}/terms`, { startedOn: addYears(today, -6) });
    expect(overdue.status).toBe(201);

    await page.getByTestId('tab-terms-due').click();
    await page.getByTestId('terms-due-LS-02').waitFor();
    const overdueRow = page.locator('tr', { has: page.getByTestId('terms-due-LS-02') });
    expect(await overdueRow.getAttribute('class')).toContain('term-overdue');
    expect(await overdueRow.innerText()).toContain('已超期');
    expect(await overdueRow.evaluate((row) => getComputedStyle(row.querySelector('td') ?? row).color)).toBe(
      'rgb(207, 19, 34)',
    );
    const dueRow = page.locator('tr', { has: page.getByTestId('terms-due-LS') });
    expect(await dueRow.innerText()).toContain('即将届满');

    await page.getByTestId('terms-due-LS').click();
    await expect.poll(text('org-title')).toBe('绿水镇党委');
  });

  it('fits a phone screen, with the menu in a drawer', async () => {
    // The same session on a phone: the login page itself is tested in auth.spec.ts.
    const phone = await browser.newContext({ ...PHONE, storageState: await page.context().storageState() });
    const phonePage = await phone.newPage();
    const phoneErrors = watchErrors(phonePage);
    const branch = await orgByCode('QS-01');
    await phonePage.goto(`${server.url}/orgs?org=${branch.id}`);
    await expect.poll(() => phonePage.getByTestId('org-title').innerText()).toBe('青山村党支部');
    await phonePage.getByTestId('org-node-QS-01').waitFor();
    const overflow = await phonePage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phonePage.waitForTimeout(300);
    await phonePage.screenshot({ path: PHONE_SCREENSHOT, fullPage: true });

    await phonePage.getByTestId('menu-toggle').click();
    await phonePage.locator('.ant-drawer').getByTestId('menu-orgs').waitFor();
    await phonePage.waitForTimeout(400);
    await phonePage.screenshot({ path: PHONE_MENU_SCREENSHOT });
    expect(phoneErrors).toEqual([]);
    await phone.close();
  });

  it('raised no page errors', () => {
    expect(errors).toEqual([]);
  });
});
