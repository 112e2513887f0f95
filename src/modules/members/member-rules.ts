/**
 * Rules of the member record, as pure functions with citations: the ID number agrees with the stated birth date
 * and sex, a member was at least 18 when accepted, conversion comes after a full year of probation.
 */
import { addYears } from '../../lib/dates.ts';
import { ageOn, inspectIdNumber, type IdNumberProblem } from '../../lib/id-number.ts';

export const CONSTITUTION = '《中国共产党章程》';

export interface MemberFacts {
  idNumber: string;
  birthDate?: string | null | undefined;
  sex?: 'male' | 'female' | null | undefined;
  status: 'probationary' | 'full';
  joinedAt: string;
  fullAt?: string | null | undefined;
}

export interface MemberProblem {
  field: string;
  code: string;
  message: string;
  /** 400 for malformed or contradictory input, 422 for a regulation the record would break. */
  status: 400 | 422;
  cite: string | null;
  reason?: IdNumberProblem | null;
}

export interface DerivedFacts {
  birthDate: string;
  sex: 'male' | 'female';
}

/** Checks a member's facts on `today`; answers the derived birth date and sex, and every problem found. */
export function checkMemberFacts(f: MemberFacts, today: string): { derived: DerivedFacts | null; problems: MemberProblem[] } {
  const problems: MemberProblem[] = [];
  const id = inspectIdNumber(f.idNumber, today);
  if (!id.valid || !id.birthDate || !id.sex) {
    problems.push({
      field: 'idNumber',
      code: 'member.id_number_invalid',
      message: 'The ID number is not valid (GB 11643-1999)',
      status: 400,
      cite: 'GB 11643-1999',
      reason: id.reason,
    });
    return { derived: null, problems };
  }
  const derived = { birthDate: id.birthDate, sex: id.sex };
  if (f.birthDate && f.birthDate !== derived.birthDate) {
    problems.push({ field: 'birthDate', code: 'member.birth_date_mismatch', message: 'The birth date disagrees with the ID number', status: 400, cite: 'GB 11643-1999' });
  }
  if (f.sex && f.sex !== derived.sex) {
    problems.push({ field: 'sex', code: 'member.sex_mismatch', message: 'The sex disagrees with the ID number', status: 400, cite: 'GB 11643-1999' });
  }
  if (f.joinedAt > today) {
    problems.push({ field: 'joinedAt', code: 'member.joined_in_future', message: 'The 入党 date is in the future', status: 400, cite: null });
  } else if (ageOn(derived.birthDate, f.joinedAt) < 18) {
    problems.push({
      field: 'joinedAt',
      code: 'member.under_age',
      message: 'A member must be at least 18 when accepted',
      status: 422,
      cite: `${CONSTITUTION} 第一条`,
    });
  }
  if (f.status === 'full' && !f.fullAt) {
    problems.push({ field: 'fullAt', code: 'member.full_date_required', message: 'A full member needs the 转正 date', status: 400, cite: null });
  }
  if (f.status === 'probationary' && f.fullAt) {
    problems.push({ field: 'fullAt', code: 'member.full_date_unexpected', message: 'A probationary member has no 转正 date', status: 400, cite: null });
  }
  if (f.fullAt) {
    if (f.fullAt < f.joinedAt) {
      problems.push({ field: 'fullAt', code: 'member.full_before_joined', message: 'The 转正 date is before the 入党 date', status: 400, cite: null });
    } else if (f.fullAt < addYears(f.joinedAt, 1)) {
      problems.push({
        field: 'fullAt',
        code: 'member.probation_not_ended',
        message: 'Conversion comes after a probation of one year',
        status: 422,
        cite: `${CONSTITUTION} 第七条（预备期为一年）`,
      });
    }
    if (f.fullAt > today) {
      problems.push({ field: 'fullAt', code: 'member.full_in_future', message: 'The 转正 date is in the future', status: 400, cite: null });
    }
  }
  return { derived, problems };
}

/** Party standing (党龄) in whole years, counted from conversion (《中国共产党章程》第七条). */
export function partyStanding(fullAt: string | null, today: string): number | null {
  return fullAt ? Math.max(0, ageOn(fullAt, today)) : null;
}

export const AGE_BANDS = ['to35', '36to45', '46to55', '56to60', 'from61'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export function ageBandOf(age: number): AgeBand {
  if (age <= 35) return 'to35';
  if (age <= 45) return '36to45';
  if (age <= 55) return '46to55';
  if (age <= 60) return '56to60';
  return 'from61';
}

/** The birth dates [from, to] of everyone in an age band on `today` (ages in whole years). */
export function birthDateRange(band: AgeBand, today: string): { from: string | null; to: string | null } {
  const bounds: Record<AgeBand, [number | null, number | null]> = {
    to35: [null, 35],
    '36to45': [36, 45],
    '46to55': [46, 55],
    '56to60': [56, 60],
    from61: [61, null],
  };
  const [minAge, maxAge] = bounds[band];
  // Age ≥ a ⇔ born on or before today − a years; age ≤ b ⇔ born after today − (b + 1) years.
  return {
    from: maxAge === null ? null : nextDay(addYears(today, -(maxAge + 1))),
    to: minAge === null ? null : addYears(today, -minAge),
  };
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export const EDUCATIONS = ['graduate', 'bachelor', 'college', 'secondary', 'junior'] as const;
export const EDUCATION_LABELS: Record<(typeof EDUCATIONS)[number], string> = {
  graduate: '研究生',
  bachelor: '大学本科',
  college: '大学专科',
  secondary: '中专及高中',
  junior: '初中及以下',
};

export const MEMBER_FLAGS = ['flowing', 'hardship', 'veteran', 'inService', 'retired'] as const;
export type MemberFlag = (typeof MEMBER_FLAGS)[number];
export const FLAG_COLUMNS = {
  flowing: 'is_flowing',
  hardship: 'is_hardship',
  veteran: 'is_veteran',
  inService: 'is_in_service',
  retired: 'is_retired',
} as const;
