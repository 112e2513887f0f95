/** The forms of an election: record it, set the candidates, enter the count, confirm after the superior's approval. */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Flex, Form, Input, InputNumber, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { formatIsoDate, today } from '../../dates.ts';
import { FormDialog } from '../../FormDialog.tsx';
import { useI18n } from '../../i18n.ts';
import { useLoad } from '../../use-load.ts';
import { membersApi } from '../members/members-api.ts';
import { useDebounced } from '../members/use-home-org.ts';
import { isBranch } from '../members/OrgPicker.tsx';
import type { Org } from '../orgs/orgs-api.ts';
import { electionsApi, type Election } from './elections-api.ts';

const required = (t: ReturnType<typeof useI18n>['t'], field: string) => [{ required: true, message: t('validation.required', { field }) }];

export function CreateElectionDialog({ org, onClose, onDone }: { org: Org; onClose(): void; onDone(election: Election): void }) {
  const { t } = useI18n();
  const branch = isBranch(org);
  const { data: meetings, error } = useLoad(() => (branch ? electionsApi.generalMeetings(org.id) : null), [org.id, branch]);

  return (
    <FormDialog<{ meetingId?: string; heldOn?: Dayjs; seats: number }>
      title={`${t('elections.form.title')} · ${org.name}`}
      testId="election-form"
      initialValues={{ seats: 3 }}
      onClose={onClose}
      onSubmit={async (values) =>
        onDone(
          await electionsApi.create({
            orgId: org.id,
            seats: values.seats,
            ...(branch ? { meetingId: values.meetingId } : { heldOn: values.heldOn ? formatIsoDate(values.heldOn) : undefined }),
          }),
        )
      }
    >
      {error && <Alert type="error" title={error} showIcon />}
      {branch ? (
        <Form.Item name="meetingId" label={t('elections.form.meeting')} extra={t('elections.form.meetingHelp')} rules={required(t, t('elections.form.meeting'))}>
          <Select
            loading={meetings === null && !error}
            notFoundContent={t('elections.form.noMeetings')}
            options={(meetings ?? []).map((m) => ({ value: m.id, label: `${m.heldOn}${m.topic ? ` · ${m.topic}` : ''}` }))}
            data-testid="election-form-meeting"
          />
        </Form.Item>
      ) : (
        <Form.Item name="heldOn" label={t('elections.form.heldOn')} extra={t('elections.form.heldOnHelp')} rules={required(t, t('elections.form.heldOn'))}>
          <DatePicker className="full-width" maxDate={today()} data-testid="election-form-held-on" />
        </Form.Item>
      )}
      <Form.Item name="seats" label={t('elections.form.seats')} extra={t('elections.form.seatsHelp')} rules={required(t, t('elections.form.seats'))}>
        <InputNumber min={1} max={31} precision={0} className="full-width" data-testid="election-form-seats" />
      </Form.Item>
    </FormDialog>
  );
}

/** Full members of the org (or of its subtree) to pick as candidates, searched by name. */
function useFullMembers(orgId: string, text: string) {
  const q = useDebounced(text.trim(), 250);
  const { data } = useLoad(() => membersApi.list({ orgId, status: 'full', q: q || undefined, pageSize: 200 }), [orgId, q], { keep: true });
  return data?.items ?? [];
}

export function CandidatesDialog({ election, onClose, onDone }: { election: Election; onClose(): void; onDone(next: Election): void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const found = useFullMembers(election.orgId, text);
  const chosen = election.candidates.map((c) => ({ value: c.memberId, label: c.name }));
  const options = [...chosen, ...found.map((m) => ({ value: m.id, label: m.name }))].filter((o, i, all) => all.findIndex((x) => x.value === o.value) === i);

  return (
    <FormDialog<{ memberIds: string[] }>
      title={t('elections.candidates.edit')}
      testId="candidates-form"
      initialValues={{ memberIds: election.candidates.map((c) => c.memberId) }}
      onClose={onClose}
      onSubmit={async (values) => onDone(await electionsApi.setCandidates(election.id, election.version, values.memberIds))}
    >
      {(form) => (
        <>
          <Typography.Paragraph type="secondary">{t('elections.candidates.help')}</Typography.Paragraph>
          <Form.Item name="memberIds" label={t('elections.candidates.title')} rules={required(t, t('elections.candidates.title'))}>
            <Select
              mode="multiple"
              placeholder={t('elections.candidates.placeholder')}
              showSearch={{ filterOption: false, onSearch: setText }}
              options={options}
              data-testid="candidates-select"
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {() => {
              const count = (form.getFieldValue('memberIds') as string[] | undefined)?.length ?? 0;
              return (
                <Typography.Text type={count >= election.margin.minCandidates ? 'success' : 'warning'}>
                  {t('elections.margin.text', {
                    seats: election.seats,
                    candidates: count,
                    actual: Math.floor(((count - election.seats) * 100) / election.seats),
                    percent: election.margin.percent,
                    min: election.margin.minCandidates,
                  })}
                </Typography.Text>
              );
            }}
          </Form.Item>
        </>
      )}
    </FormDialog>
  );
}

interface BallotValues {
  votes: Record<string, number>;
  exclusions?: { memberId: string; reason: string }[];
  shouldAttend?: number;
  present?: number;
}

export function BallotsDialog({ election, onClose, onDone }: { election: Election; onClose(): void; onDone(next: Election): void }) {
  const { t } = useI18n();
  const fromMeeting = election.meetingId !== null;
  const [text, setText] = useState('');
  const members = useFullMembers(election.orgId, text);

  return (
    <FormDialog<BallotValues>
      title={t('elections.ballots.enter')}
      testId="ballots-form"
      initialValues={{
        votes: Object.fromEntries(election.candidates.map((c) => [c.memberId, c.votes ?? 0])),
        exclusions: election.count?.exclusions ?? [],
        ...(fromMeeting ? {} : { shouldAttend: election.count?.shouldAttend, present: election.count?.present }),
      }}
      onClose={onClose}
      onSubmit={async (values) =>
        onDone(
          await electionsApi.count(election.id, {
            version: election.version,
            votes: election.candidates.map((c) => ({ memberId: c.memberId, votes: values.votes[c.memberId] ?? 0 })),
            ...(fromMeeting
              ? { exclusions: (values.exclusions ?? []).filter((e) => e.memberId) }
              : { shouldAttend: values.shouldAttend, present: values.present }),
          }),
        )
      }
    >
      {fromMeeting ? (
        <Typography.Paragraph type="secondary">{t('elections.ballots.fromMeeting')}</Typography.Paragraph>
      ) : (
        <Flex gap={12}>
          <Form.Item name="shouldAttend" label={t('elections.ballots.shouldAttend')} rules={required(t, t('elections.ballots.shouldAttend'))}>
            <InputNumber min={1} precision={0} data-testid="ballots-should-attend" />
          </Form.Item>
          <Form.Item name="present" label={t('elections.ballots.present')} rules={required(t, t('elections.ballots.present'))}>
            <InputNumber min={0} precision={0} data-testid="ballots-present" />
          </Form.Item>
        </Flex>
      )}
      {election.candidates.map((c) => (
        <Form.Item key={c.memberId} name={['votes', c.memberId]} label={c.name} rules={required(t, c.name)}>
          <InputNumber min={0} precision={0} suffix={t('elections.candidates.votes')} data-testid={`ballots-votes-${c.memberId}`} />
        </Form.Item>
      ))}
      {fromMeeting && (
        <Form.List name="exclusions">
          {(fields, { add, remove }) => (
            <Flex vertical gap={4}>
              <Typography.Text>{t('elections.ballots.exclusions')}</Typography.Text>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="baseline">
                  <Form.Item name={[field.name, 'memberId']} rules={required(t, t('elections.ballots.exclusionMember'))} className="election-exclusion-member">
                    <Select
                      placeholder={t('elections.ballots.exclusionMember')}
                      showSearch={{ filterOption: false, onSearch: setText }}
                      options={members.map((m) => ({ value: m.id, label: m.name }))}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'reason']} rules={required(t, t('elections.ballots.exclusionReason'))}>
                    <Input placeholder={t('elections.ballots.exclusionReason')} maxLength={200} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ memberId: undefined, reason: '' })}>
                {t('elections.ballots.addExclusion')}
              </Button>
            </Flex>
          )}
        </Form.List>
      )}
    </FormDialog>
  );
}

export function ConfirmDialog({ election, onClose, onDone }: { election: Election; onClose(): void; onDone(next: Election): void }) {
  const { t } = useI18n();
  const elected = election.candidates.filter((c) => c.result === 'elected').map((c) => ({ value: c.memberId, label: c.name }));
  return (
    <FormDialog<{ approvedOn: Dayjs; approvedByOrgId: string; secretaryMemberId: string; deputyMemberIds?: string[] }>
      title={t('elections.confirm.title')}
      testId="confirm-form"
      okText={t('elections.confirm.button')}
      initialValues={{ approvedOn: today(), approvedByOrgId: election.approvers[0]?.id, secretaryMemberId: elected[0]?.value, deputyMemberIds: [] }}
      onClose={onClose}
      onSubmit={async (values) =>
        onDone(
          await electionsApi.confirm(election.id, {
            version: election.version,
            approvedOn: formatIsoDate(values.approvedOn),
            approvedByOrgId: values.approvedByOrgId,
            secretaryMemberId: values.secretaryMemberId,
            deputyMemberIds: values.deputyMemberIds ?? [],
          }),
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('elections.confirm.help')}</Typography.Paragraph>
      <Form.Item name="approvedByOrgId" label={t('elections.confirm.approver')} rules={required(t, t('elections.confirm.approver'))}>
        <Select options={election.approvers.map((a) => ({ value: a.id, label: a.name }))} data-testid="confirm-approver" />
      </Form.Item>
      <Form.Item name="approvedOn" label={t('elections.confirm.approvedOn')} rules={required(t, t('elections.confirm.approvedOn'))}>
        <DatePicker className="full-width" maxDate={today()} data-testid="confirm-approved-on" />
      </Form.Item>
      <Form.Item name="secretaryMemberId" label={t('elections.confirm.secretary')} rules={required(t, t('elections.confirm.secretary'))}>
        <Select options={elected} data-testid="confirm-secretary" />
      </Form.Item>
      <Form.Item name="deputyMemberIds" label={t('elections.confirm.deputies')}>
        <Select mode="multiple" options={elected} data-testid="confirm-deputies" />
      </Form.Item>
    </FormDialog>
  );
}
