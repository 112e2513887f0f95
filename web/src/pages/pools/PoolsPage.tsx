/**
 * 结对帮带 · 后备干部 · 关爱帮扶: mentor pairs, the reserve-cadre pool with its training and assessment records,
 * and care for members in difficulty with the year's totals (money in yuan, kept in fen).
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, InputNumber, Segmented, Table, Tabs, Tag } from 'antd';
import { useCallback, useState } from 'react';
import { DateDialog } from '../../DateDialog.tsx';
import { today } from '../../dates.ts';
import { useI18n } from '../../i18n.ts';
import { navigate, useLocation } from '../../router.ts';
import { RowActions } from '../../RowActions.tsx';
import { useCan } from '../../session.ts';
import { withTestId } from '../../test-ids.ts';
import { useLoad } from '../../use-load.ts';
import { ScopedPage } from '../members/ScopedPage.tsx';
import { formatYuan } from './money.ts';
import { AddReserveDialog, CareDialog, ReserveRecordDialog, StartPairDialog } from './PoolDialogs.tsx';
import { poolsApi, type CareRecord, type CareTotals, type MentorPair, type PoolState, type ReserveCadre } from './pools-api.ts';

const PAGE_SIZE = 20;
type Tab = 'pairs' | 'reserves' | 'care';
const TABS: Tab[] = ['pairs', 'reserves', 'care'];

interface ListProps {
  orgId: string;
  revision: number;
  onChanged(): void;
}

function StateSwitch({ value, onChange }: { value: PoolState; onChange(state: PoolState): void }) {
  const { t } = useI18n();
  return (
    <Segmented<PoolState>
      value={value}
      onChange={onChange}
      options={(['open', 'ended', 'all'] as const).map((s) => ({ value: s, label: t(`pools.state.${s}`) }))}
    />
  );
}

function Pairs({ orgId, revision, onChanged }: ListProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const [state, setState] = useState<PoolState>('open');
  const [page, setPage] = useState(1);
  const [ending, setEnding] = useState<MentorPair | null>(null);
  const { data, error } = useLoad(() => poolsApi.pairs(orgId, state, page, PAGE_SIZE), [orgId, state, page, revision]);

  return (
    <Flex vertical gap={12}>
      <StateSwitch
        value={state}
        onChange={(s) => {
          setState(s);
          setPage(1);
        }}
      />
      {error && <Alert type="error" showIcon title={error} />}
      <Table<MentorPair>
        size="small"
        rowKey="id"
        loading={data === null && !error}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('pairs.empty') }}
        onRow={(p) => withTestId({}, `pair-row-${p.mentee.name}`)}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        columns={[
          { key: 'mentor', title: t('pairs.mentor'), render: (_, p) => p.mentor.name },
          { key: 'mentee', title: t('pairs.mentee'), render: (_, p) => p.mentee.name },
          { key: 'org', title: t('member.org'), render: (_, p) => p.org.name },
          { key: 'started', title: t('pairs.startedOn'), dataIndex: 'startedOn' },
          { key: 'ended', title: t('pools.endedOn'), render: (_, p) => p.endedOn ?? '—' },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_, p) => (
              <RowActions actions={[can('member.write') && !p.endedOn && { label: t('pools.end'), onClick: () => setEnding(p), testId: `pair-end-${p.mentee.name}` }]} />
            ),
          },
        ]}
      />
      {ending && (
        <DateDialog
          title={t('pairs.endTitle', { mentor: ending.mentor.name, mentee: ending.mentee.name })}
          label={t('pools.endedOn')}
          onSubmit={async (date) => {
            await poolsApi.endPair(ending, date);
            setEnding(null);
            message.success(t('pools.ended'));
            onChanged();
          }}
          onClose={() => setEnding(null)}
        />
      )}
    </Flex>
  );
}

function Reserves({ orgId, revision, onChanged }: ListProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const [state, setState] = useState<PoolState>('open');
  const [page, setPage] = useState(1);
  const [recording, setRecording] = useState<ReserveCadre | null>(null);
  const [removing, setRemoving] = useState<ReserveCadre | null>(null);
  const { data, error } = useLoad(() => poolsApi.reserves(orgId, state, page, PAGE_SIZE), [orgId, state, page, revision]);

  return (
    <Flex vertical gap={12}>
      <StateSwitch
        value={state}
        onChange={(s) => {
          setState(s);
          setPage(1);
        }}
      />
      {error && <Alert type="error" showIcon title={error} />}
      <Table<ReserveCadre>
        size="small"
        rowKey="id"
        loading={data === null && !error}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('reserves.empty') }}
        onRow={(r) => withTestId({}, `reserve-row-${r.memberName}`)}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        expandable={{
          rowExpandable: (r) => r.records.length > 0,
          expandedRowRender: (r) => (
            <ul className="reserve-records">
              {r.records.map((record) => (
                <li key={record.id}>
                  <Tag>{t(`reserveRecord.${record.kind}`)}</Tag>
                  {record.recordedOn} {record.content}
                </li>
              ))}
            </ul>
          ),
        }}
        columns={[
          { key: 'member', title: t('pools.member'), dataIndex: 'memberName' },
          { key: 'org', title: t('member.org'), render: (_, r) => r.org.name },
          { key: 'post', title: t('reserves.targetPost'), dataIndex: 'targetPost' },
          { key: 'added', title: t('reserves.addedOn'), dataIndex: 'addedOn' },
          { key: 'removed', title: t('reserves.removedOn'), render: (_, r) => r.removedOn ?? '—' },
          { key: 'records', title: t('reserves.records'), render: (_, r) => r.records.length },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_, r) => (
              <RowActions
                actions={
                  can('member.write') && !r.removedOn
                    ? [
                        { label: t('reserves.record'), onClick: () => setRecording(r), testId: `reserve-record-${r.memberName}` },
                        { label: t('reserves.remove'), onClick: () => setRemoving(r), testId: `reserve-remove-${r.memberName}` },
                      ]
                    : []
                }
              />
            ),
          },
        ]}
      />
      {recording && (
        <ReserveRecordDialog
          reserve={recording}
          onClose={() => setRecording(null)}
          onDone={() => {
            setRecording(null);
            message.success(t('common.saved'));
            onChanged();
          }}
        />
      )}
      {removing && (
        <DateDialog
          title={t('reserves.removeTitle', { name: removing.memberName })}
          label={t('reserves.removedOn')}
          onSubmit={async (date) => {
            await poolsApi.removeReserve(removing, date);
            setRemoving(null);
            message.success(t('reserves.removed'));
            onChanged();
          }}
          onClose={() => setRemoving(null)}
        />
      )}
    </Flex>
  );
}

function CareTotalsBar({ totals }: { totals: CareTotals }) {
  const { t } = useI18n();
  return (
    <Flex wrap gap="4px 16px" className="member-stats" data-testid="care-totals">
      <span className="member-stat">
        <span className="member-stat-label">{t('care.visits')}</span>
        <span className="member-stat-value">{totals.visits}</span>
      </span>
      <span className="member-stat">
        <span className="member-stat-label">{t('care.fundRecords')}</span>
        <span className="member-stat-value">{totals.fundRecords}</span>
      </span>
      <span className="member-stat">
        <span className="member-stat-label">{t('care.funds')}</span>
        <span className="member-stat-value" data-testid="care-funds">
          {formatYuan(totals.fundsFen)}
        </span>
      </span>
      <span className="member-stat">
        <span className="member-stat-label">{t('care.total')}</span>
        <span className="member-stat-value" data-testid="care-total">
          {formatYuan(totals.totalFen)}
        </span>
      </span>
      <span className="member-stat">
        <span className="member-stat-label">{t('care.membersCared')}</span>
        <span className="member-stat-value">{totals.membersCared}</span>
      </span>
    </Flex>
  );
}

function Care({ orgId, revision }: ListProps) {
  const { t } = useI18n();
  const [year, setYear] = useState(today().year());
  const [page, setPage] = useState(1);
  const list = useLoad(() => poolsApi.care(orgId, year, page, PAGE_SIZE), [orgId, year, page, revision]);
  const totals = useLoad(() => poolsApi.careTotals(orgId, year), [orgId, year, revision]);

  return (
    <Flex vertical gap={12}>
      <InputNumber
        className="year-input"
        min={2000}
        max={2100}
        value={year}
        onChange={(value) => {
          if (!value) return;
          setYear(value);
          setPage(1);
        }}
        suffix={t('common.year')}
        data-testid="care-year"
      />
      {totals.error && <Alert type="error" showIcon title={totals.error} />}
      {totals.data && <CareTotalsBar totals={totals.data} />}
      {totals.data && totals.data.byChild.length > 0 && (
        <Table
          size="small"
          rowKey="orgId"
          dataSource={totals.data.byChild}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            { key: 'org', title: t('care.childOrg'), dataIndex: 'name' },
            { key: 'visits', title: t('care.visits'), dataIndex: 'visits' },
            { key: 'fundRecords', title: t('care.fundRecords'), dataIndex: 'fundRecords' },
            { key: 'funds', title: t('care.funds'), render: (_, c: CareTotals['byChild'][number]) => formatYuan(c.fundsFen) },
            { key: 'total', title: t('care.total'), render: (_, c: CareTotals['byChild'][number]) => formatYuan(c.totalFen) },
            { key: 'members', title: t('care.membersCared'), dataIndex: 'membersCared' },
          ]}
        />
      )}
      {list.error && <Alert type="error" showIcon title={list.error} />}
      <Table<CareRecord>
        size="small"
        rowKey="id"
        loading={list.data === null && !list.error}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('care.empty') }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        columns={[
          { key: 'date', title: t('care.recordedOn'), dataIndex: 'recordedOn' },
          { key: 'member', title: t('pools.member'), dataIndex: 'memberName' },
          { key: 'kind', title: t('care.kind'), render: (_, c) => t(`careKind.${c.kind}`) },
          { key: 'amount', title: t('care.amount'), render: (_, c) => <span className="nowrap">{formatYuan(c.amountFen)}</span> },
          { key: 'note', title: t('care.note'), dataIndex: 'note' },
        ]}
      />
    </Flex>
  );
}

type Adding = { tab: Tab; orgId: string } | null;

export function PoolsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const { pathname, query } = useLocation();
  const tabParam = query.get('tab');
  const tab: Tab = tabParam === 'reserves' || tabParam === 'care' ? tabParam : 'pairs';
  const [revision, setRevision] = useState(0);
  const [adding, setAdding] = useState<Adding>(null);
  const reload = useCallback(() => setRevision((r) => r + 1), []);
  const added = (text: string) => {
    setAdding(null);
    message.success(text);
    reload();
  };

  const switchTab = (next: Tab) => {
    const params = new URLSearchParams(query);
    params.set('tab', next);
    navigate(`${pathname}?${params.toString()}`, { replace: true });
  };

  return (
    <ScopedPage
      title={t('menu.pools')}
      testId="pools-page"
      extra={(orgId) =>
        can('member.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding({ tab, orgId })} data-testid="pools-add">
            {t(`pools.add.${tab}`)}
          </Button>
        )
      }
    >
      {(orgId) => (
        <>
          <Tabs
            activeKey={tab}
            onChange={(key) => switchTab(TABS.find((k) => k === key) ?? 'pairs')}
            items={[
              { key: 'pairs', label: <span data-testid="tab-pairs">{t('pools.tab.pairs')}</span>, children: <Pairs key={orgId} orgId={orgId} revision={revision} onChanged={reload} /> },
              { key: 'reserves', label: <span data-testid="tab-reserves">{t('pools.tab.reserves')}</span>, children: <Reserves key={orgId} orgId={orgId} revision={revision} onChanged={reload} /> },
              { key: 'care', label: <span data-testid="tab-care">{t('pools.tab.care')}</span>, children: <Care key={orgId} orgId={orgId} revision={revision} onChanged={reload} /> },
            ]}
          />
          {adding?.tab === 'pairs' && (
            <StartPairDialog member={null} scopeOrgId={adding.orgId} onClose={() => setAdding(null)} onDone={() => added(t('pairs.started'))} />
          )}
          {adding?.tab === 'reserves' && (
            <AddReserveDialog member={null} scopeOrgId={adding.orgId} onClose={() => setAdding(null)} onDone={() => added(t('reserves.added'))} />
          )}
          {adding?.tab === 'care' && (
            <CareDialog member={null} scopeOrgId={adding.orgId} onClose={() => setAdding(null)} onDone={() => added(t('care.recorded'))} />
          )}
        </>
      )}
    </ScopedPage>
  );
}
