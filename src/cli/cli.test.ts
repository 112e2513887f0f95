/** The `xianfeng` command run for real, as a child process, on temporary files (and a scratch schema on PostgreSQL). */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TEST_DATABASE_URL, testDialect } from '../db/test-db.ts';
import { writeCsv } from '../lib/spreadsheet.ts';

const BIN = resolve(import.meta.dirname, '../../bin/xianfeng.mjs');
const dir = mkdtempSync(join(tmpdir(), 'xianfeng-cli-'));

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function xianfeng(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: '', PORT: '', HOST: '', ...env },
    });
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
const schema = `t_cli_${randomBytes(5).toString('hex')}`;
/** The database every data command uses: a SQLite file, or a scratch schema through the URL's options. */
const dbArgs = postgres
  ? ['--database-url', `${testUrl}${testUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`]
  : ['--db', join(dir, 'data', 'main.db')];

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: testUrl });
  await client.connect();
  await client.query(statement);
  await client.end();
}

beforeAll(async () => {
  if (postgres) await admin(`create schema ${schema}`);
});
afterAll(async () => {
  if (postgres) await admin(`drop schema ${schema} cascade`);
  rmSync(dir, { recursive: true, force: true });
});

describe('xianfeng CLI', () => {
  it('explains itself with --help, for the program and each command', async () => {
    const top = await xianfeng(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['serve', 'migrate', 'init', 'backup', 'restore', 'import', 'demo']) expect(top.stdout).toContain(command);
    const importHelp = await xianfeng(['import', 'orgs', '--help']);
    expect(importHelp.code).toBe(0);
    expect(importHelp.stdout).toContain('上级组织编码');
    expect(importHelp.stdout).toContain('--database-url');
    const unknown = await xianfeng(['frobnicate']);
    expect(unknown.code).toBe(1);
  });

  it('initializes once, imports a CSV, refuses a bad one, and migrates idempotently', async () => {
    const init = await xianfeng(['init', '--root-name', '中共安平县委员会', '--root-code', 'AP', ...dbArgs]);
    expect(init.code).toBe(0);
    expect(init.stderr).toContain('Migrated');
    expect(init.stdout).toContain('Created the root organization 中共安平县委员会 (code AP');

    const again = await xianfeng(['init', '--root-name', '另一个', '--root-code', 'B', ...dbArgs]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already has its root organization: 中共安平县委员会 (code AP)');

    const good = join(dir, 'orgs.csv');
    await writeCsv(good, [
      ['组织编码', '组织名称', '组织类别', '所属领域', '上级组织编码', '成立日期'],
      ['AP-T01-V01', '河东村党支部', '党支部', '农村', 'AP-T01', '2001-03-05'],
      ['AP-T01', '中共青石镇委员会', '党委', '农村', 'AP', ''],
    ]);
    const imported = await xianfeng(['import', 'orgs', good, ...dbArgs]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('Imported 2 organization(s)');

    const bad = join(dir, 'bad.csv');
    await writeCsv(bad, [
      ['code', 'name', 'kind', 'domain', 'parent_code'],
      ['AP-G1', '第一党小组', '党小组', '农村', 'AP'],
      ['AP-T01', '重复', '党委', '农村', 'AP'],
    ]);
    const refused = await xianfeng(['import', 'orgs', bad, ...dbArgs]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('row 2, column kind: A 党小组 may only stand under a branch');
    expect(refused.stderr).toContain('row 3, column code: the code AP-T01 is already used');
    expect(refused.stderr).toContain('nothing was imported');

    const migrate = await xianfeng(['migrate', ...dbArgs]);
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toMatch(/is up to date at \d{4}_/);
  });

  it('backs up and restores a SQLite database, or points to the PostgreSQL tools', async () => {
    const backupFile = join(dir, 'backups', 'main-backup.db');
    const backup = await xianfeng(['backup', '--to', backupFile, ...dbArgs]);
    if (postgres) {
      expect(backup.code).toBe(1);
      expect(backup.stderr).toContain('pg_dump');
      const restore = await xianfeng(['restore', '--from', backupFile, ...dbArgs]);
      expect(restore.code).toBe(1);
      expect(restore.stderr).toContain('pg_restore');
      return;
    }
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain('3 orgs');
    expect((await xianfeng(['backup', '--to', backupFile, ...dbArgs])).code).toBe(1);

    const restoredFile = join(dir, 'restored', 'xianfeng.db');
    const restore = await xianfeng(['restore', '--from', backupFile, '--db', restoredFile]);
    expect(restore.code).toBe(0);
    const restored = new Database(restoredFile, { readonly: true });
    expect(restored.prepare('select name, path from orgs where code = ?').get('AP-T01-V01')).toEqual({
      name: '河东村党支部',
      path: '000100010001',
    });
    restored.close();

    // Restoring over an existing database keeps the replaced one.
    const over = await xianfeng(['restore', '--from', backupFile, '--db', restoredFile]);
    expect(over.code).toBe(0);
    expect(over.stdout).toMatch(/kept as .*xianfeng\.db\.before-restore-/);

    const notADatabase = await xianfeng(['restore', '--from', join(dir, 'orgs.csv'), '--db', restoredFile]);
    expect(notADatabase.code).toBe(1);
    expect(existsSync(restoredFile)).toBe(true);
  });

  it('serves an empty database, says how to finish set-up, and stops cleanly on SIGTERM', async () => {
    const emptyDb = postgres ? dbArgs : ['--db', join(dir, 'data', 'empty.db')];
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', ...emptyDb], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const url = await new Promise<string>((done, fail) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /running at (http:\/\/127\.0\.0\.1:\d+)\//.exec(stdout);
        if (match?.[1] && stdout.includes('Press Ctrl+C')) done(match[1]);
      });
      child.on('close', (code) => fail(new Error(`serve exited with ${code}: ${stderr}`)));
    });
    const health = await fetch(`${url}/api/v1/health`);
    expect(health.status).toBe(200);
    if (!postgres) expect(stdout).toContain(`init --root-name NAME --root-code CODE --admin USERNAME --db ${join(dir, 'data', 'empty.db')}`);
    const exit = new Promise<number | null>((done) => child.on('close', done));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(stdout).toContain('Stopped.');
  });

  it('makes accounts at the console and verifies the audit trail, naming a hand-edited row', async () => {
    const add = await xianfeng(['user', 'add', '--username', 'chief', '--role', 'system-admin', '--org', 'AP', '--name', '县委组织部', ...dbArgs]);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/One-time password: \S{14}\n/);
    const clash = await xianfeng(['user', 'add', '--username', 'twohats', '--role', 'system-admin,audit-admin', '--org', 'AP', ...dbArgs]);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain('三员分立');
    const unknownRole = await xianfeng(['user', 'add', '--username', 'x', '--role', 'root', '--org', 'AP', ...dbArgs]);
    expect(unknownRole.code).toBe(1);

    const child = spawn(process.execPath, [BIN, 'user', 'add', '--username', 'auditor', '--role', 'audit-admin', '--org', 'AP', '--password-stdin', ...dbArgs], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: '' },
    });
    child.stdin.end('weak\n');
    expect(await new Promise((done) => child.on('close', done))).toBe(1);

    const reset = await xianfeng(['user', 'reset-password', '--username', 'chief', ...dbArgs]);
    expect(reset.stdout).toContain('New one-time password for chief');
    expect((await xianfeng(['user', 'disable', '--username', 'chief', ...dbArgs])).code).toBe(0);

    const verified = await xianfeng(['audit', 'verify', ...dbArgs]);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain('The audit chain holds');
    const csv = join(dir, 'audit.csv');
    expect((await xianfeng(['audit', 'export', '--to', csv, ...dbArgs])).code).toBe(0);
    expect(existsSync(csv)).toBe(true);

    // Someone with the database's own rights edits the third row by hand.
    if (postgres) {
      await admin(`drop trigger audit_log_append_only on ${schema}.audit_log`);
      await admin(`update ${schema}.audit_log set source_address = '6.6.6.6' where seq = (select min(seq) + 2 from ${schema}.audit_log)`);
    } else {
      const db = new Database(join(dir, 'data', 'main.db'));
      db.exec("drop trigger audit_log_append_only; update audit_log set source_address = '6.6.6.6' where seq = (select min(seq) + 2 from audit_log)");
      db.close();
    }
    const broken = await xianfeng(['audit', 'verify', ...dbArgs]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/broken at row seq \d+ .*hash_mismatch/);
  });
});
