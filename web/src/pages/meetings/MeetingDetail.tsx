/**
 * One meeting: its record (types it counts for, when and where, who hosted and recorded, the 党课's lecturer and
 * topic, agenda and minutes), the attendance, the check-in code, the votes and the attached photos and files.
 */
import { ArrowLeftOutlined, EditOutlined, QrcodeOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Flex, Result, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { todayInChina } from '../../../../src/lib/dates.ts';
import { formatDateTime } from '../../dates.ts';
import { useI18n } from '../../i18n.ts';
import { followLink } from '../../router.ts';
import { useCan } from '../../session.ts';
import { useLoad } from '../../use-load.ts';
import { useHomeOrg } from '../members/use-home-org.ts';
import { orgsApi } from '../orgs/orgs-api.ts';
import { AttachmentsPanel } from './AttachmentsPanel.tsx';
import { AttendancePanel } from './AttendancePanel.tsx';
import { CheckInCodeDialog } from './CheckInCodeDialog.tsx';
import { typeKey } from './meeting-labels.ts';
import { MeetingFormDialog } from './MeetingFormDialog.tsx';
import { MeetingTypeTags } from './MeetingListPage.tsx';
import { meetingsApi } from './meetings-api.ts';
import { meetingsHref } from './paths.ts';
import { VotesPanel } from './VotesPanel.tsx';

type Dialog = 'edit' | 'code' | null;

export function MeetingDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const { home } = useHomeOrg();
  const { data: meeting, error, setData: setMeeting } = useLoad(() => meetingsApi.get(id), [id], { keep: true });
  const orgId = meeting?.orgId;
  const groupId = meeting?.groupId;
  const { data: org } = useLoad(() => (orgId ? orgsApi.get(orgId) : null), [orgId], { keep: true });
  const { data: group } = useLoad(() => (groupId ? orgsApi.get(groupId) : null), [groupId], { keep: true });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [attendanceRevision, setAttendanceRevision] = useState(0);
  const canWrite = can('meeting.write');

  if (error) return <Result status="404" title={error} extra={<Button onClick={() => history.back()}>{t('meeting.back')}</Button>} />;
  if (!meeting) return <Spin className="page-spin" />;

  const back = meetingsHref(meeting.orgId, meeting.heldOn.slice(0, 7));
  // The server issues codes for the meetings of today in China, whatever the browser's time zone.
  const today = meeting.heldOn === todayInChina();
  const dash = '—';
  const lesson = meeting.types.includes('party_lesson');

  return (
    <Flex vertical gap={12} className="meeting-detail" data-testid="meeting-detail">
      <Card size="small">
        <Flex vertical gap={8}>
          <a href={back} onClick={(event) => followLink(event, back)} className="member-back" data-testid="meeting-back">
            <ArrowLeftOutlined /> {t('meeting.back')}
          </a>
          <Flex wrap align="center" justify="space-between" gap={8}>
            <Flex wrap align="center" gap={8}>
              <Typography.Title level={4} className="meeting-title" data-testid="meeting-title">
                {t(typeKey(meeting.primaryType))} · {meeting.heldOn}
              </Typography.Title>
              <MeetingTypeTags meeting={meeting} />
              {meeting.enteredLate && (
                <Tag color="warning" data-testid="meeting-entered-late">
                  {t('meeting.enteredLate', { at: formatDateTime(meeting.enteredAt) })}
                </Tag>
              )}
            </Flex>
            {canWrite && (
              <Flex gap={8} wrap>
                <Button icon={<QrcodeOutlined />} disabled={!today} title={today ? undefined : t('checkIn.onlyToday')} onClick={() => setDialog('code')} data-testid="meeting-check-in-code">
                  {t('checkIn.code')}
                </Button>
                <Button icon={<EditOutlined />} disabled={!org || !home} onClick={() => setDialog('edit')} data-testid="meeting-edit">
                  {t('meeting.edit')}
                </Button>
              </Flex>
            )}
          </Flex>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 1, md: 2, lg: 3 }}
            data-testid="meeting-fields"
            items={[
              { key: 'org', label: t('meeting.org'), children: org?.name ?? dash },
              { key: 'when', label: t('meeting.heldOn'), children: `${meeting.heldOn}${meeting.startTime ? ` ${meeting.startTime}` : ''}` },
              { key: 'place', label: meeting.online ? t('meeting.onlinePlace') : t('meeting.place'), children: meeting.online ? `${t('meeting.online')}${meeting.place ? ` · ${meeting.place}` : ''}` : (meeting.place ?? dash) },
              { key: 'host', label: t('meeting.host'), children: meeting.host ?? dash },
              { key: 'recorder', label: t('meeting.recorder'), children: meeting.recorder ?? dash },
              ...(lesson ? [{ key: 'lecturer', label: t('meeting.lecturer'), children: meeting.lecturer ?? dash }] : []),
              { key: 'topic', label: lesson ? t('meeting.topic') : t('meeting.subject'), children: meeting.topic ?? dash },
              ...(meeting.groupId ? [{ key: 'group', label: t('meeting.group'), children: group?.name ?? dash }] : []),
              { key: 'entered', label: t('meeting.enteredAt'), children: formatDateTime(meeting.enteredAt) },
            ]}
          />
          {meeting.agenda && (
            <div>
              <Typography.Text strong>{t('meeting.agenda')}</Typography.Text>
              <Typography.Paragraph className="pre-line" data-testid="meeting-agenda">
                {meeting.agenda}
              </Typography.Paragraph>
            </div>
          )}
          <div>
            <Typography.Text strong>{t('meeting.minutes')}</Typography.Text>
            <Typography.Paragraph className="pre-line meeting-minutes" type={meeting.minutes ? undefined : 'secondary'} data-testid="meeting-minutes">
              {meeting.minutes ?? t('meeting.noMinutes')}
            </Typography.Paragraph>
          </div>
        </Flex>
      </Card>
      <AttendancePanel key={meeting.version} meeting={meeting} canWrite={canWrite} onSaved={() => setAttendanceRevision((n) => n + 1)} />
      <VotesPanel meeting={meeting} canWrite={canWrite} revision={attendanceRevision} />
      <AttachmentsPanel meetingId={meeting.id} canWrite={canWrite} />
      {dialog === 'code' && <CheckInCodeDialog meetingId={meeting.id} onClose={() => setDialog(null)} />}
      {dialog === 'edit' && org && home && (
        <MeetingFormDialog
          org={org}
          home={home}
          meeting={meeting}
          onClose={() => setDialog(null)}
          onSaved={(saved) => {
            setDialog(null);
            setMeeting(saved);
            message.success(t('common.saved'));
          }}
        />
      )}
    </Flex>
  );
}
