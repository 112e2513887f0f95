/**
 * 党章第九条: the members of the chosen org's subtree absent, without leave, from all organizational life for six
 * consecutive months, as of a date. The list only flags; the secretary records what was decided.
 */
import { Alert, Button, DatePicker, Flex, Form, Input, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { formatIsoDate, fromIsoDate, today } from '../../dates.ts';
import { FormDialog } from '../../FormDialog.tsx';
import { useI18n } from '../../i18n.ts';
import { navigate, useLocation } from '../../router.ts';
import { useCan } from '../../session.ts';
import { useLoad } from '../../use-load.ts';
import { ScopedPage } from '../members/ScopedPage.tsx';
import { ABSENCE_DECISIONS, reviewsApi, type AbsenceDecision, type AbsenceMember } from './reviews-api.ts';

function DecisionDialog({ member, asOf, onClose, onDone }: { member: AbsenceMember; asOf: string; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  return (
    <FormDialog<{ decision: AbsenceDecision; note?: string }>
      title={t('absence.decideTitle', { name: member.name })}
      testId="absence-decision-form"
      initialValues={{ decision: member.decision?.decision ?? 'talked_to' }}
      onClose={onClose}
      onSubmit={async (values) => {
        await reviewsApi.decide({ memberId: member.memberId, asOf, decision: values.decision, note: values.note?.trim() ? values.note : null });
        onDone();
      }}
    >
      <Form.Item name="decision" label={t('absence.decision')} rules={[{ required: true }]}>
        <Select options={ABSENCE_DECISIONS.map((d) => ({ value: d, label: t(`absenceDecision.${d}`) }))} data-testid="absence-decision" />
      </Form.Item>
      <Form.Item name="note" label={t('absence.note')}>
        <Input.TextArea rows={3} maxLength={1000} data-testid="absence-note" />
      </Form.Item>
    </FormDialog>
  );
}

function AbsenceList({ orgId, asOf }: { orgId: string; asOf: string | undefined }) {
  const { t } = useI18n();
  const can = useCan();
  const [deciding, setDeciding] = useState<AbsenceMember | null>(null);
  const { data, error, reload } = useLoad(() => reviewsApi.absence(orgId, asOf), [orgId, asOf]);

  return (
    <Flex vertical gap={12}>
      {data && (
        <Alert
          type="info"
          showIcon
          title={t('absence.explain', { months: data.threshold })}
          description={<Typography.Text type="secondary">{t('rule.cite', { cite: data.rule.cite })}</Typography.Text>}
        />
      )}
      {error && <Alert type="error" title={error} showIcon />}
      <Table<AbsenceMember>
        size="small"
        rowKey="memberId"
        loading={!data && !error}
        dataSource={data?.members ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('absence.empty') }}
        data-testid="absence-table"
        columns={[
          { key: 'name', title: t('absence.col.name'), dataIndex: 'name' },
          { key: 'branch', title: t('absence.col.branch'), dataIndex: 'orgName' },
          { key: 'idNumber', title: t('absence.col.idNumber'), dataIndex: 'idNumber' },
          { key: 'phone', title: t('absence.col.phone'), render: (_, m) => m.phone ?? '—' },
          {
            key: 'months',
            title: t('absence.col.months'),
            render: (_, m) => (
              <Flex gap={4} align="center">
                <strong>{m.months}</strong>
                <Tag color={m.ongoing ? 'red' : 'default'}>{t(m.ongoing ? 'absence.ongoing' : 'absence.ended')}</Tag>
              </Flex>
            ),
          },
          { key: 'range', title: t('absence.col.range'), render: (_, m) => `${m.firstMonth} ~ ${m.lastMonth}` },
          {
            key: 'decision',
            title: t('absence.col.decision'),
            render: (_, m) =>
              m.decision ? (
                <Flex vertical align="start">
                  <Tag color="green">{t(`absenceDecision.${m.decision.decision}`)}</Tag>
                  {m.decision.note && (
                    <Typography.Text type="secondary" ellipsis={{ tooltip: m.decision.note }} className="review-self-text">
                      {m.decision.note}
                    </Typography.Text>
                  )}
                </Flex>
              ) : (
                <Tag color="orange">{t('absence.undecided')}</Tag>
              ),
          },
          ...(can('meeting.write')
            ? [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  render: (_: unknown, m: AbsenceMember) => (
                    <Button size="small" onClick={() => setDeciding(m)} data-testid={`absence-decide-${m.memberId}`}>
                      {t('absence.decide')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {deciding && data && (
        <DecisionDialog
          member={deciding}
          asOf={data.asOf}
          onClose={() => setDeciding(null)}
          onDone={() => {
            setDeciding(null);
            reload();
          }}
        />
      )}
    </Flex>
  );
}

export function AbsencePage() {
  const { t } = useI18n();
  const { pathname, query } = useLocation();
  const asOf = query.get('asOf') ?? undefined;
  const setAsOf = (value: string | null) => {
    const params = new URLSearchParams(query);
    if (value) params.set('asOf', value);
    else params.delete('asOf');
    navigate(`${pathname}?${params.toString()}`, { replace: true });
  };
  return (
    <ScopedPage
      title={t('absence.title')}
      testId="absence"
      extra={() => (
        <Flex gap={8} align="center">
          <span>{t('absence.asOf')}</span>
          <DatePicker
            value={fromIsoDate(asOf) ?? today()}
            maxDate={today()}
            allowClear={false}
            onChange={(value) => setAsOf(value ? formatIsoDate(value) : null)}
            data-testid="absence-as-of"
          />
        </Flex>
      )}
    >
      {(orgId) => <AbsenceList orgId={orgId} asOf={asOf} />}
    </ScopedPage>
  );
}
