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

export interface MemberTable {
  id: string;
  /** The branch (党支部, 联合党支部, 临时党组织 or 网上党支部) that holds the member. */
  org_id: string;
  org_path: string;
  /** Optional 党小组 under that branch. */
  group_id: string | null;
  name: string;
  sex: 'male' | 'female';
  ethnicity: string | null;
  birth_date: string;
  id_number_enc: string;
  id_number_index: string;
  phone_enc: string | null;
  phone_index: string | null;
  education: string | null;
  occupation: string | null;
  work_unit: string | null;
  household_type: 'urban' | 'rural' | null;
  status: 'probationary' | 'full';
  /** 入党: the date the branch meeting accepted the member as probationary. */
  joined_on: string;
  /** 转正: the date of conversion to full member; party standing counts from it. */
  full_on: string | null;
  is_flowing: number;
  is_hardship: number;
  is_veteran: number;
  is_in_service: number;
  is_retired: number;
  /** 'active', or 'transferred_out' once a letter out of the installation was received. */
  membership: 'active' | 'transferred_out';
  account_id: string | null;
  /** When the member verified their e-identity (党员电子身份认证). */
  verified_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface MemberHistoryTable {
  id: string;
  member_id: string;
  org_path: string;
  at: string;
  account_id: string | null;
  action: string;
  /** JSON of what changed, personal data masked. */
  changes: string;
}

export interface MemberVerificationTable {
  id: string;
  account_id: string;
  member_id: string;
  code_hash: string;
  attempts: number;
  expires_at: string;
  confirmed_at: string | null;
  created_at: string;
}

export interface TransferTable {
  id: string;
  member_id: string;
  from_org_id: string;
  /** The sending org's path: the sending committee sees its letters. */
  org_path: string;
  to_org_id: string | null;
  to_org_path: string | null;
  /** A destination outside the installation, as free text. */
  external_destination: string | null;
  letter_type: 'introduction' | 'certificate' | 'activity_card' | 'none';
  letter_number: string;
  reason: string | null;
  issued_on: string;
  /** Last day of validity (inclusive), fixed at issue by the rule version in force (policy/transfers.ts). */
  valid_until: string;
  /** Letters to outside the installation: the day by which the receipt (回执) is due; null for internal letters. */
  receipt_due_on: string | null;
  /** The rule version that set the letter type, validity and receipt due date. */
  rule_id: string;
  state: 'issued' | 'received' | 'returned' | 'cancelled';
  received_on: string | null;
  returned_on: string | null;
  return_reason: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface FlowingRecordTable {
  id: string;
  member_id: string;
  org_path: string;
  destination: string;
  /** How to reach the member at the destination, encrypted by the crypto provider (it often holds a phone). */
  contact_enc: string | null;
  started_on: string;
  ended_on: string | null;
  last_reported_on: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface FlowingReportTable {
  id: string;
  flowing_id: string;
  org_path: string;
  reported_on: string;
  content: string;
  created_at: string;
}

export interface CommunityRegistrationTable {
  id: string;
  member_id: string;
  org_path: string;
  community_org_id: string;
  community_org_path: string;
  registered_on: string;
  ended_on: string | null;
  version: number;
  created_at: string;
}

export interface CommunityServiceTable {
  id: string;
  registration_id: string;
  /** The community org's path: the community branch records and sees the service. */
  org_path: string;
  served_on: string;
  minutes: number;
  description: string;
  created_at: string;
}

export interface MentorPairTable {
  id: string;
  org_path: string;
  mentor_id: string;
  mentee_id: string;
  started_on: string;
  ended_on: string | null;
  version: number;
  created_at: string;
}

export interface ReserveCadreTable {
  id: string;
  member_id: string;
  org_path: string;
  target_post: string;
  added_on: string;
  removed_on: string | null;
  version: number;
  created_at: string;
}

export interface ReserveCadreRecordTable {
  id: string;
  reserve_id: string;
  org_path: string;
  kind: 'training' | 'assessment';
  recorded_on: string;
  content: string;
  created_at: string;
}

export interface CareRecordTable {
  id: string;
  member_id: string;
  org_path: string;
  kind: 'visit' | 'fund';
  recorded_on: string;
  amount_fen: number;
  note: string;
  created_at: string;
}

export interface MeetingTable {
  id: string;
  /** The branch that held the meeting. */
  org_id: string;
  org_path: string;
  /** The 党小组, for a group meeting. */
  group_id: string | null;
  primary_type: string;
  held_on: string;
  start_time: string | null;
  place: string | null;
  is_online: number;
  host: string | null;
  recorder: string | null;
  lecturer: string | null;
  topic: string | null;
  agenda: string | null;
  minutes: string | null;
  check_in_code: string | null;
  check_in_expires_at: string | null;
  version: number;
  /** When the record was entered: late entry is allowed and shows. */
  entered_at: string;
  created_at: string;
  updated_at: string;
}

/** Every type a meeting counts for (a 主题党日 that includes a 党课 counts for both). */
export interface MeetingTypeTable {
  meeting_id: string;
  type: string;
  org_path: string;
  held_on: string;
}

export interface MeetingAttendanceTable {
  meeting_id: string;
  member_id: string;
  org_path: string;
  status: 'present' | 'leave' | 'absent';
  reason: string | null;
  /** 1 for a full member on the meeting's date (probationary members have no vote). */
  voting: number;
  recorded_at: string;
}

export interface MeetingVoteTable {
  id: string;
  meeting_id: string;
  org_path: string;
  kind: string;
  subject: string;
  /** JSON: the counts the vote was evaluated on. */
  counts: string;
  /** JSON: the outcome of evaluateVote. */
  outcome: string;
  rule_id: string;
  cite: string;
  created_at: string;
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
  members: MemberTable;
  member_history: MemberHistoryTable;
  member_verifications: MemberVerificationTable;
  transfers: TransferTable;
  flowing_records: FlowingRecordTable;
  flowing_reports: FlowingReportTable;
  community_registrations: CommunityRegistrationTable;
  community_service: CommunityServiceTable;
  mentor_pairs: MentorPairTable;
  reserve_cadres: ReserveCadreTable;
  reserve_cadre_records: ReserveCadreRecordTable;
  care_records: CareRecordTable;
  meetings: MeetingTable;
  meeting_types: MeetingTypeTable;
  meeting_attendance: MeetingAttendanceTable;
  meeting_votes: MeetingVoteTable;
}

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** A handle that may be the database or a transaction: repos accept either, services decide. */
export type Executor = Db | Tx;

/**
 * Columns that carry a copy of an org's path (for subtree scope and, past one machine, for sharding). Moving a
 * subtree rewrites every column listed here, in the move's transaction: a module that adds such a column adds it
 * here.
 */
export const PATH_COLUMNS = [
  ['org_committee_members', 'org_path'],
  ['org_terms', 'org_path'],
  ['members', 'org_path'],
  ['member_history', 'org_path'],
  ['transfers', 'org_path'],
  ['transfers', 'to_org_path'],
  ['flowing_records', 'org_path'],
  ['flowing_reports', 'org_path'],
  ['community_registrations', 'org_path'],
  ['community_registrations', 'community_org_path'],
  ['community_service', 'org_path'],
  ['mentor_pairs', 'org_path'],
  ['reserve_cadres', 'org_path'],
  ['reserve_cadre_records', 'org_path'],
  ['care_records', 'org_path'],
  ['meetings', 'org_path'],
  ['meeting_types', 'org_path'],
  ['meeting_attendance', 'org_path'],
  ['meeting_votes', 'org_path'],
] as const;
