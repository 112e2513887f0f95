import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../../test/api.ts';

const URL = '/api/v1/tools/dues/compute';
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  const root = await t.createRoot();
  t.client = await t.signIn({ roles: ['branch-secretary'], homeOrgId: root.id });
});
afterAll(async () => {
  await t.close();
});

test('the worked examples: 5400 yuan → 81.00, 11500 yuan → 230.00', async () => {
  const a = await t.call<Record<string, unknown>>('POST', URL, { category: 'in_service', monthlyIncomeFen: 540_000 });
  expect(a.status).toBe(200);
  expect(a.body).toEqual({
    amountFen: 8100,
    rateBasisPoints: 150,
    rule: { id: 'dues.2008.in_service.bracket_3', cite: expect.stringContaining('中组发〔2008〕3号') },
  });
  const b = await t.call<Record<string, unknown>>('POST', URL, { category: 'in_service', monthlyIncomeFen: 1_150_000, onDate: '2026-01-15' });
  expect(b.body).toMatchObject({ amountFen: 23000, rateBasisPoints: 200, rule: { id: 'dues.2008.in_service.bracket_4' } });
});

test('flat, averaged and hardship amounts', async () => {
  const farmer = await t.call<Record<string, unknown>>('POST', URL, { category: 'farmer', farmerAmountFen: 50 });
  expect(farmer.body).toMatchObject({ amountFen: 50, rateBasisPoints: null, rule: { id: 'dues.2008.farmer' } });
  const student = await t.call<Record<string, unknown>>('POST', URL, { category: 'student' });
  expect(student.body).toMatchObject({ amountFen: 20, rateBasisPoints: null });
  const selfEmployed = await t.call<Record<string, unknown>>('POST', URL, { category: 'self_employed', previousQuarterIncomeFen: [400_000, 600_000, 620_000] });
  expect(selfEmployed.body).toMatchObject({ amountFen: 8100, rateBasisPoints: 150, rule: { id: 'dues.2008.self_employed.bracket_3' } });
  const reduced = await t.call<Record<string, unknown>>('POST', URL, { category: 'retired', monthlyIncomeFen: 600_000, hardship: { kind: 'reduced', amountFen: 1000 } });
  expect(reduced.body).toMatchObject({ amountFen: 1000, rateBasisPoints: null, rule: { id: 'dues.2008.hardship.reduced' } });
  const exempt = await t.call<Record<string, unknown>>('POST', URL, { category: 'retired', monthlyIncomeFen: 600_000, hardship: { kind: 'exempt' } });
  expect(exempt.body).toMatchObject({ amountFen: 0, rule: { id: 'dues.2008.hardship.exempt' } });
});

test.each([
  [{ category: 'in_service' }, 'dues.field_required', 'monthlyIncomeFen'],
  [{ category: 'in_service', monthlyIncomeFen: -1 }, 'dues.income_out_of_range', 'monthlyIncomeFen'],
  [{ category: 'in_service', monthlyIncomeFen: 10_000_000_001 }, 'dues.income_out_of_range', 'monthlyIncomeFen'],
  [{ category: 'self_employed', previousQuarterIncomeFen: [1, 2, 20_000_000_000] }, 'dues.income_out_of_range', 'previousQuarterIncomeFen.2'],
  [{ category: 'student', monthlyIncomeFen: 100_000 }, 'dues.field_not_applicable', 'monthlyIncomeFen'],
  [{ category: 'farmer' }, 'dues.field_required', 'farmerAmountFen'],
  [{ category: 'farmer', farmerAmountFen: 101 }, 'dues.farmer_amount_out_of_range', 'farmerAmountFen'],
  [{ category: 'in_service', monthlyIncomeFen: 540_000, hardship: { kind: 'reduced', amountFen: 9000 } }, 'dues.hardship_amount_invalid', 'hardship.amountFen'],
  [{ category: 'student', onDate: '2000-01-01' }, 'dues.no_rule_in_force', 'onDate'],
])('%j → 400 %s', async (body, code, field) => {
  const res = await t.call<{ error: { code: string; details: { field: string } } }>('POST', URL, body);
  expect(res.status).toBe(400);
  expect(res.body.error).toMatchObject({ code, details: { field } });
});

test.each([
  [{ category: 'in_service', monthlyIncomeFen: 540_000, extra: true }],
  [{ category: 'in_service', monthlyIncomeFen: 540_000, hardship: { kind: 'exempt', why: 'x' } }],
  [{ category: 'worker', monthlyIncomeFen: 540_000 }],
  [{ category: 'in_service', monthlyIncomeFen: '540000' }],
  [{ category: 'in_service', monthlyIncomeFen: 100.5 }],
  [{ category: 'self_employed', previousQuarterIncomeFen: [1, 2] }],
  [{ category: 'in_service', monthlyIncomeFen: 1, onDate: '2026-02-30' }],
])('%j → 400 request.invalid', async (body) => {
  const res = await t.call<{ error: { code: string } }>('POST', URL, body);
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('request.invalid');
});

test('anonymous callers are refused', async () => {
  const res = await t.request('POST', URL, { category: 'student' }, {});
  expect(res.status).toBe(401);
});
