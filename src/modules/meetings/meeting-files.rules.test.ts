import { describe, expect, test } from 'vitest';
import { checkAttachment, cleanFileName, MAX_BYTES, type AttachmentCheck } from './meeting-files.rules.ts';

const bytes = (head: number[] | string, size = 64) => {
  const out = new Uint8Array(size);
  out.set(typeof head === 'string' ? [...head].map((c) => c.charCodeAt(0)) : head);
  return out;
};
const JPEG = [0xff, 0xd8, 0xff, 0xe0];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const webp = () => {
  const out = bytes('RIFF');
  out.set([...'WEBP'].map((c) => c.charCodeAt(0)), 8);
  return out;
};

describe('what may be attached to the minutes', () => {
  test.each<[string, string, Uint8Array, Partial<AttachmentCheck>]>([
    ['a phone photo', 'IMG_0001.JPG', bytes(JPEG), { ok: true, kind: 'photo', contentType: 'image/jpeg' }],
    ['a .jpeg photo', '会场.jpeg', bytes(JPEG), { ok: true, kind: 'photo', contentType: 'image/jpeg' }],
    ['a screenshot', 'sign-in.png', bytes(PNG), { ok: true, kind: 'photo', contentType: 'image/png' }],
    ['a WebP photo', 'a.webp', webp(), { ok: true, kind: 'photo', contentType: 'image/webp' }],
    ['scanned minutes', '会议记录.pdf', bytes('%PDF-1.7'), { ok: true, kind: 'document', contentType: 'application/pdf' }],
    ['a Word document', '发言稿.docx', bytes(ZIP), { ok: true, kind: 'document' }],
    ['a spreadsheet', '签到表.xlsx', bytes(ZIP), { ok: true, kind: 'document' }],
    ['an older Word document', '记录.doc', bytes(OLE), { ok: true, kind: 'document', contentType: 'application/msword' }],
    ['a WPS document', '记录.wps', bytes(OLE), { ok: true, kind: 'document' }],
    ['an empty file', 'a.jpg', new Uint8Array(0), { ok: false, reason: 'empty' }],
    ['a script', 'run.exe', bytes('MZ'), { ok: false, reason: 'type_not_allowed' }],
    ['an SVG (it can carry script)', 'logo.svg', bytes('<svg'), { ok: false, reason: 'type_not_allowed' }],
    ['an HTML page named .html', 'minutes.html', bytes('<html>'), { ok: false, reason: 'type_not_allowed' }],
    ['no extension', 'README', bytes('%PDF-'), { ok: false, reason: 'type_not_allowed' }],
    ['an HTML page named .jpg', 'photo.jpg', bytes('<html><script>'), { ok: false, reason: 'content_mismatch' }],
    ['a PNG named .pdf', 'a.pdf', bytes(PNG), { ok: false, reason: 'content_mismatch' }],
    ['a RIFF that is not WebP', 'a.webp', bytes('RIFF....WAVE'), { ok: false, reason: 'content_mismatch' }],
    ['a name that is only a path', 'C:\\photos\\', bytes(JPEG), { ok: false, reason: 'name_invalid' }],
  ])('%s', (_label, name, content, expected) => {
    expect(checkAttachment(name, content)).toMatchObject(expected);
  });

  test('a photo may be 10 MB and a document 20 MB, not a byte more', () => {
    const photo = (size: number) => checkAttachment('a.jpg', bytes(JPEG, size));
    expect(photo(MAX_BYTES.photo)).toMatchObject({ ok: true });
    expect(photo(MAX_BYTES.photo + 1)).toEqual({ ok: false, reason: 'too_large', maxBytes: 10 * 1024 * 1024 });
    expect(checkAttachment('a.pdf', bytes('%PDF-', MAX_BYTES.photo + 1))).toMatchObject({ ok: true });
    expect(checkAttachment('a.pdf', bytes('%PDF-', MAX_BYTES.document + 1))).toMatchObject({ ok: false, reason: 'too_large', maxBytes: 20 * 1024 * 1024 });
  });

  test.each([
    ['C:\\Users\\张三\\Desktop\\会议记录.pdf', '会议记录.pdf'],
    ['../../etc/passwd.pdf', 'passwd.pdf'],
    ['a"b<c>\r\n.jpg', 'abc.jpg'],
    ['...hidden.jpg', 'hidden.jpg'],
    [`${'长'.repeat(200)}.docx`, `${'长'.repeat(115)}.docx`],
  ])('the stored name of %j is %j', (raw, cleaned) => {
    expect(cleanFileName(raw)).toBe(cleaned);
  });
});
