import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../db/test-db.ts';
import type { DbHandle } from '../../db/create-db.ts';
import { SYSTEM_ACTOR } from '../../lib/actor.ts';
import { createCryptoProvider } from '../../lib/crypto/provider.ts';
import { AppError } from '../../lib/errors.ts';
import { parseCsv, readSheet, writeCsv, writeXlsx, type SheetRow } from '../../lib/spreadsheet.ts';
import { AuditTrail } from '../audit/audit.service.ts';
import { importOrgs, normalizeDate, type ImportRowError } from './orgs.import.ts';
import { OrgService } from './orgs.service.ts';
import { SEGMENT_WIDTH } from './tree.ts';

const dir = mkdtempSync(join(tmpdir(), 'xianfeng-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(file: string): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const row of readSheet(file)) rows.push(row);
  return rows;
}

const crypto = createCryptoProvider('intl', randomBytes(32));
const services = (handle: DbHandle) => {
  const audit = new AuditTrail(handle.db, crypto);
  return { audit, orgs: new OrgService(handle.db, audit) };
};

async function importFile(handle: DbHandle, file: string) {
  return importOrgs(handle.db, services(handle).audit, SYSTEM_ACTOR, await readAll(file), { fileName: file });
}

async function invalidRows(promise: Promise<unknown>): Promise<ImportRowError[]> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError.code).toBe('import.rows_invalid');
  return (appError.details as { errors: ImportRowError[] }).errors;
}

const CHINESE_HEADER = ['组织编码', '组织名称', '组织类别', '所属领域', '上级组织编码', '成立日期', '计划结束日期'];

/** A county in Chinese headers, a child listed before its parent, and the quirks of real CSV files. */
const GOOD_CSV_ROWS = [
  CHINESE_HEADER,
  ['AP', '中共安平县委员会', '党委', '机关', '', '1949-10-01', ''],
  ['AP-T01-V01', '河东村党支部', '党支部', '农村', 'AP-T01', '2001/3/5', ''],
  ['AP-T01', '中共青石镇委员会', '党委', '农村', 'AP', '', ''],
  ['AP-T01-V01-G1', '第一党小组', '党小组', '农村', 'AP-T01-V01', '', ''],
  ['AP-X01', '安平县"五一"建设项目临时党支部, 一期', '临时党组织', '国有企业', 'AP', '2024年3月1日', '2026-12-31'],
  ['AP-U01', '安平县第一中学党支部', 'branch', 'institution', 'AP', '', ''],
];

describe('readSheet', () => {
  it('parses RFC 4180 CSV: quotes, doubled quotes, CRLF and line breaks inside fields', () => {
    const records = [...parseCsv('a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n,,\n"",last,\r\n')];
    expect(records).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\nlines'],
      ['', '', ''],
      ['', 'last', ''],
    ]);
  });

  it('reads a GB18030 CSV as saved by a Chinese Excel, and skips blank rows', async () => {
    const file = join(dir, 'gbk.csv');
    const text = '组织编码,组织名称\r\n\r\nA1,河东村党支部\r\n';
    writeFileSync(file, Buffer.from(new TextEncoder().encode(text)));
    const utf8 = await readAll(file);
    writeFileSync(file, encodeGb18030Sample());
    const gbk = await readAll(file);
    expect(utf8).toEqual([{ rowNumber: 3, values: { 组织编码: 'A1', 组织名称: '河东村党支部' } }]);
    expect(gbk).toEqual([{ rowNumber: 2, values: { 组织编码: 'A1', 组织名称: '党支部' } }]);
  });

  it('accepts the date spellings of Chinese spreadsheets', () => {
    expect(normalizeDate('2020-01-05')).toBe('2020-01-05');
    expect(normalizeDate('2020/1/5')).toBe('2020-01-05');
    expect(normalizeDate('2020.01.5')).toBe('2020-01-05');
    expect(normalizeDate('2020年1月5日')).toBe('2020-01-05');
    expect(normalizeDate('2021-02-29')).toBeNull();
    expect(normalizeDate('05/01/2020')).toBeNull();
  });
});

/** "组织编码,组织名称\r\nA1,党支部\r\n" in GB18030 (TextEncoder only writes UTF-8). */
function encodeGb18030Sample(): Buffer {
  const header = [0xd7, 0xe9, 0xd6, 0xaf, 0xb1, 0xe0, 0xc2, 0xeb, 0x2c, 0xd7, 0xe9, 0xd6, 0xaf, 0xc3, 0xfb, 0xb3, 0xc6];
  const row = [0x41, 0x31, 0x2c, 0xb5, 0xb3, 0xd6, 0xa7, 0xb2, 0xbf];
  return Buffer.from([...header, 0x0d, 0x0a, ...row, 0x0d, 0x0a]);
}

describe('importOrgs', () => {
  let handle: DbHandle;
  beforeEach(async () => {
    handle = await createTestDb();
  });
  afterEach(async () => {
    await handle.close();
  });

  const orgCount = async () =>
    Number((await handle.db.selectFrom('orgs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const byCode = async (code: string) =>
    handle.db.selectFrom('orgs').selectAll().where('code', '=', code).executeTakeFirstOrThrow();

  it('imports a good CSV into an empty installation, parents first, with one audit row', async () => {
    const file = join(dir, 'good.csv');
    await writeCsv(file, GOOD_CSV_ROWS);
    expect(await importFile(handle, file)).toEqual({ imported: 6 });

    const root = await byCode('AP');
    expect(root).toMatchObject({ parent_id: null, path: '0001', depth: 0, child_seq: 3, established_on: '1949-10-01' });
    const town = await byCode('AP-T01');
    const village = await byCode('AP-T01-V01');
    const group = await byCode('AP-T01-V01-G1');
    expect(village).toMatchObject({ parent_id: town.id, kind: 'branch', domain: 'rural', established_on: '2001-03-05' });
    expect(group.parent_id).toBe(village.id);
    for (const [child, parent] of [[town, root], [village, town], [group, village]] as const) {
      expect(child.path.slice(0, -SEGMENT_WIDTH)).toBe(parent.path);
      expect(child.depth).toBe(parent.depth + 1);
    }
    expect(town.child_seq).toBe(1);
    expect(await byCode('AP-X01')).toMatchObject({
      name: '安平县"五一"建设项目临时党支部, 一期',
      kind: 'temporary',
      established_on: '2024-03-01',
      planned_end_on: '2026-12-31',
    });

    const audit = await handle.db.selectFrom('audit_log').selectAll().execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'org.import', org_path: '0001' });
    expect(JSON.parse(audit[0]?.summary ?? '{}')).toEqual({ count: 6, file });

    // The next org created by hand takes a fresh segment after the imported ones.
    const created = await services(handle).orgs.create(SYSTEM_ACTOR, {
      parentId: root.id,
      code: 'AP-T02',
      name: '中共白沙乡委员会',
      kind: 'party_committee',
      domain: 'rural',
    });
    expect(created.path).toBe(`${root.path}0004`);
  });

  it('imports a good xlsx under existing orgs, with English headers and Excel date cells', async () => {
    const { orgs } = services(handle);
    const root = await orgs.create(SYSTEM_ACTOR, { parentId: null, code: 'AP', name: '中共安平县委员会', kind: 'party_committee', domain: 'government' });
    await orgs.create(SYSTEM_ACTOR, { parentId: root.id, code: 'AP-T01', name: '中共青石镇委员会', kind: 'party_committee', domain: 'rural' });
    const file = join(dir, 'good.xlsx');
    await writeXlsx(file, [
      ['Code', 'Name', 'Kind', 'Domain', 'Parent Code', 'Established On', 'Planned End On'],
      ['AP-T01-V01', '河东村党总支', 'general_branch', 'rural', 'AP-T01', new Date(Date.UTC(1998, 6, 1)), null],
      ['AP-T01-V01-B1', '河东村第一党支部', '党支部', '农村', 'AP-T01-V01', '2010-05-04', null],
      ['AP-T02', '中共白沙乡委员会', '党委', '农村', 'AP', null, null],
      ['AP-T01-V02', '柳林村党支部', '党支部', '农村', 'AP-T01', null, null],
    ]);
    expect(await importFile(handle, file)).toEqual({ imported: 4 });

    const town = await byCode('AP-T01');
    expect(town.child_seq).toBe(2);
    const general = await byCode('AP-T01-V01');
    expect(general).toMatchObject({ parent_id: town.id, established_on: '1998-07-01', child_seq: 1 });
    expect((await byCode('AP-T01-V02')).path).toBe(`${town.path}0002`);
    expect((await byCode('AP-T02')).path).toBe(`${root.path}0002`);
    expect((await byCode('AP-T01-V01-B1')).path).toBe(`${general.path}0001`);
    expect((await byCode('AP')).child_seq).toBe(2);
  });

  it('imports nothing when any row is bad, and lists every bad row with its column', async () => {
    const { orgs } = services(handle);
    const root = await orgs.create(SYSTEM_ACTOR, { parentId: null, code: 'AP', name: '中共安平县委员会', kind: 'party_committee', domain: 'government' });
    await orgs.create(SYSTEM_ACTOR, { parentId: root.id, code: 'AP-T01', name: '中共青石镇委员会', kind: 'party_committee', domain: 'rural' });
    const file = join(dir, 'bad.csv');
    await writeCsv(file, [
      CHINESE_HEADER,
      ['AP-T01-V01', '河东村党支部', '党支部', '农村', 'AP-T01', '', ''], // row 2: good
      ['AP-T01', '重复的镇', '党委', '农村', 'AP', '', ''], // row 3: code already in the database
      ['AP-T01-V01', '又一个河东村', '党支部', '农村', 'AP-T01', '', ''], // row 4: code earlier in the file
      ['bad code!', '', '党支部X', '城市', 'NOPE', '2021-02-29', ''], // row 5: five problems
      ['AP-G1', '第一党小组', '党小组', '农村', 'AP', '', ''], // row 6: 党小组 under a 党委
      ['AP-L1', '临时党支部', '临时党组织', '国有企业', 'AP', '2024-01-01', ''], // row 7: no end date
      ['AP-C1', '甲', '党委', '农村', 'AP-C2', '', ''], // rows 8, 9: a loop
      ['AP-C2', '乙', '党委', '农村', 'AP-C1', '', ''],
      ['AP-R2', '第二个根', '党委', '机关', '', '', ''], // row 10: a second root
      ['AP-S1', '自己', '党委', '农村', 'AP-S1', '', ''], // row 11: its own parent
    ]);
    const errors = await invalidRows(importFile(handle, file));
    const lines = errors.map((e) => `row ${e.row}, column ${e.column}`);
    expect(lines).toEqual([
      'row 3, column 组织编码',
      'row 4, column 组织编码',
      'row 5, column 组织编码',
      'row 5, column 组织名称',
      'row 5, column 组织类别',
      'row 5, column 所属领域',
      'row 5, column 上级组织编码',
      'row 5, column 成立日期',
      'row 6, column 组织类别',
      'row 7, column 计划结束日期',
      'row 8, column 上级组织编码',
      'row 9, column 上级组织编码',
      'row 10, column 上级组织编码',
      'row 11, column 上级组织编码',
    ]);
    expect(errors.find((e) => e.row === 4)?.message).toContain('row 2');
    expect(errors.find((e) => e.row === 8)?.message).toContain('AP-C1 → AP-C2 → AP-C1');
    expect(await orgCount()).toBe(2);
    expect(await handle.db.selectFrom('audit_log').select('action').where('action', '=', 'org.import').execute()).toEqual([]);
  });

  it('names missing columns, and refuses a file without data rows', async () => {
    const missing = join(dir, 'missing.csv');
    await writeCsv(missing, [['组织编码', '名字'], ['A', 'B']]);
    const errors = await invalidRows(importFile(handle, missing));
    expect(errors.map((e) => e.column)).toEqual(['组织名称', '组织类别', '所属领域', '上级组织编码']);

    const empty = join(dir, 'empty.csv');
    await writeCsv(empty, [CHINESE_HEADER]);
    await expect(importFile(handle, empty)).rejects.toMatchObject({ code: 'import.empty' });
  });
});
