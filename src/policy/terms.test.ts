import { describe, expect, test } from 'vitest';
import type { OrgDomain, OrgKind } from '../modules/orgs/org-kinds.ts';
import { TERM_RULE_VERSIONS, termLengthFor, type TermRules } from './terms.ts';
import type { RuleVersion } from './rule-set.ts';

describe('term lengths (RULES.md: 村/社区 5, 基层党委 5, 总支/支部 3)', () => {
  test.each<[OrgKind, OrgDomain, number | null]>([
    ['branch', 'rural', 5],
    ['general_branch', 'rural', 5],
    ['party_committee', 'community', 5],
    ['branch', 'community', 5],
    ['party_committee', 'government', 5],
    ['working_committee', 'government', 5],
    ['party_committee', 'state_enterprise', 5],
    ['general_branch', 'institution', 3],
    ['branch', 'private_enterprise', 3],
    ['joint_branch', 'social_organization', 3],
    ['online_branch', 'government', 3],
    ['group', 'rural', null],
    ['temporary', 'government', null],
  ])('%s in %s: %s years', (kind, domain, years) => {
    expect(termLengthFor(kind, domain, '2024-01-01')?.years ?? null).toBe(years);
  });

  test('the rule cites the branch regulation', () => {
    expect(TERM_RULE_VERSIONS[0]?.cite.source).toContain('支部工作条例');
  });

  test('a later version takes effect from its date without touching the earlier one', () => {
    const base = TERM_RULE_VERSIONS[0] as RuleVersion<TermRules>;
    const versions = [
      base,
      { ...base, id: 'terms.test-2030', effectiveFrom: '2030-01-01', rules: { ...base.rules, branchYears: 4 } },
    ];
    expect(termLengthFor('branch', 'government', '2029-12-31', versions)).toMatchObject({ years: 3, ruleId: base.id });
    expect(termLengthFor('branch', 'government', '2030-01-01', versions)).toMatchObject({
      years: 4,
      ruleId: 'terms.test-2030',
    });
  });

  test('before the first version nothing is in force', () => {
    expect(() => termLengthFor('branch', 'government', '2000-01-01')).toThrow(/No version of these rules/);
  });
});
