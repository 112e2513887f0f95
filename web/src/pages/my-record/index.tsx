import { IdcardOutlined } from '@ant-design/icons';
import type { MenuEntry } from '../../menu.tsx';
import { MyRecordPage } from './MyRecordPage.tsx';

export const myRecordMenuEntry: MenuEntry = {
  key: 'my-record',
  icon: <IdcardOutlined />,
  label: 'menu.myRecord',
  group: 'menu.group.members',
  path: '/my-record',
  // Every role with business data holds org.read, plain members included; the verification itself needs a session only.
  permission: 'org.read',
  element: <MyRecordPage />,
};
