import { z } from 'zod';
import { id, isoDate, pagination, version } from '../../lib/schema.ts';
import { PUBLICITY_POINTS, STEP_CODES } from '../../policy/recruitment.ts';

const text = (max: number) => z.string().trim().max(max).nullable().optional();
const stepCode = z.enum(STEP_CODES);
const actorRole = z.enum(['talker', 'contact', 'introducer', 'approval_talker']);
const severity = z.enum(['hard', 'soft']);
const caseState = z.enum(['applicant', 'activist', 'target', 'probationary', 'full', 'cancelled']);
const dates = z.record(z.string(), z.string());
const rule = z.object({ id: z.string(), cite: z.string() });

export const createCaseBody = z.strictObject({
  orgId: id,
  name: z.string().trim().min(1).max(50),
  idNumber: z.string().trim().min(1).max(18),
  birthDate: isoDate.optional(),
  sex: z.enum(['male', 'female']).optional(),
  ethnicity: text(20),
  education: text(20),
  workUnit: text(100),
  phone: z.string().trim().max(11).nullable().optional(),
  appliedOn: isoDate,
});

const documentInput = z.strictObject({
  kind: z.enum(['application', 'talk_record', 'assessment', 'political_review', 'training_certificate', 'application_form', 'conversion_application', 'minutes', 'other']),
  title: z.string().trim().min(1).max(200),
  number: text(50),
  datedOn: isoDate.nullable().optional(),
  note: text(1000),
});

export const stepBody = z.strictObject({
  step: stepCode,
  on: isoDate,
  version,
  voteId: id.nullable().optional(),
  committeeOrgId: id.nullable().optional(),
  actors: z
    .array(z.strictObject({ role: actorRole, memberId: id.nullable().optional(), name: z.string().trim().min(1).max(50).nullable().optional() }))
    .max(10)
    .optional(),
  training: z.strictObject({ days: z.number().int().min(0).max(365), hours: z.number().int().min(0).max(2000) }).nullable().optional(),
  conclusion: z.enum(['qualified', 'unqualified']).nullable().optional(),
  passed: z.boolean().nullable().optional(),
  outcome: z.enum(['convert', 'extend', 'cancel']).nullable().optional(),
  extensionMonths: z.number().int().min(1).max(24).nullable().optional(),
  documents: z.array(documentInput).max(20).optional(),
  note: text(2000),
});

export const listQuery = z.strictObject({
  orgId: id,
  subtree: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  state: caseState.optional(),
  stage: z.coerce.number().int().min(1).max(5).optional(),
  ...pagination,
});

export const reportQuery = z.strictObject({
  stalledMonths: z.coerce.number().int().min(1).max(60).default(12),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const publicityBody = z.strictObject({
  subject: z.enum(PUBLICITY_POINTS.map((p) => p.subject) as [string, ...string[]]),
  startsOn: isoDate,
  endsOn: isoDate.nullable().optional(),
  content: text(2000),
});

export const objectionBody = z.strictObject({ receivedOn: isoDate, content: z.string().trim().min(1).max(2000) });
export const resolveBody = z.strictObject({ resolvedOn: isoDate, resolution: z.string().trim().min(1).max(2000), version });
export const disciplineBody = z.strictObject({ startsOn: isoDate, endsOn: isoDate.nullable().optional(), note: text(500) });

export const caseView = z
  .object({
    id: z.string(),
    orgId: z.string(),
    name: z.string(),
    sex: z.enum(['male', 'female']),
    ethnicity: z.string().nullable(),
    birthDate: z.string(),
    age: z.number().int(),
    idNumber: z.string().meta({ description: 'masked' }),
    phone: z.string().nullable().meta({ description: 'masked' }),
    education: z.string().nullable(),
    workUnit: z.string().nullable(),
    state: caseState,
    stage: z.number().int(),
    nextStep: stepCode.nullable(),
    nextDueOn: z.string().nullable(),
    lastStepOn: z.string().nullable(),
    memberId: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'RecruitmentCase' });

export const casePage = z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(caseView) });

export const findingView = z
  .object({ code: z.string(), severity, step: stepCode.nullable(), stepId: z.string().nullable(), rule, local: z.boolean(), message: z.string(), dates })
  .meta({ id: 'RecruitmentFinding' });

const storedFinding = z.object({ id: z.string(), stepId: z.string().nullable(), code: z.string(), severity, rule, message: z.string(), dates, createdAt: z.string() });

export const nextStepView = z.object({
  step: stepCode,
  number: z.number().int(),
  label: z.string(),
  earliestOn: z.string().nullable(),
  dueOn: z.string().nullable(),
  latestOn: z.string().nullable(),
  overdue: z.boolean(),
  cite: z.string().nullable(),
});

const objectionView = z.object({
  id: z.string(),
  publicityId: z.string(),
  receivedOn: z.string(),
  content: z.string(),
  resolvedOn: z.string().nullable(),
  resolution: z.string().nullable(),
  version: z.number().int(),
});
export const objectionViewSchema = objectionView;

export const publicityView = z.object({
  id: z.string(),
  subject: stepCode,
  startsOn: z.string(),
  endsOn: z.string(),
  workingDays: z.number().int(),
  content: z.string().nullable(),
  objections: z.array(objectionView),
});

export const caseDetail = caseView
  .extend({
    steps: z.array(
      z.object({
        id: z.string(),
        step: stepCode,
        number: z.number().int(),
        stage: z.number().int(),
        label: z.string(),
        on: z.string(),
        meetingId: z.string().nullable(),
        voteId: z.string().nullable(),
        committeeOrgId: z.string().nullable(),
        details: z.object({
          training: z.object({ days: z.number(), hours: z.number() }).nullable().optional(),
          conclusion: z.enum(['qualified', 'unqualified']).nullable().optional(),
          passed: z.boolean().nullable().optional(),
          outcome: z.enum(['convert', 'extend', 'cancel']).nullable().optional(),
          extensionMonths: z.number().nullable().optional(),
          note: z.string().nullable().optional(),
        }),
        ruleVersion: z.string().nullable(),
        actors: z.array(z.object({ role: actorRole, memberId: z.string().nullable(), name: z.string() })),
        documents: z.array(z.object({ id: z.string(), kind: z.string(), title: z.string(), number: z.string().nullable(), datedOn: z.string().nullable(), note: z.string().nullable() })),
      }),
    ),
    publicity: z.array(publicityView),
    warnings: z.array(storedFinding),
  })
  .meta({ id: 'RecruitmentCaseDetail' });

export const stepResult = z.object({
  case: caseView,
  stepId: z.string(),
  warnings: z.array(findingView),
  next: nextStepView.nullable(),
  nextSteps: z.array(nextStepView),
});

export const complianceView = z.object({
  caseId: z.string(),
  today: z.string(),
  state: caseState,
  stage: z.number().int(),
  next: nextStepView.nullable(),
  nextSteps: z.array(nextStepView),
  probationEndsOn: z.string().nullable(),
  ruleVersions: z.array(z.string()),
  findings: z.array(findingView),
  dueSoon: z.array(stepCode),
  stored: z.array(storedFinding),
});

const caseBrief = z.object({
  caseId: z.string(),
  orgId: z.string(),
  name: z.string(),
  state: caseState,
  stage: z.number().int(),
  nextStep: stepCode.nullable(),
  nextDueOn: z.string().nullable(),
  lastStepOn: z.string().nullable(),
});

export const reportView = z.object({
  orgId: z.string(),
  today: z.string(),
  stalledMonths: z.number().int(),
  counts: z.array(z.object({ state: caseState, stage: z.number().int(), count: z.number().int() })),
  overdue: z.array(caseBrief),
  stalled: z.array(caseBrief),
  findings: z.array(z.object({ code: z.string(), severity, ruleId: z.string(), cite: z.string(), count: z.number().int(), cases: z.number().int() })),
});

export const publicityResult = publicityView.extend({ approximate: z.boolean() });

export const disciplineView = z.object({ id: z.string(), memberId: z.string(), startsOn: z.string(), endsOn: z.string().nullable(), note: z.string().nullable() });

export const rulesView = z.object({
  steps: z.array(
    z.object({
      step: stepCode,
      number: z.number().int(),
      stage: z.number().int(),
      label: z.string(),
      after: z.array(stepCode),
      repeatable: z.boolean(),
      vote: z.boolean(),
      committee: z.string().nullable(),
      actors: z.array(actorRole),
      cite: z.string(),
    }),
  ),
  versions: z.array(z.object({ id: z.string(), effectiveFrom: z.string(), cite: z.string() })),
  overrides: z.record(z.string(), z.object({ value: z.number(), cite: z.string() }).nullable()),
  calendarYears: z.array(z.object({ year: z.number().int(), source: z.string() })),
});

export const importQuery = z.strictObject({
  orgId: id,
  dryRun: z.enum(['true', 'false']).default('false'),
  fileName: z.string().max(200).optional(),
});

export const importResult = z.object({
  dryRun: z.boolean(),
  cases: z.number().int(),
  hard: z.number().int(),
  soft: z.number().int(),
  items: z.array(z.object({ row: z.number().int(), name: z.string(), caseId: z.string().nullable(), state: caseState, findings: z.array(findingView) })),
});
