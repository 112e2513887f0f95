/**
 * The payment forms of a branch's month: dues for whole months (one or several, a back payment, or a quarter paid
 * at once with the branch's consent), a voluntary extra payment, and a correction by a reversing entry. Each form
 * sends one Idempotency-Key for as long as it is open, so a retried submit records the payment once.
 */
import { Alert, Checkbox, DatePicker, Flex, Form, Input, Radio, Select, Spin, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api.ts';
import { formatIsoDate, fromIsoDate, today } from '../../dates.ts';
import { useI18n } from '../../i18n.ts';
import { useMe } from '../../session.ts';
import { FormDialog } from '../../FormDialog.tsx';
import { duesApi, newIdempotencyKey, PAYMENT_METHODS, type MemberLedger, type Payment, type PaymentMethod, type SheetRow } from './dues-api.ts';
import { formatYuan, lastDayOf, monthsBetween, parseYuan, quarterMonths } from './dues-format.ts';
import { methodKey } from './dues-labels.ts';

/** Back payments beyond this many months draw the warning of the rules (补交时间一般不超过6个月). */
const BACK_PAYMENT_MONTHS = 6;
/** A voluntary payment from this amount up is remitted in full to the Centre (1000 yuan). */
const CENTRE_THRESHOLD_FEN = 100_000;

/** The default payment date of a month's book: today in the current month, else the month's last day. */
export function defaultPaidOn(month: string): string {
  const now = formatIsoDate(today());
  return month >= now.slice(0, 7) ? now : lastDayOf(month);
}

function MethodFields({ method }: { method: PaymentMethod | undefined }) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name="method" label={t('dues.method')} rules={[{ required: true }]}>
        <Radio.Group optionType="button" options={PAYMENT_METHODS.map((m) => ({ value: m, label: t(methodKey(m)) }))} data-testid="payment-method" />
      </Form.Item>
      {method && method !== 'cash' && (
        <Form.Item
          name="externalReference"
          label={t('dues.externalReference')}
          extra={method === 'online' ? t('dues.externalReferenceOnlineHelp') : t('dues.externalReferenceTransferHelp')}
          rules={[{ required: method === 'online', whitespace: true, message: t('dues.externalReferenceRequired') }]}
        >
          <Input maxLength={64} autoComplete="off" data-testid="payment-reference" />
        </Form.Item>
      )}
    </>
  );
}

interface PaymentValues {
  memberId: string;
  paidOn: Dayjs;
  months: string[];
  quarterly?: boolean;
  method: PaymentMethod;
  externalReference?: string;
  collectedBy: string;
  note?: string;
}

/** The month choices of the chosen member, the total and the warnings, from the member's ledger. */
function MonthsField({ ledger, month, paidOn, quarterly }: { ledger: MemberLedger; month: string; paidOn: string; quarterly: boolean }) {
  const { t } = useI18n();
  const form = Form.useFormInstance<PaymentValues>();
  const chosen = Form.useWatch('months', form) ?? [];
  const unpaid = ledger.months.filter((m) => m.outstandingFen > 0);
  const byMonth = new Map(ledger.months.map((m) => [m.month, m]));
  const consent = ledger.base?.quarterlyConsentOn ?? null;
  const quarter = quarterMonths(month).filter((m) => m >= ledger.member.startMonth);
  const monthlyDue = ledger.base?.due.amountFen ?? null;
  const amountOf = (m: string) => byMonth.get(m)?.outstandingFen ?? monthlyDue;
  const amounts = chosen.map(amountOf);
  const total = amounts.every((a) => a !== null) ? amounts.reduce<number>((a, b) => a + (b ?? 0), 0) : null;
  const paidMonth = paidOn.slice(0, 7);
  const late = chosen.filter((m) => monthsBetween(m, paidMonth) > BACK_PAYMENT_MONTHS);

  return (
    <>
      {consent && (
        <Form.Item name="quarterly" valuePropName="checked" extra={t('dues.quarterlyHelp', { date: consent })}>
          <Checkbox
            onChange={(event) => form.setFieldValue('months', event.target.checked ? quarter : unpaid.some((m) => m.month === month) ? [month] : [])}
            data-testid="payment-quarterly"
          >
            {t('dues.quarterly', { months: quarter.join('、') })}
          </Checkbox>
        </Form.Item>
      )}
      <Form.Item name="months" label={t('dues.months')} rules={[{ required: true, type: 'array', min: 1, message: t('dues.monthsRequired') }]}>
        {unpaid.length === 0 && !quarterly ? (
          <Typography.Text type="secondary" data-testid="payment-nothing-owed">
            {t('dues.nothingOwed')}
          </Typography.Text>
        ) : (
          <Checkbox.Group disabled={quarterly} data-testid="payment-months">
            <Flex wrap gap={4}>
              {(quarterly ? quarter : unpaid.map((m) => m.month)).map((m) => {
                const owed = amountOf(m);
                return (
                  <Checkbox key={m} value={m} data-testid={`payment-month-${m}`}>
                    {m} <Typography.Text type="secondary">¥{owed === null ? '—' : formatYuan(owed)}</Typography.Text>
                    {monthsBetween(m, paidMonth) > BACK_PAYMENT_MONTHS && (
                      <Tag color="orange" className="dues-tag-after">
                        {t('dues.late')}
                      </Tag>
                    )}
                  </Checkbox>
                );
              })}
            </Flex>
          </Checkbox.Group>
        )}
      </Form.Item>
      {late.length > 0 && <Alert type="warning" showIcon className="dues-form-alert" title={t('dues.backPaymentWarning', { months: late.join('、'), limit: BACK_PAYMENT_MONTHS })} data-testid="payment-late-warning" />}
      <Flex gap={8} align="baseline" className="dues-form-total">
        <span>{t('dues.paymentTotal')}</span>
        <strong data-testid="payment-total">¥{total === null ? '—' : formatYuan(total)}</strong>
      </Flex>
    </>
  );
}

function PaymentMemberFields({ month, onLedger }: { month: string; onLedger(ledger: MemberLedger | null): void }) {
  const { t } = useI18n();
  const form = Form.useFormInstance<PaymentValues>();
  const memberId = Form.useWatch('memberId', form);
  const paidOn = Form.useWatch('paidOn', form);
  const quarterly = Form.useWatch('quarterly', form) ?? false;
  const method = Form.useWatch('method', form);
  const [ledger, setLedger] = useState<MemberLedger | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!memberId) return;
    let current = true;
    setLedger(null);
    setError(null);
    duesApi
      .memberLedger(memberId)
      .then((answer) => {
        if (!current) return;
        setLedger(answer);
        onLedger(answer);
        // The sheet's month is offered first when it is owed.
        const owed = answer.months.some((m) => m.month === month && m.outstandingFen > 0);
        form.setFieldsValue({ months: owed ? [month] : [], quarterly: false });
      })
      .catch((caught: unknown) => current && setError(errorMessage(caught)));
    return () => {
      current = false;
    };
  }, [memberId, month, form, onLedger]);

  return (
    <>
      <Form.Item name="paidOn" label={t('dues.paidOn')} rules={[{ required: true }]} extra={t('dues.paidOnHelp')}>
        <DatePicker maxDate={today()} allowClear={false} data-testid="payment-paid-on" />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} />}
      {memberId && !ledger && !error && <Spin />}
      {ledger && !ledger.base && <Alert type="warning" showIcon className="dues-form-alert" title={t('dues.noBaseYet')} />}
      {ledger && paidOn && <MonthsField ledger={ledger} month={month} paidOn={formatIsoDate(paidOn)} quarterly={quarterly} />}
      <MethodFields method={method} />
    </>
  );
}

export function PaymentDialog({ rows, month, memberId, onClose, onDone }: { rows: readonly SheetRow[]; month: string; memberId?: string; onClose(): void; onDone(payment: Payment): void }) {
  const { t } = useI18n();
  const me = useMe();
  const [key] = useState(newIdempotencyKey);
  const [ledger, setLedger] = useState<MemberLedger | null>(null);
  return (
    <FormDialog<PaymentValues>
      title={t('dues.recordPayment')}
      testId="payment-form"
      initialValues={{ memberId, paidOn: fromIsoDate(defaultPaidOn(month)) ?? today(), method: 'cash', collectedBy: me.account.displayName, months: [] }}
      onClose={onClose}
      onSubmit={async (values) => {
        const months = [...values.months].sort();
        const known = ledger ? months.map((m) => ledger.months.find((l) => l.month === m)?.outstandingFen) : [];
        const expected = known.length > 0 && known.every((a) => a !== undefined) ? known.reduce<number>((a, b) => a + (b ?? 0), 0) : undefined;
        const reference = values.externalReference?.trim();
        const payment = await duesApi.pay(
          {
            memberId: values.memberId,
            paidOn: formatIsoDate(values.paidOn),
            months,
            method: values.method,
            collectedBy: values.collectedBy.trim(),
            ...(values.quarterly ? { quarterly: true } : {}),
            ...(values.method !== 'cash' && reference ? { externalReference: reference } : {}),
            ...(expected === undefined ? {} : { expectedTotalFen: expected }),
            note: values.note?.trim() ? values.note.trim() : null,
          },
          key,
        );
        onDone(payment);
      }}
    >
      <Form.Item name="memberId" label={t('dues.member')} rules={[{ required: true }]}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={rows.map((r) => ({ value: r.memberId, label: r.name }))}
          placeholder={t('memberSelect.placeholder')}
          data-testid="payment-member"
        />
      </Form.Item>
      <PaymentMemberFields month={month} onLedger={setLedger} />
      <Form.Item name="collectedBy" label={t('dues.collectedBy')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={50} data-testid="payment-collected-by" />
      </Form.Item>
      <Form.Item name="note" label={t('dues.note')}>
        <Input maxLength={500} data-testid="payment-note" />
      </Form.Item>
    </FormDialog>
  );
}

interface ExtraValues {
  memberId: string;
  paidOn: Dayjs;
  amount: string;
  method: PaymentMethod;
  externalReference?: string;
  collectedBy: string;
  note?: string;
}

function ExtraFields() {
  const { t } = useI18n();
  const form = Form.useFormInstance<ExtraValues>();
  const amount = parseYuan(Form.useWatch('amount', form) ?? '');
  const method = Form.useWatch('method', form);
  return (
    <>
      <Form.Item name="paidOn" label={t('dues.paidOn')} rules={[{ required: true }]}>
        <DatePicker maxDate={today()} allowClear={false} data-testid="extra-paid-on" />
      </Form.Item>
      <Form.Item
        name="amount"
        label={t('dues.extraAmount')}
        rules={[{ required: true, validator: async (_rule, value: string | undefined) => (parseYuan(value ?? '') ?? 0) > 0 || Promise.reject(new Error(t('dues.yuanRule'))) }]}
      >
        <Input inputMode="decimal" prefix="¥" maxLength={14} data-testid="extra-amount" />
      </Form.Item>
      {amount !== null && amount >= CENTRE_THRESHOLD_FEN && <Alert type="info" showIcon className="dues-form-alert" title={t('dues.centreNote')} data-testid="extra-centre-note" />}
      <MethodFields method={method} />
    </>
  );
}

export function ExtraPaymentDialog({ rows, month, onClose, onDone }: { rows: readonly SheetRow[]; month: string; onClose(): void; onDone(payment: Payment): void }) {
  const { t } = useI18n();
  const me = useMe();
  const [key] = useState(newIdempotencyKey);
  return (
    <FormDialog<ExtraValues>
      title={t('dues.recordExtra')}
      testId="extra-form"
      initialValues={{ paidOn: fromIsoDate(defaultPaidOn(month)) ?? today(), method: 'cash', collectedBy: me.account.displayName }}
      onClose={onClose}
      onSubmit={async (values) => {
        const reference = values.externalReference?.trim();
        onDone(
          await duesApi.payExtra(
            {
              memberId: values.memberId,
              paidOn: formatIsoDate(values.paidOn),
              amountFen: parseYuan(values.amount) ?? 0,
              method: values.method,
              collectedBy: values.collectedBy.trim(),
              ...(values.method !== 'cash' && reference ? { externalReference: reference } : {}),
              note: values.note?.trim() ? values.note.trim() : null,
            },
            key,
          ),
        );
      }}
    >
      <Typography.Paragraph type="secondary">{t('dues.extraIntro')}</Typography.Paragraph>
      <Form.Item name="memberId" label={t('dues.member')} rules={[{ required: true }]}>
        <Select showSearch={{ optionFilterProp: 'label' }} options={rows.map((r) => ({ value: r.memberId, label: r.name }))} data-testid="extra-member" />
      </Form.Item>
      <ExtraFields />
      <Form.Item name="collectedBy" label={t('dues.collectedBy')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="note" label={t('dues.note')}>
        <Input maxLength={500} />
      </Form.Item>
    </FormDialog>
  );
}

/** A reversal goes into the book of its date: by default the sheet's month, so the correction sits beside the payment. */
export function ReversalDialog({ payment, month, memberName, onClose, onDone }: { payment: Payment; month: string; memberName: string; onClose(): void; onDone(reversal: Payment): void }) {
  const { t } = useI18n();
  const [key] = useState(newIdempotencyKey);
  const inMonth = defaultPaidOn(month);
  const reversedOn = inMonth > payment.paidOn ? inMonth : payment.paidOn;
  return (
    <FormDialog<{ reason: string; reversedOn: Dayjs }>
      title={t('dues.reverseTitle')}
      okText={t('dues.reverse')}
      danger
      testId="reversal-form"
      initialValues={{ reversedOn: fromIsoDate(reversedOn) ?? today() }}
      onClose={onClose}
      onSubmit={async (values) => {
        onDone(await duesApi.reverse(payment.id, { reason: values.reason.trim(), reversedOn: formatIsoDate(values.reversedOn) }, key));
      }}
    >
      <Alert
        type="info"
        showIcon
        className="dues-form-alert"
        title={t('dues.reverseExplain', { name: memberName, amount: formatYuan(payment.totalFen), date: payment.paidOn })}
        description={t('dues.reverseNeverEdit')}
      />
      <Form.Item name="reversedOn" label={t('dues.reversedOn')} rules={[{ required: true }]}>
        <DatePicker minDate={fromIsoDate(payment.paidOn) ?? undefined} maxDate={today()} allowClear={false} data-testid="reversal-date" />
      </Form.Item>
      <Form.Item name="reason" label={t('dues.reverseReason')} rules={[{ required: true, whitespace: true }]}>
        <Input.TextArea rows={2} maxLength={500} data-testid="reversal-reason" />
      </Form.Item>
    </FormDialog>
  );
}
