/** The second factor at login: the authenticator's six digits, or one of the recovery codes. */
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { session } from '../../session.ts';
import { CodeForm } from './MfaEnrollStep.tsx';

export function MfaVerifyStep() {
  const { t } = useI18n();
  const [recovery, setRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await session.verifyMfa(recovery ? code.trim().toLowerCase() : code);
    } catch (caught) {
      setError(errorMessage(caught));
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  const switchMode = () => {
    setRecovery(!recovery);
    setCode('');
    setError(null);
  };

  return (
    <>
      <Typography.Title level={3} className="login-title">
        {t('mfa.verifyTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {recovery ? t('mfa.recoveryIntro') : t('mfa.verifyIntro')}
      </Typography.Paragraph>
      {recovery ? (
        <Form layout="vertical" onFinish={() => void submit()} requiredMark={false}>
          <Form.Item label={t('mfa.recoveryCode')}>
            <Input
              size="large"
              className="mfa-code"
              value={code}
              onChange={(event) => setCode(event.target.value)}
              maxLength={16}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              placeholder="xxxxx-xxxxx"
              autoFocus
              data-testid="mfa-recovery-code"
            />
          </Form.Item>
          {error && <Alert className="login-alert" type="error" title={error} showIcon data-testid="mfa-error" />}
          <Button type="primary" htmlType="submit" size="large" block loading={busy} disabled={code.trim().length < 6} data-testid="mfa-submit">
            {t('mfa.verifySubmit')}
          </Button>
        </Form>
      ) : (
        <CodeForm code={code} setCode={setCode} busy={busy} error={error} submitLabel={t('mfa.verifySubmit')} onSubmit={submit} />
      )}
      <Button type="link" block onClick={switchMode} data-testid="mfa-switch">
        {recovery ? t('mfa.useCode') : t('mfa.useRecovery')}
      </Button>
    </>
  );
}
