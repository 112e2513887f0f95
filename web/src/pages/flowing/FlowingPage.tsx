/**
 * 流动党员: members away from their branch, with the destination and the yearly report; those without a report
 * for a year are listed in red (and alone under 逾期未报告). Record a departure, a report, the return.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Segmented, Table, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { DateDialog } from '../../DateDialog.tsx';
import { useI18n } from '../../i18n.ts';
import { RowActions } from '../../RowActions.tsx';
import { useCan } from '../../session.ts';
import { withTestId } from '../../test-ids.ts';
import { useLoad } from '../../use-load.ts';
import { RevealValue } from '../accounts/RevealValue.tsx';
import { ScopedPage } from '../members/ScopedPage.tsx';
import { flowingApi, type FlowingRecord } from './flowing-api.ts';
import { FlowingReportDialog, StartFlowingDialog } from './FlowingDialogs.tsx';

const PAGE_SIZE = 20;
type View = 'open' | 'overdue' | 'ended' | 'all';
const VIEWS: View[] = ['open', 'overdue', 'ended', 'all'];

function FlowingList({ orgId, revision, onChanged }: { orgId: string; revision: number; onChanged(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const [view, setView] = useState<View>('open');
  const [page, setPage] = useState(1);
  const [reporting, setReporting] = useState<FlowingRecord | null>(null);
  const [ending, setEnding] = useState<FlowingRecord | null>(null);

  const { data, error } = useLoad(
    () => flowingApi.list(orgId, view === 'overdue' ? 'open' : view, view === 'overdue', page, PAGE_SIZE),
    [orgId, view, page, revision],
  );

  const writable = can('member.write');
  return (
    <Flex vertical gap={12}>
      <Segmented<View>
        value={view}
        onChange={(value) => {
          setView(value);
          setPage(1);
        }}
        options={VIEWS.map((v) => ({ value: v, label: <span data-testid={`flowing-view-${v}`}>{t(`flowing.view.${v}`)}</span> }))}
      />
      {data && (
        <Typography.Text type="secondary" className="rule-cite">
          {t('flowing.reportRule', { asOf: data.asOf })} {t('rule.cite', { cite: data.cite })}
        </Typography.Text>
      )}
      {error && <Alert type="error" showIcon title={error} />}
      <Table<FlowingRecord>
        size="small"
        rowKey="id"
        loading={data === null && !error}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('flowing.empty') }}
        rowClassName={(r) => (r.reportOverdue ? 'row-overdue' : '')}
        onRow={(r) => withTestId({}, `flowing-row-${r.memberName}`)}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
        }}
        columns={[
          { key: 'member', title: t('pools.member'), dataIndex: 'memberName' },
          { key: 'org', title: t('member.org'), render: (_, r) => r.org.name },
          { key: 'destination', title: t('flowing.destination'), dataIndex: 'destination' },
          {
            key: 'contact',
            title: t('flowing.contact'),
            render: (_, r) => <RevealValue field="phone" masked={r.contact} load={async () => (await flowingApi.revealContact(r)).value} />,
          },
          { key: 'started', title: t('flowing.startedOn'), dataIndex: 'startedOn' },
          { key: 'last', title: t('flowing.lastReportedOn'), render: (_, r) => r.lastReportedOn ?? '—' },
          {
            key: 'due',
            title: t('flowing.reportDueOn'),
            render: (_, r) =>
              r.endedOn ? (
                t('flowing.endedOn', { date: r.endedOn })
              ) : (
                <span className="nowrap">
                  {r.reportDueOn}
                  {r.reportOverdue && (
                    <Tag color="red" className="tag-after">
                      {t('flowing.overdue')}
                    </Tag>
                  )}
                </span>
              ),
          },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_, r) => (
              <RowActions
                actions={
                  writable && !r.endedOn
                    ? [
                        { label: t('flowing.report'), onClick: () => setReporting(r), testId: `flowing-report-${r.memberName}` },
                        { label: t('flowing.end'), onClick: () => setEnding(r), testId: `flowing-end-${r.memberName}` },
                      ]
                    : []
                }
              />
            ),
          },
        ]}
      />
      {reporting && (
        <FlowingReportDialog
          record={reporting}
          onClose={() => setReporting(null)}
          onDone={() => {
            setReporting(null);
            message.success(t('flowing.reported'));
            onChanged();
          }}
        />
      )}
      {ending && (
        <DateDialog
          title={t('flowing.endTitle', { name: ending.memberName })}
          label={t('flowing.endedOnLabel')}
          onSubmit={async (date) => {
            await flowingApi.end(ending, date);
            setEnding(null);
            message.success(t('flowing.ended'));
            onChanged();
          }}
          onClose={() => setEnding(null)}
        />
      )}
    </Flex>
  );
}

export function FlowingPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const [revision, setRevision] = useState(0);
  const [starting, setStarting] = useState<string | null>(null);
  const reload = useCallback(() => setRevision((r) => r + 1), []);

  return (
    <ScopedPage
      title={t('menu.flowing')}
      testId="flowing-page"
      extra={(orgId) =>
        can('member.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setStarting(orgId)} data-testid="flowing-start">
            {t('flowing.start')}
          </Button>
        )
      }
    >
      {(orgId) => (
        <>
          <FlowingList key={orgId} orgId={orgId} revision={revision} onChanged={reload} />
          {starting && (
            <StartFlowingDialog
              member={null}
              scopeOrgId={starting}
              onClose={() => setStarting(null)}
              onDone={() => {
                setStarting(null);
                message.success(t('flowing.started'));
                reload();
              }}
            />
          )}
        </>
      )}
    </ScopedPage>
  );
}
