/**
 * A recruitment case: the person (masked as the server gives), where the case stands, its open next steps with their
 * due dates (red when overdue), the findings of its history (violations in red, warnings in amber, each with the
 * rule and article), the 25-step timeline (done steps with dates, people, votes, committees and documents; the
 * open ones with their dates; the rest to come), the 公示, and links to the printed forms.
 */
import { ArrowLeftOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Dropdown, Empty, Flex, Result, Spin, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { STEPS } from '../../../../src/policy/recruitment.ts';
import { errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { followLink, navigate } from '../../router.ts';
import { useCan } from '../../session.ts';
import { meetingHref } from '../meetings/paths.ts';
import { sexKey } from '../members/member-labels.ts';
import { useOrgNames } from '../members/org-names.ts';
import { ROSTER_PATH } from '../members/RosterPage.tsx';
import { useHomeOrg } from '../members/use-home-org.ts';
import { FindingItem, FindingList } from './Findings.tsx';
import { roleKey, stageKey, STATE_COLORS, stateKey, stepKey } from './labels.ts';
import { boardHref, PRINT_FORMS, printHref } from './paths.ts';
import { PublicityPanel } from './PublicityPanel.tsx';
import { recruitmentApi, type CaseDetail as Detail, type CaseStep, type Committee, type Compliance, type NextStep } from './recruitment-api.ts';
import { recordableSteps, StepDialog } from './StepDialog.tsx';

function NextStepLine({ next }: { next: NextStep }) {
  const { t } = useI18n();
  return (
    <div className={next.overdue ? 'recruitment-next next-overdue' : 'recruitment-next'} data-testid={`next-${next.step}`}>
      <Typography.Text strong>
        {next.number}. {t(stepKey(next.step))}
      </Typography.Text>
      <Flex wrap gap={8} className="recruitment-next-dates">
        {next.earliestOn && <span data-testid="next-earliest">{t('recruitment.notBefore', { date: next.earliestOn })}</span>}
        {next.dueOn && <span data-testid="next-due">{t('recruitment.dueBy', { date: next.dueOn })}</span>}
        {next.latestOn && <span>{t('recruitment.latestBy', { date: next.latestOn })}</span>}
        {next.overdue && <Tag color="red">{t('recruitment.overdue')}</Tag>}
      </Flex>
      {next.cite && <div className="finding-cite">{t('rule.cite', { cite: next.cite })}</div>}
    </div>
  );
}

function DoneEntry({ entry, committees, compliance }: { entry: CaseStep; committees: Map<string, string>; compliance: Compliance }) {
  const { t } = useI18n();
  const d = entry.details;
  const findings = compliance.findings.filter((f) => f.stepId === entry.id);
  const facts: string[] = [];
  for (const a of entry.actors) facts.push(`${t(roleKey(a.role))}：${a.name}`);
  if (d.training) facts.push(t('recruitment.training', { days: d.training.days, hours: d.training.hours }));
  if (d.conclusion) facts.push(`${t('recruitment.field.conclusion')}：${t(`recruitment.conclusion.${d.conclusion}`)}`);
  if (d.passed !== undefined && d.passed !== null) facts.push(`${t('recruitment.field.preliminary')}：${t(d.passed ? 'recruitment.preliminary.passed' : 'recruitment.preliminary.failed')}`);
  if (d.outcome) facts.push(`${t(`recruitment.outcome.${d.outcome}`)}${d.extensionMonths ? `（${t('recruitment.extension', { months: d.extensionMonths })}）` : ''}`);
  if (entry.committeeOrgId) facts.push(`${t('recruitment.committee')}：${committees.get(entry.committeeOrgId) ?? '—'}`);
  for (const doc of entry.documents) facts.push(`${doc.title}${doc.number ? ` ${doc.number}` : ''}${doc.note ? `：${doc.note}` : ''}`);
  if (d.note) facts.push(d.note);
  return (
    <div className="recruitment-entry" data-testid={`entry-${entry.step}`}>
      <Flex wrap gap={8} align="center">
        <span className="recruitment-entry-date" data-testid="entry-date">
          {entry.on}
        </span>
        {entry.meetingId && (
          <a href={meetingHref(entry.meetingId)} onClick={(event) => followLink(event, meetingHref(entry.meetingId as string))}>
            {t('recruitment.openMeeting')}
          </a>
        )}
        {entry.ruleVersion && <Typography.Text type="secondary">{t('recruitment.ruleVersion', { version: entry.ruleVersion })}</Typography.Text>}
      </Flex>
      {facts.length > 0 && (
        <ul className="recruitment-facts">
          {facts.map((f, i) => (
            <li key={i}>{f}</li>
          ))}
        </ul>
      )}
      {findings.map((f, i) => (
        <FindingItem key={`${f.code}-${i}`} finding={f} testId={`step-finding-${f.code}`} />
      ))}
    </div>
  );
}

function Timeline({ detail, compliance, committees }: { detail: Detail; compliance: Compliance; committees: Map<string, string> }) {
  const { t } = useI18n();
  const open = new Map(compliance.nextSteps.map((n) => [n.step, n]));
  let stage = 0;
  return (
    <ol className="recruitment-timeline" data-testid="timeline">
      {STEPS.map((def) => {
        const entries = detail.steps.filter((s) => s.step === def.code);
        const next = open.get(def.code);
        const status = next ? 'next' : entries.length > 0 ? 'done' : 'pending';
        const hard = compliance.findings.some((f) => f.severity === 'hard' && entries.some((e) => e.id === f.stepId));
        const header = def.stage !== stage;
        stage = def.stage;
        return (
          <li key={def.code} className={`timeline-step step-${status}${hard ? ' step-violation' : ''}${next?.overdue ? ' step-overdue' : ''}`} data-testid={`timeline-${def.code}`} data-status={status}>
            {header && (
              <div className="timeline-stage">
                {t('recruitment.stageNumber', { stage: def.stage })} {t(stageKey(def.stage))}
              </div>
            )}
            <Flex wrap gap={8} align="center">
              <span className="timeline-number">{def.number}</span>
              <Typography.Text strong>{t(stepKey(def.code))}</Typography.Text>
              <Tag color={status === 'done' ? 'green' : status === 'next' ? (next?.overdue ? 'red' : 'blue') : 'default'} data-testid={`timeline-status-${def.code}`}>
                {t(`recruitment.status.${status}`)}
              </Tag>
            </Flex>
            {entries.map((e) => (
              <DoneEntry key={e.id} entry={e} committees={committees} compliance={compliance} />
            ))}
            {next && (
              <Flex wrap gap={8} className="recruitment-next-dates">
                {next.earliestOn && <span>{t('recruitment.notBefore', { date: next.earliestOn })}</span>}
                {next.dueOn && <span className={next.overdue ? 'recruitment-overdue' : ''}>{t('recruitment.dueBy', { date: next.dueOn })}</span>}
              </Flex>
            )}
          </li>
        );
      })}
    </ol>
  );
}

export function CaseDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const { home } = useHomeOrg();
  const [detail, setDetail] = useState<Detail | null>(null);
  const [compliance, setCompliance] = useState<Compliance | null>(null);
  const [committees, setCommittees] = useState<Committee[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [recording, setRecording] = useState(false);
  const orgNames = useOrgNames(detail ? [detail.orgId] : []);

  const load = useCallback(() => {
    let current = true;
    Promise.all([recruitmentApi.get(id), recruitmentApi.compliance(id)])
      .then(([found, audit]) => {
        if (!current) return;
        setDetail(found);
        setCompliance(audit);
      })
      .catch((caught: unknown) => current && setError(errorMessage(caught)));
    recruitmentApi.committees(id).then((found) => current && setCommittees(found), () => undefined);
    return () => {
      current = false;
    };
  }, [id]);

  useEffect(() => load(), [load]);

  if (error) return <Result status="404" title={error} extra={<Button onClick={() => history.back()}>{t('recruitment.back')}</Button>} />;
  if (!detail || !compliance) return <Spin className="page-spin" />;

  const back = boardHref(detail.orgId);
  const committeeNames = new Map(committees.map((c) => [c.id, c.name]));
  const canWrite = can('recruitment.write');
  const recordable = recordableSteps(detail, compliance).length > 0;
  const hard = compliance.findings.filter((f) => f.severity === 'hard');
  const soft = compliance.findings.filter((f) => f.severity === 'soft');
  const memberHref = detail.memberId ? `${ROSTER_PATH}/${encodeURIComponent(detail.memberId)}` : null;
  const dash = '—';

  return (
    <Flex vertical gap={12} className="recruitment-case" data-testid="case-detail">
      <Card size="small">
        <Flex vertical gap={8}>
          <a href={back} onClick={(event) => followLink(event, back)} className="member-back" data-testid="case-back">
            <ArrowLeftOutlined /> {t('recruitment.back')}
          </a>
          <Flex wrap align="center" justify="space-between" gap={8}>
            <Flex wrap align="center" gap={8}>
              <Typography.Title level={4} className="recruitment-title" data-testid="case-name">
                {detail.name}
              </Typography.Title>
              <Tag color={STATE_COLORS[detail.state]} data-testid="case-state">
                {t(stateKey(detail.state))}
              </Tag>
              <Typography.Text type="secondary" data-testid="case-stage">
                {t('recruitment.stageNumber', { stage: compliance.stage })} {t(stageKey(compliance.stage))}
              </Typography.Text>
            </Flex>
            <Flex gap={8} wrap>
              <Dropdown
                menu={{
                  items: PRINT_FORMS.map((form) => ({ key: form, label: t(`recruitment.form.${form}`) })),
                  onClick: ({ key }) => navigate(printHref(detail.id, key as (typeof PRINT_FORMS)[number])),
                }}
              >
                <Button icon={<PrinterOutlined />} data-testid="case-print">
                  {t('recruitment.print')}
                </Button>
              </Dropdown>
              {canWrite && (
                <Button type="primary" icon={<PlusOutlined />} disabled={!recordable || !home} onClick={() => setRecording(true)} data-testid="step-record">
                  {t('recruitment.recordStep')}
                </Button>
              )}
            </Flex>
          </Flex>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, md: 2, lg: 3 }}
            data-testid="case-fields"
            items={[
              { key: 'id', label: t('recruitment.field.idNumber'), children: detail.idNumber },
              { key: 'sex', label: t('recruitment.field.sex'), children: t(sexKey(detail.sex)) },
              { key: 'birth', label: t('recruitment.field.birthDate'), children: `${detail.birthDate}（${detail.age}）` },
              { key: 'branch', label: t('recruitment.branch'), children: orgNames.get(detail.orgId) ?? dash },
              { key: 'unit', label: t('recruitment.field.workUnit'), children: detail.workUnit ?? dash },
              { key: 'education', label: t('recruitment.field.education'), children: detail.education ?? dash },
              { key: 'ethnicity', label: t('recruitment.field.ethnicity'), children: detail.ethnicity ?? dash },
              { key: 'phone', label: t('recruitment.field.phone'), children: detail.phone ?? dash },
              ...(compliance.probationEndsOn ? [{ key: 'probation', label: t('recruitment.date.probationEndsOn'), children: compliance.probationEndsOn }] : []),
              ...(memberHref
                ? [
                    {
                      key: 'member',
                      label: t('recruitment.memberRecord'),
                      children: (
                        <a href={memberHref} onClick={(event) => followLink(event, memberHref)} data-testid="case-member">
                          {t('recruitment.openMember')}
                        </a>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Flex>
      </Card>
      <div className="recruitment-case-grid">
        <Flex vertical gap={12}>
          <Card size="small" title={t('recruitment.nextSteps')} data-testid="next-steps">
            {compliance.nextSteps.length === 0 ? (
              <Typography.Text type="secondary">{t('recruitment.noNextStep')}</Typography.Text>
            ) : (
              <Flex vertical gap={8}>
                {compliance.nextSteps.map((n) => (
                  <NextStepLine key={n.step} next={n} />
                ))}
              </Flex>
            )}
          </Card>
          <Card
            size="small"
            title={
              <Flex gap={6} align="center">
                {t('recruitment.findings')}
                {hard.length > 0 && <Tag color="red">{t('recruitment.violations', { count: hard.length })}</Tag>}
                {soft.length > 0 && <Tag color="gold">{t('recruitment.warnings', { count: soft.length })}</Tag>}
              </Flex>
            }
            data-testid="case-findings"
          >
            {compliance.findings.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('recruitment.noFindings')} /> : <FindingList findings={[...hard, ...soft]} />}
          </Card>
          <PublicityPanel detail={detail} canWrite={canWrite} onChanged={load} />
        </Flex>
        <Card size="small" title={t('recruitment.timeline')}>
          <Timeline detail={detail} compliance={compliance} committees={committeeNames} />
        </Card>
      </div>
      {recording && home && (
        <StepDialog
          detail={detail}
          compliance={compliance}
          committees={committees}
          memberOrgId={home.id}
          onClose={() => setRecording(false)}
          onSaved={(result) => {
            setRecording(false);
            message.success(result.warnings.length ? t('recruitment.recordedWithWarnings', { count: result.warnings.length }) : t('recruitment.recorded'));
            load();
          }}
        />
      )}
    </Flex>
  );
}
