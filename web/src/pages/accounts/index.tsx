import { TeamOutlined } from '@ant-design/icons';
import type { MenuEntry } from '../../menu.tsx';
import { AccountsPage } from './AccountsPage.tsx';

export const accountsMenuEntry: MenuEntry = {
  key: 'accounts',
  icon: <TeamOutlined />,
  label: 'menu.accounts',
  path: '/accounts',
  permission: 'account.read',
  element: <AccountsPage />,
};
