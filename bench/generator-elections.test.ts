import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../src/db/test-db.ts';
import type { DbHandle } from '../src/db/create-db.ts';
import { createCryptoProvider } from '../src/lib/crypto/provider.ts';
import { minCandidates } from '../src/policy/elections.ts';
import { DEFAULT_STEPS, generateCounty, populate } from './generator.ts';
import { electionsStep } from './generator-elections.ts';

const TODAY = '2026-11-15';
let handle: DbHandle;

beforeAll(async () => {
  handle = await createTestDb();
  const crypto = createCryptoProvider('intl', randomBytes(32));
  const tree = generateCounty({ seed: 11, size: 1, today: TODAY });
  await populate(handle.db, tree, { crypto, steps: [...DEFAULT_STEPS, electionsStep] });
});
afterAll(async () => {
  await handle.close();
});

describe('demo elections', () => {
  it("record the election behind each of this year's branch terms, with a margin, a count within the ballots, and the committee installed", async () => {
    const elections = await handle.db.selectFrom('elections').selectAll().execute();
    expect(elections.length).toBeGreaterThan(0);
    const confirmed = elections.filter((e) => e.state === 'confirmed');
    expect(confirmed.length).toBeGreaterThan(0);
    for (const e of elections) {
      expect(e.held_on >= '2026-01-01').toBe(true);
      const candidates = await handle.db.selectFrom('election_candidates').selectAll().where('election_id', '=', e.id).execute();
      expect(candidates.length).toBeGreaterThanOrEqual(minCandidates(e.seats, e.margin_percent ?? 20));
      const total = candidates.reduce((sum, c) => sum + (c.votes ?? 0), 0);
      expect(candidates.every((c) => (c.votes ?? 0) <= (e.present ?? 0))).toBe(true);
      expect(total).toBeLessThanOrEqual((e.present ?? 0) * e.seats);
      expect((e.present ?? 0) * 5).toBeGreaterThan((e.should_attend ?? 0) * 4);
      const term = await handle.db.selectFrom('org_terms').selectAll().where('org_id', '=', e.org_id).where('is_current', '=', 1).executeTakeFirstOrThrow();
      expect(term.started_on).toBe(e.held_on);
      if (e.state !== 'confirmed') continue;
      expect(e.term_id).toBe(term.id);
      const posts = await handle.db.selectFrom('org_committee_members').selectAll().where('org_id', '=', e.org_id).where('ended_on', 'is', null).execute();
      const elected = candidates.filter((c) => c.result === 'elected');
      expect(posts.map((p) => p.person_name).sort()).toEqual(elected.map((c) => c.name).sort());
      expect(posts.filter((p) => p.position === 'secretary')).toHaveLength(1);
      expect(posts.every((p) => p.started_on === e.approved_on)).toBe(true);
    }
  });
});
