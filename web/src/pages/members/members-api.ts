/** Typed calls to the member registry API; the shapes come from the server's own zod schemas. */
import type { z } from 'zod';
import type * as schema from '../../../../src/modules/members/members.schema.ts';
import { api } from '../../api.ts';

export type Member = z.infer<typeof schema.memberView>;
export type MemberPage = z.infer<typeof schema.memberPage>;
export type MemberCounts = z.infer<typeof schema.countsView>;
export type MemberHistory = z.infer<typeof schema.historyView>;
export type CreateMemberInput = z.input<typeof schema.createMemberBody>;
export type UpdateMemberInput = z.input<typeof schema.updateMemberBody>;
export type IdCheck = z.infer<typeof schema.idCheckView>;
export type IdProblem = NonNullable<IdCheck['reason']>;
export type RevealField = z.infer<typeof schema.revealBody>['field'];
/** The roster's filters; the page numbers travel as numbers (the schema coerces them from text). */
export type ListQuery = Omit<z.input<typeof schema.listQuery>, 'page' | 'pageSize'> & { page?: number; pageSize?: number };
export type MemberStatus = Member['status'];
export type MemberSex = Member['sex'];
export type MemberFlag = keyof Member['flags'];
export type Education = NonNullable<ListQuery['education']>;
export type AgeBand = NonNullable<ListQuery['ageBand']>;
export type RosterSort = NonNullable<ListQuery['sort']>;

export interface VerificationStart {
  verificationId: string;
  phone: string;
  /** Present when no SMS gateway is configured: the code is shown on screen instead. */
  displayedCode?: string;
}

/** One problem of an import file, as the spreadsheet shows it (the header is row 1). */
export interface ImportProblem {
  row: number;
  column: string;
  message: string;
  code: string;
}

export type ImportAnswer = { imported: number } | { valid: number; errors: [] };
export type ExportFormat = 'xlsx' | 'csv';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV_TYPE = 'text/csv';

const member = (id: string) => `/members/${encodeURIComponent(id)}`;

export const membersApi = {
  list: (query: ListQuery) => api.get<MemberPage>('/members', { ...query }),
  counts: (orgId: string) => api.get<MemberCounts>('/members/counts', { orgId }),
  get: (id: string) => api.get<Member>(member(id)),
  create: (input: CreateMemberInput) => api.post<Member>('/members', input),
  update: (id: string, input: UpdateMemberInput) => api.patch<Member>(member(id), input),
  history: (id: string) => api.get<MemberHistory>(`${member(id)}/history`),
  reveal: (id: string, field: RevealField) =>
    api.post<{ field: string; value: string | null }>(`${member(id)}/reveal`, { field }),
  checkIdNumber: (idNumber: string) => api.post<IdCheck>('/tools/id-number/check', { idNumber }),
  startVerification: (idNumber: string, phone: string) =>
    api.post<VerificationStart>('/members/verification', { idNumber, phone }),
  mine: () => api.get<{ member: Member | null }>('/members/me'),
  confirmVerification: (verificationId: string, code: string) =>
    api.post<Member>('/members/verification/confirm', { verificationId, code }),
  downloadTemplate: (filename: string) => api.download('/members/template.xlsx', {}, filename),
  /** Checks (dryRun) or imports a roster file into the subtree of `orgId`; all rows or none. */
  importFile: (orgId: string, file: File, dryRun: boolean) =>
    api.upload<ImportAnswer>('/members/import', { orgId, dryRun, fileName: file.name }, spreadsheetBlob(file)),
  exportRoster: (orgId: string, format: ExportFormat, full: boolean, filename: string) =>
    api.download('/members/export', { orgId, format, full }, filename),
};

/** The file with the media type the server expects: browsers label CSV files differently (Excel's own type on Windows). */
function spreadsheetBlob(file: File): Blob {
  return new Blob([file], { type: file.name.toLowerCase().endsWith('.csv') ? CSV_TYPE : XLSX_TYPE });
}
