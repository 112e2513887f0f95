/** The answer shape of an attached file, shared by the routes and the web UI. */
import { z } from 'zod';

export const meetingFileView = z
  .object({
    id: z.string(),
    meetingId: z.string(),
    fileName: z.string(),
    contentType: z.string(),
    kind: z.enum(['photo', 'document']),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    uploadedBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'MeetingFile' });
