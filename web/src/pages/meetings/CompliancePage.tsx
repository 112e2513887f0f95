/**
 * 组织生活落实情况: for a branch, a grid of each requirement over the months of the year (or a quarter) — green
 * met, red missing, grey not yet due or not applicable — with the article each cites; for a higher org, the
 * subtree summary (rate per requirement, the branches missing it) with drill-down to a branch's grid. The 会议制度
 * tab shows the cadences in force for the org and where each comes from, and lets an administrator set local ones.
 */
import { Alert, App, Button, Card, Empty, Flex, Progress, Result, Select, Spin, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState, type HTMLAttributes } from 'react';
import { errorMessage } from '../../api.ts';
import { useI18n, type MessageKey } from '../../i18n.ts';
import { followLink, navigate, useLocation } from '../../router.ts';
import { OrgPicker } from '../members/OrgPicker.tsx';
import { useOrgNames } from '../members/org-names.ts';
import { useHomeOrg } from '../members/use-home-org.ts';
import { orgsApi, type Org } from '../orgs/orgs-api.ts';
import { useGroups } from '../orgs/use-groups.ts';
import { cadenceKey, complianceKey, typeKey } from './meeting-labels.ts';
import { MeetingRulesPanel } from './MeetingRulesPanel.tsx';
import { meetingsApi, type BranchCompliance, type Compliance, type ComplianceQuery, type Requirement, type SubtreeCompliance } from './meetings-api.ts';

export const COMPLIANCE_PATH = '/compliance';
const FIRST_YEAR = 2018;
/** Branch names listed under a requirement of the summary; the rest are counted. */
const MISSING_SHOWN = 20;

const STATUS_COLORS: Record<Requirement['status'], string> = { met: 'success', missing: 'error', not_yet_due: 'default', not_applicable: 'default' };

export const complianceHref = (orgId: string, year: number, quarter?: number) =>
  `${COMPLIANCE_PATH}?org=${encodeURIComponent(orgId)}&year=${year}${quarter ? `&quarter=${quarter}` : ''}`;
/** The 会议制度 tab of the page, for the org. */
export const meetingRulesHref = (orgId: string) => `${COMPLIANCE_PATH}?org=${encodeURIComponent(orgId)}&view=rules`;

const monthOf = (iso: string) => Number(iso.slice(5, 7));

function monthsShown(query: ComplianceQuery): number[] {
  if (query.quarter) return [query.quarter * 3 - 2, query.quarter * 3 - 1, query.quarter * 3];
  return Array.from({ length: 12 }, (_, i) => i + 1);
}

interface GridRow {
  key: string;
  requirement: Requirement;
  groupId: string | null;
}

function BranchGrid({ compliance, query }: { compliance: BranchCompliance; query: ComplianceQuery }) {
  const { t } = useI18n();
  const months = monthsShown(query);
  const groups = new Map(useGroups(compliance.orgId, true).map((g) => [g.id, g.name]));

  const rows: GridRow[] = compliance.requirements.flatMap((requirement) => {
    const groupIds = [...new Set(requirement.periods.map((p) => p.groupId))];
    if (groupIds.length === 0) return [{ key: requirement.type, requirement, groupId: null }];
    return groupIds.map((groupId) => ({ key: `${requirement.type}@${groupId ?? ''}`, requirement, groupId }));
  });

  const first = months[0] ?? 1;
  const last = months.at(-1) ?? 12;

  return (
    <div className="compliance-scroll">
      <table className="compliance-grid" data-testid="compliance-grid">
        <thead>
          <tr>
            <th className="compliance-head-requirement">{t('compliance.requirement')}</th>
            {months.map((m) => (
              <th key={m}>{t('compliance.month', { month: m })}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ key, requirement, groupId }) => {
            const periods = requirement.periods.filter((p) => p.groupId === groupId);
            return (
              <tr key={key} data-testid={`compliance-row-${requirement.type}`}>
                <th scope="row" className="compliance-requirement">
                  <Flex vertical gap={2}>
                    <span>
                      <b>{t(typeKey(requirement.type))}</b>
                      {groupId && <span className="compliance-group"> · {groups.get(groupId) ?? '—'}</span>}
                    </span>
                    <span className="compliance-cadence">
                      {t(cadenceKey(requirement.cadence))}
                      <Tag color={STATUS_COLORS[requirement.status]} className="tag-after" data-testid={`compliance-status-${requirement.type}`}>
                        {t(complianceKey(requirement.status))}
                      </Tag>
                    </span>
                    <Typography.Text type="secondary" className="compliance-cite" data-testid={`compliance-cite-${requirement.type}`}>
                      {requirement.cite}
                    </Typography.Text>
                  </Flex>
                </th>
                {periods.length === 0 ? (
                  <td colSpan={months.length} className="compliance-cell cell-not_applicable" data-testid={`compliance-cell-${requirement.type}`}>
                    {t('compliance.status.not_applicable')}
                  </td>
                ) : (
                  periods.map((p) => {
                    const from = Math.max(monthOf(p.from), first);
                    const to = Math.min(monthOf(p.to), last);
                    const testId = `compliance-cell-${requirement.type}-${p.label}${groupId ? `@${groupId}` : ''}`;
                    return (
                      <td
                        key={`${p.label}${groupId ?? ''}`}
                        colSpan={to - from + 1}
                        className={`compliance-cell cell-${p.status}`}
                        title={`${p.label}：${t(complianceKey(p.status))}${p.count > 0 ? ` (${p.count})` : ''}`}
                        data-status={p.status}
                        data-testid={testId}
                      >
                        {p.status === 'met' ? `✓${p.count > 1 ? ` ${p.count}` : ''}` : t(`compliance.short.${p.status}` as MessageKey)}
                      </td>
                    );
                  })
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function SubtreeSummary({ compliance, query }: { compliance: SubtreeCompliance; query: ComplianceQuery }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<string | null>(null);
  const shownMissing = compliance.summary.find((s) => s.type === open)?.branchesMissing.slice(0, MISSING_SHOWN) ?? [];
  const names = useOrgNames(shownMissing);
  type Item = SubtreeCompliance['summary'][number];

  if (compliance.branches === 0) return <Empty description={t('compliance.noBranches')} />;
  return (
    <Table<Item>
      size="small"
      rowKey="type"
      pagination={false}
      dataSource={compliance.summary}
      scroll={{ x: 'max-content' }}
      data-testid="compliance-summary"
      onRow={(r) => ({ 'data-testid': `summary-row-${r.type}` }) as HTMLAttributes<HTMLElement>}
      expandable={{
        expandedRowKeys: open ? [open] : [],
        showExpandColumn: false,
        expandedRowRender: (r) =>
          r.branchesMissing.length === 0 ? null : (
            <Flex wrap gap={8} data-testid={`summary-missing-list-${r.type}`}>
              {r.branchesMissing.slice(0, MISSING_SHOWN).map((id) => (
                <a key={id} href={complianceHref(id, query.year, query.quarter)} onClick={(event) => followLink(event, complianceHref(id, query.year, query.quarter))} data-testid={`summary-branch-${id}`}>
                  {names.get(id) ?? '…'}
                </a>
              ))}
              {r.branchesMissing.length > MISSING_SHOWN && <Typography.Text type="secondary">{t('compliance.moreBranches', { count: r.branchesMissing.length - MISSING_SHOWN })}</Typography.Text>}
            </Flex>
          ),
      }}
      columns={[
        {
          key: 'type',
          title: t('compliance.requirement'),
          render: (_: unknown, r) => (
            <Flex vertical gap={2} className="summary-requirement">
              <span>
                <b>{t(typeKey(r.type))}</b> <Typography.Text type="secondary">{t(cadenceKey(r.cadence))}</Typography.Text>
              </span>
              <Typography.Text type="secondary" className="compliance-cite">
                {r.cite}
              </Typography.Text>
            </Flex>
          ),
        },
        {
          key: 'rate',
          title: t('compliance.rate'),
          width: 160,
          render: (_: unknown, r) => {
            const applicable = compliance.branches - r.not_applicable;
            const percent = applicable === 0 ? 0 : Math.round((r.met / applicable) * 1000) / 10;
            return applicable === 0 ? (
              <Typography.Text type="secondary">{t('compliance.status.not_applicable')}</Typography.Text>
            ) : (
              <Progress percent={percent} size="small" status={r.missing > 0 ? 'exception' : 'normal'} format={() => `${percent}%`} data-testid={`summary-rate-${r.type}`} />
            );
          },
        },
        { key: 'met', title: t('compliance.status.met'), dataIndex: 'met', align: 'right' },
        { key: 'notYetDue', title: t('compliance.status.not_yet_due'), dataIndex: 'not_yet_due', align: 'right' },
        { key: 'na', title: t('compliance.status.not_applicable'), dataIndex: 'not_applicable', align: 'right' },
        {
          key: 'missing',
          title: t('compliance.branchesMissing'),
          align: 'right',
          render: (_: unknown, r) =>
            r.missing === 0 ? (
              <span data-testid={`summary-missing-${r.type}`}>0</span>
            ) : (
              <Button size="small" danger type={open === r.type ? 'primary' : 'default'} onClick={() => setOpen(open === r.type ? null : r.type)} data-testid={`summary-missing-${r.type}`}>
                {r.missing}
              </Button>
            ),
        },
      ]}
    />
  );
}

export function CompliancePage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { query: params, pathname } = useLocation();
  const { home, error: homeError, retry } = useHomeOrg();
  const thisYear = dayjs().year();
  const orgId = params.get('org') ?? home?.id;
  const yearParam = Number(params.get('year'));
  const year = Number.isInteger(yearParam) && yearParam >= FIRST_YEAR && yearParam <= thisYear + 1 ? yearParam : thisYear;
  const quarterParam = Number(params.get('quarter'));
  const quarter = [1, 2, 3, 4].includes(quarterParam) ? quarterParam : undefined;
  const view = params.get('view') === 'rules' ? 'rules' : 'grid';
  const [compliance, setCompliance] = useState<Compliance | null>(null);
  const [org, setOrg] = useState<Org | null>(null);
  const [error, setError] = useState<string | null>(null);
  const onPickerError = useCallback((text: string) => message.error(text), [message]);
  const query: ComplianceQuery = quarter ? { year, quarter } : { year };

  useEffect(() => {
    if (!orgId) return;
    let current = true;
    setCompliance(null);
    setError(null);
    // The rules tab reads the org only; its panel fetches the rules.
    Promise.all([view === 'grid' ? meetingsApi.compliance(orgId, quarter ? { year, quarter } : { year }) : null, orgsApi.get(orgId)])
      .then(([answer, found]) => {
        if (!current) return;
        setCompliance(answer);
        setOrg(found);
      })
      .catch((caught: unknown) => current && setError(errorMessage(caught)));
    return () => {
      current = false;
    };
  }, [orgId, year, quarter, view]);

  if (homeError) return <Result status="error" title={homeError} extra={<Button onClick={retry}>{t('common.retry')}</Button>} />;
  if (!home || !orgId) return <Spin className="page-spin" />;
  const go = (next: { org?: string; year?: number; quarter?: number | undefined }) =>
    navigate(complianceHref(next.org ?? orgId, next.year ?? year, 'quarter' in next ? next.quarter : quarter), { replace: pathname === COMPLIANCE_PATH && !next.org });

  return (
    <Card
      className="meetings-card"
      data-testid="compliance-page"
      activeTabKey={view}
      onTabChange={(key) => navigate(key === 'rules' ? meetingRulesHref(orgId) : complianceHref(orgId, year, quarter))}
      tabList={[
        { key: 'grid', label: <span data-testid="compliance-tab-grid">{t('menu.compliance')}</span> },
        { key: 'rules', label: <span data-testid="compliance-tab-rules">{t('meetingRules.title')}</span> },
      ]}
    >
      <Flex vertical gap={12}>
        <Flex wrap gap={8}>
          <OrgPicker
            home={home}
            value={orgId}
            onChange={(picked) => (view === 'rules' ? navigate(meetingRulesHref(picked.id)) : go({ org: picked.id }))}
            className="meetings-org-picker"
            testId="compliance-org"
            onError={onPickerError}
          />
          {view === 'grid' && (
            <>
              <Select<number>
                value={year}
                className="compliance-year"
                onChange={(value) => go({ year: value })}
                options={Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: t('compliance.year', { year: y }) }))}
                data-testid="compliance-year"
              />
              <Select<number>
                value={quarter ?? 0}
                className="compliance-quarter"
                onChange={(value) => go({ quarter: value === 0 ? undefined : value })}
                options={[0, 1, 2, 3, 4].map((q) => ({ value: q, label: q === 0 ? t('compliance.wholeYear') : t('compliance.quarter', { quarter: q }) }))}
                data-testid="compliance-quarter"
              />
            </>
          )}
        </Flex>
        {error && <Alert type="error" showIcon title={error} />}
        {view === 'rules' && !error && (org?.id === orgId ? <MeetingRulesPanel org={org} /> : <Spin />)}
        {view === 'grid' && !compliance && !error && <Spin />}
        {view === 'grid' && compliance && (
          <>
            <Flex wrap gap={12} align="center" className="compliance-meta">
              <Typography.Text strong data-testid="compliance-org-name">
                {org?.name}
              </Typography.Text>
              {compliance.kind === 'subtree' && <Typography.Text data-testid="compliance-branches">{t('compliance.branches', { count: compliance.branches })}</Typography.Text>}
              <Typography.Text type="secondary">{t('compliance.asOf', { today: compliance.today, version: compliance.ruleVersion })}</Typography.Text>
              {org?.parentId && org.id !== home.id && (
                <a href={complianceHref(org.parentId, year, quarter)} onClick={(event) => followLink(event, complianceHref(org.parentId ?? '', year, quarter))} data-testid="compliance-up">
                  {t('compliance.up')}
                </a>
              )}
            </Flex>
            {compliance.kind === 'branch' ? (
              <>
                <Flex wrap gap={8} className="compliance-legend">
                  {(['met', 'missing', 'not_yet_due', 'not_applicable'] as const).map((s) => (
                    <span key={s} className={`compliance-legend-item cell-${s}`}>
                      {t(complianceKey(s))}
                    </span>
                  ))}
                </Flex>
                <BranchGrid compliance={compliance} query={query} />
              </>
            ) : (
              <SubtreeSummary compliance={compliance} query={query} />
            )}
          </>
        )}
      </Flex>
    </Card>
  );
}
