/** `xianfeng import members` and `xianfeng export members`, run for real as child processes. */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TEST_DATABASE_URL, testDialect } from '../db/test-db.ts';
import { checkCharacter } from '../lib/id-number.ts';
import { writeCsv, writeXlsx } from '../lib/spreadsheet.ts';

const BIN = resolve(import.meta.dirname, '../../bin/xianfeng.mjs');
const dir = mkdtempSync(join(tmpdir(), 'xianfeng-cli-members-'));

function xianfeng(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, DATABASE_URL: '', XIANFENG_MASTER_KEY: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const postgres = testDialect() === 'postgres';
const testUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
const schema = `t_cli_m_${randomBytes(5).toString('hex')}`;
const dbArgs = postgres
  ? ['--database-url', `${testUrl}${testUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`]
  : ['--db', join(dir, 'data', 'main.db')];

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: testUrl });
  await client.connect();
  await client.query(statement);
  await client.end();
}

const id = (birth: string, seq: number) => {
  const first17 = `110101${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};
const HEADER = ['姓名', '公民身份号码', '手机号码', '党员类别', '入党日期', '转正日期', '所在党支部编码'];

beforeAll(async () => {
  if (postgres) await admin(`create schema ${schema}`);
  expect((await xianfeng(['init', '--root-name', '中共安平县委员会', '--root-code', 'AP', ...dbArgs])).code).toBe(0);
  const orgs = join(dir, 'orgs.csv');
  await writeCsv(orgs, [
    ['组织编码', '组织名称', '组织类别', '所属领域', '上级组织编码'],
    ['AP-T01', '中共青石镇委员会', '党委', '农村', 'AP'],
    ['AP-T01-V01', '河东村党支部', '党支部', '农村', 'AP-T01'],
    ['AP-T01-V02', '柳林村党支部', '党支部', '农村', 'AP-T01'],
  ]);
  expect((await xianfeng(['import', 'orgs', orgs, ...dbArgs])).code).toBe(0);
}, 60_000);
afterAll(async () => {
  if (postgres) await admin(`drop schema ${schema} cascade`);
  rmSync(dir, { recursive: true, force: true });
});

describe('xianfeng import/export members', () => {
  it('checks a file with --dry-run, imports it, and refuses a bad one naming rows and columns', async () => {
    const good = join(dir, 'members.xlsx');
    await writeXlsx(good, [
      HEADER,
      ['张建国', id('19800512', 123), '13812345678', '正式党员', new Date(Date.UTC(2005, 6, 1)), new Date(Date.UTC(2006, 6, 1)), 'AP-T01-V01'],
      ['李芳', id('19950101', 124), null, '预备党员', '2025-06-01', null, 'AP-T01-V02'],
    ]);
    const dry = await xianfeng(['import', 'members', good, '--org', 'AP-T01', '--dry-run', ...dbArgs]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('All 2 row(s)');
    expect(dry.stdout).toContain('nothing was written');

    const imported = await xianfeng(['import', 'members', good, '--org', 'AP-T01', ...dbArgs]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('Imported 2 member(s)');
    expect(imported.stderr).toContain('Importing: done');

    const bad = join(dir, 'bad.csv');
    await writeCsv(bad, [
      HEADER,
      ['王五', id('19800512', 123), '', '正式党员', '2005-07-01', '2006-07-01', 'AP-T01-V01'],
      ['赵六', id('19900230', 125), '', '正式党员', '2012-07-01', '2013-07-01', 'AP-T01-V01'],
      ['孙七', id('19900101', 127), '', '正式党员', '2000-07-01', '2001-07-01', 'AP-T01-V09'],
      ['周八', id('19910101', 129), '', '正式党员', '2015-07-01', '2016-07-01', 'AP-T01-V02'],
    ]);
    const refused = await xianfeng(['import', 'members', bad, '--org', 'AP-T01', ...dbArgs]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('row 2, column 公民身份号码: a member with this ID number is already registered');
    expect(refused.stderr).toContain('row 3, column 公民身份号码: The ID number is not valid');
    expect(refused.stderr).toContain('row 4, column 入党日期: A member must be at least 18 when accepted');
    expect(refused.stderr).toContain('row 4, column 所在党支部编码: no org with the code AP-T01-V09 under AP-T01');
    expect(refused.stderr).not.toContain('row 5');
    expect(refused.stderr).toContain('nothing was imported');

    const unknownOrg = await xianfeng(['import', 'members', good, '--org', 'NOPE', ...dbArgs]);
    expect(unknownOrg.code).toBe(1);
    expect(unknownOrg.stderr).toContain('There is no org with the code NOPE');
  }, 60_000);

  it('exports masked by default, in full with --full, and never over an existing file', async () => {
    const masked = join(dir, 'roster.csv');
    const out = await xianfeng(['export', 'members', '--org', 'AP', '--to', masked, ...dbArgs]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('Exported 2 member(s)');
    expect(out.stdout).toContain('masked');
    const text = readFileSync(masked, 'utf8');
    expect(text.startsWith('\uFEFF姓名,性别,民族,公民身份号码')).toBe(true);
    expect(text).toContain('138****5678');
    expect(text).not.toContain(id('19800512', 123));
    if (process.platform !== 'win32') expect(statSync(masked).mode & 0o777).toBe(0o600);

    const again = await xianfeng(['export', 'members', '--org', 'AP', '--to', masked, ...dbArgs]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');

    const fullFile = join(dir, 'roster-full.xlsx');
    const full = await xianfeng(['export', 'members', '--org', 'AP-T01-V01', '--to', fullFile, '--full', ...dbArgs]);
    expect(full.code, full.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(fullFile);
    const sheet = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.getCell('A2').value).toBe('张建国');
    expect(sheet.getCell('D2').value).toBe(id('19800512', 123));
    expect(sheet.rowCount).toBe(2);
  }, 60_000);
});
