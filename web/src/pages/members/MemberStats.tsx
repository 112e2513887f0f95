/** The counts of a subtree as one compact bar: total, full/probationary, men/women, age bands, verification rate. */
import { Flex, Skeleton } from 'antd';
import { useI18n } from '../../i18n.ts';
import { AGE_BANDS, ageBandKey } from './member-labels.ts';
import type { MemberCounts } from './members-api.ts';

function Stat({ label, value, testId }: { label: string; value: string | number; testId: string }) {
  return (
    <span className="member-stat">
      <span className="member-stat-label">{label}</span>
      <span className="member-stat-value" data-testid={testId}>
        {value}
      </span>
    </span>
  );
}

/** 0.8333 → 83.3% */
function formatRate(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

export function MemberStats({ counts }: { counts: MemberCounts | null }) {
  const { t } = useI18n();
  if (!counts) return <Skeleton.Input active size="small" block />;
  const n = (record: Record<string, number>, key: string) => record[key] ?? 0;
  return (
    <Flex wrap gap="4px 16px" className="member-stats" data-testid="member-stats">
      <Stat label={t('stats.total')} value={counts.total} testId="stat-total" />
      <Stat
        label={t('stats.fullProbationary')}
        value={`${n(counts.status, 'full')} / ${n(counts.status, 'probationary')}`}
        testId="stat-status"
      />
      <Stat
        label={t('stats.maleFemale')}
        value={`${n(counts.sex, 'male')} / ${n(counts.sex, 'female')}`}
        testId="stat-sex"
      />
      {AGE_BANDS.map((band) => (
        <Stat key={band} label={t(ageBandKey(band))} value={n(counts.ageBand, band)} testId={`stat-age-${band}`} />
      ))}
      <Stat label={t('stats.verificationRate')} value={formatRate(counts.verificationRate)} testId="stat-verified" />
    </Flex>
  );
}
