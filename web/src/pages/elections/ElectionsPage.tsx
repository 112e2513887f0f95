/** 换届选举 answers /elections (the list per org), /elections/terms (terms due) and /elections/<id> (one election). */
import { useLocation } from '../../router.ts';
import { ElectionDetail } from './ElectionDetail.tsx';
import { ElectionList } from './ElectionList.tsx';
import { ELECTIONS_PATH, TERMS_PATH } from './paths.ts';
import { TermsDuePage } from './TermsDuePage.tsx';

export function ElectionsPage() {
  const { pathname } = useLocation();
  if (pathname === TERMS_PATH) return <TermsDuePage />;
  const id = pathname.startsWith(`${ELECTIONS_PATH}/`) ? decodeURIComponent(pathname.slice(ELECTIONS_PATH.length + 1)) : null;
  // A new key per election, so nothing of one lingers on the next.
  return id ? <ElectionDetail key={id} id={id} /> : <ElectionList />;
}
