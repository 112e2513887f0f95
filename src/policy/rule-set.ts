/**
 * A rule set is versioned data: each version takes effect from a date and carries its citation. The version in
 * force on a date is the latest one whose `effectiveFrom` is on or before it, so a new version never touches the
 * old one and a record is judged by the rules of its own date.
 */
import { AppError } from '../lib/errors.ts';

export interface Citation {
  /** Short title of the regulation, e.g. 《中国共产党支部工作条例（试行）》. */
  source: string;
  /** Article or section, e.g. 第二十六条. */
  article: string;
}

export interface RuleVersion<T> {
  id: string;
  effectiveFrom: string;
  cite: Citation;
  rules: T;
}

export function versionInForce<T>(versions: readonly RuleVersion<T>[], onDate: string): RuleVersion<T> {
  let found: RuleVersion<T> | undefined;
  for (const v of versions) {
    if (v.effectiveFrom <= onDate && (!found || v.effectiveFrom > found.effectiveFrom)) found = v;
  }
  if (!found) {
    const earliest = versions.reduce<string | null>((min, v) => (min === null || v.effectiveFrom < min ? v.effectiveFrom : min), null);
    throw new AppError(422, 'rule.not_in_force', `No version of these rules was in force on ${onDate}`, { onDate, earliestVersionFrom: earliest });
  }
  return found;
}

export function citeText(cite: Citation): string {
  return `${cite.source} ${cite.article}`;
}
