/**
 * Recruitment (发展党员) for the generated tree: cases in the branches at every stage — applicants waiting for their
 * talk, activists being trained, development targets under review, probationary members and converted ones — each
 * with a history dated by the book of 《中国共产党发展党员工作细则》 (talk within a month, a year and more as
 * activist, assessments every six months, training of 3 days or more, approval within three months, a year of
 * probation), and some with the typical mistakes of real files: a development target named before a full year as
 * activist (第十二条), an approval after three months (第二十六条), training too short (第十七条), a late talk (第七条).
 *
 * The cases are stored as the backfill import stores history: steps with their dates, the people by name, and
 * the findings of the server's own audit (src/modules/recruitment/recruitment-audit.ts) stored on each case, so
 * the board, the case pages and the subtree report show them. Admitted and converted cases get their member
 * record, as the approval does in the service.
 */
import type { Insertable } from 'kysely';
import type { Executor, RecruitmentActorTable, RecruitmentCaseTable, RecruitmentDocumentTable, RecruitmentStepTable, RecruitmentWarningTable } from '../src/db/schema.ts';
import { addDays, addMonths, nowUtc } from '../src/lib/dates.ts';
import { checkCharacter } from '../src/lib/id-number.ts';
import { newId } from '../src/lib/ids.ts';
import { insertMembers } from '../src/modules/members/members.repo.ts';
import { BRANCH_KINDS, type OrgKind } from '../src/modules/orgs/org-kinds.ts';
import type { OrgRow } from '../src/modules/orgs/orgs.repo.ts';
import { auditCase, type CaseState, type StepFact } from '../src/modules/recruitment/recruitment-audit.ts';
import { ruleVersionIdOn } from '../src/modules/recruitment/recruitment.service.ts';
import type { StepActorRole, StepCode } from '../src/policy/recruitment.ts';
import { memberRowOf, type GeneratedTree, type GeneratorStep, type Rng } from './generator.ts';

/** The typical mistakes, each given to a share of the cases that reach the step. */
export const MISTAKES = {
  /** Named development target after 9–11 months as activist (第十二条: a year and more). */
  earlyTarget: 0.12,
  /** Approved 3½–5½ months after the general meeting (第二十六条: within three months). */
  lateApproval: 0.1,
  /** Two days, sixteen class hours of training (第十七条: three days or 24 hours). */
  shortTraining: 0.1,
  /** The talk six to eight weeks after the application (第七条: within a month). */
  lateTalk: 0.08,
} as const;
export type Mistake = keyof typeof MISTAKES;

/** The finding each mistake produces in the audit. */
export const MISTAKE_FINDINGS: Record<Mistake, string> = {
  earlyTarget: 'recruitment.activist_period_too_short',
  lateApproval: 'recruitment.approval_late',
  shortTraining: 'recruitment.training_insufficient',
  lateTalk: 'recruitment.talk_overdue',
};

/** The state a case is taken to, with how long ago its application came (months, from–to). */
const TARGETS: readonly { state: CaseState; share: number; appliedMonthsAgo: [number, number] }[] = [
  { state: 'applicant', share: 0.2, appliedMonthsAgo: [0, 3] },
  { state: 'activist', share: 0.3, appliedMonthsAgo: [4, 14] },
  { state: 'target', share: 0.2, appliedMonthsAgo: [17, 19] },
  { state: 'probationary', share: 0.2, appliedMonthsAgo: [25, 30] },
  { state: 'full', share: 0.1, appliedMonthsAgo: [38, 60] },
];

/** Cases per branch: most branches have one or two people in the pipeline, some none. */
const CASES_PER_BRANCH: readonly number[] = [0, 0, 1, 1, 1, 2, 2, 3];

const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许'];
const GIVEN = [...'晓明思远嘉怡子涵宇航雨欣浩然诗琪俊杰梦瑶志强丽娜佳琪'];
/**
 * The region part of the applicants' ID numbers, with sequences from 901 up: the members step counts its sequences
 * up from 001, so no applicant shares a member's number.
 */
const ID_REGION = '110105';
const UNITS = ['村股份经济合作社', '镇卫生院', '县第一中学', '镇农业服务中心', '社区居委会', '县供电公司', '乡村振兴工作站'];

interface Planned {
  code: StepCode;
  on: string;
  actors?: { role: StepActorRole; name: string }[];
  training?: { days: number; hours: number };
  conclusion?: 'qualified';
  passed?: boolean;
  outcome?: 'convert';
  formNumber?: string;
}

const branchesOf = (tree: GeneratedTree) => tree.orgs.filter((o) => BRANCH_KINDS.includes(o.kind as OrgKind) && o.status === 'active');

function pickTarget(rng: Rng): (typeof TARGETS)[number] {
  let roll = rng.next();
  for (const target of TARGETS) {
    roll -= target.share;
    if (roll < 0) return target;
  }
  return TARGETS[TARGETS.length - 1] as (typeof TARGETS)[number];
}

/** The whole history of a case by the book from its application, with the mistakes it was given. */
export function planHistory(appliedOn: string, rng: Rng, mistakes: ReadonlySet<Mistake>, names: () => string, formNumber: string): Planned[] {
  const steps: Planned[] = [{ code: 'application', on: appliedOn }];
  const add = (code: StepCode, on: string, extra: Omit<Planned, 'code' | 'on'> = {}) => {
    steps.push({ code, on, ...extra });
    return on;
  };
  const talk = add('application_talk', addDays(appliedOn, mistakes.has('lateTalk') ? rng.int(40, 56) : rng.int(7, 25)), { actors: [{ role: 'talker', name: names() }] });
  const activist = add('activist_designation', addMonths(talk, rng.int(1, 5)));
  add('activist_filing', addDays(activist, rng.int(3, 12)));
  add('contacts_assigned', activist, { actors: [{ role: 'contact', name: names() }, { role: 'contact', name: names() }] });
  const target = addMonths(activist, mistakes.has('earlyTarget') ? rng.int(9, 11) : rng.int(12, 15));
  // A written assessment every five months until the development-target decision (第十条: each half year).
  for (let months = 5; addMonths(activist, months) < target; months += 5) add('activist_assessment', addMonths(activist, months));
  add('target_designation', target);
  add('target_filing', addDays(target, rng.int(3, 10)));
  add('introducers_assigned', addDays(target, rng.int(7, 15)), { actors: [{ role: 'introducer', name: names() }, { role: 'introducer', name: names() }] });
  const review = add('political_review', addDays(target, rng.int(20, 45)), { conclusion: 'qualified' });
  const training = add('training', addDays(target, rng.int(30, 60)), { training: mistakes.has('shortTraining') ? { days: 2, hours: 16 } : { days: rng.int(3, 5), hours: rng.pick([24, 32, 40]) } });
  const committee = add('committee_review', addDays(review > training ? review : training, rng.int(7, 20)));
  const preliminary = add('preliminary_review', addDays(committee, rng.int(10, 25)), { passed: true });
  const form = add('application_form', addDays(preliminary, rng.int(5, 15)), { formNumber });
  const meeting = add('admission_meeting', addDays(form, rng.int(10, 25)));
  add('approval_talk', addDays(meeting, rng.int(7, 20)), { actors: [{ role: 'approval_talker', name: names() }] });
  const approval = add('admission_approval', mistakes.has('lateApproval') ? addDays(addMonths(meeting, 3), rng.int(15, 75)) : addDays(meeting, rng.int(30, 80)));
  add('admission_filing', addDays(approval, rng.int(7, 20)));
  add('placement', addDays(approval, rng.int(2, 7)));
  add('oath', addDays(approval, rng.int(7, 40)));
  add('probation_assessment', addMonths(meeting, 6));
  const conversionMeeting = addDays(addMonths(meeting, 12), rng.int(0, 20));
  add('conversion_application', addDays(conversionMeeting, -rng.int(5, 15)));
  add('conversion_meeting', conversionMeeting, { outcome: 'convert' });
  const conversion = add('conversion_approval', addDays(conversionMeeting, rng.int(20, 70)));
  add('archiving', addDays(conversion, rng.int(10, 40)));
  return steps.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
}

/** The step that takes a case out of each state: its history stops before it. */
const LEAVES: Record<CaseState, StepCode | null> = {
  applicant: 'activist_designation',
  activist: 'target_designation',
  target: 'admission_approval',
  probationary: 'conversion_approval',
  full: null,
  cancelled: null,
};

export interface RecruitmentBatch {
  cases: Insertable<RecruitmentCaseTable>[];
  steps: Insertable<RecruitmentStepTable>[];
  actors: Insertable<RecruitmentActorTable>[];
  documents: Insertable<RecruitmentDocumentTable>[];
  warnings: Insertable<RecruitmentWarningTable>[];
}

const CHUNK = 500;

async function insertAll<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

export const recruitmentStep: GeneratorStep = {
  name: 'recruitment',
  async run(ex: Executor, ctx) {
    const { rng, tree } = ctx;
    const crypto = ctx.crypto;
    if (!crypto) throw new Error('the recruitment step encrypts ID numbers: pass crypto to populate');
    const now = nowUtc();
    const today = tree.today;
    const batch: RecruitmentBatch = { cases: [], steps: [], actors: [], documents: [], warnings: [] };
    const members: ReturnType<typeof memberRowOf>[] = [];
    const usedIds = new Set<string>();
    const personName = () => rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.6) ? rng.pick(GIVEN) : '');
    let formSequence = 0;

    for (const branch of branchesOf(tree)) {
      const count = rng.pick(CASES_PER_BRANCH);
      for (let n = 0; n < count; n++) {
        const target = pickTarget(rng);
        const appliedOn = addDays(today, -rng.int(target.appliedMonthsAgo[0] * 30, target.appliedMonthsAgo[1] * 30 + 20));
        if (branch.established_on && appliedOn < branch.established_on) continue;
        const sex = rng.chance(0.55) ? 'male' : 'female';
        const birthDate = addDays(appliedOn, -rng.int(19 * 365, 40 * 365));
        let idNumber = '';
        for (let seq = 901 + (sex === 'male' ? 0 : 1); seq < 999; seq += 2) {
          const first17 = `${ID_REGION}${birthDate.replaceAll('-', '')}${seq}`;
          const candidate = first17 + checkCharacter(first17);
          if (!usedIds.has(candidate)) {
            idNumber = candidate;
            break;
          }
        }
        if (!idNumber) continue;
        usedIds.add(idNumber);
        const mistakes = new Set((Object.keys(MISTAKES) as Mistake[]).filter((m) => rng.chance(MISTAKES[m])));
        formSequence += 1;
        // Half the applicants still wait for their talk (some past the month it is due in).
        const leaves = target.state === 'applicant' && rng.chance(0.5) ? 'application_talk' : LEAVES[target.state];
        const history = planHistory(appliedOn, rng, mistakes, personName, `ZYS-${String(formSequence).padStart(6, '0')}`);
        const cut = leaves ? history.findIndex((s) => s.code === leaves) : history.length;
        const kept = history.slice(0, cut < 0 ? history.length : cut).filter((s) => s.on <= today);
        writeCase(batch, members, { branch, name: personName(), sex, birthDate, idNumber, workUnit: rng.pick(UNITS), steps: kept, today, now, crypto });
      }
    }

    await insertAll(members, (chunk) => insertMembers(ex, chunk));
    await insertAll(batch.cases, (chunk) => ex.insertInto('recruitment_cases').values(chunk).execute());
    await insertAll(batch.steps, (chunk) => ex.insertInto('recruitment_steps').values(chunk).execute());
    await insertAll(batch.actors, (chunk) => ex.insertInto('recruitment_actors').values(chunk).execute());
    await insertAll(batch.documents, (chunk) => ex.insertInto('recruitment_documents').values(chunk).execute());
    await insertAll(batch.warnings, (chunk) => ex.insertInto('recruitment_warnings').values(chunk).execute());
    const rows = batch.cases.length + batch.steps.length + batch.actors.length + batch.documents.length + batch.warnings.length + members.length;
    ctx.onProgress?.(rows, rows);
    return rows;
  },
};

interface CaseSeed {
  branch: OrgRow;
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  idNumber: string;
  workUnit: string;
  steps: Planned[];
  today: string;
  now: string;
  crypto: NonNullable<Parameters<GeneratorStep['run']>[1]['crypto']>;
}

function writeCase(batch: RecruitmentBatch, members: ReturnType<typeof memberRowOf>[], seed: CaseSeed): void {
  const { branch, steps, today, now, crypto } = seed;
  const caseId = newId();
  const ids = steps.map(() => newId());
  // As the backfill stores history: the people are names, votes and committees are not linked, so not judged.
  const facts: StepFact[] = steps.map((s, i) => ({
    id: ids[i] as string,
    code: s.code,
    on: s.on,
    ...(s.actors ? { actors: s.actors.map((a) => ({ role: a.role, name: a.name, standing: 'unknown' as const, underDisciplinaryProbation: false })) } : {}),
    ...(s.training ? { training: s.training } : {}),
    ...(s.conclusion ? { conclusion: s.conclusion } : {}),
    ...(s.passed !== undefined ? { passed: s.passed } : {}),
    ...(s.outcome ? { outcome: s.outcome } : {}),
  }));
  const result = auditCase({ birthDate: seed.birthDate, steps: facts }, { today });
  const dues = result.nextSteps.map((n) => n.dueOn).filter((d): d is string => d !== null).sort();
  const on = (code: StepCode) => steps.find((s) => s.code === code)?.on ?? null;
  let memberId: string | null = null;
  const admittedOn = on('admission_approval') ? on('admission_meeting') : null;
  if (admittedOn) {
    const converted = result.state === 'full';
    const member = memberRowOf(
      {
        branch,
        group: null,
        name: seed.name,
        sex: seed.sex,
        ethnicity: '汉族',
        idNumber: seed.idNumber,
        birthDate: seed.birthDate,
        phone: null,
        education: 'bachelor',
        workUnit: seed.workUnit,
        occupation: null,
        householdType: 'rural',
        status: converted ? 'full' : 'probationary',
        joinedOn: admittedOn,
        fullOn: converted ? result.probationEndsOn : null,
        flags: { flowing: false, hardship: false, veteran: false, inService: true, retired: false },
      },
      crypto,
      now,
    );
    members.push(member);
    memberId = member.id;
  }
  batch.cases.push({
    id: caseId,
    org_id: branch.id,
    org_path: branch.path,
    name: seed.name,
    sex: seed.sex,
    ethnicity: '汉族',
    birth_date: seed.birthDate,
    id_number_enc: crypto.encrypt(seed.idNumber),
    id_number_index: crypto.blindIndex('id-number', seed.idNumber),
    phone_enc: null,
    education: null,
    work_unit: seed.workUnit,
    state: result.state,
    stage: result.stage,
    next_step: result.next?.step ?? null,
    next_due_on: dues[0] ?? null,
    last_step_on: steps.at(-1)?.on ?? null,
    member_id: memberId,
    version: 1,
    created_at: now,
    updated_at: now,
  });
  steps.forEach((s, i) => {
    const stepId = ids[i] as string;
    batch.steps.push({
      id: stepId,
      case_id: caseId,
      org_path: branch.path,
      step: s.code,
      done_on: s.on,
      meeting_id: null,
      vote_id: null,
      committee_org_id: null,
      details: JSON.stringify({
        imported: true,
        ...(s.training ? { training: s.training } : {}),
        ...(s.conclusion ? { conclusion: s.conclusion } : {}),
        ...(s.passed !== undefined ? { passed: s.passed } : {}),
        ...(s.outcome ? { outcome: s.outcome } : {}),
      }),
      rule_version: ruleVersionIdOn(s.on),
      account_id: null,
      created_at: now,
    });
    for (const a of s.actors ?? []) {
      batch.actors.push({ id: newId(), case_id: caseId, step_id: stepId, org_path: branch.path, role: a.role, member_id: null, person_name: a.name, created_at: now });
    }
    if (s.formNumber) {
      batch.documents.push({ id: newId(), case_id: caseId, step_id: stepId, org_path: branch.path, kind: 'application_form', title: '入党志愿书', number: s.formNumber, dated_on: s.on, note: null, created_at: now });
    }
  });
  for (const f of result.findings) {
    batch.warnings.push({
      id: newId(),
      case_id: caseId,
      step_id: f.stepId,
      org_path: branch.path,
      code: f.code,
      severity: f.severity,
      rule_id: f.ruleId,
      cite: f.cite,
      message: f.message,
      dates: JSON.stringify(f.dates),
      created_at: now,
    });
  }
}
