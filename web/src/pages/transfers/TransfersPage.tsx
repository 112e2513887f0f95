/**
 * 组织关系转接: letters sent from the chosen org's subtree (转出), addressed into it (转入), and those overdue
 * (逾期: past validity, or a receipt not back). /transfers/<id>/print shows one letter ready to print.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Result, Select, Spin, Tabs, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useI18n } from '../../i18n.ts';
import { navigate, useLocation } from '../../router.ts';
import { useCan } from '../../session.ts';
import { useLoad } from '../../use-load.ts';
import { OrgPicker } from '../members/OrgPicker.tsx';
import { useHomeOrg } from '../members/use-home-org.ts';
import { IssueTransferDialog } from './IssueTransferDialog.tsx';
import { TRANSFER_STATES, transferStateKey } from './letter-types.ts';
import { LetterPrintPage } from './LetterPrintPage.tsx';
import { printedId, TRANSFERS_PATH, type TransfersTab } from './paths.ts';
import { TransfersTable } from './TransfersTable.tsx';
import { transfersApi, type Direction, type TransferState } from './transfers-api.ts';

const PAGE_SIZE = 20;

function pageHref(tab: TransfersTab, orgId: string | null): string {
  const params = new URLSearchParams();
  if (tab !== 'outgoing') params.set('tab', tab);
  if (orgId) params.set('org', orgId);
  const query = params.toString();
  return query ? `${TRANSFERS_PATH}?${query}` : TRANSFERS_PATH;
}

function LetterList({ orgId, direction, revision, onChanged }: { orgId: string; direction: Direction; revision: number; onChanged(): void }) {
  const { t } = useI18n();
  const [state, setState] = useState<TransferState | undefined>();
  const [page, setPage] = useState(1);
  const { data, error } = useLoad(
    () => transfersApi.list({ orgId, direction, state, page, pageSize: PAGE_SIZE }),
    [orgId, direction, state, page, revision],
  );

  return (
    <Flex vertical gap={12} data-testid={`transfers-${direction}`}>
      <Select<TransferState>
        allowClear
        className="transfers-state-filter"
        placeholder={t('transfers.anyState')}
        value={state}
        onChange={(value) => {
          setState(value);
          setPage(1);
        }}
        options={TRANSFER_STATES.map((s) => ({ value: s, label: t(transferStateKey(s)) }))}
        data-testid={`transfers-state-${direction}`}
      />
      {error && <Alert type="error" showIcon title={error} />}
      <TransfersTable
        items={data?.items ?? []}
        loading={data === null && !error}
        emptyText={t(direction === 'outgoing' ? 'transfers.emptyOutgoing' : 'transfers.emptyIncoming')}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, onChange: setPage }}
        onChanged={onChanged}
      />
    </Flex>
  );
}

function OverdueList({ orgId, revision, onChanged }: { orgId: string; revision: number; onChanged(): void }) {
  const { t } = useI18n();
  const { data, error } = useLoad(() => transfersApi.overdue(orgId), [orgId, revision]);

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!data) return <Spin />;
  return (
    <Flex vertical gap={16} data-testid="transfers-overdue">
      <Typography.Text type="secondary">{t('transfers.overdueIntro', { asOf: data.asOf })}</Typography.Text>
      {data.truncated && <Alert type="warning" showIcon title={t('transfers.overdueTruncated')} />}
      <div>
        <Typography.Title level={5}>{t('transfers.expiredTitle')}</Typography.Title>
        <Typography.Paragraph type="secondary" className="rule-cite">
          {t('rule.cite', { cite: data.cite.expired })}
        </Typography.Paragraph>
        <TransfersTable items={data.expired} loading={false} overdue emptyText={t('transfers.noneExpired')} onChanged={onChanged} />
      </div>
      <div>
        <Typography.Title level={5}>{t('transfers.receiptsTitle')}</Typography.Title>
        <Typography.Paragraph type="secondary" className="rule-cite">
          {t('rule.cite', { cite: data.cite.receipt })}
        </Typography.Paragraph>
        <TransfersTable items={data.receiptsOverdue} loading={false} overdue emptyText={t('transfers.noneReceipts')} onChanged={onChanged} />
      </div>
    </Flex>
  );
}

export function TransfersPage() {
  const { pathname } = useLocation();
  const id = printedId(pathname);
  return id ? <LetterPrintPage key={id} id={id} /> : <TransfersLists />;
}

function TransfersLists() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const { query } = useLocation();
  const { home, error: homeError, retry } = useHomeOrg();
  const tabParam = query.get('tab');
  const tab: TransfersTab = tabParam === 'incoming' || tabParam === 'overdue' ? tabParam : 'outgoing';
  const orgId = query.get('org') ?? home?.id;
  const [revision, setRevision] = useState(0);
  const [issuing, setIssuing] = useState(false);
  const reload = useCallback(() => setRevision((r) => r + 1), []);
  const onPickerError = useCallback((text: string) => message.error(text), [message]);

  if (homeError) {
    return <Result status="error" title={homeError} extra={<Button onClick={retry}>{t('common.retry')}</Button>} />;
  }
  if (!home || !orgId) return <Spin className="page-spin" />;

  const list = (direction: Direction) => <LetterList key={`${direction}-${orgId}`} orgId={orgId} direction={direction} revision={revision} onChanged={reload} />;

  return (
    <Card title={t('menu.transfers')} className="members-card" data-testid="transfers-page">
      <Flex vertical gap={12}>
        <Flex wrap gap={8} justify="space-between">
          <OrgPicker
            home={home}
            value={orgId}
            onChange={(org) => navigate(pageHref(tab, org.id), { replace: true })}
            className="roster-org-picker"
            testId="transfers-org"
            onError={onPickerError}
          />
          {can('member.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setIssuing(true)} data-testid="transfer-issue">
              {t('transfers.issue')}
            </Button>
          )}
        </Flex>
        <Tabs
          activeKey={tab}
          onChange={(key) => navigate(pageHref(key === 'incoming' || key === 'overdue' ? key : 'outgoing', query.get('org')), { replace: true })}
          items={[
            { key: 'outgoing', label: <span data-testid="tab-outgoing">{t('transfers.tab.outgoing')}</span>, children: list('outgoing') },
            { key: 'incoming', label: <span data-testid="tab-incoming">{t('transfers.tab.incoming')}</span>, children: list('incoming') },
            {
              key: 'overdue',
              label: <span data-testid="tab-overdue">{t('transfers.tab.overdue')}</span>,
              children: <OverdueList orgId={orgId} revision={revision} onChanged={reload} />,
            },
          ]}
        />
      </Flex>
      {issuing && (
        <IssueTransferDialog
          member={null}
          scopeOrgId={orgId}
          onClose={() => setIssuing(false)}
          onDone={(transfer) => {
            setIssuing(false);
            message.success(t('issue.doneShort', { number: transfer.letterNumber }));
            navigate(pageHref('outgoing', query.get('org')), { replace: true });
            reload();
          }}
        />
      )}
    </Card>
  );
}
