/** Terms of office (任期) of one org: the length the rules expect, past and current terms, record an election. */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Flex, Form, InputNumber, Modal, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../api.ts';
import { formatIsoDate, today } from '../../dates.ts';
import { useI18n } from '../../i18n.ts';
import { useCan } from '../../session.ts';
import { withTestId } from '../../test-ids.ts';
import { orgsApi, type Org, type Term, type Terms } from './orgs-api.ts';

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
  const [form] = Form.useForm<StartValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: StartValues) => {
    setSaving(true);
    setError(null);
    try {
      await orgsApi.startTerm(org.id, {
        startedOn: formatIsoDate(values.startedOn),
        ...(values.lengthYears ? { lengthYears: values.lengthYears } : {}),
      });
      onDone();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('terms.startTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={withTestId({}, 'dialog-ok')}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
    >
      <Form<StartValues>
        form={form}
        layout="vertical"
        initialValues={{ startedOn: today(), lengthYears: null }}
        onFinish={submit}
      >
        <Form.Item
          name="startedOn"
          label={t('terms.startedOn')}
          rules={[{ required: true, message: t('validation.required', { field: t('terms.startedOn') }) }]}
        >
          <DatePicker className="full-width" data-testid="term-form-started" />
        </Form.Item>
        <Form.Item
          name="lengthYears"
          label={t('terms.lengthYears')}
          extra={t('terms.lengthYearsHelp', { years: expectedYears })}
        >
          <InputNumber min={1} max={10} precision={0} placeholder={String(expectedYears)} className="full-width" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" title={error} showIcon data-testid="form-error" />}
    </Modal>
  );
}

export function TermsPanel({ org, revision }: { org: Org; revision: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const [terms, setTerms] = useState<Terms | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  const load = useCallback(async () => {
    try {
      setTerms(await orgsApi.terms(org.id));
      setError(null);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }, [org.id]);

  useEffect(() => {
    void load();
  }, [load, revision]);

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
            void load();
          }}
        />
      )}
    </Flex>
  );
}
