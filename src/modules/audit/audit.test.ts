import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { CONSOLE_ACTOR, SYSTEM_ACTOR } from '../../lib/actor.ts';
import { startTestApp, type TestApp } from '../../test/api.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  const root = await t.createRoot();
  for (let i = 0; i < 5; i += 1) {
    await t.services.orgs.create(CONSOLE_ACTOR, { parentId: root.id, code: `B${i}`, name: `支部${i}`, kind: 'branch', domain: 'rural' });
  }
});
afterAll(async () => {
  await t.close();
});

const rowCount = async () =>
  Number((await t.handle.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('audit trail', () => {
  test('rows chain from the genesis and verify', async () => {
    const result = await t.services.audit.verify();
    expect(result).toMatchObject({ ok: true, checked: 6, anchor: 'genesis', firstBad: null });
  });

  test('a write that fails leaves no audit row: the row shares the transaction', async () => {
    const before = await rowCount();
    await expect(
      t.services.orgs.create(CONSOLE_ACTOR, { parentId: null, code: 'X', name: 'x', kind: 'party_committee', domain: 'rural' }),
    ).rejects.toThrow();
    expect(await rowCount()).toBe(before);
  });

  test('the prune removes rows past the retention, records itself, and the chain still verifies', async () => {
    const inAYear = new Date(Date.now() + 365 * 86_400_000);
    const deleted = await t.services.audit.prune(SYSTEM_ACTOR, 180, inAYear);
    expect(deleted).toBe(6);
    const rows = await t.handle.db.selectFrom('audit_log').select(['action', 'summary']).execute();
    expect(rows.map((r) => r.action)).toEqual(['audit.prune']);
    expect(JSON.parse(rows[0]?.summary ?? '{}')).toMatchObject({ retentionDays: 180, deleted: 6 });
    await t.services.orgs.create(CONSOLE_ACTOR, {
      parentId: (await t.services.orgs.home(CONSOLE_ACTOR)).id,
      code: 'AFTER',
      name: '之后',
      kind: 'branch',
      domain: 'rural',
    });
    expect(await t.services.audit.verify()).toMatchObject({ ok: true, checked: 2, anchor: 'prune' });
  });

  test('rows cut by hand from the start of the chain are detected', async () => {
    await sql`delete from audit_log where seq = (select min(seq) from audit_log)`.execute(t.handle.db);
    const result = await t.services.audit.verify();
    expect(result.ok).toBe(false);
    expect(result.firstBad?.reason).toBe('link_broken');
  });

  test('a row cut from the middle is detected at the row after it', async () => {
    const fresh = await startTestApp();
    const root = await fresh.createRoot();
    for (let i = 0; i < 4; i += 1) {
      await fresh.services.orgs.create(CONSOLE_ACTOR, { parentId: root.id, code: `M${i}`, name: `m${i}`, kind: 'branch', domain: 'rural' });
    }
    const seqs = (await fresh.handle.db.selectFrom('audit_log').select('seq').orderBy('seq').execute()).map((r) => Number(r.seq));
    await fresh.handle.db.deleteFrom('audit_log').where('seq', '=', seqs[2] ?? 0).execute();
    const result = await fresh.services.audit.verify();
    expect(result.firstBad).toMatchObject({ seq: seqs[3], reason: 'link_broken' });
    await fresh.close();
  });
});
