/**
 * 发展流程: the cases of a branch (or of every branch under a higher org) by stage, five columns and the closed
 * cases; each card shows the person as the server masks them, the next step and the nearest deadline of the open
 * steps, in red when overdue
 * or when its history holds violations, amber with warnings. 登记入党申请 opens a case.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Empty, Flex, Result, Spin, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { followLink, navigate, useLocation } from '../../router.ts';
import { useCan } from '../../session.ts';
import { isBranch, OrgPicker } from '../members/OrgPicker.tsx';
import { useOrgNames } from '../members/org-names.ts';
import { useHomeOrg } from '../members/use-home-org.ts';
import { orgsApi, type Org } from '../orgs/orgs-api.ts';
import { stageKey, STATE_COLORS, stateKey, stepKey } from './labels.ts';
import { NewCaseDialog } from './NewCaseDialog.tsx';
import { boardHref, caseHref } from './paths.ts';
import { recruitmentApi, type RecruitmentCase, type WarningCount } from './recruitment-api.ts';

const STAGES = [1, 2, 3, 4, 5] as const;
const PAGE_SIZE = 200;
const closed = (c: RecruitmentCase) => c.state === 'cancelled' || (c.state === 'full' && c.nextStep === null);

function CaseCard({ item, warnings, orgName, today }: { item: RecruitmentCase; warnings: WarningCount | undefined; orgName: string | null; today: string }) {
  const { t } = useI18n();
  const overdue = item.nextDueOn !== null && item.nextDueOn < today;
  const hard = warnings?.hard ?? 0;
  const soft = warnings?.soft ?? 0;
  const tone = overdue || hard > 0 ? 'danger' : soft > 0 ? 'warning' : 'plain';
  const href = caseHref(item.id);
  return (
    <a href={href} onClick={(event) => followLink(event, href)} className={`recruitment-card card-${tone}`} data-testid={`case-card-${item.id}`} data-tone={tone}>
      <Flex vertical gap={4}>
        <Flex justify="space-between" align="center" gap={4} wrap>
          <Typography.Text strong className="recruitment-card-name">
            {item.name}
          </Typography.Text>
          <Tag color={STATE_COLORS[item.state]}>{t(stateKey(item.state))}</Tag>
        </Flex>
        <Typography.Text type="secondary" className="recruitment-card-person">
          {item.idNumber} · {item.age}
          {item.workUnit ? ` · ${item.workUnit}` : ''}
        </Typography.Text>
        {orgName && <Typography.Text type="secondary">{orgName}</Typography.Text>}
        {item.nextStep && (
          <span className="recruitment-card-next" data-testid="case-card-next">
            {t('recruitment.next', { step: t(stepKey(item.nextStep)) })}
          </span>
        )}
        {item.nextDueOn && (
          <span className={overdue ? 'recruitment-overdue' : 'recruitment-due'} data-testid="case-card-due">
            {t('recruitment.nearestDue', { date: item.nextDueOn })}
            {overdue && ` · ${t('recruitment.overdue')}`}
          </span>
        )}
        {(hard > 0 || soft > 0) && (
          <Flex gap={4} wrap>
            {hard > 0 && <Tag color="red">{t('recruitment.violations', { count: hard })}</Tag>}
            {soft > 0 && <Tag color="gold">{t('recruitment.warnings', { count: soft })}</Tag>}
          </Flex>
        )}
      </Flex>
    </a>
  );
}

export function PipelineBoard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const { query } = useLocation();
  const { home, error: homeError, retry } = useHomeOrg();
  const orgId = query.get('org') ?? home?.id;
  const [org, setOrg] = useState<Org | null>(null);
  const [cases, setCases] = useState<RecruitmentCase[] | null>(null);
  const [total, setTotal] = useState(0);
  const [warnings, setWarnings] = useState<Map<string, WarningCount>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const orgNames = useOrgNames(cases?.map((c) => c.orgId) ?? []);
  const onPickerError = useCallback((text: string) => message.error(text), [message]);
  const today = dayjs().format('YYYY-MM-DD');

  useEffect(() => {
    if (!home || !orgId) return;
    if (orgId === home.id) {
      setOrg(home);
      return;
    }
    let current = true;
    orgsApi
      .get(orgId)
      .then((found) => current && setOrg(found))
      .catch((caught: unknown) => current && setError(errorMessage(caught)));
    return () => {
      current = false;
    };
  }, [home, orgId]);

  useEffect(() => {
    if (!orgId) return;
    let current = true;
    setCases(null);
    Promise.all([recruitmentApi.list({ orgId, subtree: true, pageSize: PAGE_SIZE }), recruitmentApi.warningCounts(orgId)])
      .then(([page, counts]) => {
        if (!current) return;
        setCases(page.items);
        setTotal(page.total);
        setWarnings(new Map(counts.map((c) => [c.caseId, c])));
        setError(null);
      })
      .catch((caught: unknown) => current && setError(errorMessage(caught)));
    return () => {
      current = false;
    };
  }, [orgId]);

  if (homeError) return <Result status="error" title={homeError} extra={<Button onClick={retry}>{t('common.retry')}</Button>} />;
  if (!home || !orgId) return <Spin className="page-spin" />;

  const branch = org !== null && org.id === orgId && isBranch(org);
  const open = (cases ?? []).filter((c) => !closed(c));
  const done = (cases ?? []).filter(closed);
  const column = (key: string, title: string, list: RecruitmentCase[]) => (
    <section key={key} className="recruitment-column" data-testid={`stage-${key}`}>
      <header className="recruitment-column-head">
        <span>{title}</span>
        <Badge count={list.length} showZero color={list.length ? '#c8161d' : '#bfbfbf'} />
      </header>
      {list.length === 0 ? (
        <Typography.Text type="secondary" className="recruitment-column-empty">
          {t('recruitment.emptyStage')}
        </Typography.Text>
      ) : (
        list.map((c) => <CaseCard key={c.id} item={c} warnings={warnings.get(c.id)} orgName={branch ? null : (orgNames.get(c.orgId) ?? null)} today={today} />)
      )}
    </section>
  );

  return (
    <Card title={t('menu.recruitment')} data-testid="recruitment-board">
      <Flex vertical gap={12}>
        <Flex wrap gap={8} justify="space-between">
          <OrgPicker home={home} value={orgId} onChange={(picked) => navigate(boardHref(picked.id), { replace: true })} className="recruitment-org-picker" testId="recruitment-org" onError={onPickerError} />
          {can('recruitment.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="case-create">
              {t('recruitment.newCase')}
            </Button>
          )}
        </Flex>
        {error && <Alert type="error" showIcon title={error} />}
        {cases === null ? (
          <Spin />
        ) : cases.length === 0 ? (
          <Empty description={t('recruitment.emptyStage')} />
        ) : (
          <>
            <Typography.Text type="secondary" data-testid="recruitment-total">
              {total > cases.length ? t('recruitment.shownOf', { shown: cases.length, total }) : t('recruitment.total', { count: total })}
            </Typography.Text>
            <div className="recruitment-board">
              {STAGES.map((stage) => column(String(stage), `${t('recruitment.stageNumber', { stage })} ${t(stageKey(stage))}`, open.filter((c) => c.stage === stage)))}
              {done.length > 0 && column('closed', t('recruitment.closed'), done)}
            </div>
          </>
        )}
      </Flex>
      {creating && (
        <NewCaseDialog
          home={home}
          branch={branch ? org : null}
          onClose={() => setCreating(false)}
          onSaved={(saved) => {
            setCreating(false);
            message.success(t('recruitment.caseCreated'));
            navigate(caseHref(saved.id));
          }}
        />
      )}
    </Card>
  );
}
