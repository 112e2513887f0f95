/**
 * 发展工作检查: the subtree's cases by stage, the cases whose next step is overdue, the stalled ones (no step for a
 * chosen number of months), and the findings stored by rule with the article; every case links to its page.
 */
import { Alert, App, Button, Card, Empty, Flex, InputNumber, Result, Spin, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { followLink, navigate, useLocation } from '../../router.ts';
import { OrgPicker } from '../members/OrgPicker.tsx';
import { useOrgNames } from '../members/org-names.ts';
import { useHomeOrg } from '../members/use-home-org.ts';
import { findingText, stageKey, STATE_COLORS, stateKey, stepKey } from './labels.ts';
import { caseHref, reportHref } from './paths.ts';
import { recruitmentApi, type CaseBrief, type Report, type WarningCount } from './recruitment-api.ts';

const DEFAULT_STALLED_MONTHS = 12;

function CaseTable({ rows, testId, today }: { rows: CaseBrief[]; testId: string; today: string }) {
  const { t } = useI18n();
  const names = useOrgNames(rows.map((r) => r.orgId));
  if (rows.length === 0) return <Typography.Text type="secondary">{t('recruitment.report.none')}</Typography.Text>;
  return (
    <Table<CaseBrief>
      size="small"
      rowKey="caseId"
      pagination={rows.length > 20 ? { pageSize: 20 } : false}
      scroll={{ x: 'max-content' }}
      dataSource={rows}
      data-testid={testId}
      columns={[
        {
          key: 'name',
          title: t('recruitment.field.name'),
          render: (_, r) => (
            <a href={caseHref(r.caseId)} onClick={(event) => followLink(event, caseHref(r.caseId))} data-testid={`report-case-${r.caseId}`}>
              {r.name}
            </a>
          ),
        },
        { key: 'org', title: t('recruitment.branch'), render: (_, r) => names.get(r.orgId) ?? '—' },
        { key: 'state', title: t('recruitment.import.state'), render: (_, r) => <Tag color={STATE_COLORS[r.state]}>{t(stateKey(r.state))}</Tag> },
        { key: 'next', title: t('recruitment.nextSteps'), render: (_, r) => (r.nextStep ? t(stepKey(r.nextStep)) : '—') },
        {
          key: 'due',
          title: t('recruitment.report.nearestDue'),
          render: (_, r) => (r.nextDueOn ? <span className={r.nextDueOn < today ? 'recruitment-overdue' : ''}>{r.nextDueOn}</span> : '—'),
        },
        { key: 'last', title: t('recruitment.report.lastStepOn'), render: (_, r) => r.lastStepOn ?? '—' },
      ]}
    />
  );
}

export function ReportPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { query } = useLocation();
  const { home, error: homeError, retry } = useHomeOrg();
  const orgId = query.get('org') ?? home?.id;
  const [months, setMonths] = useState(DEFAULT_STALLED_MONTHS);
  const [report, setReport] = useState<Report | null>(null);
  const [byCase, setByCase] = useState<WarningCount[]>([]);
  const [error, setError] = useState<string | null>(null);
  const onPickerError = useCallback((text: string) => message.error(text), [message]);

  useEffect(() => {
    if (!orgId) return;
    let current = true;
    setReport(null);
    Promise.all([recruitmentApi.report(orgId, months), recruitmentApi.warningCounts(orgId)])
      .then(([found, counts]) => {
        if (!current) return;
        setReport(found);
        setByCase(counts);
        setError(null);
      })
      .catch((caught: unknown) => current && setError(errorMessage(caught)));
    return () => {
      current = false;
    };
  }, [orgId, months]);

  if (homeError) return <Result status="error" title={homeError} extra={<Button onClick={retry}>{t('common.retry')}</Button>} />;
  if (!home || !orgId) return <Spin className="page-spin" />;

  const counts = new Map<number, number>();
  for (const c of report?.counts ?? []) if (c.state !== 'full' && c.state !== 'cancelled') counts.set(c.stage, (counts.get(c.stage) ?? 0) + c.count);
  const closed = (report?.counts ?? []).filter((c) => c.state === 'full' || c.state === 'cancelled');

  return (
    <Card title={t('menu.recruitmentReport')} data-testid="recruitment-report">
      <Flex vertical gap={16}>
        <Flex wrap gap={8} align="center" justify="space-between">
          <OrgPicker home={home} value={orgId} onChange={(picked) => navigate(reportHref(picked.id), { replace: true })} className="recruitment-org-picker" testId="report-org" onError={onPickerError} />
          <Flex gap={8} align="center">
            <span>{t('recruitment.report.stalledMonths')}</span>
            <InputNumber min={1} max={60} value={months} onChange={(value) => value && setMonths(value)} data-testid="report-months" />
          </Flex>
        </Flex>
        {error && <Alert type="error" showIcon title={error} />}
        {!report ? (
          <Spin />
        ) : (
          <>
            <Typography.Text type="secondary">{t('recruitment.report.today', { date: report.today })}</Typography.Text>
            <section>
              <Typography.Title level={5}>{t('recruitment.report.counts')}</Typography.Title>
              <div className="recruitment-counts" data-testid="report-counts">
                {[1, 2, 3, 4, 5].map((stage) => (
                  <div key={stage} className="recruitment-count" data-testid={`report-count-${stage}`}>
                    <span className="recruitment-count-number">{counts.get(stage) ?? 0}</span>
                    <span>{t(stageKey(stage))}</span>
                  </div>
                ))}
                {closed.map((c) => (
                  <div key={c.state} className="recruitment-count">
                    <span className="recruitment-count-number">{c.count}</span>
                    <span>{t(stateKey(c.state))}</span>
                  </div>
                ))}
              </div>
            </section>
            <section>
              <Typography.Title level={5} className="recruitment-danger-title">
                {t('recruitment.report.overdue')}（{report.overdue.length}）
              </Typography.Title>
              <CaseTable rows={report.overdue} testId="report-overdue" today={report.today} />
            </section>
            <section>
              <Typography.Title level={5}>
                {t('recruitment.report.stalled')}（{t('recruitment.report.months', { months: report.stalledMonths })}，{report.stalled.length}）
              </Typography.Title>
              <CaseTable rows={report.stalled} testId="report-stalled" today={report.today} />
            </section>
            <section>
              <Typography.Title level={5}>{t('recruitment.report.findings')}</Typography.Title>
              {report.findings.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('recruitment.noFindings')} />
              ) : (
                <Table
                  size="small"
                  rowKey={(f) => `${f.code}-${f.severity}-${f.ruleId}`}
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  dataSource={report.findings}
                  data-testid="report-findings"
                  expandable={{
                    expandRowByClick: true,
                    expandedRowRender: (f) => (
                      <Flex wrap gap={8} data-testid={`report-finding-cases-${f.code}`}>
                        <span>{t('recruitment.report.casesWith')}：</span>
                        {byCase
                          .filter((c) => c.codes.includes(f.code))
                          .map((c) => (
                            <a key={c.caseId} href={caseHref(c.caseId)} onClick={(event) => followLink(event, caseHref(c.caseId))}>
                              {c.name}
                            </a>
                          ))}
                      </Flex>
                    ),
                  }}
                  columns={[
                    {
                      key: 'code',
                      title: t('recruitment.report.code'),
                      render: (_, f) => (
                        <Flex vertical gap={2} className={`finding-${f.severity}`}>
                          <span>
                            <Tag color={f.severity === 'hard' ? 'red' : 'gold'}>{t(f.severity === 'hard' ? 'recruitment.severity.hard' : 'recruitment.severity.soft')}</Tag>
                            {findingText(f.code, f.code)}
                          </span>
                          <span className="finding-cite">{t('rule.cite', { cite: f.cite })}</span>
                          <span className="finding-rule">{t('recruitment.rule', { id: f.ruleId })}</span>
                        </Flex>
                      ),
                    },
                    { key: 'count', title: t('recruitment.report.times'), dataIndex: 'count' },
                    { key: 'cases', title: t('recruitment.report.cases'), dataIndex: 'cases' },
                  ]}
                />
              )}
            </section>
          </>
        )}
      </Flex>
    </Card>
  );
}
