/** The login step that changes a one-time or expired password, with the rules of the policy in force. */
import { Button, Form, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { PasswordProfile } from '../../../../src/modules/accounts/password-policy.ts';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import type { Me } from '../../session.ts';
import { PasswordFields, usePasswordChange, type PasswordValues } from './PasswordFields.tsx';

export function PasswordStep() {
  const { t } = useI18n();
  const { form, busy, problems, submit } = usePasswordChange();
  const [profile, setProfile] = useState<PasswordProfile | null>(null);

  useEffect(() => {
    let current = true;
    // The rules to show depend on the policy; without them the form still works and the server explains.
    api
      .get<Me>('/auth/me')
      .then((me) => current && setProfile(me.policy.passwordProfile))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, []);

  return (
    <>
      <Typography.Title level={3} className="login-title">
        {t('password.stepTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('password.stepIntro')}</Typography.Paragraph>
      <Form<PasswordValues> form={form} layout="vertical" onFinish={submit} requiredMark={false} data-testid="password-form">
        <PasswordFields profile={profile} problems={problems} atLogin />
        <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="password-submit">
          {t('password.submit')}
        </Button>
      </Form>
    </>
  );
}
