/**
 * The database interface shared by both dialects. Portable types only (DESIGN.md §2): text ids, integers for
 * booleans and money (fen), ISO-8601 text for dates and UTC timestamps.
 */
import type { Generated, Kysely, Transaction } from 'kysely';

export interface OrgTable {
  id: string;
  code: string;
  name: string;
  kind: string;
  domain: string;
  parent_id: string | null;
  /** Materialized path of fixed-width segments, root first (see modules/orgs/tree.ts). */
  path: string;
  depth: number;
  /** Last segment number handed to a child; segments are never reused. */
  child_seq: number;
  established_on: string | null;
  /** Planned end date; required for a temporary org (临时党组织). */
  planned_end_on: string | null;
  dissolved_on: string | null;
  status: 'active' | 'dissolved';
  version: number;
  created_at: string;
  updated_at: string;
}

export interface OrgCommitteeMemberTable {
  id: string;
  org_id: string;
  org_path: string;
  person_name: string;
  position: 'secretary' | 'deputy_secretary' | 'member';
  started_on: string;
  ended_on: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface OrgTermTable {
  id: string;
  org_id: string;
  org_path: string;
  started_on: string;
  length_years: number;
  ends_on: string;
  /** The rule that set the length (policy/terms.ts), or 'manual' when an approval set it. */
  rule_id: string;
  is_current: number;
  created_at: string;
}

export interface AuditLogTable {
  seq: Generated<number>;
  id: string;
  at: string;
  account_id: string | null;
  role: string | null;
  source_address: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  org_path: string | null;
  outcome: 'success' | 'failure';
  summary: string;
  /** The previous row's hash; the chain makes any edit or deletion inside it detectable. */
  prev_hash: string;
  hash: string;
}

export interface AccountTable {
  id: string;
  username: string;
  display_name: string;
  home_org_id: string;
  password_hash: string;
  password_changed_at: string;
  must_change_password: number;
  disabled: number;
  /** TOTP secret, encrypted by the crypto provider. */
  mfa_secret_enc: string | null;
  mfa_enrolled: number;
  /** The last TOTP time step accepted: each code works once. */
  mfa_last_step: number | null;
  failed_count: number;
  locked_until: string | null;
  id_number_enc: string | null;
  /** HMAC blind index of the ID number: exact lookup and uniqueness without the clear value. */
  id_number_index: string | null;
  phone_enc: string | null;
  phone_index: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface AccountRoleTable {
  account_id: string;
  role: string;
  granted_by: string | null;
  granted_at: string;
}

export interface PasswordHistoryTable {
  id: string;
  account_id: string;
  password_hash: string;
  created_at: string;
}

export interface RecoveryCodeTable {
  id: string;
  account_id: string;
  code_hash: string;
  used_at: string | null;
}

export interface SessionTable {
  id: string;
  /** SHA-256 of the cookie token: a copy of the database does not yield usable sessions. */
  token_hash: string;
  account_id: string;
  csrf_token: string;
  /** null when the session is complete; otherwise the step that must come first. */
  next_step: 'change-password' | 'enroll-mfa' | 'mfa' | null;
  /** 1 once the second factor was verified in this session (or carried over from the session it replaced). */
  mfa_passed: number;
  pending_mfa_secret_enc: string | null;
  source_address: string | null;
  user_agent: string | null;
  created_at: string;
  last_seen_at: string;
  /** The absolute timeout. */
  expires_at: string;
  ended_at: string | null;
  ended_reason: string | null;
}

export interface AddressLockoutTable {
  source_address: string;
  failed_count: number;
  locked_until: string | null;
  updated_at: string;
}

export interface SettingTable {
  key: string;
  value: string;
  version: number;
  updated_at: string;
}

export interface Database {
  orgs: OrgTable;
  org_committee_members: OrgCommitteeMemberTable;
  org_terms: OrgTermTable;
  audit_log: AuditLogTable;
  accounts: AccountTable;
  account_roles: AccountRoleTable;
  password_history: PasswordHistoryTable;
  recovery_codes: RecoveryCodeTable;
  sessions: SessionTable;
  address_lockouts: AddressLockoutTable;
  settings: SettingTable;
}

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** A handle that may be the database or a transaction: repos accept either, services decide. */
export type Executor = Db | Tx;

/**
 * Tables that carry a copy of the org's path (for subtree scope and, past one machine, for sharding).
 * Moving a subtree rewrites the column in every table listed here, in the move's transaction.
 */
export const PATH_CARRYING_TABLES = ['org_committee_members', 'org_terms'] as const;
