import { AuditOutlined } from '@ant-design/icons';
import type { MenuEntry } from '../../menu.tsx';
import { AuditPage } from './AuditPage.tsx';

export const auditMenuEntry: MenuEntry = {
  key: 'audit',
  icon: <AuditOutlined />,
  label: 'menu.audit',
  path: '/audit',
  permission: 'audit.read',
  element: <AuditPage />,
};
