import { SwapOutlined } from '@ant-design/icons';
import type { MenuEntry } from '../../menu.tsx';
import { TRANSFERS_PATH } from './paths.ts';
import { TransfersPage } from './TransfersPage.tsx';

export const transfersMenuEntry: MenuEntry = {
  key: 'transfers',
  icon: <SwapOutlined />,
  label: 'menu.transfers',
  group: 'menu.group.members',
  path: TRANSFERS_PATH,
  permission: 'member.read',
  element: <TransfersPage />,
};
