/**
 * Findings as the user reads them: the breach in words, hard ones in red and soft ones in amber, the rule id and
 * the article it cites, and the dates the server compared. A refused step (422) shows the same way.
 */
import { Alert, Flex, Tag, Typography } from 'antd';
import { ApiError, errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { dateLabel, dateValue, findingText } from './labels.ts';
import type { Finding } from './recruitment-api.ts';

export interface FindingLike {
  code: string;
  severity: 'hard' | 'soft';
  rule: { id: string; cite: string };
  message: string;
  dates: Record<string, string>;
  local?: boolean;
}

export function DatesCompared({ dates }: { dates: Record<string, string> }) {
  const entries = Object.entries(dates);
  if (entries.length === 0) return null;
  return (
    <span className="recruitment-dates" data-testid="finding-dates">
      {entries.map(([key, value]) => (
        <span key={key} className="recruitment-date">
          {dateLabel(key)}：{dateValue(key, value)}
        </span>
      ))}
    </span>
  );
}

export function FindingItem({ finding, testId }: { finding: FindingLike; testId?: string }) {
  const { t } = useI18n();
  const hard = finding.severity === 'hard';
  const text = findingText(finding.code, finding.message);
  return (
    <div className={`recruitment-finding finding-${finding.severity}`} data-testid={testId ?? `finding-${finding.code}`} data-severity={finding.severity}>
      <Flex wrap gap={4} align="center">
        <Tag color={hard ? 'red' : 'gold'}>{t(hard ? 'recruitment.severity.hard' : 'recruitment.severity.soft')}</Tag>
        {finding.local && <Tag>{t('recruitment.local')}</Tag>}
        <Typography.Text strong className="finding-text">
          {text}
        </Typography.Text>
      </Flex>
      {finding.rule.cite && <div className="finding-cite">{t('rule.cite', { cite: finding.rule.cite })}</div>}
      <div className="finding-rule">{t('recruitment.rule', { id: finding.rule.id })}</div>
      <DatesCompared dates={finding.dates} />
      {text !== finding.message && <div className="finding-server">{t('recruitment.serverSays', { message: finding.message })}</div>}
    </div>
  );
}

export function FindingList({ findings }: { findings: readonly (Finding | FindingLike)[] }) {
  return (
    <Flex vertical gap={8}>
      {findings.map((f, i) => (
        <FindingItem key={`${f.code}-${i}`} finding={f} />
      ))}
    </Flex>
  );
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function stringRecord(value: unknown): Record<string, string> {
  const r = record(value);
  if (!r) return {};
  return Object.fromEntries(Object.entries(r).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** A refusal of the API, plainly: the breach, the rule and its article, the dates compared (422); the message otherwise. */
export function Refusal({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!(error instanceof ApiError)) return <Alert type="error" showIcon title={errorMessage(error)} data-testid="form-error" />;
  const details = record(error.details);
  const rule = record(details?.rule);
  const cite = typeof rule?.cite === 'string' ? rule.cite : null;
  const ruleId = typeof rule?.id === 'string' ? rule.id : null;
  const dates = stringRecord(details?.dates);
  const others = Array.isArray(details?.findings) ? details.findings.length - 1 : 0;
  const ruled = error.status === 422 && ruleId !== null;
  return (
    <Alert
      type="error"
      showIcon
      title={ruled ? `${t('recruitment.refused')}：${error.message}` : error.message}
      data-testid="form-error"
      description={
        ruled || cite ? (
          <Flex vertical gap={2} data-testid="refusal">
            {cite && <span data-testid="refusal-cite">{t('rule.cite', { cite })}</span>}
            {ruleId && <span className="finding-rule">{t('recruitment.rule', { id: ruleId })}</span>}
            <DatesCompared dates={dates} />
            {others > 0 &&
              (details?.findings as unknown[]).slice(1).map((f, i) => {
                const r = record(f);
                const code = typeof r?.code === 'string' ? r.code : '';
                return <span key={i}>· {findingText(code, typeof r?.message === 'string' ? r.message : code)}</span>;
              })}
          </Flex>
        ) : undefined
      }
    />
  );
}
