/**
 * Binding an authenticator app: the QR code of the otpauth URI, the secret for typing in by hand, and a first code
 * that proves the app is set up. The secret comes only with the login answer, so after a reload the user logs in
 * again to get a new one.
 */
import { Alert, Button, Form, Input, Spin, Typography } from 'antd';
import { toDataURL } from 'qrcode';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { session, type MfaEnrollment } from '../../session.ts';

/** ABCD EFGH …: easier to read and type. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

export function MfaEnrollStep({ enrollment }: { enrollment: MfaEnrollment | null }) {
  const { t } = useI18n();
  const [qr, setQr] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const uri = enrollment?.otpauthUri;

  useEffect(() => {
    if (!uri) return;
    let current = true;
    toDataURL(uri, { width: 200, margin: 1, errorCorrectionLevel: 'M' })
      .then((url) => current && setQr(url))
      .catch((caught: unknown) => current && setError(errorMessage(caught)));
    return () => {
      current = false;
    };
  }, [uri]);

  if (!enrollment) {
    return (
      <>
        <Typography.Title level={3} className="login-title">
          {t('mfa.enrollTitle')}
        </Typography.Title>
        <Alert type="info" showIcon title={t('mfa.enrollAgain')} data-testid="mfa-enroll-again" />
        <Button type="primary" block size="large" className="login-alert" onClick={() => void session.logOut(null)}>
          {t('mfa.loginAgain')}
        </Button>
      </>
    );
  }

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await session.enrollMfa(code);
    } catch (caught) {
      setError(errorMessage(caught));
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Typography.Title level={3} className="login-title">
        {t('mfa.enrollTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('mfa.enrollIntro')}</Typography.Paragraph>
      <ol className="mfa-steps">
        <li>{t('mfa.enrollScan')}</li>
        <li>{t('mfa.enrollCode')}</li>
      </ol>
      <div className="mfa-qr">
        {qr ? <img src={qr} width={200} height={200} alt={t('mfa.qrAlt')} data-testid="mfa-qr" /> : <Spin />}
      </div>
      <div className="mfa-manual">
        <Typography.Text type="secondary">{t('mfa.manual')}</Typography.Text>
        <Typography.Text code copyable={{ text: enrollment.secret }} className="mfa-secret" data-testid="mfa-secret">
          {grouped(enrollment.secret)}
        </Typography.Text>
      </div>
      <CodeForm code={code} setCode={setCode} busy={busy} error={error} submitLabel={t('mfa.enrollSubmit')} onSubmit={submit} />
    </>
  );
}

interface CodeFormProps {
  code: string;
  setCode(code: string): void;
  busy: boolean;
  error: string | null;
  submitLabel: string;
  onSubmit(): Promise<void>;
}

/** The six digits of the authenticator; only digits are kept, so a pasted "123 456" works. */
export function CodeForm({ code, setCode, busy, error, submitLabel, onSubmit }: CodeFormProps) {
  const { t } = useI18n();
  return (
    <Form layout="vertical" onFinish={() => void onSubmit()} requiredMark={false}>
      <Form.Item label={t('mfa.code')}>
        <Input
          size="large"
          className="mfa-code"
          value={code}
          onChange={(event) => setCode(event.target.value.replace(/\D/g, '').slice(0, 6))}
          inputMode="numeric"
          autoComplete="one-time-code"
          placeholder="000000"
          autoFocus
          data-testid="mfa-code"
        />
      </Form.Item>
      {error && <Alert className="login-alert" type="error" title={error} showIcon data-testid="mfa-error" />}
      <Button type="primary" htmlType="submit" size="large" block loading={busy} disabled={code.length !== 6} data-testid="mfa-submit">
        {submitLabel}
      </Button>
    </Form>
  );
}
