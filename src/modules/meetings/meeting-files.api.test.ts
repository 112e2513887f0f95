import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CONSOLE_ACTOR } from '../../lib/actor.ts';
import { todayInChina } from '../../lib/dates.ts';
import { startTestApp, type Client, type TestApp } from '../../test/api.ts';
import { MAX_BYTES, MAX_FILES_PER_MEETING } from './meeting-files.rules.ts';

interface FileView {
  id: string;
  meetingId: string;
  fileName: string;
  contentType: string;
  kind: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string | null;
}
interface ErrorBody {
  error: { code: string; details: { maxBytes?: number; allowed?: string[] } | null };
}

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('a small photo of the meeting')]);
const PDF = Buffer.from('%PDF-1.7 the scanned minutes');
const lastYear = Number(todayInChina().slice(0, 4)) - 1;

let t: TestApp;
let secretary: Client;
let otherSecretary: Client;
let inspector: Client;
let member: Client;
let townId = '';
let branchId = '';
let meetingId = '';

async function upload(client: Client, meeting: string, fileName: string, body: Buffer, contentType = 'application/octet-stream') {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/meetings/${meeting}/files?fileName=${encodeURIComponent(fileName)}`,
    payload: body,
    headers: { cookie: client.cookie, 'x-csrf-token': client.csrfToken, 'content-type': contentType },
  });
  return { status: res.statusCode, body: res.json<FileView & ErrorBody>() };
}
async function fetchContent(client: Client, meeting: string, fileId: string, query = '') {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/meetings/${meeting}/files/${fileId}/content${query}`, headers: { cookie: client.cookie } });
  return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload };
}
const list = (client: Client, meeting = meetingId) => client.call<FileView[] & ErrorBody>('GET', `/api/v1/meetings/${meeting}/files`);
const stored = async () => ({
  files: Number((await t.handle.db.selectFrom('meeting_files').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
  contents: Number((await t.handle.db.selectFrom('meeting_file_contents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
});
const auditOf = (action: string) =>
  t.handle.db.selectFrom('audit_log').select(['summary', 'org_path', 'target_id']).where('action', '=', action).orderBy('seq').execute();

beforeAll(async () => {
  t = await startTestApp();
  const root = await t.createRoot();
  const mk = (parentId: string, code: string, kind: 'party_committee' | 'branch') => t.services.orgs.create(CONSOLE_ACTOR, { parentId, code, name: code, kind, domain: 'rural' });
  townId = (await mk(root.id, 'TOWN', 'party_committee')).id;
  branchId = (await mk(townId, 'VILLAGE', 'branch')).id;
  const otherBranch = (await mk(townId, 'OTHER', 'branch')).id;
  secretary = await t.signIn({ roles: ['branch-secretary'], homeOrgId: branchId, username: 'sec-village' });
  otherSecretary = await t.signIn({ roles: ['branch-secretary'], homeOrgId: otherBranch });
  inspector = await t.signIn({ roles: ['inspector'], homeOrgId: townId });
  member = await t.signIn({ roles: ['member'], homeOrgId: branchId });
  const created = await secretary.call<{ id: string }>('POST', '/api/v1/meetings', { orgId: branchId, primaryType: 'general_meeting', heldOn: `${lastYear}-03-20` });
  meetingId = created.body.id;
});
afterAll(async () => {
  await t.close();
});

describe('minutes attachments', () => {
  let photoId = '';
  let pdfId = '';

  test('a secretary attaches a phone photo and a scanned PDF; the list, the bytes and the audit row follow', async () => {
    const photo = await upload(secretary, meetingId, 'C:\\fakepath\\会场照片.JPG', JPEG, 'image/jpeg');
    expect(photo.status, JSON.stringify(photo.body)).toBe(201);
    expect(photo.body).toMatchObject({ meetingId, fileName: '会场照片.JPG', contentType: 'image/jpeg', kind: 'photo', sizeBytes: JPEG.length, uploadedBy: 'sec-village' });
    photoId = photo.body.id;
    // The browser's declared type does not matter: the name and the bytes do.
    const pdf = await upload(secretary, meetingId, '会议记录.pdf', PDF, 'application/octet-stream');
    expect(pdf.status).toBe(201);
    expect(pdf.body).toMatchObject({ kind: 'document', contentType: 'application/pdf' });
    pdfId = pdf.body.id;

    const listed = await list(secretary);
    expect(listed.status).toBe(200);
    expect(listed.body.map((f) => f.fileName)).toEqual(['会场照片.JPG', '会议记录.pdf']);

    const content = await fetchContent(secretary, meetingId, photoId);
    expect(content.status).toBe(200);
    expect(content.headers['content-type']).toBe('image/jpeg');
    expect(content.headers['content-disposition']).toBe(`inline; filename="____.JPG"; filename*=UTF-8''${encodeURIComponent('会场照片.JPG')}`);
    expect(content.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(content.bytes, JPEG)).toBe(0);
    expect((await fetchContent(secretary, meetingId, photoId, '?download=true')).headers['content-disposition']).toMatch(/^attachment;/);
    // A document always downloads, never renders in the page.
    expect((await fetchContent(secretary, meetingId, pdfId)).headers['content-disposition']).toMatch(/^attachment;/);

    const audit = await auditOf('meeting.file_upload');
    expect(audit).toHaveLength(2);
    expect(audit[0]?.target_id).toBe(meetingId);
    expect(JSON.parse(audit[0]?.summary ?? '{}')).toMatchObject({ fileId: photoId, fileName: '会场照片.JPG', kind: 'photo', sizeBytes: JPEG.length, sha256: photo.body.sha256 });
    expect(photo.body.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test.each<[string, string, () => Buffer, number, string]>([
    ['a program', 'setup.exe', () => Buffer.from('MZ\x90\x00'), 415, 'meeting.file_type_not_allowed'],
    ['an SVG', 'logo.svg', () => Buffer.from('<svg onload="alert(1)"/>'), 415, 'meeting.file_type_not_allowed'],
    ['an HTML page named as a photo', 'photo.jpg', () => Buffer.from('<html><script>alert(1)</script>'), 415, 'meeting.file_content_mismatch'],
    ['an empty file', 'empty.jpg', () => Buffer.alloc(0), 400, 'meeting.file_empty'],
    ['a photo over 10 MB', 'big.jpg', () => Buffer.concat([JPEG, Buffer.alloc(MAX_BYTES.photo)]), 413, 'meeting.file_too_large'],
    ['a body over 20 MB', 'huge.pdf', () => Buffer.concat([PDF, Buffer.alloc(MAX_BYTES.document)]), 413, 'request.too_large'],
  ])('refuses %s, and nothing is written', async (_label, name, body, status, code) => {
    const before = await stored();
    const auditBefore = (await auditOf('meeting.file_upload')).length;
    const res = await upload(secretary, meetingId, name, body());
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(await stored()).toEqual(before);
    expect(await auditOf('meeting.file_upload')).toHaveLength(auditBefore);
  });

  test('the refusal of a type names what is allowed, and of a size the limit', async () => {
    const type = await upload(secretary, meetingId, 'a.bat', Buffer.from('echo'));
    expect(type.body.error.details?.allowed).toEqual(expect.arrayContaining(['jpg', 'png', 'pdf', 'docx', 'wps']));
    const size = await upload(secretary, meetingId, 'big.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(MAX_BYTES.photo)]));
    expect(size.body.error.details?.maxBytes).toBe(10 * 1024 * 1024);
  });

  test('out of scope reads like missing; read-only roles read; plain members see nothing', async () => {
    expect((await list(otherSecretary)).body.error.code).toBe('meeting.not_found');
    expect((await list(otherSecretary)).status).toBe(404);
    expect((await upload(otherSecretary, meetingId, 'a.jpg', JPEG)).status).toBe(404);
    expect((await fetchContent(otherSecretary, meetingId, photoId)).status).toBe(404);
    expect((await otherSecretary.call('DELETE', `/api/v1/meetings/${meetingId}/files/${photoId}`)).status).toBe(404);
    // A file id under another meeting is not found either.
    const other = await secretary.call<{ id: string }>('POST', '/api/v1/meetings', { orgId: branchId, primaryType: 'theme_day', heldOn: `${lastYear}-04-01` });
    expect((await fetchContent(secretary, other.body.id, photoId)).status).toBe(404);

    expect((await list(inspector)).body).toHaveLength(2);
    expect((await fetchContent(inspector, meetingId, pdfId)).status).toBe(200);
    expect((await upload(inspector, meetingId, 'a.jpg', JPEG)).status).toBe(403);
    expect((await inspector.call('DELETE', `/api/v1/meetings/${meetingId}/files/${photoId}`)).status).toBe(403);
    expect((await list(member)).status).toBe(403);
    expect((await fetchContent(member, meetingId, photoId)).status).toBe(403);
  });

  test('a moved branch takes its files along: the paths follow the move', async () => {
    const root = await t.handle.db.selectFrom('orgs').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
    const newTown = await t.services.orgs.create(CONSOLE_ACTOR, { parentId: root.id, code: 'NEW-TOWN', name: 'NEW-TOWN', kind: 'party_committee', domain: 'rural' });
    const branch = await t.services.orgs.get(CONSOLE_ACTOR, branchId);
    await t.services.orgs.move(CONSOLE_ACTOR, branchId, { newParentId: newTown.id, version: branch.version });
    const moved = await t.handle.db.selectFrom('orgs').select('path').where('id', '=', branchId).executeTakeFirstOrThrow();
    const files = await t.handle.db.selectFrom('meeting_files').select('org_path').execute();
    const contents = await t.handle.db.selectFrom('meeting_file_contents').select('org_path').execute();
    expect([...files, ...contents].every((r) => r.org_path === moved.path)).toBe(true);
    const newInspector = await t.signIn({ roles: ['inspector'], homeOrgId: newTown.id });
    expect((await list(newInspector)).body).toHaveLength(2);
    expect((await list(inspector)).status).toBe(404);
  });

  test('removing a file deletes its bytes; the audit row keeps its name and hash', async () => {
    const res = await secretary.call('DELETE', `/api/v1/meetings/${meetingId}/files/${pdfId}`);
    expect(res.status).toBe(204);
    expect((await list(secretary)).body.map((f) => f.id)).toEqual([photoId]);
    expect((await fetchContent(secretary, meetingId, pdfId)).status).toBe(404);
    expect(await t.handle.db.selectFrom('meeting_file_contents').select('file_id').where('file_id', '=', pdfId).execute()).toEqual([]);
    const audit = await auditOf('meeting.file_delete');
    expect(JSON.parse(audit[0]?.summary ?? '{}')).toMatchObject({ fileId: pdfId, fileName: '会议记录.pdf', kind: 'document' });
    expect((await secretary.call<ErrorBody>('DELETE', `/api/v1/meetings/${meetingId}/files/${pdfId}`)).body.error.code).toBe('meeting.file_not_found');
  });

  test(`a meeting holds at most ${MAX_FILES_PER_MEETING} files`, async () => {
    for (let i = (await list(secretary)).body.length; i < MAX_FILES_PER_MEETING; i++) {
      expect((await upload(secretary, meetingId, `p${i}.jpg`, JPEG)).status).toBe(201);
    }
    const res = await upload(secretary, meetingId, 'one-more.jpg', JPEG);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('meeting.file_limit_reached');
    expect((await list(secretary)).body).toHaveLength(MAX_FILES_PER_MEETING);
  });
});
