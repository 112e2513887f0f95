/**
 * Party dues (党费) in a real browser: a branch secretary opens last month's sheet, records the members' payments
 * (cash, a bank transfer with its reference, two months at once), corrects one by a reversing entry and records it
 * again, and closes the month, which then reads as closed with no way to write; the remittance to the township
 * is refused until it equals the members' payments to the fen. A member sees what they owe and their history on
 * a phone.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_ACTOR } from '../src/lib/actor.ts';
import { todayInChina } from '../src/lib/dates.ts';
import { checkCharacter } from '../src/lib/id-number.ts';
import { chooseOption, launchBrowser, PHONE, signedInPage, watchErrors } from './browser.ts';
import { startServer, type E2eServer, type E2eUser, type OrgRecord } from './server.ts';

const SCREENSHOTS = {
  sheetOpen: '/tmp/e2e-dues-sheet-open.png',
  payment: '/tmp/e2e-dues-payment.png',
  sheetClosed: '/tmp/e2e-dues-sheet-closed.png',
  sheetPhone: '/tmp/e2e-dues-sheet-phone.png',
  remittance: '/tmp/e2e-dues-remittance.png',
  myDuesPhone: '/tmp/e2e-dues-my-dues-phone.png',
};

function idNumber(birth: string, seq: string): string {
  const first17 = `110101${birth.replaceAll('-', '')}${seq}`;
  return first17 + checkCharacter(first17);
}

function addMonths(month: string, n: number): string {
  const total = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

const THIS_MONTH = todayInChina().slice(0, 7);
/** The sheet the secretary works on: last month. */
const SHEET_MONTH = addMonths(THIS_MONTH, -1);
const EARLIER_MONTH = addMonths(THIS_MONTH, -2);
/** Bases take effect three months ago, so the member owes a few months besides the one paid. */
const BASE_MONTH = addMonths(THIS_MONTH, -3);

const MEMBERS = {
  wang: { name: '王建国', idNumber: idNumber('1970-05-12', '011'), phone: '13800001111', status: 'full' as const, joinedAt: '1995-07-01', fullAt: '1996-07-01' },
  li: { name: '李秀英', idNumber: idNumber('1952-03-08', '022'), phone: '13800002222', status: 'full' as const, joinedAt: '1985-06-20', fullAt: '1986-06-20' },
  chen: { name: '陈志强', idNumber: idNumber('1965-11-30', '031'), phone: '13800003333', status: 'full' as const, joinedAt: '2000-07-01', fullAt: '2001-07-01' },
  zhao: { name: '赵小龙', idNumber: idNumber('2003-01-20', '041'), phone: '13800004444', status: 'full' as const, joinedAt: '2022-12-01', fullAt: '2023-12-01' },
};
type Key = keyof typeof MEMBERS;

/** Bases by category, and what the rules make of them (中组发〔2008〕3号). */
const BASES: Record<Key, { body: Record<string, unknown>; dueFen: number }> = {
  wang: { body: { category: 'in_service', monthlyIncomeFen: 540_000 }, dueFen: 8_100 },
  li: { body: { category: 'retired', monthlyIncomeFen: 400_000 }, dueFen: 2_000 },
  chen: { body: { category: 'farmer', farmerAmountFen: 100 }, dueFen: 100 },
  zhao: { body: { category: 'student' }, dueFen: 20 },
};

let server: E2eServer;
let browser: Browser;
let township: OrgRecord;
let branch: OrgRecord;
let secretary: E2eUser;
let page: Page;
let errors: string[];
const ids = {} as Record<Key, string>;

const text = (p: Page, testId: string) => () => p.getByTestId(testId).innerText();

async function createOrg(parentId: string, code: string, name: string, kind: string): Promise<OrgRecord> {
  const answer = await server.api<OrgRecord>('POST', '/orgs', { parentId, code, name, kind, domain: 'rural' });
  if (answer.status !== 201) throw new Error(`org ${code}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

async function noHorizontalOverflow(p: Page): Promise<number> {
  return p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

async function settle(p: Page): Promise<void> {
  await p.mouse.move(0, 0);
  await expect.poll(() => p.locator('.ant-message-notice').count()).toBe(0);
  await p.waitForTimeout(300);
}

/** Opens the payment form from a member's row; the sheet's month is ticked already. */
async function openPayment(key: Key): Promise<void> {
  await page.getByTestId(`sheet-pay-${ids[key]}`).click();
  await page.getByTestId('payment-form').waitFor();
  await expect.poll(text(page, 'payment-total')).toBe(`¥${(BASES[key].dueFen / 100).toFixed(2)}`);
}

async function submitDialog(): Promise<void> {
  await page.getByTestId('dialog-ok').click();
  await page.getByTestId('payment-form').waitFor({ state: 'detached' });
}

describe('party dues', () => {
  beforeAll(async () => {
    server = await startServer();
    township = await createOrg(server.root.id, 'QS', '青山镇党委', 'party_committee');
    branch = await createOrg(township.id, 'QS-01', '青山村党支部', 'branch');
    for (const key of Object.keys(MEMBERS) as Key[]) {
      const member = await server.services.members.create(CONSOLE_ACTOR, { orgId: branch.id, ...MEMBERS[key] });
      ids[key] = member.id;
      const base = await server.api<{ due: { amountFen: number } }>('POST', '/dues/bases', { memberId: member.id, effectiveMonth: BASE_MONTH, ...BASES[key].body });
      if (base.status !== 201) throw new Error(`base of ${key}: ${base.status} ${JSON.stringify(base.body)}`);
      expect(base.body.due.amountFen).toBe(BASES[key].dueFen);
    }
    secretary = await server.addUser({ username: 'sec-qingshan', displayName: '张书记', roles: ['branch-secretary'], homeOrgId: branch.id });
    browser = await launchBrowser();
    page = await signedInPage(browser, server, { user: secretary, path: `/dues/sheet?month=${SHEET_MONTH}` });
    errors = watchErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows last month's sheet: every member's due from the base, nothing paid", async () => {
    await page.getByTestId('sheet-table').waitFor();
    expect(await page.getByTestId('sheet-status').getAttribute('data-closed')).toBe('false');
    await expect.poll(text(page, 'sheet-total-due')).toBe('¥102.20');
    expect(await page.getByTestId('sheet-total-paid').innerText()).toBe('¥0.00');
    expect(await page.getByTestId('sheet-rate').innerText()).toBe('0.00%');
    await page.screenshot({ path: SCREENSHOTS.sheetOpen, fullPage: true });
  });

  it('records payments: cash, a transfer with its reference, and two months at once', async () => {
    await openPayment('wang');
    await page.screenshot({ path: SCREENSHOTS.payment });
    await submitDialog();
    await expect.poll(text(page, `sheet-paid-${ids.wang}`)).toBe('81.00');

    await openPayment('li');
    await page.getByTestId('payment-form').getByText('转账').click();
    await page.getByTestId('payment-reference').fill('TR-20260331-0042');
    await submitDialog();
    await expect.poll(text(page, `sheet-paid-${ids.li}`)).toBe('20.00');

    await openPayment('chen');
    await page.getByTestId('payment-form').locator('label', { hasText: EARLIER_MONTH }).click();
    await expect.poll(text(page, 'payment-total')).toBe('¥2.00');
    await submitDialog();
    await expect.poll(text(page, `sheet-paid-${ids.chen}`)).toBe('1.00');
    await expect.poll(text(page, 'sheet-book')).toBe('¥103.00');
  });

  it('corrects a payment by a reversing entry, never an edit, and records it again', async () => {
    const row = page.getByTestId('book-table').locator('tr', { hasText: 'TR-20260331-0042' });
    await row.getByRole('button', { name: '冲正' }).click();
    await page.getByTestId('reversal-form').waitFor();
    await page.getByTestId('reversal-reason').fill('金额记错：应为现金缴纳');
    await page.getByTestId('dialog-ok').click();
    await page.getByTestId('reversal-form').waitFor({ state: 'detached' });
    await expect.poll(text(page, `sheet-paid-${ids.li}`)).toBe('0.00');
    // The original stays in the book, marked reversed, beside the reversal with the opposite amount.
    await expect.poll(() => page.getByTestId('book-table').locator('tr', { hasText: '-20.00' }).count()).toBe(1);
    expect(await row.innerText()).toContain('已冲正');

    await openPayment('li');
    await submitDialog();
    await expect.poll(text(page, `sheet-paid-${ids.li}`)).toBe('20.00');
    await expect.poll(text(page, 'sheet-total-paid')).toBe('¥102.00');
    await expect.poll(text(page, 'sheet-book')).toBe('¥103.00');
  });

  it('closes the month, which is then read-only', async () => {
    await settle(page);
    await page.getByTestId('sheet-close').click();
    await page.getByTestId('sheet-close-confirm').click();
    await expect.poll(() => page.getByTestId('sheet-status').getAttribute('data-closed')).toBe('true');
    await page.getByTestId('sheet-read-only').waitFor();
    expect(await page.getByTestId('sheet-pay').count()).toBe(0);
    expect(await page.getByTestId(`sheet-pay-${ids.zhao}`).count()).toBe(0);
    expect(await page.getByTestId('sheet-close').count()).toBe(0);
    expect(await page.getByTestId('book-table').getByRole('button', { name: '冲正' }).count()).toBe(0);
    // A reload shows the same closed month; the server refuses a payment dated in it.
    await page.reload();
    await expect.poll(() => page.getByTestId('sheet-status').getAttribute('data-closed')).toBe('true');
    const refused = await server.api<{ error: { code: string } }>('POST', '/dues/payments', {
      memberId: ids.zhao,
      paidOn: `${SHEET_MONTH}-15`,
      months: [SHEET_MONTH],
      method: 'cash',
      collectedBy: '张书记',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('dues.month_closed');
    await settle(page);
    await page.screenshot({ path: SCREENSHOTS.sheetClosed, fullPage: true });

    const phone = await browser.newContext({ ...PHONE, storageState: await page.context().storageState() });
    const phonePage = await phone.newPage();
    await phonePage.goto(page.url());
    await expect.poll(() => phonePage.getByTestId('sheet-status').getAttribute('data-closed')).toBe('true');
    expect(await noHorizontalOverflow(phonePage)).toBeLessThanOrEqual(0);
    await phonePage.screenshot({ path: SCREENSHOTS.sheetPhone, fullPage: true });
    await phone.close();
  });

  it('remits the closed month only when the amount equals the members’ payments', async () => {
    await page.goto(`${server.url}/dues/remittances`);
    await page.getByTestId('remit-form').waitFor();
    await chooseOption(page, 'remit-months', `${SHEET_MONTH}（¥103.00）`);
    await page.keyboard.press('Escape');
    await expect.poll(text(page, 'remit-members-total')).toBe('¥103.00');
    await page.getByTestId('remit-amount').fill('100');
    await expect.poll(text(page, 'remit-difference')).toBe('¥-3.00');
    await page.getByTestId('remit-submit').click();
    await expect.poll(text(page, 'remit-refusal')).toContain('103.00');
    await page.screenshot({ path: SCREENSHOTS.remittance, fullPage: true });
    await page.getByTestId('remit-amount').fill('103.00');
    await expect.poll(text(page, 'remit-difference')).toBe('相符');
    await page.getByTestId('remit-submit').click();
    await page.getByTestId('remit-nothing').waitFor();
    expect(await page.getByTestId('remittances-table').innerText()).toContain('103.00');
    expect(errors).toEqual([]);
  });

  it('a member sees their base, what they owe and their history on a phone', async () => {
    const member = MEMBERS.wang;
    const user = await server.addUser({ username: 'wang-jianguo', displayName: member.name, roles: ['member'], homeOrgId: branch.id });
    const phonePage = await signedInPage(browser, server, { ...PHONE, user, path: '/my-dues' });
    const phoneErrors = watchErrors(phonePage);
    // Dues are shown after the e-identity verification.
    await phonePage.getByTestId('my-dues-unverified').waitFor();
    await phonePage.goto(`${server.url}/my-record`);
    await phonePage.getByTestId('my-id-number').fill(member.idNumber);
    await phonePage.getByTestId('my-phone').fill(member.phone);
    await phonePage.getByTestId('my-start').click();
    await phonePage.getByTestId('my-code').fill(await phonePage.getByTestId('my-displayed-code').innerText());
    await phonePage.getByTestId('my-confirm').click();
    await phonePage.getByTestId('my-record').waitFor();

    await phonePage.goto(`${server.url}/my-dues`);
    await phonePage.getByTestId('my-dues').waitFor();
    expect(await phonePage.getByTestId('ledger-monthly-due').innerText()).toBe('¥81.00');
    // Owed: every month from the base on but the one paid (three months of 81.00).
    expect(await phonePage.getByTestId('ledger-owed').innerText()).toContain('243.00');
    expect(await phonePage.getByTestId(`ledger-month-${SHEET_MONTH}`).innerText()).toContain('已缴清');
    expect(await phonePage.getByTestId(`ledger-month-${EARLIER_MONTH}`).innerText()).toContain('欠 ¥81.00');
    expect(await phonePage.getByTestId('ledger-payments').innerText()).toContain('81.00');
    expect(await noHorizontalOverflow(phonePage)).toBeLessThanOrEqual(0);
    await phonePage.screenshot({ path: SCREENSHOTS.myDuesPhone, fullPage: true });
    expect(phoneErrors).toEqual([]);
  });
});
