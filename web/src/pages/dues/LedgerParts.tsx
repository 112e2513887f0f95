/**
 * Pieces of one member's dues shown both to the branch (the bases page) and to the member (我的党费): the base in
 * force with the rule it came from, what is owed, the months and the payments.
 */
import { Alert, Descriptions, Flex, List, Statistic, Table, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useI18n } from '../../i18n.ts';
import type { DuesBase, MemberLedger } from './dues-api.ts';
import { formatRate, formatYuan } from './dues-format.ts';
import { categoryKey, hardshipKindKey, hardshipStatusKey, HARDSHIP_STATUS_COLORS, methodKey, paymentKindKey } from './dues-labels.ts';

/** The base's own figure: the income, the quarter's incomes or the farmer's amount. */
export function BaseFigure({ base }: { base: DuesBase }) {
  const { t } = useI18n();
  if (base.monthlyIncomeFen !== null) return <>{t('dues.incomeOf', { amount: formatYuan(base.monthlyIncomeFen) })}</>;
  if (base.previousQuarterIncomeFen) return <>{t('dues.quarterIncomesOf', { amounts: base.previousQuarterIncomeFen.map(formatYuan).join(' / ') })}</>;
  if (base.farmerAmountFen !== null) return <>{t('dues.farmerAmountOf', { amount: formatYuan(base.farmerAmountFen) })}</>;
  return <>{t('dues.flatAmount')}</>;
}

export function HardshipTag({ base }: { base: DuesBase }) {
  const { t } = useI18n();
  if (!base.hardship) return null;
  const h = base.hardship;
  return (
    <Tag color={HARDSHIP_STATUS_COLORS[h.status]} data-testid={`hardship-${base.id}`}>
      {t(hardshipKindKey(h.kind))}
      {h.kind === 'reduced' && h.amountFen !== null ? ` ¥${formatYuan(h.amountFen)}` : ''} · {t(hardshipStatusKey(h.status))}
    </Tag>
  );
}

export function CurrentBase({ ledger }: { ledger: MemberLedger }) {
  const { t } = useI18n();
  const base = ledger.base;
  if (!base) return <Alert type="warning" showIcon title={t('dues.noBaseYet')} data-testid="ledger-no-base" />;
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      className="dues-base-descriptions"
      data-testid="ledger-base"
      items={[
        { key: 'category', label: t('dues.category'), children: t(categoryKey(base.category)) },
        { key: 'figure', label: t('dues.baseFigure'), children: <BaseFigure base={base} /> },
        { key: 'from', label: t('dues.effectiveMonth'), children: base.effectiveMonth },
        {
          key: 'due',
          label: t('dues.monthlyDue'),
          children: (
            <Flex vertical gap={2}>
              <span>
                <strong data-testid="ledger-monthly-due">¥{formatYuan(base.due.amountFen)}</strong>
                {base.due.rateBasisPoints !== null && <Typography.Text type="secondary"> （{formatRate(base.due.rateBasisPoints)}）</Typography.Text>}
                {base.hardship && <HardshipTag base={base} />}
              </span>
              <Typography.Text type="secondary" className="dues-cite">
                {base.due.rule.cite}
              </Typography.Text>
            </Flex>
          ),
        },
        ...(base.quarterlyConsentOn ? [{ key: 'quarterly', label: t('dues.quarterlyConsent'), children: base.quarterlyConsentOn }] : []),
      ]}
    />
  );
}

export function Owed({ ledger }: { ledger: MemberLedger }) {
  const { t } = useI18n();
  return (
    <Flex wrap gap={24} align="center">
      <Statistic
        title={t('dues.owed')}
        prefix="¥"
        value={formatYuan(ledger.owedFen)}
        styles={{ content: { color: ledger.owedFen > 0 ? '#c8161d' : '#389e0d' } }}
        data-testid="ledger-owed"
      />
      <Statistic title={t('dues.unpaidMonths')} value={ledger.unpaidMonths.length} data-testid="ledger-unpaid-count" />
      {ledger.unpaidMonths.length > 0 && (
        <Typography.Text type="secondary" className="dues-unpaid-list" data-testid="ledger-unpaid">
          {ledger.unpaidMonths.join('、')}
        </Typography.Text>
      )}
    </Flex>
  );
}

type MonthLine = MemberLedger['months'][number];

/** The months, newest first; `limit` keeps a phone's list short. */
export function MonthsTable({ ledger, limit }: { ledger: MemberLedger; limit?: number }) {
  const { t } = useI18n();
  const months = [...ledger.months].reverse().slice(0, limit ?? ledger.months.length);
  return (
    <Table<MonthLine>
      size="small"
      rowKey="month"
      dataSource={months}
      pagination={months.length > 24 ? { pageSize: 24, size: 'small' } : false}
      data-testid="ledger-months"
      onRow={(m) => ({ 'data-testid': `ledger-month-${m.month}` }) as HTMLAttributes<HTMLElement>}
      columns={[
        { key: 'month', title: t('dues.month'), dataIndex: 'month' },
        { key: 'due', title: t('dues.due'), align: 'right', render: (_, m) => formatYuan(m.dueFen) },
        { key: 'paid', title: t('dues.paidAmount'), align: 'right', render: (_, m) => formatYuan(m.paidFen) },
        {
          key: 'state',
          title: t('dues.state'),
          render: (_, m) =>
            m.dueFen === 0 ? <Tag>{t('dues.state.exempt')}</Tag> : m.outstandingFen === 0 ? <Tag color="green">{t('dues.state.paid')}</Tag> : <Tag color="red">{t('dues.owesAmount', { amount: formatYuan(m.outstandingFen) })}</Tag>,
        },
      ]}
    />
  );
}

type PaymentLine = MemberLedger['payments'][number];

export function PaymentsList({ ledger }: { ledger: MemberLedger }) {
  const { t } = useI18n();
  const reversed = new Set(ledger.payments.map((p) => p.reversesPaymentId).filter((id): id is string => id !== null));
  return (
    <List<PaymentLine>
      size="small"
      dataSource={ledger.payments}
      locale={{ emptyText: t('dues.noPayments') }}
      data-testid="ledger-payments"
      renderItem={(p) => (
        <List.Item key={p.id} className={p.kind === 'reversal' || reversed.has(p.id) ? 'dues-row-reversed' : ''} data-testid={`ledger-payment-${p.id}`}>
          <Flex vertical gap={2} className="dues-payment-item">
            <Flex justify="space-between" gap={8}>
              <span>
                {p.paidOn} <Tag color={p.kind === 'reversal' ? 'red' : p.kind === 'extra' ? 'purple' : 'blue'}>{t(paymentKindKey(p.kind))}</Tag>
                {reversed.has(p.id) && <Tag>{t('dues.reversedTag')}</Tag>}
              </span>
              <strong>¥{formatYuan(p.totalFen)}</strong>
            </Flex>
            <Typography.Text type="secondary">
              {[...new Set(p.entries.map((e) => e.forMonth))].join('、')}
              {p.method ? ` · ${t(methodKey(p.method))}` : ''}
              {p.note ? ` · ${p.note}` : ''}
            </Typography.Text>
          </Flex>
        </List.Item>
      )}
    />
  );
}
