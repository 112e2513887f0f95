import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CONSOLE_ACTOR } from '../../lib/actor.ts';
import { checkCharacter } from '../../lib/id-number.ts';
import { writeXlsx } from '../../lib/spreadsheet.ts';
import { startTestApp, type Client, type TestApp } from '../../test/api.ts';

interface ImportResult {
  dryRun: boolean;
  cases: number;
  hard: number;
  soft: number;
  items: { row: number; name: string; caseId: string | null; state: string; findings: { code: string; severity: string; rule: { cite: string } }[] }[];
}
interface ErrorBody {
  error: { code: string; details: { errors: { row: number; column: string; code: string }[] } };
}

const idFor = (birth: string, seq: number) => {
  const first17 = `440300${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};

const HEADER = [
  '姓名', '公民身份号码', '所在党支部编码',
  '1.递交入党申请书', '2.党组织派人谈话', '3.推荐和确定入党积极分子', '4.积极分子报上级党委备案', '5.指定培养联系人', '6.培养教育考察',
  '7.确定发展对象', '8.发展对象报上级党委备案', '9.确定入党介绍人', '10.政治审查', '11.集中培训', '12.支委会审查', '13.上级党委预审',
  '14.填写入党志愿书', '15.支部大会讨论接收', '16.上级党委派人谈话', '17.上级党委审批接收', '18.再上一级党委组织部门备案',
  '19.编入党支部和党小组', '20.入党宣誓', '22.提出转正申请', '23.支部大会讨论转正', '24.上级党委审批转正', '25.材料归档',
  '培训天数', '培训学时', '政审结论', '预审结果', '转正结论', '入党介绍人', '培养联系人', '入党志愿书编号',
];
const BY_THE_BOOK = [
  '2019-03-01', '2019-03-20', '2019-06-10', '2019-06-15', '2019-06-10', '2019-12-10、2020-06-08',
  '2020-06-20', '2020-06-28', '2020-07-01', '2020-08-15', '2020-09-05', '2020-09-20', '2020-10-10',
  '2020-10-15', '2020-10-28', '2020-11-10', '2020-12-20', '2020-12-30',
  '2020-12-25', '2021-01-05', '2021-10-20', '2021-10-28', '2021-12-15', '2022-01-10',
  '3', '24', '合格', '通过', '按期转正', '李联系、赵联系', '李联系、赵联系', 'ZYS-0001',
];
/** The first `n` step dates of the book case, the rest blank. */
const partial = (n: number, patch: Record<number, string> = {}) => BY_THE_BOOK.map((v, i) => (i < n ? (patch[i] ?? v) : ''));
const csv = (rows: readonly string[][]) => Buffer.from(`\uFEFF${rows.map((r) => r.join(',')).join('\r\n')}\r\n`);

let t: TestApp;
let admin: Client;
let townId = '';
let branchId = '';

beforeAll(async () => {
  t = await startTestApp();
  const root = await t.createRoot();
  townId = (await t.services.orgs.create(CONSOLE_ACTOR, { parentId: root.id, code: 'TOWN', name: '镇党委', kind: 'party_committee', domain: 'rural' })).id;
  branchId = (await t.services.orgs.create(CONSOLE_ACTOR, { parentId: townId, code: 'B1', name: '一村党支部', kind: 'branch', domain: 'rural' })).id;
  admin = await t.signIn({ roles: ['org-admin'], homeOrgId: townId });
});
afterAll(async () => {
  await t.close();
});

async function upload<T>(body: Buffer, contentType: string, dryRun = false) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/recruitment/cases/import?orgId=${townId}&dryRun=${dryRun}`,
    payload: body,
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': contentType },
  });
  return { status: res.statusCode, body: res.json<T>() };
}

const FILE = csv([
  HEADER,
  ['张三', idFor('19950402', 11), 'B1', ...BY_THE_BOOK],
  // Named a development target after ten months as activist.
  ['李四', idFor('19960101', 13), 'B1', ...partial(7, { 5: '2019-12-10', 6: '2020-04-20' })],
  // The talk six weeks after the application; nothing since the activist decision.
  ['王五', idFor('19970101', 15), 'B1', ...partial(3, { 1: '2019-04-12' })],
]);

describe('backfill of past cases (the history is imported, its violations reported with their articles)', () => {
  test('unreadable rows refuse the file with row and column; nothing is written', async () => {
    const bad = csv([HEADER, ['赵六', '440300199001010010', 'B1', ...partial(1)], ['钱七', idFor('19900101', 17), 'B1', ...partial(2, { 1: '2019-02-30' })], ['孙八', idFor('19900101', 19), 'NOPE', ...partial(1)]]);
    const res = await upload<ErrorBody>(bad, 'text/csv');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('import.rows_invalid');
    expect(res.body.error.details.errors).toEqual([
      expect.objectContaining({ row: 2, column: '公民身份号码', code: 'recruitment.id_number_invalid' }),
      expect.objectContaining({ row: 3, column: '2.党组织派人谈话', code: 'import.date_invalid' }),
      expect.objectContaining({ row: 4, column: '所在党支部编码', code: 'recruitment.org_not_found' }),
    ]);
    const missing = await upload<ErrorBody>(csv([['姓名', '公民身份号码'], ['x', idFor('19900101', 21)]]), 'text/csv');
    expect(missing.body.error.details.errors).toEqual([expect.objectContaining({ column: '1.递交入党申请书', code: 'import.column_missing' })]);
    expect((await upload(FILE, 'application/json')).status).toBe(415);
    const count = await t.handle.db.selectFrom('recruitment_cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  test('a dry run reports the findings and writes nothing', async () => {
    const res = await upload<ImportResult>(FILE, 'text/csv', true);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, cases: 3, hard: 1, soft: 1 });
    expect(res.body.items.every((i) => i.caseId === null)).toBe(true);
    const count = await t.handle.db.selectFrom('recruitment_cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  test('the import names each mistake with its article, none on the correct case, and makes the member record', async () => {
    const res = await upload<ImportResult>(FILE, 'text/csv');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [book, early, late] = res.body.items;
    expect(book).toMatchObject({ name: '张三', state: 'full', findings: [] });
    expect(early?.state).toBe('target');
    expect(early?.findings.map((f) => [f.code, f.severity])).toEqual([['recruitment.activist_period_too_short', 'hard']]);
    expect(early?.findings[0]?.rule.cite).toContain('第十二条');
    expect(late?.findings.map((f) => f.code)).toEqual(['recruitment.talk_overdue']);
    expect(late?.findings[0]?.rule.cite).toContain('第七条');

    const compliance = await admin.call<{ findings: { code: string }[]; stored: { code: string }[] }>('GET', `/api/v1/recruitment/cases/${early?.caseId}/compliance`);
    expect(compliance.body.findings.map((f) => f.code)).toEqual(['recruitment.activist_period_too_short']);
    expect(compliance.body.stored.map((f) => f.code)).toEqual(['recruitment.activist_period_too_short']);

    const detail = await admin.call<{ memberId: string; steps: { step: string; actors: { name: string }[] }[] }>('GET', `/api/v1/recruitment/cases/${book?.caseId}`);
    expect(detail.body.steps.find((s) => s.step === 'introducers_assigned')?.actors.map((a) => a.name).sort()).toEqual(['李联系', '赵联系'].sort());
    const member = await admin.call<{ status: string; joinedAt: string; fullAt: string; orgId: string }>('GET', `/api/v1/members/${detail.body.memberId}`);
    expect(member.body).toMatchObject({ status: 'full', joinedAt: '2020-10-28', fullAt: '2021-10-28', orgId: branchId });

    const report = await admin.call<{ findings: { code: string; severity: string; cases: number }[] }>('GET', `/api/v1/orgs/${townId}/recruitment-report`);
    expect(report.body.findings).toEqual([
      expect.objectContaining({ code: 'recruitment.activist_period_too_short', severity: 'hard', cases: 1 }),
      expect.objectContaining({ code: 'recruitment.talk_overdue', severity: 'soft', cases: 1 }),
    ]);
    const audit = await t.handle.db.selectFrom('audit_log').select('action').where('action', '=', 'recruitment.import').execute();
    expect(audit).toHaveLength(1);
  });

  test('the same people again are refused (one case per person)', async () => {
    const res = await upload<ErrorBody>(FILE, 'text/csv');
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0]).toMatchObject({ row: 2, code: 'recruitment.case_exists' });
  });

  test('an xlsx file reads the same way', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recruitment-'));
    try {
      const file = join(dir, 'cases.xlsx');
      await writeXlsx(file, [HEADER, ['周九', idFor('19980808', 23), 'B1', ...partial(3)]]);
      const res = await upload<ImportResult>(await readFile(file), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.items).toMatchObject([{ name: '周九', state: 'activist', findings: [] }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
