/** `demo`: generate a realistic county into its own file on first run, then serve it. */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DEFAULT_STEPS, generateCounty, populate } from '../../bench/generator.ts';
import { duesStep } from '../../bench/generator-dues.ts';
import { electionsStep } from '../../bench/generator-elections.ts';
import { recruitmentStep } from '../../bench/generator-recruitment.ts';
import { reviewsStep } from '../../bench/generator-reviews.ts';
import { branchCommitteesStep, meetingsStep } from '../../bench/generator-meetings.ts';
import { createDb, migrateToLatest, type DbConfig } from '../db/create-db.ts';
import { CONSOLE_ACTOR } from '../lib/actor.ts';
import { findRoot } from '../modules/orgs/orgs.repo.ts';
import { cryptoFor, servicesFor } from './context.ts';
import { progress } from './progress.ts';
import { serve } from './serve.ts';
import { initCommandLine } from './setup.ts';

export interface DemoOptions {
  port: number;
  host: string;
  size: number;
  seed: number;
  file: string;
}

async function generateDemo(file: string, seed: number, size: number): Promise<void> {
  // Built beside the target and renamed at the end, so an interrupted run leaves no half-made demo.
  const partial = join(dirname(file), `.${basename(file)}.generating-${process.pid}`);
  rmSync(partial, { force: true });
  const handle = createDb({ dialect: 'sqlite', file: partial });
  try {
    try {
      await migrateToLatest(handle.db);
      // Members' ID numbers and phones are encrypted with the key the demo will be served with (beside the file).
      const crypto = await cryptoFor(handle, { dialect: 'sqlite', file: partial });
      const tree = generateCounty({ seed, size });
      process.stderr.write(`Generating the demo county ${tree.territory}: ${tree.orgs.length.toLocaleString('en-US')} organizations\n`);
      const bars = new Map<string, ReturnType<typeof progress>>();
      const reports = await populate(handle.db, tree, {
        // In order: recruitment cases right after the members (those admitted join the rosters); a year of dues once
        // the rosters are complete (bases, payments with realistic arrears, closes, remittances); committees for
        // branches of 7+ full members; the elections behind this year's new terms (replacing those committees); a year
        // of organizational life; member reviews last, linking the meetings step's 民主评议党员 meetings.
        steps: [...DEFAULT_STEPS, recruitmentStep, duesStep, branchCommitteesStep, electionsStep, meetingsStep, reviewsStep],
        crypto,
        onProgress: (step, done, total) => {
          const bar = bars.get(step) ?? progress(`  ${step}`);
          bars.set(step, bar);
          bar.update(done, total);
        },
      });
      for (const report of reports) bars.get(report.step)?.finish(`${report.rows.toLocaleString('en-US')} rows`);
    } finally {
      await handle.close();
    }
    renameSync(partial, file);
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${partial}${suffix}`, { force: true });
  }
}

const DEMO_USERNAME = 'demo';

/**
 * The way in: an org administrator at the county, with a fresh one-time password at every start (changed at
 * first sign-in). On a new demo the second factor is switched off, so trying it needs no authenticator app.
 */
async function demoLogin(config: DbConfig, fresh: boolean): Promise<string[]> {
  const handle = createDb(config);
  try {
    const root = await findRoot(handle.db);
    if (!root) return ['The demo database has no organizations; delete it to generate a new one.'];
    const { auth, accounts } = await servicesFor(handle, config);
    if (fresh) {
      const { policy, version } = await auth.policyWithVersion();
      await auth.setPolicy(CONSOLE_ACTOR, { ...policy, mfaRoles: [] }, version);
    }
    const existing = (await accounts.list(CONSOLE_ACTOR, DEMO_USERNAME, 1, 20)).items.find((a) => a.username === DEMO_USERNAME);
    const { oneTimePassword } = existing
      ? await accounts.resetPassword(CONSOLE_ACTOR, existing.id, existing.version)
      : await accounts.create(CONSOLE_ACTOR, { username: DEMO_USERNAME, displayName: '演示管理员', homeOrgId: root.id, roles: ['org-admin'] });
    return [
      `Demo data: ${root.name} (${root.code}).`,
      `Sign in as "${DEMO_USERNAME}" with the one-time password ${oneTimePassword}; you choose your own password at first sign-in.`,
      '(A new one-time password is issued at every demo start.)',
    ];
  } finally {
    await handle.close();
  }
}

export async function demoCommand(options: DemoOptions): Promise<void> {
  const file = resolve(options.file);
  const fresh = !existsSync(file);
  if (fresh) await generateDemo(file, options.seed, options.size);
  const config: DbConfig = { dialect: 'sqlite', file };
  const login = await demoLogin(config, fresh);
  await serve(config, {
    port: options.port,
    host: options.host,
    initHint: (prefix) => initCommandLine(prefix, { db: options.file }),
    banner: [
      '',
      ...login,
      `Delete ${options.file} to generate a fresh demo${fresh ? ` (this one: seed ${options.seed}, size ${options.size})` : ''}.`,
    ],
  });
}
