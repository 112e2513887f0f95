/** Account administration: accounts (system admin), role grants (security admin), sessions, full-value views. */
import { requireOrgInScope } from '../orgs/org-scope.ts';
import { randomInt } from 'node:crypto';
import type { Actor } from '../../lib/actor.ts';
import type { CryptoProvider } from '../../lib/crypto/provider.ts';
import { nowUtc, todayInChina } from '../../lib/dates.ts';
import { AppError, badInput, conflict, notFound, ruleViolation } from '../../lib/errors.ts';
import { inspectIdNumber, normalizeIdNumber } from '../../lib/id-number.ts';
import { newId } from '../../lib/ids.ts';
import { maskIdNumber, maskPhone } from '../../lib/masking.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { Db, Executor } from '../../db/schema.ts';
import type { AuditTrail } from '../audit/audit.service.ts';
import * as repo from './accounts.repo.ts';
import { checkPassword, PASSWORD_POLICIES } from './password-policy.ts';
import { adminRoleClash, ROLE_LABELS, type Role } from './roles.ts';
import { loadSecurityPolicy } from './security-policy.ts';

export interface AccountView {
  id: string;
  username: string;
  displayName: string;
  homeOrg: { id: string; code: string; name: string };
  roles: Role[];
  disabled: boolean;
  locked: boolean;
  mfaEnrolled: boolean;
  mustChangePassword: boolean;
  /** Masked; the whole value only through the audited reveal endpoint. */
  phone: string | null;
  idNumber: string | null;
  version: number;
  createdAt: string;
}

export interface CreateAccountInput {
  username: string;
  displayName: string;
  homeOrgId: string;
  phone?: string | undefined;
  idNumber?: string | undefined;
  roles?: Role[] | undefined;
  /** Console only: a password the operator chose (checked against the policy) instead of a one-time one. */
  initialPassword?: string | undefined;
}

const accountNotFound = (id: string) => notFound('account.not_found', 'No such account in your scope', { id });

/** A one-time password that meets both policy profiles: 3 groups of 4 with every character class. */
export function oneTimePassword(): string {
  const lower = 'abcdefghijkmnpqrstuvwxyz';
  const upper = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const all = lower + upper + digits;
  const pick = (set: string) => set[randomInt(set.length)] ?? 'x';
  const chars = [pick(lower), pick(upper), pick(digits), ...Array.from({ length: 9 }, () => pick(all))];
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  const text = chars.join('');
  return `${text.slice(0, 4)}-${text.slice(4, 8)}-${text.slice(8, 12)}`;
}

export class AccountService {
  constructor(
    private readonly db: Db,
    private readonly crypto: CryptoProvider,
    private readonly audit: AuditTrail,
  ) {}

  /** An account by username, in the caller's scope (the console's is everything). */
  async findByUsername(actor: Actor, username: string): Promise<AccountView> {
    const row = await repo.findAccountByUsername(this.db, username);
    if (!row || !row.home_org_path.startsWith(actor.scopePath)) throw accountNotFound(username);
    return this.view(row, await repo.rolesOf(this.db, row.id));
  }

  view(row: repo.AccountWithHome, roles: readonly string[]): AccountView {
    const decrypt = (v: string | null) => (v ? this.crypto.decrypt(v) : null);
    const phone = decrypt(row.phone_enc);
    const idNumber = decrypt(row.id_number_enc);
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      homeOrg: { id: row.home_org_id, code: row.home_org_code, name: row.home_org_name },
      roles: roles as Role[],
      disabled: row.disabled === 1,
      locked: !!row.locked_until && Date.parse(row.locked_until) > Date.now(),
      mfaEnrolled: row.mfa_enrolled === 1,
      mustChangePassword: row.must_change_password === 1,
      phone: phone ? maskPhone(phone) : null,
      idNumber: idNumber ? maskIdNumber(idNumber) : null,
      version: row.version,
      createdAt: row.created_at,
    };
  }

  private async mustFind(ex: Executor, actor: Actor, id: string) {
    const row = await repo.findAccountInScope(ex, id, actor.scopePath);
    if (!row) throw accountNotFound(id);
    return row;
  }

  async list(actor: Actor, q: string | undefined, page: number, pageSize: number) {
    const { total, rows } = await repo.listAccounts(this.db, actor.scopePath, q, page, pageSize);
    const roles = await repo.rolesOfMany(this.db, rows.map((r) => r.id));
    return { total, page, pageSize, items: rows.map((r) => this.view(r, roles.get(r.id) ?? [])) };
  }

  async get(actor: Actor, id: string): Promise<AccountView> {
    const row = await this.mustFind(this.db, actor, id);
    return this.view(row, await repo.rolesOf(this.db, id));
  }

  /**
   * Creates an account with a one-time password that must be changed at first login. Roles are granted by the
   * security administrator; only the console (`xianfeng init`, `xianfeng user add`) grants them at creation.
   */
  async create(actor: Actor, input: CreateAccountInput): Promise<{ account: AccountView; oneTimePassword: string }> {
    const idNumber = input.idNumber ? normalizeIdNumber(input.idNumber) : null;
    if (idNumber) {
      const facts = inspectIdNumber(idNumber, todayInChina());
      if (!facts.valid) throw badInput('account.id_number_invalid', 'The ID number is not valid', { reason: facts.reason });
    }
    if (input.phone && !/^1\d{10}$/.test(input.phone)) {
      throw badInput('account.phone_invalid', 'The phone number must be an 11-digit mainland mobile number');
    }
    const roles = input.roles ?? [];
    const clash = adminRoleClash(roles);
    if (clash) throw adminClashError(clash);
    if (input.initialPassword !== undefined) {
      const policy = PASSWORD_POLICIES[(await loadSecurityPolicy(this.db)).policy.passwordProfile];
      const problems = checkPassword(policy, input.initialPassword, input.username);
      if (problems.length > 0) {
        throw ruleViolation('auth.password_rejected', 'The password does not meet the password policy', {
          problems,
          rule: { id: `password.${policy.profile}`, cite: policy.cite },
        });
      }
    }
    const password = input.initialPassword ?? oneTimePassword();
    const hash = await this.crypto.hashPassword(password);
    try {
      return await this.db.transaction().execute(async (trx) => {
        const home = await requireOrgInScope(trx, actor, input.homeOrgId);
        if (await repo.findAccountByUsername(trx, input.username)) {
          throw conflict('account.username_taken', 'This username is taken');
        }
        const idIndex = idNumber ? this.crypto.blindIndex('id-number', idNumber) : null;
        if (idIndex && (await repo.findAccountByIdNumberIndex(trx, idIndex))) {
          throw conflict('account.id_number_taken', 'Another account has this ID number');
        }
        const now = nowUtc();
        const row: repo.AccountRow = {
          id: newId(),
          username: input.username,
          display_name: input.displayName,
          home_org_id: home.id,
          password_hash: hash,
          password_changed_at: now,
          must_change_password: input.initialPassword === undefined ? 1 : 0,
          disabled: 0,
          mfa_secret_enc: null,
          mfa_enrolled: 0,
          mfa_last_step: null,
          failed_count: 0,
          locked_until: null,
          id_number_enc: idNumber ? this.crypto.encrypt(idNumber) : null,
          id_number_index: idIndex,
          phone_enc: input.phone ? this.crypto.encrypt(input.phone) : null,
          phone_index: input.phone ? this.crypto.blindIndex('phone', input.phone) : null,
          version: 1,
          created_at: now,
          updated_at: now,
        };
        await repo.insertAccount(trx, row);
        await repo.replaceRoles(trx, row.id, roles, actor.accountId, now);
        await this.audit.record(trx, actor, {
          action: 'account.create',
          targetType: 'account',
          targetId: row.id,
          orgPath: home.path,
          summary: {
            username: row.username,
            homeOrg: home.code,
            roles,
            phone: input.phone ? maskPhone(input.phone) : null,
            idNumber: idNumber ? maskIdNumber(idNumber) : null,
          },
        });
        const created = { ...row, home_org_path: home.path, home_org_name: home.name, home_org_code: home.code };
        return { account: this.view(created, roles), oneTimePassword: input.initialPassword === undefined ? password : '' };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('account.username_taken', 'This username or ID number is taken');
      throw error;
    }
  }

  private async changeState(
    actor: Actor,
    id: string,
    version: number,
    action: string,
    fields: Partial<repo.AccountRow>,
    endSessionsReason: string | null,
  ): Promise<AccountView> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.mustFind(trx, actor, id);
      if (row.id === actor.accountId && action === 'account.disable') {
        throw ruleViolation('account.disable_self', 'You cannot disable your own account');
      }
      const now = nowUtc();
      if (!(await repo.updateAccount(trx, id, fields, now, version))) {
        throw conflict('account.version_stale', 'The account was changed by someone else; reload and try again');
      }
      const ended = endSessionsReason ? await repo.endSessionsOf(trx, id, endSessionsReason, now) : 0;
      await this.audit.record(trx, actor, {
        action,
        targetType: 'account',
        targetId: id,
        orgPath: row.home_org_path,
        summary: { username: row.username, sessionsEnded: ended },
      });
      return this.view({ ...row, ...fields, version: version + 1 }, await repo.rolesOf(trx, id));
    });
  }

  disable(actor: Actor, id: string, version: number) {
    return this.changeState(actor, id, version, 'account.disable', { disabled: 1 }, 'account_disabled');
  }

  enable(actor: Actor, id: string, version: number) {
    return this.changeState(actor, id, version, 'account.enable', { disabled: 0, failed_count: 0, locked_until: null }, null);
  }

  /** A new one-time password; the account's sessions end and the password must be changed at next login. */
  async resetPassword(actor: Actor, id: string, version: number): Promise<{ account: AccountView; oneTimePassword: string }> {
    const password = oneTimePassword();
    const hash = await this.crypto.hashPassword(password);
    const account = await this.changeState(
      actor,
      id,
      version,
      'account.reset_password',
      { password_hash: hash, password_changed_at: nowUtc(), must_change_password: 1, failed_count: 0, locked_until: null },
      'password_reset',
    );
    return { account, oneTimePassword: password };
  }

  /** Replaces an account's roles (security administrator). 三员分立: one administrator role at most; no self-grant. */
  async setRoles(actor: Actor, id: string, input: { roles: Role[]; version: number }): Promise<AccountView> {
    const roles = [...new Set(input.roles)].sort();
    const clash = adminRoleClash(roles);
    if (clash) throw adminClashError(clash);
    if (id === actor.accountId) throw ruleViolation('role.self_grant', 'You cannot change your own roles');
    return this.db.transaction().execute(async (trx) => {
      const row = await this.mustFind(trx, actor, id);
      const before = await repo.rolesOf(trx, id);
      const now = nowUtc();
      if (!(await repo.updateAccount(trx, id, {}, now, input.version))) {
        throw conflict('account.version_stale', 'The account was changed by someone else; reload and try again');
      }
      await repo.replaceRoles(trx, id, roles, actor.accountId, now);
      // A change of roles changes what the sessions may do: they end, and the next login applies the new roles.
      const ended = await repo.endSessionsOf(trx, id, 'roles_changed', now);
      await this.audit.record(trx, actor, {
        action: 'role.grant',
        targetType: 'account',
        targetId: id,
        orgPath: row.home_org_path,
        summary: { username: row.username, before, after: roles, sessionsEnded: ended },
      });
      return this.view({ ...row, version: input.version + 1 }, roles);
    });
  }

  async sessions(actor: Actor, accountId?: string) {
    const rows = await repo.listLiveSessions(this.db, actor.scopePath, accountId);
    return rows.map((r) => ({
      id: r.id,
      accountId: r.account_id,
      username: r.username,
      sourceAddress: r.source_address,
      userAgent: r.user_agent,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
      expiresAt: r.expires_at,
      pendingStep: r.next_step,
    }));
  }

  async endSession(actor: Actor, sessionId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await repo.findSessionInScope(trx, sessionId, actor.scopePath);
      if (!row || row.ended_at) throw notFound('session.not_found', 'No such live session in your scope', { id: sessionId });
      await repo.endSession(trx, sessionId, 'ended_by_admin', nowUtc());
      await this.audit.record(trx, actor, {
        action: 'session.end',
        targetType: 'session',
        targetId: sessionId,
        orgPath: row.path,
        summary: { accountId: row.account_id },
      });
    });
  }

  async endSessionsOf(actor: Actor, accountId: string): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.mustFind(trx, actor, accountId);
      const ended = await repo.endSessionsOf(trx, accountId, 'ended_by_admin', nowUtc());
      await this.audit.record(trx, actor, {
        action: 'session.end_all',
        targetType: 'account',
        targetId: accountId,
        orgPath: row.home_org_path,
        summary: { username: row.username, sessionsEnded: ended },
      });
      return ended;
    });
  }

  /** The whole value of a masked field, for someone allowed to see it; every view is audited. */
  async reveal(actor: Actor, id: string, field: 'phone' | 'idNumber'): Promise<{ field: string; value: string | null }> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.mustFind(trx, actor, id);
      const enc = field === 'phone' ? row.phone_enc : row.id_number_enc;
      await this.audit.record(trx, actor, {
        action: 'personal.reveal',
        targetType: 'account',
        targetId: id,
        orgPath: row.home_org_path,
        summary: { field },
      });
      return { field, value: enc ? this.crypto.decrypt(enc) : null };
    });
  }
}

function adminClashError(clash: [Role, Role]): AppError {
  return ruleViolation(
    'role.admin_roles_exclusive',
    `${ROLE_LABELS[clash[0]]} and ${ROLE_LABELS[clash[1]]} cannot be held by one account (三员分立)`,
    { rule: { id: 'role.separation_of_duties', cite: 'GB/T 22239-2019 8.1.4.2 d)' }, roles: clash },
  );
}

