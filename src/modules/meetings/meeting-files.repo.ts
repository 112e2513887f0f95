/** Kysely queries of the files attached to meetings. */
import type { Selectable } from 'kysely';
import type { Executor, MeetingFileTable } from '../../db/schema.ts';

export type MeetingFileRow = Selectable<MeetingFileTable>;

/** The meeting's files, oldest first, with the display name of the account that uploaded each. */
export async function filesOf(ex: Executor, meetingId: string): Promise<(MeetingFileRow & { uploader_name: string | null })[]> {
  return ex
    .selectFrom('meeting_files')
    .leftJoin('accounts', 'accounts.id', 'meeting_files.uploaded_by')
    .selectAll('meeting_files')
    .select('accounts.display_name as uploader_name')
    .where('meeting_files.meeting_id', '=', meetingId)
    .orderBy('meeting_files.created_at')
    .orderBy('meeting_files.id')
    .execute();
}

export async function countFiles(ex: Executor, meetingId: string): Promise<number> {
  const row = await ex
    .selectFrom('meeting_files')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('meeting_id', '=', meetingId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findFile(ex: Executor, meetingId: string, fileId: string): Promise<MeetingFileRow | undefined> {
  return ex.selectFrom('meeting_files').selectAll().where('id', '=', fileId).where('meeting_id', '=', meetingId).executeTakeFirst();
}

export async function contentOf(ex: Executor, fileId: string): Promise<Buffer | undefined> {
  const row = await ex.selectFrom('meeting_file_contents').select('content').where('file_id', '=', fileId).executeTakeFirst();
  return row?.content;
}

export async function insertFile(ex: Executor, row: MeetingFileRow, content: Buffer): Promise<void> {
  await ex.insertInto('meeting_files').values(row).execute();
  await ex.insertInto('meeting_file_contents').values({ file_id: row.id, org_path: row.org_path, content }).execute();
}

export async function deleteFile(ex: Executor, fileId: string): Promise<void> {
  await ex.deleteFrom('meeting_file_contents').where('file_id', '=', fileId).execute();
  await ex.deleteFrom('meeting_files').where('id', '=', fileId).execute();
}
