/**
 * A new dues base for a member from a month (the month the new salary is paid): the category, its figure, and a
 * hardship reduction or exemption decided by the branch (it counts once approved one level up). The due is
 * computed live by the server's rule set, with the rule cited.
 */
import { Alert, Checkbox, DatePicker, Flex, Form, Input, Radio, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { formatIsoDate, today } from '../../dates.ts';
import { useI18n } from '../../i18n.ts';
import { FormDialog } from '../../FormDialog.tsx';
import { DUES_CATEGORIES, duesApi, type BaseInput, type DuesBase, type DuesCategory } from './dues-api.ts';
import { formatRate, formatYuan, parseYuan } from './dues-format.ts';
import { baseFieldOf, categoryKey } from './dues-labels.ts';

interface BaseValues {
  category: DuesCategory;
  effectiveMonth: Dayjs;
  monthlyIncome?: string;
  quarterIncomes?: [string, string, string];
  farmerAmount?: string;
  hasHardship?: boolean;
  hardshipKind?: 'reduced' | 'exempt';
  hardshipAmount?: string;
  hardshipReason?: string;
  hardshipDecidedOn?: Dayjs;
  hardshipUntil?: Dayjs | null;
  quarterlyConsentOn?: Dayjs | null;
  note?: string;
}

interface Computed {
  amountFen: number;
  rateBasisPoints: number | null;
  rule: { id: string; cite: string };
}

/** The request body of the form's values; null while a figure is not yet valid yuan. */
function bodyOf(memberId: string, v: BaseValues): BaseInput | null {
  const field = baseFieldOf(v.category);
  const body: BaseInput = { memberId, category: v.category, effectiveMonth: v.effectiveMonth.format('YYYY-MM') };
  if (field === 'monthlyIncome') {
    const fen = parseYuan(v.monthlyIncome ?? '');
    if (fen === null) return null;
    body.monthlyIncomeFen = fen;
  } else if (field === 'quarterIncomes') {
    const fens = (v.quarterIncomes ?? ['', '', '']).map((x) => parseYuan(x ?? ''));
    if (fens.some((f) => f === null)) return null;
    body.previousQuarterIncomeFen = fens as [number, number, number];
  } else if (field === 'farmerAmount') {
    const fen = parseYuan(v.farmerAmount ?? '');
    if (fen === null) return null;
    body.farmerAmountFen = fen;
  }
  if (v.hasHardship && v.hardshipKind) {
    const amount = v.hardshipKind === 'reduced' ? parseYuan(v.hardshipAmount ?? '') : null;
    if (v.hardshipKind === 'reduced' && amount === null) return null;
    body.hardship = {
      kind: v.hardshipKind,
      ...(amount === null ? {} : { amountFen: amount }),
      reason: v.hardshipReason?.trim() ?? '',
      decidedOn: v.hardshipDecidedOn ? formatIsoDate(v.hardshipDecidedOn) : formatIsoDate(today()),
      untilMonth: v.hardshipUntil ? v.hardshipUntil.format('YYYY-MM') : null,
    };
  }
  if (v.quarterlyConsentOn) body.quarterlyConsentOn = formatIsoDate(v.quarterlyConsentOn);
  if (v.note?.trim()) body.note = v.note.trim();
  return body;
}

const yuanRule = (message: string) => ({
  validator: async (_rule: unknown, value: string | undefined) => (parseYuan(value ?? '') !== null ? undefined : Promise.reject(new Error(message))),
});

/** The due the rules give for the figures typed so far (the compute tool). */
function Preview({ memberId }: { memberId: string }) {
  const { t } = useI18n();
  const form = Form.useFormInstance<BaseValues>();
  const values = Form.useWatch([], form) as BaseValues | undefined;
  const [computed, setComputed] = useState<Computed | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const body = values?.category && values.effectiveMonth ? bodyOf(memberId, values) : null;
  const key = body ? JSON.stringify({ ...body, memberId: undefined, effectiveMonth: undefined, note: undefined, quarterlyConsentOn: undefined, hardship: body.hardship ? { kind: body.hardship.kind, amountFen: body.hardship.amountFen } : undefined }) : null;

  useEffect(() => {
    if (!key) {
      setComputed(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      api
        .post<Computed>('/tools/dues/compute', JSON.parse(key) as object)
        .then((answer) => current && (setComputed(answer), setProblem(null)))
        .catch((caught: unknown) => current && (setComputed(null), setProblem(caught instanceof Error ? caught.message : null)));
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key]);

  if (problem) return <Alert type="warning" showIcon className="dues-form-alert" title={problem} />;
  if (!computed) return null;
  return (
    <Alert
      type="success"
      className="dues-form-alert"
      data-testid="base-preview"
      title={
        <span>
          {t('dues.monthlyDue')}：<strong data-testid="base-preview-amount">¥{formatYuan(computed.amountFen)}</strong>
          {computed.rateBasisPoints !== null && ` （${formatRate(computed.rateBasisPoints)}）`}
        </span>
      }
      description={<Typography.Text type="secondary">{computed.rule.cite}</Typography.Text>}
    />
  );
}

function CategoryFields() {
  const { t } = useI18n();
  const form = Form.useFormInstance<BaseValues>();
  const category = Form.useWatch('category', form);
  const hasHardship = Form.useWatch('hasHardship', form);
  const hardshipKind = Form.useWatch('hardshipKind', form);
  const field = category ? baseFieldOf(category) : 'none';
  const yuan = t('dues.yuanRule');
  return (
    <>
      {field === 'monthlyIncome' && (
        <Form.Item
          name="monthlyIncome"
          label={t(category === 'retired' ? 'dues.pension' : category === 'annual_salary' ? 'dues.actualPay' : 'dues.monthlyIncome')}
          extra={category === 'in_service' ? t('dues.monthlyIncomeHelp') : undefined}
          rules={[{ required: true, message: yuan }, yuanRule(yuan)]}
        >
          <Input inputMode="decimal" prefix="¥" maxLength={14} data-testid="base-income" />
        </Form.Item>
      )}
      {field === 'quarterIncomes' && (
        <Form.Item label={t('dues.quarterIncomes')} required extra={t('dues.quarterIncomesHelp')}>
          <Flex gap={4}>
            {[0, 1, 2].map((i) => (
              <Form.Item key={i} name={['quarterIncomes', i]} noStyle rules={[{ required: true, message: yuan }, yuanRule(yuan)]}>
                <Input inputMode="decimal" prefix="¥" maxLength={14} data-testid={`base-quarter-${i}`} />
              </Form.Item>
            ))}
          </Flex>
        </Form.Item>
      )}
      {field === 'farmerAmount' && (
        <Form.Item name="farmerAmount" label={t('dues.farmerAmount')} extra={t('dues.farmerAmountHelp')} rules={[{ required: true, message: yuan }, yuanRule(yuan)]}>
          <Input inputMode="decimal" prefix="¥" maxLength={6} data-testid="base-farmer-amount" />
        </Form.Item>
      )}
      <Form.Item name="hasHardship" valuePropName="checked" extra={t('dues.hardshipHelp')}>
        <Checkbox data-testid="base-hardship">{t('dues.hardship')}</Checkbox>
      </Form.Item>
      {hasHardship && (
        <div className="dues-subform">
          <Form.Item name="hardshipKind" label={t('dues.hardshipKind')} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'reduced', label: t('duesHardship.reduced') },
                { value: 'exempt', label: t('duesHardship.exempt') },
              ]}
              data-testid="base-hardship-kind"
            />
          </Form.Item>
          {hardshipKind === 'reduced' && (
            <Form.Item name="hardshipAmount" label={t('dues.hardshipAmount')} rules={[{ required: true, message: yuan }, yuanRule(yuan)]}>
              <Input inputMode="decimal" prefix="¥" maxLength={10} data-testid="base-hardship-amount" />
            </Form.Item>
          )}
          <Form.Item name="hardshipReason" label={t('dues.hardshipReason')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={2} maxLength={500} data-testid="base-hardship-reason" />
          </Form.Item>
          <Flex gap={8} wrap>
            <Form.Item name="hardshipDecidedOn" label={t('dues.hardshipDecidedOn')} rules={[{ required: true }]}>
              <DatePicker maxDate={today()} data-testid="base-hardship-decided" />
            </Form.Item>
            <Form.Item name="hardshipUntil" label={t('dues.hardshipUntil')}>
              <DatePicker picker="month" data-testid="base-hardship-until" />
            </Form.Item>
          </Flex>
        </div>
      )}
    </>
  );
}

export function BaseDialog({ memberId, memberName, onClose, onDone }: { memberId: string; memberName: string; onClose(): void; onDone(base: DuesBase): void }) {
  const { t } = useI18n();
  return (
    <FormDialog<BaseValues>
      title={t('dues.newBaseFor', { name: memberName })}
      testId="base-form"
      initialValues={{ category: 'in_service', effectiveMonth: dayjs(today().format('YYYY-MM-01')), hardshipKind: 'reduced', hardshipDecidedOn: today() }}
      onClose={onClose}
      onSubmit={async (values) => {
        const body = bodyOf(memberId, values);
        if (!body) throw new Error(t('dues.yuanRule'));
        onDone(await duesApi.createBase(body));
      }}
    >
      <Flex gap={8} wrap>
        <Form.Item name="category" label={t('dues.category')} rules={[{ required: true }]} className="dues-category-item">
          <Select options={DUES_CATEGORIES.map((c) => ({ value: c, label: t(categoryKey(c)) }))} data-testid="base-category" />
        </Form.Item>
        <Form.Item name="effectiveMonth" label={t('dues.effectiveMonth')} extra={t('dues.effectiveMonthHelp')} rules={[{ required: true }]}>
          <DatePicker picker="month" allowClear={false} data-testid="base-effective" />
        </Form.Item>
      </Flex>
      <CategoryFields />
      <Preview memberId={memberId} />
      <Form.Item name="quarterlyConsentOn" label={t('dues.quarterlyConsent')} extra={t('dues.quarterlyConsentHelp')}>
        <DatePicker maxDate={today()} data-testid="base-quarterly-consent" />
      </Form.Item>
      <Form.Item name="note" label={t('dues.note')}>
        <Input maxLength={500} />
      </Form.Item>
    </FormDialog>
  );
}
