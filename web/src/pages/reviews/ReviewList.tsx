/** The member reviews of the chosen org and its subtree, latest year first, and the handling records beside them. */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Table, Tabs } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n.ts';
import { followLink, navigate } from '../../router.ts';
import { useCan } from '../../session.ts';
import { useLoad } from '../../use-load.ts';
import { ScopedPage } from '../members/ScopedPage.tsx';
import { HandlingsTable } from './HandlingsTable.tsx';
import { CreateReviewDialog } from './ReviewDialogs.tsx';
import { ReviewStatusTag } from './labels.tsx';
import { reviewHref } from './paths.ts';
import { reviewsApi, type ReviewSummary } from './reviews-api.ts';

const PAGE_SIZE = 20;

function Reviews({ orgId }: { orgId: string }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const { data, error } = useLoad(() => reviewsApi.list(orgId, page, PAGE_SIZE), [orgId, page]);

  return (
    <>
      {error && <Alert type="error" title={error} showIcon />}
      <Table<ReviewSummary>
        size="small"
        rowKey="id"
        loading={!data && !error}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('reviews.empty') }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        data-testid="reviews-table"
        columns={[
          {
            key: 'org',
            title: t('reviews.col.org'),
            render: (_, row) => (
              <a href={reviewHref(row.id)} onClick={(event) => followLink(event, reviewHref(row.id))} data-testid={`review-link-${row.id}`}>
                {row.orgName}
              </a>
            ),
          },
          { key: 'year', title: t('reviews.col.year'), dataIndex: 'year' },
          { key: 'dates', title: t('reviews.col.dates'), render: (_, row) => `${row.startsOn} ~ ${row.endsOn}` },
          { key: 'reviewed', title: t('reviews.col.reviewed'), dataIndex: 'reviewed' },
          {
            key: 'excellent',
            title: t('reviews.col.excellent'),
            render: (_, row) => `${row.status === 'closed' ? row.finalExcellent : row.proposedExcellent} / ${row.excellentCap}`,
          },
          { key: 'unqualified', title: t('reviews.col.unqualified'), dataIndex: 'unqualified' },
          { key: 'status', title: t('reviews.col.status'), render: (_, row) => <ReviewStatusTag status={row.status} /> },
        ]}
      />
    </>
  );
}

export function ReviewList() {
  const { t } = useI18n();
  const can = useCan();
  const [creatingFor, setCreatingFor] = useState<string | null>(null);

  return (
    <ScopedPage
      title={t('reviews.title')}
      testId="reviews"
      extra={(orgId) =>
        can('meeting.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreatingFor(orgId)} data-testid="review-new">
            {t('reviews.new')}
          </Button>
        )
      }
    >
      {(orgId) => (
        <>
          <Tabs
            items={[
              { key: 'reviews', label: t('reviews.tab.reviews'), children: <Reviews orgId={orgId} /> },
              { key: 'handlings', label: t('reviews.tab.handlings'), children: <HandlingsTable orgId={orgId} /> },
            ]}
          />
          {creatingFor && (
            <CreateReviewDialog
              orgId={creatingFor}
              onClose={() => setCreatingFor(null)}
              onDone={(review) => {
                setCreatingFor(null);
                navigate(reviewHref(review.id));
              }}
            />
          )}
        </>
      )}
    </ScopedPage>
  );
}
