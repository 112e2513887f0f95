/**
 * 审计日志: the audit trail newest first, filtered by date range, action prefix, outcome and account; the
 * integrity check of the hash chain (the first bad row in red) and the CSV export of what the filters match.
 */
import { DownloadOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, App, AutoComplete, Button, Card, DatePicker, Flex, Form, Input, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api.ts';
import { formatDateTime, formatIsoDate, today } from '../../dates.ts';
import { translateOptional, useI18n } from '../../i18n.ts';
import { useCan } from '../../session.ts';
import { auditApi, type AuditFilters, type AuditItem, type AuditPage as AuditAnswer, type AuditVerification } from './audit-api.ts';

const PAGE_SIZE = 50;

/** Offered in the action filter; it matches by prefix, so `auth.` finds every login event. */
const ACTION_CHOICES = [
  'auth.',
  'auth.login',
  'auth.logout',
  'auth.password_change',
  'auth.mfa',
  'auth.forbidden',
  'account.',
  'role.grant',
  'session.',
  'personal.reveal',
  'security.policy_change',
  'audit.',
  'org.',
  'committee.',
  'term.start',
];

interface FilterValues {
  dates?: [Dayjs | null, Dayjs | null] | null;
  action?: string;
  outcome?: 'success' | 'failure';
  accountId?: string;
}

function toFilters(values: FilterValues): AuditFilters {
  const [start, end] = values.dates ?? [null, null];
  return {
    from: start ? start.startOf('day').toISOString() : undefined,
    to: end ? end.add(1, 'day').startOf('day').toISOString() : undefined,
    action: values.action?.trim() || undefined,
    outcome: values.outcome,
    accountId: values.accountId?.trim() || undefined,
  };
}

/** Ids are time-ordered (their heads repeat), so the tail tells rows apart; the whole id is in the tooltip. */
function shortId(id: string): string {
  return id.length > 12 ? `…${id.slice(-8)}` : id;
}

function actionLabel(action: string): string | null {
  return translateOptional(`auditAction.${action}`);
}

/** `org-admin,member` → 组织管理员、党员; the console and anonymous callers have names too. */
function roleLabel(role: string | null): string {
  if (!role) return '—';
  return role
    .split(',')
    .map((r) => translateOptional(`role.${r}`) ?? translateOptional(`auditRole.${r}`) ?? r)
    .join('、');
}

function Verification({ result }: { result: AuditVerification }) {
  const { t } = useI18n();
  if (result.ok) {
    return (
      <Alert
        type="success"
        showIcon
        title={t('audit.verify.ok', { checked: result.checked })}
        description={result.anchor === 'prune' ? t('audit.verify.sincePrune') : undefined}
        data-testid="audit-verify-result"
      />
    );
  }
  const bad = result.firstBad;
  return (
    <Alert
      type="error"
      showIcon
      title={
        bad
          ? t('audit.verify.bad', {
              seq: bad.seq,
              reason: translateOptional(`audit.verify.reason.${bad.reason}`) ?? bad.reason,
            })
          : t('audit.verify.failed')
      }
      description={t('audit.verify.badHint')}
      data-testid="audit-verify-result"
    />
  );
}

export function AuditPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const [form] = Form.useForm<FilterValues>();
  const [filters, setFilters] = useState<AuditFilters>({});
  const [page, setPage] = useState(1);
  const [data, setData] = useState<AuditAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [verifying, setVerifying] = useState(false);
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [exporting, setExporting] = useState(false);

  useEffect(() => {
    let current = true;
    setLoading(true);
    auditApi
      .search(filters, page, PAGE_SIZE)
      .then((answer) => {
        if (!current) return;
        setData(answer);
        setError(null);
      })
      .catch((caught: unknown) => current && setError(errorMessage(caught)))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [filters, page]);

  const apply = (values: FilterValues) => {
    setFilters(toFilters(values));
    setPage(1);
  };

  const filterByAccount = (accountId: string) => {
    form.setFieldValue('accountId', accountId);
    apply(form.getFieldsValue());
  };

  const verify = async () => {
    setVerifying(true);
    try {
      setVerification(await auditApi.verify());
    } catch (caught) {
      message.error(errorMessage(caught));
    } finally {
      setVerifying(false);
    }
  };

  const exportCsv = async () => {
    setExporting(true);
    try {
      await auditApi.exportCsv(filters, `audit-${formatIsoDate(today())}.csv`);
    } catch (caught) {
      message.error(errorMessage(caught));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Card title={t('menu.audit')} data-testid="audit-page">
      <Flex vertical gap={12}>
        <Form<FilterValues> form={form} layout="inline" className="audit-filters" onFinish={apply}>
          <Form.Item name="dates" label={t('audit.filter.dates')}>
            <DatePicker.RangePicker allowEmpty={[true, true]} data-testid="audit-filter-dates" />
          </Form.Item>
          <Form.Item name="action" label={t('audit.filter.action')}>
            <AutoComplete
              allowClear
              className="audit-filter-action"
              placeholder={t('audit.filter.actionPlaceholder')}
              options={ACTION_CHOICES.map((a) => ({
                value: a,
                label: (
                  <span>
                    {actionLabel(a) ?? a} <Typography.Text type="secondary">{a}</Typography.Text>
                  </span>
                ),
              }))}
              data-testid="audit-filter-action"
            />
          </Form.Item>
          <Form.Item name="outcome" label={t('audit.filter.outcome')}>
            <Select<'success' | 'failure'>
              allowClear
              className="audit-filter-outcome"
              placeholder={t('audit.filter.anyOutcome')}
              options={[
                { value: 'success', label: t('audit.outcome.success') },
                { value: 'failure', label: t('audit.outcome.failure') },
              ]}
              data-testid="audit-filter-outcome"
            />
          </Form.Item>
          <Form.Item name="accountId" label={t('audit.filter.account')}>
            <Input allowClear className="audit-filter-account" placeholder={t('audit.filter.accountPlaceholder')} data-testid="audit-filter-account" />
          </Form.Item>
          <Flex gap={8}>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
              {t('audit.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                apply({});
              }}
            >
              {t('common.reset')}
            </Button>
          </Flex>
        </Form>
        <Flex wrap gap={8} align="center">
          <Button icon={<SafetyCertificateOutlined />} loading={verifying} onClick={() => void verify()} data-testid="audit-verify">
            {t('audit.verify')}
          </Button>
          {can('audit.export') && (
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportCsv()} data-testid="audit-export">
              {t('audit.export')}
            </Button>
          )}
          {data && (
            <Typography.Text type="secondary" data-testid="audit-total">
              {t('audit.total', { total: data.total })}
            </Typography.Text>
          )}
        </Flex>
        {verification && <Verification result={verification} />}
        {error && <Alert type="error" title={error} showIcon />}
        <Table<AuditItem>
          size="small"
          rowKey="seq"
          loading={loading}
          dataSource={data?.items ?? []}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('audit.empty') }}
          rowClassName={(row) => (verification?.firstBad?.seq === row.seq ? 'audit-bad-row' : '')}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: data?.total ?? 0,
            showSizeChanger: false,
            onChange: setPage,
          }}
          columns={[
            { key: 'seq', title: t('audit.seq'), dataIndex: 'seq' },
            { key: 'at', title: t('audit.at'), render: (_, row) => <span className="nowrap">{formatDateTime(row.at)}</span> },
            {
              key: 'action',
              title: t('audit.action'),
              render: (_, row) => (
                <span className="audit-action" data-testid="audit-action">
                  <span>{actionLabel(row.action) ?? row.action}</span>
                  <Typography.Text type="secondary" className="audit-code">
                    {row.action}
                  </Typography.Text>
                </span>
              ),
            },
            {
              key: 'outcome',
              title: t('audit.outcome'),
              render: (_, row) =>
                row.outcome === 'success' ? (
                  <Tag color="green">{t('audit.outcome.success')}</Tag>
                ) : (
                  <Tag color="red">{t('audit.outcome.failure')}</Tag>
                ),
            },
            {
              key: 'summary',
              title: t('audit.summary'),
              render: (_, row) => <code className="audit-summary">{JSON.stringify(row.summary)}</code>,
            },
            {
              key: 'account',
              title: t('audit.account'),
              render: (_, row) =>
                row.accountId ? (
                  <Tooltip title={row.accountId}>
                    <Typography.Link className="audit-code" onClick={() => filterByAccount(row.accountId ?? '')}>
                      {shortId(row.accountId)}
                    </Typography.Link>
                  </Tooltip>
                ) : (
                  '—'
                ),
            },
            { key: 'role', title: t('audit.role'), render: (_, row) => roleLabel(row.role) },
            { key: 'address', title: t('audit.address'), render: (_, row) => row.sourceAddress ?? '—' },
            {
              key: 'target',
              title: t('audit.target'),
              render: (_, row) =>
                row.targetId ? (
                  <Tooltip title={row.targetId}>
                    <span className="audit-code">{`${row.targetType}:${shortId(row.targetId)}`}</span>
                  </Tooltip>
                ) : (
                  <span className="audit-code">{row.targetType}</span>
                ),
            },
          ]}
        />
      </Flex>
    </Card>
  );
}
