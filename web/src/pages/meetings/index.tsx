import './meetings.css';
import { CalendarOutlined, CheckSquareOutlined, QrcodeOutlined } from '@ant-design/icons';
import type { MenuEntry } from '../../menu.tsx';
import { CheckInPage, CHECK_IN_PATH } from './CheckInPage.tsx';
import { COMPLIANCE_PATH, CompliancePage } from './CompliancePage.tsx';
import { MeetingsPage } from './MeetingsPage.tsx';
import { MEETINGS_PATH } from './paths.ts';

export const meetingsMenuEntry: MenuEntry = {
  key: 'meetings',
  icon: <CalendarOutlined />,
  label: 'menu.meetings',
  group: 'menu.group.meetings',
  path: MEETINGS_PATH,
  permission: 'meeting.read',
  element: <MeetingsPage />,
};

export const complianceMenuEntry: MenuEntry = {
  key: 'compliance',
  icon: <CheckSquareOutlined />,
  label: 'menu.compliance',
  group: 'menu.group.meetings',
  path: COMPLIANCE_PATH,
  permission: 'meeting.read',
  element: <CompliancePage />,
};

/** Plain members (org.read only) check in here; the QR code of a meeting opens this page with the code filled in. */
export const checkInMenuEntry: MenuEntry = {
  key: 'check-in',
  icon: <QrcodeOutlined />,
  label: 'menu.checkIn',
  group: 'menu.group.meetings',
  path: CHECK_IN_PATH,
  permission: 'org.read',
  element: <CheckInPage />,
};
