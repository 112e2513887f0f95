/** 社区报到 and 服务记录: an in-service member registers with a community branch; the community records service. */
import { DatePicker, Form, Input, InputNumber } from 'antd';
import type { Dayjs } from 'dayjs';
import { formatIsoDate, today } from '../../dates.ts';
import { FormDialog } from '../../FormDialog.tsx';
import { useI18n } from '../../i18n.ts';
import { MemberSelect } from '../members/MemberSelect.tsx';
import type { Member } from '../members/members-api.ts';
import { DestinationSelect } from '../transfers/DestinationSelect.tsx';
import { communityApi, type Registration } from './flowing-api.ts';

interface RegisterValues {
  memberId: string;
  communityOrgId: string;
  registeredOn: Dayjs;
}

export function RegisterCommunityDialog({ member, scopeOrgId, onClose, onDone }: { member: Member | null; scopeOrgId: string; onClose(): void; onDone(r: Registration): void }) {
  const { t } = useI18n();
  return (
    <FormDialog<RegisterValues>
      title={member ? t('community.registerFor', { name: member.name }) : t('community.register')}
      initialValues={{ registeredOn: today() }}
      onSubmit={async (v) => {
        onDone(await communityApi.register({ memberId: member?.id ?? v.memberId, communityOrgId: v.communityOrgId, registeredOn: formatIsoDate(v.registeredOn) }));
      }}
      onClose={onClose}
      testId="community-form"
    >
      <p className="dialog-hint">{t('community.registerHint')}</p>
      {!member && (
        <Form.Item name="memberId" label={t('pools.member')} rules={[{ required: true, message: t('validation.select', { field: t('pools.member') }) }]}>
          <MemberSelect orgId={scopeOrgId} filter={(m) => m.flags.inService} testId="community-member" />
        </Form.Item>
      )}
      <Form.Item
        name="communityOrgId"
        label={t('community.community')}
        rules={[{ required: true, message: t('validation.select', { field: t('community.community') }) }]}
      >
        <DestinationSelect excludeId={member?.orgId} testId="community-org" />
      </Form.Item>
      <Form.Item name="registeredOn" label={t('community.registeredOn')} rules={[{ required: true, message: t('validation.required', { field: t('community.registeredOn') }) }]}>
        <DatePicker className="full-width" maxDate={today()} data-testid="community-registered" />
      </Form.Item>
    </FormDialog>
  );
}

interface ServiceValues {
  servedOn: Dayjs;
  minutes: number;
  description: string;
}

export function ServiceDialog({ registration, onClose, onDone }: { registration: Registration; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  return (
    <FormDialog<ServiceValues>
      title={t('community.serviceTitle', { name: registration.memberName })}
      initialValues={{ servedOn: today() }}
      onSubmit={async (v) => {
        await communityApi.service(registration, { servedOn: formatIsoDate(v.servedOn), minutes: v.minutes, description: v.description.trim() });
        onDone();
      }}
      onClose={onClose}
      testId="service-form"
    >
      <Form.Item name="servedOn" label={t('community.servedOn')} rules={[{ required: true, message: t('validation.required', { field: t('community.servedOn') }) }]}>
        <DatePicker className="full-width" maxDate={today()} data-testid="service-date" />
      </Form.Item>
      <Form.Item name="minutes" label={t('community.minutes')} rules={[{ required: true, message: t('validation.required', { field: t('community.minutes') }) }]}>
        <InputNumber min={1} max={1440} precision={0} className="full-width" data-testid="service-minutes" />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('community.description')}
        rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('community.description') }) }]}
      >
        <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="service-description" />
      </Form.Item>
    </FormDialog>
  );
}
