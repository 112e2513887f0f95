/**
 * Login and security administration in a real browser (等保 三级 baseline): first login with a one-time password,
 * TOTP enrolment and recovery codes, the second factor at every later login, idle timeout, lockout; the audit,
 * security and system administrators each on their own pages.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_ACTOR } from '../src/lib/actor.ts';
import { Authenticator } from './authenticator.ts';
import { DESKTOP, launchBrowser, PHONE, signedInPage, submitLogin, watchErrors } from './browser.ts';
import { ROOT_ORG, startServer, type E2eServer, type E2eUser, type NewAccount } from './server.ts';

const SCREENSHOTS = {
  login: '/tmp/e2e-login.png',
  loginPhone: '/tmp/e2e-login-phone.png',
  enrolment: '/tmp/e2e-mfa-enrolment.png',
  recoveryCodes: '/tmp/e2e-recovery-codes.png',
  accounts: '/tmp/e2e-accounts.png',
  audit: '/tmp/e2e-audit.png',
  policy: '/tmp/e2e-policy.png',
};

const RECOVERY_CODE = /^[0-9a-f]{5}-[0-9a-f]{5}$/;
const ONE_TIME_PASSWORD = /^[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}$/;

let server: E2eServer;
let browser: Browser;

const text = (page: Page, testId: string) => () => page.getByTestId(testId).innerText();
const pathOf = (page: Page) => () => new URL(page.url()).pathname + new URL(page.url()).search;

async function menuKeys(page: Page): Promise<(string | null)[]> {
  return page.locator('[data-testid^="menu-"]:not([data-testid="menu-toggle"])').evaluateAll((els) =>
    els.map((e) => e.getAttribute('data-testid')),
  );
}

/** Lets confirmation toasts fade and the pointer leave, so a screenshot shows the page itself. */
async function settle(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  await expect.poll(() => page.locator('.ant-message-notice').count()).toBe(0);
  await page.waitForTimeout(300);
}

/** Answers the open Popconfirm and waits until it has faded out; closed ones stay in the page, hidden. */
async function confirm(page: Page): Promise<void> {
  const ok = page.locator('[data-testid="confirm-ok"]:visible');
  await ok.click();
  await ok.waitFor({ state: 'hidden' });
}

async function logOut(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('user-menu-logout').click();
  await expect.poll(text(page, 'login-notice')).toBe('您已安全退出');
}

describe('login, second factor and the administrators’ pages', () => {
  let newAdmin: NewAccount;
  let auditor: E2eUser;
  let securityAdmin: E2eUser;
  let systemAdmin: E2eUser;
  let member: E2eUser;
  let roleTarget: NewAccount;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    newAdmin = await server.addAccount({ username: 'li-hong', displayName: '李红', roles: ['org-admin'] });
    auditor = await server.addUser({ username: 'audit-wang', displayName: '王审计', roles: ['audit-admin'] });
    securityAdmin = await server.addUser({ username: 'sec-zhao', displayName: '赵安全', roles: ['security-admin'] });
    systemAdmin = await server.addUser({ username: 'sys-qian', displayName: '钱系统', roles: ['system-admin'] });
    member = await server.addUser({ username: 'wu-member', displayName: '吴党员', roles: ['member'] });
    roleTarget = await server.addAccount({ username: 'zhou-member', displayName: '周党员', roles: ['member'] });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  describe('an org administrator’s first and later logins', () => {
    let page: Page;
    let errors: string[];
    let authenticator: Authenticator;
    let recoveryCodes: string[] = [];
    let password = 'Qingshan-2024!x';

    beforeAll(async () => {
      page = await (await browser.newContext(DESKTOP)).newPage();
      errors = watchErrors(page);
    });

    it('sends a visitor to the login page', async () => {
      await page.goto(`${server.url}/orgs`);
      await page.getByTestId('login-username').waitFor();
      expect(pathOf(page)()).toBe('/login?next=%2Forgs');
      await page.screenshot({ path: SCREENSHOTS.login, fullPage: true });
    });

    it('changes the one-time password, with each refusal in a sentence', async () => {
      await submitLogin(page, newAdmin.username, newAdmin.oneTimePassword);
      await page.getByTestId('password-form').waitFor();
      expect(await page.getByTestId('password-rules').innerText()).toContain('包含大写字母、小写字母、数字、符号中的至少 3 类');

      await page.getByTestId('password-current').fill(newAdmin.oneTimePassword);
      await page.getByTestId('password-new').fill('abc');
      await page.getByTestId('password-confirm').fill('abc');
      await page.getByTestId('password-submit').click();
      await expect.poll(text(page, 'password-problems')).toContain('密码太短：至少需要 8 个字符');
      expect(await page.getByTestId('password-problems').innerText()).toContain('需包含大写字母、小写字母、数字、符号中的至少 3 类');

      await page.getByTestId('password-new').fill(password);
      await page.getByTestId('password-confirm').fill(password);
      await page.getByTestId('password-submit').click();
      await page.getByTestId('mfa-qr').waitFor();
    });

    it('enrols an authenticator from the QR code page and is shown ten recovery codes once', async () => {
      expect(await page.getByTestId('mfa-qr').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
      const secret = (await page.getByTestId('mfa-secret').innerText()).replace(/\s/g, '');
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      await page.mouse.move(0, 0);
      await page.screenshot({ path: SCREENSHOTS.enrolment, fullPage: true });

      authenticator = new Authenticator(secret);
      await page.getByTestId('mfa-code').fill(await authenticator.nextCode());
      await page.getByTestId('mfa-submit').click();
      await page.getByTestId('recovery-codes').waitFor();
      recoveryCodes = (await page.getByTestId('recovery-codes').innerText()).split('\n').map((c) => c.trim()).filter(Boolean);
      expect(recoveryCodes).toHaveLength(10);
      for (const code of recoveryCodes) expect(code).toMatch(RECOVERY_CODE);
      expect(await page.getByTestId('recovery-warning').innerText()).toContain('只显示这一次');
      await page.screenshot({ path: SCREENSHOTS.recoveryCodes, fullPage: true });

      expect(await page.getByTestId('recovery-continue').isDisabled()).toBe(true);
      await page.getByTestId('recovery-stored').click();
      await page.getByTestId('recovery-continue').click();
      await expect.poll(text(page, 'org-title')).toBe(ROOT_ORG.name);
      expect(pathOf(page)()).toBe('/orgs');
      expect(await page.getByTestId('user-name').innerText()).toBe('李红');
      // An org administrator writes orgs, committees and members; accounts and the audit log are not theirs.
      expect(await menuKeys(page)).toEqual([
        'menu-orgs',
        'menu-members',
        'menu-transfers',
        'menu-flowing',
        'menu-community',
        'menu-pools',
        'menu-my-record',
        'menu-meetings',
        'menu-compliance',
        'menu-check-in',
        'menu-elections',
        'menu-reviews',
        'menu-absence-signal',
        'menu-recruitment',
        'menu-recruitment-report',
        'menu-recruitment-import',
        'menu-dues-sheet',
        'menu-dues-bases',
        'menu-dues-remittances',
        'menu-dues-reports',
        'menu-dues-arrears',
        'menu-my-dues',
      ]);
      expect(await page.getByTestId('org-action-create').isVisible()).toBe(true);
      expect(await page.getByTestId('committee-add').isVisible()).toBe(true);
    });

    it('logs out, and back in with a fresh code after a wrong one', async () => {
      await logOut(page);
      expect(pathOf(page)()).toBe('/login');
      await submitLogin(page, newAdmin.username, password);
      await page.getByTestId('mfa-code').fill('000000');
      await page.getByTestId('mfa-submit').click();
      await expect.poll(text(page, 'mfa-error')).toContain('验证码不正确或已使用过');
      await page.getByTestId('mfa-code').fill(await authenticator.nextCode());
      await page.getByTestId('mfa-submit').click();
      await expect.poll(text(page, 'org-title')).toBe(ROOT_ORG.name);
    });

    it('logs in with a recovery code instead', async () => {
      await logOut(page);
      await submitLogin(page, newAdmin.username, password);
      await page.getByTestId('mfa-switch').click();
      await page.getByTestId('mfa-recovery-code').fill(recoveryCodes[0] ?? '');
      await page.getByTestId('mfa-submit').click();
      await expect.poll(text(page, 'org-title')).toBe(ROOT_ORG.name);
    });

    it('changes the password from the user menu and stays logged in', async () => {
      await page.getByTestId('user-menu').click();
      await page.getByTestId('user-menu-password').click();
      await page.getByTestId('password-current').fill('not-my-password');
      await page.getByTestId('password-new').fill('Lushui-2025!y');
      await page.getByTestId('password-confirm').fill('Lushui-2025!y');
      await page.getByTestId('dialog-ok').click();
      await expect.poll(text(page, 'password-problems')).toBe('当前密码不正确');

      await page.getByTestId('password-current').fill(password);
      await page.getByTestId('password-new').fill(password);
      await page.getByTestId('password-confirm').fill(password);
      await page.getByTestId('dialog-ok').click();
      await expect.poll(text(page, 'password-problems')).toBe('不能使用最近用过的密码');

      await page.getByTestId('password-new').fill('Lushui-2025!y');
      await page.getByTestId('password-confirm').fill('Lushui-2025!y');
      await page.getByTestId('dialog-ok').click();
      await page.getByTestId('password-current').waitFor({ state: 'detached' });
      password = 'Lushui-2025!y';
      // The server replaced the session; the page goes on with the new one.
      await page.getByTestId('tab-terms-due').click();
      await page.getByTestId('terms-due').waitFor();
      await page.getByTestId('tab-tree').click();
    });

    it('returns to the login page when the session idles out, then back to the same page', async () => {
      await page.getByTestId('org-node-ROOT').click();
      const here = `/orgs?org=${server.root.id}`;
      await expect.poll(pathOf(page)).toBe(here);

      await server.idleOut(newAdmin.id);
      await page.getByTestId('org-search').locator('input').fill('QS');
      await expect.poll(text(page, 'login-notice')).toBe('长时间未操作，登录已超时，请重新登录');
      expect(pathOf(page)()).toBe(`/login?next=${encodeURIComponent(here)}`);

      await submitLogin(page, newAdmin.username, password);
      await page.getByTestId('mfa-switch').click();
      await page.getByTestId('mfa-recovery-code').fill(recoveryCodes[1] ?? '');
      await page.getByTestId('mfa-submit').click();
      await expect.poll(text(page, 'org-title')).toBe(ROOT_ORG.name);
      expect(pathOf(page)()).toBe(here);
    });

    it('raised no page errors', () => {
      expect(errors).toEqual([]);
    });
  });

  it('fits the login page on a phone', async () => {
    const phone = await browser.newContext(PHONE);
    const page = await phone.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/`);
    await page.getByTestId('login-username').waitFor();
    const card = await page.getByTestId('login-card').boundingBox();
    expect(card?.width).toBeGreaterThan(350);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: SCREENSHOTS.loginPhone, fullPage: true });
    expect(errors).toEqual([]);
    await phone.close();
  });

  it('shows a member the org tree without the write buttons', async () => {
    const page = await signedInPage(browser, server, { user: member });
    await expect.poll(text(page, 'org-title')).toBe(ROOT_ORG.name);
    await page.getByTestId('committee-panel').waitFor();
    // A member reads the org tree, verifies their own record, checks in at meetings and sees their own dues.
    expect(await menuKeys(page)).toEqual(['menu-orgs', 'menu-my-record', 'menu-check-in', 'menu-my-dues']);
    expect(await page.getByTestId('org-action-create').count()).toBe(0);
    expect(await page.getByTestId('committee-add').count()).toBe(0);
    await page.context().close();
  });

  describe('the audit administrator', () => {
    let page: Page;
    let errors: string[];

    beforeAll(async () => {
      page = await signedInPage(browser, server, { user: auditor });
      errors = watchErrors(page);
    });

    it('lands on the audit log, which lists the logins', async () => {
      expect(pathOf(page)()).toBe('/audit');
      expect(await menuKeys(page)).toEqual(['menu-audit']);
      await expect.poll(() => page.getByTestId('audit-action').allInnerTexts()).toContainEqual('登录\nauth.login');

      await page.getByTestId('audit-filter-action').locator('input').fill('auth.login');
      await page.keyboard.press('Escape');
      await page.getByTestId('audit-filter-outcome').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="成功"]').click();
      await page.getByTestId('audit-search').click();
      await expect
        .poll(async () => new Set(await page.getByTestId('audit-action').allInnerTexts()))
        .toEqual(new Set(['登录\nauth.login']));
      expect(await page.locator('.audit-summary', { hasText: '"username":"li-hong"' }).count()).toBeGreaterThan(0);
    });

    it('checks the integrity of the chain', async () => {
      await page.getByTestId('audit-verify').click();
      await expect.poll(text(page, 'audit-verify-result')).toMatch(/审计日志完整：已校验 \d+ 条记录，未发现篡改/);
      await settle(page);
      await page.screenshot({ path: SCREENSHOTS.audit, fullPage: true });
    });

    it('exports the matching rows as CSV', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
      expect(download.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = await readFile(await download.path(), 'utf8');
      const lines = csv.trim().split('\r\n');
      expect(lines[0]).toBe('seq,at,account_id,role,source_address,action,target_type,target_id,outcome,summary');
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines.slice(1)) expect(line).toContain(',auth.login,');
    });

    it('raised no page errors', () => {
      expect(errors).toEqual([]);
    });
  });

  describe('the security administrator', () => {
    let page: Page;
    let errors: string[];

    beforeAll(async () => {
      page = await signedInPage(browser, server, { user: securityAdmin });
      errors = watchErrors(page);
    });

    it('lands on the accounts, and may not change their own roles', async () => {
      expect(pathOf(page)()).toBe('/accounts');
      expect(await menuKeys(page)).toEqual(['menu-accounts', 'menu-sessions', 'menu-security']);
      await page.getByTestId(`account-row-${roleTarget.username}`).waitFor();
      expect(await page.getByTestId(`account-roles-${securityAdmin.username}`).isDisabled()).toBe(true);
      expect(await page.getByTestId(`account-state-${roleTarget.username}`).innerText()).toBe('需改密');
      expect(await page.getByTestId(`account-state-${auditor.username}`).innerText()).toBe('已启用双因素');
      // Account administration (create, disable, reset) belongs to the system administrator.
      expect(await page.getByTestId('account-create').count()).toBe(0);
      expect(await page.getByTestId(`account-reset-${roleTarget.username}`).count()).toBe(0);
    });

    it('is refused two administrator roles on one account (三员分立), then grants a work role', async () => {
      await page.getByTestId(`account-roles-${roleTarget.username}`).click();
      const dialog = page.getByTestId('roles-dialog');
      expect(await dialog.innerText()).toContain('三员分立');
      await page.getByTestId('role-option-system-admin').click();
      await page.getByTestId('role-option-audit-admin').click();
      await page.getByTestId('dialog-ok').click();
      await expect.poll(text(page, 'form-error')).toBe('系统管理员和审计管理员不能由同一账号兼任（三员分立）');

      await page.getByTestId('role-option-system-admin').click();
      await page.getByTestId('role-option-audit-admin').click();
      await page.getByTestId('role-option-branch-secretary').click();
      await page.getByTestId('dialog-ok').click();
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(text(page, `account-roles-tags-${roleTarget.username}`)).toBe('支部书记党员');
      await settle(page);
      await page.screenshot({ path: SCREENSHOTS.accounts, fullPage: true });
    });

    it('sets the security policy, and is told when someone else changed it first', async () => {
      await page.getByTestId('menu-security').click();
      await expect.poll(text(page, 'policy-version')).toBe('默认设置');
      await page.getByTestId('policy-lockoutMinutes').fill('30');
      await page.getByTestId('policy-save').click();
      await expect.poll(text(page, 'policy-version')).toBe('版本 1');
      expect((await server.services.auth.policy()).lockoutMinutes).toBe(30);
      await settle(page);
      await page.screenshot({ path: SCREENSHOTS.policy, fullPage: true });

      const current = await server.services.auth.policyWithVersion();
      await server.services.auth.setPolicy(CONSOLE_ACTOR, { ...current.policy, lockoutThreshold: 6 }, current.version);
      await page.getByTestId('policy-idleTimeoutMinutes').fill('20');
      await page.getByTestId('policy-save').click();
      await expect.poll(text(page, 'form-error')).toContain('安全策略已被他人修改，请重新加载后再保存');
      await page.getByTestId('policy-reload').click();
      await expect.poll(text(page, 'policy-version')).toBe('版本 2');
      expect(await page.getByTestId('policy-lockoutThreshold').inputValue()).toBe('6');
    });

    it('ends sessions of another user, who is sent back to the login page', async () => {
      const other = await signedInPage(browser, server, { user: member });
      await page.getByTestId('menu-sessions').click();
      const rows = page.getByTestId(`session-row-${member.username}`);
      await rows.first().waitFor();
      const before = await rows.count();
      await page.getByTestId(`session-end-${member.username}`).first().click();
      await confirm(page);
      await expect.poll(() => rows.count()).toBe(before - 1);

      await page.getByTestId('menu-accounts').click();
      await page.getByTestId(`account-end-sessions-${member.username}`).click();
      await confirm(page);
      await expect.poll(() => page.locator('.ant-message-notice').innerText()).toMatch(/已结束 \d+ 个会话/);

      await other.getByTestId('tab-terms-due').click();
      await expect.poll(text(other, 'login-notice')).toContain('登录已失效');
      await other.context().close();
    });

    it('raised no page errors', () => {
      expect(errors).toEqual([]);
    });
  });

  it('shows a whole phone number to an org administrator who also reads accounts, and records the view', async () => {
    const viewer = await server.addUser({
      username: 'sec-org',
      displayName: '郑安全',
      roles: ['security-admin', 'org-admin'],
    });
    const owner = await server.addAccount({ username: 'feng-phone', displayName: '冯手机', roles: [], phone: '13912345678' });
    const page = await signedInPage(browser, server, { user: viewer, path: '/accounts' });
    const row = page.getByTestId(`account-row-${owner.username}`);
    await expect.poll(() => row.innerText()).toContain('139****5678');
    await row.getByTestId('reveal-phone').click();
    await expect.poll(() => row.getByTestId('revealed-phone').innerText()).toBe('13912345678');
    const views = await server.services.audit.search({ action: 'personal.reveal', page: 1, pageSize: 10 });
    expect(views.items.map((v) => [v.accountId, v.targetId])).toEqual([[viewer.id, owner.id]]);
    await page.context().close();
  });

  describe('the system administrator', () => {
    let page: Page;
    let errors: string[];

    beforeAll(async () => {
      page = await signedInPage(browser, server, { user: systemAdmin });
      errors = watchErrors(page);
    });

    it('lands on the org tree and also manages accounts', async () => {
      expect(pathOf(page)()).toBe('/orgs');
      expect(await menuKeys(page)).toEqual(['menu-orgs', 'menu-my-record', 'menu-check-in', 'menu-my-dues', 'menu-accounts', 'menu-sessions']);
      await expect.poll(text(page, 'org-title')).toBe(ROOT_ORG.name);
      // Org structure is theirs; committees are the org administrators' and secretaries'.
      expect(await page.getByTestId('org-action-create').isVisible()).toBe(true);
      expect(await page.getByTestId('committee-add').count()).toBe(0);
    });

    it('creates an account and sees its one-time password once', async () => {
      await page.getByTestId('menu-accounts').click();
      await page.getByTestId('account-create').click();
      await page.getByTestId('account-form-name').fill('孙支书');
      await page.getByTestId('account-form-username').fill('sun-branch');
      await page.getByTestId('account-form-org').click();
      await page.keyboard.type('示范');
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: ROOT_ORG.name }).click();
      await page.getByTestId('account-form-phone').fill('13812345678');
      await page.getByTestId('dialog-ok').click();

      await expect.poll(text(page, 'otp-value')).toMatch(ONE_TIME_PASSWORD);
      const oneTimePassword = await page.getByTestId('otp-value').innerText();
      expect(await page.getByTestId('otp-username').innerText()).toBe('sun-branch');
      await page.getByTestId('otp-close').click();
      const row = page.getByTestId('account-row-sun-branch');
      await expect.poll(() => row.innerText()).toContain('138****5678');
      expect(await row.innerText()).toContain('需改密');
      // Seeing the whole number is for those with personal.full_view only.
      expect(await row.getByTestId('reveal-phone').count()).toBe(0);

      const login = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'sun-branch', password: oneTimePassword }),
      });
      expect(login.status).toBe(200);
      expect(((await login.json()) as { next: string }).next).toBe('change-password');
    });

    it('resets a password and disables an account', async () => {
      // The login above changed the account (its version): list it afresh first.
      await Promise.all([
        page.waitForResponse((r) => r.url().includes('/api/v1/accounts?')),
        page.getByTestId('accounts-search').getByRole('button').click(),
      ]);
      await page.getByTestId('account-reset-sun-branch').click();
      await confirm(page);
      await expect.poll(text(page, 'otp-value')).toMatch(ONE_TIME_PASSWORD);
      await page.getByTestId('otp-close').click();

      await page.getByTestId('account-disable-sun-branch').click();
      await confirm(page);
      await expect.poll(text(page, 'account-state-sun-branch')).toContain('停用');
      await page.getByTestId('account-enable-sun-branch').waitFor();
    });

    it('raised no page errors', () => {
      expect(errors).toEqual([]);
    });
  });
});

// Its own server: five failures lock the source address too, and every later login from 127.0.0.1 with it.
describe('lockout', () => {
  let lockServer: E2eServer;
  let lockBrowser: Browser;

  beforeAll(async () => {
    lockServer = await startServer();
    lockBrowser = await launchBrowser();
  });

  afterAll(async () => {
    await lockBrowser?.close();
    await lockServer?.close();
  });

  it('locks after five wrong passwords and says how long to wait', async () => {
    const page = await (await lockBrowser.newContext(DESKTOP)).newPage();
    const errors = watchErrors(page);
    await page.goto(`${lockServer.url}/login`);
    const answered = () => page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await Promise.all([answered(), submitLogin(page, lockServer.admin.username, `wrong-${attempt}`)]);
      await expect.poll(text(page, 'login-error')).toBe('用户名或密码错误');
    }
    // The fifth failure locks, and says so at once; the right password does not open it either.
    await Promise.all([answered(), submitLogin(page, lockServer.admin.username, 'wrong-5')]);
    await expect.poll(text(page, 'login-error')).toBe('登录失败次数过多，已暂时锁定，请 15 分钟后再试');
    await submitLogin(page, lockServer.admin.username, lockServer.admin.password);
    await expect.poll(text(page, 'login-error')).toBe('登录失败次数过多，已暂时锁定，请 15 分钟后再试');
    expect(await page.getByTestId('login-username').isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });
});
