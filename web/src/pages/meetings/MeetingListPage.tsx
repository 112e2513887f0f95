/**
 * The meetings of an org (and its sub-organizations) month by month: a calendar marking the days with meetings and
 * the list of the month (or of the day picked); 记录会议 for a branch.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Calendar, Card, Empty, Flex, Grid, List, Result, Spin, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useState } from 'react';
import { useI18n } from '../../i18n.ts';
import { followLink, navigate, useLocation } from '../../router.ts';
import { useCan } from '../../session.ts';
import { useLoad } from '../../use-load.ts';
import { isBranch, OrgPicker } from '../members/OrgPicker.tsx';
import { useOrgNames } from '../members/org-names.ts';
import { useHomeOrg } from '../members/use-home-org.ts';
import { useOrg } from '../orgs/use-org.ts';
import { TYPE_COLORS, typeKey } from './meeting-labels.ts';
import { MeetingFormDialog } from './MeetingFormDialog.tsx';
import { meetingsApi, type Meeting } from './meetings-api.ts';
import { meetingHref, meetingsHref } from './paths.ts';

const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
/** A branch holds a few meetings a month; a township's month is still one page. */
const PAGE_SIZE = 200;

export function MeetingTypeTags({ meeting }: { meeting: Pick<Meeting, 'primaryType' | 'types'> }) {
  const { t } = useI18n();
  const others = meeting.types.filter((type) => type !== meeting.primaryType);
  return (
    <span className="meeting-types">
      <Tag color={TYPE_COLORS[meeting.primaryType]}>{t(typeKey(meeting.primaryType))}</Tag>
      {others.map((type) => (
        <Tag key={type} bordered={false} color={TYPE_COLORS[type]}>
          {t('meeting.alsoCounts', { type: t(typeKey(type)) })}
        </Tag>
      ))}
    </span>
  );
}

export function MeetingListPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const { query } = useLocation();
  const { home, error: homeError, retry } = useHomeOrg();
  const phone = Grid.useBreakpoint().md === false;
  const orgId = query.get('org') ?? home?.id;
  const monthParam = query.get('month');
  const month = monthParam && MONTH_PATTERN.test(monthParam) ? monthParam : dayjs().format('YYYY-MM');
  const { data: org, error: orgError } = useOrg(home, orgId);
  const { data: monthPage, error: meetingsError } = useLoad(() => {
    if (!orgId) return null;
    const first = dayjs(`${month}-01`);
    return meetingsApi.list({ orgId, from: first.format('YYYY-MM-DD'), to: first.endOf('month').format('YYYY-MM-DD'), pageSize: PAGE_SIZE });
  }, [orgId, month]);
  const meetings = monthPage?.items ?? null;
  const error = orgError ?? meetingsError;
  const [day, setDay] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const orgNames = useOrgNames(meetings?.map((m) => m.orgId) ?? []);
  const onPickerError = useCallback((text: string) => message.error(text), [message]);

  if (homeError) return <Result status="error" title={homeError} extra={<Button onClick={retry}>{t('common.retry')}</Button>} />;
  if (!home || !orgId) return <Spin className="page-spin" />;

  const byDay = new Map<string, Meeting[]>();
  for (const m of meetings ?? []) byDay.set(m.heldOn, [...(byDay.get(m.heldOn) ?? []), m]);
  const shown = (meetings ?? []).filter((m) => !day || m.heldOn === day);
  const branch = org !== null && org.id === orgId && isBranch(org);
  const showOrg = !branch;

  const cell = (date: Dayjs) => {
    const list = byDay.get(date.format('YYYY-MM-DD')) ?? [];
    if (list.length === 0) return null;
    if (phone) return <span className="meeting-dot" data-testid={`calendar-dot-${date.format('YYYY-MM-DD')}`} />;
    return (
      <ul className="meeting-cell" data-testid={`calendar-${date.format('YYYY-MM-DD')}`}>
        {list.slice(0, 3).map((m) => (
          <li key={m.id}>
            <Tag color={TYPE_COLORS[m.primaryType]}>{t(typeKey(m.primaryType))}</Tag>
          </li>
        ))}
        {list.length > 3 && <li className="meeting-cell-more">{t('meetings.more', { count: list.length - 3 })}</li>}
      </ul>
    );
  };

  return (
    <Card title={t('menu.meetings')} className="meetings-card" data-testid="meetings-page">
      <Flex vertical gap={12}>
        <Flex wrap gap={8} justify="space-between">
          <OrgPicker
            home={home}
            value={orgId}
            onChange={(picked) => {
              setDay(null);
              navigate(meetingsHref(picked.id, month), { replace: true });
            }}
            className="meetings-org-picker"
            testId="meetings-org"
            onError={onPickerError}
          />
          {can('meeting.write') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              disabled={!branch}
              title={branch ? undefined : t('meetings.pickBranch')}
              onClick={() => setCreating(true)}
              data-testid="meeting-create"
            >
              {t('meetings.create')}
            </Button>
          )}
        </Flex>
        {error && <Alert type="error" showIcon title={error} />}
        <div className="meetings-layout">
          <Calendar
            // With no day picked the calendar only shows the month: its first day is not highlighted as chosen.
            className={day ? 'meetings-calendar' : 'meetings-calendar meetings-calendar-month'}
            fullscreen={!phone}
            value={day ? dayjs(day) : dayjs(`${month}-01`)}
            cellRender={(date, info) => (info.type === 'date' ? cell(date) : null)}
            onPanelChange={(date) => {
              setDay(null);
              navigate(meetingsHref(orgId, date.format('YYYY-MM')), { replace: true });
            }}
            onSelect={(date, info) => {
              if (info.source !== 'date') return;
              const iso = date.format('YYYY-MM-DD');
              if (date.format('YYYY-MM') !== month) navigate(meetingsHref(orgId, date.format('YYYY-MM')), { replace: true });
              setDay(day === iso ? null : iso);
            }}
            data-testid="meetings-calendar"
          />
          <div className="meetings-list">
            <Flex align="center" justify="space-between" gap={8} wrap>
              <Typography.Title level={5} className="meetings-list-title" data-testid="meetings-list-title">
                {day ? t('meetings.ofDay', { day }) : t('meetings.ofMonth', { month })}
              </Typography.Title>
              {day && (
                <Button size="small" type="link" onClick={() => setDay(null)} data-testid="meetings-whole-month">
                  {t('meetings.wholeMonth')}
                </Button>
              )}
            </Flex>
            {meetings === null ? (
              <Spin />
            ) : shown.length === 0 ? (
              <Empty description={t('meetings.empty')} />
            ) : (
              <List
                dataSource={shown}
                data-testid="meetings-list"
                renderItem={(m) => (
                  <List.Item key={m.id} data-testid={`meeting-item-${m.heldOn}`}>
                    <a href={meetingHref(m.id)} onClick={(event) => followLink(event, meetingHref(m.id))} className="meeting-link" data-testid={`meeting-link-${m.id}`}>
                      <Flex vertical gap={2}>
                        <span className="meeting-when">
                          {m.heldOn}
                          {m.startTime ? ` ${m.startTime}` : ''}
                          {showOrg && <Typography.Text type="secondary"> · {orgNames.get(m.orgId) ?? '—'}</Typography.Text>}
                        </span>
                        <MeetingTypeTags meeting={m} />
                        {(m.topic || m.place || m.online) && (
                          <Typography.Text type="secondary" ellipsis>
                            {[m.topic, m.online ? t('meeting.online') : m.place].filter(Boolean).join(' · ')}
                          </Typography.Text>
                        )}
                      </Flex>
                    </a>
                  </List.Item>
                )}
              />
            )}
          </div>
        </div>
      </Flex>
      {creating && org && (
        <MeetingFormDialog
          org={org}
          home={home}
          meeting={null}
          onClose={() => setCreating(false)}
          onSaved={(saved) => {
            setCreating(false);
            message.success(t('meetings.created'));
            navigate(meetingHref(saved.id));
          }}
        />
      )}
    </Card>
  );
}
