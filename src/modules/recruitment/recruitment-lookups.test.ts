import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CONSOLE_ACTOR } from '../../lib/actor.ts';
import { addDays, todayInChina } from '../../lib/dates.ts';
import { checkCharacter } from '../../lib/id-number.ts';
import { startTestApp, type Client, type TestApp } from '../../test/api.ts';

interface Committee {
  id: string;
  name: string;
  levelsUp: number;
  mayApprove: boolean;
}
interface Count {
  caseId: string;
  name: string;
  orgId: string;
  hard: number;
  soft: number;
  codes: string[];
}

const idFor = (birth: string, seq: number) => {
  const first17 = `440300${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};

let t: TestApp;
let secretary: Client;
let otherSecretary: Client;
const ids = { root: '', town: '', village: '', branch: '', other: '' };
let caseId = '';
let otherCaseId = '';

beforeAll(async () => {
  t = await startTestApp();
  ids.root = (await t.createRoot()).id;
  const mk = async (parentId: string, code: string, kind: 'party_committee' | 'branch') => (await t.services.orgs.create(CONSOLE_ACTOR, { parentId, code, name: code, kind, domain: 'rural' })).id;
  ids.town = await mk(ids.root, 'TOWN', 'party_committee');
  ids.village = await mk(ids.town, 'VILLAGE', 'party_committee');
  ids.branch = await mk(ids.village, 'BRANCH', 'branch');
  ids.other = await mk(ids.town, 'OTHER', 'branch');
  secretary = await t.signIn({ roles: ['branch-secretary'], homeOrgId: ids.branch });
  otherSecretary = await t.signIn({ roles: ['branch-secretary'], homeOrgId: ids.other });
  const today = todayInChina(t.now());
  // Applied 60 days ago, talked to 10 days ago: the talk came late (第七条), a warning stored on the case.
  const created = await secretary.call<{ id: string; version: number }>('POST', '/api/v1/recruitment/cases', { orgId: ids.branch, name: '申请人', idNumber: idFor('19990101', 21), appliedOn: addDays(today, -60) });
  caseId = created.body.id;
  const talk = await secretary.call('POST', `/api/v1/recruitment/cases/${caseId}/steps`, { step: 'application_talk', on: addDays(today, -10), version: created.body.version, actors: [{ role: 'talker', name: '书记' }] });
  expect(talk.status).toBe(201);
  otherCaseId = (await otherSecretary.call<{ id: string }>('POST', '/api/v1/recruitment/cases', { orgId: ids.other, name: '另一人', idNumber: idFor('19990101', 23), appliedOn: today })).body.id;
});
afterAll(async () => {
  await t.close();
});

describe('the committees a case may name', () => {
  test('a branch secretary gets the chain above the branch, nearest first, with who may approve (第二十六条)', async () => {
    const res = await secretary.call<Committee[]>('GET', `/api/v1/recruitment/cases/${caseId}/committees`);
    expect(res.status).toBe(200);
    expect(res.body.map((c) => [c.name, c.levelsUp, c.mayApprove])).toEqual([
      // A village committee under the township committee may not approve; the township and the county may.
      ['VILLAGE', 1, false],
      ['TOWN', 2, true],
      [res.body[2]?.name, 3, true],
    ]);
    expect(res.body[2]?.id).toBe(ids.root);
  });

  test('a case out of scope answers 404 like a missing one', async () => {
    expect((await secretary.call('GET', `/api/v1/recruitment/cases/${otherCaseId}/committees`)).status).toBe(404);
    expect((await secretary.call('GET', '/api/v1/recruitment/cases/nope/committees')).status).toBe(404);
  });
});

describe('findings stored per case', () => {
  test('the late talk is counted on its case, with its code', async () => {
    const res = await secretary.call<Count[]>('GET', `/api/v1/recruitment/warning-counts?orgId=${ids.branch}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ caseId, name: '申请人', orgId: ids.branch, hard: 0, soft: 1, codes: ['recruitment.talk_overdue'] }]);
  });

  test('a higher org sees the counts of its subtree; a clean case is left out; another subtree is not seen', async () => {
    const admin = await t.signIn({ roles: ['org-admin'], homeOrgId: ids.town });
    const res = await admin.call<Count[]>('GET', `/api/v1/recruitment/warning-counts?orgId=${ids.town}`);
    expect(res.body.map((c) => c.caseId)).toEqual([caseId]);
    expect((await otherSecretary.call<Count[]>('GET', `/api/v1/recruitment/warning-counts?orgId=${ids.other}`)).body).toEqual([]);
    expect((await otherSecretary.call('GET', `/api/v1/recruitment/warning-counts?orgId=${ids.branch}`)).status).toBe(404);
  });
});
