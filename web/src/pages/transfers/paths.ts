/** Addresses of the transfers pages: the tabs, and the printable letter. */
export const TRANSFERS_PATH = '/transfers';
export type TransfersTab = 'outgoing' | 'incoming' | 'overdue';

export const printHref = (id: string) => `${TRANSFERS_PATH}/${encodeURIComponent(id)}/print`;

/** `/transfers/<id>/print` → the id; anything else → null. */
export function printedId(pathname: string): string | null {
  const match = /^\/transfers\/([^/]+)\/print$/.exec(pathname);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}
