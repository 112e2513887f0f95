/** Addresses of the party-dues pages; each keeps its choices in the query so a link or a reload opens the same view. */
export const SHEET_PATH = '/dues/sheet';
export const BASES_PATH = '/dues/bases';
export const REMITTANCES_PATH = '/dues/remittances';
export const REPORTS_PATH = '/dues/reports';
export const ARREARS_PATH = '/dues/arrears';
export const MY_DUES_PATH = '/my-dues';

/** A path with its query; empty values are left out. */
export function hrefOf(path: string, query: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export const sheetHref = (orgId: string, month?: string) => hrefOf(SHEET_PATH, { org: orgId, month });
export const basesHref = (orgId: string, memberId?: string) => hrefOf(BASES_PATH, { org: orgId, member: memberId });
