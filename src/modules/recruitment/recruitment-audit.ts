/**
 * The audit of a recruitment case as a pure function: the person's facts, the recorded steps with their dates,
 * actors (with their party standing on the step's date), linked votes, training, 公示 and objections → findings,
 * each with a stable code, hard or soft, the rule and article, and the dates compared; plus where the case stands
 * and its next steps with their due dates. Each step is judged by the rule version in force on its own date.
 *
 * Hard findings are what a live entry refuses (the step can still be done right: later, with other people, after
 * a passing vote). A deadline already missed cannot be undone, so it is soft: stored and shown, never blocking —
 * except an approval past the absolute maximum, which means the admission must be redone.
 */
import { addDays, addMonths } from '../../lib/dates.ts';
import { ageOn } from '../../lib/id-number.ts';
import { WorkingCalendar } from '../../policy/holidays.ts';
import {
  applyRecruitmentOverrides,
  PUBLICITY_POINTS,
  RECRUITMENT_RULE_VERSIONS,
  STEP_BY_CODE,
  STEPS,
  type RecruitmentOverrides,
  type RecruitmentRules,
  type Stage,
  type StepActorRole,
  type StepCode,
} from '../../policy/recruitment.ts';
import { citeText, type Citation, type RuleVersion } from '../../policy/rule-set.ts';

export type Severity = 'hard' | 'soft';

export interface ActorFact {
  role: StepActorRole;
  name: string;
  /** Party standing on the step's date; 'unknown' for a name from an imported history (not judged). */
  standing: 'full' | 'probationary' | 'not_member' | 'unknown';
  /** Under 留党察看 on the step's date, rights not yet restored. */
  underDisciplinaryProbation: boolean;
}

export interface VoteFact {
  quorate: boolean;
  passed: boolean;
  ruleId: string;
  cite: string;
}

export interface CommitteeFact {
  name: string;
  /** An ancestor of the branch handling the case. */
  isSuperior: boolean;
  /** A 基层党委 not subordinate to a township/street committee. */
  mayApprove: boolean;
  /** An ancestor of the committee that approved the admission (for the filing one level further up). */
  isAboveApprover: boolean;
}

export type ConversionOutcome = 'convert' | 'extend' | 'cancel';

export interface StepFact {
  id: string;
  code: StepCode;
  on: string;
  /** The people of the step; absent when not known (an imported history that names none). */
  actors?: readonly ActorFact[];
  /** For a step decided by a vote: the vote recorded at the meeting; null when none is linked; absent when not known (an imported history). */
  vote?: VoteFact | null;
  /** The committee named; null when none; absent when not known (an imported history). */
  committee?: CommitteeFact | null;
  training?: { days: number; hours: number } | null;
  /** Political review: a conclusive written result. */
  conclusion?: 'qualified' | 'unqualified' | null;
  /** Preliminary review: the written result. */
  passed?: boolean | null;
  outcome?: ConversionOutcome | null;
  extensionMonths?: number | null;
}

export interface PublicityFact {
  id: string;
  subject: StepCode;
  startsOn: string;
  endsOn: string;
  objections: readonly { receivedOn: string; resolvedOn: string | null }[];
}

export interface CaseFacts {
  birthDate: string;
  steps: readonly StepFact[];
  publicity?: readonly PublicityFact[];
}

export interface Finding {
  code: string;
  severity: Severity;
  /** The step judged, when the finding is about one. */
  step: StepCode | null;
  stepId: string | null;
  ruleId: string;
  cite: string;
  /** A (local) rule switched on by the locality. */
  local: boolean;
  message: string;
  dates: Record<string, string>;
}

export interface NextStep {
  step: StepCode;
  number: number;
  label: string;
  earliestOn: string | null;
  dueOn: string | null;
  /** The absolute limit, where the rules give one beyond the due date. */
  latestOn: string | null;
  overdue: boolean;
  cite: string | null;
}

export type CaseState = 'applicant' | 'activist' | 'target' | 'probationary' | 'full' | 'cancelled';

export interface AuditResult {
  findings: Finding[];
  state: CaseState;
  stage: Stage;
  /** The step that leads the way, and every step that may be recorded now. */
  next: NextStep | null;
  nextSteps: NextStep[];
  probationEndsOn: string | null;
  /** The versions that judged the steps, in order of first use. */
  ruleVersions: string[];
}

export interface AuditOptions {
  today: string;
  versions?: readonly RuleVersion<RecruitmentRules>[];
  overrides?: RecruitmentOverrides;
  calendar?: WorkingCalendar;
}

const CONVERSION_STEPS: readonly StepCode[] = ['conversion_application', 'conversion_meeting', 'conversion_approval'];
const ORDER = new Map(STEPS.map((s, i) => [s.code, i]));

function rulesOn(versions: readonly RuleVersion<RecruitmentRules>[], overrides: RecruitmentOverrides, date: string) {
  let found: RuleVersion<RecruitmentRules> | undefined;
  for (const v of versions) if (v.effectiveFrom <= date && (!found || v.effectiveFrom > found.effectiveFrom)) found = v;
  return found ? { id: found.id, rules: applyRecruitmentOverrides(found.rules, overrides) } : null;
}

/** Audits a whole case; the steps may be given in any order (they are judged in date order). */
export function auditCase(facts: CaseFacts, options: AuditOptions): AuditResult {
  const versions = options.versions ?? RECRUITMENT_RULE_VERSIONS;
  const overrides = options.overrides ?? {};
  const calendar = options.calendar ?? new WorkingCalendar();
  const findings: Finding[] = [];
  const usedVersions: string[] = [];
  const steps = [...facts.steps].sort((a, b) => (a.on === b.on ? (ORDER.get(a.code) ?? 0) - (ORDER.get(b.code) ?? 0) : a.on < b.on ? -1 : 1));
  const seen = new Map<StepCode, StepFact[]>();
  const last = (code: StepCode) => seen.get(code)?.at(-1);
  const all = (code: StepCode) => facts.steps.filter((s) => s.code === code);
  let extensions = 0;
  let extensionMonths = 0;
  let closed = false;

  for (const s of steps) {
    const def = STEP_BY_CODE[s.code];
    const version = rulesOn(versions, overrides, s.on);
    const add = (code: string, severity: Severity, cite: Citation, ruleKey: string, message: string, dates: Record<string, string>, local = false) =>
      findings.push({ code, severity, step: s.code, stepId: s.id, ruleId: `${version?.id ?? 'recruitment'}.${ruleKey}`, cite: citeText(cite), local, message, dates: { stepOn: s.on, ...dates } });
    const record = () => seen.set(s.code, [...(seen.get(s.code) ?? []), s]);
    if (!version) {
      findings.push({
        code: 'recruitment.no_rule_in_force',
        severity: 'soft',
        step: s.code,
        stepId: s.id,
        ruleId: 'recruitment',
        cite: '',
        local: false,
        message: 'No version of the recruitment rules was in force on this date; the step is not judged',
        dates: { stepOn: s.on },
      });
      record();
      continue;
    }
    if (!usedVersions.includes(version.id)) usedVersions.push(version.id);
    const r = version.rules;

    if (closed && s.code !== 'archiving') {
      add('recruitment.case_closed', 'hard', r.extension.cite, 'closed', 'The probationary status was cancelled; the case takes no further steps', {});
    }
    // Order: every prerequisite recorded on or before this date.
    for (const p of def.after) {
      if (seen.has(p)) continue;
      const later = all(p)[0];
      if (later) {
        add('recruitment.step_before_prerequisite', 'hard', def.cite, 'order', `Dated before the step it must follow (${STEP_BY_CODE[p].label})`, { prerequisite: p, prerequisiteOn: later.on });
      } else {
        add('recruitment.step_out_of_order', 'hard', def.cite, 'order', `Recorded before the step it must follow (${STEP_BY_CODE[p].label})`, { prerequisite: p });
      }
    }
    const times = seen.get(s.code)?.length ?? 0;
    const allowed = def.repeatable ? Infinity : CONVERSION_STEPS.includes(s.code) ? 1 + extensions : 1;
    if (times >= allowed) add('recruitment.step_repeated', 'hard', def.cite, 'order', 'This step is already recorded', { previousOn: last(s.code)?.on ?? '' });

    if (def.committee !== null && s.committee !== undefined) {
      const c = s.committee;
      if (!c) add('recruitment.committee_missing', 'hard', def.cite, 'committee', 'Name the committee that decided or received this step', {});
      else if (!c.isSuperior) add('recruitment.committee_not_superior', 'hard', def.cite, 'committee', `${c.name} is not a higher committee of the branch`, {});
      else if (def.committee === 'approving' && !c.mayApprove) {
        add('recruitment.approver_not_authorized', 'hard', r.approver.cite, 'approver', `${c.name} may not approve (a committee under a township/street committee, or not a 基层党委)`, {});
      } else if (def.committee === 'filing_above_approver' && !c.isAboveApprover) {
        add('recruitment.committee_not_superior', 'hard', def.cite, 'committee', `${c.name} is not above the approving committee`, {});
      }
    }
    if (def.vote && s.vote !== undefined) {
      if (!s.vote) add('recruitment.vote_missing', 'hard', r.vote.cite, 'vote', 'Link the vote taken at the 支部党员大会', {});
      else if (!s.vote.quorate) add('recruitment.vote_not_quorate', 'hard', r.vote.cite, 'vote', 'The meeting was not quorate: more than half of the voting members must attend', {});
      else if (!s.vote.passed) add('recruitment.vote_failed', 'hard', r.vote.cite, 'vote', 'The resolution did not pass: more than half of the full members who should attend must vote yes', {});
    }
    for (const point of PUBLICITY_POINTS.filter((p) => p.blocks === s.code)) checkPublicity(point.subject, s, r, calendar, facts.publicity ?? [], add);

    switch (s.code) {
      case 'application': {
        const age = ageOn(facts.birthDate, s.on);
        if (age < r.minimumAge.value) add('recruitment.under_age', 'hard', r.minimumAge.cite, 'minimum_age', `Under ${r.minimumAge.value} on the application date`, { birthDate: facts.birthDate, eighteenOn: addMonths(facts.birthDate, 12 * r.minimumAge.value) });
        break;
      }
      case 'application_talk': {
        const app = last('application');
        if (app && times === 0) {
          const due = addMonths(app.on, r.talkWithinMonths.value);
          if (s.on > due) add('recruitment.talk_overdue', 'soft', r.talkWithinMonths.cite, 'talk', 'The talk came more than a month after the application', { applicationOn: app.on, dueOn: due });
        }
        break;
      }
      case 'activist_designation': {
        const app = last('application');
        const min = r.local.minApplicationToActivistMonths;
        if (app && min) {
          const earliest = addMonths(app.on, min.value);
          if (s.on < earliest) add('recruitment.application_period_too_short', 'soft', min.cite, 'local.application_to_activist', `Less than ${min.value} months from application to activist`, { applicationOn: app.on, earliestOn: earliest }, true);
        }
        break;
      }
      case 'contacts_assigned': {
        // Without the people (an imported history that names none) there is nothing to judge.
        if (!s.actors) break;
        const contacts = s.actors.filter((a) => a.role === 'contact');
        const bad = contacts.filter((a) => a.standing !== 'full' && a.standing !== 'unknown');
        if (contacts.length < r.contacts.min || contacts.length > r.contacts.max || bad.length > 0) {
          add('recruitment.contacts_invalid', 'hard', r.contacts.cite, 'contacts', `${r.contacts.min}–${r.contacts.max} contact persons, all full members on the date (given ${contacts.length}${bad.length ? `; not full members: ${bad.map((a) => a.name).join('、')}` : ''})`, {});
        }
        break;
      }
      case 'activist_assessment': {
        const prev = last('activist_assessment') ?? last('activist_designation');
        if (prev) checkAssessmentGap(prev.on, s.on, r, add);
        break;
      }
      case 'target_designation': {
        const activist = last('activist_designation');
        if (activist) {
          const earliest = addMonths(activist.on, r.activistMinMonths.value);
          if (s.on < earliest) add('recruitment.activist_period_too_short', 'hard', r.activistMinMonths.cite, 'activist_period', 'Less than a year as activist before being named a development target', { activistOn: activist.on, earliestOn: earliest });
          const prev = last('activist_assessment') ?? activist;
          checkAssessmentGap(prev.on, s.on, r, add);
        }
        break;
      }
      case 'introducers_assigned': {
        if (!s.actors) break;
        const introducers = s.actors.filter((a) => a.role === 'introducer');
        const bad = introducers.filter((a) => (a.standing !== 'full' && a.standing !== 'unknown') || a.underDisciplinaryProbation);
        if (introducers.length !== r.introducers.count || bad.length > 0) {
          const reasons = bad.map((a) => `${a.name}：${a.underDisciplinaryProbation ? '留党察看' : a.standing === 'probationary' ? '预备党员' : '非党员'}`);
          add('recruitment.introducers_invalid', 'hard', r.sponsorStanding.cite, 'introducers', `${r.introducers.count} introducers, full members not under 留党察看 on the date (given ${introducers.length}${reasons.length ? `; ${reasons.join('，')}` : ''})`, {});
        }
        break;
      }
      case 'training': {
        const t = s.training;
        if (!t || (t.days < r.training.minDays && t.hours < r.training.minHours)) {
          add('recruitment.training_insufficient', 'hard', r.training.cite, 'training', `Training of at least ${r.training.minDays} days or ${r.training.minHours} class hours (given ${t?.days ?? 0} days, ${t?.hours ?? 0} hours)`, {});
        }
        break;
      }
      case 'committee_review': {
        const review = last('political_review');
        if (review && review.conclusion !== 'qualified') {
          add('recruitment.political_review_inconclusive', 'hard', r.politicalReview.cite, 'political_review', 'No conclusive, qualifying political review before the 支委会 review', { politicalReviewOn: review.on });
        }
        break;
      }
      case 'preliminary_review': {
        const review = last('committee_review');
        const within = r.local.preliminaryReviewWithinMonths;
        if (review && within) {
          const due = addMonths(review.on, within.value);
          if (s.on > due) add('recruitment.preliminary_review_late', 'soft', within.cite, 'local.preliminary_review', `预审 more than ${within.value} month(s) after the 支委会 review`, { committeeReviewOn: review.on, dueOn: due }, true);
        }
        break;
      }
      case 'application_form': {
        const pre = last('preliminary_review');
        if (pre && pre.passed === false) add('recruitment.preliminary_review_failed', 'hard', r.preliminaryReview.cite, 'preliminary_review', 'The 预审 did not pass; no 入党志愿书 is issued', { preliminaryReviewOn: pre.on });
        break;
      }
      case 'admission_meeting': {
        const pre = last('preliminary_review');
        const within = r.local.admissionMeetingWithinMonths;
        if (pre && within) {
          const due = addMonths(pre.on, within.value);
          if (s.on > due) add('recruitment.admission_meeting_late', 'soft', within.cite, 'local.admission_meeting', `支部大会 more than ${within.value} month(s) after 预审`, { preliminaryReviewOn: pre.on, dueOn: due }, true);
        }
        break;
      }
      case 'admission_approval': {
        const meeting = last('admission_meeting');
        if (meeting) {
          const due = addMonths(meeting.on, r.approval.withinMonths);
          const latest = addMonths(meeting.on, r.approval.maxMonths);
          if (s.on > latest) add('recruitment.approval_overdue', 'hard', r.approval.cite, 'approval', `Approved more than ${r.approval.maxMonths} months after the 支部大会: the admission must be redone`, { meetingOn: meeting.on, dueOn: due, latestOn: latest });
          else if (s.on > due) add('recruitment.approval_late', 'soft', r.approval.cite, 'approval', `Approved more than ${r.approval.withinMonths} months after the 支部大会 (allowed only in special cases)`, { meetingOn: meeting.on, dueOn: due, latestOn: latest });
        }
        break;
      }
      case 'conversion_meeting': {
        const admission = last('admission_meeting');
        if (admission) {
          const ends = addMonths(admission.on, r.probationMonths.value + extensionMonths);
          if (s.on < ends) add('recruitment.probation_not_ended', 'hard', r.probationMonths.cite, 'probation', 'The probation has not ended', { admissionMeetingOn: admission.on, probationEndsOn: ends });
        }
        if (s.outcome === 'extend') {
          const months = s.extensionMonths ?? 0;
          if (extensions >= r.extension.maxTimes) add('recruitment.extension_repeated', 'hard', r.extension.cite, 'extension', 'The probation may be extended only once', {});
          else if (months < r.extension.minMonths || months > r.extension.maxMonths) add('recruitment.extension_invalid', 'hard', r.extension.cite, 'extension', `An extension of ${r.extension.minMonths}–${r.extension.maxMonths} months (given ${months})`, {});
        }
        break;
      }
      case 'conversion_approval': {
        const meeting = last('conversion_meeting');
        if (meeting) {
          const due = addMonths(meeting.on, r.conversionApprovalWithinMonths.value);
          if (s.on > due) add('recruitment.conversion_approval_overdue', 'soft', r.conversionApprovalWithinMonths.cite, 'conversion_approval', 'Approved more than three months after the 支部大会', { meetingOn: meeting.on, dueOn: due });
          if (meeting.outcome === 'extend' && (seen.get('conversion_approval')?.length ?? 0) < extensions + 1) {
            extensions += 1;
            extensionMonths += meeting.extensionMonths ?? 0;
          }
          if (meeting.outcome === 'cancel') closed = true;
        }
        break;
      }
      case 'archiving': {
        const meeting = last('conversion_meeting');
        if (meeting && meeting.outcome === 'extend') add('recruitment.step_out_of_order', 'hard', STEP_BY_CODE.archiving.cite, 'order', 'The extended probation has not been decided yet', { prerequisite: 'conversion_meeting' });
        break;
      }
      default:
        break;
    }
    record();
  }

  const state = stateOf(seen);
  const rulesToday = rulesOn(versions, overrides, options.today)?.rules ?? null;
  const admission = seen.get('admission_meeting')?.at(-1);
  const probationEndsOn = admission && rulesToday ? addMonths(admission.on, rulesToday.probationMonths.value + extensionMonths) : null;
  const nextSteps = rulesToday ? nextStepsOf(seen, rulesToday, { today: options.today, probationEndsOn, closed, extensions, publicity: facts.publicity ?? [], calendar }) : [];
  const done = steps.length === 0 ? 1 : Math.max(...steps.map((s) => STEP_BY_CODE[s.code].stage));
  const stage = (nextSteps[0] ? STEP_BY_CODE[nextSteps[0].step].stage : done) as Stage;
  return { findings, state, stage, next: nextSteps[0] ?? null, nextSteps, probationEndsOn, ruleVersions: usedVersions };
}

type AddFinding = (code: string, severity: Severity, cite: Citation, ruleKey: string, message: string, dates: Record<string, string>, local?: boolean) => void;

function checkAssessmentGap(previousOn: string, on: string, r: RecruitmentRules, add: AddFinding): void {
  const due = addMonths(previousOn, r.assessmentEveryMonths.value);
  if (on > due) add('recruitment.assessment_missing', 'soft', r.assessmentEveryMonths.cite, 'assessment', 'More than six months without a written assessment of the activist', { previousOn, dueOn: due });
}

function checkPublicity(subject: StepCode, s: StepFact, r: RecruitmentRules, calendar: WorkingCalendar, all: readonly PublicityFact[], add: AddFinding): void {
  const notices = all.filter((p) => p.subject === subject && p.startsOn <= s.on);
  for (const notice of notices) {
    for (const o of notice.objections) {
      if (o.receivedOn <= s.on && (o.resolvedOn === null || o.resolvedOn > s.on)) {
        add('recruitment.publicity_objection_unresolved', 'hard', { source: '公示', article: '公示期间收到的反映须核实处理后方可进行下一步' }, 'publicity.objection', 'An objection received during the 公示 is not resolved', { publicityStartsOn: notice.startsOn, objectionOn: o.receivedOn });
      }
    }
  }
  const required = r.local.publicityWorkingDays;
  if (!required) return;
  const notice = notices.at(-1);
  if (!notice) {
    add('recruitment.publicity_missing', 'soft', required.cite, 'local.publicity', `No 公示 of ${STEP_BY_CODE[subject].label} before this step`, {}, true);
    return;
  }
  const days = calendar.workingDaysBetween(notice.startsOn, notice.endsOn);
  if (days < required.value) {
    add('recruitment.publicity_too_short', 'soft', required.cite, 'local.publicity', `公示 of ${days} working days; at least ${required.value} required`, { publicityStartsOn: notice.startsOn, publicityEndsOn: notice.endsOn }, true);
  }
  if (s.on <= notice.endsOn) add('recruitment.publicity_not_ended', 'soft', required.cite, 'local.publicity', 'Recorded before the 公示 ended', { publicityEndsOn: notice.endsOn }, true);
}

function stateOf(seen: Map<StepCode, StepFact[]>): CaseState {
  const meeting = seen.get('conversion_meeting')?.at(-1);
  const decided = (seen.get('conversion_approval')?.length ?? 0) >= (seen.get('conversion_meeting')?.length ?? 0);
  if (meeting && decided && meeting.outcome === 'cancel') return 'cancelled';
  if (meeting && decided && meeting.outcome === 'convert') return 'full';
  if (seen.has('admission_approval')) return 'probationary';
  if (seen.has('target_designation')) return 'target';
  if (seen.has('activist_designation')) return 'activist';
  return 'applicant';
}

function nextStepsOf(
  seen: Map<StepCode, StepFact[]>,
  r: RecruitmentRules,
  ctx: { today: string; probationEndsOn: string | null; closed: boolean; extensions: number; publicity: readonly PublicityFact[]; calendar: WorkingCalendar },
): NextStep[] {
  const on = (code: StepCode) => seen.get(code)?.at(-1)?.on ?? null;
  const count = (code: StepCode) => seen.get(code)?.length ?? 0;
  const out: NextStep[] = [];
  const lastMeeting = seen.get('conversion_meeting')?.at(-1);
  for (const def of STEPS) {
    if (ctx.closed && def.code !== 'archiving') continue;
    if (!def.after.every((p) => seen.has(p))) continue;
    const times = count(def.code);
    let open: boolean;
    if (def.code === 'activist_assessment') open = !seen.has('target_designation');
    else if (def.code === 'probation_assessment') open = false;
    else if (CONVERSION_STEPS.includes(def.code)) {
      // After an approved extension the conversion steps come round once more.
      open = times < 1 + ctx.extensions && (def.code !== 'conversion_approval' || count('conversion_meeting') > count('conversion_approval'));
      if (def.code === 'conversion_application' && count('conversion_meeting') > times) open = false;
      if (def.code === 'conversion_meeting' && count('conversion_application') <= times) open = false;
    } else if (def.code === 'archiving') open = times === 0 && lastMeeting !== undefined && lastMeeting.outcome !== 'extend' && count('conversion_approval') >= count('conversion_meeting');
    else open = times === 0;
    if (!open) continue;
    let earliestOn: string | null = null;
    let dueOn: string | null = null;
    let latestOn: string | null = null;
    let cite: Citation | null = def.cite;
    switch (def.code) {
      case 'application_talk':
        dueOn = addMonths(on('application') as string, r.talkWithinMonths.value);
        cite = r.talkWithinMonths.cite;
        break;
      case 'activist_designation':
        if (r.local.minApplicationToActivistMonths) {
          earliestOn = addMonths(on('application') as string, r.local.minApplicationToActivistMonths.value);
          cite = r.local.minApplicationToActivistMonths.cite;
        }
        break;
      case 'activist_assessment':
        dueOn = addMonths((on('activist_assessment') ?? on('activist_designation')) as string, r.assessmentEveryMonths.value);
        cite = r.assessmentEveryMonths.cite;
        break;
      case 'target_designation':
        earliestOn = addMonths(on('activist_designation') as string, r.activistMinMonths.value);
        cite = r.activistMinMonths.cite;
        break;
      case 'admission_approval':
        dueOn = addMonths(on('admission_meeting') as string, r.approval.withinMonths);
        latestOn = addMonths(on('admission_meeting') as string, r.approval.maxMonths);
        cite = r.approval.cite;
        break;
      case 'conversion_application':
      case 'conversion_meeting':
        earliestOn = def.code === 'conversion_meeting' ? ctx.probationEndsOn : null;
        dueOn = ctx.probationEndsOn;
        cite = r.probationMonths.cite;
        break;
      case 'conversion_approval':
        dueOn = addMonths(on('conversion_meeting') as string, r.conversionApprovalWithinMonths.value);
        cite = r.conversionApprovalWithinMonths.cite;
        break;
      default:
        break;
    }
    // A 公示 (local) must end before the step it blocks.
    const point = PUBLICITY_POINTS.find((p) => p.blocks === def.code);
    if (point && r.local.publicityWorkingDays) {
      const notice = ctx.publicity.filter((p) => p.subject === point.subject).at(-1);
      const after = notice ? notice.endsOn : ctx.calendar.addWorkingDays(on(point.subject) as string, r.local.publicityWorkingDays.value);
      const candidate = addDays(after, 1);
      if (!earliestOn || candidate > earliestOn) earliestOn = candidate;
    }
    out.push({
      step: def.code,
      number: def.number,
      label: def.label,
      earliestOn,
      dueOn,
      latestOn,
      overdue: dueOn !== null && ctx.today > dueOn,
      cite: cite ? citeText(cite) : null,
    });
  }
  return out;
}
