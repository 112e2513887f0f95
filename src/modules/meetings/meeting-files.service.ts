/** Photos and files attached to a meeting's minutes: checked, stored with the meeting's scope, audited. */
import { createHash } from 'node:crypto';
import type { Actor } from '../../lib/actor.ts';
import { nowUtc } from '../../lib/dates.ts';
import { AppError, badInput, conflict, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Db } from '../../db/schema.ts';
import type { AuditTrail } from '../audit/audit.service.ts';
import * as repo from './meeting-files.repo.ts';
import { ALLOWED_EXTENSIONS, checkAttachment, MAX_BYTES, MAX_FILES_PER_MEETING, type AttachmentKind } from './meeting-files.rules.ts';
import { findMeetingInScope, type MeetingRow } from './meetings.repo.ts';
import { meetingNotFound } from './meetings.service.ts';

export interface MeetingFileView {
  id: string;
  meetingId: string;
  fileName: string;
  contentType: string;
  kind: AttachmentKind;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string | null;
  createdAt: string;
}

export interface MeetingFileContent {
  fileName: string;
  contentType: string;
  kind: AttachmentKind;
  content: Buffer;
}

const fileNotFound = (id: string) => notFound('meeting.file_not_found', 'No such file attached to this meeting', { id });

function toView(row: repo.MeetingFileRow & { uploader_name?: string | null }): MeetingFileView {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    fileName: row.file_name,
    contentType: row.content_type,
    kind: row.kind,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    uploadedBy: row.uploader_name ?? null,
    createdAt: row.created_at,
  };
}

/** The refusal of a file that may not be attached, with what is allowed. */
function refusal(check: Exclude<ReturnType<typeof checkAttachment>, { ok: true }>): AppError {
  switch (check.reason) {
    case 'name_invalid':
      return badInput('meeting.file_name_invalid', 'Give the file a name', { field: 'fileName' });
    case 'empty':
      return badInput('meeting.file_empty', 'The file is empty');
    case 'type_not_allowed':
      return new AppError(415, 'meeting.file_type_not_allowed', `Attach photos or documents: ${ALLOWED_EXTENSIONS.join(', ')}`, { allowed: ALLOWED_EXTENSIONS });
    case 'content_mismatch':
      return new AppError(415, 'meeting.file_content_mismatch', 'The file is not what its name says', { allowed: ALLOWED_EXTENSIONS });
    case 'too_large':
      return new AppError(413, 'meeting.file_too_large', 'The file is larger than allowed', { maxBytes: check.maxBytes, limits: MAX_BYTES });
  }
}

export class MeetingFileService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async meeting(actor: Actor, meetingId: string): Promise<MeetingRow> {
    const row = await findMeetingInScope(this.db, meetingId, actor.scopePath);
    if (!row) throw meetingNotFound(meetingId);
    return row;
  }

  async list(actor: Actor, meetingId: string): Promise<MeetingFileView[]> {
    await this.meeting(actor, meetingId);
    return (await repo.filesOf(this.db, meetingId)).map(toView);
  }

  async upload(actor: Actor, meetingId: string, rawName: string, content: Buffer): Promise<MeetingFileView> {
    const meeting = await this.meeting(actor, meetingId);
    const check = checkAttachment(rawName, content);
    if (!check.ok) throw refusal(check);
    const row: repo.MeetingFileRow = {
      id: newId(),
      meeting_id: meeting.id,
      org_path: meeting.org_path,
      file_name: check.fileName,
      content_type: check.contentType,
      kind: check.kind,
      size_bytes: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      uploaded_by: actor.accountId,
      created_at: nowUtc(this.now()),
    };
    await this.db.transaction().execute(async (trx) => {
      if ((await repo.countFiles(trx, meeting.id)) >= MAX_FILES_PER_MEETING) {
        throw conflict('meeting.file_limit_reached', `A meeting holds at most ${MAX_FILES_PER_MEETING} files`, { max: MAX_FILES_PER_MEETING });
      }
      await repo.insertFile(trx, row, content);
      await this.audit.record(trx, actor, {
        action: 'meeting.file_upload',
        targetType: 'meeting',
        targetId: meeting.id,
        orgPath: meeting.org_path,
        summary: { fileId: row.id, fileName: row.file_name, kind: row.kind, sizeBytes: row.size_bytes, sha256: row.sha256 },
      });
    });
    const [stored] = (await repo.filesOf(this.db, meeting.id)).filter((f) => f.id === row.id);
    return toView(stored ?? row);
  }

  async content(actor: Actor, meetingId: string, fileId: string): Promise<MeetingFileContent> {
    await this.meeting(actor, meetingId);
    const file = await repo.findFile(this.db, meetingId, fileId);
    const content = file ? await repo.contentOf(this.db, file.id) : undefined;
    if (!file || !content) throw fileNotFound(fileId);
    return { fileName: file.file_name, contentType: file.content_type, kind: file.kind, content: Buffer.from(content) };
  }

  async remove(actor: Actor, meetingId: string, fileId: string): Promise<void> {
    const meeting = await this.meeting(actor, meetingId);
    const file = await repo.findFile(this.db, meetingId, fileId);
    if (!file) throw fileNotFound(fileId);
    await this.db.transaction().execute(async (trx) => {
      await repo.deleteFile(trx, file.id);
      await this.audit.record(trx, actor, {
        action: 'meeting.file_delete',
        targetType: 'meeting',
        targetId: meeting.id,
        orgPath: meeting.org_path,
        summary: { fileId: file.id, fileName: file.file_name, kind: file.kind, sizeBytes: file.size_bytes, sha256: file.sha256 },
      });
    });
  }
}
