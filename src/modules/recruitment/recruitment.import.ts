/**
 * Backfill of past recruitment cases from a spreadsheet: one row per person, one column per step with its date
 * (several dates where a step repeats). Input that cannot be read (ID numbers, dates, branches) refuses the whole
 * file with row and column, as the member import does; the violations found in the history do not: history is
 * what it is, so every case is imported and its findings are stored on it and reported, each with its article.
 * People, votes and committees that the file names only as text are not judged (nothing to check them against).
 */
import type { Actor } from '../../lib/actor.ts';
import type { CryptoProvider } from '../../lib/crypto/provider.ts';
import { nowUtc, todayInChina } from '../../lib/dates.ts';
import { AppError, badInput } from '../../lib/errors.ts';
import { inspectIdNumber, normalizeIdNumber } from '../../lib/id-number.ts';
import { newId } from '../../lib/ids.ts';
import { maskIdNumber } from '../../lib/masking.ts';
import { readSheetBytes, SpreadsheetError, SpreadsheetLimitError, type SheetFormat } from '../../lib/spreadsheet.ts';
import type { Db, Executor } from '../../db/schema.ts';
import { STEPS, type StepActorRole, type StepCode } from '../../policy/recruitment.ts';
import type { AuditTrail } from '../audit/audit.service.ts';
import { recordMemberEvent } from '../members/member-events.ts';
import * as memberRepo from '../members/members.repo.ts';
import { holdsMembers, type MemberService } from '../members/members.service.ts';
import { normalizeDate } from '../orgs/orgs.import.ts';
import { requireOrgInScope } from '../orgs/org-scope.ts';
import { findOrgsByCodes, type OrgRow } from '../orgs/orgs.repo.ts';
import { auditCase, type CaseState, type ConversionOutcome, type Finding, type StepFact } from './recruitment-audit.ts';
import * as repo from './recruitment.repo.ts';
import { findingView, ruleVersionIdOn, type RecruitmentService, type StepDetails } from './recruitment.service.ts';

/** Headers of the step columns where the 25 labels repeat (two filings, two approvals, two meetings). */
const STEP_HEADERS: Partial<Record<StepCode, string>> = {
  application: '递交入党申请书',
  activist_filing: '积极分子报上级党委备案',
  target_filing: '发展对象报上级党委备案',
  admission_meeting: '支部大会讨论接收',
  admission_approval: '上级党委审批接收',
  conversion_meeting: '支部大会讨论转正',
  conversion_approval: '上级党委审批转正',
};

export const IMPORT_COLUMNS = {
  name: { chinese: '姓名', aliases: ['name'] },
  idNumber: { chinese: '公民身份号码', aliases: ['身份证号码', '身份证号', 'id_number'] },
  orgCode: { chinese: '所在党支部编码', aliases: ['党支部编码', 'org_code'] },
  workUnit: { chinese: '工作单位', aliases: ['work_unit'] },
  ethnicity: { chinese: '民族', aliases: ['ethnicity'] },
  trainingDays: { chinese: '培训天数', aliases: [] },
  trainingHours: { chinese: '培训学时', aliases: [] },
  conclusion: { chinese: '政审结论', aliases: [] },
  preliminary: { chinese: '预审结果', aliases: [] },
  outcome: { chinese: '转正结论', aliases: [] },
  extensionMonths: { chinese: '延长预备期月数', aliases: ['延长月数'] },
  introducers: { chinese: '入党介绍人', aliases: [] },
  contacts: { chinese: '培养联系人', aliases: [] },
  formNumber: { chinese: '入党志愿书编号', aliases: ['志愿书编号'] },
} as const;
type ColumnKey = keyof typeof IMPORT_COLUMNS | StepCode;

/** The header of each step's column: its number and name, e.g. "7.确定发展对象". */
export const stepHeader = (code: StepCode): string => {
  const def = STEPS.find((s) => s.code === code) as (typeof STEPS)[number];
  return `${def.number}.${STEP_HEADERS[code] ?? def.label}`;
};

const normalizeHeader = (h: string) => h.trim().toLowerCase().replace(/[\s_-]+/g, '');
const DATE_SEPARATORS = /[、,，;；\s]+/;
const OUTCOMES: Record<string, ConversionOutcome> = { 按期转正: 'convert', 转正: 'convert', 延长预备期: 'extend', 取消预备党员资格: 'cancel', convert: 'convert', extend: 'extend', cancel: 'cancel' };

export interface ImportError {
  row: number;
  column: string;
  message: string;
  code: string;
}

export interface ImportedCase {
  row: number;
  name: string;
  caseId: string | null;
  state: CaseState;
  findings: ReturnType<typeof findingView>[];
}

export interface CaseImportResult {
  dryRun: boolean;
  cases: number;
  hard: number;
  soft: number;
  /** Each case with its findings (the first MAX_LISTED_CASES). */
  items: ImportedCase[];
}

export const MAX_LISTED_CASES = 1000;

interface ParsedCase {
  row: number;
  name: string;
  idNumber: string;
  birthDate: string;
  sex: 'male' | 'female';
  branch: OrgRow;
  workUnit: string | null;
  ethnicity: string | null;
  steps: { fact: StepFact; details: StepDetails; actors: { role: StepActorRole; name: string }[]; formNumber: string | null }[];
}

export async function importCases(
  deps: { db: Db; crypto: CryptoProvider; audit: AuditTrail; members: MemberService; recruitment: RecruitmentService },
  actor: Actor,
  bytes: Buffer,
  options: { orgId: string; format: SheetFormat; dryRun: boolean; fileName: string | null; today?: string },
): Promise<CaseImportResult> {
  const today = options.today ?? todayInChina();
  const target = await requireOrgInScope(deps.db, actor, options.orgId);
  const errors: ImportError[] = [];
  const parsed: ParsedCase[] = [];
  let columns: Map<ColumnKey, string> | null = null;
  const header = (key: ColumnKey) => columns?.get(key) ?? (key in IMPORT_COLUMNS ? IMPORT_COLUMNS[key as keyof typeof IMPORT_COLUMNS].chinese : stepHeader(key as StepCode));
  const fail = (row: number, key: ColumnKey, message: string, code: string) => errors.push({ row, column: header(key), message, code });
  const rows: { rowNumber: number; values: Record<string, string> }[] = [];
  try {
    for await (const sheetRow of readSheetBytes(bytes, options.format, { maxRows: 20_000 })) {
      if (!columns) columns = resolveColumns(Object.keys(sheetRow.values));
      rows.push(sheetRow);
    }
  } catch (error) {
    if (error instanceof SpreadsheetLimitError) throw new AppError(413, 'import.too_large', error.message);
    if (error instanceof SpreadsheetError) throw badInput('import.unreadable', error.message);
    throw error;
  }
  if (!columns || rows.length === 0) throw badInput('import.empty', 'The file has no data rows under its header');
  const cols = columns;
  const missing = (['name', 'idNumber', 'application'] as const).filter((k) => !cols.has(k));
  if (missing.length > 0) {
    throw new AppError(400, 'import.rows_invalid', 'Required columns are missing; nothing was imported', {
      errors: missing.map((k) => ({ row: 1, column: header(k), message: `missing column: ${header(k)}`, code: 'import.column_missing' })),
      total: missing.length,
    });
  }
  const cell = (values: Record<string, string>, key: ColumnKey) => (cols.has(key) ? (values[cols.get(key) as string] ?? '').trim() : '');
  const codes = [...new Set(rows.map((r) => cell(r.values, 'orgCode')).filter((c) => c !== ''))];
  const branches = new Map((await findOrgsByCodes(deps.db, codes)).filter((o) => o.path.startsWith(target.path)).map((o) => [o.code, o]));
  const seenIds = new Map<string, number>();

  for (const { rowNumber: row, values } of rows) {
    const name = cell(values, 'name');
    if (!name || name.length > 50) fail(row, 'name', 'the name is required (at most 50 characters)', 'import.required');
    const idNumber = normalizeIdNumber(cell(values, 'idNumber'));
    const id = inspectIdNumber(idNumber, today);
    if (!id.valid) fail(row, 'idNumber', `the ID number is not valid (GB 11643-1999: ${id.reason})`, 'recruitment.id_number_invalid');
    else if (seenIds.has(idNumber)) fail(row, 'idNumber', `the same ID number as row ${seenIds.get(idNumber)}`, 'import.duplicate');
    else seenIds.set(idNumber, row);
    const code = cell(values, 'orgCode');
    let branch: OrgRow | null = null;
    if (code === '') {
      if (holdsMembers(target)) branch = target;
      else fail(row, 'orgCode', `the branch code is required (the file is imported under ${target.code}, which is not a branch)`, 'import.required');
    } else {
      branch = branches.get(code) ?? null;
      if (!branch) fail(row, 'orgCode', `no org with the code ${code} under ${target.code}`, 'recruitment.org_not_found');
      else if (!holdsMembers(branch)) fail(row, 'orgCode', `${code} is not an active branch`, 'recruitment.org_not_branch');
    }
    const number = (key: 'trainingDays' | 'trainingHours' | 'extensionMonths') => {
      const text = cell(values, key);
      if (text === '') return null;
      const n = Number(text);
      if (!Number.isInteger(n) || n < 0 || n > 2000) {
        fail(row, key, `not a whole number: ${text}`, 'import.number_invalid');
        return null;
      }
      return n;
    };
    const trainingDays = number('trainingDays');
    const trainingHours = number('trainingHours');
    const extensionMonths = number('extensionMonths');
    const outcomeText = cell(values, 'outcome');
    const outcome = outcomeText === '' ? null : (OUTCOMES[outcomeText] ?? null);
    if (outcomeText !== '' && !outcome) fail(row, 'outcome', '按期转正, 延长预备期 or 取消预备党员资格', 'import.choice_invalid');
    const yesNo = (key: 'conclusion' | 'preliminary', yes: string[], no: string[]) => {
      const text = cell(values, key);
      if (text === '') return null;
      if (yes.includes(text)) return true;
      if (no.includes(text)) return false;
      fail(row, key, `${yes[0]} or ${no[0]}`, 'import.choice_invalid');
      return null;
    };
    const conclusion = yesNo('conclusion', ['合格', '通过'], ['不合格', '未通过']);
    const preliminary = yesNo('preliminary', ['通过', '合格'], ['未通过', '不合格']);
    const names = (key: 'introducers' | 'contacts') => cell(values, key).split(DATE_SEPARATORS).filter((n) => n !== '');

    const steps: ParsedCase['steps'] = [];
    for (const def of STEPS) {
      const text = cell(values, def.code);
      if (text === '') continue;
      const dates = text.split(DATE_SEPARATORS).map((d) => ({ text: d, iso: normalizeDate(d) }));
      const bad = dates.find((d) => !d.iso);
      if (bad) {
        fail(row, def.code, `not a date: ${bad.text} (write e.g. 2020-06-01)`, 'import.date_invalid');
        continue;
      }
      const isos = dates.map((d) => d.iso as string);
      const future = isos.find((d) => d > today);
      if (future) fail(row, def.code, `a date in the future: ${future}`, 'recruitment.step_in_future');
      const several = def.repeatable || def.code === 'conversion_application' || def.code === 'conversion_meeting' || def.code === 'conversion_approval';
      if (isos.length > (several ? 12 : 1)) fail(row, def.code, 'one date only for this step', 'import.date_invalid');
      isos.sort().forEach((on, i) => {
        const details: StepDetails = { imported: true };
        const actors: { role: StepActorRole; name: string }[] = [];
        if (def.code === 'training') details.training = { days: trainingDays ?? 0, hours: trainingHours ?? 0 };
        if (def.code === 'political_review') details.conclusion = conclusion === null ? null : conclusion ? 'qualified' : 'unqualified';
        if (def.code === 'preliminary_review') details.passed = preliminary;
        if (def.code === 'conversion_meeting') {
          // Two meetings: the first extended the probation, the last decided as the 转正结论 says.
          const last = i === isos.length - 1;
          details.outcome = last ? (outcome ?? 'convert') : 'extend';
          if (!last || details.outcome === 'extend') details.extensionMonths = extensionMonths;
        }
        if (def.code === 'introducers_assigned') for (const n of names('introducers')) actors.push({ role: 'introducer', name: n });
        if (def.code === 'contacts_assigned') for (const n of names('contacts')) actors.push({ role: 'contact', name: n });
        const fact: StepFact = {
          id: newId(),
          code: def.code,
          on,
          ...details,
          ...(actors.length > 0 ? { actors: actors.map((a) => ({ role: a.role, name: a.name, standing: 'unknown' as const, underDisciplinaryProbation: false })) } : {}),
        };
        steps.push({ fact, details, actors, formNumber: def.code === 'application_form' ? cell(values, 'formNumber') || null : null });
      });
    }
    if (!cols.has('application') || cell(values, 'application') === '') fail(row, 'application', 'the application date is required', 'import.required');
    if (errors.some((e) => e.row === row) || !branch || !id.valid) continue;
    parsed.push({ row, name, idNumber, birthDate: id.birthDate as string, sex: id.sex as 'male' | 'female', branch, workUnit: cell(values, 'workUnit') || null, ethnicity: cell(values, 'ethnicity') || null, steps });
  }
  if (errors.length > 0) throw new AppError(400, 'import.rows_invalid', 'Some rows cannot be read; nothing was imported', { errors: errors.slice(0, 1000), total: errors.length });

  return deps.db.transaction().execute(async (trx) => {
    const { overrides, calendar } = await deps.recruitment.settings(trx);
    const now = nowUtc();
    const items: ImportedCase[] = [];
    let hard = 0;
    let soft = 0;
    for (const c of parsed) {
      const index = deps.crypto.blindIndex('id-number', c.idNumber);
      if ((await repo.casesOfPerson(trx, index)).length > 0) {
        throw new AppError(400, 'import.rows_invalid', 'Some rows cannot be read; nothing was imported', {
          errors: [{ row: c.row, column: header('idNumber'), message: 'this person already has a recruitment case', code: 'recruitment.case_exists' }],
          total: 1,
        });
      }
      const result = auditCase({ birthDate: c.birthDate, steps: c.steps.map((s) => s.fact) }, { today, overrides, calendar });
      hard += result.findings.filter((f) => f.severity === 'hard').length;
      soft += result.findings.filter((f) => f.severity === 'soft').length;
      const caseId = newId();
      if (items.length < MAX_LISTED_CASES) items.push({ row: c.row, name: c.name, caseId: options.dryRun ? null : caseId, state: result.state, findings: result.findings.map(findingView) });
      if (options.dryRun) continue;
      const lastOn = c.steps.map((s) => s.fact.on).sort().at(-1) ?? null;
      const dues = result.nextSteps.map((n) => n.dueOn).filter((d): d is string => d !== null).sort();
      const caseRow: repo.CaseRow = {
        id: caseId,
        org_id: c.branch.id,
        org_path: c.branch.path,
        name: c.name,
        sex: c.sex,
        ethnicity: c.ethnicity,
        birth_date: c.birthDate,
        id_number_enc: deps.crypto.encrypt(c.idNumber),
        id_number_index: index,
        phone_enc: null,
        education: null,
        work_unit: c.workUnit,
        state: result.state,
        stage: result.stage,
        next_step: result.next?.step ?? null,
        next_due_on: dues[0] ?? null,
        last_step_on: lastOn,
        member_id: await linkMember(trx, deps, actor, c, result.state, result.probationEndsOn, index, today, now),
        version: 1,
        created_at: now,
        updated_at: now,
      };
      await repo.insertCase(trx, caseRow);
      for (const s of c.steps) {
        await repo.insertStep(
          trx,
          { id: s.fact.id, case_id: caseId, org_path: caseRow.org_path, step: s.fact.code, done_on: s.fact.on, meeting_id: null, vote_id: null, committee_org_id: null, details: JSON.stringify(s.details), rule_version: ruleVersionIdOn(s.fact.on), account_id: actor.accountId, created_at: now },
          s.actors.map((a) => ({ id: newId(), case_id: caseId, step_id: s.fact.id, org_path: caseRow.org_path, role: a.role, member_id: null, person_name: a.name, created_at: now })),
          s.formNumber ? [{ id: newId(), case_id: caseId, step_id: s.fact.id, org_path: caseRow.org_path, kind: 'application_form', title: '入党志愿书', number: s.formNumber, dated_on: s.fact.on, note: null, created_at: now }] : [],
          [],
        );
      }
      if (result.findings.length > 0) await trx.insertInto('recruitment_warnings').values(result.findings.map((f) => warning(caseRow, f, now))).execute();
    }
    if (!options.dryRun) {
      await deps.audit.record(trx, actor, {
        action: 'recruitment.import',
        targetType: 'org',
        targetId: target.id,
        orgPath: target.path,
        summary: { cases: parsed.length, hard, soft, file: options.fileName, fileKind: options.format },
      });
    }
    return { dryRun: options.dryRun, cases: parsed.length, hard, soft, items };
  });
}

function warning(row: repo.CaseRow, f: Finding, now: string): repo.WarningRow {
  return { id: newId(), case_id: row.id, step_id: f.stepId, org_path: row.org_path, code: f.code, severity: f.severity, rule_id: f.ruleId, cite: f.cite, message: f.message, dates: JSON.stringify(f.dates), created_at: now };
}

/**
 * The member record of an admitted person: linked when the registry already holds the ID number, else made from
 * the history (入党 on the 支部大会 date; 转正 at the end of probation).
 */
async function linkMember(
  trx: Executor,
  deps: { crypto: CryptoProvider; audit: AuditTrail; members: MemberService },
  actor: Actor,
  c: ParsedCase,
  state: string,
  probationEndsOn: string | null,
  index: string,
  today: string,
  now: string,
): Promise<string | null> {
  const existing = await memberRepo.findMemberByIdNumberIndex(trx, index);
  if (existing) return existing.id;
  if (state !== 'probationary' && state !== 'full') return null;
  const meeting = c.steps.filter((s) => s.fact.code === 'admission_meeting').at(-1);
  if (!meeting) return null;
  const full = state === 'full';
  let member: memberRepo.MemberRow;
  try {
    member = deps.members.buildRow(
      { orgId: c.branch.id, name: c.name, idNumber: c.idNumber, ethnicity: c.ethnicity, workUnit: c.workUnit, status: full ? 'full' : 'probationary', joinedAt: meeting.fact.on, fullAt: full ? probationEndsOn : null },
      c.branch,
      null,
      today,
      now,
    );
  } catch (error) {
    if (error instanceof AppError) {
      throw new AppError(400, 'import.rows_invalid', 'Some rows cannot be read; nothing was imported', {
        errors: [{ row: c.row, column: stepHeader('admission_meeting'), message: `the member record cannot be made: ${error.message}`, code: error.code }],
        total: 1,
      });
    }
    throw error;
  }
  await memberRepo.insertMember(trx, member);
  await recordMemberEvent(trx, deps.audit, actor, member, { action: 'member.import', targetType: 'member', targetId: member.id, orgPath: member.org_path, summary: { name: member.name, status: member.status, idNumber: maskIdNumber(c.idNumber), source: 'recruitment.import' } }, now);
  return member.id;
}

function resolveColumns(headers: readonly string[]): Map<ColumnKey, string> {
  const found = new Map<ColumnKey, string>();
  const find = (names: string[]) => headers.find((h) => names.map(normalizeHeader).includes(normalizeHeader(h)));
  for (const [key, c] of Object.entries(IMPORT_COLUMNS) as [keyof typeof IMPORT_COLUMNS, { chinese: string; aliases: readonly string[] }][]) {
    const h = find([c.chinese, ...c.aliases]);
    if (h !== undefined) found.set(key, h);
  }
  for (const def of STEPS) {
    const plain = STEP_HEADERS[def.code] ?? def.label;
    const h = find([stepHeader(def.code), plain, `${plain}日期`, def.code]);
    if (h !== undefined) found.set(def.code, h);
  }
  return found;
}
