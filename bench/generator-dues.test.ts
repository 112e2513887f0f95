import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../src/db/create-db.ts';
import { createTestDb } from '../src/db/test-db.ts';
import { SYSTEM_ACTOR } from '../src/lib/actor.ts';
import { createCryptoProvider } from '../src/lib/crypto/provider.ts';
import { createServices, type Services } from '../src/server/app.ts';
import { duesStep, duesWindow } from './generator-dues.ts';
import { committeeStep, generateCounty, membersStepOf, orgsStep, populate, type GeneratedTree } from './generator.ts';

const TODAY = '2026-03-15';
const { first, current } = duesWindow(TODAY);

let handle: DbHandle;
let tree: GeneratedTree;
let services: Services;

beforeAll(async () => {
  handle = await createTestDb();
  tree = generateCounty({ seed: 5, size: 1, today: TODAY });
  const crypto = createCryptoProvider('intl', randomBytes(32));
  await populate(handle.db, tree, { crypto, steps: [orgsStep, committeeStep, membersStepOf({ scale: 0.3 }), duesStep] });
  services = createServices(handle, crypto, () => new Date(`${TODAY}T04:00:00Z`));
}, 180_000);
afterAll(async () => {
  await handle.close();
});

const num = (v: unknown) => Number(v);

describe('a year of party dues', () => {
  it('gives every active member a base from the month they owe from, in plausible categories', async () => {
    const members = await handle.db.selectFrom('members').select(['id', 'joined_on']).where('membership', '=', 'active').execute();
    const bases = await handle.db.selectFrom('dues_bases').select(['member_id', 'effective_month', 'category', 'hardship_status']).execute();
    const byMember = new Map<string, string[]>();
    for (const b of bases) byMember.set(b.member_id, [...(byMember.get(b.member_id) ?? []), b.effective_month]);
    for (const m of members) {
      const months = (byMember.get(m.id) ?? []).sort();
      expect(months.length).toBeGreaterThan(0);
      expect(months[0]).toBe(m.joined_on.slice(0, 7) > first ? m.joined_on.slice(0, 7) : first);
    }
    const categories = new Set(bases.map((b) => b.category));
    for (const c of ['in_service', 'retired', 'farmer']) expect(categories).toContain(c);
    expect(bases.some((b) => b.hardship_status === 'approved')).toBe(true);
    // The January re-declaration: most earners, not all.
    const declarations = await services.dues.declarations(SYSTEM_ACTOR, tree.orgs[0]?.id ?? '', 2026);
    expect(declarations.declared).toBeGreaterThan(0);
    expect(declarations.undeclared.length).toBeGreaterThan(0);
  });

  it('closes books the service reads back to the fen, and remittances that reconcile with them', async () => {
    const closes = await handle.db.selectFrom('dues_closes').selectAll().orderBy('org_id').orderBy('month').execute();
    expect(closes.length).toBeGreaterThan(100);
    for (const c of closes) {
      expect(c.month >= first && c.month < current).toBe(true);
      const book = await handle.db
        .selectFrom('dues_entries')
        .select((eb) => eb.fn.sum<number | string>('amount_fen').as('total'))
        .where('org_id', '=', c.org_id)
        .where('ledger_month', '=', c.month)
        .executeTakeFirstOrThrow();
      expect(num(book.total ?? 0)).toBe(num(c.collected_fen));
    }
    const remittances = await handle.db.selectFrom('dues_remittances').selectAll().execute();
    expect(remittances.length).toBeGreaterThan(0);
    for (const r of remittances) {
      const months = JSON.parse(r.months) as string[];
      const covered = closes.filter((c) => c.org_id === r.org_id && months.includes(c.month));
      expect(covered.length).toBe(months.length);
      expect(covered.every((c) => c.remittance_id === r.id)).toBe(true);
      expect(covered.reduce((a, c) => a + num(c.collected_fen), 0)).toBe(num(r.amount_fen));
      expect(r.remitted_on <= TODAY).toBe(true);
    }
    // The service's sheet of a sample of closed months: read-only, each member's due frozen, the book equal to the close.
    for (const c of closes.filter((_c, i) => i % 97 === 0)) {
      const sheet = await services.dues.sheet(SYSTEM_ACTOR, c.org_id, c.month);
      expect(sheet.closed).not.toBeNull();
      expect(sheet.book.collectedFen).toBe(num(c.collected_fen));
      expect(sheet.totals.dueFen).toBe(num(c.charged_fen));
      expect(sheet.rows.every((r) => r.frozen && !r.baseMissing)).toBe(true);
    }
  });

  it('reconciles a year from member to branch to county', async () => {
    const root = tree.orgs[0];
    if (!root) throw new Error('no root');
    const county = await services.dues.report(SYSTEM_ACTOR, root.id, { year: 2025 });
    const sum = (rows: readonly { paidFen: number; dueFen: number; collectedFen: number }[], key: 'paidFen' | 'dueFen' | 'collectedFen') => rows.reduce((a, r) => a + r[key], 0);
    for (const key of ['paidFen', 'dueFen', 'collectedFen'] as const) expect(sum(county.children, key)).toBe(county.totals[key]);
    expect(county.totals.rateBasisPoints).toBeGreaterThan(8_500);
    expect(county.totals.rateBasisPoints).toBeLessThan(10_000);
    const branch = await handle.db.selectFrom('dues_closes').select('org_id').orderBy('org_id').executeTakeFirstOrThrow();
    const ofBranch = await services.dues.report(SYSTEM_ACTOR, branch.org_id, { year: 2025 });
    expect(ofBranch.members.length).toBeGreaterThan(0);
    for (const key of ['paidFen', 'dueFen'] as const) expect(sum(ofBranch.members, key)).toBe(ofBranch.totals[key]);
  });

  it('leaves realistic arrears: a few members six months unpaid, flagged under 党章第九条', async () => {
    const root = tree.orgs[0];
    if (!root) throw new Error('no root');
    const arrears = await services.dues.arrears(SYSTEM_ACTOR, root.id);
    const members = arrears.branches.flatMap((b) => b.members);
    expect(arrears.flaggedCount).toBeGreaterThanOrEqual(3);
    expect(members.length).toBeGreaterThan(arrears.flaggedCount);
    const active = await handle.db.selectFrom('members').select((eb) => eb.fn.countAll<number | string>().as('n')).where('membership', '=', 'active').executeTakeFirstOrThrow();
    expect(members.length).toBeLessThan(num(active.n) * 0.3);
  });

  it('records the payments real branches make: quarters, back payments with the warning, corrections, gifts to the Centre', async () => {
    const payments = await handle.db.selectFrom('dues_payments').select(['kind', 'is_quarterly', 'warnings', 'paid_on', 'method', 'external_reference']).execute();
    expect(payments.every((p) => p.paid_on <= TODAY)).toBe(true);
    expect(payments.some((p) => p.is_quarterly === 1)).toBe(true);
    expect(payments.some((p) => p.kind === 'reversal')).toBe(true);
    expect(payments.some((p) => p.warnings.includes('dues.back_payment_beyond_limit'))).toBe(true);
    expect(payments.some((p) => p.warnings.includes('dues.remit_to_centre'))).toBe(true);
    expect(payments.filter((p) => p.method === 'online' && p.kind !== 'reversal').every((p) => p.external_reference !== null)).toBe(true);
  });

  it('lets the service go on: the open month closes, a closed month is remitted at its exact amount', async () => {
    const open = await handle.db.selectFrom('dues_closes').select(['org_id', 'month', 'collected_fen']).where('remittance_id', 'is', null).orderBy('org_id').orderBy('month').executeTakeFirst();
    if (open) {
      const remitted = await services.dues.remit(SYSTEM_ACTOR, open.org_id, { months: [open.month], amountFen: num(open.collected_fen), remittedOn: TODAY });
      expect(remitted.amountFen).toBe(num(open.collected_fen));
    }
    const branch = await handle.db.selectFrom('dues_bases').select('org_id').orderBy('org_id').executeTakeFirstOrThrow();
    const closed = await services.dues.closeMonth(SYSTEM_ACTOR, branch.org_id, current);
    expect(closed.month).toBe(current);
  });
});
