/**
 * One election: its meeting, the 差额 of the candidates, the count with the rule it was judged by, and the
 * confirmation that installs the new committee after the superior's approval.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Flex, Result, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { followLink, navigate } from '../../router.ts';
import { useCan } from '../../session.ts';
import { useLoad } from '../../use-load.ts';
import { meetingHref } from '../meetings/paths.ts';
import { BallotsDialog, CandidatesDialog, ConfirmDialog } from './ElectionDialogs.tsx';
import { StateTag } from './ElectionList.tsx';
import { electionsApi, type Candidate, type Election } from './elections-api.ts';
import { electionsHref } from './paths.ts';

type Dialog = 'candidates' | 'ballots' | 'confirm' | null;
const OUTCOME_COLORS = { elected: 'green', not_elected: 'default', tie: 'orange' } as const;

function MarginLine({ election }: { election: Election }) {
  const { t } = useI18n();
  const m = election.margin;
  return (
    <Flex vertical gap={4} data-testid="election-margin">
      <Flex gap={8} align="center" wrap>
        <Typography.Text strong>{t('elections.margin.title')}</Typography.Text>
        <Tag color={m.enough ? 'green' : 'red'}>{m.enough ? t('elections.margin.enough') : t('elections.margin.short')}</Tag>
        {m.setByOrgId && <Tag>{t('elections.margin.setByLocality')}</Tag>}
      </Flex>
      <Typography.Text>
        {t('elections.margin.text', { seats: m.seats, candidates: m.candidates, actual: Math.max(0, m.actualPercent), percent: m.percent, min: m.minCandidates })}
      </Typography.Text>
      <Typography.Text type="secondary">{t('rule.cite', { cite: m.rule.cite })}</Typography.Text>
    </Flex>
  );
}

function ResultPanel({ election }: { election: Election }) {
  const { t } = useI18n();
  const count = election.count;
  if (!count) return <Typography.Text type="secondary">{t('elections.result.none')}</Typography.Text>;
  const names = (ids: string[]) => election.candidates.filter((c) => ids.includes(c.memberId)).map((c) => c.name).join('、');
  return (
    <Flex vertical gap={6} data-testid="election-result">
      <Typography.Text>{t('elections.result.counts', { should: count.shouldAttend, present: count.present })}</Typography.Text>
      <Alert
        type={count.quorate ? 'success' : 'error'}
        showIcon
        title={count.quorate ? t('elections.result.quorate') : t('elections.result.notQuorate')}
        description={
          count.quorate ? (
            <Flex vertical>
              <span>{t('elections.result.elected', { count: count.elected })}</span>
              {count.tied.length > 0 && <span>{t('elections.result.tied', { names: names(count.tied) })}</span>}
              {count.unfilled > 0 && <span>{t('elections.result.unfilled', { count: count.unfilled })}</span>}
            </Flex>
          ) : undefined
        }
      />
      <Typography.Text type="secondary" data-testid="election-rule">
        {t('rule.cite', { cite: count.rule.cite })}
      </Typography.Text>
    </Flex>
  );
}

export function ElectionDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const can = useCan();
  const { data: election, error, reload, setData: setElection } = useLoad(() => electionsApi.get(id), [id], { keep: true });
  const [dialog, setDialog] = useState<Dialog>(null);

  if (error) return <Result status="error" title={error} extra={<Button onClick={reload}>{t('common.retry')}</Button>} />;
  if (!election) return <Spin className="page-spin" />;

  const open = election.state === 'draft' || election.state === 'counted';
  const writable = open && can('meeting.write');
  const done = (next: Election) => {
    setDialog(null);
    setElection(next);
  };
  const approver = election.approvers.find((a) => a.id === election.approvedByOrgId)?.name ?? '';

  const cancel = () =>
    modal.confirm({
      title: t('elections.cancel.confirm'),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          setElection(await electionsApi.cancel(election.id, election.version));
        } catch (caught) {
          message.error(errorMessage(caught));
        }
      },
    });

  return (
    <Card
      className="members-card"
      data-testid="election-detail"
      title={
        <Flex gap={8} align="center" wrap>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(electionsHref(election.orgId))} aria-label={t('elections.back')} />
          <span>{t('elections.detail.title', { org: election.orgName, date: election.heldOn })}</span>
          <StateTag state={election.state} />
        </Flex>
      }
      extra={
        writable && (
          <Button danger onClick={cancel} data-testid="election-cancel">
            {t('elections.cancel')}
          </Button>
        )
      }
    >
      <Flex vertical gap={16}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
          <Descriptions.Item label={t('elections.col.heldOn')}>{election.heldOn}</Descriptions.Item>
          <Descriptions.Item label={t('elections.col.seats')}>{election.seats}</Descriptions.Item>
          {election.meetingId && (
            <Descriptions.Item label={t('elections.detail.meeting')}>
              <a href={meetingHref(election.meetingId)} onClick={(event) => followLink(event, meetingHref(election.meetingId ?? ''))}>
                {election.heldOn}
              </a>
            </Descriptions.Item>
          )}
        </Descriptions>

        <MarginLine election={election} />

        <Flex vertical gap={8}>
          <Flex justify="space-between" align="center" wrap gap={8}>
            <Typography.Title level={5} className="section-title">
              {t('elections.candidates.title')}
            </Typography.Title>
            {writable && (
              <Flex gap={8} wrap>
                <Button onClick={() => setDialog('candidates')} data-testid="election-set-candidates">
                  {t('elections.candidates.edit')}
                </Button>
                <Button onClick={() => setDialog('ballots')} disabled={election.candidates.length === 0} data-testid="election-enter-ballots">
                  {t('elections.ballots.enter')}
                </Button>
              </Flex>
            )}
          </Flex>
          <Table<Candidate>
            size="small"
            rowKey="memberId"
            dataSource={election.candidates}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('elections.candidates.empty') }}
            columns={[
              { key: 'name', title: t('elections.candidates.name'), dataIndex: 'name' },
              { key: 'votes', title: t('elections.candidates.votes'), render: (_, c) => c.votes ?? '—' },
              {
                key: 'result',
                title: t('elections.candidates.result'),
                render: (_, c) => (c.result ? <Tag color={OUTCOME_COLORS[c.result]}>{t(`elections.outcome.${c.result}`)}</Tag> : '—'),
              },
              { key: 'position', title: t('elections.candidates.position'), render: (_, c) => (c.position ? t(`elections.position.${c.position}`) : '—') },
            ]}
          />
          <Typography.Text type="secondary">{t('rule.cite', { cite: election.eligibilityRule.cite })}</Typography.Text>
        </Flex>

        <Flex vertical gap={8}>
          <Typography.Title level={5} className="section-title">
            {t('elections.result.title')}
          </Typography.Title>
          <ResultPanel election={election} />
        </Flex>

        {election.state === 'counted' && can('committee.write') && (
          <Flex>
            <Button type="primary" onClick={() => setDialog('confirm')} data-testid="election-confirm">
              {t('elections.confirm.button')}
            </Button>
          </Flex>
        )}
        {election.state === 'confirmed' && (
          <Alert
            type="success"
            showIcon
            data-testid="election-confirmed"
            title={t('elections.confirmed.text', { date: election.approvedOn ?? '', approver })}
            description={
              <a href="/orgs" onClick={(event) => followLink(event, '/orgs')}>
                {t('elections.confirmed.committee')}
              </a>
            }
          />
        )}
      </Flex>
      {dialog === 'candidates' && <CandidatesDialog election={election} onClose={() => setDialog(null)} onDone={done} />}
      {dialog === 'ballots' && <BallotsDialog election={election} onClose={() => setDialog(null)} onDone={done} />}
      {dialog === 'confirm' && (
        <ConfirmDialog
          election={election}
          onClose={() => setDialog(null)}
          onDone={(next) => {
            done(next);
            message.success(t('elections.confirm.done'));
          }}
        />
      )}
    </Card>
  );
}
