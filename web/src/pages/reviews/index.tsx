import './reviews.css';
import { AuditOutlined, UserDeleteOutlined } from '@ant-design/icons';
import type { MenuEntry } from '../../menu.tsx';
import { AbsencePage } from './AbsencePage.tsx';
import { ABSENCE_PATH, REVIEWS_PATH } from './paths.ts';
import { ReviewsPage } from './ReviewsPage.tsx';

export const reviewsMenuEntry: MenuEntry = {
  key: 'reviews',
  icon: <AuditOutlined />,
  label: 'menu.reviews',
  group: 'menu.group.meetings',
  path: REVIEWS_PATH,
  permission: 'meeting.read',
  element: <ReviewsPage />,
};

export const absenceSignalMenuEntry: MenuEntry = {
  key: 'absence-signal',
  icon: <UserDeleteOutlined />,
  label: 'menu.absenceSignal',
  group: 'menu.group.meetings',
  path: ABSENCE_PATH,
  permission: 'meeting.read',
  element: <AbsencePage />,
};
