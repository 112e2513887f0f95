#!/usr/bin/env node
// The README's test command: typecheck, lint, then the whole Vitest suite once per database dialect.
// XIANFENG_TEST_DIALECTS picks the dialects (default "sqlite,postgres"). Without a PostgreSQL server the
// PostgreSQL run is skipped with a plain message, except in CI (CI=true), where that is a failure.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
const inCi = process.env.CI === 'true' || process.env.CI === '1';
const dialects = (process.env.XIANFENG_TEST_DIALECTS ?? 'sqlite,postgres').split(',').map((d) => d.trim());
const baseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function run(label, command, args, env = {}) {
  console.log(`\n== ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`\n${label} failed`);
    process.exit(result.status ?? 1);
  }
}

async function withScratchDatabase(fn) {
  const admin = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    const message = `PostgreSQL run skipped: no server at ${baseUrl.replace(/\/\/[^@]*@/, '//')} (${error.message})`;
    if (inCi) {
      console.error(`${message}\nIn CI the PostgreSQL run is required.`);
      process.exit(1);
    }
    console.log(`\n== ${message}`);
    return;
  }
  const name = `xianfeng_test_${randomBytes(4).toString('hex')}`;
  await admin.query(`create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  try {
    fn(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

run('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
run('lint', bin('eslint'), ['.']);
for (const dialect of dialects) {
  if (dialect === 'sqlite') {
    run('tests on SQLite', bin('vitest'), ['run'], { XIANFENG_TEST_DIALECT: 'sqlite' });
  } else if (dialect === 'postgres') {
    await withScratchDatabase((url) =>
      run('tests on PostgreSQL', bin('vitest'), ['run'], { XIANFENG_TEST_DIALECT: 'postgres', TEST_DATABASE_URL: url }),
    );
  } else {
    console.error(`unknown dialect in XIANFENG_TEST_DIALECTS: ${dialect}`);
    process.exit(2);
  }
}
