import { SafetyOutlined } from '@ant-design/icons';
import type { MenuEntry } from '../../menu.tsx';
import { SecurityPolicyPage } from './SecurityPolicyPage.tsx';

export const securityPolicyMenuEntry: MenuEntry = {
  key: 'security',
  icon: <SafetyOutlined />,
  label: 'menu.security',
  path: '/security',
  permission: 'security.policy',
  element: <SecurityPolicyPage />,
};
