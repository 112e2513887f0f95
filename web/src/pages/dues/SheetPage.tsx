/**
 * 党费收缴表: a branch's month — every member's due, paid and outstanding, the payments booked in the month (with
 * corrections as reversing entries), the month's close, and the xlsx export. A closed month is read-only.
 */
import { Alert, App, Button, DatePicker, Descriptions, Flex, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState, type HTMLAttributes } from 'react';
import { errorMessage } from '../../api.ts';
import { formatDateTime, today } from '../../dates.ts';
import { translateErrorCode, useI18n } from '../../i18n.ts';
import { followLink, navigate, useLocation } from '../../router.ts';
import { useCan } from '../../session.ts';
import { withTestId } from '../../test-ids.ts';
import { statusKey } from '../members/member-labels.ts';
import { duesApi, type Payment, type Sheet, type SheetRow } from './dues-api.ts';
import { formatRate, formatYuan } from './dues-format.ts';
import { methodKey, paymentKindKey } from './dues-labels.ts';
import { DuesFrame, withQuery } from './DuesFrame.tsx';
import { basesHref } from './paths.ts';
import { ExtraPaymentDialog, PaymentDialog, ReversalDialog } from './PaymentDialogs.tsx';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function RowState({ row }: { row: SheetRow }) {
  const { t } = useI18n();
  if (row.baseMissing) return <Tag color="orange">{t('dues.state.noBase')}</Tag>;
  if (row.dueFen === 0) return <Tag>{t('dues.state.exempt')}</Tag>;
  if (row.outstandingFen === 0) return <Tag color="green">{t('dues.state.paid')}</Tag>;
  if (row.paidFen > 0) return <Tag color="gold">{t('dues.state.partial')}</Tag>;
  return <Tag color="red">{t('dues.state.unpaid')}</Tag>;
}

type Dialog = { kind: 'payment'; memberId?: string } | { kind: 'extra' } | { kind: 'reversal'; payment: Payment };

function SheetView({ orgId, month }: { orgId: string; month: string }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const can = useCan();
  const [sheet, setSheet] = useState<Sheet | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [busy, setBusy] = useState(false);
  const reload = useCallback(() => setAttempt((a) => a + 1), []);

  useEffect(() => {
    let current = true;
    setError(null);
    duesApi
      .sheet(orgId, month)
      .then((answer) => current && setSheet(answer))
      .catch((caught: unknown) => {
        if (!current) return;
        setSheet(null);
        setError(errorMessage(caught));
      });
    return () => {
      current = false;
    };
  }, [orgId, month, attempt]);

  if (error) return <Alert type="error" showIcon title={error} action={<Button onClick={reload}>{t('common.retry')}</Button>} />;
  if (!sheet || sheet.orgId !== orgId || sheet.month !== month) return <Table loading columns={[]} />;

  const open = sheet.closed === null;
  const writable = open && can('dues.write');
  const names = new Map(sheet.rows.map((r) => [r.memberId, r.name]));
  const reversed = new Set(sheet.payments.map((p) => p.reversesPaymentId).filter((id): id is string => id !== null));

  const paid = (payment: Payment) => {
    setDialog(null);
    reload();
    const name = names.get(payment.memberId) ?? '';
    void message.success(t(payment.kind === 'reversal' ? 'dues.reversed' : 'dues.paid', { name, amount: formatYuan(payment.totalFen) }));
    for (const w of payment.warnings) {
      modal.warning({ title: translateErrorCode(w.code) ?? w.message, content: `${w.months.join('、')} · ${t('rule.cite', { cite: w.rule.cite })}` });
    }
  };

  const close = async () => {
    setBusy(true);
    try {
      await duesApi.close(orgId, month);
      void message.success(t('dues.closed', { month }));
      reload();
    } catch (caught) {
      void message.error(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  const download = async () => {
    try {
      await duesApi.downloadSheet(orgId, month);
    } catch (caught) {
      void message.error(errorMessage(caught));
    }
  };

  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8} align="center" justify="space-between">
        <Space wrap>
          <Typography.Text strong>{sheet.orgName}</Typography.Text>
          {open ? (
            <Tag color="blue" data-testid="sheet-status" data-closed="false">
              {t('dues.open')}
            </Tag>
          ) : (
            <Tag color="default" data-testid="sheet-status" data-closed="true">
              {t(sheet.closed?.remitted ? 'dues.closedRemitted' : 'dues.closedAt', { at: sheet.closed ? formatDateTime(sheet.closed.closedAt) : '' })}
            </Tag>
          )}
        </Space>
        <Space wrap>
          {writable && (
            <>
              <Button type="primary" onClick={() => setDialog({ kind: 'payment' })} data-testid="sheet-pay">
                {t('dues.recordPayment')}
              </Button>
              <Button onClick={() => setDialog({ kind: 'extra' })} data-testid="sheet-extra">
                {t('dues.recordExtra')}
              </Button>
              <Popconfirm
                title={t('dues.closeConfirm', { month })}
                description={t('dues.closeExplain')}
                okText={t('dues.close')}
                cancelText={t('common.cancel')}
                onConfirm={() => void close()}
                okButtonProps={withTestId({}, 'sheet-close-confirm')}
              >
                <Button loading={busy} data-testid="sheet-close">
                  {t('dues.close')}
                </Button>
              </Popconfirm>
            </>
          )}
          <Button onClick={() => void download()} data-testid="sheet-export">
            {t('dues.exportXlsx')}
          </Button>
        </Space>
      </Flex>
      {!open && <Alert type="info" showIcon title={t('dues.readOnly')} data-testid="sheet-read-only" />}
      {sheet.totals.membersWithoutBase > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('dues.membersWithoutBase', { count: sheet.totals.membersWithoutBase })}
          action={
            <a href={basesHref(orgId)} onClick={(event) => followLink(event, basesHref(orgId))}>
              {t('dues.goToBases')}
            </a>
          }
        />
      )}
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 2, md: 4 }}
        data-testid="sheet-totals"
        items={[
          { key: 'due', label: t('dues.totalDue'), children: <span data-testid="sheet-total-due">¥{formatYuan(sheet.totals.dueFen)}</span> },
          { key: 'paid', label: t('dues.totalPaid'), children: <span data-testid="sheet-total-paid">¥{formatYuan(sheet.totals.paidFen)}</span> },
          { key: 'outstanding', label: t('dues.totalOutstanding'), children: <span data-testid="sheet-total-outstanding">¥{formatYuan(sheet.totals.outstandingFen)}</span> },
          { key: 'rate', label: t('dues.rate'), children: <span data-testid="sheet-rate">{formatRate(sheet.totals.rateBasisPoints)}</span> },
          { key: 'members', label: t('dues.paidMembers'), children: `${sheet.totals.paidMembers} / ${sheet.totals.members}` },
          { key: 'collected', label: t('dues.bookCollected'), children: <span data-testid="sheet-book">¥{formatYuan(sheet.book.collectedFen)}</span> },
          { key: 'extra', label: t('dues.bookExtra'), children: `¥${formatYuan(sheet.book.extraFen)}` },
          { key: 'centre', label: t('dues.bookCentre'), children: `¥${formatYuan(sheet.book.centreFen)}` },
        ]}
      />
      <Table<SheetRow>
        size="small"
        rowKey="memberId"
        dataSource={sheet.rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="sheet-table"
        locale={{ emptyText: t('dues.noMembers') }}
        onRow={(r) => ({ 'data-testid': `sheet-row-${r.memberId}` }) as HTMLAttributes<HTMLElement>}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={2}>
              <strong>{t('dues.total')}</strong>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              {formatYuan(sheet.totals.dueFen)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">
              {formatYuan(sheet.totals.paidFen)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={4} align="right">
              {formatYuan(sheet.totals.outstandingFen)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={5} colSpan={writable ? 2 : 1} />
          </Table.Summary.Row>
        )}
        columns={[
          {
            key: 'name',
            title: t('dues.member'),
            render: (_, r) => (
              <a href={basesHref(orgId, r.memberId)} onClick={(event) => followLink(event, basesHref(orgId, r.memberId))}>
                {r.name}
              </a>
            ),
          },
          { key: 'status', title: t('member.status'), render: (_, r) => t(statusKey(r.status)) },
          {
            key: 'due',
            title: t('dues.due'),
            align: 'right',
            render: (_, r) => (r.dueFen === null ? '—' : <span title={r.ruleId ?? ''}>{formatYuan(r.dueFen)}</span>),
          },
          { key: 'paid', title: t('dues.paidAmount'), align: 'right', render: (_, r) => <span data-testid={`sheet-paid-${r.memberId}`}>{formatYuan(r.paidFen)}</span> },
          { key: 'outstanding', title: t('dues.outstanding'), align: 'right', render: (_, r) => formatYuan(r.outstandingFen) },
          { key: 'state', title: t('dues.state'), render: (_, r) => <RowState row={r} /> },
          ...(writable
            ? [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  render: (_: unknown, r: SheetRow) =>
                    r.baseMissing ? (
                      <a href={basesHref(orgId, r.memberId)} onClick={(event) => followLink(event, basesHref(orgId, r.memberId))}>
                        {t('dues.enterBase')}
                      </a>
                    ) : r.outstandingFen > 0 ? (
                      <Button size="small" type="link" onClick={() => setDialog({ kind: 'payment', memberId: r.memberId })} data-testid={`sheet-pay-${r.memberId}`}>
                        {t('dues.pay')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <Typography.Title level={5} className="dues-section-title">
        {t('dues.bookTitle', { month })}
      </Typography.Title>
      <Table<Payment>
        size="small"
        rowKey="id"
        dataSource={sheet.payments}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        data-testid="book-table"
        locale={{ emptyText: t('dues.noPayments') }}
        onRow={(p) => ({ 'data-testid': `book-row-${p.id}`, className: p.kind === 'reversal' || reversed.has(p.id) ? 'dues-row-reversed' : '' }) as HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'paidOn', title: t('dues.paidOn'), dataIndex: 'paidOn' },
          { key: 'member', title: t('dues.member'), render: (_, p) => names.get(p.memberId) ?? '—' },
          {
            key: 'kind',
            title: t('dues.kind'),
            render: (_, p) => (
              <Space size={4} wrap>
                <Tag color={p.kind === 'reversal' ? 'red' : p.kind === 'extra' ? 'purple' : 'blue'}>{t(paymentKindKey(p.kind))}</Tag>
                {p.quarterly && <Tag>{t('dues.quarterlyTag')}</Tag>}
                {reversed.has(p.id) && <Tag color="default">{t('dues.reversedTag')}</Tag>}
                {p.entries.some((e) => e.remitToCentre) && <Tag color="gold">{t('dues.centreTag')}</Tag>}
                {p.warnings.map((w) => (
                  <Tag key={w.code} color="orange" title={w.rule.cite}>
                    {t('dues.lateTag')}
                  </Tag>
                ))}
              </Space>
            ),
          },
          { key: 'months', title: t('dues.forMonths'), render: (_, p) => [...new Set(p.entries.map((e) => e.forMonth))].join('、') },
          { key: 'amount', title: t('dues.amount'), align: 'right', render: (_, p) => <span data-testid={`book-amount-${p.id}`}>{formatYuan(p.totalFen)}</span> },
          { key: 'method', title: t('dues.method'), render: (_, p) => (p.method ? t(methodKey(p.method)) : '—') },
          { key: 'reference', title: t('dues.externalReference'), render: (_, p) => p.externalReference ?? '—' },
          { key: 'collectedBy', title: t('dues.collectedBy'), render: (_, p) => p.collectedBy ?? '—' },
          { key: 'note', title: t('dues.note'), render: (_, p) => p.note ?? '' },
          ...(writable
            ? [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  render: (_: unknown, p: Payment) =>
                    p.kind !== 'reversal' && !reversed.has(p.id) ? (
                      <Button size="small" type="link" danger onClick={() => setDialog({ kind: 'reversal', payment: p })} data-testid={`book-reverse-${p.id}`}>
                        {t('dues.reverse')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {dialog?.kind === 'payment' && <PaymentDialog rows={sheet.rows.filter((r) => !r.baseMissing)} month={month} memberId={dialog.memberId} onClose={() => setDialog(null)} onDone={paid} />}
      {dialog?.kind === 'extra' && <ExtraPaymentDialog rows={sheet.rows} month={month} onClose={() => setDialog(null)} onDone={paid} />}
      {dialog?.kind === 'reversal' && <ReversalDialog payment={dialog.payment} month={month} memberName={names.get(dialog.payment.memberId) ?? ''} onClose={() => setDialog(null)} onDone={paid} />}
    </Flex>
  );
}

export function SheetPage() {
  const { t } = useI18n();
  const { pathname, query } = useLocation();
  const current = today().format('YYYY-MM');
  const asked = query.get('month') ?? '';
  const month = MONTH.test(asked) && asked <= current ? asked : current;
  return (
    <DuesFrame
      title={t('menu.duesSheet')}
      testId="dues-sheet"
      branchesOnly
      controls={() => (
        <DatePicker
          picker="month"
          value={dayjs(`${month}-01`)}
          maxDate={today()}
          allowClear={false}
          onChange={(value) => value && navigate(withQuery(pathname, query, { month: value.format('YYYY-MM') }), { replace: true })}
          data-testid="dues-sheet-month"
        />
      )}
    >
      {(orgId) => <SheetView orgId={orgId} month={month} />}
    </DuesFrame>
  );
}
