/**
 * 党费统计: for any org of the subtree over a year, quarter or month — due, paid, rate, arrears, collected and what
 * goes to the Centre — by child org with drill-down (or by member for a branch), and the xlsx export.
 */
import { Alert, App, Button, Descriptions, Flex, Progress, Select, Table, Typography } from 'antd';
import { useEffect, useState, type HTMLAttributes } from 'react';
import { errorMessage } from '../../api.ts';
import { today } from '../../dates.ts';
import { useI18n } from '../../i18n.ts';
import { followLink, navigate, useLocation } from '../../router.ts';
import { orgsApi, type Org } from '../orgs/orgs-api.ts';
import { duesApi, type Report, type ReportFigures, type ReportPeriod } from './dues-api.ts';
import { formatRate, formatYuan } from './dues-format.ts';
import { DuesFrame, withQuery } from './DuesFrame.tsx';
import { basesHref, hrefOf, REPORTS_PATH } from './paths.ts';

const reportHref = (orgId: string, period: ReportPeriod) => hrefOf(REPORTS_PATH, { org: orgId, year: period.year, quarter: period.quarter, month: period.month });

function RateBar({ figures }: { figures: ReportFigures }) {
  if (figures.rateBasisPoints === null) return <>—</>;
  const percent = Math.min(100, Math.floor(figures.rateBasisPoints / 100));
  return <Progress percent={percent} size="small" status={figures.rateBasisPoints < 10_000 ? 'exception' : 'success'} format={() => formatRate(figures.rateBasisPoints)} className="dues-rate-bar" />;
}

function figureColumns<T extends ReportFigures>(t: ReturnType<typeof useI18n>['t']) {
  return [
    { key: 'members', title: t('dues.members'), align: 'right' as const, render: (_: unknown, r: T) => r.members },
    { key: 'due', title: t('dues.due'), align: 'right' as const, render: (_: unknown, r: T) => formatYuan(r.dueFen) },
    { key: 'paid', title: t('dues.paidAmount'), align: 'right' as const, render: (_: unknown, r: T) => formatYuan(r.paidFen) },
    { key: 'rate', title: t('dues.rate'), width: 150, render: (_: unknown, r: T) => <RateBar figures={r} /> },
    { key: 'outstanding', title: t('dues.outstanding'), align: 'right' as const, render: (_: unknown, r: T) => formatYuan(r.outstandingFen) },
    { key: 'arrears', title: t('dues.arrearsMembers'), align: 'right' as const, render: (_: unknown, r: T) => r.arrearsMembers },
    { key: 'collected', title: t('dues.collected'), align: 'right' as const, render: (_: unknown, r: T) => formatYuan(r.collectedFen) },
    { key: 'centre', title: t('dues.bookCentre'), align: 'right' as const, render: (_: unknown, r: T) => formatYuan(r.centreFen) },
  ];
}

function periodLabel(t: ReturnType<typeof useI18n>['t'], p: ReportPeriod): string {
  if (p.month) return t('dues.periodMonth', { year: p.year, month: p.month });
  if (p.quarter) return t('dues.periodQuarter', { year: p.year, quarter: p.quarter });
  return t('compliance.year', { year: p.year });
}

function ReportView({ orgId, period, home }: { orgId: string; period: ReportPeriod; home: Org }) {
  const { t } = useI18n();
  const [report, setReport] = useState<Report | null>(null);
  const [org, setOrg] = useState<Org | null>(null);
  const [error, setError] = useState<string | null>(null);
  type Child = Report['children'][number];
  type MemberFigures = Report['members'][number];
  const { year, quarter, month } = period;

  useEffect(() => {
    let current = true;
    setReport(null);
    setError(null);
    Promise.all([duesApi.report(orgId, { year, quarter, month }), orgsApi.get(orgId)])
      .then(([r, o]) => {
        if (!current) return;
        setReport(r);
        setOrg(o);
      })
      .catch((caught: unknown) => current && setError(errorMessage(caught)));
    return () => {
      current = false;
    };
  }, [orgId, year, quarter, month]);

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!report) return <Table loading columns={[]} />;
  const totals = report.totals;
  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={12} align="center">
        <Typography.Text strong data-testid="report-org">
          {report.orgName}
        </Typography.Text>
        <Typography.Text type="secondary">
          {periodLabel(t, period)} · {report.from} ~ {report.throughMonth < report.to ? t('dues.through', { month: report.throughMonth }) : report.to}
        </Typography.Text>
        {org?.parentId && org.id !== home.id && (
          <a href={reportHref(org.parentId, period)} onClick={(event) => followLink(event, reportHref(org.parentId ?? '', period))} data-testid="report-up">
            {t('compliance.up')}
          </a>
        )}
      </Flex>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 2, md: 4 }}
        data-testid="report-totals"
        items={[
          { key: 'due', label: t('dues.totalDue'), children: <span data-testid="report-due">¥{formatYuan(totals.dueFen)}</span> },
          { key: 'paid', label: t('dues.totalPaid'), children: <span data-testid="report-paid">¥{formatYuan(totals.paidFen)}</span> },
          { key: 'rate', label: t('dues.rate'), children: <span data-testid="report-rate">{formatRate(totals.rateBasisPoints)}</span> },
          { key: 'outstanding', label: t('dues.totalOutstanding'), children: `¥${formatYuan(totals.outstandingFen)}` },
          { key: 'members', label: t('dues.members'), children: totals.members },
          { key: 'arrears', label: t('dues.arrearsMembers'), children: <span data-testid="report-arrears">{totals.arrearsMembers}</span> },
          { key: 'collected', label: t('dues.collected'), children: `¥${formatYuan(totals.collectedFen)}` },
          { key: 'centre', label: t('dues.bookCentre'), children: `¥${formatYuan(totals.centreFen)}` },
        ]}
      />
      {totals.membersWithoutBase > 0 && <Alert type="warning" showIcon title={t('dues.membersWithoutBase', { count: totals.membersWithoutBase })} />}
      {report.children.length > 0 && (
        <Table<Child>
          size="small"
          rowKey="orgId"
          dataSource={report.children}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          data-testid="report-children"
          onRow={(c) => ({ 'data-testid': `report-child-${c.orgId}` }) as HTMLAttributes<HTMLElement>}
          columns={[
            {
              key: 'name',
              title: t('dues.org'),
              fixed: 'left',
              render: (_, c) => (
                <a href={reportHref(c.orgId, period)} onClick={(event) => followLink(event, reportHref(c.orgId, period))} data-testid={`report-drill-${c.orgId}`}>
                  {c.name}
                </a>
              ),
            },
            ...figureColumns<Child>(t),
          ]}
        />
      )}
      {report.members.length > 0 && (
        <Table<MemberFigures>
          size="small"
          rowKey="memberId"
          dataSource={report.members}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          data-testid="report-members"
          columns={[
            {
              key: 'name',
              title: t('dues.member'),
              fixed: 'left',
              render: (_, m) => (
                <a href={basesHref(orgId, m.memberId)} onClick={(event) => followLink(event, basesHref(orgId, m.memberId))}>
                  {m.name}
                </a>
              ),
            },
            ...figureColumns<MemberFigures>(t).filter((c) => c.key !== 'members' && c.key !== 'arrears' && c.key !== 'collected' && c.key !== 'centre'),
          ]}
        />
      )}
    </Flex>
  );
}

/** The period select's value: 0 the whole year, q1–q4 a quarter, m1–m12 a month. */
function periodValue(p: ReportPeriod): string {
  if (p.month) return `m${p.month}`;
  if (p.quarter) return `q${p.quarter}`;
  return 'year';
}

export function ReportPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { pathname, query } = useLocation();
  const thisYear = today().year();
  const askedYear = Number(query.get('year'));
  const year = Number.isInteger(askedYear) && askedYear >= 2008 && askedYear <= thisYear ? askedYear : thisYear;
  const quarter = Number(query.get('quarter'));
  const month = Number(query.get('month'));
  const period: ReportPeriod = { year, ...(month >= 1 && month <= 12 ? { month } : quarter >= 1 && quarter <= 4 ? { quarter } : {}) };

  const setPeriod = (value: string) => {
    const kind = value[0];
    const n = value.slice(1);
    navigate(withQuery(pathname, query, { quarter: kind === 'q' ? n : undefined, month: kind === 'm' ? n : undefined }), { replace: true });
  };

  return (
    <DuesFrame
      title={t('menu.duesReports')}
      testId="dues-report"
      controls={(orgId) => (
        <>
          <Select<number>
            value={year}
            onChange={(y) => navigate(withQuery(pathname, query, { year: String(y) }), { replace: true })}
            options={Array.from({ length: 5 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: t('compliance.year', { year: y }) }))}
            data-testid="report-year"
          />
          <Select<string>
            value={periodValue(period)}
            onChange={setPeriod}
            className="dues-period-select"
            options={[
              { value: 'year', label: t('compliance.wholeYear') },
              ...[1, 2, 3, 4].map((q) => ({ value: `q${q}`, label: t('compliance.quarter', { quarter: q }) })),
              ...Array.from({ length: 12 }, (_, i) => ({ value: `m${i + 1}`, label: t('compliance.month', { month: i + 1 }) })),
            ]}
            data-testid="report-period"
          />
          <Button
            onClick={() =>
              void duesApi.downloadReport(orgId, period, `党费统计-${periodValue(period)}-${year}.xlsx`).catch((caught: unknown) => void message.error(errorMessage(caught)))
            }
            data-testid="report-export"
          >
            {t('dues.exportXlsx')}
          </Button>
        </>
      )}
    >
      {(orgId, home) => <ReportView orgId={orgId} period={period} home={home} />}
    </DuesFrame>
  );
}
