/**
 * The check-in code of today's meeting: six digits to read out, and a QR code of the check-in page with the code
 * filled in, for members to scan with their phones. Valid for three hours; asking again gives a new code.
 */
import { Alert, Button, Flex, Modal, Spin, Typography } from 'antd';
import { toDataURL } from 'qrcode';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api.ts';
import { formatDateTime } from '../../dates.ts';
import { useI18n } from '../../i18n.ts';
import { CHECK_IN_PATH } from './CheckInPage.tsx';
import { meetingsApi, type CheckInCode } from './meetings-api.ts';

export const checkInUrl = (code: string) => `${window.location.origin}${CHECK_IN_PATH}?code=${code}`;

export function CheckInCodeDialog({ meetingId, onClose }: { meetingId: string; onClose(): void }) {
  const { t } = useI18n();
  const [issued, setIssued] = useState<CheckInCode | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setIssued(null);
    setQr(null);
    setError(null);
    meetingsApi
      .issueCheckInCode(meetingId)
      .then(async (answer) => {
        if (!current) return;
        setIssued(answer);
        const url = await toDataURL(checkInUrl(answer.code), { width: 220, margin: 1, errorCorrectionLevel: 'M' });
        if (current) setQr(url);
      })
      .catch((caught: unknown) => current && setError(errorMessage(caught)));
    return () => {
      current = false;
    };
  }, [meetingId, attempt]);

  return (
    <Modal
      open
      title={t('checkIn.codeTitle')}
      onCancel={onClose}
      footer={[
        <Button key="new" onClick={() => setAttempt((n) => n + 1)} disabled={!issued && !error} data-testid="check-in-code-renew">
          {t('checkIn.renew')}
        </Button>,
        <Button key="close" type="primary" onClick={onClose}>
          {t('checkIn.close')}
        </Button>,
      ]}
    >
      {error ? (
        <Alert type="error" showIcon title={error} data-testid="check-in-code-error" />
      ) : !issued ? (
        <Spin />
      ) : (
        <Flex vertical align="center" gap={8}>
          <Typography.Text type="secondary">{t('checkIn.codeHint')}</Typography.Text>
          <span className="check-in-code" data-testid="check-in-code">
            {issued.code}
          </span>
          {qr ? <img src={qr} width={220} height={220} alt={t('checkIn.qrAlt')} data-testid="check-in-qr" /> : <Spin />}
          <Typography.Text type="secondary" data-testid="check-in-expires">
            {t('checkIn.expires', { at: formatDateTime(issued.expiresAt) })}
          </Typography.Text>
        </Flex>
      )}
    </Modal>
  );
}
