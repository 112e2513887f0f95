/**
 * 会议签到 on a member's phone: the six digits the secretary reads out (or the QR code, which opens this page with
 * the code filled in) mark the member present at today's meeting of their branch.
 */
import { CheckCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Input, Result, Typography } from 'antd';
import { useState } from 'react';
import { formatDateTime } from '../../dates.ts';
import { useI18n } from '../../i18n.ts';
import { useLocation } from '../../router.ts';
import { errorLines, readFieldError } from '../../server-errors.ts';
import { meetingsApi } from './meetings-api.ts';

export const CHECK_IN_PATH = '/check-in';
const CODE_PATTERN = /^\d{6}$/;

export function CheckInPage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const given = query.get('code') ?? '';
  const [code, setCode] = useState(CODE_PATTERN.test(given) ? given : '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string[] | null>(null);
  const [doneAt, setDoneAt] = useState<string | null>(null);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await meetingsApi.checkIn(code);
      setDoneAt(new Date().toISOString());
    } catch (caught) {
      setError(errorLines(readFieldError(caught)));
    } finally {
      setBusy(false);
    }
  };

  if (doneAt) {
    return (
      <Card className="check-in-page">
        <Result
          status="success"
          icon={<CheckCircleOutlined />}
          title={t('checkIn.done')}
          subTitle={t('checkIn.doneAt', { at: formatDateTime(doneAt) })}
          extra={
            <Button
              onClick={() => {
                setDoneAt(null);
                setCode('');
              }}
            >
              {t('checkIn.another')}
            </Button>
          }
          data-testid="check-in-done"
        />
      </Card>
    );
  }

  return (
    <Card title={t('menu.checkIn')} className="check-in-page" data-testid="check-in-page">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (CODE_PATTERN.test(code)) void submit();
        }}
      >
        <Flex vertical gap={16}>
          <Typography.Paragraph type="secondary" className="check-in-intro">
            {t('checkIn.intro')}
          </Typography.Paragraph>
          <Input
            size="large"
            className="check-in-input"
            value={code}
            onChange={(event) => {
              setCode(event.target.value.replace(/\D/g, '').slice(0, 6));
              setError(null);
            }}
            inputMode="numeric"
            autoComplete="one-time-code"
            placeholder="000000"
            aria-label={t('checkIn.codeLabel')}
            autoFocus
            data-testid="check-in-input"
          />
          {error && <Alert type="error" showIcon title={error[0]} description={error[1]} data-testid="check-in-error" />}
          <Button type="primary" htmlType="submit" size="large" block loading={busy} disabled={!CODE_PATTERN.test(code)} data-testid="check-in-submit">
            {t('checkIn.submit')}
          </Button>
        </Flex>
      </form>
    </Card>
  );
}
