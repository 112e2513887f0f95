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
  /**
   * 'active'; 'transferred_out' once a letter out of the installation was received; 'probation_cancelled' once the
   * conversion was approved as 取消预备党员资格 (the person leaves the roster, the record and its history stay).
   */
  membership: 'active' | 'transferred_out' | 'probation_cancelled';
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

/** A photo or file attached to a meeting's minutes; the bytes are in meeting_file_contents. */
export interface MeetingFileTable {
  id: string;
  meeting_id: string;
  org_path: string;
  /** The name the file was uploaded under. */
  file_name: string;
  content_type: string;
  kind: 'photo' | 'document';
  size_bytes: number;
  /** Hex SHA-256 of the bytes: the audit row names the file by it. */
  sha256: string;
  uploaded_by: string | null;
  created_at: string;
}

export interface MeetingFileContentTable {
  file_id: string;
  org_path: string;
  content: Buffer;
}

/** 民主评议党员: one review per branch and year. */
export interface MemberReviewTable {
  id: string;
  org_id: string;
  org_path: string;
  year: number;
  /** The review's first day: its members are the branch's roster on this date. */
  starts_on: string;
  ends_on: string;
  /** The meeting record (counting as 民主评议党员) the review was held at. */
  meeting_id: string | null;
  status: 'open' | 'closed';
  /** The rule version (policy/reviews.ts) the review is judged by. */
  rule_id: string;
  closed_on: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A member reviewed: the three assessments and the grades (policy/reviews.ts REVIEW_GRADES). */
export interface MemberReviewEntryTable {
  review_id: string;
  member_id: string;
  org_path: string;
  /** Full or probationary on the review's first day. */
  member_status: 'full' | 'probationary';
  self_assessment: string | null;
  peer_score: number | null;
  peer_grade: string | null;
  democratic_score: number | null;
  democratic_grade: string | null;
  proposed_grade: string | null;
  final_grade: string | null;
  version: number;
  updated_at: string;
}

/** 组织处置 of a member graded 不合格: the measure, its deadline, and the outcome recorded later. */
export interface MemberReviewHandlingTable {
  id: string;
  review_id: string;
  member_id: string;
  org_path: string;
  measure: 'rectify' | 'persuade_to_withdraw' | 'expel';
  deadline: string;
  status: 'open' | 'closed';
  outcome: string | null;
  outcome_on: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** What people decided on a 党章第九条 absence signal (the system only flags). */
export interface AbsenceDecisionTable {
  id: string;
  member_id: string;
  org_path: string;
  first_month: string;
  last_month: string;
  months: number;
  as_of: string;
  decision: 'talked_to' | 'handled' | 'no_action';
  note: string | null;
  decided_by: string | null;
  created_at: string;
}

/** An election (换届选举) of an org's committee at its general meeting. */
export interface ElectionTable {
  id: string;
  org_id: string;
  org_path: string;
  /** The 支部党员大会 that held it; null for a 总支 or 党委 (counts entered with the ballots). */
  meeting_id: string | null;
  held_on: string;
  seats: number;
  state: 'draft' | 'counted' | 'confirmed' | 'cancelled';
  /** The 差额 percentage in force when the candidates were set. */
  margin_percent: number | null;
  /** The election rule version (policy/elections.ts) in force on held_on. */
  rule_id: string;
  /** JSON [{memberId, reason}]: voting members excluded from 应到 with approval. */
  exclusions: string;
  should_attend: number | null;
  present: number | null;
  quorate: number | null;
  vote_rule_id: string | null;
  vote_cite: string | null;
  approved_on: string | null;
  approved_by_org_id: string | null;
  /** The term the confirmed election started. */
  term_id: string | null;
  confirmed_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ElectionCandidateTable {
  election_id: string;
  member_id: string;
  org_path: string;
  /** The name on the ballot (kept as it was on the day). */
  name: string;
  seq: number;
  votes: number | null;
  result: 'elected' | 'not_elected' | 'tie' | null;
  /** The post named at confirmation: secretary, deputy_secretary or member. */
  position: 'secretary' | 'deputy_secretary' | 'member' | null;
}

/** An approved postponement of a term's end (延期换届). */
export interface TermPostponementTable {
  id: string;
  term_id: string;
  org_id: string;
  org_path: string;
  previous_ends_on: string;
  new_ends_on: string;
  approved_by_org_id: string;
  approved_on: string;
  reason: string;
  rule_id: string;
  created_at: string;
}

/** A locality's meeting cadences for its subtree (policy/meetings.ts MeetingOverrides as JSON). */
export interface MeetingRuleOverrideTable {
  org_id: string;
  org_path: string;
  overrides: string;
  version: number;
  updated_at: string;
}

/** A member's dues base (党费计算基数) from its effective month until a later base takes over. */
export interface DuesBaseTable {
  id: string;
  member_id: string;
  /** The member's branch when the base was recorded. */
  org_id: string;
  org_path: string;
  /** 'YYYY-MM'. */
  effective_month: string;
  category: string;
  monthly_income_fen: number | null;
  /** JSON array of the previous quarter's three monthly incomes (self-employed). */
  quarter_incomes_fen: string | null;
  farmer_amount_fen: number | null;
  hardship_kind: 'reduced' | 'exempt' | null;
  hardship_amount_fen: number | null;
  hardship_reason: string | null;
  /** The branch's decision. */
  hardship_decided_on: string | null;
  /** Last month the hardship applies ('YYYY-MM'); null: until the next base. */
  hardship_until_month: string | null;
  /** Approval one level up: only an approved hardship changes the amount due. */
  hardship_status: 'pending' | 'approved' | 'refused' | null;
  hardship_reviewed_on: string | null;
  hardship_reviewed_by_org_id: string | null;
  /** The branch's consent to quarterly payment. */
  quarterly_consent_on: string | null;
  note: string | null;
  recorded_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** One act of paying dues, an extra payment, or the reversal of one (corrections never edit). */
export interface DuesPaymentTable {
  id: string;
  member_id: string;
  /** The collecting branch. */
  org_id: string;
  org_path: string;
  kind: 'dues' | 'extra' | 'reversal';
  paid_on: string;
  /** 'YYYY-MM' of paid_on: the book it is recorded in. */
  ledger_month: string;
  method: 'cash' | 'transfer' | 'online' | null;
  collected_by: string | null;
  provider: string | null;
  external_reference: string | null;
  total_fen: number;
  is_quarterly: number;
  /** JSON array of warnings stored with the payment (e.g. a back payment beyond six months). */
  warnings: string;
  note: string | null;
  reverses_payment_id: string | null;
  recorded_by: string | null;
  created_at: string;
}

/** A ledger line: the part of a payment that settles one dues month (negative on a reversal). */
export interface DuesEntryTable {
  id: string;
  payment_id: string;
  member_id: string;
  org_id: string;
  org_path: string;
  kind: 'dues' | 'extra';
  for_month: string;
  ledger_month: string;
  amount_fen: number;
  is_reversal: number;
  due_fen: number | null;
  rule_id: string | null;
  remit_to_centre: number;
  created_at: string;
}

/** The due of a member-month, frozen when the branch closed the month. */
export interface DuesChargeTable {
  member_id: string;
  month: string;
  org_id: string;
  org_path: string;
  base_id: string;
  due_fen: number;
  rate_basis_points: number | null;
  rule_id: string;
  created_at: string;
}

/** A branch's closed month: the book's totals as they were when it closed. */
export interface DuesCloseTable {
  org_id: string;
  month: string;
  org_path: string;
  collected_fen: number;
  dues_fen: number;
  extra_fen: number;
  centre_fen: number;
  payments: number;
  charged_fen: number;
  members: number;
  remittance_id: string | null;
  closed_by: string | null;
  closed_at: string;
}

/** Money a branch handed to its superior committee for closed months; it equals their books to the fen. */
export interface DuesRemittanceTable {
  id: string;
  org_id: string;
  org_path: string;
  to_org_id: string;
  /** JSON array of 'YYYY-MM'. */
  months: string;
  amount_fen: number;
  dues_fen: number;
  extra_fen: number;
  centre_fen: number;
  remitted_on: string;
  reference: string | null;
  recorded_by: string | null;
  created_at: string;
}

/** What people decided on a six-month unpaid flag (党章第九条): the system only flags. */
export interface DuesLapseDecisionTable {
  id: string;
  member_id: string;
  org_id: string;
  org_path: string;
  streak_from: string;
  streak_to: string;
  outcome: 'justified' | 'reminded' | 'lapsed';
  decided_on: string;
  note: string | null;
  recorded_by: string | null;
  created_at: string;
}

/** The stored answer of a payment request, by the caller's Idempotency-Key. */
export interface DuesIdempotencyKeyTable {
  account_id: string;
  key: string;
  request_hash: string;
  status_code: number;
  response: string;
  created_at: string;
}

/** A recruitment case (发展党员): one person, handled by one branch, moving through the 25 steps. */
export interface RecruitmentCaseTable {
  id: string;
  org_id: string;
  org_path: string;
  name: string;
  sex: 'male' | 'female';
  ethnicity: string | null;
  birth_date: string;
  id_number_enc: string;
  id_number_index: string;
  phone_enc: string | null;
  education: string | null;
  work_unit: string | null;
  state: 'applicant' | 'activist' | 'target' | 'probationary' | 'full' | 'cancelled';
  /** 1–5: the stage of the leading next step. */
  stage: number;
  next_step: string | null;
  next_due_on: string | null;
  last_step_on: string | null;
  /** The member record made on approval of the admission. */
  member_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface RecruitmentStepTable {
  id: string;
  case_id: string;
  org_path: string;
  step: string;
  done_on: string;
  meeting_id: string | null;
  vote_id: string | null;
  /** The higher committee that decided or received the step. */
  committee_org_id: string | null;
  /** JSON of the step's facts (training, conclusion, outcome, extension, note). */
  details: string;
  /** The rule version in force on done_on. */
  rule_version: string | null;
  account_id: string | null;
  created_at: string;
}

export interface RecruitmentActorTable {
  id: string;
  case_id: string;
  step_id: string;
  org_path: string;
  role: string;
  member_id: string | null;
  person_name: string;
  created_at: string;
}

export interface RecruitmentDocumentTable {
  id: string;
  case_id: string;
  step_id: string | null;
  org_path: string;
  kind: string;
  title: string;
  /** e.g. the 入党志愿书 number. */
  number: string | null;
  dated_on: string | null;
  note: string | null;
  created_at: string;
}

export interface RecruitmentPublicityTable {
  id: string;
  case_id: string;
  org_path: string;
  subject_step: string;
  starts_on: string;
  ends_on: string;
  working_days: number;
  content: string | null;
  created_at: string;
}

export interface RecruitmentObjectionTable {
  id: string;
  publicity_id: string;
  case_id: string;
  org_path: string;
  received_on: string;
  content: string;
  resolved_on: string | null;
  resolution: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** Findings stored on a case when a step was recorded (soft ones live) or imported (all). */
export interface RecruitmentWarningTable {
  id: string;
  case_id: string;
  step_id: string | null;
  org_path: string;
  code: string;
  severity: 'hard' | 'soft';
  rule_id: string;
  cite: string;
  message: string;
  /** JSON of the dates compared. */
  dates: string;
  created_at: string;
}

/** 留党察看 periods: ends_on is the day rights were restored (null while still under it). */
export interface MemberDisciplinaryProbationTable {
  id: string;
  member_id: string;
  org_path: string;
  starts_on: string;
  ends_on: string | null;
  note: string | null;
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
  meeting_rule_overrides: MeetingRuleOverrideTable;
  elections: ElectionTable;
  election_candidates: ElectionCandidateTable;
  term_postponements: TermPostponementTable;
  meeting_files: MeetingFileTable;
  meeting_file_contents: MeetingFileContentTable;
  member_reviews: MemberReviewTable;
  member_review_entries: MemberReviewEntryTable;
  member_review_handlings: MemberReviewHandlingTable;
  absence_decisions: AbsenceDecisionTable;
  dues_bases: DuesBaseTable;
  dues_payments: DuesPaymentTable;
  dues_entries: DuesEntryTable;
  dues_charges: DuesChargeTable;
  dues_closes: DuesCloseTable;
  dues_remittances: DuesRemittanceTable;
  dues_lapse_decisions: DuesLapseDecisionTable;
  dues_idempotency_keys: DuesIdempotencyKeyTable;
  recruitment_cases: RecruitmentCaseTable;
  recruitment_steps: RecruitmentStepTable;
  recruitment_actors: RecruitmentActorTable;
  recruitment_documents: RecruitmentDocumentTable;
  recruitment_publicity: RecruitmentPublicityTable;
  recruitment_objections: RecruitmentObjectionTable;
  recruitment_warnings: RecruitmentWarningTable;
  member_disciplinary_probations: MemberDisciplinaryProbationTable;
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
  ['meeting_rule_overrides', 'org_path'],
  ['meeting_files', 'org_path'],
  ['meeting_file_contents', 'org_path'],
  ['member_reviews', 'org_path'],
  ['member_review_entries', 'org_path'],
  ['member_review_handlings', 'org_path'],
  ['absence_decisions', 'org_path'],
  ['elections', 'org_path'],
  ['election_candidates', 'org_path'],
  ['term_postponements', 'org_path'],
  ['dues_bases', 'org_path'],
  ['dues_payments', 'org_path'],
  ['dues_entries', 'org_path'],
  ['dues_charges', 'org_path'],
  ['dues_closes', 'org_path'],
  ['dues_remittances', 'org_path'],
  ['dues_lapse_decisions', 'org_path'],
  ['recruitment_cases', 'org_path'],
  ['recruitment_steps', 'org_path'],
  ['recruitment_actors', 'org_path'],
  ['recruitment_documents', 'org_path'],
  ['recruitment_publicity', 'org_path'],
  ['recruitment_objections', 'org_path'],
  ['recruitment_warnings', 'org_path'],
  ['member_disciplinary_probations', 'org_path'],
] as const;
