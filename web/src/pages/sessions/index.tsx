import { DesktopOutlined } from '@ant-design/icons';
import type { MenuEntry } from '../../menu.tsx';
import { SessionsPage } from './SessionsPage.tsx';

export const sessionsMenuEntry: MenuEntry = {
  key: 'sessions',
  icon: <DesktopOutlined />,
  label: 'menu.sessions',
  path: '/sessions',
  permission: 'session.manage',
  element: <SessionsPage />,
};
