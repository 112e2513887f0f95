/** Terms of office (任期) of one org: the length the rules expect, past and current terms, record an election. */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Flex, Form, InputNumber, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { formatIsoDate, today } from '../../dates.ts';
import { FormDialog } from '../../FormDialog.tsx';
import { useI18n } from '../../i18n.ts';
import { useCan } from '../../session.ts';
import { useLoad } from '../../use-load.ts';
import { orgsApi, type Org, type Term } from './orgs-api.ts';

const REASONS = ['rural_or_community', 'committee', 'branch'] as const;
type Reason = (typeof REASONS)[number];
const isReason = (value: string): value is Reason => (REASONS as readonly string[]).includes(value);

interface StartValues {
  startedOn: Dayjs;
  lengthYears: number | null;
}

function StartTermDialog({
  org,
  expectedYears,
  onClose,
  onDone,
}: {
  org: Org;
  expectedYears: number;
  onClose(): void;
  onDone(): void;
}) {
  const { t } = useI18n();
  return (
    <FormDialog<StartValues>
      title={t('terms.startTitle')}
      initialValues={{ startedOn: today(), lengthYears: null }}
      onSubmit={async (values) => {
        await orgsApi.startTerm(org.id, {
          startedOn: formatIsoDate(values.startedOn),
          ...(values.lengthYears ? { lengthYears: values.lengthYears } : {}),
        });
        onDone();
      }}
      onClose={onClose}
      testId="term-form"
    >
      <Form.Item
        name="startedOn"
        label={t('terms.startedOn')}
        rules={[{ required: true, message: t('validation.required', { field: t('terms.startedOn') }) }]}
      >
        <DatePicker className="full-width" data-testid="term-form-started" />
      </Form.Item>
      <Form.Item name="lengthYears" label={t('terms.lengthYears')} extra={t('terms.lengthYearsHelp', { years: expectedYears })}>
        <InputNumber min={1} max={10} precision={0} placeholder={String(expectedYears)} className="full-width" />
      </Form.Item>
    </FormDialog>
  );
}

export function TermsPanel({ org, revision }: { org: Org; revision: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const { data: terms, error, reload } = useLoad(() => orgsApi.terms(org.id), [org.id, revision], { keep: true });
  const [starting, setStarting] = useState(false);

  const expected = terms?.expected ?? null;

  return (
    <Flex vertical gap={12} data-testid="terms-panel">
      {error && <Alert type="error" title={error} showIcon />}
      {terms && (
        <Flex justify="space-between" align="center" wrap gap={8}>
          <span data-testid="terms-expected">
            {expected
              ? t('terms.expected', { years: expected.years, reason: isReason(expected.reason) ? t(`terms.reason.${expected.reason}`) : expected.reason })
              : t('terms.notApplicable')}
          </span>
          {expected && org.status === 'active' && can('committee.write') && (
            <Button icon={<PlusOutlined />} onClick={() => setStarting(true)} data-testid="term-start">
              {t('terms.start')}
            </Button>
          )}
        </Flex>
      )}
      {(expected || (terms?.items.length ?? 0) > 0) && (
        <Table<Term>
          size="small"
          rowKey="id"
          loading={terms === null && !error}
          dataSource={terms?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('terms.empty') }}
          columns={[
            { key: 'started', title: t('terms.startedOn'), dataIndex: 'startedOn' },
            { key: 'length', title: t('terms.lengthYears'), dataIndex: 'lengthYears' },
            { key: 'ends', title: t('terms.endsOn'), dataIndex: 'endsOn' },
            {
              key: 'current',
              title: t('org.status'),
              render: (_, term) =>
                term.current ? <Tag color="blue">{t('terms.current')}</Tag> : <Tag>{t('terms.previous')}</Tag>,
            },
            {
              key: 'rule',
              title: t('terms.rule'),
              render: (_, term) => (term.ruleId === 'manual' ? t('terms.rule.manual') : term.ruleId),
            },
          ]}
        />
      )}
      {starting && expected && (
        <StartTermDialog
          org={org}
          expectedYears={expected.years}
          onClose={() => setStarting(false)}
          onDone={() => {
            setStarting(false);
            message.success(t('terms.started'));
            reload();
          }}
        />
      )}
    </Flex>
  );
}
