/** 花名册 answers /members (the roster) and /members/<id> (one member's record). */
import { useLocation } from '../../router.ts';
import { MemberDetail } from './MemberDetail.tsx';
import { ROSTER_PATH, RosterPage } from './RosterPage.tsx';

export function MembersPage() {
  const { pathname } = useLocation();
  const id = pathname.startsWith(`${ROSTER_PATH}/`) ? decodeURIComponent(pathname.slice(ROSTER_PATH.length + 1)) : null;
  // A new key per member, so nothing of one record lingers on the next.
  return id ? <MemberDetail key={id} id={id} /> : <RosterPage />;
}
