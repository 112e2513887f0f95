/** 会议记录 answers /meetings (the calendar and list of an org's meetings) and /meetings/<id> (one meeting). */
import { useLocation } from '../../router.ts';
import { MeetingDetail } from './MeetingDetail.tsx';
import { MeetingListPage } from './MeetingListPage.tsx';
import { MEETINGS_PATH } from './paths.ts';

export function MeetingsPage() {
  const { pathname } = useLocation();
  const id = pathname.startsWith(`${MEETINGS_PATH}/`) ? decodeURIComponent(pathname.slice(MEETINGS_PATH.length + 1)) : null;
  return id ? <MeetingDetail key={id} id={id} /> : <MeetingListPage />;
}
