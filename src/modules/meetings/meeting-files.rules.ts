/**
 * What may be attached to a meeting's minutes: photos and office documents, recognised by the name's extension
 * and confirmed by the file's first bytes (a browser's declared type is not trusted), within size limits.
 */

export type AttachmentKind = 'photo' | 'document';

interface AllowedType {
  kind: AttachmentKind;
  contentType: string;
  /** The leading bytes every file of the type starts with (at `offset`). */
  signatures: readonly { offset: number; bytes: readonly number[] }[];
}

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
const ZIP = [{ offset: 0, bytes: [0x50, 0x4b, 0x03, 0x04] }];
// The compound file of the older Office and WPS formats.
const OLE = [{ offset: 0, bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] }];
const JPEG = { kind: 'photo', contentType: 'image/jpeg', signatures: [{ offset: 0, bytes: [0xff, 0xd8, 0xff] }] } as const;

export const ALLOWED_TYPES: Readonly<Record<string, AllowedType>> = {
  jpg: JPEG,
  jpeg: JPEG,
  png: { kind: 'photo', contentType: 'image/png', signatures: [{ offset: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] }] },
  webp: { kind: 'photo', contentType: 'image/webp', signatures: [{ offset: 0, bytes: ascii('RIFF') }, { offset: 8, bytes: ascii('WEBP') }] },
  pdf: { kind: 'document', contentType: 'application/pdf', signatures: [{ offset: 0, bytes: ascii('%PDF-') }] },
  docx: { kind: 'document', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', signatures: ZIP },
  xlsx: { kind: 'document', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', signatures: ZIP },
  pptx: { kind: 'document', contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', signatures: ZIP },
  doc: { kind: 'document', contentType: 'application/msword', signatures: OLE },
  xls: { kind: 'document', contentType: 'application/vnd.ms-excel', signatures: OLE },
  ppt: { kind: 'document', contentType: 'application/vnd.ms-powerpoint', signatures: OLE },
  wps: { kind: 'document', contentType: 'application/vnd.ms-works', signatures: OLE },
};

export const ALLOWED_EXTENSIONS = Object.keys(ALLOWED_TYPES);

/** A phone photo is a few MB; a scanned PDF of the minutes may be larger. */
export const MAX_BYTES: Readonly<Record<AttachmentKind, number>> = { photo: 10 * 1024 * 1024, document: 20 * 1024 * 1024 };
export const MAX_UPLOAD_BYTES = Math.max(MAX_BYTES.photo, MAX_BYTES.document);
export const MAX_FILES_PER_MEETING = 50;
const MAX_NAME_LENGTH = 120;

export type AttachmentCheck =
  | { ok: true; fileName: string; kind: AttachmentKind; contentType: string }
  | { ok: false; reason: 'name_invalid' | 'empty' | 'type_not_allowed' | 'content_mismatch' | 'too_large'; maxBytes?: number };

/**
 * The name as it will be stored and offered on download: the last path segment, without control characters or
 * characters that break a header or a file system, at most 120 characters (the extension kept).
 */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).at(-1) ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const cleaned = base.replace(/[\u0000-\u001f\u007f"*:<>?|]/g, '').trim().replace(/^\.+/, '');
  if (cleaned.length <= MAX_NAME_LENGTH) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return cleaned.slice(0, MAX_NAME_LENGTH - extension.length) + extension;
}

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}

function startsWith(bytes: Uint8Array, signature: AllowedType['signatures'][number]): boolean {
  return signature.bytes.every((b, i) => bytes[signature.offset + i] === b);
}

/** Whether a file may be attached: its type by extension, confirmed by its bytes, and its size for that kind. */
export function checkAttachment(rawName: string, bytes: Uint8Array): AttachmentCheck {
  const fileName = cleanFileName(rawName);
  if (!fileName) return { ok: false, reason: 'name_invalid' };
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  const type = ALLOWED_TYPES[extensionOf(fileName)];
  if (!type) return { ok: false, reason: 'type_not_allowed' };
  if (bytes.length > MAX_BYTES[type.kind]) return { ok: false, reason: 'too_large', maxBytes: MAX_BYTES[type.kind] };
  if (!type.signatures.every((s) => startsWith(bytes, s))) return { ok: false, reason: 'content_mismatch' };
  return { ok: true, fileName, kind: type.kind, contentType: type.contentType };
}
