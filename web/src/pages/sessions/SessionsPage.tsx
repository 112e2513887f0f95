/** 在线会话: live sessions in the user's subtree, each with 结束. */
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Popconfirm, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../api.ts';
import { formatDateTime } from '../../dates.ts';
import { useI18n } from '../../i18n.ts';
import { withTestId } from '../../test-ids.ts';
import { accountsApi, type LiveSession } from '../accounts/accounts-api.ts';

export function SessionsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [sessions, setSessions] = useState<LiveSession[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setSessions(await accountsApi.sessions());
      setError(null);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const end = async (s: LiveSession) => {
    try {
      await accountsApi.endSession(s.id);
      message.success(t('sessions.ended', { username: s.username }));
    } catch (caught) {
      message.error(errorMessage(caught));
    }
    await load();
  };

  return (
    <Card
      title={t('menu.sessions')}
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => void load()} data-testid="sessions-reload">
          {t('common.refresh')}
        </Button>
      }
      data-testid="sessions-page"
    >
      {error && <Alert type="error" title={error} showIcon />}
      <Table<LiveSession>
        size="small"
        rowKey="id"
        loading={sessions === null && !error}
        dataSource={sessions ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('sessions.empty') }}
        onRow={(s) => withTestId({}, `session-row-${s.username}`)}
        columns={[
          { key: 'username', title: t('accounts.username'), dataIndex: 'username' },
          { key: 'address', title: t('sessions.address'), render: (_, s) => s.sourceAddress ?? '—' },
          {
            key: 'agent',
            title: t('sessions.userAgent'),
            render: (_, s) => (
              <Typography.Text className="session-agent" ellipsis={{ tooltip: s.userAgent }}>
                {s.userAgent ?? '—'}
              </Typography.Text>
            ),
          },
          { key: 'created', title: t('sessions.createdAt'), render: (_, s) => formatDateTime(s.createdAt) },
          { key: 'seen', title: t('sessions.lastSeenAt'), render: (_, s) => formatDateTime(s.lastSeenAt) },
          { key: 'expires', title: t('sessions.expiresAt'), render: (_, s) => formatDateTime(s.expiresAt) },
          {
            key: 'state',
            title: t('sessions.state'),
            render: (_, s) =>
              s.pendingStep ? (
                <Tag color="orange">{t('sessions.pending')}</Tag>
              ) : (
                <Tag color="green">{t('sessions.complete')}</Tag>
              ),
          },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_, s) => (
              <Popconfirm
                title={t('sessions.confirmEnd', { username: s.username })}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
                okButtonProps={withTestId({}, 'confirm-ok')}
                onConfirm={() => end(s)}
              >
                <Button type="link" size="small" danger data-testid={`session-end-${s.username}`}>
                  {t('sessions.end')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Card>
  );
}
