/**
 * Chooses between the login page and the app: /auth/me on load, the login page at /login whenever the session is
 * missing, expired or owes a step (remembering where the user was), and back there after logging in.
 */
import { Button, Result, Spin } from 'antd';
import { useEffect } from 'react';
import { AppLayout } from './AppLayout.tsx';
import { useI18n } from './i18n.ts';
import { permittedEntries } from './menu.tsx';
import { LoginPage } from './pages/auth/LoginPage.tsx';
import { navigate, useLocation } from './router.ts';
import { session, useSession } from './session.ts';

const LOGIN_PATH = '/login';

/** A path inside the app to return to; anything else (another site, the login page, the API) is ignored. */
function returnPath(value: string | null): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  if (value === LOGIN_PATH || value.startsWith(`${LOGIN_PATH}?`) || value.startsWith('/api/')) return null;
  return value;
}

export function SessionGate() {
  const { t } = useI18n();
  const current = useSession();
  const { pathname, query } = useLocation();
  const onLoginPage = pathname === LOGIN_PATH;
  const next = query.get('next');

  useEffect(() => {
    void session.load();
  }, []);

  useEffect(() => {
    const { status } = current;
    if (status === 'ready') {
      if (!onLoginPage) return;
      const landing = permittedEntries(current.me.permissions)[0]?.path ?? '/';
      navigate(returnPath(next) ?? landing, { replace: true });
    } else if (status === 'anonymous' || status === 'step' || status === 'recovery-codes') {
      const leaving = status === 'anonymous' && current.notice === 'loggedOut';
      if (leaving && (!onLoginPage || next !== null)) navigate(LOGIN_PATH, { replace: true });
      else if (!onLoginPage) {
        const here = window.location.pathname + window.location.search;
        navigate(here === '/' ? LOGIN_PATH : `${LOGIN_PATH}?next=${encodeURIComponent(here)}`, { replace: true });
      }
    }
  }, [current, onLoginPage, next]);

  switch (current.status) {
    case 'loading':
      return <Spin size="large" className="page-spin" />;
    case 'unreachable':
      return (
        <Result
          status="error"
          title={current.error}
          extra={<Button onClick={() => void session.load()}>{t('common.retry')}</Button>}
        />
      );
    case 'ready':
      return onLoginPage ? <Spin size="large" className="page-spin" /> : <AppLayout me={current.me} />;
    default:
      return <LoginPage state={current} />;
  }
}
