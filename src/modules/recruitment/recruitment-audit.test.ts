import { describe, expect, test } from 'vitest';
import type { RuleVersion } from '../../policy/rule-set.ts';
import { RECRUITMENT_RULE_VERSIONS, type RecruitmentRules, type StepCode } from '../../policy/recruitment.ts';
import { auditCase, type ActorFact, type CaseFacts, type PublicityFact, type StepFact } from './recruitment-audit.ts';

const full = (name: string): ActorFact => ({ role: 'introducer', name, standing: 'full', underDisciplinaryProbation: false });
const committee = { name: '镇党委', isSuperior: true, mayApprove: true, isAboveApprover: false };
const countyDepartment = { name: '县委组织部', isSuperior: true, mayApprove: true, isAboveApprover: true };
const passedVote = { quorate: true, passed: true, ruleId: 'votes.2018.recruitment', cite: '' };

/** A case done by the book, from application (2019-03-01) to archiving. */
function correctCase(): StepFact[] {
  const s = (code: StepCode, on: string, extra: Partial<StepFact> = {}): StepFact => ({ id: `${code}@${on}`, code, on, ...extra });
  return [
    s('application', '2019-03-01'),
    s('application_talk', '2019-03-20', { actors: [{ ...full('王书记'), role: 'talker' }] }),
    s('activist_designation', '2019-06-10'),
    s('activist_filing', '2019-06-15', { committee }),
    s('contacts_assigned', '2019-06-10', { actors: [{ ...full('李联系'), role: 'contact' }, { ...full('赵联系'), role: 'contact' }] }),
    s('activist_assessment', '2019-12-10'),
    s('activist_assessment', '2020-06-08'),
    s('target_designation', '2020-06-20'),
    s('target_filing', '2020-06-28', { committee }),
    s('introducers_assigned', '2020-07-01', { actors: [full('李联系'), full('赵联系')] }),
    s('political_review', '2020-08-15', { conclusion: 'qualified' }),
    s('training', '2020-09-05', { training: { days: 3, hours: 24 } }),
    s('committee_review', '2020-09-20'),
    s('preliminary_review', '2020-10-10', { committee, passed: true }),
    s('application_form', '2020-10-15'),
    s('admission_meeting', '2020-10-28', { vote: passedVote }),
    s('approval_talk', '2020-11-10', { actors: [{ ...full('组织员'), role: 'approval_talker' }] }),
    s('admission_approval', '2020-12-20', { committee }),
    s('admission_filing', '2020-12-30', { committee: countyDepartment }),
    s('placement', '2020-12-25'),
    s('oath', '2021-01-05'),
    s('conversion_application', '2021-10-20'),
    s('conversion_meeting', '2021-10-28', { vote: passedVote, outcome: 'convert' }),
    s('conversion_approval', '2021-12-15', { committee }),
    s('archiving', '2022-01-10'),
  ];
}

const birthDate = '1995-04-02';
const audit = (steps: StepFact[], extra: Partial<CaseFacts> = {}, today = '2022-02-01') => auditCase({ birthDate, steps, ...extra }, { today });
const replace = (code: StepCode, patch: Partial<StepFact>, steps = correctCase()) => steps.map((s) => (s.code === code ? { ...s, ...patch } : s));
const shift = (codes: StepCode[], on: string, steps: StepFact[]) => steps.map((s) => (codes.includes(s.code) ? { ...s, on } : s));
const upTo = (code: StepCode) => {
  const steps = correctCase();
  return steps.slice(0, steps.findIndex((s) => s.code === code) + 1);
};

describe('a case done by the book', () => {
  test('gives no findings and ends as a full member', () => {
    const result = audit(correctCase());
    expect(result.findings).toEqual([]);
    expect(result.state).toBe('full');
    expect(result.ruleVersions).toEqual(['recruitment.2014']);
    expect(result.nextSteps).toEqual([]);
  });

  test('gives no findings at any point along the way', () => {
    const steps = correctCase();
    for (let i = 1; i <= steps.length; i += 1) expect(audit(steps.slice(0, i), {}, steps[i - 1]?.on).findings).toEqual([]);
  });
});

describe('historical cases with known mistakes, each named with its article', () => {
  test.each<[string, () => StepFact[], string, 'hard' | 'soft', string, Record<string, string>?]>([
    ['under 18 on the application date (第五条)', () => correctCase(), 'recruitment.under_age', 'hard', '第五条'],
    [
      'talk 6 weeks after the application (第七条)',
      () => replace('application_talk', { on: '2019-04-12' }),
      'recruitment.talk_overdue',
      'soft',
      '第七条',
      { applicationOn: '2019-03-01', dueOn: '2019-04-01', stepOn: '2019-04-12' },
    ],
    [
      'development target after ten months as activist (第十二条)',
      () => replace('target_designation', { on: '2020-04-20' }, correctCase().filter((s) => !(s.code === 'activist_assessment' && s.on === '2020-06-08'))),
      'recruitment.activist_period_too_short',
      'hard',
      '第十二条',
      { activistOn: '2019-06-10', earliestOn: '2020-06-10', stepOn: '2020-04-20' },
    ],
    ['three contact persons (第九条)', () => replace('contacts_assigned', { actors: ['甲', '乙', '丙'].map((n) => ({ ...full(n), role: 'contact' as const })) }), 'recruitment.contacts_invalid', 'hard', '第九条'],
    ['a probationary introducer (第十三条)', () => replace('introducers_assigned', { actors: [full('李联系'), { ...full('新党员'), standing: 'probationary' }] }), 'recruitment.introducers_invalid', 'hard', '第十三条'],
    ['an introducer under 留党察看 (第十三条)', () => replace('introducers_assigned', { actors: [full('李联系'), { ...full('受处分'), underDisciplinaryProbation: true }] }), 'recruitment.introducers_invalid', 'hard', '第十三条'],
    ['one introducer only (第十三条)', () => replace('introducers_assigned', { actors: [full('李联系')] }), 'recruitment.introducers_invalid', 'hard', '第十三条'],
    ['training of 2 days and 16 hours (第十七条)', () => replace('training', { training: { days: 2, hours: 16 } }), 'recruitment.training_insufficient', 'hard', '第十七条'],
    ['political review without a conclusion (第十六条)', () => replace('political_review', { conclusion: null }), 'recruitment.political_review_inconclusive', 'hard', '第十六条'],
    ['a failed 预审 (第十九条)', () => replace('preliminary_review', { passed: false }), 'recruitment.preliminary_review_failed', 'hard', '第十九条'],
    ['an admission meeting that was not quorate (第二十一条)', () => replace('admission_meeting', { vote: { ...passedVote, quorate: false, passed: false } }), 'recruitment.vote_not_quorate', 'hard', '第二十一条'],
    ['an admission resolution short of a majority of 应到 full members (第二十二条)', () => replace('admission_meeting', { vote: { ...passedVote, passed: false } }), 'recruitment.vote_failed', 'hard', '第二十二条'],
    ['a conversion meeting without a linked vote (第二十一条)', () => replace('conversion_meeting', { vote: null }), 'recruitment.vote_missing', 'hard', '第二十一条'],
    [
      'approval four months after the 支部大会 (第二十六条)',
      () => shift(['admission_filing', 'placement', 'oath'], '2021-03-05', replace('admission_approval', { on: '2021-03-01' })),
      'recruitment.approval_late',
      'soft',
      '第二十六条',
      { meetingOn: '2020-10-28', dueOn: '2021-01-28', latestOn: '2021-04-28', stepOn: '2021-03-01' },
    ],
    [
      'approval seven months after the 支部大会 (第二十六条)',
      () => shift(['admission_filing', 'placement', 'oath'], '2021-06-01', replace('admission_approval', { on: '2021-05-30' })),
      'recruitment.approval_overdue',
      'hard',
      '第二十六条',
    ],
    ['approval by a village committee under the township committee (第二十六条)', () => replace('admission_approval', { committee: { ...committee, name: '村党委', mayApprove: false } }), 'recruitment.approver_not_authorized', 'hard', '第二十六条'],
    ['filing with a committee outside the line (第八条)', () => replace('activist_filing', { committee: { ...committee, name: '邻镇党委', isSuperior: false } }), 'recruitment.committee_not_superior', 'hard', '第八条'],
    [
      'conversion meeting before the year of probation ended (第三十条)',
      () => replace('conversion_meeting', { on: '2021-09-30' }, replace('conversion_application', { on: '2021-09-20' })),
      'recruitment.probation_not_ended',
      'hard',
      '第三十条',
      { admissionMeetingOn: '2020-10-28', probationEndsOn: '2021-10-28', stepOn: '2021-09-30' },
    ],
    ['conversion approved four months after the meeting (第三十三条)', () => replace('archiving', { on: '2022-03-10' }, replace('conversion_approval', { on: '2022-03-01' })), 'recruitment.conversion_approval_overdue', 'soft', '第三十三条'],
    ['an extension of 3 months (第三十一条)', () => replace('conversion_meeting', { outcome: 'extend', extensionMonths: 3 }).filter((s) => s.code !== 'archiving'), 'recruitment.extension_invalid', 'hard', '第三十一条'],
    ['the assessment of an activist skipped for a year (第十条)', () => correctCase().filter((s) => !(s.code === 'activist_assessment' && s.on === '2019-12-10')), 'recruitment.assessment_missing', 'soft', '第十条'],
    ['development target named with no activist steps at all (第十二条)', () => correctCase().filter((s) => !['activist_designation', 'activist_filing', 'contacts_assigned', 'activist_assessment'].includes(s.code)), 'recruitment.step_out_of_order', 'hard', '第十二条'],
    ['支委会 review dated before the training (第十九条)', () => replace('training', { on: '2020-09-25' }), 'recruitment.step_before_prerequisite', 'hard', '第十九条'],
  ])('%s', (_label, make, code, severity, article, dates) => {
    const steps = make();
    const facts = code === 'recruitment.under_age' ? { birthDate: '2001-05-01', steps } : { birthDate, steps };
    const result = auditCase(facts, { today: '2022-06-01' });
    const found = result.findings.filter((f) => f.code === code);
    // One finding per broken rule (a step missing two prerequisites is named twice).
    expect(found.length, JSON.stringify(result.findings)).toBe(code === 'recruitment.step_out_of_order' ? 2 : 1);
    expect(found[0]?.severity).toBe(severity);
    expect(found[0]?.cite).toContain(article);
    expect(found[0]?.ruleId.startsWith('recruitment.2014.')).toBe(true);
    if (dates) expect(found[0]?.dates).toEqual(dates);
    // The mistake is the only one: no false alarm on the rest of the case.
    expect(result.findings.filter((f) => f.code !== code)).toEqual([]);
  });

  test('an extended probation is decided once more after the extension, and only one extension is allowed', () => {
    const steps = correctCase().filter((s) => s.code !== 'archiving');
    const extended = replace('conversion_meeting', { outcome: 'extend', extensionMonths: 6 }, steps);
    const afterApproval = audit(extended, {}, '2022-01-10');
    expect(afterApproval.findings).toEqual([]);
    expect(afterApproval.probationEndsOn).toBe('2022-04-28');
    expect(afterApproval.next).toMatchObject({ step: 'conversion_application', dueOn: '2022-04-28' });
    const again = [
      ...extended,
      { id: 'app2', code: 'conversion_application' as const, on: '2022-04-20' },
      { id: 'meet2', code: 'conversion_meeting' as const, on: '2022-04-25', vote: passedVote, outcome: 'convert' as const },
    ];
    expect(audit(again, {}, '2022-05-01').findings.map((f) => f.code)).toEqual(['recruitment.probation_not_ended']);
    const twice = [...again.slice(0, -1), { id: 'meet2', code: 'conversion_meeting' as const, on: '2022-05-05', vote: passedVote, outcome: 'extend' as const, extensionMonths: 6 }];
    expect(audit(twice, {}, '2022-05-10').findings.map((f) => f.code)).toEqual(['recruitment.extension_repeated']);
    const converted = [...again.slice(0, -1), { id: 'meet2', code: 'conversion_meeting' as const, on: '2022-05-05', vote: passedVote, outcome: 'convert' as const }, { id: 'ap2', code: 'conversion_approval' as const, on: '2022-06-01', committee }];
    const done = audit(converted, {}, '2022-06-10');
    expect(done.findings).toEqual([]);
    expect(done.state).toBe('full');
  });

  test('a cancelled status closes the case to everything but archiving', () => {
    const steps = replace('conversion_meeting', { outcome: 'cancel' });
    const result = audit(steps);
    expect(result.state).toBe('cancelled');
    expect(result.findings).toEqual([]);
    const more = audit([...steps, { id: 'x', code: 'probation_assessment', on: '2022-01-20' }]);
    expect(more.findings.map((f) => f.code)).toEqual(['recruitment.case_closed']);
  });

  test('a step recorded twice', () => {
    const steps = [...correctCase(), { id: 'again', code: 'oath' as const, on: '2021-02-01' }];
    expect(audit(steps).findings.map((f) => f.code)).toEqual(['recruitment.step_repeated']);
  });
});

describe('next step and its due date', () => {
  test.each<[StepCode, string, Partial<{ step: StepCode; earliestOn: string | null; dueOn: string | null; latestOn: string | null; overdue: boolean }>]>([
    ['application', '2019-03-10', { step: 'application_talk', dueOn: '2019-04-01', overdue: false }],
    ['application', '2019-04-02', { step: 'application_talk', dueOn: '2019-04-01', overdue: true }],
    ['contacts_assigned', '2019-07-01', { step: 'activist_assessment', dueOn: '2019-12-10' }],
    ['admission_meeting', '2020-11-01', { step: 'approval_talk', dueOn: null }],
    ['approval_talk', '2020-11-11', { step: 'admission_approval', dueOn: '2021-01-28', latestOn: '2021-04-28' }],
    ['oath', '2021-02-01', { step: 'conversion_application', dueOn: '2021-10-28' }],
    ['conversion_application', '2021-10-21', { step: 'conversion_meeting', earliestOn: '2021-10-28', dueOn: '2021-10-28' }],
    ['conversion_meeting', '2021-11-01', { step: 'conversion_approval', dueOn: '2022-01-28' }],
  ])('after %s, on %s', (code, today, expected) => {
    const result = audit(upTo(code), {}, today);
    expect(result.next).toMatchObject(expected);
  });

  test('after the activist assessments, the development target is possible from a year after designation', () => {
    const result = audit(upTo('activist_assessment'), {}, '2020-01-01');
    expect(result.nextSteps.map((n) => n.step)).toContain('target_designation');
    expect(result.nextSteps.find((n) => n.step === 'target_designation')?.earliestOn).toBe('2020-06-10');
    expect(result.state).toBe('activist');
    expect(result.stage).toBe(2);
  });
});

describe('公示 and objections', () => {
  const local = { publicityWorkingDays: { value: 5, cite: { source: '某省发展党员工作规程', article: '第十条（公示不少于5个工作日）' } } };
  const steps = upTo('activist_filing');

  test('off by default: no 公示 asked', () => {
    expect(audit(steps, {}, '2019-07-01').findings).toEqual([]);
  });

  test('switched on by a locality: a missing or short 公示 is a soft finding citing the local document', () => {
    const missing = auditCase({ birthDate, steps }, { today: '2019-07-01', overrides: local });
    expect(missing.findings).toMatchObject([{ code: 'recruitment.publicity_missing', severity: 'soft', local: true, cite: '某省发展党员工作规程 第十条（公示不少于5个工作日）' }]);
    const short = auditCase({ birthDate, steps, publicity: [{ id: 'p', subject: 'activist_designation', startsOn: '2019-06-10', endsOn: '2019-06-14', objections: [] }] }, { today: '2019-07-01', overrides: local });
    expect(short.findings).toEqual([]);
    const tooShort = auditCase({ birthDate, steps, publicity: [{ id: 'p', subject: 'activist_designation', startsOn: '2019-06-11', endsOn: '2019-06-14', objections: [] }] }, { today: '2019-07-01', overrides: local });
    expect(tooShort.findings.map((f) => f.code)).toEqual(['recruitment.publicity_too_short']);
  });

  test('an objection received during the 公示 blocks the next step until resolved', () => {
    const notice = (resolvedOn: string | null): PublicityFact => ({ id: 'p', subject: 'activist_designation', startsOn: '2019-06-10', endsOn: '2019-06-14', objections: [{ receivedOn: '2019-06-12', resolvedOn }] });
    const publicity = [notice(null)];
    expect(audit(steps, { publicity }, '2019-07-01').findings).toMatchObject([{ code: 'recruitment.publicity_objection_unresolved', severity: 'hard', step: 'activist_filing' }]);
    const resolved = [notice('2019-06-14')];
    expect(audit(steps, { publicity: resolved }, '2019-07-01').findings).toEqual([]);
  });
});

describe('rule versions: each step judged by the version in force on its date', () => {
  const base = RECRUITMENT_RULE_VERSIONS[0] as RuleVersion<RecruitmentRules>;
  // A made-up second version for the test only: two years as activist, from 2020-06-15.
  const versions: RuleVersion<RecruitmentRules>[] = [
    base,
    {
      id: 'recruitment.test-revision',
      effectiveFrom: '2020-06-15',
      cite: { source: '测试用修订版', article: '' },
      rules: { ...base.rules, activistMinMonths: { value: 24, cite: { source: '测试用修订版', article: '第十二条（两年以上）' } } },
    },
  ];

  test('a target named before the revision is judged by 2014 (one year suffices)', () => {
    const steps = replace('target_designation', { on: '2020-06-12' });
    const result = auditCase({ birthDate, steps }, { today: '2022-02-01', versions });
    expect(result.findings).toEqual([]);
    expect(result.ruleVersions).toEqual(['recruitment.2014', 'recruitment.test-revision']);
  });

  test('a target named after it is judged by the revision', () => {
    const result = auditCase({ birthDate, steps: correctCase() }, { today: '2022-02-01', versions });
    expect(result.findings).toMatchObject([
      { code: 'recruitment.activist_period_too_short', ruleId: 'recruitment.test-revision.activist_period', cite: '测试用修订版 第十二条（两年以上）', dates: { earliestOn: '2021-06-10' } },
    ]);
  });

  test('a step before any version is not judged, and says so', () => {
    const result = auditCase({ birthDate: '1990-01-01', steps: [{ id: 'a', code: 'application', on: '2013-01-01' }] }, { today: '2013-02-01' });
    expect(result.findings.map((f) => f.code)).toEqual(['recruitment.no_rule_in_force']);
  });
});
