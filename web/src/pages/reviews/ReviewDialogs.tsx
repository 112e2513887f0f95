/** The forms of the member review: start a review, assess one member, close the review, record a handling's outcome. */
import { DatePicker, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { formatIsoDate, fromIsoDate, today } from '../../dates.ts';
import { FormDialog } from '../../FormDialog.tsx';
import { useI18n } from '../../i18n.ts';
import { useLoad } from '../../use-load.ts';
import { HANDLING_MEASURES, REVIEW_GRADES, reviewsApi, type Handling, type HandlingMeasure, type MeetingChoice, type Review, type ReviewEntry, type ReviewGrade } from './reviews-api.ts';

function useGradeOptions() {
  const { t } = useI18n();
  return REVIEW_GRADES.map((g) => ({ value: g, label: t(`reviewGrade.${g}`) }));
}

/** The branch's meetings counting as 民主评议党员 from the year's October to the next year's March. */
function useReviewMeetings(orgId: string, year: number): MeetingChoice[] {
  const { data } = useLoad(() => reviewsApi.reviewMeetings(orgId, `${year}-01-01`, `${year + 1}-06-30`), [orgId, year]);
  return data ?? [];
}

function MeetingSelect({ meetings, value, onChange }: { meetings: MeetingChoice[]; value?: string | null; onChange?: (value: string | null) => void }) {
  const { t } = useI18n();
  return (
    <Select<string>
      allowClear
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      placeholder={t('reviews.form.noMeeting')}
      options={meetings.map((m) => ({ value: m.id, label: m.topic ? `${m.heldOn} ${m.topic}` : m.heldOn }))}
      data-testid="review-meeting-select"
    />
  );
}

interface CreateValues {
  year: number;
  startsOn: Dayjs;
  endsOn: Dayjs;
  meetingId?: string | null;
}

export function CreateReviewDialog({ orgId, onClose, onDone }: { orgId: string; onClose(): void; onDone(review: Review): void }) {
  const { t } = useI18n();
  const lastYear = today().year() - 1;
  const [year, setYear] = useState(lastYear);
  const meetings = useReviewMeetings(orgId, year);
  const required = (field: string) => [{ required: true, message: t('validation.required', { field }) }];
  return (
    <FormDialog<CreateValues>
      title={t('reviews.form.title')}
      testId="review-form"
      initialValues={{ year: lastYear, startsOn: today(), endsOn: today().add(14, 'day') }}
      onClose={onClose}
      onSubmit={async (values) => {
        const review = await reviewsApi.create({
          orgId,
          year: values.year,
          startsOn: formatIsoDate(values.startsOn),
          endsOn: formatIsoDate(values.endsOn),
          meetingId: values.meetingId ?? null,
        });
        onDone(review);
      }}
    >
      <Form.Item name="year" label={t('reviews.form.year')} rules={required(t('reviews.form.year'))}>
        <InputNumber min={2000} max={lastYear + 1} precision={0} onChange={(v) => typeof v === 'number' && setYear(v)} data-testid="review-year" />
      </Form.Item>
      <Space wrap>
        <Form.Item name="startsOn" label={t('reviews.form.startsOn')} rules={required(t('reviews.form.startsOn'))}>
          <DatePicker maxDate={today()} data-testid="review-starts-on" />
        </Form.Item>
        <Form.Item name="endsOn" label={t('reviews.form.endsOn')} rules={required(t('reviews.form.endsOn'))}>
          <DatePicker data-testid="review-ends-on" />
        </Form.Item>
      </Space>
      <Typography.Paragraph type="secondary">{t('reviews.form.startsOnHelp')}</Typography.Paragraph>
      <Form.Item name="meetingId" label={t('reviews.form.meeting')} extra={t('reviews.form.meetingHelp')}>
        <MeetingSelect meetings={meetings} />
      </Form.Item>
    </FormDialog>
  );
}

export function LinkMeetingDialog({ review, onClose, onDone }: { review: Review; onClose(): void; onDone(review: Review): void }) {
  const { t } = useI18n();
  const meetings = useReviewMeetings(review.orgId, review.year);
  return (
    <FormDialog<{ meetingId?: string | null }>
      title={t('reviews.detail.linkMeeting')}
      testId="review-link-form"
      initialValues={{ meetingId: review.meetingId }}
      onClose={onClose}
      onSubmit={async (values) => onDone(await reviewsApi.update(review.id, { version: review.version, meetingId: values.meetingId ?? null }))}
    >
      <Form.Item name="meetingId" label={t('reviews.form.meeting')} extra={t('reviews.form.meetingHelp')}>
        <MeetingSelect meetings={meetings} />
      </Form.Item>
    </FormDialog>
  );
}

interface EntryValues {
  selfAssessment?: string | null;
  peerScore?: number | null;
  peerGrade?: ReviewGrade | null;
  democraticScore?: number | null;
  democraticGrade?: ReviewGrade | null;
  proposedGrade?: ReviewGrade | null;
  finalGrade?: ReviewGrade | null;
}

export function EntryDialog({ reviewId, entry, onClose, onDone }: { reviewId: string; entry: ReviewEntry; onClose(): void; onDone(entry: ReviewEntry): void }) {
  const { t } = useI18n();
  const grades = useGradeOptions();
  const gradeSelect = (testId: string) => <Select allowClear options={grades} placeholder={t('reviews.entry.grade')} data-testid={testId} className="review-grade-select" />;
  const nullable = <T,>(v: T | undefined) => (v === undefined ? null : v);
  return (
    <FormDialog<EntryValues>
      title={t('reviews.entry.editTitle', { name: entry.name })}
      testId="review-entry-form"
      initialValues={entry}
      onClose={onClose}
      onSubmit={async (values) =>
        onDone(
          await reviewsApi.updateEntry(reviewId, entry.memberId, {
            version: entry.version,
            selfAssessment: values.selfAssessment?.trim() ? values.selfAssessment : null,
            peerScore: nullable(values.peerScore),
            peerGrade: nullable(values.peerGrade),
            democraticScore: nullable(values.democraticScore),
            democraticGrade: nullable(values.democraticGrade),
            proposedGrade: nullable(values.proposedGrade),
            finalGrade: nullable(values.finalGrade),
          }),
        )
      }
    >
      <Form.Item name="selfAssessment" label={t('reviews.entry.self')}>
        <Input.TextArea rows={3} maxLength={5000} data-testid="review-self" />
      </Form.Item>
      <Typography.Text type="secondary">{t('reviews.entry.scoreOrGrade')}</Typography.Text>
      <Space wrap className="review-assessments">
        <Form.Item name="peerScore" label={`${t('reviews.entry.peer')} · ${t('reviews.entry.score')}`}>
          <InputNumber min={0} max={100} precision={0} data-testid="review-peer-score" />
        </Form.Item>
        <Form.Item name="peerGrade" label={`${t('reviews.entry.peer')} · ${t('reviews.entry.grade')}`}>
          {gradeSelect('review-peer-grade')}
        </Form.Item>
        <Form.Item name="democraticScore" label={`${t('reviews.entry.democratic')} · ${t('reviews.entry.score')}`}>
          <InputNumber min={0} max={100} precision={0} data-testid="review-democratic-score" />
        </Form.Item>
        <Form.Item name="democraticGrade" label={`${t('reviews.entry.democratic')} · ${t('reviews.entry.grade')}`}>
          {gradeSelect('review-democratic-grade')}
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="proposedGrade" label={t('reviews.entry.proposed')}>
          {gradeSelect('review-proposed-grade')}
        </Form.Item>
        <Form.Item name="finalGrade" label={t('reviews.entry.final')}>
          {gradeSelect('review-final-grade')}
        </Form.Item>
      </Space>
    </FormDialog>
  );
}

type CloseValues = Record<string, { measure: HandlingMeasure; deadline: Dayjs }>;

export function CloseReviewDialog({ review, onClose, onDone }: { review: Review; onClose(): void; onDone(review: Review): void }) {
  const { t } = useI18n();
  const unqualified = review.entries.filter((e) => e.finalGrade === 'unqualified');
  const initial: CloseValues = Object.fromEntries(unqualified.map((e) => [e.memberId, { measure: 'rectify', deadline: today().add(3, 'month') }]));
  return (
    <FormDialog<{ handlings: CloseValues }>
      title={t('reviews.close.title')}
      okText={t('reviews.detail.close')}
      danger
      testId="review-close-form"
      initialValues={{ handlings: initial }}
      onClose={onClose}
      onSubmit={async (values) =>
        onDone(
          await reviewsApi.close(review.id, {
            version: review.version,
            handlings: unqualified.map((e) => {
              const h = values.handlings[e.memberId] as CloseValues[string];
              return { memberId: e.memberId, measure: h.measure, deadline: formatIsoDate(h.deadline) };
            }),
          }),
        )
      }
    >
      <Typography.Paragraph>{t('reviews.close.hint')}</Typography.Paragraph>
      {unqualified.length === 0 && <Typography.Paragraph type="secondary">{t('reviews.close.noUnqualified')}</Typography.Paragraph>}
      {unqualified.map((e) => (
        <Space key={e.memberId} wrap align="start">
          <Typography.Text strong className="review-close-name">
            {e.name}
          </Typography.Text>
          <Form.Item name={['handlings', e.memberId, 'measure']} label={t('reviews.close.measure')} rules={[{ required: true }]}>
            <Select className="review-grade-select" options={HANDLING_MEASURES.map((m) => ({ value: m, label: t(`handlingMeasure.${m}`) }))} data-testid={`review-close-measure-${e.memberId}`} />
          </Form.Item>
          <Form.Item name={['handlings', e.memberId, 'deadline']} label={t('reviews.close.deadline')} rules={[{ required: true }]}>
            <DatePicker minDate={today().add(1, 'day')} data-testid={`review-close-deadline-${e.memberId}`} />
          </Form.Item>
        </Space>
      ))}
      <Typography.Paragraph type="secondary">{t('rule.cite', { cite: review.handlingCite })}</Typography.Paragraph>
    </FormDialog>
  );
}

export function OutcomeDialog({ handling, onClose, onDone }: { handling: Handling; onClose(): void; onDone(handling: Handling): void }) {
  const { t } = useI18n();
  return (
    <FormDialog<{ outcome: string; outcomeOn: Dayjs }>
      title={t('reviews.handlings.recordTitle', { name: handling.name })}
      testId="review-outcome-form"
      initialValues={{ outcomeOn: today() }}
      onClose={onClose}
      onSubmit={async (values) => onDone(await reviewsApi.recordOutcome(handling.id, { version: handling.version, outcome: values.outcome, outcomeOn: formatIsoDate(values.outcomeOn) }))}
    >
      <Form.Item name="outcome" label={t('reviews.handlings.outcome')} rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('reviews.handlings.outcome') }) }]}>
        <Input.TextArea rows={3} maxLength={2000} data-testid="review-outcome" />
      </Form.Item>
      <Form.Item name="outcomeOn" label={t('reviews.handlings.outcomeOn')} rules={[{ required: true }]}>
        <DatePicker minDate={fromIsoDate(handling.createdAt.slice(0, 10)) ?? undefined} maxDate={today()} data-testid="review-outcome-on" />
      </Form.Item>
    </FormDialog>
  );
}
