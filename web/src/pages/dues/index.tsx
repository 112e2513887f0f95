import './dues.css';
import { AccountBookOutlined, AlertOutlined, BarChartOutlined, BankOutlined, SolutionOutlined, WalletOutlined } from '@ant-design/icons';
import type { MenuEntry } from '../../menu.tsx';
import { ArrearsPage } from './ArrearsPage.tsx';
import { BasesPage } from './BasesPage.tsx';
import { MyDuesPage } from './MyDuesPage.tsx';
import { ARREARS_PATH, BASES_PATH, MY_DUES_PATH, REMITTANCES_PATH, REPORTS_PATH, SHEET_PATH } from './paths.ts';
import { RemittancePage } from './RemittancePage.tsx';
import { ReportPage } from './ReportPage.tsx';
import { SheetPage } from './SheetPage.tsx';

const group = 'menu.group.dues';

export const duesSheetMenuEntry: MenuEntry = {
  key: 'dues-sheet',
  icon: <AccountBookOutlined />,
  label: 'menu.duesSheet',
  group,
  path: SHEET_PATH,
  permission: 'dues.read',
  element: <SheetPage />,
};

export const duesBasesMenuEntry: MenuEntry = {
  key: 'dues-bases',
  icon: <SolutionOutlined />,
  label: 'menu.duesBases',
  group,
  path: BASES_PATH,
  permission: 'dues.read',
  element: <BasesPage />,
};

export const duesRemittancesMenuEntry: MenuEntry = {
  key: 'dues-remittances',
  icon: <BankOutlined />,
  label: 'menu.duesRemittances',
  group,
  path: REMITTANCES_PATH,
  permission: 'dues.read',
  element: <RemittancePage />,
};

export const duesReportsMenuEntry: MenuEntry = {
  key: 'dues-reports',
  icon: <BarChartOutlined />,
  label: 'menu.duesReports',
  group,
  path: REPORTS_PATH,
  permission: 'dues.read',
  element: <ReportPage />,
};

export const duesArrearsMenuEntry: MenuEntry = {
  key: 'dues-arrears',
  icon: <AlertOutlined />,
  label: 'menu.duesArrears',
  group,
  path: ARREARS_PATH,
  permission: 'dues.read',
  element: <ArrearsPage />,
};

/** Every member (org.read) reaches their own dues; the page asks for the e-identity verification first. */
export const myDuesMenuEntry: MenuEntry = {
  key: 'my-dues',
  icon: <WalletOutlined />,
  label: 'menu.myDues',
  group,
  path: MY_DUES_PATH,
  permission: 'org.read',
  element: <MyDuesPage />,
};
