/** The ten recovery codes, shown this once: copy them, confirm they are stored, then enter. */
import { Alert, Button, Checkbox, Flex, Typography } from 'antd';
import { useState } from 'react';
import { CopyButton } from '../../CopyButton.tsx';
import { errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { session } from '../../session.ts';

export function RecoveryCodesStep({ codes }: { codes: string[] }) {
  const { t } = useI18n();
  const [stored, setStored] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const enter = async () => {
    setBusy(true);
    try {
      await session.leaveRecoveryCodes();
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  };

  return (
    <>
      <Typography.Title level={3} className="login-title">
        {t('recovery.title')}
      </Typography.Title>
      <Alert type="warning" showIcon title={t('recovery.warningTitle')} description={t('recovery.warning')} data-testid="recovery-warning" />
      <ol className="recovery-codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <Flex vertical gap={12}>
        <CopyButton text={codes.join('\n')} label={t('recovery.copy')} block data-testid="recovery-copy" />
        <Checkbox checked={stored} onChange={(event) => setStored(event.target.checked)} data-testid="recovery-stored">
          {t('recovery.stored')}
        </Checkbox>
        {error && <Alert type="error" title={error} showIcon />}
        <Button type="primary" size="large" block disabled={!stored} loading={busy} onClick={() => void enter()} data-testid="recovery-continue">
          {t('recovery.continue')}
        </Button>
      </Flex>
    </>
  );
}
