/**
 * Import of members from a spreadsheet (党员花名册), all or nothing. The file is read as a stream; every row is
 * checked with the rules of the member form (the same zod fields, checkMemberInput, the same placement rule),
 * placed in a branch of the target subtree, and checked for duplicates in the file and in the database (blind
 * index of the ID number). The rows go into one transaction, with their history and one audit row, which commits
 * only when every row is good.
 */
import { requireOrgInScope } from '../orgs/org-scope.ts';
import type { Actor } from '../../lib/actor.ts';
import type { CryptoProvider } from '../../lib/crypto/provider.ts';
import { nowUtc, todayInChina } from '../../lib/dates.ts';
import { AppError, badInput, conflict } from '../../lib/errors.ts';
import { maskIdNumber } from '../../lib/masking.ts';
import { readSheetBytes, SpreadsheetError, SpreadsheetLimitError, type ReadLimits, type SheetFormat, type SheetRow } from '../../lib/spreadsheet.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { Db, Executor } from '../../db/schema.ts';
import type { AuditTrail } from '../audit/audit.service.ts';
import { normalizeDate } from '../orgs/orgs.import.ts';
import { findOrgsByCodes, type OrgRow } from '../orgs/orgs.repo.ts';
import { EDUCATION_LABELS, EDUCATIONS, MEMBER_FLAGS, type DerivedFacts, type MemberFlag } from './member-rules.ts';
import * as repo from './members.repo.ts';
import { createMemberBody } from './members.schema.ts';
import { checkMemberInput, groupInvalid, historyRow, holdsMembers, isGroupOf, newMemberRow, orgNotBranch, type MemberInput } from './members.service.ts';

// The columns of the roster (template, import and export)

export type ColumnKey =
  | 'name'
  | 'sex'
  | 'ethnicity'
  | 'idNumber'
  | 'birthDate'
  | 'phone'
  | 'education'
  | 'workUnit'
  | 'occupation'
  | 'householdType'
  | 'status'
  | 'joinedAt'
  | 'fullAt'
  | 'orgCode'
  | 'groupCode'
  | MemberFlag;

export interface MemberColumn {
  key: ColumnKey;
  /** The header of the template and of exports. */
  chinese: string;
  english: string;
  /** Other headers rosters use for the same column. */
  aliases: readonly string[];
  /** The header must be in the file. */
  required: boolean;
  /** What goes in the cell, for the template's explanation sheet. */
  help: string;
  /** Column width in the template and exports, in characters. */
  width: number;
}

const YES_NO = '填“是”或“否”，空白视为“否”';

export const MEMBER_COLUMNS: readonly MemberColumn[] = [
  { key: 'name', chinese: '姓名', english: 'name', aliases: [], required: true, help: '必填，最多50个字', width: 10 },
  { key: 'sex', chinese: '性别', english: 'sex', aliases: [], required: false, help: '男 或 女；可空，由公民身份号码推出，填写时须一致', width: 6 },
  { key: 'ethnicity', chinese: '民族', english: 'ethnicity', aliases: [], required: false, help: '如 汉族、回族，最多20个字', width: 8 },
  { key: 'idNumber', chinese: '公民身份号码', english: 'id_number', aliases: ['身份证号码', '身份证号'], required: true, help: '必填，18位，末位可为X；请将此列设为“文本”格式，以免Excel改成科学计数', width: 22 },
  { key: 'birthDate', chinese: '出生日期', english: 'birth_date', aliases: [], required: false, help: '如 1980-05-12；可空，填写时须与公民身份号码一致', width: 12 },
  { key: 'phone', chinese: '手机号码', english: 'phone', aliases: ['手机号', '联系电话'], required: false, help: '11位手机号码', width: 14 },
  { key: 'education', chinese: '学历', english: 'education', aliases: [], required: false, help: Object.values(EDUCATION_LABELS).join('、'), width: 12 },
  { key: 'workUnit', chinese: '工作单位', english: 'work_unit', aliases: ['工作单位及职务'], required: false, help: '最多100个字；也可用一列“工作单位及职务”', width: 24 },
  { key: 'occupation', chinese: '职务', english: 'post', aliases: ['occupation'], required: false, help: '最多100个字', width: 12 },
  { key: 'householdType', chinese: '户籍类型', english: 'household_type', aliases: [], required: false, help: '城镇 或 农村', width: 10 },
  { key: 'status', chinese: '党员类别', english: 'status', aliases: [], required: true, help: '正式党员 或 预备党员', width: 10 },
  { key: 'joinedAt', chinese: '入党日期', english: 'joined_on', aliases: ['joined_at'], required: true, help: '必填，如 2005-07-01；入党时须年满18岁（《中国共产党章程》第一条）', width: 12 },
  { key: 'fullAt', chinese: '转正日期', english: 'full_on', aliases: ['full_at'], required: false, help: '正式党员必填，预备党员不填；预备期一年（《中国共产党章程》第七条）', width: 12 },
  { key: 'orgCode', chinese: '所在党支部编码', english: 'org_code', aliases: ['党支部编码'], required: false, help: '党支部（联合、临时、网上党支部）的组织编码，须在导入的组织之下；导入到一个党支部时可空', width: 18 },
  { key: 'groupCode', chinese: '党小组编码', english: 'group_code', aliases: [], required: false, help: '可空；须是所在党支部的党小组', width: 18 },
  { key: 'flowing', chinese: '流动党员', english: 'flowing', aliases: ['是否流动党员'], required: false, help: YES_NO, width: 9 },
  { key: 'hardship', chinese: '困难党员', english: 'hardship', aliases: ['是否困难党员'], required: false, help: YES_NO, width: 9 },
  { key: 'veteran', chinese: '老党员', english: 'veteran', aliases: ['是否老党员'], required: false, help: YES_NO, width: 8 },
  { key: 'inService', chinese: '在职党员', english: 'in_service', aliases: ['是否在职党员'], required: false, help: YES_NO, width: 9 },
  { key: 'retired', chinese: '退休', english: 'retired', aliases: ['是否退休'], required: false, help: YES_NO, width: 6 },
];

const COLUMN_OF = new Map(MEMBER_COLUMNS.map((c) => [c.key, c]));
const column = (key: ColumnKey) => COLUMN_OF.get(key) as MemberColumn;

export const SEX_LABELS = { male: '男', female: '女' } as const;
export const STATUS_LABELS = { full: '正式党员', probationary: '预备党员' } as const;
export const HOUSEHOLD_LABELS = { urban: '城镇', rural: '农村' } as const;

const normalizeHeader = (header: string) => header.trim().toLowerCase().replace(/[\s_-]+/g, '');

/** Which header of the file holds each column: the Chinese header, an alias, or the English name in any case. */
function resolveColumns(headers: readonly string[]): Map<ColumnKey, string> {
  const found = new Map<ColumnKey, string>();
  for (const c of MEMBER_COLUMNS) {
    const names = [c.chinese, ...c.aliases].map(normalizeHeader);
    const header = headers.find((h) => normalizeHeader(h) === normalizeHeader(c.english) || names.includes(normalizeHeader(h)));
    if (header !== undefined) found.set(c.key, header);
  }
  return found;
}

// Cell values: the Chinese labels of spreadsheets, or the English codes

function lookup<T extends string>(labels: Record<T, string>, text: string, extra: Record<string, T> = {}): T | null {
  const lower = text.toLowerCase();
  for (const [code, label] of Object.entries(labels) as [T, string][]) if (lower === code.toLowerCase() || text === label) return code;
  return extra[text] ?? extra[lower] ?? null;
}

type Education = (typeof EDUCATIONS)[number];
/** What rosters write besides the labels of the statistics. */
const EDUCATION_ALIASES: Record<string, Education> = {
  研究生及以上: 'graduate',
  博士: 'graduate',
  硕士: 'graduate',
  博士研究生: 'graduate',
  硕士研究生: 'graduate',
  本科: 'bachelor',
  大学: 'bachelor',
  大专: 'college',
  专科: 'college',
  高中: 'secondary',
  中专: 'secondary',
  职高: 'secondary',
  技校: 'secondary',
  初中: 'junior',
  小学: 'junior',
  初中及以下: 'junior',
  小学及以下: 'junior',
};
const SEX_ALIASES: Record<string, 'male' | 'female'> = { m: 'male', f: 'female', 男性: 'male', 女性: 'female' };
const STATUS_ALIASES: Record<string, 'full' | 'probationary'> = { 正式: 'full', 预备: 'probationary' };
const HOUSEHOLD_ALIASES: Record<string, 'urban' | 'rural'> = { 城市: 'urban', 非农业: 'urban', 农业: 'rural' };
const YES = new Set(['是', 'y', 'yes', 'true', '1', '√']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '']);

// The import

export interface MemberImportError {
  /** Row number as the spreadsheet shows it (the header is row 1). */
  row: number;
  /** The column's header as written in the file (or as the template names it when the column is missing). */
  column: string;
  message: string;
  code: string;
}

export interface MemberImportDeps {
  db: Db;
  crypto: CryptoProvider;
  audit: AuditTrail;
}

export interface MemberImportOptions {
  /** The org whose subtree receives the members: every row's branch must lie under it. */
  orgId: string;
  format: SheetFormat;
  /** Check every row and answer how many are valid; write nothing. */
  dryRun?: boolean;
  /** Recorded in the audit row. */
  fileName?: string | null;
  limits?: ReadLimits;
  /** 'check' counts rows read and checked (and written: the total is not known while reading); 'insert' comes once, at the commit. */
  onProgress?: (phase: 'check' | 'insert', done: number, total?: number) => void;
  today?: string;
}

export type MemberImportResult = { imported: number } | { valid: number; errors: [] };

/** Errors listed at most in an answer; the count of all of them comes beside. */
export const MAX_LISTED_ERRORS = 1000;
/** Rows checked against the database (codes, taken ID numbers) and written together. */
const BATCH = 1000;
const LOOKUP_CHUNK = 500;
const PROGRESS_EVERY = 1000;

interface PendingRow {
  rowNumber: number;
  /** The checked input and facts, when every cell of the row passed. */
  input: MemberInput | null;
  checked: { idNumber: string; derived: DerivedFacts } | null;
  idIndex: string | null;
  orgCode: string;
  groupCode: string;
}

/**
 * Reads, checks and (unless a dry run) writes in one stream: a real import runs inside its transaction from the
 * first row, writing each batch of good rows as it goes; the first bad row stops the writing (the checking goes
 * on, to list every problem) and the error at the end rolls everything back. Memory stays flat whatever the
 * number of rows; the price is a transaction as long as the read.
 */
export async function importMembers(
  deps: MemberImportDeps,
  actor: Actor,
  bytes: Buffer,
  options: MemberImportOptions,
): Promise<MemberImportResult> {
  const target = await requireOrgInScope(deps.db, actor, options.orgId);
  if (options.dryRun) return { valid: await readAndCheck(deps.db, deps, actor, target, bytes, options, false), errors: [] };
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const imported = await readAndCheck(trx, deps, actor, target, bytes, options, true);
      await deps.audit.record(trx, actor, {
        action: 'member.import',
        targetType: 'org',
        targetId: target.id,
        orgPath: target.path,
        summary: { count: imported, fileKind: options.format, file: options.fileName ?? null },
      });
      options.onProgress?.('insert', imported, imported);
      return { imported };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict('member.id_number_taken', 'A member with one of these ID numbers was registered while the import ran; nothing was imported');
    }
    throw error;
  }
}

/** Every row checked; with `write`, every good row written through `ex` while no row has failed. Answers the row count. */
async function readAndCheck(
  ex: Executor,
  deps: MemberImportDeps,
  actor: Actor,
  target: OrgRow,
  bytes: Buffer,
  options: MemberImportOptions,
  write: boolean,
): Promise<number> {
  const { crypto } = deps;
  const today = options.today ?? todayInChina();
  const now = nowUtc();

  const errors: MemberImportError[] = [];
  let columns: Map<ColumnKey, string> | null = null;
  const header = (key: ColumnKey) => columns?.get(key) ?? column(key).chinese;
  const fail = (row: number, key: ColumnKey, message: string, code: string) => errors.push({ row, column: header(key), message, code });

  const orgsByCode = new Map<string, OrgRow | null>();
  const firstRowOfId = new Map<string, number>();
  let pending: PendingRow[] = [];
  let rowsRead = 0;

  const resolveCodes = async (codes: Iterable<string>) => {
    const unknown = [...new Set(codes)].filter((c) => c !== '' && !orgsByCode.has(c));
    for (let i = 0; i < unknown.length; i += LOOKUP_CHUNK) {
      const chunk = unknown.slice(i, i + LOOKUP_CHUNK);
      for (const code of chunk) orgsByCode.set(code, null);
      // Orgs outside the target subtree read as unknown: the file cannot reach past it, nor learn what is there.
      for (const org of await findOrgsByCodes(ex, chunk)) if (org.path.startsWith(target.path)) orgsByCode.set(org.code, org);
    }
  };

  /** The checks that need the database, for a batch of rows; then the good rows are written while none has failed. */
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    await resolveCodes(batch.flatMap((r) => [r.orgCode, r.groupCode]));
    const indexes = batch.flatMap((r) => (r.idIndex ? [r.idIndex] : []));
    const taken = new Set((await repo.findMembersByIdNumberIndexes(ex, indexes)).map((m) => m.id_number_index));
    const members: repo.MemberRow[] = [];
    const history: repo.MemberHistoryRow[] = [];
    for (const row of batch) {
      let branch: OrgRow | null = null;
      if (row.orgCode === '') {
        if (holdsMembers(target)) branch = target;
        else fail(row.rowNumber, 'orgCode', `the branch code is required (the file is imported under ${target.code}, which is not a branch)`, 'import.required');
      } else {
        branch = orgsByCode.get(row.orgCode) ?? null;
        if (!branch) fail(row.rowNumber, 'orgCode', `no org with the code ${row.orgCode} under ${target.code}`, 'member.org_not_found');
        else if (!holdsMembers(branch)) {
          fail(row.rowNumber, 'orgCode', `${row.orgCode}: ${orgNotBranch().message}`, 'member.org_not_branch');
          branch = null;
        }
      }
      let groupId: string | null = null;
      if (branch && row.groupCode !== '') {
        const group = orgsByCode.get(row.groupCode);
        if (group && isGroupOf(group, branch)) groupId = group.id;
        else fail(row.rowNumber, 'groupCode', `${row.groupCode}: ${groupInvalid().message}`, 'member.group_invalid');
      }
      if (row.idIndex && taken.has(row.idIndex)) {
        fail(row.rowNumber, 'idNumber', 'a member with this ID number is already registered', 'member.id_number_taken');
      }
      // Rows are built (and their personal data encrypted) only while the import can still succeed.
      if (!write || errors.length > 0 || !row.input || !row.checked || !branch) continue;
      const member = newMemberRow(crypto, row.input, row.checked, { org: branch, groupId }, now);
      members.push(member);
      const summary = { name: member.name, org: branch.code, status: member.status, idNumber: maskIdNumber(row.checked.idNumber) };
      history.push(historyRow(member, actor, 'member.import', summary, now));
    }
    if (errors.length > 0) return;
    await repo.insertMembers(ex, members);
    await repo.insertHistory(ex, history);
  };

  try {
    for await (const sheetRow of readSheetBytes(bytes, options.format, options.limits)) {
      if (!columns) {
        columns = resolveColumns(Object.keys(sheetRow.values));
        const missing = MEMBER_COLUMNS.filter((c) => c.required && !columns?.has(c.key));
        if (missing.length > 0) {
          throw new AppError(400, 'import.rows_invalid', 'Required columns are missing; nothing was imported', {
            errors: missing.map((c) => ({ row: 1, column: c.chinese, message: `missing column: name it ${c.chinese} or ${c.english}`, code: 'import.column_missing' })),
            total: missing.length,
          });
        }
      }
      pending.push(checkRow(sheetRow, columns, today, crypto, firstRowOfId, fail));
      rowsRead++;
      if (pending.length >= BATCH) await flush();
      if (rowsRead % PROGRESS_EVERY === 0) options.onProgress?.('check', rowsRead);
    }
    await flush();
  } catch (error) {
    if (error instanceof SpreadsheetLimitError) throw new AppError(413, 'import.too_large', error.message);
    if (error instanceof SpreadsheetError) throw badInput('import.unreadable', error.message);
    throw error;
  }
  options.onProgress?.('check', rowsRead);
  if (rowsRead === 0) throw badInput('import.empty', 'The file has no data rows under its header');

  if (errors.length > 0) {
    const order = new Map(MEMBER_COLUMNS.map((c, i) => [header(c.key), i]));
    errors.sort((a, b) => a.row - b.row || (order.get(a.column) ?? 0) - (order.get(b.column) ?? 0));
    const badRows = new Set(errors.map((e) => e.row)).size;
    throw new AppError(400, 'import.rows_invalid', `${errors.length} problem(s) in ${badRows} of ${rowsRead} row(s); nothing was imported`, {
      errors: errors.slice(0, MAX_LISTED_ERRORS),
      total: errors.length,
      truncated: errors.length > MAX_LISTED_ERRORS,
    });
  }
  return rowsRead;
}

/** Checks one row on its own: cell formats, the form's field rules, the member rules, duplicates within the file. */
function checkRow(
  row: SheetRow,
  columns: ReadonlyMap<ColumnKey, string>,
  today: string,
  crypto: CryptoProvider,
  firstRowOfId: Map<string, number>,
  report: (row: number, key: ColumnKey, message: string, code: string) => void,
): PendingRow {
  const n = row.rowNumber;
  // One problem per cell is enough to fix it; the first found is the most basic.
  const failed = new Set<ColumnKey>();
  const fail = (key: ColumnKey, message: string, code: string) => {
    if (failed.has(key)) return;
    failed.add(key);
    report(n, key, message, code);
  };
  const text = (key: ColumnKey) => {
    const h = columns.get(key);
    return h === undefined ? '' : (row.values[h] ?? '').trim();
  };
  const choice = <T extends string>(key: ColumnKey, labels: Record<T, string>, aliases: Record<string, T>): T | undefined => {
    const value = text(key);
    if (value === '') return undefined;
    const code = lookup(labels, value, aliases);
    if (!code) fail(key, `"${value}" is not one of ${Object.values(labels).join('、')}`, 'import.invalid_value');
    return code ?? undefined;
  };
  const date = (key: ColumnKey): string | undefined => {
    const value = text(key);
    if (value === '') return undefined;
    const iso = normalizeDate(value);
    if (!iso) fail(key, `"${value}" is not a real date (write YYYY-MM-DD)`, 'import.invalid_date');
    return iso ?? undefined;
  };
  const flags: Partial<Record<MemberFlag, boolean>> = {};
  for (const flag of MEMBER_FLAGS) {
    const value = text(flag).toLowerCase();
    if (YES.has(value)) flags[flag] = true;
    else if (!NO.has(value)) fail(flag, `"${text(flag)}": write 是 or 否`, 'import.invalid_value');
  }
  const optional = (key: ColumnKey) => text(key) || null;
  const candidate = {
    orgId: 'import',
    name: text('name'),
    sex: choice('sex', SEX_LABELS, SEX_ALIASES),
    ethnicity: optional('ethnicity'),
    birthDate: date('birthDate'),
    idNumber: text('idNumber'),
    phone: optional('phone'),
    education: choice('education', EDUCATION_LABELS, EDUCATION_ALIASES) ?? null,
    occupation: optional('occupation'),
    workUnit: optional('workUnit'),
    householdType: choice('householdType', HOUSEHOLD_LABELS, HOUSEHOLD_ALIASES) ?? null,
    status: choice('status', STATUS_LABELS, STATUS_ALIASES),
    joinedAt: date('joinedAt'),
    fullAt: date('fullAt') ?? null,
    flags,
  };
  if (candidate.name === '') fail('name', 'the name is required', 'import.required');
  if (candidate.idNumber === '') fail('idNumber', 'the ID number is required', 'import.required');
  if (text('status') === '') fail('status', `the status is required (${Object.values(STATUS_LABELS).join('、')})`, 'import.required');
  if (text('joinedAt') === '') fail('joinedAt', 'the 入党 date is required', 'import.required');

  // The member rules on the facts (as the form checks them), then the form's own field rules (lengths).
  let checked: PendingRow['checked'] = null;
  let idIndex: string | null = null;
  const { status, joinedAt } = candidate;
  if (candidate.idNumber !== '' && status && joinedAt) {
    const facts = checkMemberInput({ ...candidate, status, joinedAt }, today);
    for (const p of facts.problems) fail(p.field as ColumnKey, p.cite ? `${p.message} (${p.cite})` : p.message, p.code);
    if (facts.derived) {
      checked = { idNumber: facts.idNumber, derived: facts.derived };
      idIndex = crypto.blindIndex('id-number', facts.idNumber);
      const first = firstRowOfId.get(idIndex);
      if (first === undefined) firstRowOfId.set(idIndex, n);
      else fail('idNumber', `the same ID number is already on row ${first}`, 'import.duplicate_in_file');
    }
  }
  const parsed = createMemberBody.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      if (typeof key === 'string' && COLUMN_OF.has(key as ColumnKey)) fail(key as ColumnKey, issue.message, 'import.invalid_value');
    }
  }
  const good = parsed.success && failed.size === 0;
  return {
    rowNumber: n,
    input: good ? { ...parsed.data, groupId: null } : null,
    checked: good ? checked : null,
    idIndex,
    orgCode: text('orgCode'),
    groupCode: text('groupCode'),
  };
}
