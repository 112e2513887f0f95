/** 换届提醒: orgs whose term ends within six months, and those already overdue (in red). */
import { Alert, Card, Flex, Table, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n.ts';
import { useLoad } from '../../use-load.ts';
import { orgsApi, type TermDueItem } from './orgs-api.ts';

const REMINDER_MONTHS = 6;

export function TermsDuePanel({ onSelect }: { onSelect(orgId: string): void }) {
  const { t } = useI18n();
  const { data, error } = useLoad(() => orgsApi.termsDue(REMINDER_MONTHS), []);

  const rows = data
    ? [
        ...data.overdue.map((item) => ({ ...item, overdue: true })),
        ...data.dueSoon.map((item) => ({ ...item, overdue: false })),
      ]
    : [];

  return (
    <Card data-testid="terms-due">
      <Flex vertical gap={12}>
        {data && (
          <Typography.Text type="secondary">
            {t('termsDue.intro', { asOf: data.asOf, months: data.months })}
          </Typography.Text>
        )}
        {error && <Alert type="error" title={error} showIcon />}
        <Table<TermDueItem & { overdue: boolean }>
          size="small"
          rowKey="orgId"
          loading={!data && !error}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('termsDue.empty') }}
          rowClassName={(row) => (row.overdue ? 'term-overdue' : '')}
          columns={[
            {
              key: 'org',
              title: t('termsDue.org'),
              render: (_, row) => (
                <Typography.Link onClick={() => onSelect(row.orgId)} data-testid={`terms-due-${row.code}`}>
                  {row.name}
                </Typography.Link>
              ),
            },
            { key: 'kind', title: t('org.kind'), render: (_, row) => t(`kind.${row.kind}`) },
            { key: 'started', title: t('termsDue.startedOn'), dataIndex: 'startedOn' },
            { key: 'ends', title: t('termsDue.endsOn'), dataIndex: 'endsOn' },
            {
              key: 'state',
              title: t('org.status'),
              render: (_, row) =>
                row.overdue ? (
                  <Tag color="red">{t('termsDue.overdue')}</Tag>
                ) : (
                  <Tag color="orange">{t('termsDue.dueSoon')}</Tag>
                ),
            },
          ]}
        />
      </Flex>
    </Card>
  );
}
