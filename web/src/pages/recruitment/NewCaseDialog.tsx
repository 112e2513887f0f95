/** 登记入党申请: opens a case with the application (step 1) for a branch; the ID number is checked by the server. */
import { DatePicker, Form, Input } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useI18n } from '../../i18n.ts';
import { OrgPicker } from '../members/OrgPicker.tsx';
import type { Org } from '../orgs/orgs-api.ts';
import { recruitmentApi, type RecruitmentCase } from './recruitment-api.ts';
import { RecruitmentDialog } from './RecruitmentDialog.tsx';

interface Values {
  name: string;
  idNumber: string;
  birthDate?: Dayjs | null;
  workUnit?: string;
  education?: string;
  ethnicity?: string;
  phone?: string;
  appliedOn: Dayjs;
}

const text = (value: string | undefined) => (value?.trim() ? value.trim() : null);

export function NewCaseDialog({ home, branch, onClose, onSaved }: { home: Org; branch: Org | null; onClose(): void; onSaved(saved: RecruitmentCase): void }) {
  const { t } = useI18n();
  const [orgId, setOrgId] = useState<string | undefined>(branch?.id);
  const future = (date: Dayjs) => date.isAfter(dayjs(), 'day');

  const submit = async (values: Values) => {
    if (!orgId) throw new Error(t('recruitment.pickBranch'));
    onSaved(
      await recruitmentApi.create({
        orgId,
        name: values.name.trim(),
        idNumber: values.idNumber.trim().toUpperCase(),
        ...(values.birthDate ? { birthDate: values.birthDate.format('YYYY-MM-DD') } : {}),
        workUnit: text(values.workUnit),
        education: text(values.education),
        ethnicity: text(values.ethnicity),
        phone: text(values.phone),
        appliedOn: values.appliedOn.format('YYYY-MM-DD'),
      }),
    );
  };

  return (
    <RecruitmentDialog<Values> title={t('recruitment.newCase')} initialValues={{ appliedOn: dayjs() }} onSubmit={submit} onClose={onClose} testId="case-form">
      <Form.Item label={t('recruitment.branch')} required>
        <OrgPicker home={home} value={orgId} onChange={(org) => setOrgId(org.id)} branchesOnly className="recruitment-wide" testId="case-form-branch" />
      </Form.Item>
      <div className="recruitment-form-row">
        <Form.Item name="name" label={t('recruitment.field.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={50} data-testid="case-form-name" />
        </Form.Item>
        <Form.Item name="idNumber" label={t('recruitment.field.idNumber')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={18} data-testid="case-form-id-number" />
        </Form.Item>
      </div>
      <div className="recruitment-form-row">
        <Form.Item name="birthDate" label={t('recruitment.field.birthDate')} extra={t('recruitment.field.birthDateHelp')}>
          <DatePicker disabledDate={future} data-testid="case-form-birth-date" />
        </Form.Item>
        <Form.Item name="appliedOn" label={t('recruitment.field.appliedOn')} rules={[{ required: true }]}>
          <DatePicker disabledDate={future} allowClear={false} data-testid="case-form-applied-on" />
        </Form.Item>
      </div>
      <Form.Item name="workUnit" label={t('recruitment.field.workUnit')}>
        <Input maxLength={100} data-testid="case-form-work-unit" />
      </Form.Item>
      <div className="recruitment-form-row">
        <Form.Item name="education" label={t('recruitment.field.education')}>
          <Input maxLength={20} data-testid="case-form-education" />
        </Form.Item>
        <Form.Item name="ethnicity" label={t('recruitment.field.ethnicity')}>
          <Input maxLength={20} data-testid="case-form-ethnicity" />
        </Form.Item>
        <Form.Item name="phone" label={t('recruitment.field.phone')}>
          <Input maxLength={11} inputMode="numeric" data-testid="case-form-phone" />
        </Form.Item>
      </div>
    </RecruitmentDialog>
  );
}
