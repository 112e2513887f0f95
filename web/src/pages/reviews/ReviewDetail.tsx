/** One review: its dates and meeting record, the 优秀 cap, the members with their assessments and grades, the handling. */
import { ArrowLeftOutlined, LinkOutlined, LockOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Progress, Result, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n.ts';
import { navigate } from '../../router.ts';
import { useCan } from '../../session.ts';
import { useLoad } from '../../use-load.ts';
import { HandlingsTable } from './HandlingsTable.tsx';
import { CloseReviewDialog, EntryDialog, LinkMeetingDialog } from './ReviewDialogs.tsx';
import { GradeTag, ReviewStatusTag } from './labels.tsx';
import { REVIEWS_PATH } from './paths.ts';
import { reviewsApi, type Review, type ReviewEntry, type ReviewGrade } from './reviews-api.ts';

function Assessment({ score, grade }: { score: number | null; grade: ReviewGrade | null }) {
  if (score === null && grade === null) return <span className="review-empty">—</span>;
  return (
    <Flex gap={4} align="center">
      {score !== null && <span>{score}</span>}
      {grade && <GradeTag grade={grade} />}
    </Flex>
  );
}

function CapBanner({ review }: { review: Review }) {
  const { t } = useI18n();
  const used = review.status === 'closed' ? review.finalExcellent : Math.max(review.proposedExcellent, review.finalExcellent);
  const percent = review.excellentCap === 0 ? (used > 0 ? 100 : 0) : Math.round((used / review.excellentCap) * 100);
  return (
    <Alert
      type={used >= review.excellentCap ? 'warning' : 'info'}
      showIcon
      data-testid="review-cap"
      title={t('reviews.detail.cap', { reviewed: review.reviewed, cap: review.excellentCap, proposed: review.proposedExcellent, final: review.finalExcellent })}
      description={
        <Flex vertical gap={4}>
          <Progress percent={percent} showInfo={false} size="small" status={used >= review.excellentCap ? 'exception' : 'normal'} />
          <Typography.Text type="secondary">{t('rule.cite', { cite: review.excellentCapCite })}</Typography.Text>
        </Flex>
      }
    />
  );
}

export function ReviewDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const can = useCan();
  const { data: review, error, reload, setData: setReview } = useLoad(() => reviewsApi.get(id), [id], { keep: true });
  const [editing, setEditing] = useState<ReviewEntry | null>(null);
  const [dialog, setDialog] = useState<'close' | 'link' | null>(null);

  if (error && !review) return <Result status="error" title={error} extra={<Button onClick={reload}>{t('common.retry')}</Button>} />;
  if (!review) return <Spin className="page-spin" />;
  const writable = can('meeting.write') && review.status === 'open';

  return (
    <Card
      data-testid="review-detail"
      title={t('reviews.detail.title', { org: review.orgName, year: review.year })}
      extra={
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`${REVIEWS_PATH}?org=${encodeURIComponent(review.orgId)}`)} data-testid="review-back">
          {t('reviews.back')}
        </Button>
      }
    >
      <Flex vertical gap={16}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('reviews.detail.dates')}>{`${review.startsOn} ~ ${review.endsOn}`}</Descriptions.Item>
          <Descriptions.Item label={t('reviews.col.status')}>
            <ReviewStatusTag status={review.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('reviews.detail.meeting')}>
            {review.meetingId ? <Tag color="green">{t('reviews.detail.meetingLinked')}</Tag> : <Tag>{t('reviews.form.noMeeting')}</Tag>}
            {can('meeting.write') && (
              <Button size="small" type="link" icon={<LinkOutlined />} onClick={() => setDialog('link')} data-testid="review-link-meeting">
                {t('reviews.detail.linkMeeting')}
              </Button>
            )}
          </Descriptions.Item>
        </Descriptions>
        {!review.meetingId && <Alert type="warning" showIcon title={t('reviews.detail.noMeeting')} />}
        {review.status === 'closed' && review.closedOn && <Alert type="success" showIcon icon={<LockOutlined />} title={t('reviews.detail.closedOn', { date: review.closedOn })} />}
        <CapBanner review={review} />
        <Flex justify="space-between" align="center">
          <Typography.Title level={5}>{t('reviews.detail.members')}</Typography.Title>
          {writable && (
            <Button danger icon={<LockOutlined />} onClick={() => setDialog('close')} data-testid="review-close">
              {t('reviews.detail.close')}
            </Button>
          )}
        </Flex>
        <Table<ReviewEntry>
          size="small"
          rowKey="memberId"
          dataSource={review.entries}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="review-entries"
          columns={[
            { key: 'name', title: t('reviews.entry.name'), dataIndex: 'name' },
            { key: 'status', title: t('reviews.entry.status'), render: (_, e) => t(`memberStatus.${e.memberStatus}`) },
            {
              key: 'self',
              title: t('reviews.entry.self'),
              render: (_, e) => (e.selfAssessment ? <Typography.Text ellipsis={{ tooltip: e.selfAssessment }} className="review-self-text">{e.selfAssessment}</Typography.Text> : <span className="review-empty">—</span>),
            },
            { key: 'peer', title: t('reviews.entry.peer'), render: (_, e) => <Assessment score={e.peerScore} grade={e.peerGrade} /> },
            { key: 'democratic', title: t('reviews.entry.democratic'), render: (_, e) => <Assessment score={e.democraticScore} grade={e.democraticGrade} /> },
            { key: 'proposed', title: t('reviews.entry.proposed'), render: (_, e) => <GradeTag grade={e.proposedGrade} /> },
            { key: 'final', title: t('reviews.entry.final'), render: (_, e) => <GradeTag grade={e.finalGrade} /> },
            ...(writable
              ? [
                  {
                    key: 'actions',
                    title: t('common.actions'),
                    render: (_: unknown, e: ReviewEntry) => (
                      <Button size="small" onClick={() => setEditing(e)} data-testid={`review-entry-edit-${e.memberId}`}>
                        {t('reviews.entry.edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
        {review.handlings.length > 0 && (
          <>
            <Typography.Title level={5}>{t('reviews.detail.handlings')}</Typography.Title>
            <HandlingsTable handlings={review.handlings} onChanged={reload} />
            <Typography.Text type="secondary">{t('rule.cite', { cite: review.handlingCite })}</Typography.Text>
          </>
        )}
      </Flex>
      {editing && (
        <EntryDialog
          reviewId={review.id}
          entry={editing}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
      {dialog === 'close' && (
        <CloseReviewDialog
          review={review}
          onClose={() => setDialog(null)}
          onDone={(next) => {
            setDialog(null);
            setReview(next);
          }}
        />
      )}
      {dialog === 'link' && (
        <LinkMeetingDialog
          review={review}
          onClose={() => setDialog(null)}
          onDone={(next) => {
            setDialog(null);
            setReview(next);
          }}
        />
      )}
    </Card>
  );
}
