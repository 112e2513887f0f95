/** A member's change history as a timeline, newest first: what happened, who did it and when, before → after. */
import { Alert, Empty, Spin, Timeline, Typography } from 'antd';
import { formatDateTime } from '../../dates.ts';
import { useI18n } from '../../i18n.ts';
import { useMe } from '../../session.ts';
import { actionLabel, changeLines } from './history-format.ts';
import type { MemberHistory as History } from './members-api.ts';

const COLORS: Record<string, string> = { create: 'green', import: 'green', update: 'blue', verified: 'green' };

/** Ids are time-ordered (their heads repeat), so the tail tells accounts apart. */
const shortId = (id: string) => (id.length > 8 ? `…${id.slice(-6)}` : id);

export function MemberHistory({ history, error }: { history: History | null; error: string | null }) {
  const { t } = useI18n();
  const me = useMe();
  if (error) return <Alert type="error" showIcon title={error} />;
  if (!history) return <Spin />;
  if (history.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('history.empty')} />;

  const who = (accountId: string | null) =>
    accountId === null ? t('history.system') : accountId === me.account.id ? t('history.you', { name: me.account.displayName }) : t('history.account', { id: shortId(accountId) });

  return (
    <div className="member-history" data-testid="member-history">
    <Timeline
      items={history.map((h) => ({
        key: h.id,
        color: COLORS[h.action.split('.')[1] ?? ''] ?? (h.action.startsWith('transfer.') ? 'red' : 'gray'),
        content: (
          <div className="history-item" data-testid={`history-${h.action}`}>
            <div className="history-head">
              <Typography.Text strong>{actionLabel(h.action)}</Typography.Text>
              <Typography.Text type="secondary" className="history-meta">
                {formatDateTime(h.at)} · {who(h.accountId)}
              </Typography.Text>
            </div>
            <ul className="history-changes">
              {changeLines(h.changes).map((line) => (
                <li key={line.key}>
                  <span className="history-field">{line.label}：</span>
                  {line.before !== undefined ? (
                    <>
                      <span className="history-before">{line.before}</span>
                      <span className="history-arrow"> → </span>
                      <span className="history-after">{line.value}</span>
                    </>
                  ) : (
                    <span>{line.value}</span>
                  )}
                </li>
              ))}
            </ul>
          </div>
        ),
      }))}
    />
    </div>
  );
}
