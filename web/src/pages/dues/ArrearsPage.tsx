/**
 * 欠缴党费 and 党章第九条: members of the subtree with unpaid months, per branch, as of a day; and the members with
 * six consecutive unpaid months (without an approved exemption) beside those absent from organizational life for
 * six months — both halves of 第九条. The system flags; the branch records what people decided.
 */
import { Alert, Button, Collapse, DatePicker, Flex, Form, Input, Select, Table, Tabs, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState, type HTMLAttributes } from 'react';
import { errorMessage } from '../../api.ts';
import { formatIsoDate, fromIsoDate, today } from '../../dates.ts';
import { useI18n } from '../../i18n.ts';
import { followLink, navigate, useLocation } from '../../router.ts';
import { useCan } from '../../session.ts';
import { FormDialog } from '../../FormDialog.tsx';
import { duesApi, LAPSE_OUTCOMES, type Arrears, type ArrearsMember, type ArticleNine, type ArticleNineMember, type LapseOutcome } from './dues-api.ts';
import { formatYuan } from './dues-format.ts';
import { outcomeKey } from './dues-labels.ts';
import { DuesFrame, withQuery } from './DuesFrame.tsx';
import { basesHref } from './paths.ts';

interface Flag {
  memberId: string;
  name: string;
  from: string;
  to: string;
  months: number;
}

function DecisionDialog({ flag, onClose, onDone }: { flag: Flag; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  return (
    <FormDialog<{ outcome: LapseOutcome; decidedOn: Dayjs; note?: string }>
      title={t('dues.decideTitle', { name: flag.name })}
      testId="lapse-decision-form"
      initialValues={{ outcome: 'reminded', decidedOn: today() }}
      onClose={onClose}
      onSubmit={async (values) => {
        await duesApi.decideLapse({
          memberId: flag.memberId,
          streakFrom: flag.from,
          streakTo: flag.to,
          outcome: values.outcome,
          decidedOn: formatIsoDate(values.decidedOn),
          note: values.note?.trim() ? values.note.trim() : null,
        });
        onDone();
      }}
    >
      <Typography.Paragraph>{t('dues.decideExplain', { from: flag.from, to: flag.to, months: flag.months })}</Typography.Paragraph>
      <Form.Item name="outcome" label={t('dues.decision')} rules={[{ required: true }]} extra={t('dues.decisionHelp')}>
        <Select options={LAPSE_OUTCOMES.map((o) => ({ value: o, label: t(outcomeKey(o)) }))} data-testid="lapse-outcome" />
      </Form.Item>
      <Form.Item name="decidedOn" label={t('dues.decidedOn')} rules={[{ required: true }]}>
        <DatePicker maxDate={today()} allowClear={false} />
      </Form.Item>
      <Form.Item name="note" label={t('dues.note')}>
        <Input.TextArea rows={3} maxLength={1000} data-testid="lapse-note" />
      </Form.Item>
    </FormDialog>
  );
}

type Decision = NonNullable<ArrearsMember['decision']>;

function DecisionCell({ decision }: { decision: Decision | null }) {
  const { t } = useI18n();
  if (!decision) return <Tag color="orange">{t('dues.undecided')}</Tag>;
  return (
    <Flex vertical align="start" gap={2}>
      <Tag color={decision.outcome === 'lapsed' ? 'red' : 'green'}>{t(outcomeKey(decision.outcome as LapseOutcome))}</Tag>
      <Typography.Text type="secondary" className="dues-cite">
        {decision.decidedOn}
        {decision.note ? ` · ${decision.note}` : ''}
      </Typography.Text>
    </Flex>
  );
}

/** Loads again whenever `key` changes (it names everything `load` reads) or `reload` is called. */
function useLoaded<T>(load: () => Promise<T>, key: string): { data: T | null; error: string | null; reload(): void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    setData(null);
    setError(null);
    load()
      .then((answer) => current && setData(answer))
      .catch((caught: unknown) => current && setError(errorMessage(caught)));
    return () => {
      current = false;
    };
  }, [key, attempt]);
  return { data, error, reload: useCallback(() => setAttempt((a) => a + 1), []) };
}

function ArrearsList({ orgId, asOf }: { orgId: string; asOf: string | undefined }) {
  const { t } = useI18n();
  const can = useCan();
  const { data, error, reload } = useLoaded<Arrears>(() => duesApi.arrears(orgId, asOf), `${orgId}@${asOf ?? ''}`);
  const [deciding, setDeciding] = useState<Flag | null>(null);

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!data) return <Table loading columns={[]} />;
  const members = data.branches.reduce((a, b) => a + b.members.length, 0);
  return (
    <Flex vertical gap={12}>
      <Alert
        type="info"
        showIcon
        title={t('dues.arrearsExplain', { through: data.throughMonth, members, flagged: data.flaggedCount, months: data.rule.consecutiveMonths })}
        description={<Typography.Text type="secondary">{t('rule.cite', { cite: data.rule.cite })}</Typography.Text>}
        data-testid="arrears-summary"
      />
      {data.branches.length === 0 ? (
        <Alert type="success" showIcon title={t('dues.noArrears')} />
      ) : (
        <Collapse
          defaultActiveKey={data.branches.slice(0, 3).map((b) => b.orgId)}
          data-testid="arrears-branches"
          items={data.branches.map((b) => ({
            key: b.orgId,
            label: (
              <span>
                {b.name} <Typography.Text type="secondary">{t('dues.arrearsCount', { count: b.members.length })}</Typography.Text>
                {b.members.some((m) => m.flagged) && (
                  <Tag color="red" className="dues-tag-after">
                    {t('dues.flaggedCount', { count: b.members.filter((m) => m.flagged).length })}
                  </Tag>
                )}
              </span>
            ),
            children: (
              <Table<ArrearsMember>
                size="small"
                rowKey="memberId"
                dataSource={b.members}
                pagination={{ pageSize: 50, hideOnSinglePage: true }}
                scroll={{ x: 'max-content' }}
                onRow={(m) => ({ 'data-testid': `arrears-row-${m.memberId}` }) as HTMLAttributes<HTMLElement>}
                columns={[
                  {
                    key: 'name',
                    title: t('dues.member'),
                    render: (_, m) => (
                      <a href={basesHref(m.orgId, m.memberId)} onClick={(event) => followLink(event, basesHref(m.orgId, m.memberId))}>
                        {m.name}
                      </a>
                    ),
                  },
                  { key: 'months', title: t('dues.unpaidMonths'), align: 'right', render: (_, m) => m.unpaidMonths.length },
                  {
                    key: 'list',
                    title: t('dues.months'),
                    render: (_, m) => (
                      <Typography.Text className="dues-month-list" ellipsis={{ tooltip: m.unpaidMonths.join('、') }}>
                        {m.unpaidMonths.join('、')}
                      </Typography.Text>
                    ),
                  },
                  { key: 'owed', title: t('dues.outstanding'), align: 'right', render: (_, m) => formatYuan(m.outstandingFen) },
                  { key: 'consecutive', title: t('dues.consecutive'), align: 'right', render: (_, m) => m.consecutiveUnpaidMonths },
                  {
                    key: 'flag',
                    title: t('dues.articleNineFlag'),
                    render: (_, m) =>
                      m.flagged ? (
                        <Flex vertical align="start" gap={2}>
                          <Tag color="red" data-testid={`arrears-flag-${m.memberId}`}>
                            {t('dues.flagged', { from: m.flagged.from, to: m.flagged.to, months: m.flagged.months })}
                          </Tag>
                          <DecisionCell decision={m.decision} />
                        </Flex>
                      ) : (
                        '—'
                      ),
                  },
                  ...(can('dues.write')
                    ? [
                        {
                          key: 'actions',
                          title: t('common.actions'),
                          render: (_: unknown, m: ArrearsMember) =>
                            m.flagged ? (
                              <Button size="small" onClick={() => m.flagged && setDeciding({ memberId: m.memberId, name: m.name, ...m.flagged })} data-testid={`arrears-decide-${m.memberId}`}>
                                {t('dues.decide')}
                              </Button>
                            ) : null,
                        },
                      ]
                    : []),
                ]}
              />
            ),
          }))}
        />
      )}
      {deciding && (
        <DecisionDialog
          flag={deciding}
          onClose={() => setDeciding(null)}
          onDone={() => {
            setDeciding(null);
            reload();
          }}
        />
      )}
    </Flex>
  );
}

function ArticleNineList({ orgId, asOf }: { orgId: string; asOf: string | undefined }) {
  const { t } = useI18n();
  const can = useCan();
  const { data, error, reload } = useLoaded<ArticleNine>(() => duesApi.articleNine(orgId, asOf), `${orgId}@${asOf ?? ''}`);
  const [deciding, setDeciding] = useState<Flag | null>(null);

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!data) return <Table loading columns={[]} />;
  return (
    <Flex vertical gap={12}>
      <Alert
        type="warning"
        showIcon
        title={t('dues.articleNineExplain', { months: data.rules.dues.consecutiveMonths })}
        description={
          <Flex vertical gap={2}>
            <Typography.Text type="secondary">{t('rule.cite', { cite: data.rules.dues.cite })}</Typography.Text>
            <Typography.Text type="secondary">{t('rule.cite', { cite: data.rules.absence.cite })}</Typography.Text>
          </Flex>
        }
      />
      <Table<ArticleNineMember>
        size="small"
        rowKey="memberId"
        dataSource={data.members}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('dues.articleNineEmpty') }}
        data-testid="article-nine-table"
        onRow={(m) => ({ 'data-testid': `article-nine-row-${m.memberId}` }) as HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'name', title: t('dues.member'), dataIndex: 'name' },
          { key: 'branch', title: t('dues.branch'), dataIndex: 'orgName' },
          {
            key: 'dues',
            title: t('dues.duesHalf'),
            render: (_, m) => (m.dues ? <Tag color="red">{t('dues.flagged', { from: m.dues.from, to: m.dues.to, months: m.dues.months })}</Tag> : '—'),
          },
          {
            key: 'absence',
            title: t('dues.absenceHalf'),
            render: (_, m) =>
              m.absence ? (
                <Tag color={m.absence.ongoing ? 'red' : 'default'}>
                  {t('dues.absent', { from: m.absence.firstMonth, to: m.absence.lastMonth, months: m.absence.months })}
                </Tag>
              ) : (
                '—'
              ),
          },
          { key: 'decision', title: t('dues.decision'), render: (_, m) => (m.dues ? <DecisionCell decision={m.dues.decision} /> : '—') },
          ...(can('dues.write')
            ? [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  render: (_: unknown, m: ArticleNineMember) =>
                    m.dues ? (
                      <Button size="small" onClick={() => m.dues && setDeciding({ memberId: m.memberId, name: m.name, from: m.dues.from, to: m.dues.to, months: m.dues.months })} data-testid={`article-nine-decide-${m.memberId}`}>
                        {t('dues.decide')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {deciding && (
        <DecisionDialog
          flag={deciding}
          onClose={() => setDeciding(null)}
          onDone={() => {
            setDeciding(null);
            reload();
          }}
        />
      )}
    </Flex>
  );
}

export function ArrearsPage() {
  const { t } = useI18n();
  const { pathname, query } = useLocation();
  const asOf = query.get('asOf') ?? undefined;
  const tab = query.get('tab') === 'article-nine' ? 'article-nine' : 'arrears';
  return (
    <DuesFrame
      title={t('menu.duesArrears')}
      testId="dues-arrears"
      controls={() => (
        <Flex gap={8} align="center">
          <span>{t('dues.asOf')}</span>
          <DatePicker
            value={fromIsoDate(asOf) ?? today()}
            maxDate={today()}
            allowClear={false}
            onChange={(value) => navigate(withQuery(pathname, query, { asOf: value ? formatIsoDate(value) : undefined }), { replace: true })}
            data-testid="arrears-as-of"
          />
        </Flex>
      )}
    >
      {(orgId) => (
        <Tabs
          activeKey={tab}
          onChange={(key) => navigate(withQuery(pathname, query, { tab: key === 'arrears' ? undefined : key }), { replace: true })}
          items={[
            { key: 'arrears', label: t('dues.arrearsTab'), children: <ArrearsList orgId={orgId} asOf={asOf} /> },
            { key: 'article-nine', label: t('dues.articleNineTab'), children: <ArticleNineList orgId={orgId} asOf={asOf} /> },
          ]}
        />
      )}
    </DuesFrame>
  );
}
