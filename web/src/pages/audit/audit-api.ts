/** Typed calls to the audit trail API (the audit administrator's); the shapes are the audit service's own. */
import type { AuditSearch } from '../../../../src/modules/audit/audit.repo.ts';
import type { AuditTrail, AuditView, VerifyResult } from '../../../../src/modules/audit/audit.service.ts';
import { api } from '../../api.ts';

export type AuditFilters = Omit<AuditSearch, 'page' | 'pageSize'>;
export type AuditItem = AuditView;
export type AuditPage = Awaited<ReturnType<AuditTrail['search']>>;
export type AuditVerification = VerifyResult;

export const auditApi = {
  search: (filters: AuditFilters, page: number, pageSize: number) =>
    api.get<AuditPage>('/audit', { ...filters, page, pageSize }),
  verify: () => api.get<AuditVerification>('/audit/verify'),
  exportCsv: (filters: AuditFilters, filename: string) => api.download('/audit/export', { ...filters }, filename),
};
