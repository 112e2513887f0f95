/** 导出花名册: xlsx or CSV, masked by default; 完整信息 only for users allowed to see it, and the export says it is recorded. */
import { Alert, Checkbox, Form, Modal, Radio } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { useCan } from '../../session.ts';
import { withTestId } from '../../test-ids.ts';
import type { Org } from '../orgs/orgs-api.ts';
import { membersApi, type ExportFormat } from './members-api.ts';

export function ExportDialog({ org, onClose }: { org: Org; onClose(): void }) {
  const { t } = useI18n();
  const can = useCan();
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  const [full, setFull] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await membersApi.exportRoster(org.id, format, full, t('export.fileName', { code: org.code, format }));
      onClose();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('export.title', { org: org.name })}
      okText={t('export.run')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={withTestId({}, 'dialog-ok')}
      onOk={() => void run()}
      onCancel={onClose}
      mask={{ closable: false }}
    >
      <Form layout="vertical">
        <Form.Item label={t('export.format')}>
          <Radio.Group
            value={format}
            onChange={(event) => setFormat(event.target.value === 'csv' ? 'csv' : 'xlsx')}
            options={[
              { value: 'xlsx', label: t('export.xlsx') },
              { value: 'csv', label: t('export.csv') },
            ]}
            data-testid="export-format"
          />
        </Form.Item>
        {can('personal.full_view') && (
          <Form.Item extra={full ? t('export.fullRecorded') : t('export.maskedNote')}>
            <Checkbox checked={full} onChange={(event) => setFull(event.target.checked)} data-testid="export-full">
              {t('export.full')}
            </Checkbox>
          </Form.Item>
        )}
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="form-error" />}
    </Modal>
  );
}
