/**
 * Recruitment (发展党员) in a real browser: a branch secretary records an application, is refused a talk dated before
 * it (the article and the dates shown), records the talk (第七条: within a month) and the designation as activist
 * (推荐和确定入党积极分子) and the contact persons, and sees the next steps with their dates — the six-monthly
 * assessment due (第十条) — on the case page and on the pipeline board, on a desktop and on a phone. The
 * printed talk record carries the talk-giver and the date.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_ACTOR } from '../src/lib/actor.ts';
import { addDays, addMonths, todayInChina } from '../src/lib/dates.ts';
import { checkCharacter } from '../src/lib/id-number.ts';
import { chooseOption, enterDate, launchBrowser, PHONE, signedInPage, watchErrors } from './browser.ts';
import { startServer, type E2eServer, type E2eUser, type OrgRecord } from './server.ts';

const SCREENSHOTS = {
  board: '/tmp/e2e-recruitment-board.png',
  boardPhone: '/tmp/e2e-recruitment-board-phone.png',
  refusal: '/tmp/e2e-recruitment-refusal.png',
  case: '/tmp/e2e-recruitment-case.png',
  casePhone: '/tmp/e2e-recruitment-case-phone.png',
  talkForm: '/tmp/e2e-recruitment-talk-form.png',
};

function idNumber(birth: string, seq: string): string {
  const first17 = `110101${birth.replaceAll('-', '')}${seq}`;
  return first17 + checkCharacter(first17);
}

/** The date pickers refuse days after the browser's today: the browser is in China's time, as its users are. */
const CHINA = 'Asia/Shanghai';
const TODAY = todayInChina();
const APPLIED_ON = addDays(TODAY, -20);
const TALK_ON = addDays(APPLIED_ON, 9);
const APPLICANT = { name: '刘晓梅', idNumber: idNumber('1999-04-18', '026') };
const MEMBERS = [
  { name: '王建国', idNumber: idNumber('1970-05-12', '011'), status: 'full' as const, joinedAt: '1995-07-01', fullAt: '1996-07-01' },
  { name: '李秀英', idNumber: idNumber('1982-03-08', '022'), status: 'full' as const, joinedAt: '2005-06-20', fullAt: '2006-06-20' },
  { name: '陈志强', idNumber: idNumber('1975-11-30', '031'), status: 'full' as const, joinedAt: '2000-07-01', fullAt: '2001-07-01' },
];

let server: E2eServer;
let browser: Browser;
let branch: OrgRecord;
let secretary: E2eUser;
let page: Page;
let errors: string[];
let caseUrl = '';

const text = (p: Page, testId: string) => () => p.getByTestId(testId).innerText();

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

/** Picks a member in a member picker by typing the name. */
async function pickMember(p: Page, testId: string, name: string): Promise<void> {
  await p.getByTestId(testId).click();
  await p.keyboard.type(name);
  await p.locator(`.ant-select-dropdown:visible .ant-select-item-option`, { hasText: name }).click();
}

async function noHorizontalOverflow(p: Page): Promise<number> {
  return p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

describe('recruitment', () => {
  beforeAll(async () => {
    server = await startServer();
    const township = await createOrg(server.root.id, 'QS', '青山镇党委', 'party_committee');
    branch = await createOrg(township.id, 'QS-01', '青山村党支部', 'branch');
    for (const m of MEMBERS) await server.services.members.create(CONSOLE_ACTOR, { orgId: branch.id, ...m });
    secretary = await server.addUser({ username: 'sec-qingshan', displayName: '张书记', roles: ['branch-secretary'], homeOrgId: branch.id });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('records an application from the pipeline board; the talk is due within a month (第七条)', async () => {
    page = await signedInPage(browser, server, { user: secretary, timezoneId: CHINA });
    errors = watchErrors(page);
    await page.getByTestId('menu-recruitment').click();
    await page.getByTestId('recruitment-board').waitFor();
    expect(await page.getByTestId('nav-group-recruitment').innerText()).toBe('发展党员');
    await page.getByTestId('case-create').click();
    await page.getByTestId('case-form').waitFor();
    expect(await page.getByTestId('case-form-branch').innerText()).toContain('青山村党支部');
    await page.getByTestId('case-form-name').fill(APPLICANT.name);
    await page.getByTestId('case-form-id-number').fill(APPLICANT.idNumber);
    await page.getByTestId('case-form-work-unit').fill('青山村合作社');
    await enterDate(page, 'case-form-applied-on', APPLIED_ON);
    await page.getByTestId('dialog-ok').click();
    await page.getByTestId('case-detail').waitFor();
    caseUrl = page.url();
    expect(await page.getByTestId('case-name').innerText()).toBe(APPLICANT.name);
    expect(await page.getByTestId('case-state').innerText()).toBe('入党申请人');
    // The ID number is shown masked, as the server gives it.
    expect(await page.getByTestId('case-fields').innerText()).not.toContain(APPLICANT.idNumber);
    expect(await page.getByTestId('timeline-status-application').innerText()).toBe('已完成');
    expect(await page.getByTestId('timeline-application').innerText()).toContain(APPLIED_ON);
    const next = page.getByTestId('next-application_talk');
    expect(await next.getByTestId('next-due').innerText()).toBe(`应于 ${addMonths(APPLIED_ON, 1)} 前`);
    expect(await next.innerText()).toContain('第七条');
  });

  it('refuses a talk dated before the application, with the article and the dates compared', async () => {
    await page.getByTestId('step-record').click();
    await page.getByTestId('step-form').waitFor();
    expect(await page.getByTestId('step-form-step').innerText()).toContain('党组织派人谈话');
    await enterDate(page, 'step-form-date', addDays(APPLIED_ON, -3));
    await page.getByTestId('step-form-talker-name').fill('张书记');
    await page.getByTestId('dialog-ok').click();
    const refusal = page.getByTestId('form-error');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('日期早于应当先完成的步骤');
    expect(await page.getByTestId('refusal-cite').innerText()).toContain('第七条');
    const dates = await page.getByTestId('finding-dates').innerText();
    expect(dates).toContain(`本步日期：${addDays(APPLIED_ON, -3)}`);
    expect(dates).toContain(`前置步骤日期：${APPLIED_ON}`);
    await settle(page);
    await page.screenshot({ path: SCREENSHOTS.refusal });
  });

  it('records the talk and the designation as activist; the next steps show their dates', async () => {
    await enterDate(page, 'step-form-date', TALK_ON);
    await page.getByTestId('dialog-ok').click();
    await page.getByTestId('step-form').waitFor({ state: 'detached' });
    await expect.poll(text(page, 'timeline-status-application_talk')).toBe('已完成');
    expect(await page.getByTestId('timeline-application_talk').innerText()).toContain('谈话人：张书记');

    await page.getByTestId('step-record').click();
    await page.getByTestId('step-form').waitFor();
    expect(await page.getByTestId('step-form-step').innerText()).toContain('推荐和确定入党积极分子');
    await enterDate(page, 'step-form-date', TODAY);
    await page.getByTestId('dialog-ok').click();
    await page.getByTestId('step-form').waitFor({ state: 'detached' });
    await expect.poll(text(page, 'case-state')).toBe('入党积极分子');
    expect(await page.getByTestId('timeline-status-activist_designation').innerText()).toBe('已完成');
    // Filing and contact persons open now (第八条, 第九条).
    await page.getByTestId('next-activist_filing').waitFor();
    await page.getByTestId('next-contacts_assigned').waitFor();

    await page.getByTestId('step-record').click();
    await page.getByTestId('step-form').waitFor();
    await chooseOption(page, 'step-form-step', '5. 指定培养联系人');
    await enterDate(page, 'step-form-date', TODAY);
    await pickMember(page, 'step-form-contact-1', '王建国');
    await pickMember(page, 'step-form-contact-2', '李秀英');
    await page.getByTestId('dialog-ok').click();
    await page.getByTestId('step-form').waitFor({ state: 'detached' });
    await expect.poll(text(page, 'timeline-status-contacts_assigned')).toBe('已完成');
    expect(await page.getByTestId('timeline-contacts_assigned').innerText()).toContain('培养联系人：王建国');
    // The written assessment is due six months after the designation (第十条).
    const assessment = page.getByTestId('next-activist_assessment');
    expect(await assessment.getByTestId('next-due').innerText()).toBe(`应于 ${addMonths(TODAY, 6)} 前`);
    expect(await assessment.innerText()).toContain('第十条');
    expect(await page.getByTestId('case-findings').innerText()).toContain('没有发现问题');
    await settle(page);
    await page.screenshot({ path: SCREENSHOTS.case, fullPage: true });
  });

  it('shows the case on the board in stage 2 with its next step and due date, on a desktop and a phone', async () => {
    // The step dialog's closing animation must be over before the page takes clicks again.
    await expect.poll(() => page.locator('.ant-modal-wrap:visible').count()).toBe(0);
    await page.getByTestId('case-back').click();
    await page.getByTestId('recruitment-board').waitFor();
    const card = page.getByTestId('stage-2').locator('[data-testid^="case-card-"]').first();
    await card.waitFor();
    expect(await card.innerText()).toContain(APPLICANT.name);
    expect(await card.getByTestId('case-card-next').innerText()).toBe('下一步：入党积极分子报上级党委备案');
    expect(await card.getByTestId('case-card-due').innerText()).toBe(`最近期限：${addMonths(TODAY, 6)}`);
    expect(await card.getAttribute('data-tone')).toBe('plain');
    await settle(page);
    await page.screenshot({ path: SCREENSHOTS.board, fullPage: true });

    const phone = await signedInPage(browser, server, { ...PHONE, timezoneId: CHINA, user: secretary, path: new URL(caseUrl).pathname });
    const phoneErrors = watchErrors(phone);
    await phone.getByTestId('case-detail').waitFor();
    await phone.getByTestId('next-activist_assessment').waitFor();
    expect(await noHorizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await settle(phone);
    await phone.screenshot({ path: SCREENSHOTS.casePhone, fullPage: true });
    await phone.goto(`${server.url}/recruitment`);
    await phone.getByTestId('stage-2').waitFor();
    expect(await noHorizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await settle(phone);
    await phone.screenshot({ path: SCREENSHOTS.boardPhone, fullPage: true });
    expect(phoneErrors).toEqual([]);
    await phone.context().close();
  });

  it('prints the talk record filled from the case', async () => {
    await page.goto(`${caseUrl}/print/talk`);
    const form = page.getByTestId('form-talk');
    await form.waitFor();
    expect(await page.getByTestId('form-name').innerText()).toBe(APPLICANT.name);
    expect(await page.getByTestId('form-talker').innerText()).toBe('张书记');
    const [y, m, d] = TALK_ON.split('-').map(Number);
    expect(await page.getByTestId('form-talk-date').innerText()).toBe(`${y}年${m}月${d}日`);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('form-print').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await settle(page);
    await page.screenshot({ path: SCREENSHOTS.talkForm, fullPage: true });
    expect(errors).toEqual([]);
  });
});
