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
}

export interface Database {
  orgs: OrgTable;
  org_committee_members: OrgCommitteeMemberTable;
  org_terms: OrgTermTable;
  audit_log: AuditLogTable;
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
