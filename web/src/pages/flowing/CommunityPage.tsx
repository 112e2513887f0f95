/**
 * 双报到: in-service members of the subtree registered with a community elsewhere, and members registered with the
 * subtree's communities; service recorded by the community side; the year's service hours per member.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, InputNumber, Segmented, Table, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { DateDialog } from '../../DateDialog.tsx';
import { today } from '../../dates.ts';
import { useI18n } from '../../i18n.ts';
import { RowActions } from '../../RowActions.tsx';
import { useCan } from '../../session.ts';
import { withTestId } from '../../test-ids.ts';
import { useLoad } from '../../use-load.ts';
import { ScopedPage } from '../members/ScopedPage.tsx';
import { RegisterCommunityDialog, ServiceDialog } from './CommunityDialogs.tsx';
import { communityApi, type Registration, type RecordState, type ServiceHours } from './flowing-api.ts';

const PAGE_SIZE = 20;
type Side = 'all' | 'home' | 'community';

/** Minutes as hours with one decimal: 90 → 1.5. */
function hoursOf(minutes: number): string {
  return (Math.round(minutes / 6) / 10).toFixed(1);
}

function Registrations({ orgId, revision, onChanged }: { orgId: string; revision: number; onChanged(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const [side, setSide] = useState<Side>('all');
  const [state, setState] = useState<RecordState>('open');
  const [page, setPage] = useState(1);
  const [serving, setServing] = useState<Registration | null>(null);
  const [ending, setEnding] = useState<Registration | null>(null);

  const { data, error } = useLoad(
    () => communityApi.list(orgId, side === 'all' ? undefined : side, state, page, PAGE_SIZE),
    [orgId, side, state, page, revision],
  );

  const writable = can('member.write');
  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8}>
        <Segmented<Side>
          value={side}
          onChange={(value) => {
            setSide(value);
            setPage(1);
          }}
          options={(['all', 'home', 'community'] as const).map((s) => ({ value: s, label: t(`community.side.${s}`) }))}
        />
        <Segmented<RecordState>
          value={state}
          onChange={(value) => {
            setState(value);
            setPage(1);
          }}
          options={(['open', 'ended', 'all'] as const).map((s) => ({ value: s, label: t(`community.state.${s}`) }))}
        />
      </Flex>
      {error && <Alert type="error" showIcon title={error} />}
      <Table<Registration>
        size="small"
        rowKey="id"
        loading={data === null && !error}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('community.empty') }}
        onRow={(r) => withTestId({}, `community-row-${r.memberName}`)}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        columns={[
          { key: 'member', title: t('pools.member'), dataIndex: 'memberName' },
          { key: 'home', title: t('community.homeOrg'), render: (_, r) => r.homeOrg.name },
          { key: 'community', title: t('community.community'), render: (_, r) => r.communityOrg.name },
          { key: 'registered', title: t('community.registeredOn'), dataIndex: 'registeredOn' },
          { key: 'ended', title: t('community.endedOn'), render: (_, r) => r.endedOn ?? '—' },
          { key: 'hours', title: t('community.hours'), render: (_, r) => hoursOf(r.totalMinutes) },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_, r) => (
              <RowActions
                actions={
                  writable && !r.endedOn
                    ? [
                        r.side !== 'home' && { label: t('community.service'), onClick: () => setServing(r), testId: `community-service-${r.memberName}` },
                        { label: t('community.end'), onClick: () => setEnding(r), testId: `community-end-${r.memberName}` },
                      ]
                    : []
                }
              />
            ),
          },
        ]}
      />
      {serving && (
        <ServiceDialog
          registration={serving}
          onClose={() => setServing(null)}
          onDone={() => {
            setServing(null);
            message.success(t('community.served'));
            onChanged();
          }}
        />
      )}
      {ending && (
        <DateDialog
          title={t('community.endTitle', { name: ending.memberName })}
          label={t('community.endedOn')}
          onSubmit={async (date) => {
            await communityApi.end(ending, date);
            setEnding(null);
            message.success(t('community.ended'));
            onChanged();
          }}
          onClose={() => setEnding(null)}
        />
      )}
    </Flex>
  );
}

function Hours({ orgId, revision }: { orgId: string; revision: number }) {
  const { t } = useI18n();
  const [year, setYear] = useState(today().year());
  const { data, error } = useLoad(() => communityApi.hours(orgId, year), [orgId, year, revision]);

  return (
    <Card
      size="small"
      title={t('community.hoursTitle')}
      extra={<InputNumber min={2000} max={2100} value={year} onChange={(value) => value && setYear(value)} suffix={t('common.year')} />}
    >
      {error && <Alert type="error" showIcon title={error} />}
      <Typography.Paragraph data-testid="community-hours-total">
        {data ? t('community.hoursTotal', { year: data.year, hours: hoursOf(data.totalMinutes), members: data.members.length }) : t('common.loading')}
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey="memberId"
        loading={data === null && !error}
        dataSource={data?.members ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('community.noHours') }}
        columns={[
          { key: 'member', title: t('pools.member'), dataIndex: 'memberName' },
          { key: 'home', title: t('community.homeOrg'), dataIndex: 'homeOrgName' },
          { key: 'sessions', title: t('community.sessions'), dataIndex: 'sessions' },
          { key: 'hours', title: t('community.hours'), render: (_, m: ServiceHours['members'][number]) => hoursOf(m.minutes) },
        ]}
      />
    </Card>
  );
}

export function CommunityPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const [revision, setRevision] = useState(0);
  const [registering, setRegistering] = useState<string | null>(null);
  const reload = useCallback(() => setRevision((r) => r + 1), []);

  return (
    <ScopedPage
      title={t('menu.community')}
      testId="community-page"
      extra={(orgId) =>
        can('member.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(orgId)} data-testid="community-register">
            {t('community.register')}
          </Button>
        )
      }
    >
      {(orgId) => (
        <>
          <Registrations key={orgId} orgId={orgId} revision={revision} onChanged={reload} />
          <Hours key={`hours-${orgId}`} orgId={orgId} revision={revision} />
          {registering && (
            <RegisterCommunityDialog
              member={null}
              scopeOrgId={registering}
              onClose={() => setRegistering(null)}
              onDone={() => {
                setRegistering(null);
                message.success(t('community.registered'));
                reload();
              }}
            />
          )}
        </>
      )}
    </ScopedPage>
  );
}
