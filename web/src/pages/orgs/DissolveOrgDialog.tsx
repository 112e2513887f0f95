/** Dissolve an org on a given date, after an explicit confirmation. */
import { Alert, DatePicker, Form, Modal, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { errorMessage } from '../../api.ts';
import { fromIsoDate, toIsoDate, today } from '../../dates.ts';
import { useI18n } from '../../i18n.ts';
import { withTestId } from '../../test-ids.ts';
import { orgsApi, type Org } from './orgs-api.ts';

interface Props {
  org: Org;
  onClose(): void;
  onDone(org: Org): void;
}

export function DissolveOrgDialog({ org, onClose, onDone }: Props) {
  const { t } = useI18n();
  const [date, setDate] = useState<Dayjs | null>(today());
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const established = fromIsoDate(org.establishedOn);

  const submit = async () => {
    const dissolvedOn = toIsoDate(date);
    if (!dissolvedOn) return;
    setSaving(true);
    setError(null);
    try {
      onDone(await orgsApi.dissolve(org.id, org.version, dissolvedOn));
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('orgs.dissolve.title', { name: org.name })}
      okText={t('orgs.dissolve.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={withTestId({ danger: true, disabled: !date }, 'dialog-ok')}
      onOk={() => void submit()}
      onCancel={onClose}
      mask={{ closable: false }}
    >
      <Typography.Paragraph>{t('orgs.dissolve.hint')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('org.dissolvedOn')} required>
          <DatePicker
            className="full-width"
            value={date}
            onChange={setDate}
            disabledDate={(d) => (established ? d.isBefore(established, 'day') : false)}
            data-testid="dissolve-date"
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" title={error} showIcon data-testid="form-error" />}
    </Modal>
  );
}
