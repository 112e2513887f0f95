/**
 * Recording or editing a meeting: the branch, the primary type and the other types it counts for (a 主题党日 that
 * includes a 党课), date and time, place or online, host and recorder, lecturer and topic for a 党课, the 党小组 for
 * a 党小组会, agenda and minutes. The server's refusal shows under the form with the rule it cites.
 */
import { DatePicker, Form, Input, Select, Switch, TimePicker, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { FormDialog } from '../../FormDialog.tsx';
import { useI18n } from '../../i18n.ts';
import { OrgPicker } from '../members/OrgPicker.tsx';
import type { Org } from '../orgs/orgs-api.ts';
import { useGroups } from '../orgs/use-groups.ts';
import { MEETING_TYPES, typeKey } from './meeting-labels.ts';
import { meetingsApi, type Meeting, type MeetingType } from './meetings-api.ts';

interface Values {
  primaryType: MeetingType;
  types?: MeetingType[];
  heldOn: Dayjs;
  startTime?: Dayjs | null;
  online?: boolean;
  place?: string;
  host?: string;
  recorder?: string;
  lecturer?: string;
  topic?: string;
  groupId?: string | null;
  agenda?: string;
  minutes?: string;
}

interface Props {
  /** The branch a new meeting is recorded for, or the meeting's own branch when editing. */
  org: Org;
  home: Org;
  meeting: Meeting | null;
  onClose(): void;
  onSaved(meeting: Meeting): void;
}

const TIME_FORMAT = 'HH:mm';
const text = (value: string | undefined) => (value?.trim() ? value.trim() : null);

function initialValues(meeting: Meeting | null): Partial<Values> {
  if (!meeting) return { primaryType: 'general_meeting', types: [], heldOn: dayjs(), online: false };
  return {
    primaryType: meeting.primaryType,
    types: meeting.types.filter((type) => type !== meeting.primaryType),
    heldOn: dayjs(meeting.heldOn),
    startTime: meeting.startTime ? dayjs(meeting.startTime, TIME_FORMAT) : null,
    online: meeting.online,
    place: meeting.place ?? undefined,
    host: meeting.host ?? undefined,
    recorder: meeting.recorder ?? undefined,
    lecturer: meeting.lecturer ?? undefined,
    topic: meeting.topic ?? undefined,
    groupId: meeting.groupId,
    agenda: meeting.agenda ?? undefined,
    minutes: meeting.minutes ?? undefined,
  };
}

function Fields({ form, groups }: { form: FormInstance<Values>; groups: Org[] }) {
  const { t } = useI18n();
  const primaryType = Form.useWatch('primaryType', form);
  const types = Form.useWatch('types', form) ?? [];
  const online = Form.useWatch('online', form) ?? false;
  const counted = new Set([primaryType, ...types]);
  const lesson = counted.has('party_lesson');
  const group = counted.has('group_meeting');
  return (
    <>
      <div className="meeting-form-row">
        <Form.Item name="primaryType" label={t('meeting.primaryType')} rules={[{ required: true }]}>
          <Select
            options={MEETING_TYPES.map((type) => ({ value: type, label: t(typeKey(type)) }))}
            onChange={(value: MeetingType) => form.setFieldValue('types', types.filter((type) => type !== value))}
            data-testid="meeting-form-type"
          />
        </Form.Item>
        <Form.Item name="heldOn" label={t('meeting.heldOn')} rules={[{ required: true }]}>
          <DatePicker className="meeting-form-date" disabledDate={(date) => date.isAfter(dayjs(), 'day')} allowClear={false} data-testid="meeting-form-date" />
        </Form.Item>
        <Form.Item name="startTime" label={t('meeting.startTime')}>
          <TimePicker format={TIME_FORMAT} minuteStep={5} needConfirm={false} data-testid="meeting-form-time" />
        </Form.Item>
      </div>
      <Form.Item name="types" label={t('meeting.alsoCountsFor')} extra={t('meeting.alsoCountsForHelp')}>
        <Select
          mode="multiple"
          allowClear
          disabled={primaryType === 'other'}
          options={MEETING_TYPES.filter((type) => type !== primaryType && type !== 'other').map((type) => ({ value: type, label: t(typeKey(type)) }))}
          data-testid="meeting-form-types"
        />
      </Form.Item>
      {group && (
        <Form.Item name="groupId" label={t('meeting.group')} rules={[{ required: true, message: t('meeting.groupRequired') }]}>
          <Select options={groups.map((g) => ({ value: g.id, label: g.name }))} notFoundContent={t('meeting.noGroups')} data-testid="meeting-form-group" />
        </Form.Item>
      )}
      {lesson && (
        <div className="meeting-form-row">
          <Form.Item name="lecturer" label={t('meeting.lecturer')} rules={[{ required: true, whitespace: true, message: t('meeting.lecturerRequired') }]}>
            <Input maxLength={50} data-testid="meeting-form-lecturer" />
          </Form.Item>
          <Form.Item name="topic" label={t('meeting.topic')} rules={[{ required: true, whitespace: true, message: t('meeting.topicRequired') }]} className="meeting-form-wide">
            <Input maxLength={200} data-testid="meeting-form-topic" />
          </Form.Item>
        </div>
      )}
      {!lesson && (
        <Form.Item name="topic" label={t('meeting.subject')}>
          <Input maxLength={200} data-testid="meeting-form-topic" />
        </Form.Item>
      )}
      <div className="meeting-form-row">
        <Form.Item name="online" label={t('meeting.online')} valuePropName="checked">
          <Switch data-testid="meeting-form-online" />
        </Form.Item>
        <Form.Item name="place" label={online ? t('meeting.onlinePlace') : t('meeting.place')} className="meeting-form-wide">
          <Input maxLength={200} data-testid="meeting-form-place" />
        </Form.Item>
      </div>
      <div className="meeting-form-row">
        <Form.Item name="host" label={t('meeting.host')}>
          <Input maxLength={50} data-testid="meeting-form-host" />
        </Form.Item>
        <Form.Item name="recorder" label={t('meeting.recorder')}>
          <Input maxLength={50} data-testid="meeting-form-recorder" />
        </Form.Item>
      </div>
      <Form.Item name="agenda" label={t('meeting.agenda')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={10_000} data-testid="meeting-form-agenda" />
      </Form.Item>
      <Form.Item name="minutes" label={t('meeting.minutes')}>
        <Input.TextArea autoSize={{ minRows: 4, maxRows: 16 }} maxLength={100_000} data-testid="meeting-form-minutes" />
      </Form.Item>
    </>
  );
}

export function MeetingFormDialog({ org, home, meeting, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const [branch, setBranch] = useState<Org>(org);
  const groups = useGroups(branch.id);

  const submit = async (values: Values) => {
    const counted = new Set([values.primaryType, ...(values.types ?? [])]);
    const fields = {
      primaryType: values.primaryType,
      types: values.types ?? [],
      heldOn: values.heldOn.format('YYYY-MM-DD'),
      startTime: values.startTime ? values.startTime.format(TIME_FORMAT) : null,
      online: values.online ?? false,
      place: text(values.place),
      host: text(values.host),
      recorder: text(values.recorder),
      lecturer: counted.has('party_lesson') ? text(values.lecturer) : null,
      topic: text(values.topic),
      groupId: counted.has('group_meeting') ? (values.groupId ?? null) : null,
      agenda: text(values.agenda),
      minutes: values.minutes?.trim() ? values.minutes : null,
    };
    onSaved(meeting ? await meetingsApi.update(meeting.id, { version: meeting.version, ...fields }) : await meetingsApi.create({ orgId: branch.id, ...fields }));
  };

  return (
    <FormDialog<Values>
      title={meeting ? t('meeting.edit') : t('meetings.create')}
      initialValues={initialValues(meeting)}
      onSubmit={submit}
      onClose={onClose}
      testId="meeting-form"
    >
      {(form) => (
        <>
          {!meeting && (
            <Form.Item label={t('meeting.org')} required>
              <OrgPicker home={home} value={branch.id} onChange={setBranch} branchesOnly className="meeting-form-org" testId="meeting-form-org" />
            </Form.Item>
          )}
          <Fields form={form} groups={groups} />
        </>
      )}
    </FormDialog>
  );
}
