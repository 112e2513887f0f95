/**
 * The votes taken at a meeting, each evaluated by the server on the recorded attendance: quorate or not, passed
 * or not (or who was elected), with the rule it cites; 记录表决 for a new one.
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Form, Input, InputNumber, List, Select, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { FormDialog } from '../../FormDialog.tsx';
import { useI18n } from '../../i18n.ts';
import { useLoad } from '../../use-load.ts';
import { VOTE_KINDS, voteKindKey } from './meeting-labels.ts';
import { meetingsApi, type Meeting, type Vote, type VoteInput, type VoteKind } from './meetings-api.ts';

interface Values {
  kind: VoteKind;
  subject: string;
  yes?: number;
  no?: number;
  abstain?: number;
  writtenYes?: number;
  candidates?: { name?: string; votes?: number }[];
}

const num = (value: unknown) => (typeof value === 'number' ? value : null);
const bool = (value: unknown) => (typeof value === 'boolean' ? value : null);

/** The kinds a meeting's types allow: a committee vote at a 支委会, the others at a 支部党员大会. */
function kindsFor(meeting: Meeting): VoteKind[] {
  return VOTE_KINDS.filter((k) => (k === 'committee' ? meeting.types.includes('committee_meeting') : meeting.types.includes('general_meeting')));
}

function Outcome({ vote }: { vote: Vote }) {
  const { t } = useI18n();
  const quorate = bool(vote.outcome.quorate);
  const passed = bool(vote.outcome.passed);
  const elected = vote.outcome.elected as Record<string, boolean> | undefined;
  return (
    <Flex wrap gap={4}>
      <Tag color={quorate ? 'green' : 'red'} data-testid="vote-quorate">
        {quorate ? t('vote.quorate') : t('vote.notQuorate')}
      </Tag>
      {passed !== null && (
        <Tag color={passed ? 'green' : 'red'} data-testid="vote-passed">
          {passed ? t('vote.passed') : t('vote.notPassed')}
        </Tag>
      )}
      {elected &&
        Object.entries(elected).map(([name, won]) => (
          <Tag key={name} color={won ? 'green' : 'default'}>
            {won ? t('vote.elected', { name }) : t('vote.notElected', { name })}
          </Tag>
        ))}
    </Flex>
  );
}

function Counts({ vote }: { vote: Vote }) {
  const { t } = useI18n();
  const c = vote.counts;
  const parts = [t('vote.attendance', { present: num(c.present) ?? 0, shouldAttend: num(c.shouldAttend) ?? 0 })];
  if (vote.kind === 'election') {
    const votes = (c.candidateVotes ?? {}) as Record<string, number>;
    parts.push(Object.entries(votes).map(([name, n]) => `${name} ${n}`).join('，'));
  } else {
    parts.push(t('vote.tally', { yes: num(c.yes) ?? 0, no: num(c.no) ?? 0, abstain: num(c.abstain) ?? 0 }));
    if (num(c.writtenYes)) parts.push(t('vote.writtenTally', { count: num(c.writtenYes) ?? 0 }));
  }
  return <Typography.Text type="secondary">{parts.join('；')}</Typography.Text>;
}

function VoteDialog({ meeting, onClose, onSaved }: { meeting: Meeting; onClose(): void; onSaved(vote: Vote): void }) {
  const { t } = useI18n();
  const kinds = kindsFor(meeting);
  const submit = async (v: Values) => {
    const subject = v.subject.trim();
    let input: VoteInput;
    if (v.kind === 'election') {
      const candidateVotes = Object.fromEntries((v.candidates ?? []).filter((c) => c.name?.trim()).map((c) => [c.name?.trim() ?? '', c.votes ?? 0]));
      input = { kind: 'election', subject, candidateVotes };
    } else if (v.kind === 'recruitment') {
      input = { kind: 'recruitment', subject, yes: v.yes ?? 0, no: v.no ?? 0, abstain: v.abstain ?? 0, writtenYes: v.writtenYes ?? 0 };
    } else {
      input = { kind: v.kind, subject, yes: v.yes ?? 0, no: v.no ?? 0, abstain: v.abstain ?? 0 };
    }
    onSaved(await meetingsApi.vote(meeting.id, input));
  };
  return (
    <FormDialog<Values>
      title={t('vote.create')}
      initialValues={{ kind: kinds[0] ?? 'general', yes: 0, no: 0, abstain: 0, writtenYes: 0, candidates: [{ name: '', votes: 0 }] }}
      onSubmit={submit}
      onClose={onClose}
      testId="vote-form"
    >
      {(form) => (
        <>
          <Form.Item name="kind" label={t('vote.kind')} rules={[{ required: true }]}>
            <Select options={kinds.map((k) => ({ value: k, label: t(voteKindKey(k)) }))} data-testid="vote-form-kind" />
          </Form.Item>
          <Form.Item name="subject" label={t('vote.subject')} rules={[{ required: true, whitespace: true, message: t('vote.subjectRequired') }]}>
            <Input maxLength={200} data-testid="vote-form-subject" />
          </Form.Item>
          <Form.Item noStyle dependencies={['kind']}>
            {() =>
              form.getFieldValue('kind') === 'election' ? (
                <Form.List name="candidates">
                  {(fields, { add, remove }) => (
                    <Flex vertical gap={4}>
                      <Typography.Text>{t('vote.candidates')}</Typography.Text>
                      {fields.map((field, index) => (
                        <Flex key={field.key} gap={8} align="baseline">
                          <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: t('vote.candidateRequired') }]} className="vote-candidate">
                            <Input placeholder={t('vote.candidate')} maxLength={50} data-testid={`vote-candidate-${index}`} />
                          </Form.Item>
                          <Form.Item name={[field.name, 'votes']} rules={[{ required: true }]}>
                            <InputNumber min={0} precision={0} placeholder={t('vote.votes')} data-testid={`vote-candidate-votes-${index}`} />
                          </Form.Item>
                          {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(field.name)} aria-label={t('vote.removeCandidate')} />}
                        </Flex>
                      ))}
                      <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', votes: 0 })} data-testid="vote-add-candidate">
                        {t('vote.addCandidate')}
                      </Button>
                    </Flex>
                  )}
                </Form.List>
              ) : (
                <Flex wrap gap={12}>
                  <Form.Item name="yes" label={t('vote.yes')} rules={[{ required: true }]}>
                    <InputNumber min={0} precision={0} data-testid="vote-form-yes" />
                  </Form.Item>
                  <Form.Item name="no" label={t('vote.no')}>
                    <InputNumber min={0} precision={0} data-testid="vote-form-no" />
                  </Form.Item>
                  <Form.Item name="abstain" label={t('vote.abstain')}>
                    <InputNumber min={0} precision={0} data-testid="vote-form-abstain" />
                  </Form.Item>
                  {form.getFieldValue('kind') === 'recruitment' && (
                    <Form.Item name="writtenYes" label={t('vote.writtenYes')} tooltip={t('vote.writtenYesHelp')}>
                      <InputNumber min={0} precision={0} data-testid="vote-form-written" />
                    </Form.Item>
                  )}
                </Flex>
              )
            }
          </Form.Item>
          <Typography.Paragraph type="secondary" className="dialog-hint">
            {t('vote.hint')}
          </Typography.Paragraph>
        </>
      )}
    </FormDialog>
  );
}

interface Props {
  meeting: Meeting;
  canWrite: boolean;
  /** Changes when the attendance is saved. */
  revision: number;
}

export function VotesPanel({ meeting, canWrite, revision }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { data: votes, error, reload } = useLoad(() => meetingsApi.votes(meeting.id), [meeting.id, revision], { keep: true });
  const [open, setOpen] = useState(false);
  const kinds = kindsFor(meeting);

  if (kinds.length === 0 && votes?.length === 0) return null;
  return (
    <Card
      size="small"
      title={t('vote.title')}
      data-testid="votes-panel"
      extra={
        canWrite &&
        kinds.length > 0 && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="vote-create">
            {t('vote.create')}
          </Button>
        )
      }
    >
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      {votes === null ? (
        !error && <Spin />
      ) : votes.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('vote.empty')} />
      ) : (
        <List
          dataSource={votes}
          renderItem={(vote, index) => (
            <List.Item key={vote.id} data-testid={`vote-${index}`}>
              <Flex vertical gap={4} className="vote-item">
                <Flex wrap gap={8} align="center">
                  <Typography.Text strong data-testid="vote-subject">
                    {vote.subject}
                  </Typography.Text>
                  <Tag>{t(voteKindKey(vote.kind as VoteKind))}</Tag>
                </Flex>
                <Counts vote={vote} />
                <Outcome vote={vote} />
                <Typography.Text type="secondary" className="rule-cite" data-testid="vote-cite">
                  {t('rule.cite', { cite: vote.rule.cite })}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
      {open && (
        <VoteDialog
          meeting={meeting}
          onClose={() => setOpen(false)}
          onSaved={(vote) => {
            setOpen(false);
            reload();
            const passed = bool(vote.outcome.passed);
            message.success(passed === null ? t('vote.recorded') : passed ? t('vote.recordedPassed') : t('vote.recordedNotPassed'));
          }}
        />
      )}
    </Card>
  );
}
