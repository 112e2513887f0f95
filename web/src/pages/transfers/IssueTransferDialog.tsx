/**
 * 开具介绍信: for a member of the user's subtree, to a branch inside the installation or a destination outside it.
 * Months away and whether the place is fixed give the letter the rules call for, shown before issuing; without
 * them the secretary names the letter.
 */
import { Alert, DatePicker, Form, Input, InputNumber, Radio, Select, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { formatIsoDate, toIsoDate, today } from '../../dates.ts';
import { FormDialog } from '../../FormDialog.tsx';
import { useI18n } from '../../i18n.ts';
import { MemberSelect } from '../members/MemberSelect.tsx';
import type { Member } from '../members/members-api.ts';
import { DestinationSelect } from './DestinationSelect.tsx';
import { isIssuable, LETTER_TYPES, letterTypeKey, suggestedLetter } from './letter-types.ts';
import { transfersApi, type LetterType, type Transfer } from './transfers-api.ts';

interface Props {
  /** The member, when the dialog opens from their record; otherwise picked in the dialog. */
  member: Member | null;
  /** The subtree whose members may be picked. */
  scopeOrgId: string;
  onClose(): void;
  onDone(transfer: Transfer): void;
}

interface Values {
  memberId: string;
  inside: boolean;
  toOrgId?: string;
  externalDestination?: string;
  awayMonths?: number | null;
  fixedPlace: boolean;
  letterType: LetterType;
  reason?: string;
  issuedOn: Dayjs | null;
}

export function IssueTransferDialog({ member, scopeOrgId, onClose, onDone }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const inside = Form.useWatch('inside', form) ?? true;
  const awayMonths = Form.useWatch('awayMonths', form);
  const fixedPlace = Form.useWatch('fixedPlace', form) ?? true;
  const issuedOn = Form.useWatch('issuedOn', form);
  const [memberOrgId, setMemberOrgId] = useState(member?.orgId);

  const described = typeof awayMonths === 'number';
  const suggestion = described ? suggestedLetter(awayMonths, fixedPlace, formatIsoDate(issuedOn ?? today())) : null;
  const noLetter = suggestion?.type === 'none';

  const submit = async (values: Values) => {
    const reason = values.reason?.trim();
    onDone(
      await transfersApi.issue({
        memberId: member?.id ?? values.memberId,
        ...(values.inside ? { toOrgId: values.toOrgId ?? '' } : { externalDestination: values.externalDestination?.trim() ?? '' }),
        ...(typeof values.awayMonths === 'number'
          ? { awayMonths: values.awayMonths, fixedPlace: values.fixedPlace }
          : { letterType: values.letterType }),
        ...(reason ? { reason } : {}),
        issuedOn: toIsoDate(values.issuedOn) ?? '',
      }),
    );
  };

  return (
    <FormDialog<Values>
      title={member ? t('issue.titleFor', { name: member.name }) : t('issue.title')}
      okText={t('issue.submit')}
      okDisabled={noLetter}
      form={form}
      initialValues={{ memberId: member?.id, inside: true, fixedPlace: true, letterType: 'introduction', issuedOn: today() }}
      onSubmit={submit}
      onClose={onClose}
      testId="issue-form"
    >
      {!member && (
        <Form.Item name="memberId" label={t('issue.member')} rules={[{ required: true, message: t('validation.select', { field: t('issue.member') }) }]}>
          <MemberSelect orgId={scopeOrgId} onChange={(_id, m) => setMemberOrgId(m.orgId)} testId="issue-member" />
        </Form.Item>
      )}
      <Form.Item name="inside" label={t('issue.destination')}>
        <Radio.Group
          options={[
            { value: true, label: t('issue.inside') },
            { value: false, label: t('issue.outside') },
          ]}
          data-testid="issue-inside"
        />
      </Form.Item>
      {inside ? (
        <Form.Item
          name="toOrgId"
          label={t('issue.toOrg')}
          rules={[{ required: true, message: t('validation.select', { field: t('issue.toOrg') }) }]}
        >
          <DestinationSelect excludeId={memberOrgId} testId="issue-destination" />
        </Form.Item>
      ) : (
        <Form.Item
          name="externalDestination"
          label={t('issue.external')}
          extra={t('issue.externalHelp')}
          rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('issue.external') }) }]}
        >
          <Input maxLength={200} data-testid="issue-external" />
        </Form.Item>
      )}
      <Form.Item name="awayMonths" label={t('issue.awayMonths')} extra={t('issue.awayMonthsHelp')}>
        <InputNumber min={0} max={600} precision={0} className="full-width" data-testid="issue-away-months" />
      </Form.Item>
      {described && (
        <Form.Item name="fixedPlace" label={t('issue.fixedPlace')} valuePropName="checked">
          <Switch data-testid="issue-fixed-place" />
        </Form.Item>
      )}
      {suggestion &&
        (isIssuable(suggestion.type) ? (
          <Alert
            type="info"
            showIcon
            className="issue-suggestion"
            title={t('issue.suggested', { type: t(letterTypeKey(suggestion.type)) })}
            description={t('rule.cite', { cite: suggestion.cite })}
            data-testid="issue-suggestion"
          />
        ) : (
          <Alert
            type="warning"
            showIcon
            className="issue-suggestion"
            title={t('issue.noLetter', { months: suggestion.noLetterMaxMonths })}
            description={t('rule.cite', { cite: suggestion.cite })}
            data-testid="issue-suggestion"
          />
        ))}
      {!described && (
        <Form.Item name="letterType" label={t('issue.letterType')} rules={[{ required: true }]}>
          <Select<LetterType>
            options={LETTER_TYPES.map((type) => ({ value: type, label: t(letterTypeKey(type)) }))}
            data-testid="issue-letter-type"
          />
        </Form.Item>
      )}
      <Form.Item name="reason" label={t('issue.reason')}>
        <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} data-testid="issue-reason" />
      </Form.Item>
      <Form.Item
        name="issuedOn"
        label={t('issue.issuedOn')}
        rules={[{ required: true, message: t('validation.required', { field: t('issue.issuedOn') }) }]}
      >
        <DatePicker className="full-width" maxDate={today()} data-testid="issue-date" />
      </Form.Item>
    </FormDialog>
  );
}
