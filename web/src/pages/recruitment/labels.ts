/** Message keys of the recruitment vocabulary, and the readable text of a finding. */
import { translate, translateOptional, type MessageKey } from '../../i18n.ts';
import type { ActorRole, CaseState, StepCode } from './recruitment-api.ts';

export const stepKey = (step: StepCode) => `recruitment.step.${step}` as MessageKey;
export const stateKey = (state: CaseState) => `recruitment.state.${state}` as MessageKey;
export const stageKey = (stage: number) => `recruitment.stage.${stage}` as MessageKey;
export const roleKey = (role: ActorRole) => `recruitment.role.${role}` as MessageKey;

export const STATE_COLORS: Record<CaseState, string> = {
  applicant: 'default',
  activist: 'blue',
  target: 'purple',
  probationary: 'orange',
  full: 'green',
  cancelled: 'default',
};

/** A finding's code in the user's language; the server's own message when the catalog has none. */
export function findingText(code: string, fallback: string): string {
  return translateOptional(`error.${code}`) ?? fallback;
}

/** The label of a date the server compared (`dueOn`, `activistOn`, …), or the key itself. */
export function dateLabel(key: string): string {
  return translateOptional(`recruitment.date.${key}`) ?? key;
}

/** A value of `dates`: most are ISO dates; `prerequisite` names a step. */
export function dateValue(key: string, value: string): string {
  if (key === 'prerequisite') return translateOptional(`recruitment.step.${value}`) ?? value;
  return value;
}

export const stepLabel = (step: StepCode) => translate(stepKey(step));
