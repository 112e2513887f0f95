/** Typed calls to the member review and absence-signal API; the shapes come from the server's own zod schemas. */
import type { z } from 'zod';
import type * as schema from '../../../../src/modules/reviews/reviews.schema.ts';
import { api } from '../../api.ts';

export type Review = z.infer<typeof schema.reviewView>;
export type ReviewSummary = z.infer<typeof schema.reviewSummary>;
export type ReviewPage = z.infer<typeof schema.reviewPage>;
export type ReviewEntry = z.infer<typeof schema.entryView>;
export type ReviewGrade = NonNullable<ReviewEntry['finalGrade']>;
export type Handling = z.infer<typeof schema.handlingView>;
export type HandlingMeasure = Handling['measure'];
export type AbsenceSignal = z.infer<typeof schema.absenceView>;
export type AbsenceMember = AbsenceSignal['members'][number];
export type AbsenceDecision = NonNullable<AbsenceMember['decision']>['decision'];
export type CreateReviewInput = z.input<typeof schema.createReviewBody>;
export type EntryInput = z.input<typeof schema.updateEntryBody>;
export type CloseInput = z.input<typeof schema.closeReviewBody>;
export type DecisionInput = z.input<typeof schema.decisionBody>;

export const REVIEW_GRADES: readonly ReviewGrade[] = ['excellent', 'qualified', 'basically_qualified', 'unqualified'];
export const HANDLING_MEASURES: readonly HandlingMeasure[] = ['rectify', 'persuade_to_withdraw', 'expel'];
export const ABSENCE_DECISIONS: readonly AbsenceDecision[] = ['talked_to', 'handled', 'no_action'];

/** The few fields of a meeting record the link needs. */
export interface MeetingChoice {
  id: string;
  heldOn: string;
  topic: string | null;
}

const review = (id: string) => `/reviews/${encodeURIComponent(id)}`;

export const reviewsApi = {
  list: (orgId: string, page: number, pageSize: number) => api.get<ReviewPage>('/reviews', { orgId, page, pageSize }),
  get: (id: string) => api.get<Review>(review(id)),
  create: (input: CreateReviewInput) => api.post<Review>('/reviews', input),
  update: (id: string, input: { version: number; endsOn?: string; meetingId?: string | null }) => api.patch<Review>(review(id), input),
  updateEntry: (id: string, memberId: string, input: EntryInput) => api.patch<ReviewEntry>(`${review(id)}/entries/${encodeURIComponent(memberId)}`, input),
  close: (id: string, input: CloseInput) => api.post<Review>(`${review(id)}/close`, input),
  handlings: (orgId: string, status?: 'open' | 'closed') => api.get<Handling[]>('/reviews/handlings', { orgId, status }),
  recordOutcome: (id: string, input: { version: number; outcome: string; outcomeOn: string }) => api.patch<Handling>(`/reviews/handlings/${encodeURIComponent(id)}`, input),
  /** The branch's meetings counting as 民主评议党员 between the two dates. */
  reviewMeetings: (orgId: string, from: string, to: string) =>
    api.get<{ items: MeetingChoice[] }>('/meetings', { orgId, type: 'member_review', from, to, pageSize: 50 }).then((page) => page.items),
  absence: (orgId: string, asOf?: string) => api.get<AbsenceSignal>(`/orgs/${encodeURIComponent(orgId)}/absence-signal`, { asOf }),
  decide: (input: DecisionInput) => api.post<unknown>('/absence-signal/decisions', input),
};
