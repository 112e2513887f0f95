/** Typed calls to the recruitment (发展党员) API; the shapes come from the server's own zod schemas. */
import type { z } from 'zod';
import type { committeeOption, warningCount } from '../../../../src/modules/recruitment/recruitment-lookups.schema.ts';
import type * as schema from '../../../../src/modules/recruitment/recruitment.schema.ts';
import { api } from '../../api.ts';

export type RecruitmentCase = z.infer<typeof schema.caseView>;
export type CaseState = RecruitmentCase['state'];
export type CasePage = z.infer<typeof schema.casePage>;
export type CaseDetail = z.infer<typeof schema.caseDetail>;
export type CaseStep = CaseDetail['steps'][number];
export type Publicity = CaseDetail['publicity'][number];
export type Objection = Publicity['objections'][number];
export type CreateCaseInput = z.input<typeof schema.createCaseBody>;
export type StepInput = z.input<typeof schema.stepBody>;
export type StepCode = StepInput['step'];
export type ActorRole = NonNullable<StepInput['actors']>[number]['role'];
export type DocumentInput = NonNullable<StepInput['documents']>[number];
export type StepResult = z.infer<typeof schema.stepResult>;
export type Compliance = z.infer<typeof schema.complianceView>;
export type Finding = Compliance['findings'][number];
export type NextStep = Compliance['nextSteps'][number];
export type Report = z.infer<typeof schema.reportView>;
export type CaseBrief = Report['overdue'][number];
export type PublicityInput = z.input<typeof schema.publicityBody>;
export type ImportResult = z.infer<typeof schema.importResult>;
export type Rules = z.infer<typeof schema.rulesView>;
export type Committee = z.infer<typeof committeeOption>;
export type WarningCount = z.infer<typeof warningCount>;

export interface CaseQuery {
  orgId: string;
  subtree?: boolean;
  state?: CaseState;
  stage?: number;
  page?: number;
  pageSize?: number;
}

const recruitmentCase = (id: string) => `/recruitment/cases/${encodeURIComponent(id)}`;

export const recruitmentApi = {
  rules: () => api.get<Rules>('/recruitment/rules'),
  list: (query: CaseQuery) => api.get<CasePage>('/recruitment/cases', { ...query }),
  create: (input: CreateCaseInput) => api.post<RecruitmentCase>('/recruitment/cases', input),
  get: (id: string) => api.get<CaseDetail>(recruitmentCase(id)),
  compliance: (id: string) => api.get<Compliance>(`${recruitmentCase(id)}/compliance`),
  committees: (id: string) => api.get<Committee[]>(`${recruitmentCase(id)}/committees`),
  warningCounts: (orgId: string) => api.get<WarningCount[]>('/recruitment/warning-counts', { orgId }),
  recordStep: (id: string, input: StepInput) => api.post<StepResult>(`${recruitmentCase(id)}/steps`, input),
  addPublicity: (id: string, input: PublicityInput) => api.post<Publicity & { approximate: boolean }>(`${recruitmentCase(id)}/publicity`, input),
  addObjection: (publicityId: string, input: { receivedOn: string; content: string }) =>
    api.post<Objection>(`/recruitment/publicity/${encodeURIComponent(publicityId)}/objections`, input),
  resolveObjection: (objectionId: string, input: { resolvedOn: string; resolution: string; version: number }) =>
    api.post<Objection>(`/recruitment/objections/${encodeURIComponent(objectionId)}/resolve`, input),
  report: (orgId: string, stalledMonths: number) => api.get<Report>(`/orgs/${encodeURIComponent(orgId)}/recruitment-report`, { stalledMonths }),
  /** The file is the body; a CSV the browser cannot type goes as text/csv. */
  importFile: (orgId: string, file: File, dryRun: boolean) =>
    api.upload<ImportResult>('/recruitment/cases/import', { orgId, dryRun, fileName: file.name }, new Blob([file], { type: importType(file) })),
};

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function importType(file: File): string {
  if (file.type === XLSX_TYPE || file.name.toLowerCase().endsWith('.xlsx')) return XLSX_TYPE;
  return 'text/csv';
}
