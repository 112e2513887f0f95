/** The dialogs of the pools page and of a member's record: 结对帮带, 后备干部 (and its records), 关爱帮扶. */
import { DatePicker, Form, Input, InputNumber, Radio } from 'antd';
import type { Dayjs } from 'dayjs';
import { formatIsoDate, today } from '../../dates.ts';
import { FormDialog } from '../../FormDialog.tsx';
import { useI18n } from '../../i18n.ts';
import { MemberSelect } from '../members/MemberSelect.tsx';
import type { Member } from '../members/members-api.ts';
import { yuanToFen } from './money.ts';
import { poolsApi, type CareKind, type CareRecord, type MentorPair, type ReserveCadre, type ReserveRecordKind } from './pools-api.ts';

interface Common<T> {
  /** The member the dialog opens for (from their record); otherwise picked in the dialog. */
  member: Member | null;
  scopeOrgId: string;
  onClose(): void;
  onDone(result: T): void;
}

function MemberField({ name, label, scopeOrgId, filter, testId }: { name: string; label: string; scopeOrgId: string; filter?(m: Member): boolean; testId: string }) {
  const { t } = useI18n();
  return (
    <Form.Item name={name} label={label} rules={[{ required: true, message: t('validation.select', { field: label }) }]}>
      <MemberSelect orgId={scopeOrgId} filter={filter} testId={testId} />
    </Form.Item>
  );
}

function DateField({ name, label, testId }: { name: string; label: string; testId: string }) {
  const { t } = useI18n();
  return (
    <Form.Item name={name} label={label} rules={[{ required: true, message: t('validation.required', { field: label }) }]}>
      <DatePicker className="full-width" maxDate={today()} data-testid={testId} />
    </Form.Item>
  );
}

/** The member is the mentee when the dialog opens from their record; a mentor is a full member (正式党员). */
export function StartPairDialog({ member, scopeOrgId, onClose, onDone }: Common<MentorPair>) {
  const { t } = useI18n();
  return (
    <FormDialog<{ mentorId: string; menteeId: string; startedOn: Dayjs }>
      title={member ? t('pairs.startFor', { name: member.name }) : t('pairs.start')}
      initialValues={{ startedOn: today() }}
      onSubmit={async (v) => onDone(await poolsApi.startPair(v.mentorId, member?.id ?? v.menteeId, formatIsoDate(v.startedOn)))}
      onClose={onClose}
      testId="pair-form"
    >
      <MemberField
        name="mentorId"
        label={t('pairs.mentor')}
        scopeOrgId={scopeOrgId}
        filter={(m) => m.status === 'full' && m.id !== member?.id}
        testId="pair-mentor"
      />
      {!member && <MemberField name="menteeId" label={t('pairs.mentee')} scopeOrgId={scopeOrgId} testId="pair-mentee" />}
      <DateField name="startedOn" label={t('pairs.startedOn')} testId="pair-started" />
    </FormDialog>
  );
}

export function AddReserveDialog({ member, scopeOrgId, onClose, onDone }: Common<ReserveCadre>) {
  const { t } = useI18n();
  return (
    <FormDialog<{ memberId: string; targetPost: string; addedOn: Dayjs }>
      title={member ? t('reserves.addFor', { name: member.name }) : t('reserves.add')}
      initialValues={{ addedOn: today() }}
      onSubmit={async (v) => onDone(await poolsApi.addReserve(member?.id ?? v.memberId, v.targetPost.trim(), formatIsoDate(v.addedOn)))}
      onClose={onClose}
      testId="reserve-form"
    >
      {!member && <MemberField name="memberId" label={t('pools.member')} scopeOrgId={scopeOrgId} testId="reserve-member" />}
      <Form.Item
        name="targetPost"
        label={t('reserves.targetPost')}
        extra={t('reserves.targetPostHelp')}
        rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('reserves.targetPost') }) }]}
      >
        <Input maxLength={100} data-testid="reserve-target" />
      </Form.Item>
      <DateField name="addedOn" label={t('reserves.addedOn')} testId="reserve-added" />
    </FormDialog>
  );
}

export function ReserveRecordDialog({ reserve, onClose, onDone }: { reserve: ReserveCadre; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const kinds: ReserveRecordKind[] = ['training', 'assessment'];
  return (
    <FormDialog<{ kind: ReserveRecordKind; recordedOn: Dayjs; content: string }>
      title={t('reserves.recordTitle', { name: reserve.memberName })}
      initialValues={{ kind: 'training', recordedOn: today() }}
      onSubmit={async (v) => {
        await poolsApi.addReserveRecord(reserve, { kind: v.kind, recordedOn: formatIsoDate(v.recordedOn), content: v.content.trim() });
        onDone();
      }}
      onClose={onClose}
      testId="reserve-record-form"
    >
      <Form.Item name="kind" label={t('reserves.recordKind')}>
        <Radio.Group options={kinds.map((k) => ({ value: k, label: t(`reserveRecord.${k}`) }))} data-testid="reserve-record-kind" />
      </Form.Item>
      <DateField name="recordedOn" label={t('reserves.recordedOn')} testId="reserve-record-date" />
      <Form.Item
        name="content"
        label={t('reserves.content')}
        rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('reserves.content') }) }]}
      >
        <Input.TextArea maxLength={5000} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="reserve-record-content" />
      </Form.Item>
    </FormDialog>
  );
}

interface CareValues {
  memberId: string;
  kind: CareKind;
  recordedOn: Dayjs;
  amountYuan?: number | null;
  note: string;
}

export function CareDialog({ member, scopeOrgId, onClose, onDone }: Common<CareRecord>) {
  const { t } = useI18n();
  const kinds: CareKind[] = ['visit', 'fund'];
  return (
    <FormDialog<CareValues>
      title={member ? t('care.recordFor', { name: member.name }) : t('care.record')}
      initialValues={{ kind: 'visit', recordedOn: today() }}
      onSubmit={async (v) =>
        onDone(
          await poolsApi.recordCare({
            memberId: member?.id ?? v.memberId,
            kind: v.kind,
            recordedOn: formatIsoDate(v.recordedOn),
            amountFen: yuanToFen(v.amountYuan ?? 0),
            note: v.note.trim(),
          }),
        )
      }
      onClose={onClose}
      testId="care-form"
    >
      {(form) => (
        <>
          {!member && <MemberField name="memberId" label={t('pools.member')} scopeOrgId={scopeOrgId} testId="care-member" />}
          <Form.Item name="kind" label={t('care.kind')}>
            <Radio.Group options={kinds.map((k) => ({ value: k, label: t(`careKind.${k}`) }))} data-testid="care-kind" />
          </Form.Item>
          <DateField name="recordedOn" label={t('care.recordedOn')} testId="care-date" />
          <Form.Item
            name="amountYuan"
            label={t('care.amount')}
            extra={t('care.amountHelp')}
            rules={[
              {
                validator: async (_rule, value: number | null | undefined) => {
                  if (form.getFieldValue('kind') === 'fund' && !(typeof value === 'number' && value > 0)) {
                    throw new Error(t('care.fundAmountRequired'));
                  }
                },
              },
            ]}
          >
            <InputNumber min={0} max={1_000_000} precision={2} prefix="¥" className="full-width" data-testid="care-amount" />
          </Form.Item>
          <Form.Item
            name="note"
            label={t('care.note')}
            rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('care.note') }) }]}
          >
            <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="care-note" />
          </Form.Item>
        </>
      )}
    </FormDialog>
  );
}
