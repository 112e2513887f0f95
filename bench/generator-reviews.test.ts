import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../src/db/test-db.ts';
import type { DbHandle } from '../src/db/create-db.ts';
import { CONSOLE_ACTOR } from '../src/lib/actor.ts';
import { createCryptoProvider } from '../src/lib/crypto/provider.ts';
import { AuditTrail } from '../src/modules/audit/audit.service.ts';
import { ReviewService } from '../src/modules/reviews/reviews.service.ts';
import { excellentCap, reviewRulesOn } from '../src/policy/reviews.ts';
import { DEFAULT_STEPS, generateCounty, populate } from './generator.ts';
import { reviewsStep } from './generator-reviews.ts';

const TODAY = '2026-03-15';
let handle: DbHandle;

beforeAll(async () => {
  handle = await createTestDb();
  const crypto = createCryptoProvider('intl', randomBytes(32));
  const tree = generateCounty({ seed: 7, size: 1, today: TODAY });
  await populate(handle.db, tree, { crypto, steps: [...DEFAULT_STEPS, reviewsStep] });
});
afterAll(async () => {
  await handle.close();
});

describe('demo member reviews', () => {
  it("reviews nearly every branch on last year's roster, 优秀 within the cap, 不合格 handled", async () => {
    const reviews = await handle.db.selectFrom('member_reviews').selectAll().execute();
    const branches = await handle.db.selectFrom('members').select('org_id').distinct().execute();
    expect(reviews.length).toBeGreaterThan(branches.length * 0.8);
    const rules = reviewRulesOn(TODAY).rules;
    let graded = 0;
    for (const review of reviews) {
      expect(review.year).toBe(2025);
      const entries = await handle.db.selectFrom('member_review_entries').selectAll().where('review_id', '=', review.id).execute();
      const roster = await handle.db.selectFrom('members').select('id').where('org_id', '=', review.org_id).where('joined_on', '<=', review.starts_on).execute();
      expect(entries.map((e) => e.member_id).sort()).toEqual(roster.map((r) => r.id).sort());
      const cap = excellentCap(entries.length, rules);
      expect(entries.filter((e) => e.proposed_grade === 'excellent').length).toBeLessThanOrEqual(cap);
      if (review.status !== 'closed') continue;
      graded += entries.length;
      expect(entries.every((e) => e.final_grade !== null)).toBe(true);
      const unqualified = entries.filter((e) => e.final_grade === 'unqualified').map((e) => e.member_id).sort();
      const handlings = await handle.db.selectFrom('member_review_handlings').select('member_id').where('review_id', '=', review.id).execute();
      expect(handlings.map((h) => h.member_id).sort()).toEqual(unqualified);
    }
    expect(graded).toBeGreaterThan(0);
    const grades = await handle.db.selectFrom('member_review_entries').select((eb) => ['final_grade', eb.fn.countAll<number | string>().as('n')]).groupBy('final_grade').execute();
    const count = (g: string) => Number(grades.find((r) => r.final_grade === g)?.n ?? 0);
    expect(count('qualified')).toBeGreaterThan(count('excellent'));
    expect(count('excellent')).toBeGreaterThan(0);
  });

  it('the review service reads a generated review', async () => {
    const review = await handle.db.selectFrom('member_reviews').select('id').where('status', '=', 'closed').executeTakeFirstOrThrow();
    const service = new ReviewService(handle.db, new AuditTrail(handle.db, createCryptoProvider('intl', randomBytes(32))), () => new Date(`${TODAY}T04:00:00Z`));
    const view = await service.get(CONSOLE_ACTOR, review.id);
    expect(view.finalExcellent).toBeLessThanOrEqual(view.excellentCap);
    expect(view.entries.length).toBe(view.reviewed);
  });
});
