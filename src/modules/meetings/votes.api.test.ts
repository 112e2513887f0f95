import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../../test/api.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  const root = await t.createRoot();
  t.client = await t.signIn({ roles: ['branch-secretary'], homeOrgId: root.id });
});
afterAll(async () => {
  await t.close();
});

test('16 应到: 9 present is quorate, 8 is not', async () => {
  const nine = await t.call<Record<string, unknown>>('POST', '/api/v1/tools/vote/evaluate', { kind: 'general', shouldAttend: 16, present: 9, yes: 9 });
  expect(nine.status).toBe(200);
  expect(nine.body).toMatchObject({ quorate: true, passed: true, rule: { id: 'votes.2018.general' } });
  const eight = await t.call<Record<string, unknown>>('POST', '/api/v1/tools/vote/evaluate', { kind: 'general', shouldAttend: 16, present: 8, yes: 8 });
  expect(eight.body).toMatchObject({ quorate: false, passed: false });
});

test('recruitment counts written opinions; elections answer per candidate', async () => {
  const recruit = await t.call<Record<string, unknown>>('POST', '/api/v1/tools/vote/evaluate', {
    kind: 'recruitment',
    shouldAttendVoting: 20,
    shouldAttendFull: 16,
    present: 11,
    yes: 8,
    writtenYes: 1,
  });
  expect(recruit.body).toMatchObject({ quorate: true, passed: true });
  const election = await t.call<Record<string, unknown>>('POST', '/api/v1/tools/vote/evaluate', {
    kind: 'election',
    shouldAttend: 20,
    present: 17,
    candidateVotes: { 张三: 9, 李四: 8 },
  });
  expect(election.body).toMatchObject({ quorate: true, elected: { 张三: true, 李四: false } });
});

test.each([
  [{ kind: 'general', shouldAttend: 16, present: 17, yes: 9 }, 'vote.counts_inconsistent'],
  [{ kind: 'general', shouldAttend: 16, present: 9 }, 'request.invalid'],
  [{ kind: 'quorum', shouldAttend: 16, present: 9, yes: 1 }, 'request.invalid'],
  [{ kind: 'general', shouldAttend: '16', present: 9, yes: 1 }, 'request.invalid'],
  [{ kind: 'general', shouldAttend: 16, present: 9, yes: 1, extra: true }, 'request.invalid'],
])('%j → 400 %s', async (body, code) => {
  const res = await t.call<{ error: { code: string } }>('POST', '/api/v1/tools/vote/evaluate', body);
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe(code);
});
