/**
 * The 党章第九条 signal, organizational-life half: the members of a branch (or a subtree) absent from all
 * organizational life, without leave, for six consecutive months (absence-rules.ts says how months count). The
 * system flags; people decide, and the decision is recorded. `absenceFlags` is the query other modules join with
 * (the dues module adds the unpaid-dues half).
 */
import type { Actor } from '../../lib/actor.ts';
import type { CryptoProvider } from '../../lib/crypto/provider.ts';
import { addMonths, nowUtc, todayInChina } from '../../lib/dates.ts';
import { AppError, badInput } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { maskIdNumber, maskPhone } from '../../lib/masking.ts';
import type { Executor, Db } from '../../db/schema.ts';
import { citeText } from '../../policy/rule-set.ts';
import { absenceRulesOn, type AbsenceDecision } from '../../policy/reviews.ts';
import type { AuditTrail } from '../audit/audit.service.ts';
import { memberNotFound } from '../members/members.service.ts';
import { findMemberInScope } from '../members/members.repo.ts';
import { requireOrgInScope } from '../orgs/org-scope.ts';
import { absenceFlag, type AbsenceFlag, type AttendanceFact } from './absence-rules.ts';
import * as repo from './reviews.repo.ts';

/** How far back the signal reads attendance: two years hold any run worth flagging, and the query stays bounded. */
export const LOOKBACK_MONTHS = 24;

export interface MemberAbsenceFlag {
  memberId: string;
  flag: AbsenceFlag;
}

/**
 * The active members of the subtree with a qualifying run of absent months, as of `asOf`: attendance at the
 * subtree's meetings held in the lookback window up to and including that date.
 */
export async function absenceFlags(ex: Executor, rootPath: string, asOf: string): Promise<{ ruleId: string; cite: string; threshold: number; flags: MemberAbsenceFlag[] }> {
  const version = absenceRulesOn(asOf);
  const from = `${addMonths(asOf, -(LOOKBACK_MONTHS - 1)).slice(0, 7)}-01`;
  const rows = await repo.attendanceMonths(ex, rootPath, from, asOf);
  const byMember = new Map<string, AttendanceFact[]>();
  for (const r of rows) {
    const facts = byMember.get(r.member_id) ?? [];
    facts.push({ month: r.month, status: r.status });
    byMember.set(r.member_id, facts);
  }
  const flags: MemberAbsenceFlag[] = [];
  for (const [memberId, facts] of byMember) {
    const flag = absenceFlag(facts, version.rules.consecutiveMonths);
    if (flag) flags.push({ memberId, flag });
  }
  return { ruleId: version.id, cite: citeText(version.rules.cite), threshold: version.rules.consecutiveMonths, flags };
}

export interface DecisionView {
  id: string;
  decision: AbsenceDecision;
  note: string | null;
  asOf: string;
  firstMonth: string;
  lastMonth: string;
  decidedBy: string | null;
  createdAt: string;
}

export interface AbsenceMemberView extends AbsenceFlag {
  memberId: string;
  name: string;
  orgId: string;
  orgName: string;
  status: 'full' | 'probationary';
  idNumber: string;
  phone: string | null;
  /** The latest decision recorded on this run (same first month), if any. */
  decision: DecisionView | null;
}

function decisionView(row: repo.DecisionRow): DecisionView {
  return {
    id: row.id,
    decision: row.decision,
    note: row.note,
    asOf: row.as_of,
    firstMonth: row.first_month,
    lastMonth: row.last_month,
    decidedBy: row.decided_by,
    createdAt: row.created_at,
  };
}

export class AbsenceService {
  constructor(
    private readonly db: Db,
    private readonly crypto: CryptoProvider,
    private readonly audit: AuditTrail,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private asOfDate(asOf: string | undefined): string {
    const today = todayInChina(this.now());
    if (asOf && asOf > today) throw badInput('absence.as_of_future', 'The signal is read as of today or an earlier day', { field: 'asOf' });
    return asOf ?? today;
  }

  async signal(actor: Actor, orgId: string, asOfInput: string | undefined) {
    const org = await requireOrgInScope(this.db, actor, orgId);
    const asOf = this.asOfDate(asOfInput);
    const { ruleId, cite, threshold, flags } = await absenceFlags(this.db, org.path, asOf);
    const ids = flags.map((f) => f.memberId);
    const [members, decisions] = await Promise.all([repo.membersByIds(this.db, ids), repo.decisionsOf(this.db, ids)]);
    const memberById = new Map(members.map((m) => [m.id, m]));
    const latest = new Map<string, repo.DecisionRow>();
    for (const d of decisions) latest.set(`${d.member_id}|${d.first_month}`, d);
    const items: AbsenceMemberView[] = [];
    for (const { memberId, flag } of flags) {
      const m = memberById.get(memberId);
      if (!m) continue;
      const decision = latest.get(`${memberId}|${flag.firstMonth}`);
      items.push({
        memberId,
        name: m.name,
        orgId: m.org_id,
        orgName: m.org_name,
        status: m.status,
        idNumber: maskIdNumber(this.crypto.decrypt(m.id_number_enc)),
        phone: m.phone_enc ? maskPhone(this.crypto.decrypt(m.phone_enc)) : null,
        ...flag,
        decision: decision ? decisionView(decision) : null,
      });
    }
    items.sort((a, b) => b.months - a.months || a.orgName.localeCompare(b.orgName, 'zh-CN') || a.name.localeCompare(b.name, 'zh-CN'));
    return { orgId: org.id, asOf, threshold, rule: { id: ruleId, cite }, members: items };
  }

  /** Records what people decided on a member's flag (as of a date); the flag must stand on that date. */
  async decide(actor: Actor, input: { memberId: string; asOf?: string | undefined; decision: AbsenceDecision; note?: string | null | undefined }): Promise<DecisionView> {
    const member = await findMemberInScope(this.db, input.memberId, actor.scopePath);
    if (!member) throw memberNotFound(input.memberId);
    const asOf = this.asOfDate(input.asOf);
    const { ruleId, cite, flags } = await absenceFlags(this.db, member.org_path, asOf);
    const flag = flags.find((f) => f.memberId === member.id)?.flag;
    if (!flag) {
      throw new AppError(422, 'absence.not_flagged', 'The member is not flagged on that date: there is nothing to decide', { memberId: member.id, asOf, rule: { id: ruleId, cite } });
    }
    const row: repo.DecisionRow = {
      id: newId(),
      member_id: member.id,
      org_path: member.org_path,
      first_month: flag.firstMonth,
      last_month: flag.lastMonth,
      months: flag.months,
      as_of: asOf,
      decision: input.decision,
      note: input.note ?? null,
      decided_by: actor.accountId,
      created_at: nowUtc(this.now()),
    };
    await this.db.transaction().execute(async (trx) => {
      await repo.insertDecision(trx, row);
      await this.audit.record(trx, actor, {
        action: 'absence.decide',
        targetType: 'member',
        targetId: member.id,
        orgPath: member.org_path,
        summary: { decision: row.decision, asOf, firstMonth: row.first_month, lastMonth: row.last_month, months: row.months },
      });
    });
    return decisionView(row);
  }
}
