/** Login, sessions, password change and the second factor. */
import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../../lib/actor.ts';
import type { CryptoProvider } from '../../lib/crypto/provider.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { matchTotp, newTotpSecret, otpauthUri } from '../../lib/totp.ts';
import type { Db, Executor } from '../../db/schema.ts';
import type { AuditTrail } from '../audit/audit.service.ts';
import { putSetting } from '../settings/settings.repo.ts';
import * as repo from './accounts.repo.ts';
import { nextStep, type NextStep } from './login-steps.ts';
import { checkPassword, passwordExpired, PASSWORD_POLICIES } from './password-policy.ts';
import type { Role } from './roles.ts';
import { loadSecurityPolicy, SECURITY_POLICY_KEY, type SecurityPolicy } from './security-policy.ts';

export interface AuthDeps {
  db: Db;
  crypto: CryptoProvider;
  audit: AuditTrail;
  /** The clock, replaceable in tests of timeouts and TOTP. */
  now?: () => Date;
}

export interface SessionContext {
  session: repo.SessionRow;
  account: repo.AccountWithHome;
  roles: Role[];
  actor: Actor;
}

export interface StepAnswer {
  next: NextStep;
  csrfToken: string;
  /** Present when the next step is `enroll-mfa`: the secret to scan, once. */
  mfaEnrollment?: { secret: string; otpauthUri: string };
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

const authFailed = () => new AppError(401, 'auth.failed', 'Wrong username or password');
export const authRequired = () => new AppError(401, 'auth.required', 'Please log in');
const sessionExpired = () => new AppError(401, 'auth.session_expired', 'The session has expired; please log in again');

function lockedError(until: string, now: Date) {
  const retryAfterSeconds = Math.max(1, Math.ceil((Date.parse(until) - now.getTime()) / 1000));
  return new AppError(423, 'auth.locked', 'Too many failed attempts; try again later', { retryAfterSeconds });
}

export function actorFor(account: repo.AccountWithHome, roles: readonly string[], sourceAddress: string | null): Actor {
  return { accountId: account.id, role: roles.join(','), roles, scopePath: account.home_org_path, sourceAddress };
}

export class AuthService {
  private readonly now: () => Date;

  constructor(private readonly deps: AuthDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async policy(ex: Executor = this.deps.db): Promise<SecurityPolicy> {
    return (await loadSecurityPolicy(ex)).policy;
  }

  /** Replaces the security policy (security administrator), guarded by its version. */
  async setPolicy(actor: Actor, policy: SecurityPolicy, version: number): Promise<{ policy: SecurityPolicy; version: number }> {
    return this.deps.db.transaction().execute(async (trx) => {
      const before = await this.policy(trx);
      const now = this.now().toISOString();
      if (!(await putSetting(trx, SECURITY_POLICY_KEY, policy, now, version))) {
        throw new AppError(409, 'security.policy_version_stale', 'The policy was changed by someone else; reload and try again');
      }
      await this.deps.audit.record(trx, actor, {
        action: 'security.policy_change',
        targetType: 'settings',
        targetId: SECURITY_POLICY_KEY,
        orgPath: null,
        summary: { before, after: policy },
      });
      return { policy, version: version + 1 };
    });
  }

  policyWithVersion(): Promise<{ policy: SecurityPolicy; version: number }> {
    return loadSecurityPolicy(this.deps.db);
  }

  private anonymous(sourceAddress: string | null): Actor {
    return { accountId: null, role: 'anonymous', roles: [], scopePath: '', sourceAddress };
  }

  /**
   * Counts a failure against the account and the source address (atomically, so parallel guesses all count); locks
   * either at the threshold. Answers the lock's end when this failure set one.
   */
  private async countFailure(account: repo.AccountRow | undefined, sourceAddress: string | null, policy: SecurityPolicy): Promise<string | null> {
    const now = this.now();
    const lockUntil = new Date(now.getTime() + policy.lockoutMinutes * 60_000).toISOString();
    return this.deps.db.transaction().execute(async (trx) => {
      let locked = false;
      if (account) {
        const failures = await repo.addAccountFailure(trx, account.id);
        if (failures >= policy.lockoutThreshold) {
          await repo.updateSignInState(trx, account.id, { failed_count: 0, locked_until: lockUntil });
          locked = true;
        }
      }
      if (sourceAddress) {
        const failures = await repo.addAddressFailure(trx, sourceAddress, now.toISOString());
        if (failures >= policy.lockoutThreshold) {
          await repo.putAddressLockout(trx, { source_address: sourceAddress, failed_count: 0, locked_until: lockUntil, updated_at: now.toISOString() });
          locked = true;
        }
      }
      return locked ? lockUntil : null;
    });
  }

  private async stepFor(account: repo.AccountRow, roles: readonly Role[], policy: SecurityPolicy, mfaPassed: boolean) {
    return nextStep({
      roles,
      mfaRoles: policy.mfaRoles,
      mfaEnrolled: account.mfa_enrolled === 1,
      mfaPassed,
      mustChangePassword: account.must_change_password === 1,
      passwordExpired: passwordExpired(PASSWORD_POLICIES[policy.passwordProfile], account.password_changed_at, this.now()),
    });
  }

  /** Opens a new session (a new id every time: no fixation) at the given step. */
  private async openSession(
    ex: Executor,
    account: repo.AccountRow,
    next: NextStep,
    mfaPassed: boolean,
    policy: SecurityPolicy,
    sourceAddress: string | null,
    userAgent: string | null,
  ): Promise<{ token: string; answer: StepAnswer }> {
    const now = this.now();
    const token = newToken();
    const csrfToken = randomBytes(24).toString('base64url');
    let pendingSecret: string | null = null;
    if (next === 'enroll-mfa') pendingSecret = newTotpSecret();
    await repo.insertSession(ex, {
      id: newId(),
      token_hash: hashToken(token),
      account_id: account.id,
      csrf_token: csrfToken,
      next_step: next,
      mfa_passed: mfaPassed ? 1 : 0,
      pending_mfa_secret_enc: pendingSecret ? this.deps.crypto.encrypt(pendingSecret) : null,
      source_address: sourceAddress,
      user_agent: userAgent ? userAgent.slice(0, 300) : null,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + policy.absoluteTimeoutHours * 3_600_000).toISOString(),
      ended_at: null,
      ended_reason: null,
    });
    const answer: StepAnswer = { next, csrfToken };
    if (pendingSecret) answer.mfaEnrollment = { secret: pendingSecret, otpauthUri: otpauthUri(pendingSecret, account.username) };
    return { token, answer };
  }

  async login(input: {
    username: string;
    password: string;
    sourceAddress: string | null;
    userAgent: string | null;
  }): Promise<{ token: string; answer: StepAnswer; account: repo.AccountWithHome; roles: Role[] }> {
    const { db, crypto, audit } = this.deps;
    const policy = await this.policy();
    const now = this.now();
    const anon = this.anonymous(input.sourceAddress);
    const fail = (reason: string, accountId: string | null) =>
      audit.record(db, { ...anon, accountId }, {
        action: 'auth.login',
        targetType: 'account',
        targetId: accountId,
        orgPath: null,
        outcome: 'failure',
        summary: { username: input.username.slice(0, 64), reason },
      });

    if (input.sourceAddress) {
      const lock = await repo.findAddressLockout(db, input.sourceAddress);
      if (lock?.locked_until && Date.parse(lock.locked_until) > now.getTime()) {
        await fail('address_locked', null);
        throw lockedError(lock.locked_until, now);
      }
    }
    const account = await repo.findAccountByUsername(db, input.username);
    if (account?.locked_until && Date.parse(account.locked_until) > now.getTime()) {
      await fail('account_locked', account.id);
      throw lockedError(account.locked_until, now);
    }
    // Without an account, still spend the time of a hash, so timing does not tell which usernames exist.
    const passwordOk = account
      ? await crypto.verifyPassword(input.password, account.password_hash)
      : (await crypto.verifyPassword(input.password, DUMMY_HASH), false);
    if (!account || !passwordOk || account.disabled === 1) {
      const lockedUntil = await this.countFailure(account, input.sourceAddress, policy);
      await fail(!account ? 'unknown_user' : account.disabled === 1 ? 'disabled' : 'wrong_password', account?.id ?? null);
      throw lockedUntil ? lockedError(lockedUntil, this.now()) : authFailed();
    }
    const roles = (await repo.rolesOf(db, account.id)) as Role[];
    const next = await this.stepFor(account, roles, policy, false);
    return db.transaction().execute(async (trx) => {
      await repo.updateSignInState(trx, account.id, { failed_count: 0, locked_until: null });
      if (input.sourceAddress) {
        await repo.putAddressLockout(trx, { source_address: input.sourceAddress, failed_count: 0, locked_until: null, updated_at: now.toISOString() });
      }
      const opened = await this.openSession(trx, account, next, false, policy, input.sourceAddress, input.userAgent);
      await audit.record(trx, actorFor(account, roles, input.sourceAddress), {
        action: 'auth.login',
        targetType: 'account',
        targetId: account.id,
        orgPath: account.home_org_path,
        summary: { username: account.username, next },
      });
      return { ...opened, account, roles };
    });
  }

  /** Resolves a session cookie, enforcing the idle and absolute timeouts and the account's state. */
  async authenticate(token: string, sourceAddress: string | null): Promise<SessionContext> {
    const { db } = this.deps;
    const session = await repo.findLiveSessionByTokenHash(db, hashToken(token));
    if (!session) throw authRequired();
    const policy = await this.policy();
    const now = this.now();
    const idleLimit = Date.parse(session.last_seen_at) + policy.idleTimeoutMinutes * 60_000;
    const expired = now.getTime() > Date.parse(session.expires_at) ? 'absolute_timeout' : now.getTime() > idleLimit ? 'idle_timeout' : null;
    if (expired) {
      await repo.endSession(db, session.id, expired, now.toISOString());
      throw sessionExpired();
    }
    const account = await repo.findAccountInScope(db, session.account_id, '');
    if (!account || account.disabled === 1) {
      await repo.endSession(db, session.id, 'account_disabled', now.toISOString());
      throw authRequired();
    }
    if (now.getTime() - Date.parse(session.last_seen_at) > 15_000) {
      await repo.updateSession(db, session.id, { last_seen_at: now.toISOString() });
    }
    const roles = (await repo.rolesOf(db, account.id)) as Role[];
    return { session, account, roles, actor: actorFor(account, roles, sourceAddress) };
  }

  async logout(ctx: SessionContext): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      await repo.endSession(trx, ctx.session.id, 'logout', this.now().toISOString());
      await this.deps.audit.record(trx, ctx.actor, {
        action: 'auth.logout',
        targetType: 'session',
        targetId: ctx.session.id,
        orgPath: ctx.account.home_org_path,
        summary: {},
      });
    });
  }

  /** Changes the password; every session of the account ends and a new one replaces the caller's. */
  async changePassword(
    ctx: SessionContext,
    input: { currentPassword: string; newPassword: string; userAgent: string | null },
  ): Promise<{ token: string; answer: StepAnswer }> {
    const { db, crypto, audit } = this.deps;
    const policy = await this.policy();
    const rules = PASSWORD_POLICIES[policy.passwordProfile];
    if (!(await crypto.verifyPassword(input.currentPassword, ctx.account.password_hash))) {
      await this.countFailure(ctx.account, ctx.actor.sourceAddress, policy);
      await audit.record(db, ctx.actor, {
        action: 'auth.password_change',
        targetType: 'account',
        targetId: ctx.account.id,
        orgPath: ctx.account.home_org_path,
        outcome: 'failure',
        summary: { reason: 'wrong_current_password' },
      });
      throw new AppError(422, 'auth.current_password_wrong', 'The current password is wrong');
    }
    const history = await repo.recentPasswordHashes(db, ctx.account.id, rules.historySize);
    let reused = await crypto.verifyPassword(input.newPassword, ctx.account.password_hash);
    for (const h of history) reused ||= await crypto.verifyPassword(input.newPassword, h);
    const problems = checkPassword(rules, input.newPassword, ctx.account.username, reused);
    if (problems.length > 0) {
      throw new AppError(422, 'auth.password_rejected', 'The new password does not meet the password policy', {
        problems,
        rule: { id: `password.${rules.profile}`, cite: rules.cite },
      });
    }
    const hash = await crypto.hashPassword(input.newPassword);
    const now = this.now().toISOString();
    return db.transaction().execute(async (trx) => {
      await repo.updateSignInState(trx, ctx.account.id, { password_hash: hash, password_changed_at: now, must_change_password: 0 });
      await repo.addPasswordHistory(trx, { id: newId(), account_id: ctx.account.id, password_hash: ctx.account.password_hash, created_at: now });
      const ended = await repo.endSessionsOf(trx, ctx.account.id, 'password_changed', now);
      const updated = { ...ctx.account, must_change_password: 0, password_changed_at: now };
      const mfaPassed = ctx.session.mfa_passed === 1;
      const next = await this.stepFor(updated, ctx.roles, policy, mfaPassed);
      const opened = await this.openSession(trx, updated, next, mfaPassed, policy, ctx.actor.sourceAddress, input.userAgent);
      await audit.record(trx, ctx.actor, {
        action: 'auth.password_change',
        targetType: 'account',
        targetId: ctx.account.id,
        orgPath: ctx.account.home_org_path,
        summary: { sessionsEnded: ended },
      });
      return opened;
    });
  }

  private async secondFactorFailed(ctx: SessionContext, action: string, reason: string): Promise<never> {
    const policy = await this.policy();
    await this.countFailure(ctx.account, ctx.actor.sourceAddress, policy);
    await this.deps.audit.record(this.deps.db, ctx.actor, {
      action,
      targetType: 'account',
      targetId: ctx.account.id,
      orgPath: ctx.account.home_org_path,
      outcome: 'failure',
      summary: { reason },
    });
    throw new AppError(401, 'auth.mfa_failed', 'The code is wrong or was already used');
  }

  /** Confirms enrolment with a first code from the authenticator; answers the recovery codes, shown once. */
  async enrollMfa(ctx: SessionContext, code: string): Promise<StepAnswer & { recoveryCodes: string[] }> {
    const { db, crypto, audit } = this.deps;
    if (ctx.session.next_step !== 'enroll-mfa' || !ctx.session.pending_mfa_secret_enc) {
      throw new AppError(409, 'auth.step_mismatch', 'This session is not enrolling a second factor');
    }
    const secret = crypto.decrypt(ctx.session.pending_mfa_secret_enc);
    const step = matchTotp(secret, code, this.now().getTime(), null);
    if (step === null) return this.secondFactorFailed(ctx, 'auth.mfa_enroll', 'wrong_code');
    const policy = await this.policy();
    const recoveryCodes = Array.from({ length: 10 }, () => {
      const raw = randomBytes(5).toString('hex');
      return `${raw.slice(0, 5)}-${raw.slice(5)}`;
    });
    return db.transaction().execute(async (trx) => {
      await repo.updateSignInState(trx, ctx.account.id, { mfa_secret_enc: crypto.encrypt(secret), mfa_enrolled: 1, mfa_last_step: step });
      await repo.replaceRecoveryCodes(
        trx,
        ctx.account.id,
        recoveryCodes.map((c) => ({ id: newId(), code_hash: crypto.blindIndex('recovery-code', c) })),
      );
      const next = await this.stepFor({ ...ctx.account, mfa_enrolled: 1 }, ctx.roles, policy, true);
      await repo.updateSession(trx, ctx.session.id, { next_step: next, mfa_passed: 1, pending_mfa_secret_enc: null });
      await audit.record(trx, ctx.actor, {
        action: 'auth.mfa_enroll',
        targetType: 'account',
        targetId: ctx.account.id,
        orgPath: ctx.account.home_org_path,
        summary: {},
      });
      return { next, csrfToken: ctx.session.csrf_token, recoveryCodes };
    });
  }

  /** Verifies a TOTP code (each time step once) or an unused recovery code. */
  async verifyMfa(ctx: SessionContext, code: string): Promise<StepAnswer> {
    const { db, crypto, audit } = this.deps;
    if (ctx.session.next_step !== 'mfa' || !ctx.account.mfa_secret_enc) {
      throw new AppError(409, 'auth.step_mismatch', 'This session is not waiting for a second factor');
    }
    const now = this.now();
    const policy = await this.policy();
    return db.transaction().execute(async (trx) => {
      const secret = crypto.decrypt(ctx.account.mfa_secret_enc as string);
      const fresh = await repo.findAccountInScope(trx, ctx.account.id, '');
      const step = matchTotp(secret, code, now.getTime(), fresh?.mfa_last_step ?? null);
      let method: 'totp' | 'recovery_code' | null = null;
      if (step !== null) {
        const claimed = await trx
          .updateTable('accounts')
          .set({ mfa_last_step: step })
          .where('id', '=', ctx.account.id)
          .where((eb) => eb.or([eb('mfa_last_step', 'is', null), eb('mfa_last_step', '<', step)]))
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) === 1) method = 'totp';
      } else if (/^[0-9a-f]{5}-[0-9a-f]{5}$/.test(code)) {
        const wanted = crypto.blindIndex('recovery-code', code);
        const match = (await repo.unusedRecoveryCodes(trx, ctx.account.id)).find((r) => r.code_hash === wanted);
        if (match && (await repo.useRecoveryCode(trx, match.id, now.toISOString()))) method = 'recovery_code';
      }
      if (!method) return null;
      const next = await this.stepFor(ctx.account, ctx.roles, policy, true);
      await repo.updateSession(trx, ctx.session.id, { next_step: next, mfa_passed: 1 });
      await audit.record(trx, ctx.actor, {
        action: 'auth.mfa',
        targetType: 'account',
        targetId: ctx.account.id,
        orgPath: ctx.account.home_org_path,
        summary: { method },
      });
      const answer: StepAnswer = { next, csrfToken: ctx.session.csrf_token };
      return answer;
    }).then((answer) => answer ?? this.secondFactorFailed(ctx, 'auth.mfa', 'wrong_or_replayed_code'));
  }
}

/** A valid hash of a random password, checked when the username is unknown. */
const DUMMY_HASH = 'scrypt$32768$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
