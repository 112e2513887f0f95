/**
 * The password change form, shared by the login step and the dialog in the user menu: the policy's rules above
 * the fields, and each reason the server refused a new password as its own sentence.
 */
import { Alert, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import type { PasswordProfile } from '../../../../src/modules/accounts/password-policy.ts';
import { errorMessage } from '../../api.ts';
import { useI18n, type MessageKey } from '../../i18n.ts';
import { session } from '../../session.ts';
import { passwordProblems } from './auth-errors.ts';

export interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

const RULES: Record<PasswordProfile, MessageKey[]> = {
  dengbao: ['passwordRule.length', 'passwordRule.classes', 'passwordRule.notCommon', 'passwordRule.rotation'],
  asvs: ['passwordRule.lengthMax', 'passwordRule.noComposition', 'passwordRule.notCommon'],
};

/** Submits a password change through the session; `problems` are the lines to show when it is refused. */
export function usePasswordChange(onDone?: () => void) {
  const [form] = Form.useForm<PasswordValues>();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[] | null>(null);

  const submit = async (values: PasswordValues) => {
    setBusy(true);
    setProblems(null);
    try {
      await session.changePassword(values.currentPassword, values.newPassword);
      onDone?.();
    } catch (caught) {
      setProblems(passwordProblems(caught) ?? [errorMessage(caught)]);
    } finally {
      setBusy(false);
    }
  };

  return { form, busy, problems, submit };
}

function PasswordRules({ profile }: { profile: PasswordProfile }) {
  const { t } = useI18n();
  return (
    <div className="password-rules" data-testid="password-rules">
      <Typography.Text strong>{t(`passwordRule.title.${profile}`)}</Typography.Text>
      <ul>
        {RULES[profile].map((key) => (
          <li key={key}>{t(key)}</li>
        ))}
      </ul>
    </div>
  );
}

interface FieldsProps {
  profile: PasswordProfile | null;
  problems: string[] | null;
  /** At login the current password may be the one-time password an administrator handed over. */
  atLogin?: boolean;
}

export function PasswordFields({ profile, problems, atLogin = false }: FieldsProps) {
  const { t } = useI18n();
  return (
    <>
      {profile && <PasswordRules profile={profile} />}
      <Form.Item
        name="currentPassword"
        label={t('password.current')}
        extra={atLogin ? t('password.currentHelp') : undefined}
        rules={[{ required: true, message: t('validation.required', { field: t('password.current') }) }]}
      >
        <Input.Password autoComplete="current-password" maxLength={256} data-testid="password-current" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        rules={[{ required: true, message: t('validation.required', { field: t('password.new') }) }]}
      >
        <Input.Password autoComplete="new-password" maxLength={256} data-testid="password-new" />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('validation.required', { field: t('password.confirm') }) },
          ({ getFieldValue }) => ({
            validator: (_rule, value) =>
              !value || getFieldValue('newPassword') === value
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={256} data-testid="password-confirm" />
      </Form.Item>
      {problems && (
        <Alert
          className="login-alert"
          type="error"
          showIcon
          title={problems.length === 1 ? problems[0] : t('password.rejected')}
          description={
            problems.length > 1 ? (
              <ul className="password-problems">
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            ) : undefined
          }
          data-testid="password-problems"
        />
      )}
    </>
  );
}
