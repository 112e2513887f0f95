import './members.css';
import { ContactsOutlined } from '@ant-design/icons';
import type { MenuEntry } from '../../menu.tsx';
import { MembersPage } from './MembersPage.tsx';
import { ROSTER_PATH } from './RosterPage.tsx';

export const membersMenuEntry: MenuEntry = {
  key: 'members',
  icon: <ContactsOutlined />,
  label: 'menu.roster',
  group: 'menu.group.members',
  path: ROSTER_PATH,
  permission: 'member.read',
  element: <MembersPage />,
};
