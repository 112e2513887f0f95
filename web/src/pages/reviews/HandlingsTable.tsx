/** The organizational handling of members graded 不合格: measure, deadline (red when overdue), outcome. */
import { Alert, Button, Checkbox, Flex, Table } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n.ts';
import { followLink } from '../../router.ts';
import { useCan } from '../../session.ts';
import { useLoad } from '../../use-load.ts';
import { OutcomeDialog } from './ReviewDialogs.tsx';
import { HandlingStatusTag } from './labels.tsx';
import { reviewHref } from './paths.ts';
import { reviewsApi, type Handling } from './reviews-api.ts';

interface Props {
  /** The records to show; when absent, the org's are loaded (with a switch for the closed ones). */
  handlings?: Handling[];
  orgId?: string;
  onChanged?(): void;
}

export function HandlingsTable({ handlings, orgId, onChanged }: Props) {
  const { t } = useI18n();
  const can = useCan();
  const [showClosed, setShowClosed] = useState(false);
  const [recording, setRecording] = useState<Handling | null>(null);
  const {
    data: loaded,
    error,
    reload,
  } = useLoad(() => (orgId ? reviewsApi.handlings(orgId, showClosed ? undefined : 'open') : null), [orgId, showClosed]);

  const rows = handlings ?? loaded ?? [];
  return (
    <Flex vertical gap={8}>
      {orgId && (
        <Checkbox checked={showClosed} onChange={(e) => setShowClosed(e.target.checked)} data-testid="handlings-show-closed">
          {t('reviews.handlings.showClosed')}
        </Checkbox>
      )}
      {error && <Alert type="error" title={error} showIcon />}
      <Table<Handling>
        size="small"
        rowKey="id"
        loading={!handlings && !loaded && !error}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('reviews.handlings.empty') }}
        data-testid="review-handlings"
        columns={[
          { key: 'name', title: t('reviews.handlings.member'), dataIndex: 'name' },
          {
            key: 'review',
            title: t('reviews.handlings.review'),
            render: (_, h) => (
              <a href={reviewHref(h.reviewId)} onClick={(event) => followLink(event, reviewHref(h.reviewId))}>
                {`${h.orgName} ${h.year}`}
              </a>
            ),
          },
          { key: 'measure', title: t('reviews.handlings.measure'), render: (_, h) => t(`handlingMeasure.${h.measure}`) },
          { key: 'deadline', title: t('reviews.handlings.deadline'), render: (_, h) => <span className={h.overdue ? 'review-overdue' : undefined}>{h.deadline}</span> },
          { key: 'status', title: t('reviews.handlings.status'), render: (_, h) => <HandlingStatusTag handling={h} /> },
          { key: 'outcome', title: t('reviews.handlings.outcome'), render: (_, h) => (h.outcome ? `${h.outcomeOn ?? ''} ${h.outcome}` : '—') },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_, h) =>
              h.status === 'open' && can('meeting.write') ? (
                <Button size="small" onClick={() => setRecording(h)} data-testid={`handling-record-${h.id}`}>
                  {t('reviews.handlings.record')}
                </Button>
              ) : null,
          },
        ]}
      />
      {recording && (
        <OutcomeDialog
          handling={recording}
          onClose={() => setRecording(null)}
          onDone={() => {
            setRecording(null);
            reload();
            onChanged?.();
          }}
        />
      )}
    </Flex>
  );
}
