/**
 * 历史档案导入: a county backfills past cases from a spreadsheet. 校验 runs the import without writing; 导入 writes
 * it. A file that cannot be read comes back with every problem by row and column; the violations found in the
 * history do not refuse it: each person is listed with the findings and the articles they breach.
 */
import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Result, Spin, Table, Tag, Typography, Upload } from 'antd';
import { useCallback, useState } from 'react';
import { ApiError, errorMessage } from '../../api.ts';
import { translateErrorCode, useI18n } from '../../i18n.ts';
import { OrgPicker } from '../members/OrgPicker.tsx';
import { useHomeOrg } from '../members/use-home-org.ts';
import { FindingItem } from './Findings.tsx';
import { STATE_COLORS, stateKey } from './labels.ts';
import { caseHref } from './paths.ts';
import { recruitmentApi, type ImportResult } from './recruitment-api.ts';
import { followLink } from '../../router.ts';

interface Problem {
  row: number;
  column: string;
  message: string;
  code: string;
}

type Outcome = { kind: 'result'; result: ImportResult } | { kind: 'problems'; problems: Problem[]; total: number } | { kind: 'error'; message: string };

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return typeof p.row === 'number' && typeof p.column === 'string' && typeof p.message === 'string' && typeof p.code === 'string';
}

function problemsOf(error: unknown): Extract<Outcome, { kind: 'problems' }> | null {
  if (!(error instanceof ApiError) || error.code !== 'import.rows_invalid') return null;
  const details = typeof error.details === 'object' && error.details !== null ? (error.details as Record<string, unknown>) : {};
  const problems = Array.isArray(details.errors) ? details.errors.filter(isProblem) : [];
  return { kind: 'problems', problems, total: typeof details.total === 'number' ? details.total : problems.length };
}

export function ImportPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { home, error: homeError, retry } = useHomeOrg();
  const [orgId, setOrgId] = useState<string | undefined>(undefined);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const onPickerError = useCallback((text: string) => message.error(text), [message]);

  if (homeError) return <Result status="error" title={homeError} extra={<Button onClick={retry}>{t('common.retry')}</Button>} />;
  if (!home) return <Spin className="page-spin" />;
  const target = orgId ?? home.id;

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(dryRun ? 'check' : 'import');
    setOutcome(null);
    try {
      setOutcome({ kind: 'result', result: await recruitmentApi.importFile(target, file, dryRun) });
    } catch (caught) {
      setOutcome(problemsOf(caught) ?? { kind: 'error', message: errorMessage(caught) });
    } finally {
      setBusy(null);
    }
  };

  const result = outcome?.kind === 'result' ? outcome.result : null;

  return (
    <Card title={t('recruitment.import.title')} data-testid="recruitment-import">
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" className="recruitment-help-block">
          {t('recruitment.import.help')}
        </Typography.Paragraph>
        <Flex wrap gap={8} align="center">
          <OrgPicker home={home} value={target} onChange={(org) => setOrgId(org.id)} className="recruitment-org-picker" testId="import-org" onError={onPickerError} />
          <Upload
            accept=".xlsx,.csv"
            maxCount={1}
            beforeUpload={(picked) => {
              setFile(picked);
              setOutcome(null);
              return false;
            }}
            onRemove={() => setFile(null)}
          >
            <Button icon={<UploadOutlined />} data-testid="import-choose">
              {t('recruitment.import.choose')}
            </Button>
          </Upload>
          <Button disabled={!file} loading={busy === 'check'} onClick={() => void run(true)} data-testid="import-check">
            {t('recruitment.import.check')}
          </Button>
          <Button type="primary" disabled={!file} loading={busy === 'import'} onClick={() => void run(false)} data-testid="import-run">
            {t('recruitment.import.run')}
          </Button>
        </Flex>
        {outcome?.kind === 'error' && <Alert type="error" showIcon title={outcome.message} />}
        {outcome?.kind === 'problems' && (
          <>
            <Alert type="error" showIcon title={t('recruitment.import.rows')} />
            <Table<Problem>
              size="small"
              rowKey={(p) => `${p.row}-${p.column}-${p.code}`}
              pagination={outcome.problems.length > 20 ? { pageSize: 20 } : false}
              dataSource={outcome.problems}
              data-testid="import-problems"
              columns={[
                { key: 'row', title: t('recruitment.import.row'), dataIndex: 'row' },
                { key: 'column', title: t('recruitment.import.column'), dataIndex: 'column' },
                { key: 'problem', title: t('recruitment.import.problem'), render: (_, p) => translateErrorCode(p.code) ?? p.message },
              ]}
            />
          </>
        )}
        {result && (
          <>
            <Alert
              type={result.hard > 0 ? 'warning' : 'success'}
              showIcon
              data-testid="import-summary"
              title={t(result.dryRun ? 'recruitment.import.checked' : 'recruitment.import.done', { cases: result.cases, hard: result.hard, soft: result.soft })}
            />
            <Table
              size="small"
              rowKey="row"
              pagination={result.items.length > 20 ? { pageSize: 20 } : false}
              scroll={{ x: 'max-content' }}
              dataSource={result.items}
              data-testid="import-items"
              columns={[
                { key: 'row', title: t('recruitment.import.row'), dataIndex: 'row', width: 60 },
                {
                  key: 'name',
                  title: t('recruitment.import.person'),
                  render: (_, item) =>
                    item.caseId ? (
                      <a href={caseHref(item.caseId)} onClick={(event) => followLink(event, caseHref(item.caseId as string))}>
                        {item.name}
                      </a>
                    ) : (
                      item.name
                    ),
                },
                { key: 'state', title: t('recruitment.import.state'), render: (_, item) => <Tag color={STATE_COLORS[item.state]}>{t(stateKey(item.state))}</Tag> },
                {
                  key: 'findings',
                  title: t('recruitment.import.findings'),
                  render: (_, item) =>
                    item.findings.length === 0 ? (
                      <Typography.Text type="secondary">{t('recruitment.import.clean')}</Typography.Text>
                    ) : (
                      <Flex vertical gap={6}>
                        {item.findings.map((f, i) => (
                          <FindingItem key={i} finding={f} />
                        ))}
                      </Flex>
                    ),
                },
              ]}
            />
          </>
        )}
      </Flex>
    </Card>
  );
}
