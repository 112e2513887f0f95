/**
 * Local meeting rules: a locality (a county committee, a township, a branch) sets its own cadence for some meeting
 * types, e.g. a 党课 every month; for each type the setting of the nearest org among a branch's ancestors and
 * itself applies, on top of the national rule version in force.
 */
import type { Actor } from '../../lib/actor.ts';
import { nowUtc, todayInChina } from '../../lib/dates.ts';
import { conflict, ruleViolation } from '../../lib/errors.ts';
import type { Db, Executor } from '../../db/schema.ts';
import {
  effectiveRules,
  MEETING_RULE_VERSIONS,
  overridesTooLoose,
  type Cadence,
  type CadenceSource,
  type MeetingOverrides,
  type MeetingRules,
  type OrgOverrides,
  type RequiredMeetingType,
  type RequirementScope,
} from '../../policy/meetings.ts';
import { citeText, versionInForce, type RuleVersion } from '../../policy/rule-set.ts';
import type { AuditTrail } from '../audit/audit.service.ts';
import { requireOrgInScope } from '../orgs/org-scope.ts';
import * as repo from './meeting-rules.repo.ts';

export interface MeetingRulesView {
  orgId: string;
  /** The national version in force today, under the overrides. */
  ruleVersion: string;
  /** This org's own overrides and their version (0 when it never set any). */
  version: number;
  overrides: MeetingOverrides;
  requirements: {
    type: RequiredMeetingType;
    cadence: Cadence;
    scope: RequirementScope;
    cite: string;
    source: Extract<CadenceSource, { kind: 'national' }> | (Extract<CadenceSource, { kind: 'local' }> & { orgName: string });
  }[];
}

/** The overrides of the orgs on `path`'s chain (its ancestors and itself), root first. */
export function chainOf(path: string, around: readonly repo.PathOverrides[]): OrgOverrides[] {
  return around.filter((o) => path.startsWith(o.orgPath)).map((o) => ({ orgId: o.orgId, overrides: o.overrides }));
}

/**
 * The rules of each branch of a subtree, from one read of the overrides around it; branches with the same chain
 * share one result.
 */
export async function rulesResolver(ex: Executor, rootPath: string, version: RuleVersion<MeetingRules>): Promise<(branchPath: string) => MeetingRules> {
  const around = await repo.overridesAround(ex, rootPath);
  const memo = new Map<string, MeetingRules>();
  return (branchPath) => {
    const chain = chainOf(branchPath, around);
    const key = chain.map((c) => c.orgId).join(',');
    let rules = memo.get(key);
    if (!rules) {
      rules = { requirements: effectiveRules(version, chain) };
      memo.set(key, rules);
    }
    return rules;
  };
}

export class MeetingRuleService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The rules in force for the org today, with where each cadence comes from. */
  async get(actor: Actor, orgId: string): Promise<MeetingRulesView> {
    const org = await requireOrgInScope(this.db, actor, orgId);
    const version = versionInForce(MEETING_RULE_VERSIONS, todayInChina(this.now()));
    const around = await repo.overridesAround(this.db, org.path);
    const chain = chainOf(org.path, around);
    const own = around.find((o) => o.orgId === org.id);
    const sourceIds = [...new Set(chain.map((c) => c.orgId))];
    const names = new Map(
      sourceIds.length === 0 ? [] : (await this.db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', sourceIds).execute()).map((o) => [o.id, o.name]),
    );
    return {
      orgId: org.id,
      ruleVersion: version.id,
      version: own?.version ?? 0,
      overrides: own?.overrides ?? {},
      requirements: effectiveRules(version, chain).map((r) => ({
        type: r.type,
        cadence: r.cadence,
        scope: r.scope,
        cite: citeText(r.cite),
        source: r.source.kind === 'local' ? { ...r.source, orgName: names.get(r.source.orgId) ?? '' } : r.source,
      })),
    };
  }

  /**
   * Replaces the org's overrides (an empty set returns its subtree to the rules from above). An override may not
   * ask for meetings less often than the regulation allows.
   */
  async put(actor: Actor, orgId: string, input: { version: number; overrides: MeetingOverrides }): Promise<MeetingRulesView> {
    const org = await requireOrgInScope(this.db, actor, orgId);
    if (org.status !== 'active') throw ruleViolation('org.dissolved', 'A dissolved org sets no rules');
    if (org.kind === 'group') throw ruleViolation('meeting_rules.org_is_group', 'A 党小组 follows the rules of its branch');
    const today = todayInChina(this.now());
    const version = versionInForce(MEETING_RULE_VERSIONS, today);
    const loose = overridesTooLoose(version.rules, input.overrides);
    const first = loose[0];
    if (first) {
      throw ruleViolation('meeting_rules.too_loose', `${first.type} may not be required less often than every ${first.loosest}`, {
        field: `overrides.${first.type}`,
        loosest: first.loosest,
        rule: { id: `${version.id}.${first.type}`, cite: first.cite },
      });
    }
    const before = await repo.findOverrides(this.db, org.id);
    const row: repo.MeetingRuleOverrideRow = {
      org_id: org.id,
      org_path: org.path,
      overrides: JSON.stringify(input.overrides),
      version: input.version + 1,
      updated_at: nowUtc(this.now()),
    };
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.saveOverrides(trx, row, input.version))) {
        throw conflict('meeting_rules.version_stale', 'The rules were changed by someone else; reload and try again', { orgId: org.id });
      }
      const cadences = (o: MeetingOverrides) => Object.fromEntries(Object.entries(o).map(([type, v]) => [type, v.cadence]));
      await this.audit.record(trx, actor, {
        action: 'meeting_rules.update',
        targetType: 'org',
        targetId: org.id,
        orgPath: org.path,
        summary: { before: before ? cadences(JSON.parse(before.overrides) as MeetingOverrides) : {}, after: cadences(input.overrides) },
      });
    });
    return this.get(actor, org.id);
  }
}
