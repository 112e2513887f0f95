/**
 * Attendance at a meeting: the expected attendees (the roster on the meeting's date, from the server), each
 * present / on leave (with a reason) / absent, saved at once. For a 支委会 the secretary marks who sits on the
 * committee; the others are left out. Members who checked in by code show as present.
 */
import { CheckOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Input, Radio, Spin, Table, Tag, Typography } from 'antd';
import { useEffect, useState, type HTMLAttributes } from 'react';
import { errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { errorLines, readFieldError } from '../../server-errors.ts';
import { attendanceKey } from './meeting-labels.ts';
import { meetingsApi, type Attendance, type AttendanceEntry, type AttendanceStatus, type Meeting } from './meetings-api.ts';

/** 'excluded' exists on the page only: a member of the branch who is not on the committee of a 支委会. */
type Choice = AttendanceStatus | 'excluded';
interface Row {
  memberId: string;
  name: string;
  voting: boolean;
  choice: Choice;
  reason: string;
}

const STATUSES: readonly AttendanceStatus[] = ['present', 'leave', 'absent'];

function rowsOf(attendance: Attendance, committee: boolean): Row[] {
  return attendance.entries.map((e: AttendanceEntry) => ({
    memberId: e.memberId,
    name: e.name,
    voting: e.voting,
    // Before a 支委会 is recorded, the entries are the branch's members to choose the committee from.
    choice: committee && !attendance.recorded ? 'excluded' : e.status,
    reason: e.reason ?? '',
  }));
}

export function AttendanceSummary({ attendance }: { attendance: Attendance }) {
  const { t } = useI18n();
  return (
    <Flex wrap gap={16} className="attendance-summary" data-testid="attendance-summary">
      <span>
        {t('attendance.expected')} <b data-testid="attendance-expected">{attendance.expected}</b>
      </span>
      <span>
        {t('attendance.present')} <b data-testid="attendance-present">{attendance.present}</b>
      </span>
      <span>
        {t('attendance.leave')} <b>{attendance.leave}</b>
      </span>
      <span>
        {t('attendance.absent')} <b>{attendance.absent}</b>
      </span>
      <span data-testid="attendance-voting">{t('attendance.voting', { present: attendance.votingPresent, expected: attendance.votingExpected })}</span>
    </Flex>
  );
}

interface Props {
  meeting: Meeting;
  canWrite: boolean;
  /** Told after a save: the votes evaluate on the attendance. */
  onSaved(attendance: Attendance): void;
}

export function AttendancePanel({ meeting, canWrite, onSaved }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const committee = meeting.primaryType === 'committee_meeting';
  const [attendance, setAttendance] = useState<Attendance | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string[] | null>(null);

  useEffect(() => {
    let current = true;
    meetingsApi
      .attendance(meeting.id)
      .then((answer) => {
        if (!current) return;
        setAttendance(answer);
        setRows(rowsOf(answer, committee));
        setDirty(false);
      })
      .catch((caught: unknown) => current && setError([errorMessage(caught)]));
    return () => {
      current = false;
    };
  }, [meeting.id, committee]);

  const change = (memberId: string, patch: Partial<Row>) => {
    setRows((all) => all.map((r) => (r.memberId === memberId ? { ...r, ...patch } : r)));
    setDirty(true);
    setError(null);
  };

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const entries = rows
        .filter((r) => r.choice !== 'excluded')
        .map((r) => ({ memberId: r.memberId, status: r.choice as AttendanceStatus, reason: r.choice === 'leave' ? r.reason.trim() || null : null }));
      const saved = await meetingsApi.recordAttendance(meeting.id, entries);
      setAttendance(saved);
      setRows(rowsOf(saved, committee));
      setDirty(false);
      message.success(t('attendance.saved'));
      onSaved(saved);
    } catch (caught) {
      setError(errorLines(readFieldError(caught)));
    } finally {
      setSaving(false);
    }
  };

  const allPresent = () => {
    setRows((all) => all.map((r) => (r.choice === 'excluded' ? r : { ...r, choice: 'present' })));
    setDirty(true);
  };

  const choices: Choice[] = committee ? [...STATUSES, 'excluded'] : [...STATUSES];
  const missingReason = rows.some((r) => r.choice === 'leave' && !r.reason.trim());

  return (
    <Card
      size="small"
      title={t('attendance.title')}
      data-testid="attendance-panel"
      extra={
        canWrite && (
          <Flex gap={8}>
            <Button size="small" icon={<CheckOutlined />} onClick={allPresent} data-testid="attendance-all-present">
              {t('attendance.allPresent')}
            </Button>
            <Button size="small" type="primary" loading={saving} disabled={!dirty || missingReason} onClick={() => void save()} data-testid="attendance-save">
              {t('common.save')}
            </Button>
          </Flex>
        )
      }
    >
      {attendance === null && !error ? (
        <Spin />
      ) : (
        <Flex vertical gap={8}>
          {attendance && <AttendanceSummary attendance={attendance} />}
          {attendance && !attendance.recorded && (
            <Typography.Text type="secondary" data-testid="attendance-not-recorded">
              {committee ? t('attendance.chooseCommittee') : t('attendance.notRecorded')}
            </Typography.Text>
          )}
          {error && <Alert type="error" showIcon title={error[0]} description={error[1]} data-testid="attendance-error" />}
          <Table<Row>
            size="small"
            rowKey="memberId"
            pagination={false}
            dataSource={rows}
            data-testid="attendance-table"
            onRow={(r) => ({ 'data-testid': `attendance-row-${r.name}` }) as HTMLAttributes<HTMLElement>}
            columns={[
              {
                key: 'name',
                title: t('attendance.member'),
                render: (_: unknown, r) => (
                  <span className="attendance-name">
                    {r.name}
                    {!r.voting && (
                      <Tag className="tag-after" bordered={false}>
                        {t('attendance.noVote')}
                      </Tag>
                    )}
                  </span>
                ),
              },
              {
                key: 'status',
                title: t('attendance.status'),
                render: (_: unknown, r) => (
                  <Flex wrap gap={6} align="center">
                    <Radio.Group
                      size="small"
                      optionType="button"
                      buttonStyle="solid"
                      disabled={!canWrite}
                      value={r.choice}
                      onChange={(event) => change(r.memberId, { choice: event.target.value as Choice })}
                      options={choices.map((c) => ({ value: c, label: t(c === 'excluded' ? 'attendance.excluded' : attendanceKey(c)) }))}
                      data-testid={`attendance-status-${r.name}`}
                    />
                    {r.choice === 'leave' && (
                      <Input
                        size="small"
                        className="attendance-reason"
                        placeholder={t('attendance.reason')}
                        status={r.reason.trim() ? undefined : 'error'}
                        value={r.reason}
                        disabled={!canWrite}
                        maxLength={200}
                        onChange={(event) => change(r.memberId, { reason: event.target.value })}
                        data-testid={`attendance-reason-${r.name}`}
                      />
                    )}
                  </Flex>
                ),
              },
            ]}
          />
        </Flex>
      )}
    </Card>
  );
}
