import { HeartOutlined } from '@ant-design/icons';
import type { MenuEntry } from '../../menu.tsx';
import { PoolsPage } from './PoolsPage.tsx';

export const poolsMenuEntry: MenuEntry = {
  key: 'pools',
  icon: <HeartOutlined />,
  label: 'menu.pools',
  group: 'menu.group.members',
  path: '/pools',
  permission: 'member.read',
  element: <PoolsPage />,
};
