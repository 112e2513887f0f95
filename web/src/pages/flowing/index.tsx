import { EnvironmentOutlined, HomeOutlined } from '@ant-design/icons';
import type { MenuEntry } from '../../menu.tsx';
import { CommunityPage } from './CommunityPage.tsx';
import { FlowingPage } from './FlowingPage.tsx';

export const flowingMenuEntry: MenuEntry = {
  key: 'flowing',
  icon: <EnvironmentOutlined />,
  label: 'menu.flowing',
  group: 'menu.group.members',
  path: '/flowing',
  permission: 'member.read',
  element: <FlowingPage />,
};

export const communityMenuEntry: MenuEntry = {
  key: 'community',
  icon: <HomeOutlined />,
  label: 'menu.community',
  group: 'menu.group.members',
  path: '/community',
  permission: 'member.read',
  element: <CommunityPage />,
};
