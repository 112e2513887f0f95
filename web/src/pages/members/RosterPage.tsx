/**
 * 花名册: the members of an org (with or without its sub-organizations), filtered, sorted and paged, under the
 * subtree's counts; new member, import and export for users who may write.
 */
import { DownloadOutlined, FilterOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Flex, Grid, Input, Result, Select, Spin, Switch, Table, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useI18n } from '../../i18n.ts';
import { followLink, navigate, useLocation } from '../../router.ts';
import { useCan } from '../../session.ts';
import { withTestId } from '../../test-ids.ts';
import { useLoad } from '../../use-load.ts';
import { useOrg } from '../orgs/use-org.ts';
import { ExportDialog } from './ExportDialog.tsx';
import { ImportDialog } from './ImportDialog.tsx';
import {
  AGE_BANDS,
  ageBandKey,
  EDUCATIONS,
  educationKey,
  FLAG_COLORS,
  flagKey,
  MEMBER_FLAGS,
  SEXES,
  sexKey,
  SORTS,
  sortKey,
  STATUSES,
  statusKey,
} from './member-labels.ts';
import { MemberFormDialog } from './MemberFormDialog.tsx';
import { membersApi, type AgeBand, type Education, type Member, type MemberFlag, type MemberSex, type MemberStatus, type RosterSort } from './members-api.ts';
import { MemberStats } from './MemberStats.tsx';
import { isBranch, OrgPicker } from './OrgPicker.tsx';
import { useOrgNames } from './org-names.ts';
import { useDebounced, useHomeOrg } from './use-home-org.ts';

const PAGE_SIZE = 20;
const SEARCH_DELAY_MS = 300;
export const ROSTER_PATH = '/members';

const memberHref = (id: string) => `${ROSTER_PATH}/${encodeURIComponent(id)}`;
const rosterHref = (orgId: string) => `${ROSTER_PATH}?org=${encodeURIComponent(orgId)}`;

interface Filters {
  status?: MemberStatus;
  sex?: MemberSex;
  ageBand?: AgeBand;
  education?: Education;
  flag?: MemberFlag;
  verified?: 'true' | 'false';
}

type Dialog = 'create' | 'import' | 'export' | null;

export function FlagTags({ member }: { member: Member }) {
  const { t } = useI18n();
  const flags = MEMBER_FLAGS.filter((f) => member.flags[f]);
  if (flags.length === 0) return null;
  return (
    <span className="member-flags">
      {flags.map((f) => (
        <Tag key={f} color={FLAG_COLORS[f]}>
          {t(flagKey(f))}
        </Tag>
      ))}
    </span>
  );
}

export function RosterPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const { query } = useLocation();
  const { home, error: homeError, retry } = useHomeOrg();
  const orgId = query.get('org') ?? home?.id;
  const [subtree, setSubtree] = useState(true);
  const [filters, setFilters] = useState<Filters>({});
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), SEARCH_DELAY_MS);
  const [sort, setSort] = useState<RosterSort>('name');
  const [page, setPage] = useState(1);
  const [revision, setRevision] = useState(0);
  const [dialog, setDialog] = useState<Dialog>(null);
  // On a phone the filters fold away behind one button, so the list starts near the top.
  const phone = Grid.useBreakpoint().md === false;
  const [filtersOpen, setFiltersOpen] = useState(false);

  // The org shown: the home org, or the one in the address.
  const { data: org, error: orgError, setData: setOrg } = useOrg(home, orgId);
  const { data, error: listError } = useLoad(
    () => (orgId ? membersApi.list({ orgId, subtree: subtree ? 'true' : 'false', ...filters, q: q || undefined, sort, page, pageSize: PAGE_SIZE }) : null),
    [orgId, subtree, filters, q, sort, page, revision],
  );
  const { data: counts, error: countsError } = useLoad(() => (orgId ? membersApi.counts(orgId) : null), [orgId, revision]);
  const error = orgError ?? listError ?? countsError;
  const orgNames = useOrgNames(data?.items.map((m) => m.orgId) ?? []);

  const filter = <K extends keyof Filters>(key: K, value: Filters[K] | undefined) => {
    setFilters((previous) => ({ ...previous, [key]: value }));
    setPage(1);
  };
  const reload = useCallback(() => setRevision((r) => r + 1), []);
  const activeFilters = Object.values(filters).filter((value) => value !== undefined).length;
  const onPickerError = useCallback((text: string) => message.error(text), [message]);

  if (homeError) {
    return <Result status="error" title={homeError} extra={<Button onClick={retry}>{t('common.retry')}</Button>} />;
  }
  if (!home || !org) return <Spin className="page-spin" />;

  const filterSelect = <K extends keyof Filters>(key: K, placeholder: string, options: { value: NonNullable<Filters[K]>; label: string }[]) => (
    <Select<NonNullable<Filters[K]>>
      allowClear
      className="roster-filter"
      placeholder={placeholder}
      value={filters[key] ?? undefined}
      onChange={(value) => filter(key, value)}
      options={options}
      data-testid={`roster-filter-${key}`}
    />
  );

  return (
    <Card title={t('menu.roster')} className="members-card" data-testid="roster-page">
      <Flex vertical gap={12}>
        <Flex wrap gap={8} align="center" justify="space-between">
          <Flex wrap gap={8} align="center" className="roster-org">
            <OrgPicker
              home={home}
              value={org.id}
              onChange={(chosen) => {
                setOrg(chosen);
                setPage(1);
                navigate(rosterHref(chosen.id), { replace: true });
              }}
              className="roster-org-picker"
              testId="roster-org"
              onError={onPickerError}
            />
            <Flex gap={6} align="center">
              <Switch
                size="small"
                checked={subtree}
                onChange={(checked) => {
                  setSubtree(checked);
                  setPage(1);
                }}
                data-testid="roster-subtree"
              />
              <span>{t('roster.subtree')}</span>
            </Flex>
          </Flex>
          {can('member.write') && (
            <Flex wrap gap={8}>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('create')} data-testid="member-create">
                {t('roster.create')}
              </Button>
              <Button icon={<UploadOutlined />} onClick={() => setDialog('import')} data-testid="member-import">
                {t('roster.import')}
              </Button>
              <Button icon={<DownloadOutlined />} onClick={() => setDialog('export')} data-testid="member-export">
                {t('roster.export')}
              </Button>
            </Flex>
          )}
        </Flex>
        <div className="member-stats-box">
          <Typography.Text type="secondary" className="member-stats-caption">
            {t('stats.caption', { org: org.name })}
          </Typography.Text>
          <MemberStats counts={counts} />
        </div>
        <Flex wrap gap={8} className="roster-filters">
          <Input.Search
            allowClear
            className="roster-search"
            value={text}
            placeholder={t('roster.search')}
            onChange={(event) => {
              setText(event.target.value);
              setPage(1);
            }}
            data-testid="roster-search"
          />
          {phone && (
            <Badge count={activeFilters} size="small">
              <Button icon={<FilterOutlined />} onClick={() => setFiltersOpen((open) => !open)} data-testid="roster-filters-toggle">
                {t('roster.filters')}
              </Button>
            </Badge>
          )}
          {(!phone || filtersOpen) && (
            <>
              {filterSelect('status', t('member.status'), STATUSES.map((s) => ({ value: s, label: t(statusKey(s)) })))}
              {filterSelect('sex', t('member.sex'), SEXES.map((s) => ({ value: s, label: t(sexKey(s)) })))}
              {filterSelect('ageBand', t('roster.ageBand'), AGE_BANDS.map((b) => ({ value: b, label: t(ageBandKey(b)) })))}
              {filterSelect('education', t('member.education'), EDUCATIONS.map((e) => ({ value: e, label: t(educationKey(e)) })))}
              {filterSelect('flag', t('roster.flag'), MEMBER_FLAGS.map((f) => ({ value: f, label: t(flagKey(f)) })))}
              {filterSelect('verified', t('roster.verified'), [
                { value: 'true', label: t('roster.verifiedYes') },
                { value: 'false', label: t('roster.verifiedNo') },
              ])}
              <Select<RosterSort>
                className="roster-filter roster-sort"
                value={sort}
                onChange={(value) => {
                  setSort(value);
                  setPage(1);
                }}
                options={SORTS.map((s) => ({ value: s, label: t(sortKey(s)) }))}
                data-testid="roster-sort"
              />
            </>
          )}
        </Flex>
        {error && <Alert type="error" title={error} showIcon />}
        <Table<Member>
          size="small"
          rowKey="id"
          loading={data === null && !error}
          dataSource={data?.items ?? []}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('roster.empty') }}
          onRow={(m) => withTestId({}, `member-row-${m.name}`)}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('roster.total', { total }),
            onChange: setPage,
          }}
          columns={[
            {
              key: 'name',
              title: t('member.name'),
              fixed: 'left',
              render: (_, m) => (
                <a href={memberHref(m.id)} onClick={(event) => followLink(event, memberHref(m.id))} data-testid={`member-link-${m.name}`}>
                  {m.name}
                </a>
              ),
            },
            { key: 'sex', title: t('member.sex'), render: (_, m) => t(sexKey(m.sex)) },
            { key: 'age', title: t('member.age'), dataIndex: 'age' },
            {
              key: 'status',
              title: t('member.status'),
              render: (_, m) => (
                <Tag color={m.status === 'full' ? 'red' : 'orange'} className="member-status">
                  {t(statusKey(m.status))}
                </Tag>
              ),
            },
            { key: 'standing', title: t('member.partyStanding'), render: (_, m) => m.partyStanding ?? '—' },
            { key: 'org', title: t('member.org'), render: (_, m) => orgNames.get(m.orgId) ?? '—' },
            { key: 'phone', title: t('member.phone'), render: (_, m) => <span className="nowrap">{m.phone ?? '—'}</span> },
            { key: 'flags', title: t('member.flags'), render: (_, m) => <FlagTags member={m} /> },
            {
              key: 'verified',
              title: t('member.verified'),
              render: (_, m) => (m.verified ? <Tag color="green">{t('roster.verifiedYes')}</Tag> : '—'),
            },
          ]}
        />
      </Flex>
      {dialog === 'create' && (
        <MemberFormDialog
          mode={{ type: 'create', home, orgId: isBranch(org) ? org.id : undefined }}
          onClose={() => setDialog(null)}
          onDone={(created) => {
            setDialog(null);
            message.success(t('memberForm.created', { name: created.name }));
            reload();
          }}
        />
      )}
      {dialog === 'import' && (
        <ImportDialog
          org={org}
          onClose={() => setDialog(null)}
          onDone={(imported) => {
            setDialog(null);
            message.success(t('import.done', { count: imported }));
            reload();
          }}
        />
      )}
      {dialog === 'export' && <ExportDialog org={org} onClose={() => setDialog(null)} />}
    </Card>
  );
}
