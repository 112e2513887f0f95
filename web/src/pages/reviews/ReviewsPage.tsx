/** 民主评议党员 answers /reviews (the list per org, with the handling records) and /reviews/<id> (one review). */
import { useLocation } from '../../router.ts';
import { REVIEWS_PATH } from './paths.ts';
import { ReviewDetail } from './ReviewDetail.tsx';
import { ReviewList } from './ReviewList.tsx';

export function ReviewsPage() {
  const { pathname } = useLocation();
  const id = pathname.startsWith(`${REVIEWS_PATH}/`) ? decodeURIComponent(pathname.slice(REVIEWS_PATH.length + 1)) : null;
  // A new key per review, so nothing of one lingers on the next.
  return id ? <ReviewDetail key={id} id={id} /> : <ReviewList />;
}
