import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CONSOLE_ACTOR } from '../../lib/actor.ts';
import { checkCharacter } from '../../lib/id-number.ts';
import { startTestApp, type Client, type TestApp } from '../../test/api.ts';
import { XLSX_CONTENT_TYPE } from './members.export.ts';
import { importMembers, type MemberImportError } from './members.import.ts';

interface ErrorBody {
  error: { code: string; message: string; details: { errors?: MemberImportError[]; total?: number; permission?: string } | null };
}

/** A valid ID number: region, birth date (YYYYMMDD), sequence (odd = male). */
const idNumber = (birth: string, seq: number, region = '440300') => {
  const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};
const date = (iso: string) => new Date(`${iso}T00:00:00Z`);

const HEADER = [
  '姓名', '性别', '民族', '公民身份号码', '出生日期', '手机号码', '学历', '工作单位及职务', '户籍类型',
  '党员类别', '入党日期', '转正日期', '所在党支部编码', '党小组编码', '流动党员', '困难党员', '老党员', '在职党员', '退休',
];
type Cell = string | number | Date | null;
/** A good row in the header's order; `change` replaces cells by header. */
function row(name: string, id: string, change: Record<string, Cell> = {}): Cell[] {
  const base: Record<string, Cell> = {
    姓名: name,
    性别: Number(id[16]) % 2 === 1 ? '男' : '女',
    民族: '汉族',
    公民身份号码: id,
    出生日期: date(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`),
    手机号码: 13800000000 + Number(id.slice(14, 17)),
    学历: '大学本科',
    工作单位及职务: '青石镇人民政府 科员',
    户籍类型: '农村',
    党员类别: '正式党员',
    入党日期: date('2010-07-01'),
    转正日期: date('2011-07-01'),
    所在党支部编码: 'TB-A',
    党小组编码: '',
    流动党员: '否',
    困难党员: '否',
    老党员: '否',
    在职党员: '是',
    退休: '否',
    ...change,
  };
  return HEADER.map((h) => base[h] ?? null);
}

/** An xlsx as a spreadsheet program saves it: shared strings, date cells with a date format, IDs as text cells. */
async function workbook(rows: readonly Cell[][], header: readonly string[] = HEADER): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('党员花名册');
  sheet.addRow([...header]);
  for (const values of rows) {
    const r = sheet.addRow([...values]);
    values.forEach((v, i) => {
      const cell = r.getCell(i + 1);
      if (v instanceof Date) cell.numFmt = 'yyyy/m/d';
      else if (typeof v === 'string' && /^\d{17}[\dX]$/.test(v)) cell.numFmt = '@';
    });
  }
  wb.addWorksheet('说明').addRow(['本表由某县委组织部下发']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csv = (rows: readonly string[][]) => Buffer.from(`\uFEFF${rows.map((r) => r.join(',')).join('\r\n')}\r\n`);

let t: TestApp;
let admin: Client;
let secretary: Client;
const ids: Record<string, string> = {};

async function upload<T>(client: Client, url: string, body: Buffer, contentType: string) {
  const res = await t.app.inject({
    method: 'POST',
    url,
    payload: body,
    headers: { cookie: client.cookie, 'x-csrf-token': client.csrfToken, 'content-type': contentType },
  });
  return { status: res.statusCode, body: res.json<T>() };
}
const importUrl = (orgId: string, dryRun = false) => `/api/v1/members/import?orgId=${orgId}&dryRun=${dryRun}`;

async function download(client: Client, url: string) {
  const res = await t.app.inject({ method: 'GET', url, headers: { cookie: client.cookie } });
  return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload, text: res.body };
}

async function sheetOf(bytes: Buffer, index = 0): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = wb.worksheets[index];
  const out: string[][] = [];
  sheet?.eachRow((r) => {
    const values = r.values as ExcelJS.CellValue[];
    out.push(values.slice(1).map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? '' : String(v))));
  });
  return out;
}

const memberCount = async () => Number((await t.handle.db.selectFrom('members').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const auditActions = async (action: string) => t.handle.db.selectFrom('audit_log').select(['action', 'summary', 'org_path']).where('action', '=', action).orderBy('seq').execute();

beforeAll(async () => {
  t = await startTestApp();
  const root = await t.createRoot();
  const mk = (parentId: string, code: string, kind: 'party_committee' | 'branch' | 'group') =>
    t.services.orgs.create(CONSOLE_ACTOR, { parentId, code, name: code, kind, domain: 'rural' });
  const town = await mk(root.id, 'TOWN', 'party_committee');
  ids.town = town.id;
  ids.branchA = (await mk(town.id, 'TB-A', 'branch')).id;
  ids.groupA = (await mk(ids.branchA, 'TB-A-G1', 'group')).id;
  ids.branchB = (await mk(town.id, 'TB-B', 'branch')).id;
  ids.groupB = (await mk(ids.branchB, 'TB-B-G1', 'group')).id;
  const other = await mk(root.id, 'OTHER', 'party_committee');
  ids.otherBranch = (await mk(other.id, 'OT-A', 'branch')).id;
  admin = await t.signIn({ roles: ['org-admin'], homeOrgId: town.id });
  secretary = await t.signIn({ roles: ['branch-secretary'], homeOrgId: ids.branchA });
  // Someone already registered in another township: the import must not register the same ID number again.
  await t.services.members.create(CONSOLE_ACTOR, { orgId: ids.otherBranch, name: '赵先登', idNumber: idNumber('19700101', 11), status: 'full', joinedAt: '1995-07-01', fullAt: '1996-07-01' });
});
afterAll(async () => {
  await t.close();
});

describe('member import', () => {
  test('the template has the roster headers, an example row that passes the rules, and a sheet explaining each column', async () => {
    const res = await download(admin, '/api/v1/members/template.xlsx');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_CONTENT_TYPE);
    const [headers, example] = await sheetOf(res.bytes);
    expect(headers).toEqual(expect.arrayContaining(['姓名', '性别', '民族', '公民身份号码', '出生日期', '手机号码', '学历', '工作单位', '职务', '户籍类型', '党员类别', '入党日期', '转正日期', '所在党支部编码', '党小组编码', '流动党员', '困难党员', '老党员', '在职党员', '退休']));
    expect(example?.[0]).toBe('张建国');
    const help = await sheetOf(res.bytes, 1);
    expect(help.map((r) => r[0])).toContain('公民身份号码');
    expect(help.find((r) => r[0] === '入党日期')?.[2]).toContain('第一条');

    // The template itself, its example pointed at a real branch, imports (dry run).
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.bytes as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0] as ExcelJS.Worksheet;
    sheet.getCell(2, (headers ?? []).indexOf('所在党支部编码') + 1).value = 'TB-A';
    const dry = await upload<{ valid: number }>(admin, importUrl(ids.town as string, true), Buffer.from(await wb.xlsx.writeBuffer()), XLSX_CONTENT_TYPE);
    expect(dry.body).toEqual({ valid: 1, errors: [] });

    const inspector = await t.signIn({ roles: ['inspector'], homeOrgId: ids.town as string });
    expect((await download(inspector, '/api/v1/members/template.xlsx')).status).toBe(403);
  });

  test('an xlsx saved by a spreadsheet program imports: dates as date cells, IDs as text, Chinese headers, one audit row', async () => {
    const file = await workbook([
      row('王建军', idNumber('19750315', 31), { 老党员: '是', 在职党员: '否', 退休: '是' }),
      row('李秀英', idNumber('19880620', 42), { 党小组编码: 'TB-A-G1', 学历: '大专' }),
      row('陈晓明', idNumber('20000101', 13), { 党员类别: '预备党员', 入党日期: date('2025-06-01'), 转正日期: null, 所在党支部编码: 'TB-B', 流动党员: '是' }),
    ]);
    const dry = await upload(admin, importUrl(ids.town as string, true), file, XLSX_CONTENT_TYPE);
    expect(dry).toEqual({ status: 200, body: { valid: 3, errors: [] } });
    expect(await memberCount()).toBe(1);

    const res = await upload(admin, importUrl(ids.town as string), file, `${XLSX_CONTENT_TYPE}`);
    expect(res).toEqual({ status: 200, body: { imported: 3 } });
    const members = await t.handle.db.selectFrom('members').selectAll().where('name', 'in', ['王建军', '李秀英', '陈晓明']).orderBy('name').execute();
    expect(members.map((m) => [m.name, m.sex, m.birth_date, m.status, m.joined_on, m.full_on, m.education, m.is_veteran, m.is_retired, m.is_flowing, m.group_id, m.org_id])).toEqual([
      ['李秀英', 'female', '1988-06-20', 'full', '2010-07-01', '2011-07-01', 'college', 0, 0, 0, ids.groupA, ids.branchA],
      ['王建军', 'male', '1975-03-15', 'full', '2010-07-01', '2011-07-01', 'bachelor', 1, 1, 0, null, ids.branchA],
      ['陈晓明', 'male', '2000-01-01', 'probationary', '2025-06-01', null, 'bachelor', 0, 0, 1, null, ids.branchB],
    ]);
    expect(members.every((m) => m.work_unit === '青石镇人民政府 科员' && m.household_type === 'rural' && m.phone_enc && !m.id_number_enc.includes('1975'))).toBe(true);
    const history = await t.handle.db.selectFrom('member_history').select(['action', 'changes']).where('member_id', 'in', members.map((m) => m.id)).execute();
    expect(history.map((h) => h.action)).toEqual(['member.import', 'member.import', 'member.import']);
    expect(history.map((h) => h.changes).join()).not.toContain(idNumber('19750315', 31));
    const audit = await auditActions('member.import');
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]?.summary ?? '{}')).toMatchObject({ count: 3, fileKind: 'xlsx' });
  });

  test('one bad row imports nothing, and the answer names its row and column', async () => {
    const file = await workbook([
      row('周卫国', idNumber('19800101', 51)),
      row('吴建华', idNumber('19810202', 61), { 入党日期: date('1995-07-01'), 转正日期: date('1996-07-01') }),
      row('郑丽', idNumber('19820303', 72)),
    ]);
    const before = await memberCount();
    const res = await upload<ErrorBody>(admin, importUrl(ids.town as string), file, XLSX_CONTENT_TYPE);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('import.rows_invalid');
    expect(res.body.error.details?.errors).toEqual([
      { row: 3, column: '入党日期', code: 'member.under_age', message: expect.stringContaining('第一条') },
    ]);
    expect(await memberCount()).toBe(before);
    expect(await auditActions('member.import')).toHaveLength(1);
  });

  test.each<[string, string, string, Record<string, Cell>]>([
    ['wrong checksum (GB 11643)', '公民身份号码', 'member.id_number_invalid', { 公民身份号码: `${idNumber('19850505', 81).slice(0, 17)}${idNumber('19850505', 81).endsWith('0') ? '1' : '0'}` }],
    ['30 February as the birth date', '出生日期', 'import.invalid_date', { 出生日期: '1985-02-30' }],
    ['30 February inside the ID number', '公民身份号码', 'member.id_number_invalid', { 公民身份号码: idNumber('19850230', 81), 出生日期: null }],
    ['under 18 at 入党 (党章 第一条)', '入党日期', 'member.under_age', { 入党日期: date('2002-01-01'), 转正日期: date('2003-01-01') }],
    ['转正 before 入党', '转正日期', 'member.full_before_joined', { 转正日期: date('2009-07-01') }],
    ['转正 within the year of probation (党章 第七条)', '转正日期', 'member.probation_not_ended', { 转正日期: date('2011-01-01') }],
    ['a full member without a 转正 date', '转正日期', 'member.full_date_required', { 转正日期: null }],
    ['an unknown org code', '所在党支部编码', 'member.org_not_found', { 所在党支部编码: 'NO-SUCH' }],
    ['a branch outside the imported subtree', '所在党支部编码', 'member.org_not_found', { 所在党支部编码: 'OT-A' }],
    ['an org that is not a branch', '所在党支部编码', 'member.org_not_branch', { 所在党支部编码: 'TOWN' }],
    ['a 党小组 of another branch', '党小组编码', 'member.group_invalid', { 党小组编码: 'TB-B-G1' }],
    ['an ID number already registered in another org', '公民身份号码', 'member.id_number_taken', { 公民身份号码: idNumber('19700101', 11), 出生日期: null, 性别: null }],
    ['sex disagreeing with the ID number', '性别', 'member.sex_mismatch', { 性别: '女' }],
    ['an unknown education', '学历', 'import.invalid_value', { 学历: '幼儿园' }],
    ['a flag that is neither 是 nor 否', '困难党员', 'import.invalid_value', { 困难党员: '也许' }],
    ['an unknown status', '党员类别', 'import.invalid_value', { 党员类别: '积极分子' }],
    ['a phone that is not a mobile number', '手机号码', 'member.phone_invalid', { 手机号码: '010-1234' }],
    ['a name longer than the form allows', '姓名', 'import.invalid_value', { 姓名: '长'.repeat(51) }],
  ])('%s → row 3, column %s, %s', async (_label, column, code, change) => {
    const file = await workbook([row('孙立新', idNumber('19900909', 91)), row('钱文华', idNumber('19850505', 81), change)]);
    // A caller of its own per case: imports are rate-limited per account.
    const caller = await t.signIn({ roles: ['org-admin'], homeOrgId: ids.town as string });
    const res = await upload<ErrorBody>(caller, importUrl(ids.town as string, true), file, XLSX_CONTENT_TYPE);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    const errors = res.body.error.details?.errors ?? [];
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([[3, column, code]]);
  });

  test('the same ID number twice in a file names both rows', async () => {
    const twice = idNumber('19660606', 21);
    const file = csv([HEADER.slice(0, 14), ...[2, 3].map(() => ['冯志强', '', '', twice, '', '', '', '', '', '正式党员', '1990-07-01', '1991-07-01', 'TB-A', ''])]);
    const res = await upload<ErrorBody>(admin, importUrl(ids.town as string), file, 'text/csv; charset=utf-8');
    expect(res.body.error.details?.errors).toEqual([{ row: 3, column: '公民身份号码', code: 'import.duplicate_in_file', message: 'the same ID number is already on row 2' }]);
  });

  test('English headers and values are accepted; a branch secretary imports into the own branch without a code column', async () => {
    const file = csv([
      ['Name', 'ID Number', 'Status', 'Joined On', 'Full On', 'Education', 'Household Type', 'Flowing'],
      ['褚红梅', idNumber('19920808', 22), 'full', '2015/7/1', '2016年7月1日', 'graduate', 'urban', 'yes'],
    ]);
    const res = await upload(secretary, importUrl(ids.branchA as string), file, 'text/csv');
    expect(res).toEqual({ status: 200, body: { imported: 1 } });
    const m = await t.handle.db.selectFrom('members').selectAll().where('name', '=', '褚红梅').executeTakeFirstOrThrow();
    expect([m.org_id, m.joined_on, m.full_on, m.education, m.household_type, m.is_flowing]).toEqual([ids.branchA, '2015-07-01', '2016-07-01', 'graduate', 'urban', 1]);

    const missing = await upload<ErrorBody>(secretary, importUrl(ids.branchA as string), csv([['姓名', '入党日期'], ['x', '2015-07-01']]), 'text/csv');
    expect(missing.body.error.details?.errors?.map((e) => e.column)).toEqual(['公民身份号码', '党员类别']);
  });

  test('scope: a secretary cannot import into another branch, nor reach it by code', async () => {
    const file = csv([['姓名', '公民身份号码', '党员类别', '入党日期', '转正日期', '所在党支部编码'], ['卫东', idNumber('19930303', 33), '正式党员', '2015-07-01', '2016-07-01', 'TB-B']]);
    expect((await upload<ErrorBody>(secretary, importUrl(ids.branchB as string), file, 'text/csv')).status).toBe(404);
    const res = await upload<ErrorBody>(secretary, importUrl(ids.branchA as string), file, 'text/csv');
    expect(res.body.error.details?.errors?.map((e) => e.code)).toEqual(['member.org_not_found']);
  });

  test('refuses what is not a roster file: wrong magic bytes, binary CSV, other content types, oversize bodies', async () => {
    const notXlsx = await upload<ErrorBody>(admin, importUrl(ids.town as string), Buffer.from('姓名,公民身份号码\r\n'), XLSX_CONTENT_TYPE);
    expect([notXlsx.status, notXlsx.body.error.code]).toEqual([400, 'import.unreadable']);
    const fakeZip = await upload<ErrorBody>(admin, importUrl(ids.town as string), Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)]), XLSX_CONTENT_TYPE);
    expect([fakeZip.status, fakeZip.body.error.code]).toEqual([400, 'import.unreadable']);
    const binary = await upload<ErrorBody>(admin, importUrl(ids.town as string), Buffer.from([0x41, 0x00, 0x42, 0x0a]), 'text/csv');
    expect([binary.status, binary.body.error.code]).toEqual([400, 'import.unreadable']);
    const json = await upload<ErrorBody>(admin, importUrl(ids.town as string), Buffer.from('{}'), 'application/json');
    expect([json.status, json.body.error.code]).toEqual([415, 'import.unsupported_media_type']);
    const huge = await upload<ErrorBody>(admin, importUrl(ids.town as string), Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(21 * 1024 * 1024)]), XLSX_CONTENT_TYPE);
    expect([huge.status, huge.body.error.code]).toEqual([413, 'request.too_large']);
    const empty = await upload<ErrorBody>(admin, importUrl(ids.town as string), await workbook([]), XLSX_CONTENT_TYPE);
    expect([empty.status, empty.body.error.code]).toEqual([400, 'import.empty']);
  });

  test('past the row or unpacked-size limits the reading stops with 413, and nothing is written', async () => {
    const file = await workbook([row('蒋一', idNumber('19700303', 35)), row('蒋二', idNumber('19700404', 45)), row('蒋三', idNumber('19700505', 55))]);
    const deps = { db: t.handle.db, crypto: t.crypto, audit: t.services.audit };
    const before = await memberCount();
    for (const limits of [{ maxRows: 2 }, { maxUnpackedBytes: 2000 }]) {
      const error = await importMembers(deps, CONSOLE_ACTOR, file, { orgId: ids.town as string, format: 'xlsx', limits }).catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 413, code: 'import.too_large' });
    }
    expect(await memberCount()).toBe(before);
  });
});

describe('counts after an import', () => {
  test('every figure of the counts agrees with the roster filtered the same way', async () => {
    type Counts = { total: number; sex: Record<string, number>; status: Record<string, number>; ageBand: Record<string, number>; education: Record<string, number>; flags: Record<string, number> };
    const counts = (await admin.call<Counts>('GET', `/api/v1/members/counts?orgId=${ids.town}`)).body;
    const listed = async (query: string) => (await admin.call<{ total: number }>('GET', `/api/v1/members?orgId=${ids.town}&pageSize=1&${query}`)).body.total;
    expect(counts.total).toBeGreaterThan(3);
    expect(counts.total).toBe(await listed(''));
    for (const [dimension, filter] of [['sex', 'sex'], ['status', 'status'], ['ageBand', 'ageBand'], ['education', 'education'], ['flags', 'flag']] as const) {
      for (const [value, n] of Object.entries(counts[dimension])) expect(n, `${dimension}=${value}`).toBe(await listed(`${filter}=${value}`));
    }
    expect(Object.values(counts.ageBand).reduce((a, b) => a + b, 0)).toBe(counts.total);
  });
});

describe('member export', () => {
  const NAMES = { formula: '=HYPERLINK("http://x","点我")', plus: '+1+1', at: '@SUM(A1)' };

  beforeAll(async () => {
    // Text that a spreadsheet program would run as a formula, entered through the import.
    const file = csv([
      ['姓名', '公民身份号码', '手机号码', '党员类别', '入党日期', '转正日期', '所在党支部编码', '工作单位', '职务'],
      [`"${NAMES.formula.replaceAll('"', '""')}"`, idNumber('19780707', 75), '13912345678', '正式党员', '2000-07-01', '2001-07-01', 'TB-B', NAMES.at, '-2+3'],
      [NAMES.plus, idNumber('19790808', 86), '', '预备党员', '2025-03-01', '', 'TB-B', '', ''],
    ]);
    expect((await upload(admin, importUrl(ids.town as string), file, 'text/csv')).status).toBe(200);
  });

  test('xlsx: the subtree in the template columns, ID and phone masked, formulas escaped, audited', async () => {
    const res = await download(admin, `/api/v1/members/export?orgId=${ids.branchB}&format=xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_CONTENT_TYPE);
    expect(res.headers['content-disposition']).toContain('members-TB-B.xlsx');
    const [headers, ...rows] = await sheetOf(res.bytes);
    const col = (name: string) => (headers ?? []).indexOf(name);
    expect(headers?.slice(0, 4)).toEqual(['姓名', '性别', '民族', '公民身份号码']);
    const byName = new Map(rows.map((r) => [r[col('姓名')], r]));
    const formula = byName.get(`'${NAMES.formula}`);
    expect(formula, JSON.stringify(rows)).toBeDefined();
    expect(formula?.[col('公民身份号码')]).toBe(`440***********${idNumber('19780707', 75).slice(-4)}`);
    expect(formula?.[col('手机号码')]).toBe('139****5678');
    expect(formula?.[col('工作单位')]).toBe(`'${NAMES.at}`);
    expect(formula?.[col('职务')]).toBe(`'-2+3`);
    expect(formula?.[col('入党日期')]).toBe('2000-07-01');
    expect(formula?.[col('所在党支部编码')]).toBe('TB-B');
    expect(byName.get(`'${NAMES.plus}`)?.[col('党员类别')]).toBe('预备党员');
    expect(rows).toHaveLength(3);
    const audit = await auditActions('member.export');
    expect(JSON.parse(audit.at(-1)?.summary ?? '{}')).toEqual({ org: 'TB-B', format: 'xlsx', full: false, rows: 3 });
    expect(await auditActions('member.export_full')).toHaveLength(0);
  });

  test('CSV: RFC 4180 with a UTF-8 BOM, masked, formulas escaped', async () => {
    const res = await download(admin, `/api/v1/members/export?orgId=${ids.branchB}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]?.startsWith('姓名,性别,民族,公民身份号码,出生日期,手机号码')).toBe(true);
    expect(res.text).toContain(`"'=HYPERLINK(""http://x"",""点我"")"`);
    expect(res.text).toContain(`'${NAMES.plus},`);
    expect(res.text).toContain(`'${NAMES.at}`);
    expect(res.text).not.toContain(idNumber('19780707', 75));
    expect(res.text).not.toContain('13912345678');
    expect(lines.at(-1)).toBe('');
  });

  test('full values only with personal.full_view, and the full export is audited', async () => {
    const refused = await download(secretary, `/api/v1/members/export?orgId=${ids.branchA}&format=csv&full=true`);
    expect(refused.status).toBe(403);
    const forbidden = await t.handle.db.selectFrom('audit_log').select('target_id').where('action', '=', 'auth.forbidden').execute();
    expect(forbidden.map((f) => f.target_id)).toContain('GET /api/v1/members/export?full=true');
    expect((await download(secretary, `/api/v1/members/export?orgId=${ids.branchA}&format=csv`)).status).toBe(200);

    const full = await download(admin, `/api/v1/members/export?orgId=${ids.branchB}&format=csv&full=true`);
    expect(full.status).toBe(200);
    expect(full.text).toContain(idNumber('19780707', 75));
    expect(full.text).toContain('13912345678');
    const audit = await auditActions('member.export_full');
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]?.summary ?? '{}')).toEqual({ org: 'TB-B', format: 'csv', full: true, rows: 3 });
  });

  test('scope: a secretary cannot export a sibling branch', async () => {
    expect((await download(secretary, `/api/v1/members/export?orgId=${ids.branchB}`)).status).toBe(404);
  });
});
