/**
 * Organizational life (组织生活) in a real browser: a branch secretary finds last quarter's 支部党员大会 missing
 * (red) in the compliance grid, records the meeting late with its attendance (a member on leave with a reason) and a
 * vote that passes with the rule cited, attaches a photo to the minutes, and sees the grid turn green for that
 * quarter. The township's administrator sees the subtree summary and drills down to the branch still missing it.
 * A member checks in to today's meeting from a phone with the code the secretary shows. The township's
 * administrator requires a monthly 党课 of its branches in 会议制度, and the branch's grid asks for one every month.
 */
import { deflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_ACTOR } from '../src/lib/actor.ts';
import { todayInChina } from '../src/lib/dates.ts';
import { checkCharacter } from '../src/lib/id-number.ts';
import { chooseOption, enterDate, launchBrowser, PHONE, signedInPage, watchErrors } from './browser.ts';
import { startServer, type E2eServer, type E2eUser, type OrgRecord } from './server.ts';

const SCREENSHOTS = {
  gridBefore: '/tmp/e2e-meetings-compliance-before.png',
  form: '/tmp/e2e-meetings-form.png',
  meeting: '/tmp/e2e-meetings-meeting.png',
  meetingPhone: '/tmp/e2e-meetings-meeting-phone.png',
  calendar: '/tmp/e2e-meetings-calendar.png',
  calendarPhone: '/tmp/e2e-meetings-calendar-phone.png',
  gridAfter: '/tmp/e2e-meetings-compliance-after.png',
  gridPhone: '/tmp/e2e-meetings-compliance-phone.png',
  summary: '/tmp/e2e-meetings-compliance-summary.png',
  code: '/tmp/e2e-meetings-check-in-code.png',
  checkInPhone: '/tmp/e2e-meetings-check-in-phone.png',
  rulesStale: '/tmp/e2e-meetings-rules-stale.png',
  rules: '/tmp/e2e-meetings-rules.png',
  rulesPhone: '/tmp/e2e-meetings-rules-phone.png',
  rulesDialogPhone: '/tmp/e2e-meetings-rules-dialog-phone.png',
  gridMonthlyLesson: '/tmp/e2e-meetings-compliance-monthly-lesson.png',
};

function idNumber(birth: string, seq: string): string {
  const first17 = `110101${birth.replaceAll('-', '')}${seq}`;
  return first17 + checkCharacter(first17);
}

/** The quarter before today's, and a day in its first month: the meeting is entered late. */
function lastQuarter(): { year: number; quarter: number; heldOn: string; month: string } {
  const [y, m] = todayInChina().split('-').map(Number) as [number, number];
  const current = Math.ceil(m / 3);
  const year = current === 1 ? y - 1 : y;
  const quarter = current === 1 ? 4 : current - 1;
  const month = `${year}-${String(quarter * 3 - 2).padStart(2, '0')}`;
  return { year, quarter, heldOn: `${month}-15`, month };
}

/** A small valid PNG (a red square), as a phone photo stands in for. */
function png(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const size = 32;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => [200, 22, 29]).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

const PERIOD = lastQuarter();
const CELL = `compliance-cell-general_meeting-${PERIOD.year}-Q${PERIOD.quarter}`;
const MEMBERS = [
  { name: '王建国', idNumber: idNumber('1970-05-12', '011'), phone: '13800001111', status: 'full' as const, joinedAt: '1995-07-01', fullAt: '1996-07-01' },
  { name: '李秀英', idNumber: idNumber('1982-03-08', '022'), phone: '13800002222', status: 'full' as const, joinedAt: '2005-06-20', fullAt: '2006-06-20' },
  { name: '陈志强', idNumber: idNumber('1975-11-30', '031'), phone: '13800003333', status: 'full' as const, joinedAt: '2000-07-01', fullAt: '2001-07-01' },
  { name: '赵小龙', idNumber: idNumber('1998-01-20', '041'), phone: '13800004444', status: 'probationary' as const, joinedAt: `${PERIOD.year - 1}-12-01` },
];

let server: E2eServer;
let browser: Browser;
let branch: OrgRecord;
let otherBranch: OrgRecord;
let township: OrgRecord;
let secretary: E2eUser;
let page: Page;
let errors: string[];

const text = (p: Page, testId: string) => () => p.getByTestId(testId).innerText();
const cellStatus = (p: Page, testId: string) => () => p.getByTestId(testId).getAttribute('data-status');

async function settle(p: Page): Promise<void> {
  await p.mouse.move(0, 0);
  await expect.poll(() => p.locator('.ant-message-notice').count()).toBe(0);
  await p.waitForTimeout(300);
}

async function createOrg(parentId: string, code: string, name: string, kind: string): Promise<OrgRecord> {
  const answer = await server.api<OrgRecord>('POST', '/orgs', { parentId, code, name, kind, domain: 'rural' });
  if (answer.status !== 201) throw new Error(`org ${code}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

async function noHorizontalOverflow(p: Page): Promise<number> {
  return p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

describe('organizational life', () => {
  beforeAll(async () => {
    server = await startServer();
    township = await createOrg(server.root.id, 'QS', '青山镇党委', 'party_committee');
    branch = await createOrg(township.id, 'QS-01', '青山村党支部', 'branch');
    otherBranch = await createOrg(township.id, 'QS-02', '绿水村党支部', 'branch');
    for (const m of MEMBERS) await server.services.members.create(CONSOLE_ACTOR, { orgId: branch.id, ...m });
    secretary = await server.addUser({ username: 'sec-qingshan', displayName: '张书记', roles: ['branch-secretary'], homeOrgId: branch.id });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the compliance grid shows last quarter’s 支部党员大会 missing, in red, with the article cited', async () => {
    page = await signedInPage(browser, server, { user: secretary });
    errors = watchErrors(page);
    await page.getByTestId('menu-compliance').click();
    await page.getByTestId('compliance-page').waitFor();
    expect(await page.getByTestId('nav-group-meetings').innerText()).toBe('组织生活');
    if (PERIOD.year !== new Date().getFullYear()) await chooseOption(page, 'compliance-year', `${PERIOD.year}年`);
    await expect.poll(cellStatus(page, CELL)).toBe('missing');
    expect(await page.getByTestId(CELL).innerText()).toBe('缺');
    expect(await page.getByTestId(CELL).evaluate((cell) => getComputedStyle(cell).color)).toBe('rgb(207, 19, 34)');
    expect(await page.getByTestId('compliance-status-general_meeting').innerText()).toBe('缺失');
    expect(await page.getByTestId('compliance-cite-general_meeting').innerText()).toContain('第十条');
    // A branch without 党小组 owes no 党小组会.
    expect(await page.getByTestId('compliance-status-group_meeting').innerText()).toBe('不适用');
    await settle(page);
    await page.screenshot({ path: SCREENSHOTS.gridBefore, fullPage: true });
  });

  it('records the 支部党员大会 late, from the calendar of that month', async () => {
    await page.getByTestId('menu-meetings').click();
    await page.getByTestId('meetings-page').waitFor();
    await page.goto(`${server.url}/meetings?org=${branch.id}&month=${PERIOD.month}`);
    await expect.poll(text(page, 'meetings-list-title')).toBe(`${PERIOD.month} 的会议`);
    await page.getByTestId('meeting-create').click();
    const form = page.getByTestId('meeting-form');
    await form.waitFor();
    expect(await page.getByTestId('meeting-form-org').innerText()).toContain('青山村党支部');
    await enterDate(page, 'meeting-form-date', PERIOD.heldOn);
    await page.getByTestId('meeting-form-topic').fill('第一季度支部党员大会');
    await page.getByTestId('meeting-form-place').fill('村党群服务中心');
    await page.getByTestId('meeting-form-host').fill('张书记');
    await page.getByTestId('meeting-form-recorder').fill('李秀英');
    await page.getByTestId('meeting-form-agenda').fill('一、学习文件\n二、表决村集体经济项目');
    await page.getByTestId('meeting-form-minutes').fill('会议由张书记主持。\n表决通过村集体经济项目。');
    await page.screenshot({ path: SCREENSHOTS.form });
    await page.getByTestId('dialog-ok').click();
    await page.getByTestId('meeting-detail').waitFor();

    expect(await page.getByTestId('meeting-title').innerText()).toBe(`支部党员大会 · ${PERIOD.heldOn}`);
    expect(await page.getByTestId('meeting-entered-late').innerText()).toContain('补录于');
    expect(await page.getByTestId('meeting-minutes').innerText()).toBe('会议由张书记主持。\n表决通过村集体经济项目。');
    // The check-in code is for today's meetings only.
    expect(await page.getByTestId('meeting-check-in-code').isDisabled()).toBe(true);
  });

  it('records the attendance: the roster of the day, a member on leave with a reason, the probationary member without a vote', async () => {
    await expect.poll(text(page, 'attendance-expected')).toBe('4');
    expect(await page.getByTestId('attendance-not-recorded').isVisible()).toBe(true);
    expect(await page.getByTestId('attendance-row-赵小龙').innerText()).toContain('无表决权');
    await page.getByTestId('attendance-all-present').click();
    await page.getByTestId('attendance-status-陈志强').getByText('请假').click();
    // Leave needs a reason before the save is allowed.
    expect(await page.getByTestId('attendance-save').isDisabled()).toBe(true);
    await page.getByTestId('attendance-reason-陈志强').fill('外出务工');
    await page.getByTestId('attendance-save').click();
    await expect.poll(text(page, 'attendance-present')).toBe('3');
    expect(await page.getByTestId('attendance-voting').innerText()).toBe('有表决权：应到 3，实到 2');
    expect(await page.getByTestId('attendance-not-recorded').count()).toBe(0);
  });

  it('records a vote: more votes than voting members present is refused; a majority of 应到 passes, with the rule cited', async () => {
    await page.getByTestId('vote-create').click();
    await page.getByTestId('vote-form-subject').fill('关于发展村集体经济项目的决议');
    await page.getByTestId('vote-form-yes').fill('3');
    await page.getByTestId('dialog-ok').click();
    await expect.poll(text(page, 'form-error')).toContain('票数与出席人数不符');
    await page.getByTestId('vote-form-yes').fill('2');
    await page.getByTestId('dialog-ok').click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
    const vote = page.getByTestId('vote-0');
    await vote.waitFor();
    expect(await vote.getByTestId('vote-subject').innerText()).toBe('关于发展村集体经济项目的决议');
    expect(await vote.getByTestId('vote-quorate').innerText()).toBe('到会人数符合规定');
    expect(await vote.getByTestId('vote-passed').innerText()).toBe('通过');
    expect(await vote.innerText()).toContain('应到 3，实到 2');
    expect(await vote.getByTestId('vote-cite').innerText()).toMatch(/^依据：.+/);
  });

  it('attaches a photo to the minutes; a file that is not what its name says is refused', async () => {
    await page.getByTestId('files-input').setInputFiles([
      { name: '会场.png', mimeType: 'image/png', buffer: png() },
      { name: '假照片.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('<html>not a photo</html>') },
    ]);
    await page.getByTestId('file-会场.png').waitFor();
    await expect.poll(text(page, 'files-error')).toContain('假照片.jpg：文件内容与扩展名不符');
    const loaded = await page
      .getByTestId('file-会场.png')
      .locator('img')
      .evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : new Promise((done) => img.addEventListener('load', () => done(img.naturalWidth)))));
    expect(loaded).toBe(32);
    await settle(page);
    await page.screenshot({ path: SCREENSHOTS.meeting, fullPage: true });
  });

  it('the meeting page and the calendar fit a phone', async () => {
    const phone = await browser.newContext({ ...PHONE, storageState: await page.context().storageState() });
    const phonePage = await phone.newPage();
    const phoneErrors = watchErrors(phonePage);
    await phonePage.goto(page.url());
    await expect.poll(text(phonePage, 'attendance-present')).toBe('3');
    await phonePage.getByTestId('vote-0').waitFor();
    expect(await noHorizontalOverflow(phonePage)).toBeLessThanOrEqual(0);
    await phonePage.waitForTimeout(300);
    await phonePage.screenshot({ path: SCREENSHOTS.meetingPhone, fullPage: true });

    await phonePage.getByTestId('meeting-back').click();
    await phonePage.getByTestId(`calendar-dot-${PERIOD.heldOn}`).waitFor();
    expect(await noHorizontalOverflow(phonePage)).toBeLessThanOrEqual(0);
    await phonePage.screenshot({ path: SCREENSHOTS.calendarPhone, fullPage: true });
    expect(phoneErrors).toEqual([]);
    await phone.close();
  });

  it('the calendar marks the day; the grid turns green for that quarter', async () => {
    await page.getByTestId('meeting-back').click();
    await expect.poll(text(page, `calendar-${PERIOD.heldOn}`)).toBe('支部党员大会');
    expect(await page.getByTestId('meetings-list').innerText()).toContain('第一季度支部党员大会');
    await settle(page);
    await page.screenshot({ path: SCREENSHOTS.calendar, fullPage: true });

    await page.getByTestId('menu-compliance').click();
    if (PERIOD.year !== new Date().getFullYear()) await chooseOption(page, 'compliance-year', `${PERIOD.year}年`);
    await expect.poll(cellStatus(page, CELL)).toBe('met');
    expect(await page.getByTestId(CELL).innerText()).toBe('✓');
    expect(await page.getByTestId(CELL).evaluate((cell) => getComputedStyle(cell).color)).toBe('rgb(56, 158, 13)');
    await settle(page);
    await page.screenshot({ path: SCREENSHOTS.gridAfter, fullPage: true });

    const phone = await browser.newContext({ ...PHONE, storageState: await page.context().storageState() });
    const phonePage = await phone.newPage();
    await phonePage.goto(page.url());
    await expect.poll(cellStatus(phonePage, CELL)).toBe('met');
    expect(await noHorizontalOverflow(phonePage)).toBeLessThanOrEqual(0);
    await phonePage.screenshot({ path: SCREENSHOTS.gridPhone, fullPage: true });
    await phone.close();
    expect(errors).toEqual([]);
  });

  it('the township sees the summary for the quarter and drills down to the branch still missing it', async () => {
    const admin = await signedInPage(browser, server, { path: `/compliance?org=${township.id}&year=${PERIOD.year}&quarter=${PERIOD.quarter}` });
    const adminErrors = watchErrors(admin);
    await expect.poll(text(admin, 'compliance-branches')).toBe('下辖党支部 2 个');
    const row = admin.getByTestId('summary-row-general_meeting');
    expect(await row.innerText()).toContain('50%');
    await admin.getByTestId('summary-missing-general_meeting').click();
    await admin.getByTestId(`summary-branch-${otherBranch.id}`).waitFor();
    await expect.poll(text(admin, `summary-branch-${otherBranch.id}`)).toBe('绿水村党支部');
    expect(await admin.getByTestId(`summary-branch-${branch.id}`).count()).toBe(0);
    await settle(admin);
    await admin.screenshot({ path: SCREENSHOTS.summary, fullPage: true });

    await admin.getByTestId(`summary-branch-${otherBranch.id}`).click();
    await expect.poll(text(admin, 'compliance-org-name')).toBe('绿水村党支部');
    await expect.poll(cellStatus(admin, CELL)).toBe('missing');
    await admin.getByTestId('compliance-up').click();
    await expect.poll(text(admin, 'compliance-org-name')).toBe('青山镇党委');
    expect(adminErrors).toEqual([]);
    await admin.context().close();
  });

  it('a member checks in from a phone with the code of today’s meeting, and shows as present', async () => {
    const today = await server.api<{ id: string }>('POST', '/meetings', { orgId: branch.id, primaryType: 'theme_day', heldOn: todayInChina(), topic: '主题党日' });
    expect(today.status).toBe(201);
    await page.goto(`${server.url}/meetings/${today.body.id}`);
    await page.getByTestId('meeting-check-in-code').click();
    await expect.poll(text(page, 'check-in-code')).toMatch(/^\d{6}$/);
    const code = await page.getByTestId('check-in-code').innerText();
    await page.getByTestId('check-in-qr').waitFor();
    await page.waitForTimeout(400);
    await page.screenshot({ path: SCREENSHOTS.code });
    await page.locator('.ant-modal-close').click();

    const member = MEMBERS[1] as (typeof MEMBERS)[number];
    const user = await server.addUser({ username: 'li-xiuying', displayName: member.name, roles: ['member'], homeOrgId: branch.id });
    const phonePage = await signedInPage(browser, server, { ...PHONE, user, path: '/my-record' });
    const phoneErrors = watchErrors(phonePage);
    await phonePage.getByTestId('my-id-number').fill(member.idNumber);
    await phonePage.getByTestId('my-phone').fill(member.phone);
    await phonePage.getByTestId('my-start').click();
    await phonePage.getByTestId('my-code').fill(await phonePage.getByTestId('my-displayed-code').innerText());
    await phonePage.getByTestId('my-confirm').click();
    await phonePage.getByTestId('my-record').waitFor();

    // The QR code opens the check-in page with the code filled in.
    await phonePage.goto(`${server.url}/check-in?code=${code}`);
    expect(await phonePage.getByTestId('check-in-input').inputValue()).toBe(code);
    await phonePage.getByTestId('check-in-submit').click();
    await expect.poll(text(phonePage, 'check-in-done')).toContain('签到成功');
    expect(await noHorizontalOverflow(phonePage)).toBeLessThanOrEqual(0);
    await phonePage.screenshot({ path: SCREENSHOTS.checkInPhone, fullPage: true });
    // A wrong code is refused.
    await phonePage.getByRole('button', { name: '再签到一次' }).click();
    await phonePage.getByTestId('check-in-input').fill(code === '000000' ? '000001' : '000000');
    await phonePage.getByTestId('check-in-submit').click();
    await expect.poll(text(phonePage, 'check-in-error')).toContain('签到码不正确或已过期');
    expect(phoneErrors).toEqual([]);
    await phonePage.context().close();

    await page.reload();
    await expect.poll(text(page, 'attendance-present')).toBe('1');
    expect(await page.getByTestId('attendance-status-李秀英').locator('.ant-radio-button-wrapper-checked').innerText()).toBe('出席');
    expect(await page.getByTestId('attendance-expected').innerText()).toBe('4');
  });

  it('the township’s administrator requires a monthly 党课 of its branches; the branch grid asks for one every month', async () => {
    const townAdmin = await server.addUser({ username: 'admin-qingshan', displayName: '周委员', roles: ['org-admin'], homeOrgId: township.id });
    const admin = await signedInPage(browser, server, { user: townAdmin, path: `/compliance?org=${township.id}` });
    const adminErrors = watchErrors(admin);
    await admin.getByTestId('compliance-tab-rules').click();
    await expect.poll(text(admin, 'rules-source-party_lesson')).toBe('全国规定（meetings.2018）');
    expect(await admin.getByTestId('rules-cadence-party_lesson').innerText()).toBe('每季度');

    await admin.getByTestId('meeting-rules-edit').click();
    await admin.getByTestId('meeting-rules-form').waitFor();
    // The dialog zooms in; an option picked while it moves may miss.
    await admin.waitForTimeout(400);
    await chooseOption(admin, 'rules-form-cadence-party_lesson', '每月');
    await expect.poll(text(admin, 'rules-form-cadence-party_lesson')).toBe('每月');
    await admin.getByTestId('rules-form-source-party_lesson').fill('《青山镇党支部工作规范》');
    await admin.getByTestId('rules-form-article-party_lesson').fill('第八条');
    // A 支部党员大会 less often than every quarter is not offered (第十条).
    await admin.getByTestId('rules-form-cadence-general_meeting').click();
    expect(await admin.locator('.ant-select-dropdown:visible .ant-select-item-option-disabled').innerText()).toBe('每年');
    await admin.keyboard.press('Escape');
    // Someone else sets the township's rules meanwhile: the save is refused, and says why.
    const meanwhile = await server.api('PUT', `/orgs/${township.id}/meeting-rules`, {
      version: 0,
      overrides: { theme_day: { cadence: 'month', cite: { source: '《青山镇党支部工作规范》', article: '第九条' } } },
    });
    expect(meanwhile.status).toBe(200);
    await admin.getByTestId('dialog-ok').click();
    await expect.poll(text(admin, 'form-error')).toContain('会议制度已被他人修改');
    await settle(admin);
    await admin.screenshot({ path: SCREENSHOTS.rulesStale });
    await admin.locator('.ant-modal-close').click();
    await expect.poll(text(admin, 'rules-source-theme_day')).toBe('本级规定（青山镇党委）');

    await admin.getByTestId('meeting-rules-edit').click();
    await admin.getByTestId('meeting-rules-form').waitFor();
    await admin.waitForTimeout(400);
    await chooseOption(admin, 'rules-form-cadence-party_lesson', '每月');
    await expect.poll(text(admin, 'rules-form-cadence-party_lesson')).toBe('每月');
    // The document named on another row is offered.
    expect(await admin.getByTestId('rules-form-source-party_lesson').inputValue()).toBe('《青山镇党支部工作规范》');
    await admin.getByTestId('rules-form-article-party_lesson').fill('第八条');
    await admin.getByTestId('dialog-ok').click();
    await admin.locator('.ant-modal').waitFor({ state: 'detached' });
    await expect.poll(text(admin, 'rules-cadence-party_lesson')).toBe('每月');
    expect(await admin.getByTestId('rules-source-party_lesson').innerText()).toBe('本级规定（青山镇党委）');
    expect(await admin.getByTestId('rules-cite-party_lesson').innerText()).toBe('《青山镇党支部工作规范》 第八条');
    expect(await admin.getByTestId('meeting-rules-own').innerText()).toBe('本组织规定了 2 类会议的频次');
    await settle(admin);
    await admin.screenshot({ path: SCREENSHOTS.rules, fullPage: true });

    // The branch sees where its cadence comes from.
    const year = Number(todayInChina().slice(0, 4));
    await admin.goto(`${server.url}/compliance?org=${branch.id}&view=rules`);
    await expect.poll(text(admin, 'rules-source-party_lesson')).toBe('青山镇党委规定');
    await admin.getByTestId('compliance-tab-grid').click();
    await expect.poll(() => admin.locator('[data-testid^="compliance-cell-party_lesson-"]').count()).toBe(12);
    expect(await admin.getByTestId(`compliance-cell-party_lesson-${year}-01`).count()).toBe(1);
    expect(await admin.getByTestId('compliance-cite-party_lesson').innerText()).toBe('《青山镇党支部工作规范》 第八条');
    await settle(admin);
    await admin.screenshot({ path: SCREENSHOTS.gridMonthlyLesson, fullPage: true });

    const phone = await browser.newContext({ ...PHONE, storageState: await admin.context().storageState() });
    const phonePage = await phone.newPage();
    const phoneErrors = watchErrors(phonePage);
    await phonePage.goto(`${server.url}/compliance?org=${township.id}&view=rules`);
    await expect.poll(text(phonePage, 'rules-cadence-party_lesson')).toBe('每月');
    expect(await noHorizontalOverflow(phonePage)).toBeLessThanOrEqual(0);
    await phonePage.waitForTimeout(300);
    await phonePage.screenshot({ path: SCREENSHOTS.rulesPhone, fullPage: true });
    await phonePage.getByTestId('meeting-rules-edit').click();
    await phonePage.getByTestId('meeting-rules-form').waitFor();
    await phonePage.waitForTimeout(400);
    await phonePage.screenshot({ path: SCREENSHOTS.rulesDialogPhone });
    expect(phoneErrors).toEqual([]);
    await phone.close();
    expect(adminErrors).toEqual([]);
    await admin.context().close();
  });
});
