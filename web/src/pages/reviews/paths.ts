/** Addresses of the member review pages. */
export const REVIEWS_PATH = '/reviews';
export const ABSENCE_PATH = '/absence-signal';

export const reviewHref = (id: string) => `${REVIEWS_PATH}/${encodeURIComponent(id)}`;
