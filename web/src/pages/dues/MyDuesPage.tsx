/**
 * 我的党费, for a member on a phone: the base and the monthly due with the rule it came from, what is owed, the
 * months of the last two years and the payments. It needs the e-identity verification of 我的党员信息 first.
 */
import { Alert, Button, Card, Flex, Result, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { navigate } from '../../router.ts';
import { duesApi, type MemberLedger } from './dues-api.ts';
import { CurrentBase, MonthsTable, Owed, PaymentsList } from './LedgerParts.tsx';

const MONTHS_SHOWN = 24;

export function MyDuesPage() {
  const { t } = useI18n();
  const [ledger, setLedger] = useState<MemberLedger | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setError(null);
    duesApi
      .mine()
      .then((answer) => current && setLedger(answer.ledger))
      .catch((caught: unknown) => current && setError(errorMessage(caught)));
    return () => {
      current = false;
    };
  }, [attempt]);

  if (error) return <Result status="error" title={error} extra={<Button onClick={() => setAttempt((a) => a + 1)}>{t('common.retry')}</Button>} />;
  if (ledger === undefined) return <Spin className="page-spin" />;
  if (ledger === null) {
    return (
      <Result
        status="info"
        title={t('myDues.notVerified')}
        subTitle={t('myDues.verifyFirst')}
        data-testid="my-dues-unverified"
        extra={
          <Button type="primary" onClick={() => navigate('/my-record')}>
            {t('menu.myRecord')}
          </Button>
        }
      />
    );
  }
  return (
    <Flex vertical gap={12} className="my-dues-page" data-testid="my-dues">
      <Card size="small" title={t('myDues.title', { name: ledger.member.name })}>
        <Owed ledger={ledger} />
        {ledger.owedFen > 0 && <Alert type="warning" showIcon className="dues-form-alert" title={t('myDues.payHint')} />}
      </Card>
      <Card size="small" title={t('myDues.base')}>
        <CurrentBase ledger={ledger} />
      </Card>
      <Card size="small" title={t('dues.monthsTitle')}>
        <MonthsTable ledger={ledger} limit={MONTHS_SHOWN} />
      </Card>
      <Card size="small" title={t('dues.paymentsTitle')}>
        <PaymentsList ledger={ledger} />
      </Card>
      <Typography.Text type="secondary">{t('myDues.correctionHint')}</Typography.Text>
    </Flex>
  );
}
