/** Addresses of the recruitment pages. */
export const RECRUITMENT_PATH = '/recruitment';
export const RECRUITMENT_REPORT_PATH = '/recruitment-report';
export const RECRUITMENT_IMPORT_PATH = '/recruitment-import';

export const PRINT_FORMS = ['talk', 'assessment', 'publicity', 'approval'] as const;
export type PrintForm = (typeof PRINT_FORMS)[number];

export const boardHref = (orgId: string) => `${RECRUITMENT_PATH}?org=${encodeURIComponent(orgId)}`;
export const caseHref = (id: string) => `${RECRUITMENT_PATH}/cases/${encodeURIComponent(id)}`;
export const printHref = (id: string, form: PrintForm) => `${caseHref(id)}/print/${form}`;
export const reportHref = (orgId: string) => `${RECRUITMENT_REPORT_PATH}?org=${encodeURIComponent(orgId)}`;

export type RecruitmentRoute = { page: 'board' } | { page: 'case'; id: string } | { page: 'print'; id: string; form: PrintForm };

/** `/recruitment`, `/recruitment/cases/<id>`, `/recruitment/cases/<id>/print/<form>`. */
export function routeOf(pathname: string): RecruitmentRoute {
  const print = /^\/recruitment\/cases\/([^/]+)\/print\/([a-z]+)$/.exec(pathname);
  if (print?.[1] && PRINT_FORMS.includes(print[2] as PrintForm)) return { page: 'print', id: decodeURIComponent(print[1]), form: print[2] as PrintForm };
  const one = /^\/recruitment\/cases\/([^/]+)$/.exec(pathname);
  if (one?.[1]) return { page: 'case', id: decodeURIComponent(one[1]) };
  return { page: 'board' };
}
