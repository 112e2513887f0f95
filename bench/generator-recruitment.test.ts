import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../src/db/create-db.ts';
import { createTestDb } from '../src/db/test-db.ts';
import { SYSTEM_ACTOR } from '../src/lib/actor.ts';
import { addMonths } from '../src/lib/dates.ts';
import { createCryptoProvider } from '../src/lib/crypto/provider.ts';
import { BRANCH_KINDS, type OrgKind } from '../src/modules/orgs/org-kinds.ts';
import { auditCase } from '../src/modules/recruitment/recruitment-audit.ts';
import { STEP_BY_CODE, type StepCode } from '../src/policy/recruitment.ts';
import { createServices } from '../src/server/app.ts';
import { createRng, generateCounty, membersStepOf, orgsStep, populate, type GeneratedTree } from './generator.ts';
import { MISTAKE_FINDINGS, planHistory, recruitmentStep, type Mistake } from './generator-recruitment.ts';

const TODAY = '2025-06-30';

let handle: DbHandle;
let tree: GeneratedTree;
const crypto = createCryptoProvider('intl', randomBytes(32));

beforeAll(async () => {
  handle = await createTestDb();
  tree = generateCounty({ seed: 7, size: 1, today: TODAY });
  await populate(handle.db, tree, { crypto, steps: [orgsStep, membersStepOf({ scale: 0.2 }), recruitmentStep] });
}, 120_000);
afterAll(async () => {
  await handle.close();
});

const stepsOfCase = async (caseId: string) => handle.db.selectFrom('recruitment_steps').selectAll().where('case_id', '=', caseId).orderBy('done_on').execute();

describe('the plan of a history by the book', () => {
  const names = () => '某某';
  it.each([
    ['none', [] as Mistake[]],
    ['early development target (第十二条)', ['earlyTarget'] as Mistake[]],
    ['late approval (第二十六条)', ['lateApproval'] as Mistake[]],
    ['short training (第十七条)', ['shortTraining'] as Mistake[]],
    ['late talk (第七条)', ['lateTalk'] as Mistake[]],
  ])('mistake %s: the audit names exactly the mistake given, nothing else', (_label, mistakes) => {
    for (let seed = 1; seed <= 20; seed++) {
      const plan = planHistory('2018-03-01', createRng(seed), new Set(mistakes), names, 'ZYS-1');
      const result = auditCase(
        { birthDate: '1995-01-01', steps: plan.map((s, i) => ({ id: `s${i}`, code: s.code, on: s.on, ...(s.training ? { training: s.training } : {}), ...(s.conclusion ? { conclusion: s.conclusion } : {}), ...(s.passed !== undefined ? { passed: s.passed } : {}), ...(s.outcome ? { outcome: s.outcome } : {}) })) },
        { today: '2025-06-30' },
      );
      expect(result.state).toBe('full');
      expect(result.findings.map((f) => f.code).sort()).toEqual(mistakes.map((m) => MISTAKE_FINDINGS[m]).sort());
    }
  });
});

describe('recruitment cases of the generated county', () => {
  it('has cases at every stage, in active branches, none dated after today', async () => {
    const cases = await handle.db.selectFrom('recruitment_cases').innerJoin('orgs', 'orgs.id', 'recruitment_cases.org_id').select(['recruitment_cases.id', 'recruitment_cases.state', 'recruitment_cases.stage', 'recruitment_cases.org_path', 'orgs.path', 'orgs.kind', 'orgs.status']).execute();
    expect(cases.length).toBeGreaterThan(50);
    expect(new Set(cases.map((c) => c.state))).toEqual(new Set(['applicant', 'activist', 'target', 'probationary', 'full']));
    expect(new Set(cases.map((c) => c.stage))).toEqual(new Set([1, 2, 3, 4, 5]));
    for (const c of cases) {
      expect(c.org_path).toBe(c.path);
      expect(BRANCH_KINDS).toContain(c.kind as OrgKind);
      expect(c.status).toBe('active');
    }
    const latest = await handle.db.selectFrom('recruitment_steps').select((eb) => eb.fn.max('done_on').as('on')).executeTakeFirstOrThrow();
    expect(String(latest.on) <= TODAY).toBe(true);
  });

  it('stores what the audit of each case finds, and its state and next due date, as the service would', async () => {
    const cases = await handle.db.selectFrom('recruitment_cases').selectAll().execute();
    for (const c of cases) {
      const steps = await stepsOfCase(c.id);
      for (const s of steps) for (const p of STEP_BY_CODE[s.step as StepCode].after) expect(steps.some((o) => o.step === p && o.done_on <= s.done_on)).toBe(true);
      const result = auditCase(
        { birthDate: c.birth_date, steps: steps.map((s) => ({ id: s.id, code: s.step as StepCode, on: s.done_on, ...(JSON.parse(s.details) as object) })) },
        { today: TODAY },
      );
      expect(c.state).toBe(result.state);
      expect(c.stage).toBe(result.stage);
      const stored = await handle.db.selectFrom('recruitment_warnings').select('code').where('case_id', '=', c.id).execute();
      expect(stored.map((w) => w.code).sort()).toEqual(result.findings.map((f) => f.code).sort());
    }
  });

  it('gives some histories each typical mistake, and no other finding, with its article', async () => {
    const findings = await handle.db.selectFrom('recruitment_warnings').select(['code', 'cite', 'severity']).execute();
    const codes = new Set(findings.map((f) => f.code));
    for (const code of Object.values(MISTAKE_FINDINGS)) expect(codes).toContain(code);
    // Beyond the mistakes, only deadlines missed in the pipeline itself (an assessment still owed) may show.
    for (const code of codes) expect([...Object.values(MISTAKE_FINDINGS)]).toContain(code);
    const early = findings.find((f) => f.code === 'recruitment.activist_period_too_short');
    expect(early?.severity).toBe('hard');
    expect(early?.cite).toContain('第十二条');
    expect(findings.find((f) => f.code === 'recruitment.approval_late')?.cite).toContain('第二十六条');
    expect(findings.find((f) => f.code === 'recruitment.training_insufficient')?.cite).toContain('第十七条');
    const cases = await handle.db.selectFrom('recruitment_cases').select('id').execute();
    const withFindings = new Set((await handle.db.selectFrom('recruitment_warnings').select('case_id').execute()).map((w) => w.case_id));
    // Most cases are clean.
    expect(withFindings.size).toBeLessThan(cases.length / 2);
  });

  it('gives admitted and converted cases their member record, probationary or full from the right dates', async () => {
    const rows = await handle.db
      .selectFrom('recruitment_cases')
      .innerJoin('members', 'members.id', 'recruitment_cases.member_id')
      .select(['recruitment_cases.id', 'recruitment_cases.state', 'members.status', 'members.joined_on', 'members.full_on', 'members.org_id', 'recruitment_cases.org_id as case_org'])
      .execute();
    const admitted = await handle.db.selectFrom('recruitment_cases').select('id').where('state', 'in', ['probationary', 'full']).execute();
    expect(rows.length).toBe(admitted.length);
    for (const r of rows) {
      expect(r.org_id).toBe(r.case_org);
      expect(r.status).toBe(r.state === 'full' ? 'full' : 'probationary');
      const meeting = (await stepsOfCase(r.id)).find((s) => s.step === 'admission_meeting');
      expect(r.joined_on).toBe(meeting?.done_on);
      if (r.state === 'full') expect(r.full_on).toBe(addMonths(r.joined_on, 12));
    }
    const none = await handle.db.selectFrom('recruitment_cases').select('id').where('state', 'in', ['applicant', 'activist', 'target']).where('member_id', 'is not', null).execute();
    expect(none).toEqual([]);
  });

  it('reads back through the service: the case, its compliance and the subtree report', async () => {
    const services = createServices(handle, crypto, () => new Date(`${TODAY}T04:00:00Z`));
    const root = tree.orgs[0];
    if (!root) throw new Error('no root');
    const withMistake = await handle.db.selectFrom('recruitment_warnings').select('case_id').where('code', '=', 'recruitment.activist_period_too_short').executeTakeFirstOrThrow();
    const compliance = await services.recruitment.compliance(SYSTEM_ACTOR, withMistake.case_id);
    expect(compliance.findings.map((f) => f.code)).toContain('recruitment.activist_period_too_short');
    const detail = await services.recruitment.getCase(SYSTEM_ACTOR, withMistake.case_id);
    expect(detail.idNumber).toMatch(/\*/);
    const report = await services.recruitment.report(SYSTEM_ACTOR, root.id, { stalledMonths: 12, limit: 100 });
    expect(report.counts.reduce((n, c) => n + c.count, 0)).toBe((await handle.db.selectFrom('recruitment_cases').select('id').execute()).length);
    expect(report.findings.map((f) => f.code)).toContain('recruitment.approval_late');
  });
});
