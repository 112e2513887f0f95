/** The registry's fixed choices, from the server's own rules, with their message keys. */
import { AGE_BANDS, EDUCATIONS, MEMBER_FLAGS } from '../../../../src/modules/members/member-rules.ts';
import type { MessageKey } from '../../i18n.ts';
import type { AgeBand, Education, IdProblem, MemberFlag, MemberSex, MemberStatus, RosterSort } from './members-api.ts';

export { AGE_BANDS, EDUCATIONS, MEMBER_FLAGS };

export const STATUSES: readonly MemberStatus[] = ['full', 'probationary'];
export const SEXES: readonly MemberSex[] = ['male', 'female'];
export const HOUSEHOLD_TYPES = ['urban', 'rural'] as const;
export const SORTS: readonly RosterSort[] = ['name', 'joinedAt', 'birthDate'];

export const statusKey = (s: MemberStatus): MessageKey => `memberStatus.${s}`;
export const sexKey = (s: MemberSex): MessageKey => `sex.${s}`;
export const ageBandKey = (b: AgeBand): MessageKey => `ageBand.${b}`;
export const educationKey = (e: Education): MessageKey => `education.${e}`;
export const flagKey = (f: MemberFlag): MessageKey => `memberFlag.${f}`;
export const householdKey = (h: (typeof HOUSEHOLD_TYPES)[number]): MessageKey => `household.${h}`;
export const idProblemKey = (p: IdProblem): MessageKey => `idProblem.${p}`;
export const sortKey = (s: RosterSort): MessageKey => `roster.sort.${s}`;

export const isEducation = (value: string | null): value is Education =>
  value !== null && (EDUCATIONS as readonly string[]).includes(value);

/** Tag colours of the flags, so a glance at a row tells them apart. */
export const FLAG_COLORS: Record<MemberFlag, string> = {
  flowing: 'orange',
  hardship: 'red',
  veteran: 'gold',
  inService: 'blue',
  retired: 'default',
};
