/**
 * `npm run bench`: builds a 160,000-org province with the generator and times what users hit, through the real
 * service layer. One JSON line per figure on stdout; progress on stderr.
 *
 *   npm run bench [-- --dialect postgres] [-- --orgs 160000] [-- --seed 20240701]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createDb, migrateToLatest, type DbHandle } from '../src/db/create-db.ts';
import { DEFAULT_TEST_DATABASE_URL } from '../src/db/test-db.ts';
import { SYSTEM_ACTOR } from '../src/lib/actor.ts';
import { createCryptoProvider } from '../src/lib/crypto/provider.ts';
import type { OrgRow } from '../src/modules/orgs/orgs.repo.ts';
import { createServices } from '../src/server/app.ts';
import { committeeStep, createRng, generateProvince, orgsStep, populate, termsStep, type GeneratedTree } from './generator.ts';

const { values: args } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'sqlite' },
    orgs: { type: 'string', default: '160000' },
    seed: { type: 'string', default: '20240701' },
  },
});
const dialect = args.dialect === 'postgres' ? 'postgres' : 'sqlite';
const targetOrgs = Number(args.orgs);
const seed = Number(args.seed);
const ITERATIONS = 300;
const WARMUP = 20;
const QUERY_P95_MS = 20;
const MOVE_MAX_MS = 2000;
const MOVES = 5;

const started = performance.now();
const log = (message: string) => process.stderr.write(`${message}\n`);
const emit = (figure: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ ...figure, dialect })}\n`);
const round = (n: number, digits = 2) => Number(n.toFixed(digits));
const collect = () => globalThis.gc?.();

// The database: a temporary SQLite file, or a scratch schema on PostgreSQL.

const workDir = mkdtempSync(join(tmpdir(), 'xianfeng-bench-'));
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
const pgSchema = `bench_${randomBytes(4).toString('hex')}`;

async function pgAdmin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function openDatabase(): Promise<DbHandle> {
  if (dialect === 'sqlite') return createDb({ dialect: 'sqlite', file: join(workDir, 'bench.db') });
  await pgAdmin(`create schema ${pgSchema}`);
  return createDb({ dialect: 'postgres', url: pgUrl, schema: pgSchema, poolSize: 4 });
}

const ORG_COLUMNS = [
  'id', 'code', 'name', 'kind', 'domain', 'parent_id', 'path', 'depth', 'child_seq', 'established_on',
  'planned_end_on', 'dissolved_on', 'status', 'version', 'created_at', 'updated_at',
] as const satisfies readonly (keyof OrgRow)[];

/** The floor: the same rows through a plain prepared INSERT into a bare table, in one transaction. */
async function rawInsertRate(rows: readonly OrgRow[]): Promise<{ name: string; value: number }> {
  const columns = ORG_COLUMNS.join(', ');
  if (dialect === 'sqlite') {
    const raw = new Database(join(workDir, 'raw.db'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.exec(`create table orgs (${ORG_COLUMNS.map((c) => `${c} ${c === 'depth' || c === 'child_seq' || c === 'version' ? 'integer' : 'text'}`).join(', ')})`);
    const insert = raw.prepare(`insert into orgs (${columns}) values (${ORG_COLUMNS.map(() => '?').join(', ')})`);
    const t0 = performance.now();
    raw.transaction(() => {
      for (const row of rows) insert.run(ORG_COLUMNS.map((c) => row[c]));
    })();
    const seconds = (performance.now() - t0) / 1000;
    raw.close();
    return { name: 'raw_sqlite_insert_rate', value: Math.round(rows.length / seconds) };
  }
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query(`set search_path = ${pgSchema}`);
    await client.query(`create table raw_orgs (${ORG_COLUMNS.map((c) => `${c} ${c === 'depth' || c === 'child_seq' || c === 'version' ? 'integer' : 'text'}`).join(', ')})`);
    const batch = 1000;
    const t0 = performance.now();
    await client.query('begin');
    for (let i = 0; i < rows.length; i += batch) {
      const slice = rows.slice(i, i + batch);
      const params: unknown[] = [];
      const tuples = slice.map((row) => `(${ORG_COLUMNS.map((c) => `$${params.push(row[c])}`).join(', ')})`);
      await client.query(`insert into raw_orgs (${columns}) values ${tuples.join(', ')}`, params);
    }
    await client.query('commit');
    return { name: 'raw_postgres_insert_rate', value: Math.round(rows.length / ((performance.now() - t0) / 1000)) };
  } finally {
    await client.end();
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/** Times `run` over varied targets after a short warm-up, and prints p50/p95/p99 against the target. */
async function timeQuery<T>(
  figure: string,
  targets: readonly T[],
  run: (target: T) => Promise<unknown>,
  iterations = ITERATIONS,
): Promise<void> {
  if (targets.length === 0) throw new Error(`no targets for ${figure}`);
  const rng = createRng(seed);
  const pick = () => rng.pick(targets);
  for (let i = 0; i < Math.min(WARMUP, iterations); i++) await run(pick());
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const target = pick();
    const t0 = performance.now();
    await run(target);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const p95 = percentile(times, 95);
  emit({
    figure,
    unit: 'ms',
    iterations,
    p50: round(percentile(times, 50)),
    p95: round(p95),
    p99: round(percentile(times, 99)),
    target: { p95_ms_max: QUERY_P95_MS },
    pass: p95 <= QUERY_P95_MS,
  });
}

function countyTargets(tree: GeneratedTree) {
  const counties = tree.orgs.filter((o) => o.depth === 2 && /[县区]委员会$/.test(o.name));
  const townships = tree.orgs.filter((o) => o.depth === 3 && /([镇乡]委员会|街道工作委员会)$/.test(o.name));
  const groups = tree.orgs.filter((o) => o.kind === 'group');
  const cities = tree.orgs.filter((o) => o.depth === 1 && o.name.endsWith('市委员会'));
  return { counties, townships, groups, cities };
}

async function main(): Promise<void> {
  log(`Benchmark on ${dialect}, province of about ${targetOrgs.toLocaleString('en-US')} orgs (seed ${seed})`);
  const handle = await openDatabase();
  try {
    await migrateToLatest(handle.db);

    // 1. Build the tree: generation plus bulk insertion through the repo, in one transaction.
    collect();
    const t0 = performance.now();
    const tree = generateProvince({ seed, targetOrgs });
    const generateMs = performance.now() - t0;
    log(`Generated ${tree.orgs.length.toLocaleString('en-US')} orgs of ${tree.territory} in ${Math.round(generateMs)} ms`);
    const [orgReport] = await populate(handle.db, tree, {
      steps: [orgsStep],
      onProgress: (_, done, total) => {
        if (done % 40_000 < 500 || done === total) log(`  inserted ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`);
      },
    });
    const insertMs = orgReport?.ms ?? Number.NaN;
    const buildRate = Math.round(tree.orgs.length / ((generateMs + insertMs) / 1000));
    collect();
    log('Raw insert baseline');
    const baseline = await rawInsertRate(tree.orgs);
    emit({
      figure: 'tree_build_rate',
      unit: 'orgs/s',
      value: buildRate,
      orgs: tree.orgs.length,
      generate_ms: Math.round(generateMs),
      insert_ms: Math.round(insertMs),
      insert_only_rate: Math.round(tree.orgs.length / (insertMs / 1000)),
      baseline,
      ratio: round(buildRate / baseline.value, 3),
    });

    // 2. Terms and committees, so that moves rewrite the path-carrying tables as in real data.
    const related = await populate(handle.db, tree, { steps: [termsStep, committeeStep] });
    const relatedRows = related.reduce((n, r) => n + r.rows, 0);
    const relatedMs = related.reduce((n, r) => n + r.ms, 0);
    emit({ figure: 'related_rows_rate', unit: 'rows/s', value: Math.round(relatedRows / (relatedMs / 1000)), rows: relatedRows });

    // 3. Reads through the service layer, as the API calls them.
    const crypto = createCryptoProvider('intl', randomBytes(32));
    const { orgs } = createServices(handle, crypto);
    const actor = SYSTEM_ACTOR;
    const { counties, townships, groups, cities } = countyTargets(tree);
    log(`Timing reads: ${counties.length} counties, ${townships.length} townships, ${groups.length} groups`);
    const pages = createRng(seed + 1);
    await timeQuery('subtree_page_of_county', counties, (county) =>
      orgs.subtree(actor, county.id, { page: pages.int(1, 10), pageSize: 50, status: 'active' }),
    );
    // The province committee's first page counts the whole tree: the heaviest list a user can open.
    const root = tree.orgs[0];
    if (root) {
      await timeQuery('subtree_page_of_province', [root], (org) => orgs.subtree(actor, org.id, { page: 1, pageSize: 50, status: 'active' }), 50);
    }
    await timeQuery('ancestors_of_group', groups, (group) => orgs.ancestors(actor, group.id));
    await timeQuery('children_of_township', townships, (township) => orgs.children(actor, township.id, false));

    // 4. Moving a whole county to another city rewrites every path below it, in one transaction.
    const moveRng = createRng(seed + 2);
    const runs: { ms: number; orgs: number }[] = [];
    const moved = new Set<string>();
    for (let i = 0; i < MOVES; i++) {
      let county = moveRng.pick(counties);
      while (moved.has(county.id)) county = moveRng.pick(counties);
      moved.add(county.id);
      const current = await orgs.get(actor, county.id);
      const target = cities.find((c) => c.id !== current.parentId);
      if (!target) throw new Error('no other city to move to');
      const size = (await orgs.subtree(actor, county.id, { page: 1, pageSize: 1, status: 'all' })).total;
      const t1 = performance.now();
      await orgs.move(actor, county.id, { newParentId: target.id, version: current.version });
      runs.push({ ms: round(performance.now() - t1, 1), orgs: size });
    }
    const worst = Math.max(...runs.map((r) => r.ms));
    emit({
      figure: 'move_county_subtree',
      unit: 'ms',
      runs,
      max: worst,
      target: { max_ms: MOVE_MAX_MS },
      pass: worst < MOVE_MAX_MS,
    });
  } finally {
    await handle.close();
    if (dialect === 'postgres') await pgAdmin(`drop schema ${pgSchema} cascade`);
    rmSync(workDir, { recursive: true, force: true });
  }
  emit({ figure: 'peak_rss', unit: 'MB', value: Math.round(process.resourceUsage().maxRSS / 1024) });
  emit({ figure: 'bench_wall_time', unit: 's', value: round((performance.now() - started) / 1000, 1) });
}

await main();
