/**
 * 账号管理: accounts in the user's subtree, searchable and paged. What a row offers follows the permissions:
 * create, disable/enable and reset password (account.manage), roles (role.grant), end sessions (session.manage).
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Input, Popconfirm, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ADMIN_ROLES } from '../../../../src/modules/accounts/roles.ts';
import { errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { useCan, useMe } from '../../session.ts';
import { withTestId } from '../../test-ids.ts';
import { accountsApi, type Account, type AccountPage, type CreatedAccount } from './accounts-api.ts';
import { CreateAccountDialog } from './CreateAccountDialog.tsx';
import { OneTimePasswordDialog } from './OneTimePasswordDialog.tsx';
import { RevealValue } from './RevealValue.tsx';
import { RolesDialog } from './RolesDialog.tsx';

const PAGE_SIZE = 20;

function AccountState({ account }: { account: Account }) {
  const { t } = useI18n();
  const tags = [
    account.disabled && <Tag key="disabled">{t('accounts.state.disabled')}</Tag>,
    account.locked && (
      <Tag key="locked" color="red">
        {t('accounts.state.locked')}
      </Tag>
    ),
    account.mustChangePassword && (
      <Tag key="password" color="orange">
        {t('accounts.state.mustChangePassword')}
      </Tag>
    ),
    account.mfaEnrolled && (
      <Tag key="mfa" color="green">
        {t('accounts.state.mfa')}
      </Tag>
    ),
  ].filter(Boolean);
  return <span data-testid={`account-state-${account.username}`}>{tags.length ? tags : t('accounts.state.active')}</span>;
}

export function AccountsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const me = useMe();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<AccountPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revision, setRevision] = useState(0);
  const [creating, setCreating] = useState(false);
  const [editingRoles, setEditingRoles] = useState<Account | null>(null);
  const [otp, setOtp] = useState<{ created: CreatedAccount; reason: 'created' | 'reset' } | null>(null);

  useEffect(() => {
    let current = true;
    accountsApi
      .list(q, page, PAGE_SIZE)
      .then((answer) => {
        if (!current) return;
        setData(answer);
        setError(null);
      })
      .catch((caught: unknown) => current && setError(errorMessage(caught)));
    return () => {
      current = false;
    };
  }, [q, page, revision]);

  const reload = useCallback(() => setRevision((r) => r + 1), []);

  /** Runs a row action; a refusal (stale version, …) shows as a message and the list reloads either way. */
  const act = async (action: () => Promise<string | null>) => {
    try {
      const done = await action();
      if (done) message.success(done);
    } catch (caught) {
      message.error(errorMessage(caught));
    } finally {
      reload();
    }
  };

  const actions = (a: Account) => {
    const self = a.id === me.account.id;
    const confirmProps = { okText: t('common.confirm'), cancelText: t('common.cancel'), okButtonProps: withTestId({}, 'confirm-ok') };
    return (
      <Flex wrap gap={4}>
        {can('role.grant') && (
          <Button type="link" size="small" disabled={self} onClick={() => setEditingRoles(a)} data-testid={`account-roles-${a.username}`}>
            {t('accounts.action.roles')}
          </Button>
        )}
        {can('account.manage') &&
          (a.disabled ? (
            <Button
              type="link"
              size="small"
              onClick={() =>
                void act(async () => {
                  await accountsApi.enable(a);
                  return t('accounts.enabled', { name: a.displayName });
                })
              }
              data-testid={`account-enable-${a.username}`}
            >
              {t('accounts.action.enable')}
            </Button>
          ) : (
            <Popconfirm
              {...confirmProps}
              title={t('accounts.confirm.disable', { name: a.displayName })}
              onConfirm={() =>
                act(async () => {
                  await accountsApi.disable(a);
                  return t('accounts.disabled', { name: a.displayName });
                })
              }
            >
              <Button type="link" size="small" danger disabled={self} data-testid={`account-disable-${a.username}`}>
                {t('accounts.action.disable')}
              </Button>
            </Popconfirm>
          ))}
        {can('account.manage') && (
          <Popconfirm
            {...confirmProps}
            title={t('accounts.confirm.reset', { name: a.displayName })}
            onConfirm={() =>
              act(async () => {
                setOtp({ created: await accountsApi.resetPassword(a), reason: 'reset' });
                return null;
              })
            }
          >
            <Button type="link" size="small" disabled={self} data-testid={`account-reset-${a.username}`}>
              {t('accounts.action.reset')}
            </Button>
          </Popconfirm>
        )}
        {can('session.manage') && (
          <Popconfirm
            {...confirmProps}
            title={t('accounts.confirm.endSessions', { name: a.displayName })}
            onConfirm={() =>
              act(async () => t('accounts.sessionsEnded', { count: (await accountsApi.endSessions(a)).ended }))
            }
          >
            <Button type="link" size="small" disabled={self} data-testid={`account-end-sessions-${a.username}`}>
              {t('accounts.action.endSessions')}
            </Button>
          </Popconfirm>
        )}
      </Flex>
    );
  };

  return (
    <Card title={t('menu.accounts')} data-testid="accounts-page">
      <Flex vertical gap={12}>
        <Flex wrap gap={8} justify="space-between">
          <Input.Search
            allowClear
            className="accounts-search"
            value={text}
            placeholder={t('accounts.search')}
            onChange={(event) => setText(event.target.value)}
            onSearch={(value) => {
              setQ(value.trim());
              setPage(1);
              // Searching again lists afresh even when the words did not change.
              reload();
            }}
            data-testid="accounts-search"
          />
          {can('account.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="account-create">
              {t('accounts.create.title')}
            </Button>
          )}
        </Flex>
        {error && <Alert type="error" title={error} showIcon />}
        <Table<Account>
          size="small"
          rowKey="id"
          loading={data === null && !error}
          dataSource={data?.items ?? []}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('accounts.empty') }}
          onRow={(a) => withTestId({}, `account-row-${a.username}`)}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('accounts.total', { total }),
            onChange: setPage,
          }}
          columns={[
            { key: 'username', title: t('accounts.username'), dataIndex: 'username' },
            { key: 'name', title: t('accounts.displayName'), dataIndex: 'displayName' },
            { key: 'org', title: t('accounts.homeOrg'), render: (_, a) => a.homeOrg.name },
            {
              key: 'roles',
              title: t('accounts.roles'),
              render: (_, a) => (
                <span data-testid={`account-roles-tags-${a.username}`}>
                  {a.roles.length
                    ? a.roles.map((r) => (
                        <Tag key={r} color={ADMIN_ROLES.includes(r) ? 'volcano' : 'blue'}>
                          {t(`role.${r}`)}
                        </Tag>
                      ))
                    : '—'}
                </span>
              ),
            },
            { key: 'state', title: t('accounts.state'), render: (_, a) => <AccountState account={a} /> },
            {
              key: 'phone',
              title: t('accounts.phone'),
              render: (_, a) => (
                <RevealValue field="phone" masked={a.phone} load={async () => (await accountsApi.reveal(a.id, 'phone')).value} />
              ),
            },
            {
              key: 'idNumber',
              title: t('accounts.idNumber'),
              render: (_, a) => (
                <RevealValue field="idNumber" masked={a.idNumber} load={async () => (await accountsApi.reveal(a.id, 'idNumber')).value} />
              ),
            },
            { key: 'actions', title: t('common.actions'), render: (_, a) => actions(a) },
          ]}
        />
      </Flex>
      {creating && (
        <CreateAccountDialog
          onClose={() => setCreating(false)}
          onDone={(created) => {
            setCreating(false);
            setOtp({ created, reason: 'created' });
            reload();
          }}
        />
      )}
      {editingRoles && (
        <RolesDialog
          account={editingRoles}
          onClose={() => setEditingRoles(null)}
          onDone={(updated) => {
            setEditingRoles(null);
            message.success(t('roles.saved', { name: updated.displayName }));
            reload();
          }}
        />
      )}
      {otp && <OneTimePasswordDialog created={otp.created} reason={otp.reason} onClose={() => setOtp(null)} />}
    </Card>
  );
}
