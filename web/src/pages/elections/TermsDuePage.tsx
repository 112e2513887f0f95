/**
 * 任期与换届提醒 for the superior: terms ending within the reminder months and overdue ones (the orgs' own list,
 * with the regular end, an approved postponement and an election under way), and recording a postponement.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, Select, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { formatIsoDate, fromIsoDate, today } from '../../dates.ts';
import { FormDialog } from '../../FormDialog.tsx';
import { useI18n } from '../../i18n.ts';
import { followLink, navigate } from '../../router.ts';
import { useCan } from '../../session.ts';
import { useLoad } from '../../use-load.ts';
import { orgsApi } from '../orgs/orgs-api.ts';
import { electionsApi, type TermDueItem } from './elections-api.ts';
import { electionHref, ELECTIONS_PATH } from './paths.ts';

type Row = TermDueItem & { overdue: boolean };

function PostponeDialog({ item, onClose, onDone }: { item: Row; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const { data: ancestors } = useLoad(() => orgsApi.ancestors(item.orgId), [item.orgId]);
  const superiors = ancestors?.filter((o) => o.id !== item.orgId).reverse() ?? [];
  const required = (field: string) => [{ required: true, message: t('validation.required', { field }) }];

  return (
    <FormDialog<{ newEndsOn: Dayjs; approvedByOrgId: string; approvedOn: Dayjs; reason: string }>
      title={`${t('terms.postpone.title')} · ${item.name}`}
      testId="postpone-form"
      initialValues={{ approvedOn: today() }}
      onClose={onClose}
      onSubmit={async (values) => {
        await electionsApi.postpone({
          orgId: item.orgId,
          newEndsOn: formatIsoDate(values.newEndsOn),
          approvedByOrgId: values.approvedByOrgId,
          approvedOn: formatIsoDate(values.approvedOn),
          reason: values.reason,
        });
        onDone();
      }}
    >
      <Typography.Paragraph type="secondary">
        {t('terms.due.regularEnd')}: {item.regularEndsOn} · {t('terms.due.endsOn')}: {item.endsOn}
      </Typography.Paragraph>
      <Form.Item name="newEndsOn" label={t('terms.postpone.newEndsOn')} rules={required(t('terms.postpone.newEndsOn'))}>
        <DatePicker className="full-width" minDate={fromIsoDate(item.endsOn) ?? undefined} data-testid="postpone-new-ends-on" />
      </Form.Item>
      <Form.Item name="approvedByOrgId" label={t('terms.postpone.approver')} rules={required(t('terms.postpone.approver'))}>
        <Select options={superiors.map((o) => ({ value: o.id, label: o.name }))} data-testid="postpone-approver" />
      </Form.Item>
      <Form.Item name="approvedOn" label={t('terms.postpone.approvedOn')} rules={required(t('terms.postpone.approvedOn'))}>
        <DatePicker className="full-width" maxDate={today()} />
      </Form.Item>
      <Form.Item name="reason" label={t('terms.postpone.reason')} rules={required(t('terms.postpone.reason'))}>
        <Input.TextArea maxLength={200} rows={2} data-testid="postpone-reason" />
      </Form.Item>
    </FormDialog>
  );
}

export function TermsDuePage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const [asOf, setAsOf] = useState<Dayjs>(today());
  const { data, error, reload } = useLoad(() => electionsApi.termsDue(formatIsoDate(asOf)), [asOf]);
  const [postponing, setPostponing] = useState<Row | null>(null);

  const rows: Row[] = data ? [...data.overdue.map((i) => ({ ...i, overdue: true })), ...data.dueSoon.map((i) => ({ ...i, overdue: false }))] : [];

  return (
    <Card
      className="members-card"
      data-testid="terms-due-page"
      title={
        <Flex gap={8} align="center">
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(ELECTIONS_PATH)} aria-label={t('elections.back')} />
          <span>{t('terms.due.title')}</span>
        </Flex>
      }
      extra={
        <a href="/orgs" onClick={(event) => followLink(event, '/orgs')}>
          {t('terms.due.orgsLink')}
        </a>
      }
    >
      <Flex vertical gap={12}>
        <Flex gap={8} align="center" wrap>
          <span>{t('terms.due.asOf')}</span>
          <DatePicker value={asOf} allowClear={false} onChange={(value) => value && setAsOf(value)} data-testid="terms-due-as-of" />
        </Flex>
        {data && (
          <Flex vertical>
            <Typography.Text type="secondary">{t('terms.due.intro', { asOf: data.asOf, months: data.months })}</Typography.Text>
            <Typography.Text type="secondary">{t('rule.cite', { cite: data.rule.cite })}</Typography.Text>
          </Flex>
        )}
        {error && <Alert type="error" title={error} showIcon />}
        <Table<Row>
          size="small"
          rowKey="orgId"
          loading={!data && !error}
          dataSource={rows}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('terms.due.empty') }}
          rowClassName={(row) => (row.overdue ? 'term-overdue' : '')}
          columns={[
            { key: 'org', title: t('elections.col.org'), dataIndex: 'name' },
            { key: 'kind', title: t('org.kind'), render: (_, row) => t(`kind.${row.kind}`) },
            { key: 'started', title: t('termsDue.startedOn'), dataIndex: 'startedOn' },
            { key: 'regular', title: t('terms.due.regularEnd'), dataIndex: 'regularEndsOn' },
            {
              key: 'ends',
              title: t('terms.due.endsOn'),
              render: (_, row) => (
                <Flex vertical>
                  <span>{row.endsOn}</span>
                  {row.postponement && <Tag color="purple">{t('terms.due.postponed', { date: row.postponement.newEndsOn })}</Tag>}
                </Flex>
              ),
            },
            {
              key: 'state',
              title: t('elections.col.state'),
              render: (_, row) => (
                <Flex gap={4} wrap>
                  <Tag color={row.overdue ? 'red' : 'orange'}>{row.overdue ? t('terms.due.overdue') : t('terms.due.dueSoon')}</Tag>
                  {row.openElectionId && (
                    <a href={electionHref(row.openElectionId)} onClick={(event) => followLink(event, electionHref(row.openElectionId ?? ''))}>
                      {t('terms.due.openElection')}
                    </a>
                  )}
                </Flex>
              ),
            },
            {
              key: 'actions',
              title: t('common.actions'),
              render: (_, row) =>
                can('committee.write') && (
                  <Button size="small" onClick={() => setPostponing(row)} data-testid={`terms-postpone-${row.code}`}>
                    {t('terms.postpone')}
                  </Button>
                ),
            },
          ]}
        />
      </Flex>
      {postponing && (
        <PostponeDialog
          item={postponing}
          onClose={() => setPostponing(null)}
          onDone={() => {
            setPostponing(null);
            message.success(t('terms.postpone.done'));
            reload();
          }}
        />
      )}
    </Card>
  );
}
