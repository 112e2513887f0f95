/** 登记流动党员 and 流动党员报告: the dialogs of the flowing-member page and of a member's record. */
import { DatePicker, Form, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import { formatIsoDate, today } from '../../dates.ts';
import { FormDialog } from '../../FormDialog.tsx';
import { useI18n } from '../../i18n.ts';
import { MemberSelect } from '../members/MemberSelect.tsx';
import type { Member } from '../members/members-api.ts';
import { flowingApi, type FlowingRecord } from './flowing-api.ts';

interface StartValues {
  memberId: string;
  destination: string;
  contact?: string;
  startedOn: Dayjs;
}

export function StartFlowingDialog({ member, scopeOrgId, onClose, onDone }: { member: Member | null; scopeOrgId: string; onClose(): void; onDone(r: FlowingRecord): void }) {
  const { t } = useI18n();
  return (
    <FormDialog<StartValues>
      title={member ? t('flowing.startFor', { name: member.name }) : t('flowing.start')}
      initialValues={{ startedOn: today() }}
      onSubmit={async (v) => {
        const contact = v.contact?.trim();
        onDone(
          await flowingApi.start({
            memberId: member?.id ?? v.memberId,
            destination: v.destination.trim(),
            ...(contact ? { contact } : {}),
            startedOn: formatIsoDate(v.startedOn),
          }),
        );
      }}
      onClose={onClose}
      testId="flowing-form"
    >
      {!member && (
        <Form.Item name="memberId" label={t('pools.member')} rules={[{ required: true, message: t('validation.select', { field: t('pools.member') }) }]}>
          <MemberSelect orgId={scopeOrgId} filter={(m) => !m.flags.flowing} testId="flowing-member" />
        </Form.Item>
      )}
      <Form.Item
        name="destination"
        label={t('flowing.destination')}
        extra={t('flowing.destinationHelp')}
        rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('flowing.destination') }) }]}
      >
        <Input maxLength={200} data-testid="flowing-destination" />
      </Form.Item>
      <Form.Item name="contact" label={t('flowing.contact')} extra={t('flowing.contactHelp')}>
        <Input maxLength={200} data-testid="flowing-contact" />
      </Form.Item>
      <Form.Item name="startedOn" label={t('flowing.startedOn')} rules={[{ required: true, message: t('validation.required', { field: t('flowing.startedOn') }) }]}>
        <DatePicker className="full-width" maxDate={today()} data-testid="flowing-started" />
      </Form.Item>
    </FormDialog>
  );
}

export function FlowingReportDialog({ record, onClose, onDone }: { record: FlowingRecord; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  return (
    <FormDialog<{ reportedOn: Dayjs; content: string }>
      title={t('flowing.reportTitle', { name: record.memberName })}
      initialValues={{ reportedOn: today() }}
      onSubmit={async (v) => {
        await flowingApi.report(record, formatIsoDate(v.reportedOn), v.content.trim());
        onDone();
      }}
      onClose={onClose}
      testId="flowing-report-form"
    >
      <Form.Item name="reportedOn" label={t('flowing.reportedOn')} rules={[{ required: true, message: t('validation.required', { field: t('flowing.reportedOn') }) }]}>
        <DatePicker className="full-width" maxDate={today()} data-testid="flowing-report-date" />
      </Form.Item>
      <Form.Item
        name="content"
        label={t('flowing.reportContent')}
        rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('flowing.reportContent') }) }]}
      >
        <Input.TextArea maxLength={5000} autoSize={{ minRows: 3, maxRows: 8 }} data-testid="flowing-report-content" />
      </Form.Item>
    </FormDialog>
  );
}
