/**
 * The member registry (党员队伍) in a real browser: a branch secretary imports a roster (a bad file is refused
 * whole, row and column named; the corrected one imports), sees the members and the counts, checks an ID number
 * live in the member form, issues a transfer letter to another branch and prints it; the receiving secretary
 * receives it and the member changes rosters. A member verifies their e-identity on a phone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, todayInChina } from '../src/lib/dates.ts';
import { checkCharacter } from '../src/lib/id-number.ts';
import { enterDate, launchBrowser, PHONE, signedInPage, watchErrors } from './browser.ts';
import { startServer, type E2eServer, type E2eUser, type OrgRecord } from './server.ts';

const SCREENSHOTS = {
  roster: '/tmp/e2e-members-roster.png',
  rosterPhone: '/tmp/e2e-members-roster-phone.png',
  memberForm: '/tmp/e2e-members-form-id-check.png',
  importErrors: '/tmp/e2e-members-import-errors.png',
  issue: '/tmp/e2e-members-issue.png',
  detail: '/tmp/e2e-members-detail.png',
  transfers: '/tmp/e2e-members-transfers.png',
  letter: '/tmp/e2e-members-letter.png',
  letterPrint: '/tmp/e2e-members-letter-print.png',
  flowing: '/tmp/e2e-members-flowing.png',
  care: '/tmp/e2e-members-care.png',
  myCode: '/tmp/e2e-members-my-code-phone.png',
  myRecord: '/tmp/e2e-members-my-record-phone.png',
};

/** A valid synthetic ID number: region 110101, the birth date, a sequence whose last digit gives the sex. */
function idNumber(birth: string, sex: 'male' | 'female', seq = '01'): string {
  const first17 = `110101${birth.replaceAll('-', '')}${seq}${sex === 'male' ? '1' : '2'}`;
  return first17 + checkCharacter(first17);
}

/** The same number with a wrong check character. */
function withWrongCheck(id: string): string {
  const wrong = id.endsWith('0') ? '1' : '0';
  return id.slice(0, 17) + wrong;
}

const HEADERS = ['姓名', '性别', '民族', '公民身份号码', '手机号码', '学历', '党员类别', '入党日期', '转正日期', '所在党支部编码', '在职党员'];

interface RosterRow {
  name: string;
  sex: '男' | '女';
  idNumber: string;
  phone: string;
  status: '正式党员' | '预备党员';
  joinedAt: string;
  fullAt: string;
  inService: '是' | '否';
}

const PROBATION_START = addMonths(todayInChina(), -3);
const MEMBERS: RosterRow[] = [
  { name: '王建国', sex: '男', idNumber: idNumber('1980-05-12', 'male'), phone: '13800001111', status: '正式党员', joinedAt: '2005-07-01', fullAt: '2006-07-01', inService: '是' },
  { name: '李秀英', sex: '女', idNumber: idNumber('1992-03-08', 'female'), phone: '13800002222', status: '正式党员', joinedAt: '2015-06-20', fullAt: '2016-06-20', inService: '否' },
  { name: '赵小龙', sex: '男', idNumber: idNumber('1998-11-30', 'male', '02'), phone: '13800003333', status: '预备党员', joinedAt: PROBATION_START, fullAt: '', inService: '否' },
];

let server: E2eServer;
let browser: Browser;
let sending: OrgRecord;
let receiving: OrgRecord;
let secretary: E2eUser;
let receiver: E2eUser;
let page: Page;
let errors: string[];
let dir: string;
/** The letter issued for 王建国. */
let letterNumber = '';

async function rosterFile(name: string, rows: RosterRow[]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('党员花名册');
  sheet.addRow(HEADERS);
  for (const r of rows) {
    sheet.addRow([r.name, r.sex, '汉族', r.idNumber, r.phone, '大学本科', r.status, r.joinedAt, r.fullAt, sending.code, r.inService]);
  }
  const path = join(dir, name);
  await workbook.xlsx.writeFile(path);
  return path;
}

async function createOrg(parentId: string, code: string, name: string, kind: string): Promise<OrgRecord> {
  const created = await server.api<OrgRecord>('POST', '/orgs', { parentId, code, name, kind, domain: 'rural' });
  if (created.status !== 201) throw new Error(`creating ${code} answered ${created.status}: ${JSON.stringify(created.body)}`);
  return created.body;
}

async function rosterNames(org: OrgRecord): Promise<string[]> {
  const answer = await server.api<{ items: { name: string }[] }>('GET', `/members?orgId=${org.id}`);
  return answer.body.items.map((m) => m.name).sort();
}

const text = (p: Page, testId: string) => () => p.getByTestId(testId).innerText();

/** Lets confirmation toasts fade and the pointer leave, so a screenshot shows the page itself. */
async function settle(p: Page): Promise<void> {
  await p.mouse.move(0, 0);
  await expect.poll(() => p.locator('.ant-message-notice').count()).toBe(0);
  await p.waitForTimeout(300);
}

async function rowNames(p: Page): Promise<string[]> {
  return p.locator('[data-testid^="member-link-"]').allInnerTexts();
}

describe('member registry', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xianfeng-members-'));
    server = await startServer();
    const township = await createOrg(server.root.id, 'QS', '青山镇党委', 'party_committee');
    sending = await createOrg(township.id, 'QS-01', '青山村党支部', 'branch');
    receiving = await createOrg(township.id, 'QS-02', '绿水村党支部', 'branch');
    secretary = await server.addUser({ username: 'sec-qingshan', displayName: '张书记', roles: ['branch-secretary'], homeOrgId: sending.id });
    receiver = await server.addUser({ username: 'sec-lvshui', displayName: '刘书记', roles: ['branch-secretary'], homeOrgId: receiving.id });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a branch secretary logs in (no second factor) and finds the empty roster of the branch', async () => {
    expect(secretary.authenticator).toBeNull();
    page = await signedInPage(browser, server, { user: secretary });
    errors = watchErrors(page);
    await page.getByTestId('menu-members').click();
    await page.getByTestId('roster-page').waitFor();
    expect(await page.getByTestId('nav-group-members').innerText()).toBe('党员队伍');
    await expect.poll(text(page, 'stat-total')).toBe('0');
    expect(await page.getByTestId('roster-org').innerText()).toContain('青山村党支部');
  });

  it('checks the ID number live in the member form and names a wrong check digit', async () => {
    await page.getByTestId('member-create').click();
    const form = page.getByTestId('member-form');
    const idItem = form.locator('.ant-form-item', { has: page.getByTestId('member-form-id-number') });
    await page.getByTestId('member-form-id-number').fill(withWrongCheck(MEMBERS[0]?.idNumber ?? ''));
    await expect.poll(() => idItem.locator('.ant-form-item-explain').innerText()).toBe('校验位不正确，请逐位核对');
    expect(await page.getByTestId('member-form-birth-date').inputValue()).toBe('');
    await page.screenshot({ path: SCREENSHOTS.memberForm });

    await page.getByTestId('member-form-id-number').fill(MEMBERS[1]?.idNumber ?? '');
    await expect.poll(() => page.getByTestId('member-form-birth-date').inputValue()).toBe('1992-03-08');
    expect(await page.getByTestId('member-form-sex').inputValue()).toBe('女');
    expect(await idItem.locator('.ant-form-item-explain').count()).toBe(0);

    // The server's refusal shows under the field it names, with the article it cites.
    await page.getByTestId('member-form-id-number').fill(idNumber('2000-01-01', 'female', '09'));
    await expect.poll(() => page.getByTestId('member-form-birth-date').inputValue()).toBe('2000-01-01');
    await page.getByTestId('member-form-name').fill('孙小红');
    await page.getByTestId('member-form-status').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="预备党员"]').click();
    await enterDate(page, 'member-form-joined', '2010-01-01');
    await page.getByTestId('dialog-ok').click();
    const joinedItem = form.locator('.ant-form-item', { has: page.getByTestId('member-form-joined') });
    await expect.poll(() => joinedItem.locator('.ant-form-item-explain').innerText()).toBe(
      '入党时须年满 18 岁\n依据：《中国共产党章程》 第一条',
    );
    expect(await rosterNames(sending)).toEqual([]);
    await page.locator('.ant-modal-close').click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
  });

  it('refuses a roster file with a bad row whole, naming the row and the column', async () => {
    const bad = MEMBERS.map((m, i) => (i === 1 ? { ...m, idNumber: withWrongCheck(m.idNumber) } : m));
    await page.getByTestId('member-import').click();
    const dialog = page.getByTestId('import-dialog');
    await dialog.locator('input[type=file]').setInputFiles(await rosterFile('bad.xlsx', bad));
    await dialog.getByText('bad.xlsx').waitFor();
    expect(await page.getByTestId('import-run').isDisabled()).toBe(true);
    await page.getByTestId('import-check').click();

    await expect.poll(text(page, 'import-error')).toContain('没有导入任何数据');
    const problem = page.getByTestId('import-problem-3');
    await problem.waitFor();
    const cells = await problem.locator('td').allInnerTexts();
    expect(cells[0]).toBe('3');
    expect(cells[1]).toBe('公民身份号码');
    expect(cells[2]).toBe('公民身份号码不正确');
    expect(await page.getByTestId('import-problems').locator('tr.ant-table-row').count()).toBe(1);
    expect(await page.getByTestId('import-run').isDisabled()).toBe(true);
    expect(await rosterNames(sending)).toEqual([]);
    await settle(page);
    await page.screenshot({ path: SCREENSHOTS.importErrors });
  });

  it('imports the corrected file after a clean check, and the roster shows the members and the counts', async () => {
    const dialog = page.getByTestId('import-dialog');
    await dialog.locator('input[type=file]').setInputFiles(await rosterFile('good.xlsx', MEMBERS));
    await dialog.getByText('good.xlsx').waitFor();
    await page.getByTestId('import-check').click();
    await expect.poll(text(page, 'import-valid')).toBe('校验通过：共 3 行，可以导入');
    await page.getByTestId('import-run').click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });

    await expect.poll(() => rowNames(page)).toEqual(['李秀英', '王建国', '赵小龙']);
    expect(await rosterNames(sending)).toEqual(['李秀英', '王建国', '赵小龙']);
    await expect.poll(text(page, 'stat-total')).toBe('3');
    expect(await page.getByTestId('stat-status').innerText()).toBe('2 / 1');
    expect(await page.getByTestId('stat-sex').innerText()).toBe('2 / 1');
    expect(await page.getByTestId('stat-verified').innerText()).toBe('0.0%');
    const row = await page.getByTestId('member-row-赵小龙').innerText();
    expect(row).toContain('预备党员');
    expect(row).toContain('138****3333');
    expect(await page.getByTestId('member-row-王建国').innerText()).toContain('在职党员');

    // The filters ask the server: probationary members only, then back.
    await page.getByTestId('roster-filter-status').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="预备党员"]').click();
    await expect.poll(() => rowNames(page)).toEqual(['赵小龙']);
    await page.getByTestId('roster-filter-status').locator('.ant-select-clear').click();
    await expect.poll(() => rowNames(page)).toHaveLength(3);
    await page.keyboard.press('Escape'); // closes the dropdown without clicking anything else

    await settle(page);
    await page.screenshot({ path: SCREENSHOTS.roster, fullPage: true });
  });

  it('fits the roster on a phone', async () => {
    const phone = await browser.newContext({ ...PHONE, storageState: await page.context().storageState() });
    const phonePage = await phone.newPage();
    const phoneErrors = watchErrors(phonePage);
    await phonePage.goto(`${server.url}/members`);
    await expect.poll(() => rowNames(phonePage)).toHaveLength(3);
    await expect.poll(text(phonePage, 'stat-total')).toBe('3');
    const overflow = await phonePage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phonePage.waitForTimeout(300);
    await phonePage.screenshot({ path: SCREENSHOTS.rosterPhone, fullPage: true });
    expect(phoneErrors).toEqual([]);
    await phone.close();
  });

  it('edits a member; a save over someone else’s change asks to reload; the history shows before → after', async () => {
    await page.getByTestId('member-link-王建国').click();
    await expect.poll(text(page, 'member-title')).toBe('王建国');
    expect(await page.getByTestId('member-field-org').innerText()).toBe('青山村党支部');
    await page.getByTestId('history-member.import').waitFor();

    await page.getByTestId('member-edit').click();
    await page.getByTestId('member-form-work-unit').fill('青山村村民委员会');
    // Meanwhile the org administrator changes the same record.
    const found = await server.api<{ items: { id: string; version: number }[] }>('GET', `/members?orgId=${sending.id}&q=王建国`);
    const target = found.body.items[0];
    const meanwhile = await server.api('PATCH', `/members/${target?.id}`, { version: target?.version, occupation: '村委会主任' });
    expect(meanwhile.status).toBe(200);
    await page.getByTestId('dialog-ok').click();
    await page.getByTestId('member-form-stale').waitFor();
    expect(await page.getByTestId('dialog-ok').isDisabled()).toBe(true);
    await page.getByTestId('member-form-reload').click();
    await expect.poll(() => page.getByTestId('member-form-occupation').inputValue()).toBe('村委会主任');
    expect(await page.getByTestId('member-form-work-unit').inputValue()).toBe('');
    await page.getByTestId('member-form-work-unit').fill('青山村村民委员会');
    await page.getByTestId('dialog-ok').click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });

    const edit = page.getByTestId('history-member.update').first();
    await expect.poll(() => edit.innerText()).toContain('工作单位：— → 青山村村民委员会');
    expect(await edit.innerText()).toContain('张书记（本人）');
    expect(await page.getByTestId('history-member.update').nth(1).innerText()).toContain('职务：— → 村委会主任');
    expect(await page.getByTestId('member-fields').innerText()).toContain('青山村村民委员会');
  });

  it('issues a transfer letter to another branch found by search', async () => {
    await page.getByTestId('member-transfer').click();
    await page.getByTestId('issue-destination').click();
    await page.keyboard.type('绿水');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '绿水村党支部（QS-02）' }).click();
    await page.locator('input[data-testid="issue-away-months"], [data-testid="issue-away-months"] input').fill('12');
    await expect.poll(text(page, 'issue-suggestion')).toContain('按规定应开具：中国共产党党员组织关系介绍信');
    await page.getByTestId('issue-reason').fill('工作调动');
    await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
    await page.screenshot({ path: SCREENSHOTS.issue });
    await page.getByTestId('dialog-ok').click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });

    await expect.poll(text(page, 'issued-notice')).toContain('已开具中国共产党党员组织关系介绍信');
    await page.getByTestId('history-transfer.issue').waitFor();
    expect(await page.getByTestId('history-transfer.issue').innerText()).toContain('介绍信编号');
    await settle(page);
    await page.screenshot({ path: SCREENSHOTS.detail, fullPage: true });
  });

  it('lists the letter under 转出 as 已开具 and prints it', async () => {
    const letters = await server.api<{ items: { letterNumber: string; state: string }[] }>(
      'GET',
      `/transfers?orgId=${sending.id}&direction=outgoing`,
    );
    const number = letters.body.items[0]?.letterNumber ?? '';
    expect(number).toMatch(/^ZZ-\d{4}-000001$/);
    letterNumber = number;

    await page.getByTestId('menu-transfers').click();
    await expect.poll(text(page, `transfer-state-${number}`)).toBe('已开具');
    const row = await page.getByTestId(`transfer-row-${number}`).innerText();
    expect(row).toContain('王建国');
    expect(row).toContain('绿水村党支部');
    await settle(page);
    await page.screenshot({ path: SCREENSHOTS.transfers, fullPage: true });

    await page.getByTestId(`transfer-print-${number}`).click();
    await expect.poll(text(page, 'letter-title')).toBe('中国共产党党员组织关系介绍信');
    expect(await page.getByTestId('letter-number').innerText()).toBe(`编号：${number}`);
    const body = await page.getByTestId('letter-body').innerText();
    expect(body).toContain('王建国同志（男，');
    expect(body).toContain('正式党员');
    expect(body).toContain('110***********');
    expect(body).toContain('由青山村党支部转去绿水村党支部');
    expect(await page.getByTestId('letter').innerText()).toContain('3个月');

    // 打印 hands the page to the browser's print dialog.
    await page.evaluate(() => {
      const w = window as Window & { printed?: boolean };
      w.print = () => {
        w.printed = true;
      };
    });
    await page.getByTestId('letter-print').click();
    expect(await page.evaluate(() => (window as Window & { printed?: boolean }).printed)).toBe(true);
    await settle(page);
    await page.screenshot({ path: SCREENSHOTS.letter, fullPage: true });

    // On paper only the letter shows.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    expect(await page.getByTestId('letter-print').isVisible()).toBe(false);
    await page.screenshot({ path: SCREENSHOTS.letterPrint, fullPage: true });
    await page.emulateMedia({ media: 'screen' });
  });

  it('the receiving secretary receives the letter under 转入, and the member changes rosters', async () => {
    const other = await signedInPage(browser, server, { user: receiver });
    const otherErrors = watchErrors(other);
    const number = letterNumber;
    await other.getByTestId('menu-transfers').click();
    await other.getByTestId('tab-incoming').click();
    await other.getByTestId(`transfer-row-${number}`).waitFor();
    expect(await other.getByTestId(`transfer-row-${number}`).innerText()).toContain('王建国');
    expect(await other.getByTestId(`transfer-cancel-${number}`).count()).toBe(0);
    await other.getByTestId(`transfer-receive-${number}`).click();
    await other.getByTestId('dialog-ok').click();
    await other.locator('.ant-modal').waitFor({ state: 'detached' });
    await expect.poll(text(other, `transfer-state-${number}`)).toBe('已接收');

    await other.getByTestId('menu-members').click();
    await expect.poll(() => rowNames(other)).toEqual(['王建国']);
    await expect.poll(text(other, 'stat-total')).toBe('1');
    expect(otherErrors).toEqual([]);
    await other.context().close();

    expect(await rosterNames(receiving)).toEqual(['王建国']);
    expect(await rosterNames(sending)).toEqual(['李秀英', '赵小龙']);
    await page.getByTestId('menu-members').click();
    await expect.poll(() => rowNames(page)).toEqual(['李秀英', '赵小龙']);
    await expect.poll(text(page, 'stat-total')).toBe('2');
    await page.getByTestId('menu-transfers').click();
    await expect.poll(text(page, `transfer-state-${number}`)).toBe('已接收');
  });

  it('records a flowing member and a care fund from the record; the lists show them, late reports in red, money in yuan', async () => {
    await page.getByTestId('menu-members').click();
    await page.getByTestId('member-link-李秀英').click();
    await expect.poll(text(page, 'member-title')).toBe('李秀英');
    await page.getByTestId('member-more').click();
    await page.getByTestId('member-action-flowing').click();
    await page.getByTestId('flowing-destination').fill('广东省深圳市南山区某科技公司');
    await page.getByTestId('dialog-ok').click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
    await page.getByTestId('history-flowing.start').waitFor();

    await page.getByTestId('member-more').click();
    await page.getByTestId('member-action-care').click();
    await page.getByTestId('care-form').getByText('帮扶资金', { exact: true }).click();
    await page.locator('input[data-testid="care-amount"], [data-testid="care-amount"] input').fill('200.5');
    await page.getByTestId('care-note').fill('春节慰问');
    await page.getByTestId('dialog-ok').click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
    expect(await page.getByTestId('history-care.record').innerText()).toContain('¥200.50');

    // A member away for over a year without a report, recorded by the org administrator.
    const found = await server.api<{ items: { id: string }[] }>('GET', `/members?orgId=${sending.id}&q=赵小龙`);
    const away = await server.api('POST', '/flowing', {
      memberId: found.body.items[0]?.id,
      destination: '浙江省杭州市',
      startedOn: addMonths(todayInChina(), -14),
    });
    expect(away.status).toBe(201);

    await page.getByTestId('menu-flowing').click();
    await page.getByTestId('flowing-row-李秀英').waitFor();
    const late = page.getByTestId('flowing-row-赵小龙');
    await late.waitFor();
    expect(await late.innerText()).toContain('逾期未报告');
    expect(await late.evaluate((row) => getComputedStyle(row.querySelector('td') ?? row).color)).toBe('rgb(207, 19, 34)');
    expect(await page.getByTestId('flowing-row-李秀英').getAttribute('class')).not.toContain('row-overdue');
    await settle(page);
    await page.screenshot({ path: SCREENSHOTS.flowing, fullPage: true });

    await page.getByTestId('menu-pools').click();
    await page.getByTestId('tab-care').click();
    await expect.poll(text(page, 'care-total')).toBe('¥200.50');
    expect(await page.getByTestId('care-funds').innerText()).toBe('¥200.50');
    await settle(page);
    await page.screenshot({ path: SCREENSHOTS.care, fullPage: true });
  });

  it('a member verifies their e-identity on a phone and sees their own record', async () => {
    const member = MEMBERS[1] as RosterRow;
    const user = await server.addUser({ username: 'li-xiuying', displayName: member.name, roles: ['member'], homeOrgId: sending.id });
    const phonePage = await signedInPage(browser, server, { ...PHONE, user, path: '/my-record' });
    const phoneErrors = watchErrors(phonePage);
    await phonePage.getByTestId('my-record-page').waitFor();
    await phonePage.getByTestId('my-id-number').fill(member.idNumber);
    await phonePage.getByTestId('my-phone').fill('13800009999');
    await phonePage.getByTestId('my-start').click();
    await expect.poll(text(phonePage, 'form-error')).toContain('没有找到与该公民身份号码和手机号码相符的党员');

    await phonePage.getByTestId('my-phone').fill(member.phone);
    await phonePage.getByTestId('my-start').click();
    const code = await phonePage.getByTestId('my-displayed-code').innerText();
    expect(code).toMatch(/^\d{6}$/);
    expect(await phonePage.getByTestId('my-code-form').innerText()).toContain('短信验证码（演示环境直接显示）');
    await phonePage.waitForTimeout(300);
    await phonePage.screenshot({ path: SCREENSHOTS.myCode, fullPage: true });
    await phonePage.getByTestId('my-code').fill(code);
    await phonePage.getByTestId('my-confirm').click();
    await expect.poll(text(phonePage, 'my-record-name')).toBe(member.name);
    // The branch's name arrives with a second request.
    await expect.poll(text(phonePage, 'my-record')).toContain('青山村党支部');
    const record = await phonePage.getByTestId('my-record').innerText();
    expect(record).toContain('138****2222');
    const overflow = await phonePage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phonePage.waitForTimeout(300);
    await phonePage.screenshot({ path: SCREENSHOTS.myRecord, fullPage: true });
    expect(phoneErrors).toEqual([]);
    await phonePage.context().close();

    // The roster counts the verified member.
    await page.getByTestId('menu-members').click();
    await expect.poll(text(page, 'stat-verified')).toBe('50.0%');
  });

  it('raised no page errors', () => {
    expect(errors).toEqual([]);
  });
});
