/**
 * A masked personal value (phone, ID number) with 查看完整 for users allowed to see the whole value; every view
 * is recorded in the audit trail, and the button says so. `load` fetches the whole value (an account's, a member's).
 */
import { Alert, Button, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { useCan } from '../../session.ts';

interface Props {
  field: 'phone' | 'idNumber';
  masked: string | null;
  load(): Promise<string | null>;
}

export function RevealValue({ field, masked, load }: Props) {
  const { t } = useI18n();
  const can = useCan();
  const [value, setValue] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!masked) return <Typography.Text type="secondary">—</Typography.Text>;
  if (value !== null) {
    return (
      <Tooltip title={t('reveal.recorded')}>
        <span data-testid={`revealed-${field}`}>{value}</span>
      </Tooltip>
    );
  }

  const reveal = async () => {
    setBusy(true);
    try {
      setValue((await load()) ?? '');
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="reveal">
      <span>{masked}</span>
      {can('personal.full_view') && (
        <Tooltip title={t('reveal.note')}>
          <Button type="link" size="small" loading={busy} onClick={() => void reveal()} data-testid={`reveal-${field}`}>
            {t('reveal.show')}
          </Button>
        </Tooltip>
      )}
      {error && <Alert type="error" title={error} banner />}
    </span>
  );
}
