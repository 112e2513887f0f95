/** 修改密码 from the user menu. The server ends every session of the account and this one continues in a new one. */
import { App, Form, Modal } from 'antd';
import { useI18n } from '../../i18n.ts';
import { useMe } from '../../session.ts';
import { withTestId } from '../../test-ids.ts';
import { PasswordFields, usePasswordChange, type PasswordValues } from './PasswordFields.tsx';

export function ChangePasswordDialog({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const { form, busy, problems, submit } = usePasswordChange(() => {
    message.success(t('password.changed'));
    onClose();
  });

  return (
    <Modal
      open
      title={t('layout.changePassword')}
      okText={t('password.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={withTestId({}, 'dialog-ok')}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
    >
      <Form<PasswordValues> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <PasswordFields profile={me.policy.passwordProfile} problems={problems} />
      </Form>
    </Modal>
  );
}
