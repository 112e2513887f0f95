/**
 * Import of orgs from a spreadsheet, all or nothing: every row is checked first (fields, codes, parents,
 * structural rules, cycles); only when every row is good are they all inserted, parents first, in one
 * transaction with one audit row.
 */
import type { Actor } from '../../lib/actor.ts';
import { isIsoDate, nowUtc } from '../../lib/dates.ts';
import { AppError, badInput, conflict } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { SheetRow } from '../../lib/spreadsheet.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { Db, Executor } from '../../db/schema.ts';
import type { AuditTrail } from '../audit/audit.service.ts';
import {
  ORG_DOMAIN_LABELS,
  ORG_KIND_LABELS,
  parseOrgDomain,
  parseOrgKind,
  type OrgDomain,
  type OrgKind,
} from './org-kinds.ts';
import { findOrgById, findOrgsByCodes, findRoot, insertOrgs, nextChildSeq, type OrgRow } from './orgs.repo.ts';
import { checkDates, checkPlacement, type ParentFacts, type Violation } from './orgs.rules.ts';
import { SEGMENT_WIDTH, childPath, depthOf } from './tree.ts';

export interface ImportRowError {
  /** Row number as the spreadsheet shows it (the header is row 1). */
  row: number;
  /** The column's header as written in the file. */
  column: string;
  message: string;
}

export interface ImportOptions {
  /** Recorded in the audit row. */
  fileName?: string;
  onProgress?: (phase: 'check' | 'insert', done: number, total: number) => void;
}

type Field = 'code' | 'name' | 'kind' | 'domain' | 'parentCode' | 'establishedOn' | 'plannedEndOn';

/** Accepted headers per field: the English name (any case, spaces or underscores) or the Chinese one. */
const COLUMNS: Record<Field, { english: string; chinese: string; required: boolean }> = {
  code: { english: 'code', chinese: '组织编码', required: true },
  name: { english: 'name', chinese: '组织名称', required: true },
  kind: { english: 'kind', chinese: '组织类别', required: true },
  domain: { english: 'domain', chinese: '所属领域', required: true },
  parentCode: { english: 'parent_code', chinese: '上级组织编码', required: true },
  establishedOn: { english: 'established_on', chinese: '成立日期', required: false },
  plannedEndOn: { english: 'planned_end_on', chinese: '计划结束日期', required: false },
};
const FIELDS = Object.keys(COLUMNS) as Field[];

export const CODE_PATTERN = /^[0-9A-Za-z][0-9A-Za-z_-]*$/;
const CODE_MAX = 32;
const NAME_MAX = 100;
const LOOKUP_CHUNK = 500;
const INSERT_SLICE = 5000;
const PROGRESS_EVERY = 10_000;

const normalizeHeader = (header: string) => header.trim().toLowerCase().replace(/[\s_-]+/g, '');

function resolveColumns(headers: readonly string[]): { columns: Record<Field, string | null>; missing: Field[] } {
  const columns = {} as Record<Field, string | null>;
  const missing: Field[] = [];
  for (const field of FIELDS) {
    const { english, chinese, required } = COLUMNS[field];
    const header =
      headers.find((h) => h.trim() === chinese) ??
      headers.find((h) => normalizeHeader(h) === normalizeHeader(english)) ??
      null;
    columns[field] = header;
    if (!header && required) missing.push(field);
  }
  return { columns, missing };
}

/** YYYY-MM-DD, also as typed in Chinese spreadsheets: 2020/1/5, 2020.1.5, 2020年1月5日. */
export function normalizeDate(text: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]?.padStart(2, '0')}-${m[3]?.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

interface ParsedRow {
  rowNumber: number;
  code: string;
  name: string;
  kind: OrgKind | null;
  domain: OrgDomain | null;
  parentCode: string;
  establishedOn: string | null;
  plannedEndOn: string | null;
}

type Parent = { type: 'file'; row: ParsedRow } | { type: 'db'; org: OrgRow } | { type: 'none' };

const kindChoices = Object.values(ORG_KIND_LABELS).join('、');
const domainChoices = Object.values(ORG_DOMAIN_LABELS).join('、');

async function lookupCodes(ex: Executor, codes: Iterable<string>): Promise<Map<string, OrgRow>> {
  const list = [...new Set(codes)];
  const found = new Map<string, OrgRow>();
  for (let i = 0; i < list.length; i += LOOKUP_CHUNK) {
    for (const org of await findOrgsByCodes(ex, list.slice(i, i + LOOKUP_CHUNK))) found.set(org.code, org);
  }
  return found;
}

/** The deepest path that is a prefix of every path, cut at a segment boundary. */
function commonAncestorPath(paths: readonly string[]): string {
  let prefix = paths[0] ?? '';
  for (const path of paths) {
    let n = 0;
    while (n < prefix.length && n < path.length && prefix[n] === path[n]) n++;
    prefix = prefix.slice(0, n - (n % SEGMENT_WIDTH));
  }
  return prefix;
}

export async function importOrgs(
  db: Db,
  audit: AuditTrail,
  actor: Actor,
  rows: readonly SheetRow[],
  options: ImportOptions = {},
): Promise<{ imported: number }> {
  const first = rows[0];
  if (!first) throw badInput('import.empty', 'The file has no data rows under its header');
  const { columns, missing } = resolveColumns(Object.keys(first.values));
  if (missing.length > 0) {
    throw new AppError(400, 'import.rows_invalid', 'Required columns are missing; nothing was imported', {
      errors: missing.map((field) => ({
        row: 1,
        column: COLUMNS[field].chinese,
        message: `missing column: name it ${COLUMNS[field].chinese} or ${COLUMNS[field].english}`,
      })),
    });
  }

  const errors: ImportRowError[] = [];
  const fail = (row: ParsedRow | SheetRow, field: Field, message: string) =>
    errors.push({ row: row.rowNumber, column: columns[field] ?? COLUMNS[field].chinese, message });
  const cell = (row: SheetRow, field: Field) => {
    const header = columns[field];
    return header ? (row.values[header] ?? '').trim() : '';
  };
  const parseDate = (row: SheetRow, field: Field): string | null => {
    const text = cell(row, field);
    if (text === '') return null;
    const date = normalizeDate(text);
    if (!date) fail(row, field, `"${text}" is not a real date (write YYYY-MM-DD)`);
    return date;
  };

  // 1. Each row on its own.
  const parsed: ParsedRow[] = [];
  const byCode = new Map<string, ParsedRow>();
  rows.forEach((row, index) => {
    const code = cell(row, 'code');
    const name = cell(row, 'name');
    const kindText = cell(row, 'kind');
    const domainText = cell(row, 'domain');
    if (code === '') fail(row, 'code', 'the code is required');
    else if (code.length > CODE_MAX) fail(row, 'code', `the code is longer than ${CODE_MAX} characters`);
    else if (!CODE_PATTERN.test(code)) fail(row, 'code', `"${code}": use letters, digits, - and _ only`);
    if (name === '') fail(row, 'name', 'the name is required');
    else if (name.length > NAME_MAX) fail(row, 'name', `the name is longer than ${NAME_MAX} characters`);
    const kind = kindText === '' ? null : parseOrgKind(kindText);
    if (kindText === '') fail(row, 'kind', `the kind is required (${kindChoices})`);
    else if (!kind) fail(row, 'kind', `unknown kind "${kindText}": use one of ${kindChoices}`);
    const domain = domainText === '' ? null : parseOrgDomain(domainText);
    if (domainText === '') fail(row, 'domain', `the domain is required (${domainChoices})`);
    else if (!domain) fail(row, 'domain', `unknown domain "${domainText}": use one of ${domainChoices}`);
    const establishedOn = parseDate(row, 'establishedOn');
    const plannedEndOn = parseDate(row, 'plannedEndOn');
    const entry: ParsedRow = {
      rowNumber: row.rowNumber,
      code,
      name,
      kind,
      domain,
      parentCode: cell(row, 'parentCode'),
      establishedOn,
      plannedEndOn,
    };
    if (kind) {
      const dates = checkDates(kind, establishedOn, plannedEndOn);
      if (dates) fail(row, 'plannedEndOn', dates.message);
    }
    if (code !== '') {
      const earlier = byCode.get(code);
      if (earlier) fail(row, 'code', `the code ${code} is already used on row ${earlier.rowNumber}`);
      else byCode.set(code, entry);
    }
    parsed.push(entry);
    if ((index + 1) % PROGRESS_EVERY === 0) options.onProgress?.('check', index + 1, rows.length);
  });

  // 2. Against the database: codes taken, parents that exist (in the actor's scope), the root.
  const taken = await lookupCodes(db, byCode.keys());
  for (const row of byCode.values()) {
    if (taken.has(row.code)) fail(row, 'code', `the code ${row.code} is already used by an existing org`);
  }
  const outsideCodes = parsed.map((r) => r.parentCode).filter((c) => c !== '' && !byCode.has(c));
  const dbParents = await lookupCodes(db, outsideCodes);
  let rootExists = actor.scopePath !== '' || (await findRoot(db)) !== undefined;

  const parents = new Map<ParsedRow, Parent>();
  for (const row of parsed) {
    let parent: Parent | null = null;
    if (row.parentCode === '') {
      parent = { type: 'none' };
    } else if (row.parentCode === row.code) {
      fail(row, 'parentCode', 'an org cannot be its own parent');
    } else {
      const fileParent = byCode.get(row.parentCode);
      const dbParent = dbParents.get(row.parentCode);
      if (fileParent) parent = { type: 'file', row: fileParent };
      else if (dbParent && dbParent.path.startsWith(actor.scopePath)) parent = { type: 'db', org: dbParent };
      else fail(row, 'parentCode', `no org with the code ${row.parentCode}, neither in this file nor already entered`);
    }
    if (!parent) continue;
    parents.set(row, parent);
    // The first row without a parent becomes the root; any later one needs a parent.
    const rootBefore = rootExists;
    if (parent.type === 'none') rootExists = true;
    if (!row.kind) continue;
    let facts: ParentFacts | null = null;
    if (parent.type === 'db') facts = { kind: parent.org.kind as OrgKind, status: parent.org.status };
    else if (parent.type === 'file') {
      if (!parent.row.kind) continue;
      facts = { kind: parent.row.kind, status: 'active' };
    }
    const violation: Violation | null = checkPlacement(facts, row.kind, rootBefore);
    if (!violation) continue;
    const onParent = ['org.parent_required', 'org.parent_dissolved'].includes(violation.code);
    fail(row, onParent ? 'parentCode' : 'kind', violation.message);
  }

  // 3. Cycles among the file's rows (A under B under A never reaches the tree).
  const state = new Map<ParsedRow, 'walking' | 'done'>();
  for (const start of parsed) {
    const walk: ParsedRow[] = [];
    let current: ParsedRow | undefined = start;
    while (current && !state.has(current)) {
      state.set(current, 'walking');
      walk.push(current);
      const parent = parents.get(current);
      current = parent?.type === 'file' ? parent.row : undefined;
    }
    if (current && state.get(current) === 'walking') {
      const loop = walk.slice(walk.indexOf(current));
      const chain = [...loop, current].map((r) => r.code).join(' → ');
      for (const row of loop) fail(row, 'parentCode', `the parent chain loops back on itself: ${chain}`);
    }
    for (const row of walk) state.set(row, 'done');
  }

  if (errors.length > 0) {
    const order = new Map(FIELDS.map((f, i) => [columns[f] ?? COLUMNS[f].chinese, i]));
    errors.sort((a, b) => a.row - b.row || (order.get(a.column) ?? 0) - (order.get(b.column) ?? 0));
    const badRows = new Set(errors.map((e) => e.row)).size;
    throw new AppError(
      400,
      'import.rows_invalid',
      `${errors.length} problem(s) in ${badRows} row(s); nothing was imported`,
      { errors },
    );
  }
  options.onProgress?.('check', rows.length, rows.length);
  return insertChecked(db, audit, actor, parsed, parents, options);
}

/** Inserts rows that passed every check: parents before children, in one transaction. */
async function insertChecked(
  db: Db,
  audit: AuditTrail,
  actor: Actor,
  rows: readonly ParsedRow[],
  parents: ReadonlyMap<ParsedRow, Parent>,
  options: ImportOptions,
): Promise<{ imported: number }> {
  // Children per parent: a file row, or an existing org by its id.
  const children = new Map<ParsedRow | string, ParsedRow[]>();
  const anchors: ParsedRow[] = [];
  for (const row of rows) {
    const parent = parents.get(row);
    if (!parent) throw new Error(`row ${row.rowNumber} has no checked parent`);
    if (parent.type === 'none') anchors.push(row);
    const key = parent.type === 'file' ? parent.row : parent.type === 'db' ? parent.org.id : null;
    if (key === null) continue;
    const list = children.get(key) ?? [];
    list.push(row);
    children.set(key, list);
  }
  const dbParentIds = [...children.keys()].filter((k): k is string => typeof k === 'string');

  try {
    return await db.transaction().execute(async (trx) => {
      if (anchors.length > 0 && (await findRoot(trx))) {
        throw conflict('import.root_exists', 'A root org was created while the import ran; nothing was imported');
      }
      // Reserve the segments first (this locks the parents), then read their paths as they are now.
      const firstSeq = new Map<string, number>();
      for (const id of dbParentIds) {
        const count = children.get(id)?.length ?? 0;
        let last = 0;
        for (let i = 0; i < count; i++) last = await nextChildSeq(trx, id);
        firstSeq.set(id, last - count + 1);
      }
      const current = new Map<string, OrgRow>();
      for (const id of dbParentIds) {
        const org = await findOrgById(trx, id, actor.scopePath);
        if (org) current.set(id, org);
      }

      const now = nowUtc();
      const out: OrgRow[] = [];
      const place = (row: ParsedRow, parent: OrgRow | null, seq: number) => {
        if (!row.kind || !row.domain) throw new Error(`row ${row.rowNumber} was not checked`);
        const path = childPath(parent?.path ?? '', seq);
        const kids = children.get(row) ?? [];
        const org: OrgRow = {
          id: newId(),
          code: row.code,
          name: row.name,
          kind: row.kind,
          domain: row.domain,
          parent_id: parent?.id ?? null,
          path,
          depth: depthOf(path),
          child_seq: kids.length,
          established_on: row.establishedOn,
          planned_end_on: row.plannedEndOn,
          dissolved_on: null,
          status: 'active',
          version: 1,
          created_at: now,
          updated_at: now,
        };
        out.push(org);
        return org;
      };
      // Breadth-first from the anchors keeps every parent ahead of its children.
      const queue: { row: ParsedRow; org: OrgRow }[] = anchors.map((row) => ({ row, org: place(row, null, 1) }));
      for (const id of dbParentIds) {
        const parent = current.get(id);
        if (!parent || parent.status !== 'active') {
          throw conflict('import.parent_changed', 'A parent org was dissolved while the import ran; nothing was imported', { id });
        }
        const start = firstSeq.get(id) ?? 1;
        (children.get(id) ?? []).forEach((row, i) => queue.push({ row, org: place(row, parent, start + i) }));
      }
      for (let head = 0; head < queue.length; head++) {
        const item = queue[head];
        if (!item) break;
        (children.get(item.row) ?? []).forEach((row, i) => queue.push({ row, org: place(row, item.org, i + 1) }));
      }

      for (let i = 0; i < out.length; i += INSERT_SLICE) {
        await insertOrgs(trx, out.slice(i, i + INSERT_SLICE));
        options.onProgress?.('insert', Math.min(i + INSERT_SLICE, out.length), out.length);
      }
      await audit.record(trx, actor, {
        action: 'org.import',
        targetType: 'org',
        targetId: null,
        orgPath: commonAncestorPath(out.map((o) => o.path)) || null,
        summary: { count: out.length, file: options.fileName ?? null },
      });
      return { imported: out.length };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict('import.code_taken', 'Another org took one of these codes while the import ran; nothing was imported');
    }
    throw error;
  }
}
