/** Addresses of the election pages. */
export const ELECTIONS_PATH = '/elections';
export const TERMS_PATH = `${ELECTIONS_PATH}/terms`;

export const electionHref = (id: string) => `${ELECTIONS_PATH}/${encodeURIComponent(id)}`;
export const electionsHref = (orgId: string) => `${ELECTIONS_PATH}?org=${encodeURIComponent(orgId)}`;
