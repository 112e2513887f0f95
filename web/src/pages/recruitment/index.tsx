import './recruitment.css';
import { AuditOutlined, ImportOutlined, UserAddOutlined } from '@ant-design/icons';
import type { MenuEntry } from '../../menu.tsx';
import { ImportPage } from './ImportPage.tsx';
import { RECRUITMENT_IMPORT_PATH, RECRUITMENT_PATH, RECRUITMENT_REPORT_PATH } from './paths.ts';
import { RecruitmentPage } from './RecruitmentPage.tsx';
import { ReportPage } from './ReportPage.tsx';

export const recruitmentMenuEntry: MenuEntry = {
  key: 'recruitment',
  icon: <UserAddOutlined />,
  label: 'menu.recruitment',
  group: 'menu.group.recruitment',
  path: RECRUITMENT_PATH,
  permission: 'recruitment.read',
  element: <RecruitmentPage />,
};

export const recruitmentReportMenuEntry: MenuEntry = {
  key: 'recruitment-report',
  icon: <AuditOutlined />,
  label: 'menu.recruitmentReport',
  group: 'menu.group.recruitment',
  path: RECRUITMENT_REPORT_PATH,
  permission: 'recruitment.read',
  element: <ReportPage />,
};

export const recruitmentImportMenuEntry: MenuEntry = {
  key: 'recruitment-import',
  icon: <ImportOutlined />,
  label: 'menu.recruitmentImport',
  group: 'menu.group.recruitment',
  path: RECRUITMENT_IMPORT_PATH,
  permission: 'recruitment.write',
  element: <ImportPage />,
};
