/**
 * `npm run bench`: builds a 160,000-org province with the generator and times what users hit, through the real
 * service layer: org reads and moves; a 100,000-member xlsx import through the real import path (in a child
 * process, for its own peak memory) beside the raw insert rate of the same rows; then a 3,300,000-member province
 * filled through the repo's bulk path, and the roster and counts on it; then, in a database of its own, a city
 * (10,000 orgs, 250,000 members) with a year of organizational life (meetings, attendance, votes) and the
 * compliance summary of the city and of single branches. One JSON line per figure on stdout; progress on stderr.
 *
 *   npm run bench [-- --dialect postgres] [-- --orgs 160000] [-- --members 3300000] [-- --import-rows 100000] [-- --seed 20240701]
 *   npm run bench -- --only meetings [--city-orgs 10000] [--city-members 250000]   (the city section alone)
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { createDb, migrateToLatest, type DbHandle } from '../src/db/create-db.ts';
import { DEFAULT_TEST_DATABASE_URL } from '../src/db/test-db.ts';
import { SYSTEM_ACTOR } from '../src/lib/actor.ts';
import { createCryptoProvider, type CryptoProvider } from '../src/lib/crypto/provider.ts';
import { nowUtc, todayInChina } from '../src/lib/dates.ts';
import { sheetWriter, type SheetCell } from '../src/lib/spreadsheet.ts';
import { EDUCATION_LABELS } from '../src/modules/members/member-rules.ts';
import { HOUSEHOLD_LABELS, MEMBER_COLUMNS, SEX_LABELS, STATUS_LABELS, type ColumnKey } from '../src/modules/members/members.import.ts';
import { insertMembers, type MemberRow } from '../src/modules/members/members.repo.ts';
import { BRANCH_KINDS, type OrgKind } from '../src/modules/orgs/org-kinds.ts';
import type { OrgRow } from '../src/modules/orgs/orgs.repo.ts';
import { subtreeRange } from '../src/modules/orgs/tree.ts';
import { createServices } from '../src/server/app.ts';
import { branchCommitteesStep, insertMeetingBatch, meetingBatches, type MeetingBatch } from './generator-meetings.ts';
import {
  committeeStep,
  createRng,
  deriveSeed,
  expectedMembers,
  generateProvince,
  memberRowOf,
  memberSeeds,
  orgsStep,
  populate,
  termsStep,
  type GeneratedTree,
  type MemberSeed,
} from './generator.ts';

const { values: args } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'sqlite' },
    orgs: { type: 'string', default: '160000' },
    members: { type: 'string', default: '3300000' },
    'import-rows': { type: 'string', default: '100000' },
    seed: { type: 'string', default: '20240701' },
    only: { type: 'string' },
    'city-orgs': { type: 'string', default: '10000' },
    'city-members': { type: 'string', default: '250000' },
  },
});
const dialect = args.dialect === 'postgres' ? 'postgres' : 'sqlite';
const targetOrgs = Number(args.orgs);
const targetMembers = Number(args.members);
const importRows = Number(args['import-rows']);
const seed = Number(args.seed);
const ITERATIONS = 300;
const WARMUP = 20;
const QUERY_P95_MS = 20;
const MOVE_MAX_MS = 2000;
const MOVES = 5;
const IMPORT_RSS_MAX_MB = 500;
const ROSTER_P95_MS = 50;
const COUNTS_MAX_MS = 1000;
/** Rows per transaction of the bulk fill: the WAL stays small, and so does the batch held in memory. */
const FILL_TRANSACTION = 20_000;
const masterKey = randomBytes(32);

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
const ORG_INTEGERS = new Set(['depth', 'child_seq', 'version']);

const MEMBER_COLUMNS_RAW = [
  'id', 'org_id', 'org_path', 'group_id', 'name', 'sex', 'ethnicity', 'birth_date', 'id_number_enc', 'id_number_index',
  'phone_enc', 'phone_index', 'education', 'occupation', 'work_unit', 'household_type', 'status', 'joined_on', 'full_on',
  'is_flowing', 'is_hardship', 'is_veteran', 'is_in_service', 'is_retired', 'membership', 'account_id', 'verified_at',
  'version', 'created_at', 'updated_at',
] as const satisfies readonly (keyof MemberRow)[];
const MEMBER_INTEGERS = new Set(['is_flowing', 'is_hardship', 'is_veteran', 'is_in_service', 'is_retired', 'version']);

/** The floor: the same rows through a plain prepared INSERT into a bare table (no index), in one transaction. */
async function rawInsertRate<R extends object>(
  table: string,
  columnList: readonly (keyof R & string)[],
  integers: ReadonlySet<string>,
  rows: readonly R[],
): Promise<{ name: string; value: number }> {
  const columns = columnList.join(', ');
  const definition = columnList.map((c) => `${c} ${integers.has(c) ? 'integer' : 'text'}`).join(', ');
  if (dialect === 'sqlite') {
    const raw = new Database(join(workDir, `raw-${table}.db`));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.exec(`create table ${table} (${definition})`);
    const insert = raw.prepare(`insert into ${table} (${columns}) values (${columnList.map(() => '?').join(', ')})`);
    const t0 = performance.now();
    raw.transaction(() => {
      for (const row of rows) insert.run(columnList.map((c) => row[c]));
    })();
    const seconds = (performance.now() - t0) / 1000;
    raw.close();
    return { name: 'raw_sqlite_insert_rate', value: Math.round(rows.length / seconds) };
  }
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query(`set search_path = ${pgSchema}`);
    await client.query(`create table raw_${table} (${definition})`);
    const batch = Math.floor(30_000 / columnList.length);
    const t0 = performance.now();
    await client.query('begin');
    for (let i = 0; i < rows.length; i += batch) {
      const slice = rows.slice(i, i + batch);
      const params: unknown[] = [];
      const tuples = slice.map((row) => `(${columnList.map((c) => `$${params.push(row[c])}`).join(', ')})`);
      await client.query(`insert into raw_${table} (${columns}) values ${tuples.join(', ')}`, params);
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
  p95Max = QUERY_P95_MS,
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
    target: { p95_ms_max: p95Max },
    pass: p95 <= p95Max,
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
    const baseline = await rawInsertRate('orgs', ORG_COLUMNS, ORG_INTEGERS, tree.orgs);
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
    const crypto = createCryptoProvider('intl', masterKey);
    const { orgs, members } = createServices(handle, crypto);
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

    // 5. Members. The moves changed paths: read the tree back as it is now.
    const current: GeneratedTree = { ...tree, orgs: await handle.db.selectFrom('orgs').selectAll().orderBy('path').execute() };
    const branches = current.orgs.filter((o) => BRANCH_KINDS.includes(o.kind as OrgKind));
    const scale = targetMembers / expectedMembers(branches);
    const imported = await benchImport(handle, current, branches, scale);
    await benchFill(handle, current, branches.filter((b) => !imported.branchIds.has(b.id)), targetMembers - imported.rows, crypto);

    // 6. The roster and the counts on the filled province, through the service.
    const filled = countyTargets(current);
    const rosterPages = createRng(seed + 3);
    await timeQuery(
      'member_roster_page_of_county',
      filled.counties,
      (county) => members.list(actor, county.id, { subtree: true }, 'name', rosterPages.int(1, 10), 50),
      ITERATIONS,
      ROSTER_P95_MS,
    );
    await timeQuery('member_counts_of_county', filled.counties, (county) => members.counts(actor, county.id), 60, COUNTS_MAX_MS);
    if (root) await timeQuery('member_counts_of_province', [root], (org) => members.counts(actor, org.id), 8, COUNTS_MAX_MS);

    // 7. A city's year of organizational life, in a database of its own.
    await benchMeetings();
  } finally {
    await handle.close();
    if (dialect === 'postgres') await pgAdmin(`drop schema ${pgSchema} cascade`);
    rmSync(workDir, { recursive: true, force: true });
  }
  emit({ figure: 'peak_rss', unit: 'MB', value: Math.round(process.resourceUsage().maxRSS / 1024) });
  emit({ figure: 'bench_wall_time', unit: 's', value: round((performance.now() - started) / 1000, 1) });
}

// Members

const label = <T extends string>(labels: Record<T, string>, value: T | null) => (value ? labels[value] : null);
const isoDate = (iso: string | null) => (iso ? new Date(`${iso}T00:00:00Z`) : null);

/** A generated member in the template's columns, as a secretary's xlsx holds them (dates as date cells). */
function seedCells(s: MemberSeed): Record<ColumnKey, SheetCell> {
  const yes = (flag: boolean) => (flag ? '是' : '否');
  return {
    name: s.name,
    sex: SEX_LABELS[s.sex],
    ethnicity: s.ethnicity,
    idNumber: s.idNumber,
    birthDate: isoDate(s.birthDate),
    phone: s.phone,
    education: label(EDUCATION_LABELS, s.education),
    workUnit: s.workUnit,
    occupation: s.occupation,
    householdType: label(HOUSEHOLD_LABELS, s.householdType),
    status: STATUS_LABELS[s.status],
    joinedAt: isoDate(s.joinedOn),
    fullAt: isoDate(s.fullOn),
    orgCode: s.branch.code,
    groupCode: s.group?.code ?? null,
    flowing: yes(s.flags.flowing),
    hardship: yes(s.flags.hardship),
    veteran: yes(s.flags.veteran),
    inService: yes(s.flags.inService),
    retired: yes(s.flags.retired),
  };
}

interface ChildResult {
  rows: number;
  ms: number;
  stream_ms: number;
  commit_ms: number;
  peak_rss_mb: number;
  file_mb: number;
  crypto_ms: number;
}

function runImportChild(file: string, orgId: string): Promise<ChildResult> {
  const target = dialect === 'sqlite' ? ['--sqlite', join(workDir, 'bench.db')] : ['--postgres', pgUrl, '--schema', pgSchema];
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'import-child.ts'), '--file', file, '--org', orgId, ...target], {
      env: { ...process.env, XIANFENG_BENCH_KEY: masterKey.toString('hex') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done(JSON.parse(out) as ChildResult) : fail(new Error(`the import child exited with ${code}`))));
  });
}

/**
 * The counties of one city, enough for `importRows` members, written to an xlsx (shared strings and date cells,
 * as a spreadsheet program saves it) and imported through importMembers in a child process.
 */
async function benchImport(handle: DbHandle, tree: GeneratedTree, branches: readonly OrgRow[], scale: number) {
  const { counties } = countyTargets(tree);
  const city = tree.orgs.find((o) => o.id === counties[0]?.parent_id);
  if (!city) throw new Error('no city with counties');
  const chosen: OrgRow[] = [];
  for (const county of counties.filter((c) => c.parent_id === city.id)) {
    chosen.push(...branches.filter((b) => b.path.startsWith(county.path)));
    if (expectedMembers(chosen) * scale >= importRows * 1.1) break;
  }
  const file = join(workDir, 'members.xlsx');
  log(`Writing ${importRows.toLocaleString('en-US')} members of ${city.name} to an xlsx file`);
  const t0 = performance.now();
  const out = createWriteStream(file);
  const writer = sheetWriter('xlsx', out, { sheetName: '党员花名册', sharedStrings: true });
  await writer.addRow(MEMBER_COLUMNS.map((c) => c.chinese));
  let rows = 0;
  for (const seedRow of memberSeeds(tree, createRng(deriveSeed(seed, 'import')), { branches: chosen, scale })) {
    const cells = seedCells(seedRow);
    await writer.addRow(MEMBER_COLUMNS.map((c) => cells[c.key]));
    if (++rows === importRows) break;
  }
  await writer.close();
  const writeMs = performance.now() - t0;
  log(`  ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB in ${Math.round(writeMs)} ms; importing through importMembers in a child process`);

  const result = await runImportChild(file, city.id);
  collect();
  // The same rows, read back as the import wrote them, through a plain prepared INSERT.
  const { from, to } = subtreeRange(city.path);
  const written: MemberRow[] = await handle.db.selectFrom('members').selectAll().where('org_path', '>=', from).where('org_path', '<', to).execute();
  const baseline = await rawInsertRate('members', MEMBER_COLUMNS_RAW, MEMBER_INTEGERS, written);
  const rate = Math.round(result.rows / (result.ms / 1000));
  emit({
    figure: 'member_import_xlsx',
    unit: 'rows/s',
    value: rate,
    rows: result.rows,
    file_mb: result.file_mb,
    write_file_ms: Math.round(writeMs),
    import_ms: result.ms,
    stream_ms: result.stream_ms,
    commit_ms: result.commit_ms,
    crypto_ms: result.crypto_ms,
    crypto_share: round(result.crypto_ms / result.ms, 3),
    peak_rss_mb: result.peak_rss_mb,
    baseline,
    ratio: round(rate / baseline.value, 3),
    target: { peak_rss_mb_max: IMPORT_RSS_MAX_MB },
    pass: result.peak_rss_mb < IMPORT_RSS_MAX_MB && written.length === result.rows,
    notes:
      'one transaction from the first row: stream_ms reads, checks, encrypts and inserts every row, commit_ms writes the audit row and commits; crypto_ms encrypts and blind-indexes as many ID numbers and phones alone; peak RSS is the child process (node + tsx + the import)',
  });
  return { rows: result.rows, branchIds: new Set(chosen.map((b) => b.id)) };
}

/** The rest of the province's members, generated, encrypted and inserted through the repo's bulk insert. */
async function benchFill(handle: DbHandle, tree: GeneratedTree, branches: readonly OrgRow[], target: number, crypto: CryptoProvider) {
  log(`Filling ${target.toLocaleString('en-US')} members into ${branches.length.toLocaleString('en-US')} branches`);
  const createdAt = nowUtc();
  let buildMs = 0;
  let insertMs = 0;
  let rows = 0;
  let batch: MemberRow[] = [];
  const flush = async () => {
    const t0 = performance.now();
    const slice = batch;
    batch = [];
    await handle.db.transaction().execute((trx) => insertMembers(trx, slice));
    insertMs += performance.now() - t0;
    if (Math.floor(rows / 500_000) !== Math.floor((rows - slice.length) / 500_000)) {
      log(`  ${rows.toLocaleString('en-US')} members`);
      collect();
    }
  };
  let t0 = performance.now();
  for (const seedRow of memberSeeds(tree, createRng(deriveSeed(seed, 'fill')), { branches, target })) {
    batch.push(memberRowOf(seedRow, crypto, createdAt));
    rows++;
    if (batch.length < FILL_TRANSACTION) continue;
    buildMs += performance.now() - t0;
    await flush();
    t0 = performance.now();
  }
  buildMs += performance.now() - t0;
  await flush();
  const total = Number((await handle.db.selectFrom('members').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  emit({
    figure: 'member_bulk_fill',
    unit: 'rows/s',
    value: Math.round(rows / ((buildMs + insertMs) / 1000)),
    rows,
    members_in_province: total,
    generate_encrypt_ms: Math.round(buildMs),
    insert_ms: Math.round(insertMs),
    insert_only_rate: Math.round(rows / (insertMs / 1000)),
    notes: 'every ID number and phone encrypted for real (AES-256-GCM) and blind-indexed (HMAC-SHA-256), no placeholder; transactions of 20,000 rows',
  });
  if (dialect === 'postgres') await sqlAnalyze(handle);
}

/** PostgreSQL plans from statistics, and index-only scans need the visibility map: after a bulk load autovacuum has not caught up yet. */
async function sqlAnalyze(handle: DbHandle): Promise<void> {
  await sql`vacuum analyze members`.execute(handle.db);
}

// Organizational life: a city's year of meetings and the compliance engine on it

const CITY_COMPLIANCE_MAX_MS = 2000;
const BRANCH_COMPLIANCE_P95_MS = 20;
const ATTENDANCE_COLUMNS = ['meeting_id', 'member_id', 'org_path', 'status', 'reason', 'voting', 'recorded_at'] as const satisfies readonly (keyof MeetingBatch['attendance'][number])[];
/** Attendance rows kept for the raw insert baseline. */
const ATTENDANCE_SAMPLE = 500_000;

async function openCityDatabase(): Promise<{ handle: DbHandle; drop: () => Promise<void> }> {
  if (dialect === 'sqlite') return { handle: createDb({ dialect: 'sqlite', file: join(workDir, 'city.db') }), drop: async () => undefined };
  const schema = `${pgSchema}_city`;
  await pgAdmin(`create schema ${schema}`);
  return { handle: createDb({ dialect: 'postgres', url: pgUrl, schema, poolSize: 4 }), drop: () => pgAdmin(`drop schema ${schema} cascade`) };
}

/**
 * A city of about 10,000 orgs and 250,000 members gets last year's meetings, attendance and votes from the
 * generator (each branch's records in its own batch, batches of about 20,000 attendance rows per transaction),
 * beside the raw insert rate of the same attendance rows; then the city's compliance summary for the year and
 * single branches' compliance through the service, as the API calls them.
 */
async function benchMeetings(): Promise<void> {
  const cityOrgs = Number(args['city-orgs']);
  const cityMembers = Number(args['city-members']);
  const year = Number(todayInChina().slice(0, 4)) - 1;
  log(`Organizational life: a city of about ${cityOrgs.toLocaleString('en-US')} orgs and ${cityMembers.toLocaleString('en-US')} members, the year ${year}`);
  const { handle, drop } = await openCityDatabase();
  try {
    await migrateToLatest(handle.db);
    const tree = generateProvince({ seed: deriveSeed(seed, 'city'), targetOrgs: cityOrgs });
    await populate(handle.db, tree, { steps: [orgsStep, committeeStep] });
    const crypto = createCryptoProvider('intl', masterKey);
    const createdAt = nowUtc();
    let batch: MemberRow[] = [];
    for (const member of memberSeeds(tree, createRng(deriveSeed(seed, 'city-members')), { target: cityMembers })) {
      batch.push(memberRowOf(member, crypto, createdAt));
      if (batch.length < FILL_TRANSACTION) continue;
      const slice = batch;
      batch = [];
      await handle.db.transaction().execute((trx) => insertMembers(trx, slice));
    }
    await handle.db.transaction().execute((trx) => insertMembers(trx, batch));
    await populate(handle.db, tree, { steps: [branchCommitteesStep] });
    collect();

    log('  generating and inserting the year of meetings');
    const totals = { meetings: 0, types: 0, attendance: 0, votes: 0 };
    const sample: MeetingBatch['attendance'] = [];
    let insertMs = 0;
    const t0 = performance.now();
    for await (const records of meetingBatches(handle.db, tree, createRng(deriveSeed(seed, 'city-meetings')), { from: `${year}-01-01`, to: `${year}-12-31` })) {
      const t1 = performance.now();
      await handle.db.transaction().execute((trx) => insertMeetingBatch(trx, records));
      insertMs += performance.now() - t1;
      totals.meetings += records.meetings.length;
      totals.types += records.types.length;
      totals.attendance += records.attendance.length;
      totals.votes += records.votes.length;
      for (const row of records.attendance) if (sample.length < ATTENDANCE_SAMPLE) sample.push(row);
      if (Math.floor(totals.attendance / 1_000_000) !== Math.floor((totals.attendance - records.attendance.length) / 1_000_000)) {
        log(`  ${totals.meetings.toLocaleString('en-US')} meetings, ${totals.attendance.toLocaleString('en-US')} attendance rows`);
      }
    }
    const fillMs = performance.now() - t0;
    if (dialect === 'postgres') {
      for (const table of ['orgs', 'org_committee_members', 'members', 'meetings', 'meeting_types', 'meeting_attendance', 'meeting_votes']) await sql`vacuum analyze ${sql.table(table)}`.execute(handle.db);
    }
    const rows = totals.meetings + totals.types + totals.attendance + totals.votes;
    const baseline = await rawInsertRate('meeting_attendance', ATTENDANCE_COLUMNS, new Set(['voting']), sample);
    sample.length = 0;
    const rate = Math.round(rows / (fillMs / 1000));
    emit({
      figure: 'meetings_year_of_city',
      unit: 'rows/s',
      value: rate,
      ...totals,
      orgs: tree.orgs.length,
      members: cityMembers,
      generate_ms: Math.round(fillMs - insertMs),
      insert_ms: Math.round(insertMs),
      insert_only_rate: Math.round(rows / (insertMs / 1000)),
      baseline,
      ratio: round(Math.round(rows / (insertMs / 1000)) / baseline.value, 3),
      notes: 'rows are meetings, their counted types, attendance and votes; attendance from the roster on each date; insert_only_rate against the raw rate of the same attendance rows (a 500,000-row sample) into a bare table',
    });
    collect();

    const { meetings } = createServices(handle, crypto);
    const city = tree.orgs.find((o) => o.depth === 1 && o.name.endsWith('市委员会'));
    if (!city) throw new Error('no city in the generated tree');
    const cityTimes: number[] = [];
    let summary: Awaited<ReturnType<typeof meetings.compliance>> | null = null;
    for (let i = 0; i < 6; i++) {
      const t1 = performance.now();
      summary = await meetings.compliance(SYSTEM_ACTOR, city.id, { year });
      if (i > 0) cityTimes.push(performance.now() - t1);
    }
    // The floor: the database counting the same rows by branch and type, with nothing done with them.
    const { from, to } = subtreeRange(city.path);
    const t2 = performance.now();
    await handle.db
      .selectFrom('meeting_types')
      .select(['org_path', 'type', (eb) => eb.fn.countAll().as('n')])
      .where('org_path', '>=', from)
      .where('org_path', '<', to)
      .where('held_on', '>=', `${year}-01-01`)
      .where('held_on', '<=', `${year}-12-31`)
      .groupBy(['org_path', 'type'])
      .execute();
    const rawMs = performance.now() - t2;
    cityTimes.sort((a, b) => a - b);
    const worst = cityTimes.at(-1) ?? Number.NaN;
    const general = summary?.kind === 'subtree' ? summary.summary.find((r) => r.type === 'general_meeting') : undefined;
    emit({
      figure: 'meeting_compliance_of_city',
      unit: 'ms',
      iterations: cityTimes.length,
      p50: round(percentile(cityTimes, 50)),
      max: round(worst),
      branches: summary?.kind === 'subtree' ? summary.branches : 0,
      general_meeting: general ? { met: general.met, missing: general.missing, not_applicable: general.not_applicable } : null,
      baseline: { name: 'raw_grouped_count_ms', value: round(rawMs) },
      target: { max_ms: CITY_COMPLIANCE_MAX_MS },
      pass: worst < CITY_COMPLIANCE_MAX_MS,
    });
    const branches = tree.orgs.filter((o) => BRANCH_KINDS.includes(o.kind as OrgKind));
    await timeQuery('meeting_compliance_of_branch', branches, (branch) => meetings.compliance(SYSTEM_ACTOR, branch.id, { year }), ITERATIONS, BRANCH_COMPLIANCE_P95_MS);
  } finally {
    await handle.close();
    await drop();
  }
}

/** `--only meetings`: the city section alone, with its own scratch space. */
async function meetingsOnly(): Promise<void> {
  if (dialect === 'postgres') await pgAdmin(`create schema ${pgSchema}`);
  try {
    await benchMeetings();
  } finally {
    if (dialect === 'postgres') await pgAdmin(`drop schema ${pgSchema} cascade`);
    rmSync(workDir, { recursive: true, force: true });
  }
  emit({ figure: 'peak_rss', unit: 'MB', value: Math.round(process.resourceUsage().maxRSS / 1024) });
  emit({ figure: 'bench_wall_time', unit: 's', value: round((performance.now() - started) / 1000, 1) });
}

if (args.only === 'meetings') await meetingsOnly();
else if (args.only === undefined) await main();
else throw new Error(`--only: unknown section ${args.only} (known: meetings)`);
