/** Addresses of the organizational-life pages. */
export const MEETINGS_PATH = '/meetings';

export const meetingHref = (id: string) => `${MEETINGS_PATH}/${encodeURIComponent(id)}`;
export const meetingsHref = (orgId: string, month?: string) =>
  `${MEETINGS_PATH}?org=${encodeURIComponent(orgId)}${month ? `&month=${month}` : ''}`;
