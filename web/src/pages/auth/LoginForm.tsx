/** Username and password; the refusals say how long to wait when the account or the address is locked. */
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n.ts';
import { session, type LoginNotice } from '../../session.ts';
import { loginErrorMessage } from './auth-errors.ts';

interface Values {
  username: string;
  password: string;
}

export function LoginForm({ notice }: { notice: LoginNotice | null }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      await session.logIn(values.username.trim(), values.password);
    } catch (caught) {
      setError(loginErrorMessage(caught));
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Typography.Title level={3} className="login-title">
        {t('login.title')}
      </Typography.Title>
      {notice && !error && (
        <Alert
          className="login-alert"
          type={notice === 'loggedOut' ? 'success' : 'warning'}
          title={t(`login.notice.${notice}`)}
          showIcon
          data-testid="login-notice"
        />
      )}
      {error && <Alert className="login-alert" type="error" title={error} showIcon data-testid="login-error" />}
      <Form<Values> form={form} layout="vertical" size="large" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="username"
          label={t('login.username')}
          rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('login.username') }) }]}
        >
          <Input
            prefix={<UserOutlined />}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={64}
            autoFocus
            data-testid="login-username"
          />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('login.password')}
          rules={[{ required: true, message: t('validation.required', { field: t('login.password') }) }]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" maxLength={256} data-testid="login-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
          {t('login.submit')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" className="login-hint">
        {t('login.hint')}
      </Typography.Paragraph>
    </>
  );
}
