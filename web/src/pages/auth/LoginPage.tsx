/** The login page: a centered card (full width on phones) showing the login form or the pending step. */
import { Button, Card, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n.ts';
import { LanguageSwitch } from '../../LanguageSwitch.tsx';
import { session, type SessionState } from '../../session.ts';
import { LoginForm } from './LoginForm.tsx';
import { MfaEnrollStep } from './MfaEnrollStep.tsx';
import { MfaVerifyStep } from './MfaVerifyStep.tsx';
import { PasswordStep } from './PasswordStep.tsx';
import { RecoveryCodesStep } from './RecoveryCodesStep.tsx';

function StepContent({ state }: { state: SessionState }): ReactNode {
  switch (state.status) {
    case 'anonymous':
      return <LoginForm notice={state.notice} />;
    case 'step':
      if (state.step === 'change-password') return <PasswordStep />;
      if (state.step === 'enroll-mfa') return <MfaEnrollStep enrollment={state.enrollment} />;
      return <MfaVerifyStep />;
    case 'recovery-codes':
      return <RecoveryCodesStep codes={state.codes} />;
    default:
      return <Spin />;
  }
}

export function LoginPage({ state }: { state: SessionState }) {
  const { t } = useI18n();
  return (
    <div className="login-page">
      <header className="login-header">
        <span className="login-brand">{t('app.name')}</span>
        <span className="login-subtitle">{t('app.subtitle')}</span>
        <span className="app-header-space" />
        <LanguageSwitch />
      </header>
      <main className="login-main">
        <Card className="login-card" data-testid="login-card">
          <StepContent state={state} />
          {state.status === 'step' && (
            <Button type="link" block className="login-leave" onClick={() => void session.logOut()} data-testid="step-logout">
              {t('login.leave')}
            </Button>
          )}
        </Card>
      </main>
    </div>
  );
}
