import { z } from 'zod';
import { id, isoDate, pagination, version } from '../../lib/schema.ts';
import { ABSENCE_DECISIONS, HANDLING_MEASURES, REVIEW_GRADES } from '../../policy/reviews.ts';

const grade = z.enum(REVIEW_GRADES);
const score = z.number().int().min(0).max(100);
const year = z.number().int().min(2000).max(2100);

export const createReviewBody = z.strictObject({ orgId: id, year, startsOn: isoDate, endsOn: isoDate, meetingId: id.nullable().optional() });
export const updateReviewBody = z.strictObject({ version, endsOn: isoDate.optional(), meetingId: id.nullable().optional() });

export const entryParams = z.strictObject({ id, memberId: id });
export const updateEntryBody = z.strictObject({
  version,
  selfAssessment: z.string().trim().max(5000).nullable().optional(),
  peerScore: score.nullable().optional(),
  peerGrade: grade.nullable().optional(),
  democraticScore: score.nullable().optional(),
  democraticGrade: grade.nullable().optional(),
  proposedGrade: grade.nullable().optional(),
  finalGrade: grade.nullable().optional(),
});

export const closeReviewBody = z.strictObject({
  version,
  handlings: z.array(z.strictObject({ memberId: id, measure: z.enum(HANDLING_MEASURES), deadline: isoDate })).max(5000).default([]),
});

export const listQuery = z.strictObject({ orgId: id, year: z.coerce.number().int().min(2000).max(2100).optional(), ...pagination });
export const handlingsQuery = z.strictObject({ orgId: id, status: z.enum(['open', 'closed']).optional() });
export const outcomeBody = z.strictObject({ version, outcome: z.string().trim().min(1).max(2000), outcomeOn: isoDate });

const summaryFields = {
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  year: z.number().int(),
  startsOn: z.string(),
  endsOn: z.string(),
  meetingId: z.string().nullable(),
  status: z.enum(['open', 'closed']),
  closedOn: z.string().nullable(),
  ruleId: z.string(),
  reviewed: z.number().int(),
  excellentCap: z.number().int(),
  excellentCapCite: z.string(),
  proposedExcellent: z.number().int(),
  finalExcellent: z.number().int(),
  finalGiven: z.number().int(),
  unqualified: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
};
export const reviewSummary = z.object(summaryFields).meta({ id: 'MemberReviewSummary' });
export const reviewPage = z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(reviewSummary) });

export const entryView = z
  .object({
    memberId: z.string(),
    name: z.string(),
    memberStatus: z.enum(['full', 'probationary']),
    selfAssessment: z.string().nullable(),
    peerScore: z.number().int().nullable(),
    peerGrade: grade.nullable(),
    democraticScore: z.number().int().nullable(),
    democraticGrade: grade.nullable(),
    proposedGrade: grade.nullable(),
    finalGrade: grade.nullable(),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'MemberReviewEntry' });

export const handlingView = z
  .object({
    id: z.string(),
    reviewId: z.string(),
    orgId: z.string(),
    orgName: z.string(),
    year: z.number().int(),
    memberId: z.string(),
    name: z.string(),
    measure: z.enum(HANDLING_MEASURES),
    deadline: z.string(),
    status: z.enum(['open', 'closed']),
    overdue: z.boolean(),
    outcome: z.string().nullable(),
    outcomeOn: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'MemberReviewHandling' });

export const reviewView = z
  .object({ ...summaryFields, entries: z.array(entryView), handlings: z.array(handlingView), handlingCite: z.string() })
  .meta({ id: 'MemberReview' });

export const absenceQuery = z.strictObject({ asOf: isoDate.optional() });
const decisionView = z.object({
  id: z.string(),
  decision: z.enum(ABSENCE_DECISIONS),
  note: z.string().nullable(),
  asOf: z.string(),
  firstMonth: z.string(),
  lastMonth: z.string(),
  decidedBy: z.string().nullable(),
  createdAt: z.string(),
});
export const absenceView = z
  .object({
    orgId: z.string(),
    asOf: z.string(),
    threshold: z.number().int(),
    rule: z.object({ id: z.string(), cite: z.string() }),
    members: z.array(
      z.object({
        memberId: z.string(),
        name: z.string(),
        orgId: z.string(),
        orgName: z.string(),
        status: z.enum(['full', 'probationary']),
        idNumber: z.string(),
        phone: z.string().nullable(),
        firstMonth: z.string(),
        lastMonth: z.string(),
        months: z.number().int(),
        spanMonths: z.number().int(),
        ongoing: z.boolean(),
        decision: decisionView.nullable(),
      }),
    ),
  })
  .meta({ id: 'AbsenceSignal' });
export const decisionBody = z.strictObject({ memberId: id, asOf: isoDate.optional(), decision: z.enum(ABSENCE_DECISIONS), note: z.string().trim().max(1000).nullable().optional() });
export const decisionResponse = decisionView;
