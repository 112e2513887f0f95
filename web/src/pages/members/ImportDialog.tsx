/**
 * 导入党员花名册: download the template, choose a file, 校验 (a dry run that writes nothing), then 导入. The server
 * takes all rows or none; a bad file comes back with every problem by row and column, shown as a table.
 */
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Modal, Spin, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../api.ts';
import { translateErrorCode, useI18n } from '../../i18n.ts';
import { withTestId } from '../../test-ids.ts';
import type { Org } from '../orgs/orgs-api.ts';
import { membersApi, type ImportProblem } from './members-api.ts';

interface Props {
  org: Org;
  onClose(): void;
  onDone(imported: number): void;
}

type Outcome =
  | { kind: 'valid'; rows: number }
  | { kind: 'problems'; problems: ImportProblem[]; total: number; truncated: boolean }
  | { kind: 'error'; message: string };

function isProblem(value: unknown): value is ImportProblem {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return typeof p.row === 'number' && typeof p.column === 'string' && typeof p.message === 'string' && typeof p.code === 'string';
}

/** The problems of a refused file, when the refusal lists them. */
function problemsOf(error: unknown): Extract<Outcome, { kind: 'problems' }> | null {
  if (!(error instanceof ApiError) || error.code !== 'import.rows_invalid') return null;
  const details = typeof error.details === 'object' && error.details !== null ? (error.details as Record<string, unknown>) : {};
  const problems = Array.isArray(details.errors) ? details.errors.filter(isProblem) : [];
  const total = typeof details.total === 'number' ? details.total : problems.length;
  return { kind: 'problems', problems, total, truncated: details.truncated === true };
}

const TEMPLATE_FILE_NAME = '党员花名册导入模板.xlsx';

export function ImportDialog({ org, onClose, onDone }: Props) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | 'template' | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(dryRun ? 'check' : 'import');
    setOutcome(null);
    try {
      const answer = await membersApi.importFile(org.id, file, dryRun);
      if ('imported' in answer) onDone(answer.imported);
      else setOutcome({ kind: 'valid', rows: answer.valid });
    } catch (caught) {
      setOutcome(problemsOf(caught) ?? { kind: 'error', message: errorMessage(caught) });
    } finally {
      setBusy(null);
    }
  };

  const downloadTemplate = async () => {
    setBusy('template');
    try {
      await membersApi.downloadTemplate(TEMPLATE_FILE_NAME);
    } catch (caught) {
      setOutcome({ kind: 'error', message: errorMessage(caught) });
    } finally {
      setBusy(null);
    }
  };

  const problemText = (p: ImportProblem) => translateErrorCode(p.code) ?? p.message;

  return (
    <Modal
      open
      width={760}
      title={t('import.title')}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        <Flex justify="end" gap={8} wrap>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button disabled={!file || busy !== null} onClick={() => void run(true)} data-testid="import-check">
            {t('import.check')}
          </Button>
          <Button
            type="primary"
            disabled={!file || busy !== null || outcome?.kind !== 'valid'}
            onClick={() => void run(false)}
            data-testid="import-run"
          >
            {t('import.run')}
          </Button>
        </Flex>
      }
    >
      <Spin spinning={busy === 'check' || busy === 'import'} tip={busy === 'import' ? t('import.importing') : t('import.checking')}>
        <Flex vertical gap={12} data-testid="import-dialog">
          <Typography.Paragraph className="import-intro">
            {t('import.intro', { org: org.name })}
          </Typography.Paragraph>
          <Flex gap={8} wrap align="flex-start">
            <Button icon={<DownloadOutlined />} loading={busy === 'template'} onClick={() => void downloadTemplate()} data-testid="import-template">
              {t('import.template')}
            </Button>
            <Upload
              accept=".xlsx,.csv"
              maxCount={1}
              beforeUpload={(chosen) => {
                setFile(chosen);
                setOutcome(null);
                // Kept in the page until 校验 or 导入 sends it.
                return false;
              }}
              onRemove={() => {
                setFile(null);
                setOutcome(null);
              }}
              fileList={file ? [{ uid: 'roster', name: file.name, status: 'done' }] : []}
              data-testid="import-file"
            >
              <Button icon={<UploadOutlined />}>{t('import.choose')}</Button>
            </Upload>
          </Flex>
          <Typography.Text type="secondary" className="import-hint">
            {t('import.hint')}
          </Typography.Text>
          {outcome?.kind === 'valid' && (
            <Alert type="success" showIcon title={t('import.valid', { rows: outcome.rows })} data-testid="import-valid" />
          )}
          {outcome?.kind === 'error' && <Alert type="error" showIcon title={outcome.message} data-testid="import-error" />}
          {outcome?.kind === 'problems' && (
            <>
              <Alert
                type="error"
                showIcon
                title={t('import.nothingImported')}
                description={
                  outcome.truncated
                    ? t('import.problemsTruncated', { total: outcome.total, shown: outcome.problems.length })
                    : t('import.problems', { total: outcome.total })
                }
                data-testid="import-error"
              />
              <Table<ImportProblem>
                size="small"
                rowKey={(p) => `${p.row}-${p.column}-${p.code}`}
                dataSource={outcome.problems}
                pagination={outcome.problems.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
                scroll={{ x: 'max-content' }}
                onRow={(p) => withTestId({}, `import-problem-${p.row}`)}
                columns={[
                  { key: 'row', title: t('import.row'), dataIndex: 'row', width: 64 },
                  { key: 'column', title: t('import.column'), dataIndex: 'column', width: 140 },
                  { key: 'problem', title: t('import.problem'), render: (_, p) => problemText(p) },
                ]}
                data-testid="import-problems"
              />
            </>
          )}
        </Flex>
      </Spin>
    </Modal>
  );
}
