/**
 * 党费基数: one member's base history (each base from the month it takes effect, with hardship decisions and their
 * approval one level up) and the entry of a new base; the yearly re-declaration of bases for a subtree (who has
 * not declared yet for the year).
 */
import { Alert, App, Button, Card, DatePicker, Empty, Flex, Form, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState, type HTMLAttributes } from 'react';
import { errorMessage } from '../../api.ts';
import { formatIsoDate, today } from '../../dates.ts';
import { useI18n } from '../../i18n.ts';
import { followLink, navigate, useLocation } from '../../router.ts';
import { useCan } from '../../session.ts';
import { FormDialog } from '../../FormDialog.tsx';
import { MemberSelect } from '../members/MemberSelect.tsx';
import { useOrgNames } from '../members/org-names.ts';
import type { Org } from '../orgs/orgs-api.ts';
import { BaseDialog } from './BaseDialog.tsx';
import { duesApi, type Declarations, type DuesBase, type MemberLedger } from './dues-api.ts';
import { formatRate, formatYuan } from './dues-format.ts';
import { categoryKey } from './dues-labels.ts';
import { DuesFrame, withQuery } from './DuesFrame.tsx';
import { BaseFigure, CurrentBase, HardshipTag, MonthsTable, Owed, PaymentsList } from './LedgerParts.tsx';
import { basesHref } from './paths.ts';

function ReviewDialog({ base, decision, onClose, onDone }: { base: DuesBase; decision: 'approved' | 'refused'; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  return (
    <FormDialog<{ reviewedOn: Dayjs }>
      title={t(decision === 'approved' ? 'dues.approveHardship' : 'dues.refuseHardship')}
      danger={decision === 'refused'}
      testId="hardship-review-form"
      initialValues={{ reviewedOn: today() }}
      onClose={onClose}
      onSubmit={async (values) => {
        await duesApi.reviewHardship(base.id, { decision, reviewedOn: formatIsoDate(values.reviewedOn), version: base.version });
        onDone();
      }}
    >
      <Typography.Paragraph>{t('dues.hardshipReviewExplain', { reason: base.hardship?.reason ?? '', decidedOn: base.hardship?.decidedOn ?? '' })}</Typography.Paragraph>
      <Form.Item name="reviewedOn" label={t('dues.reviewedOn')} rules={[{ required: true }]}>
        <DatePicker maxDate={today()} allowClear={false} data-testid="hardship-reviewed-on" />
      </Form.Item>
    </FormDialog>
  );
}

function BasesTable({ ledger, home, onChanged }: { ledger: MemberLedger; home: Org; onChanged(): void }) {
  const { t } = useI18n();
  const can = useCan();
  const [reviewing, setReviewing] = useState<{ base: DuesBase; decision: 'approved' | 'refused' } | null>(null);
  // A branch's hardship decision is approved by a committee above it, so the branch itself sees no buttons.
  const mayReview = can('dues.write') && home.id !== ledger.member.orgId;
  return (
    <>
      <Table<DuesBase>
        size="small"
        rowKey="id"
        dataSource={[...ledger.bases].reverse()}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="bases-table"
        locale={{ emptyText: t('dues.noBaseYet') }}
        onRow={(b) => ({ 'data-testid': `base-row-${b.effectiveMonth}` }) as HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'from', title: t('dues.effectiveMonth'), dataIndex: 'effectiveMonth' },
          { key: 'category', title: t('dues.category'), render: (_, b) => t(categoryKey(b.category)) },
          { key: 'figure', title: t('dues.baseFigure'), render: (_, b) => <BaseFigure base={b} /> },
          {
            key: 'standard',
            title: t('dues.standardDue'),
            align: 'right',
            render: (_, b) => (
              <span title={b.standard.rule.cite}>
                {formatYuan(b.standard.amountFen)}
                {b.standard.rateBasisPoints !== null && <Typography.Text type="secondary"> （{formatRate(b.standard.rateBasisPoints)}）</Typography.Text>}
              </span>
            ),
          },
          { key: 'due', title: t('dues.monthlyDue'), align: 'right', render: (_, b) => <strong title={b.due.rule.cite}>{formatYuan(b.due.amountFen)}</strong> },
          {
            key: 'hardship',
            title: t('dues.hardship'),
            render: (_, b) =>
              b.hardship ? (
                <Flex vertical gap={2} align="start">
                  <HardshipTag base={b} />
                  <Typography.Text type="secondary" className="dues-cite">
                    {b.hardship.reason}
                    {b.hardship.untilMonth ? ` · ${t('dues.until', { month: b.hardship.untilMonth })}` : ''}
                  </Typography.Text>
                  {b.hardship.status === 'pending' && mayReview && (
                    <Space size={4}>
                      <Button size="small" type="primary" onClick={() => setReviewing({ base: b, decision: 'approved' })} data-testid={`hardship-approve-${b.id}`}>
                        {t('dues.approve')}
                      </Button>
                      <Button size="small" danger onClick={() => setReviewing({ base: b, decision: 'refused' })} data-testid={`hardship-refuse-${b.id}`}>
                        {t('dues.refuse')}
                      </Button>
                    </Space>
                  )}
                </Flex>
              ) : (
                '—'
              ),
          },
          { key: 'note', title: t('dues.note'), render: (_, b) => b.note ?? '' },
        ]}
      />
      {reviewing && (
        <ReviewDialog
          base={reviewing.base}
          decision={reviewing.decision}
          onClose={() => setReviewing(null)}
          onDone={() => {
            setReviewing(null);
            onChanged();
          }}
        />
      )}
    </>
  );
}

function MemberBases({ memberId, home }: { memberId: string; home: Org }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const [ledger, setLedger] = useState<MemberLedger | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [adding, setAdding] = useState(false);
  const reload = useCallback(() => setAttempt((a) => a + 1), []);

  useEffect(() => {
    let current = true;
    setError(null);
    duesApi
      .memberLedger(memberId)
      .then((answer) => current && setLedger(answer))
      .catch((caught: unknown) => current && (setLedger(null), setError(errorMessage(caught))));
    return () => {
      current = false;
    };
  }, [memberId, attempt]);

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!ledger || ledger.member.id !== memberId) return <Table loading columns={[]} />;
  return (
    <Flex vertical gap={12} data-testid="member-dues">
      <Flex wrap gap={8} align="center" justify="space-between">
        <Typography.Title level={5} className="dues-section-title">
          {ledger.member.name} <Typography.Text type="secondary">{t('dues.owesFrom', { month: ledger.member.startMonth })}</Typography.Text>
        </Typography.Title>
        {can('dues.write') && (
          <Button type="primary" onClick={() => setAdding(true)} data-testid="base-new">
            {t('dues.newBase')}
          </Button>
        )}
      </Flex>
      <div className="dues-two-columns">
        <CurrentBase ledger={ledger} />
        <Card size="small">
          <Owed ledger={ledger} />
        </Card>
      </div>
      <Typography.Title level={5} className="dues-section-title">
        {t('dues.baseHistory')}
      </Typography.Title>
      <BasesTable ledger={ledger} home={home} onChanged={reload} />
      <Tabs
        size="small"
        items={[
          { key: 'months', label: t('dues.monthsTitle'), children: <MonthsTable ledger={ledger} /> },
          { key: 'payments', label: t('dues.paymentsTitle'), children: <PaymentsList ledger={ledger} /> },
        ]}
      />
      {adding && (
        <BaseDialog
          memberId={memberId}
          memberName={ledger.member.name}
          onClose={() => setAdding(false)}
          onDone={(base) => {
            setAdding(false);
            void message.success(t('dues.baseSaved', { month: base.effectiveMonth, amount: formatYuan(base.due.amountFen) }));
            if (base.hardship?.status === 'pending') void message.info(t('dues.hardshipPending'));
            reload();
          }}
        />
      )}
    </Flex>
  );
}

function MembersTab({ orgId, home }: { orgId: string; home: Org }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { pathname, query } = useLocation();
  const memberId = query.get('member') ?? undefined;
  const onError = useCallback((text: string) => message.error(text), [message]);
  return (
    <Flex vertical gap={12}>
      <MemberSelect
        key={orgId}
        orgId={orgId}
        value={memberId}
        onChange={(id) => navigate(withQuery(pathname, query, { member: id }), { replace: true })}
        testId="bases-member"
        onError={onError}
      />
      {memberId ? <MemberBases key={memberId} memberId={memberId} home={home} /> : <Empty description={t('dues.pickMember')} />}
    </Flex>
  );
}

function DeclarationsTab({ orgId }: { orgId: string }) {
  const { t } = useI18n();
  const thisYear = today().year();
  const [year, setYear] = useState(thisYear);
  const [data, setData] = useState<Declarations | null>(null);
  const [error, setError] = useState<string | null>(null);
  type Undeclared = Declarations['undeclared'][number];
  const names = useOrgNames(data ? data.undeclared.map((m) => m.orgId) : []);

  useEffect(() => {
    let current = true;
    setData(null);
    setError(null);
    duesApi
      .declarations(orgId, year)
      .then((answer) => current && setData(answer))
      .catch((caught: unknown) => current && setError(errorMessage(caught)));
    return () => {
      current = false;
    };
  }, [orgId, year]);

  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={16} align="center">
        <Select<number>
          value={year}
          onChange={setYear}
          options={[thisYear + 1, thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: t('compliance.year', { year: y }) }))}
          data-testid="declarations-year"
        />
        {data && (
          <>
            <Statistic title={t('dues.declared')} value={`${data.declared} / ${data.members}`} data-testid="declarations-count" />
            <Statistic title={t('dues.undeclared')} value={data.undeclared.length} />
          </>
        )}
      </Flex>
      <Typography.Text type="secondary">{t('dues.declarationsExplain', { year })}</Typography.Text>
      {error && <Alert type="error" showIcon title={error} />}
      <Table<Undeclared>
        size="small"
        rowKey="memberId"
        loading={!data && !error}
        dataSource={data?.undeclared ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('dues.allDeclared') }}
        data-testid="declarations-table"
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
          { key: 'org', title: t('dues.branch'), render: (_, m) => names.get(m.orgId) ?? '…' },
          { key: 'latest', title: t('dues.latestBase'), render: (_, m) => m.latestEffectiveMonth ?? <Tag color="orange">{t('dues.state.noBase')}</Tag> },
        ]}
      />
    </Flex>
  );
}

export function BasesPage() {
  const { t } = useI18n();
  const { pathname, query } = useLocation();
  const tab = query.get('tab') === 'declarations' ? 'declarations' : 'members';
  return (
    <DuesFrame title={t('menu.duesBases')} testId="dues-bases">
      {(orgId, home) => (
        <Tabs
          activeKey={tab}
          onChange={(key) => navigate(withQuery(pathname, query, { tab: key === 'members' ? undefined : key }), { replace: true })}
          items={[
            { key: 'members', label: t('dues.basesTab'), children: <MembersTab orgId={orgId} home={home} /> },
            { key: 'declarations', label: t('dues.declarationsTab'), children: <DeclarationsTab orgId={orgId} /> },
          ]}
        />
      )}
    </DuesFrame>
  );
}
