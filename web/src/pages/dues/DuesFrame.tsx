/**
 * The frame of the dues pages: a card with the org picker (branches only where the page is a branch's book) and
 * the page's own controls. The chosen org lives in the address (?org=); a secretary lands on their own branch.
 */
import { App, Button, Card, Empty, Flex, Result, Spin } from 'antd';
import { useCallback, type ReactNode } from 'react';
import { useI18n } from '../../i18n.ts';
import { navigate, useLocation } from '../../router.ts';
import { isBranch, OrgPicker } from '../members/OrgPicker.tsx';
import { useHomeOrg } from '../members/use-home-org.ts';
import type { Org } from '../orgs/orgs-api.ts';

interface Props {
  title: string;
  testId: string;
  branchesOnly?: boolean;
  /** Controls beside the org picker (month, year, buttons). */
  controls?(orgId: string): ReactNode;
  children(orgId: string, home: Org): ReactNode;
}

/** The current address with some query values replaced (undefined removes one). */
export function withQuery(pathname: string, query: URLSearchParams, changes: Record<string, string | undefined>): string {
  const params = new URLSearchParams(query);
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined || value === '') params.delete(name);
    else params.set(name, value);
  }
  const text = params.toString();
  return text ? `${pathname}?${text}` : pathname;
}

export function DuesFrame({ title, testId, branchesOnly = false, controls, children }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { pathname, query } = useLocation();
  const { home, error, retry } = useHomeOrg();
  const onPickerError = useCallback((text: string) => message.error(text), [message]);

  if (error) return <Result status="error" title={error} extra={<Button onClick={retry}>{t('common.retry')}</Button>} />;
  if (!home) return <Spin className="page-spin" />;
  const picked = query.get('org');
  // A branch page opened from a higher org waits for a branch to be picked.
  const orgId = picked ?? (!branchesOnly || isBranch(home) ? home.id : undefined);

  return (
    <Card title={title} className="dues-card" data-testid={testId}>
      <Flex vertical gap={12}>
        <Flex wrap gap={8} align="center">
          <OrgPicker
            home={home}
            value={orgId}
            branchesOnly={branchesOnly}
            onChange={(org) => navigate(withQuery(pathname, query, { org: org.id }), { replace: true })}
            className="dues-org-picker"
            testId={`${testId}-org`}
            onError={onPickerError}
          />
          {orgId && controls?.(orgId)}
        </Flex>
        {orgId ? children(orgId, home) : <Empty description={t('dues.pickBranch')} />}
      </Flex>
    </Card>
  );
}
