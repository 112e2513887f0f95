import { ApartmentOutlined } from '@ant-design/icons';
import type { MenuEntry } from '../../menu.tsx';
import { OrgsPage } from './OrgsPage.tsx';

export const orgsMenuEntry: MenuEntry = {
  key: 'orgs',
  icon: <ApartmentOutlined />,
  label: 'menu.orgs',
  path: '/orgs',
  permission: 'org.read',
  element: <OrgsPage />,
};
