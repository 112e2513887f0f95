/** Tags of grades and states, in the UI language. */
import { Tag } from 'antd';
import { useI18n } from '../../i18n.ts';
import type { Handling, ReviewGrade } from './reviews-api.ts';

const GRADE_COLORS: Record<ReviewGrade, string> = { excellent: 'gold', qualified: 'green', basically_qualified: 'orange', unqualified: 'red' };

export function GradeTag({ grade }: { grade: ReviewGrade | null }) {
  const { t } = useI18n();
  if (!grade) return <span className="review-empty">—</span>;
  return <Tag color={GRADE_COLORS[grade]}>{t(`reviewGrade.${grade}`)}</Tag>;
}

export function ReviewStatusTag({ status }: { status: 'open' | 'closed' }) {
  const { t } = useI18n();
  return <Tag color={status === 'open' ? 'processing' : 'default'}>{t(`reviewStatus.${status}`)}</Tag>;
}

export function HandlingStatusTag({ handling }: { handling: Pick<Handling, 'status' | 'overdue'> }) {
  const { t } = useI18n();
  if (handling.overdue) return <Tag color="red">{t('handlingStatus.overdue')}</Tag>;
  return <Tag color={handling.status === 'open' ? 'processing' : 'green'}>{t(`handlingStatus.${handling.status}`)}</Tag>;
}
