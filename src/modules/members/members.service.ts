/** Use cases of the member registry: scope, rules, encryption of personal data, history and audit. */
import { requireOrgInScope } from '../orgs/org-scope.ts';
import { randomInt } from 'node:crypto';
import type { Actor } from '../../lib/actor.ts';
import type { CryptoProvider } from '../../lib/crypto/provider.ts';
import { nowUtc, todayInChina } from '../../lib/dates.ts';
import { AppError, conflict, notFound } from '../../lib/errors.ts';
import { ageOn, inspectIdNumber, normalizeIdNumber } from '../../lib/id-number.ts';
import { newId } from '../../lib/ids.ts';
import { maskIdNumber, maskPhone } from '../../lib/masking.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { Db, Executor } from '../../db/schema.ts';
import type { AuditTrail } from '../audit/audit.service.ts';
import { BRANCH_KINDS, type OrgKind } from '../orgs/org-kinds.ts';
import { findOrgById, type OrgRow } from '../orgs/orgs.repo.ts';
import { checkMemberFacts, partyStanding, type DerivedFacts, type MemberFlag, type MemberProblem } from './member-rules.ts';
import * as repo from './members.repo.ts';

export interface MemberInput {
  orgId: string;
  groupId?: string | null | undefined;
  name: string;
  sex?: 'male' | 'female' | undefined;
  ethnicity?: string | null | undefined;
  birthDate?: string | undefined;
  idNumber: string;
  phone?: string | null | undefined;
  education?: string | null | undefined;
  occupation?: string | null | undefined;
  workUnit?: string | null | undefined;
  householdType?: 'urban' | 'rural' | null | undefined;
  status: 'probationary' | 'full';
  joinedAt: string;
  fullAt?: string | null | undefined;
  flags?: Partial<Record<MemberFlag, boolean>> | undefined;
}

export type MemberPatch = Partial<Omit<MemberInput, 'orgId'>> & { version: number };

export interface MemberView {
  id: string;
  orgId: string;
  groupId: string | null;
  name: string;
  sex: 'male' | 'female';
  ethnicity: string | null;
  birthDate: string;
  age: number;
  idNumber: string;
  phone: string | null;
  education: string | null;
  occupation: string | null;
  workUnit: string | null;
  householdType: 'urban' | 'rural' | null;
  status: 'probationary' | 'full';
  joinedAt: string;
  fullAt: string | null;
  partyStanding: number | null;
  flags: Record<MemberFlag, boolean>;
  membership: 'active' | 'transferred_out' | 'probation_cancelled';
  verified: boolean;
  verifiedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const memberNotFound = (id: string) => notFound('member.not_found', 'No such member in your scope', { id });
const PHONE = /^1\d{10}$/;
const phoneProblem = (): MemberProblem => ({ field: 'phone', code: 'member.phone_invalid', message: 'The phone must be an 11-digit mainland mobile number', status: 400, cite: null });

/** Members belong to an active branch (党章第八条); the import asks the same of every row's org. */
export const holdsMembers = (org: Pick<OrgRow, 'kind' | 'status'>): boolean => BRANCH_KINDS.includes(org.kind as OrgKind) && org.status === 'active';
export const isGroupOf = (group: Pick<OrgRow, 'kind' | 'parent_id' | 'status'>, branch: Pick<OrgRow, 'id'>): boolean =>
  group.kind === 'group' && group.parent_id === branch.id && group.status === 'active';
export const orgNotBranch = () =>
  new AppError(422, 'member.org_not_branch', 'Members belong to an active branch (党支部, 联合党支部, 临时或网上党支部)', {
    rule: { id: 'member.org_not_branch', cite: '《中国共产党章程》第八条（每个党员必须编入党的一个支部）' },
  });
export const groupInvalid = () => new AppError(422, 'member.group_invalid', 'The 党小组 must be an active group of the same branch');

type CheckedFields = Pick<MemberInput, 'idNumber' | 'birthDate' | 'sex' | 'status' | 'joinedAt' | 'fullAt' | 'phone'>;

/** The checks of a new member's facts and phone, shared by the form and the import: every problem, and the derived facts. */
export function checkMemberInput(input: CheckedFields, today: string): { idNumber: string; derived: DerivedFacts | null; problems: MemberProblem[] } {
  const idNumber = normalizeIdNumber(input.idNumber);
  const { derived, problems } = checkMemberFacts({ ...input, idNumber }, today);
  if (input.phone && !PHONE.test(input.phone)) problems.push(phoneProblem());
  return { idNumber, derived, problems };
}

/** The row of a new member from input that passed checkMemberInput, personal data encrypted. */
export function newMemberRow(
  crypto: CryptoProvider,
  input: MemberInput,
  checked: { idNumber: string; derived: DerivedFacts },
  placement: { org: Pick<OrgRow, 'id' | 'path'>; groupId: string | null },
  now: string,
): repo.MemberRow {
  const { idNumber, derived } = checked;
  const flag = (f: MemberFlag) => (input.flags?.[f] ? 1 : 0);
  return {
    id: newId(),
    org_id: placement.org.id,
    org_path: placement.org.path,
    group_id: placement.groupId,
    name: input.name,
    sex: derived.sex,
    ethnicity: input.ethnicity ?? null,
    birth_date: derived.birthDate,
    id_number_enc: crypto.encrypt(idNumber),
    id_number_index: crypto.blindIndex('id-number', idNumber),
    phone_enc: input.phone ? crypto.encrypt(input.phone) : null,
    phone_index: input.phone ? crypto.blindIndex('phone', input.phone) : null,
    education: input.education ?? null,
    occupation: input.occupation ?? null,
    work_unit: input.workUnit ?? null,
    household_type: input.householdType ?? null,
    status: input.status,
    joined_on: input.joinedAt,
    full_on: input.fullAt ?? null,
    is_flowing: flag('flowing'),
    is_hardship: flag('hardship'),
    is_veteran: flag('veteran'),
    is_in_service: flag('inService'),
    is_retired: flag('retired'),
    membership: 'active',
    account_id: null,
    verified_at: null,
    version: 1,
    created_at: now,
    updated_at: now,
  };
}

/** Raises the first problem as an error (400 before 422), all problems in the details. */
export function raiseProblems(problems: MemberProblem[]): void {
  if (problems.length === 0) return;
  const first = problems.find((p) => p.status === 400) ?? (problems[0] as MemberProblem);
  throw new AppError(first.status, first.code, first.message, {
    field: first.field,
    ...(first.reason ? { reason: first.reason } : {}),
    rule: first.cite ? { id: first.code, cite: first.cite } : null,
    problems: problems.map((p) => ({ field: p.field, code: p.code, cite: p.cite })),
  });
}

export class MemberService {
  constructor(
    private readonly db: Db,
    private readonly crypto: CryptoProvider,
    private readonly audit: AuditTrail,
  ) {}

  view(row: repo.MemberRow, today = todayInChina()): MemberView {
    return {
      id: row.id,
      orgId: row.org_id,
      groupId: row.group_id,
      name: row.name,
      sex: row.sex,
      ethnicity: row.ethnicity,
      birthDate: row.birth_date,
      age: ageOn(row.birth_date, today),
      idNumber: maskIdNumber(this.crypto.decrypt(row.id_number_enc)),
      phone: row.phone_enc ? maskPhone(this.crypto.decrypt(row.phone_enc)) : null,
      education: row.education,
      occupation: row.occupation,
      workUnit: row.work_unit,
      householdType: row.household_type,
      status: row.status,
      joinedAt: row.joined_on,
      fullAt: row.full_on,
      partyStanding: partyStanding(row.full_on, today),
      flags: {
        flowing: row.is_flowing === 1,
        hardship: row.is_hardship === 1,
        veteran: row.is_veteran === 1,
        inService: row.is_in_service === 1,
        retired: row.is_retired === 1,
      },
      membership: row.membership,
      verified: row.verified_at !== null,
      verifiedAt: row.verified_at,
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  async mustFind(ex: Executor, actor: Actor, id: string): Promise<repo.MemberRow> {
    const row = await repo.findMemberInScope(ex, id, actor.scopePath);
    if (!row) throw memberNotFound(id);
    return row;
  }

  /** The branch that holds members, and the 党小组 under it if named. */
  async placement(ex: Executor, actor: Actor, orgId: string, groupId: string | null | undefined): Promise<{ org: OrgRow; groupId: string | null }> {
    const org = await requireOrgInScope(ex, actor, orgId);
    if (!holdsMembers(org)) throw orgNotBranch();
    if (!groupId) return { org, groupId: null };
    const group = await findOrgById(ex, groupId, org.path);
    if (!group || !isGroupOf(group, org)) throw groupInvalid();
    return { org, groupId: group.id };
  }

  /** Builds a new member row from checked input (shared by the form and the import). */
  buildRow(input: MemberInput, org: OrgRow, groupId: string | null, today: string, now: string): repo.MemberRow {
    const { idNumber, derived, problems } = checkMemberInput(input, today);
    raiseProblems(problems);
    return newMemberRow(this.crypto, input, { idNumber, derived: derived as DerivedFacts }, { org, groupId }, now);
  }

  async create(actor: Actor, input: MemberInput): Promise<MemberView> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const { org, groupId } = await this.placement(trx, actor, input.orgId, input.groupId);
        const now = nowUtc();
        const row = this.buildRow(input, org, groupId, todayInChina(), now);
        if (await repo.findMemberByIdNumberIndex(trx, row.id_number_index)) throw duplicateId();
        await repo.insertMember(trx, row);
        const summary = { name: row.name, org: org.code, status: row.status, idNumber: maskIdNumber(normalizeIdNumber(input.idNumber)) };
        await repo.insertHistory(trx, historyRow(row, actor, 'member.create', summary, now));
        await this.audit.record(trx, actor, { action: 'member.create', targetType: 'member', targetId: row.id, orgPath: row.org_path, summary });
        return this.view(row);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateId();
      throw error;
    }
  }

  async get(actor: Actor, id: string): Promise<MemberView> {
    return this.view(await this.mustFind(this.db, actor, id));
  }

  /** The caller's own member record, once their e-identity linked it to their account. */
  async mine(actor: Actor): Promise<{ member: MemberView | null }> {
    if (!actor.accountId) return { member: null };
    const row = await repo.findMemberByAccount(this.db, actor.accountId);
    return { member: row && row.membership === 'active' ? this.view(row) : null };
  }

  async update(actor: Actor, id: string, patch: MemberPatch): Promise<MemberView> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const row = await this.mustFind(trx, actor, id);
        if (row.membership !== 'active') {
          // Transferred out of the installation or a cancelled probation: the record is history, kept as it was.
          throw conflict('member.not_active', 'The record of a member who left the roster is kept as it was', { id, membership: row.membership });
        }
        if (row.version !== patch.version) throw staleMember(id);
        const today = todayInChina();
        const current = this.crypto.decrypt(row.id_number_enc);
        const idNumber = patch.idNumber ? normalizeIdNumber(patch.idNumber) : current;
        const phone = patch.phone === undefined ? (row.phone_enc ? this.crypto.decrypt(row.phone_enc) : null) : patch.phone;
        const status = patch.status ?? row.status;
        const joinedAt = patch.joinedAt ?? row.joined_on;
        const fullAt = patch.fullAt === undefined ? row.full_on : patch.fullAt;
        const { derived, problems } = checkMemberFacts(
          { idNumber, birthDate: patch.birthDate, sex: patch.sex, status, joinedAt, fullAt },
          today,
        );
        if (phone && !PHONE.test(phone)) problems.push(phoneProblem());
        raiseProblems(problems);
        const facts = derived as NonNullable<typeof derived>;
        const groupId = patch.groupId === undefined ? row.group_id : (await this.placement(trx, actor, row.org_id, patch.groupId)).groupId;
        const fields: Partial<repo.MemberRow> = {
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.ethnicity !== undefined ? { ethnicity: patch.ethnicity } : {}),
          ...(patch.education !== undefined ? { education: patch.education } : {}),
          ...(patch.occupation !== undefined ? { occupation: patch.occupation } : {}),
          ...(patch.workUnit !== undefined ? { work_unit: patch.workUnit } : {}),
          ...(patch.householdType !== undefined ? { household_type: patch.householdType } : {}),
          ...(patch.status !== undefined ? { status } : {}),
          ...(patch.joinedAt !== undefined ? { joined_on: joinedAt } : {}),
          ...(patch.fullAt !== undefined ? { full_on: fullAt } : {}),
          ...(patch.groupId !== undefined ? { group_id: groupId } : {}),
        };
        if (idNumber !== current) {
          const index = this.crypto.blindIndex('id-number', idNumber);
          const other = await repo.findMemberByIdNumberIndex(trx, index);
          if (other && other.id !== id) throw duplicateId();
          Object.assign(fields, { id_number_enc: this.crypto.encrypt(idNumber), id_number_index: index, birth_date: facts.birthDate, sex: facts.sex });
        }
        if (patch.phone !== undefined) {
          Object.assign(fields, {
            phone_enc: phone ? this.crypto.encrypt(phone) : null,
            phone_index: phone ? this.crypto.blindIndex('phone', phone) : null,
          });
        }
        for (const [flag, column] of Object.entries(FLAG_FIELDS) as [MemberFlag, keyof repo.MemberRow][]) {
          const value = patch.flags?.[flag];
          if (value !== undefined) Object.assign(fields, { [column]: value ? 1 : 0 });
        }
        const now = nowUtc();
        if (!(await repo.updateMemberVersioned(trx, id, patch.version, fields, now))) throw staleMember(id);
        const changes = describeChanges(row, fields, (v) => this.crypto.decrypt(v));
        await repo.insertHistory(trx, historyRow(row, actor, 'member.update', changes, now));
        await this.audit.record(trx, actor, { action: 'member.update', targetType: 'member', targetId: id, orgPath: row.org_path, summary: changes });
        return this.view({ ...row, ...fields, version: patch.version + 1, updated_at: now });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateId();
      throw error;
    }
  }

  async history(actor: Actor, id: string) {
    await this.mustFind(this.db, actor, id);
    return (await repo.historyOf(this.db, id)).map((h) => ({
      id: h.id,
      at: h.at,
      accountId: h.account_id,
      action: h.action,
      changes: JSON.parse(h.changes) as unknown,
    }));
  }

  async list(actor: Actor, orgId: string, filter: Omit<repo.RosterFilter, 'rootPath' | 'today' | 'orgIdOnly'> & { subtree: boolean }, sort: repo.RosterSort, page: number, pageSize: number) {
    const org = await requireOrgInScope(this.db, actor, orgId);
    const today = todayInChina();
    const { total, rows } = await repo.roster(
      this.db,
      { ...filter, rootPath: org.path, orgIdOnly: filter.subtree ? undefined : org.id, today },
      sort,
      page,
      pageSize,
    );
    return { total, page, pageSize, items: rows.map((r) => this.view(r, today)) };
  }

  /** The figures an organization department asks for every week, for any subtree, with the verification rate. */
  async counts(actor: Actor, orgId: string) {
    const org = await requireOrgInScope(this.db, actor, orgId);
    const counts = await repo.rosterCounts(this.db, org.path, todayInChina());
    return { orgId, ...counts, verificationRate: counts.total === 0 ? 0 : counts.verified / counts.total };
  }

  /** The whole ID number or phone, for someone allowed to see it; every view is audited. */
  async reveal(actor: Actor, id: string, field: 'phone' | 'idNumber') {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.mustFind(trx, actor, id);
      const enc = field === 'phone' ? row.phone_enc : row.id_number_enc;
      await this.audit.record(trx, actor, { action: 'personal.reveal', targetType: 'member', targetId: id, orgPath: row.org_path, summary: { field } });
      return { field, value: enc ? this.crypto.decrypt(enc) : null };
    });
  }

  /**
   * e-identity verification (党员电子身份认证), step one: the account holder names their ID number and phone; a
   * one-time code goes out through the SMS sender (which, without an SMS gateway, shows it on screen).
   */
  async startVerification(actor: Actor, input: { idNumber: string; phone: string }, sms: SmsSender) {
    if (!actor.accountId) throw new AppError(401, 'auth.required', 'Please log in');
    const idNumber = normalizeIdNumber(input.idNumber);
    const member = await repo.findMemberByIdNumberIndex(this.db, this.crypto.blindIndex('id-number', idNumber));
    const phoneMatches = member?.phone_index === this.crypto.blindIndex('phone', input.phone);
    if (!member || !phoneMatches || member.membership !== 'active' || !member.org_path.startsWith(actor.scopePath)) {
      await this.audit.record(this.db, actor, { action: 'member.verify_start', targetType: 'member', targetId: null, orgPath: null, outcome: 'failure', summary: { idNumber: maskIdNumber(idNumber) } });
      throw new AppError(422, 'member.verification_no_match', 'No member of your branch has this ID number and phone');
    }
    if (member.account_id && member.account_id !== actor.accountId) {
      throw conflict('member.verification_taken', 'This member is already verified by another account');
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const id = newId();
    const now = new Date();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('member_verifications')
        .values({
          id,
          account_id: actor.accountId as string,
          member_id: member.id,
          code_hash: this.crypto.blindIndex('verification-code', `${id}:${code}`),
          attempts: 0,
          expires_at: new Date(now.getTime() + 10 * 60_000).toISOString(),
          confirmed_at: null,
          created_at: now.toISOString(),
        })
        .execute();
      await this.audit.record(trx, actor, { action: 'member.verify_start', targetType: 'member', targetId: member.id, orgPath: member.org_path, summary: {} });
    });
    const delivery = await sms.send(input.phone, `【先锋】您的党员身份认证验证码为 ${code}，10分钟内有效。`);
    return { verificationId: id, phone: maskPhone(input.phone), ...(delivery.shownOnScreen ? { displayedCode: code } : {}) };
  }

  /** Step two: the code confirms; the member record is marked verified and linked to the account. */
  async confirmVerification(actor: Actor, input: { verificationId: string; code: string }) {
    return this.db.transaction().execute(async (trx) => {
      const v = await trx
        .selectFrom('member_verifications')
        .selectAll()
        .where('id', '=', input.verificationId)
        .where('account_id', '=', actor.accountId ?? '')
        .executeTakeFirst();
      if (!v || v.confirmed_at || Date.parse(v.expires_at) < Date.now() || v.attempts >= 5) {
        throw new AppError(422, 'member.verification_expired', 'The code has expired; start again');
      }
      if (this.crypto.blindIndex('verification-code', `${v.id}:${input.code}`) !== v.code_hash) {
        await trx.updateTable('member_verifications').set({ attempts: v.attempts + 1 }).where('id', '=', v.id).execute();
        return null;
      }
      const now = nowUtc();
      await trx.updateTable('member_verifications').set({ confirmed_at: now }).where('id', '=', v.id).execute();
      const member = await trx.selectFrom('members').selectAll().where('id', '=', v.member_id).executeTakeFirstOrThrow();
      await trx
        .updateTable('members')
        .set({ verified_at: now, account_id: actor.accountId, version: member.version + 1, updated_at: now })
        .where('id', '=', member.id)
        .execute();
      await repo.insertHistory(trx, historyRow(member, actor, 'member.verified', {}, now));
      await this.audit.record(trx, actor, { action: 'member.verify', targetType: 'member', targetId: member.id, orgPath: member.org_path, summary: {} });
      return this.view({ ...member, verified_at: now, account_id: actor.accountId, version: member.version + 1, updated_at: now });
    }).then((view) => {
      if (!view) throw new AppError(422, 'member.verification_code_wrong', 'The code is wrong');
      return view;
    });
  }

  /** The ID-number check tool behind the live validation of the member form. */
  checkIdNumber(idNumber: string) {
    const facts = inspectIdNumber(idNumber, todayInChina());
    return { valid: facts.valid, reason: facts.reason, birthDate: facts.birthDate, sex: facts.sex, age: facts.age };
  }
}

/** Sends a text message; the default shows the code on screen where no SMS gateway is configured. */
export interface SmsSender {
  send(phone: string, text: string): Promise<{ shownOnScreen: boolean }>;
}

export const SCREEN_SMS_SENDER: SmsSender = { send: async () => ({ shownOnScreen: true }) };

const FLAG_FIELDS: Record<MemberFlag, keyof repo.MemberRow> = {
  flowing: 'is_flowing',
  hardship: 'is_hardship',
  veteran: 'is_veteran',
  inService: 'is_in_service',
  retired: 'is_retired',
};

const duplicateId = () => conflict('member.id_number_taken', 'A member with this ID number is already registered');
const staleMember = (id: string) => conflict('member.version_stale', 'The member was changed by someone else; reload and try again', { id });

export function historyRow(member: { id: string; org_path: string }, actor: Actor, action: string, changes: unknown, at: string): repo.MemberHistoryRow {
  return { id: newId(), member_id: member.id, org_path: member.org_path, at, account_id: actor.accountId, action, changes: JSON.stringify(changes) };
}

/** Before and after of each changed field, with the ID number and phone masked. */
function describeChanges(row: repo.MemberRow, fields: Partial<repo.MemberRow>, decrypt: (v: string) => string) {
  const out: Record<string, { before: unknown; after: unknown }> = {};
  for (const [key, after] of Object.entries(fields) as [keyof repo.MemberRow, unknown][]) {
    const before = row[key];
    if (key === 'id_number_index' || key === 'phone_index') continue;
    if (key === 'id_number_enc') {
      out.id_number = { before: maskIdNumber(decrypt(before as string)), after: maskIdNumber(decrypt(after as string)) };
    } else if (key === 'phone_enc') {
      out.phone = { before: before ? maskPhone(decrypt(before as string)) : null, after: after ? maskPhone(decrypt(after as string)) : null };
    } else if (before !== after) {
      out[key] = { before, after };
    }
  }
  return out;
}
