import { TrophyOutlined } from '@ant-design/icons';
import type { MenuEntry } from '../../menu.tsx';
import { ElectionsPage } from './ElectionsPage.tsx';
import { ELECTIONS_PATH } from './paths.ts';

export const electionsMenuEntry: MenuEntry = {
  key: 'elections',
  icon: <TrophyOutlined />,
  label: 'menu.elections',
  group: 'menu.group.meetings',
  path: ELECTIONS_PATH,
  permission: 'meeting.read',
  element: <ElectionsPage />,
};
