/** The frame of the record lists (flowing members, community reporting, pools): a card with the org picker. */
import { App, Button, Card, Flex, Result, Spin } from 'antd';
import { useCallback, type ReactNode } from 'react';
import { useI18n } from '../../i18n.ts';
import { navigate, useLocation } from '../../router.ts';
import type { Org } from '../orgs/orgs-api.ts';
import { OrgPicker } from './OrgPicker.tsx';
import { useHomeOrg } from './use-home-org.ts';

interface Props {
  title: string;
  testId: string;
  /** Buttons beside the org picker. */
  extra?(orgId: string): ReactNode;
  children(orgId: string, home: Org): ReactNode;
}

/** The chosen org lives in the address (?org=), next to whatever else the page keeps there. */
function withOrg(pathname: string, query: URLSearchParams, orgId: string): string {
  const params = new URLSearchParams(query);
  params.set('org', orgId);
  return `${pathname}?${params.toString()}`;
}

export function ScopedPage({ title, testId, extra, children }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { pathname, query } = useLocation();
  const { home, error, retry } = useHomeOrg();
  const orgId = query.get('org') ?? home?.id;
  const onPickerError = useCallback((text: string) => message.error(text), [message]);

  if (error) return <Result status="error" title={error} extra={<Button onClick={retry}>{t('common.retry')}</Button>} />;
  if (!home || !orgId) return <Spin className="page-spin" />;

  return (
    <Card title={title} className="members-card" data-testid={testId}>
      <Flex vertical gap={12}>
        <Flex wrap gap={8} justify="space-between">
          <OrgPicker
            home={home}
            value={orgId}
            onChange={(org) => navigate(withOrg(pathname, query, org.id), { replace: true })}
            className="roster-org-picker"
            testId={`${testId}-org`}
            onError={onPickerError}
          />
          {extra?.(orgId)}
        </Flex>
        {children(orgId, home)}
      </Flex>
    </Card>
  );
}
