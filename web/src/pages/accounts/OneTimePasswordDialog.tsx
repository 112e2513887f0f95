/** The one-time password of a new or reset account, shown this once, to hand to its owner. */
import { Alert, Button, Descriptions, Flex, Modal, Typography } from 'antd';
import { CopyButton } from '../../CopyButton.tsx';
import { useI18n } from '../../i18n.ts';
import type { CreatedAccount } from './accounts-api.ts';

export function OneTimePasswordDialog({
  created,
  reason,
  onClose,
}: {
  created: CreatedAccount;
  reason: 'created' | 'reset';
  onClose(): void;
}) {
  const { t } = useI18n();
  const { account, oneTimePassword } = created;
  return (
    <Modal
      open
      title={reason === 'created' ? t('accounts.otp.createdTitle') : t('accounts.otp.resetTitle')}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={onClose} data-testid="otp-close">
          {t('accounts.otp.done')}
        </Button>
      }
    >
      <Flex vertical gap={16}>
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'name', label: t('accounts.displayName'), children: account.displayName },
            { key: 'username', label: t('accounts.username'), children: <span data-testid="otp-username">{account.username}</span> },
          ]}
        />
        <div className="otp-box">
          <Typography.Text type="secondary">{t('accounts.otp.label')}</Typography.Text>
          <div className="otp-value" data-testid="otp-value">
            {oneTimePassword}
          </div>
          <CopyButton text={oneTimePassword} label={t('accounts.otp.copy')} />
        </div>
        <Alert type="warning" showIcon title={t('accounts.otp.warning', { name: account.displayName })} />
      </Flex>
    </Modal>
  );
}
