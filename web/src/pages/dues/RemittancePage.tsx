/**
 * 党费上缴: a branch hands its closed months' dues to the superior committee. The page shows the reconciliation —
 * the members' payments booked in the chosen months against the amount remitted — and the server refuses a
 * remittance that differs by a single fen, with both figures and the rule.
 */
import { Alert, App, Button, DatePicker, Descriptions, Flex, Form, Input, Select, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../../api.ts';
import { formatIsoDate, today } from '../../dates.ts';
import { useI18n } from '../../i18n.ts';
import { navigate, useLocation } from '../../router.ts';
import { useCan } from '../../session.ts';
import { duesApi, type MonthClose, type Remittance } from './dues-api.ts';
import { formatYuan, parseYuan } from './dues-format.ts';
import { DuesFrame, withQuery } from './DuesFrame.tsx';

interface Refusal {
  message: string;
  expectedFen: number | null;
  givenFen: number | null;
  cite: string | null;
}

function refusalOf(error: unknown): Refusal {
  const details = error instanceof ApiError && typeof error.details === 'object' && error.details !== null ? (error.details as Record<string, unknown>) : {};
  const rule = typeof details.rule === 'object' && details.rule !== null ? (details.rule as Record<string, unknown>) : {};
  return {
    message: errorMessage(error),
    expectedFen: typeof details.expectedFen === 'number' ? details.expectedFen : null,
    givenFen: typeof details.givenFen === 'number' ? details.givenFen : null,
    cite: typeof rule.cite === 'string' ? rule.cite : null,
  };
}

function RemitForm({ orgId, closes, onDone }: { orgId: string; closes: readonly MonthClose[]; onDone(r: Remittance): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ months: string[]; amount: string; remittedOn: Dayjs; reference?: string }>();
  const months = Form.useWatch('months', form) ?? [];
  const amountText = Form.useWatch('amount', form) ?? '';
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const open = closes.filter((c) => c.remittanceId === null);
  const membersTotal = open.filter((c) => months.includes(c.month)).reduce((a, c) => a + c.collectedFen, 0);
  const amount = parseYuan(amountText);
  const difference = amount === null ? null : amount - membersTotal;

  const submit = async (values: { months: string[]; amount: string; remittedOn: Dayjs; reference?: string }) => {
    setSaving(true);
    setRefusal(null);
    try {
      const done = await duesApi.remit(orgId, {
        months: [...values.months].sort(),
        amountFen: parseYuan(values.amount) ?? 0,
        remittedOn: formatIsoDate(values.remittedOn),
        reference: values.reference?.trim() ? values.reference.trim() : null,
      });
      form.resetFields();
      onDone(done);
    } catch (caught) {
      setRefusal(refusalOf(caught));
    } finally {
      setSaving(false);
    }
  };

  if (open.length === 0) return <Alert type="info" showIcon title={t('dues.nothingToRemit')} data-testid="remit-nothing" />;
  return (
    <Form form={form} layout="vertical" initialValues={{ months: [], remittedOn: today() }} onFinish={(v) => void submit(v)} onValuesChange={() => setRefusal(null)} data-testid="remit-form">
      <Form.Item name="months" label={t('dues.remitMonths')} rules={[{ required: true, type: 'array', min: 1, message: t('dues.monthsRequired') }]}>
        <Select mode="multiple" options={open.map((c) => ({ value: c.month, label: `${c.month}（¥${formatYuan(c.collectedFen)}）` }))} data-testid="remit-months" />
      </Form.Item>
      <Flex wrap gap={8}>
        <Form.Item name="amount" label={t('dues.remitAmount')} rules={[{ required: true, message: t('dues.yuanRule') }]}>
          <Input inputMode="decimal" prefix="¥" maxLength={14} data-testid="remit-amount" />
        </Form.Item>
        <Form.Item name="remittedOn" label={t('dues.remittedOn')} rules={[{ required: true }]}>
          <DatePicker maxDate={today()} allowClear={false} data-testid="remit-date" />
        </Form.Item>
        <Form.Item name="reference" label={t('dues.remitReference')}>
          <Input maxLength={100} data-testid="remit-reference" />
        </Form.Item>
      </Flex>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 3 }}
        className="dues-reconciliation"
        data-testid="remit-reconciliation"
        items={[
          { key: 'members', label: t('dues.membersTotal'), children: <span data-testid="remit-members-total">¥{formatYuan(membersTotal)}</span> },
          { key: 'amount', label: t('dues.remitAmount'), children: amount === null ? '—' : `¥${formatYuan(amount)}` },
          {
            key: 'difference',
            label: t('dues.difference'),
            children:
              difference === null ? (
                '—'
              ) : difference === 0 ? (
                <Tag color="green" data-testid="remit-difference">
                  {t('dues.reconciled')}
                </Tag>
              ) : (
                <Tag color="red" data-testid="remit-difference">
                  ¥{formatYuan(difference)}
                </Tag>
              ),
          },
        ]}
      />
      {refusal && (
        <Alert
          type="error"
          showIcon
          className="dues-form-alert"
          data-testid="remit-refusal"
          title={refusal.message}
          description={
            <Flex vertical gap={2}>
              {refusal.expectedFen !== null && refusal.givenFen !== null && (
                <span>{t('dues.mismatchDetail', { expected: formatYuan(refusal.expectedFen), given: formatYuan(refusal.givenFen), difference: formatYuan(refusal.givenFen - refusal.expectedFen) })}</span>
              )}
              {refusal.cite && <Typography.Text type="secondary">{t('rule.cite', { cite: refusal.cite })}</Typography.Text>}
            </Flex>
          }
        />
      )}
      <Button type="primary" htmlType="submit" loading={saving} className="dues-submit" data-testid="remit-submit">
        {t('dues.remit')}
      </Button>
    </Form>
  );
}

function RemittanceView({ orgId, year }: { orgId: string; year: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const [closes, setCloses] = useState<MonthClose[] | null>(null);
  const [remittances, setRemittances] = useState<Remittance[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((a) => a + 1), []);

  useEffect(() => {
    let current = true;
    setError(null);
    Promise.all([duesApi.closes(orgId, year), duesApi.remittances(orgId)])
      .then(([c, r]) => {
        if (!current) return;
        setCloses(c);
        setRemittances(r);
      })
      .catch((caught: unknown) => current && setError(errorMessage(caught)));
    return () => {
      current = false;
    };
  }, [orgId, year, attempt]);

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!closes || !remittances) return <Table loading columns={[]} />;
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={5} className="dues-section-title">
        {t('dues.closedMonths')}
      </Typography.Title>
      <Table<MonthClose>
        size="small"
        rowKey="month"
        dataSource={closes}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('dues.noCloses') }}
        data-testid="closes-table"
        columns={[
          { key: 'month', title: t('dues.month'), dataIndex: 'month' },
          { key: 'charged', title: t('dues.totalDue'), align: 'right', render: (_, c) => formatYuan(c.chargedFen) },
          { key: 'dues', title: t('dues.bookDues'), align: 'right', render: (_, c) => formatYuan(c.duesFen) },
          { key: 'extra', title: t('dues.bookExtra'), align: 'right', render: (_, c) => formatYuan(c.extraFen) },
          { key: 'collected', title: t('dues.bookCollected'), align: 'right', render: (_, c) => <strong>{formatYuan(c.collectedFen)}</strong> },
          { key: 'remitted', title: t('dues.remitted'), render: (_, c) => (c.remittanceId ? <Tag color="green">{t('dues.remittedYes')}</Tag> : <Tag color="orange">{t('dues.remittedNo')}</Tag>) },
        ]}
      />
      {can('dues.write') && (
        <>
          <Typography.Title level={5} className="dues-section-title">
            {t('dues.newRemittance')}
          </Typography.Title>
          <RemitForm
            orgId={orgId}
            closes={closes}
            onDone={(r) => {
              void message.success(t('dues.remitDone', { amount: formatYuan(r.amountFen), months: r.months.join('、') }));
              reload();
            }}
          />
        </>
      )}
      <Typography.Title level={5} className="dues-section-title">
        {t('dues.remittancesTitle')}
      </Typography.Title>
      <Table<Remittance>
        size="small"
        rowKey="id"
        dataSource={remittances}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('dues.noRemittances') }}
        data-testid="remittances-table"
        columns={[
          { key: 'on', title: t('dues.remittedOn'), dataIndex: 'remittedOn' },
          { key: 'months', title: t('dues.remitMonths'), render: (_, r) => r.months.join('、') },
          { key: 'amount', title: t('dues.remitAmount'), align: 'right', render: (_, r) => <strong>{formatYuan(r.amountFen)}</strong> },
          { key: 'centre', title: t('dues.bookCentre'), align: 'right', render: (_, r) => formatYuan(r.centreFen) },
          { key: 'reference', title: t('dues.remitReference'), render: (_, r) => r.reference ?? '—' },
        ]}
      />
    </Flex>
  );
}

export function RemittancePage() {
  const { t } = useI18n();
  const { pathname, query } = useLocation();
  const thisYear = today().year();
  const asked = Number(query.get('year'));
  const year = Number.isInteger(asked) && asked >= 2008 && asked <= thisYear ? asked : thisYear;
  return (
    <DuesFrame
      title={t('menu.duesRemittances')}
      testId="dues-remittances"
      branchesOnly
      controls={() => (
        <Select<number>
          value={year}
          onChange={(y) => navigate(withQuery(pathname, query, { year: String(y) }), { replace: true })}
          options={Array.from({ length: 5 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: t('compliance.year', { year: y }) }))}
          data-testid="remittances-year"
        />
      )}
    >
      {(orgId) => <RemittanceView orgId={orgId} year={year} />}
    </DuesFrame>
  );
}
