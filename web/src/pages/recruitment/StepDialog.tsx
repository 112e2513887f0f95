/**
 * 记录步骤: the step (the open ones of the case), its date, and the fields the step takes — the talk-giver, contact
 * persons and introducers picked from the members, the 支部党员大会 vote of that day from the meeting record, the
 * committee that decided or received it, training days and hours, the political review's conclusion, the 预审
 * result, the 志愿书 number, the conversion decision — and a note. A hard violation comes back as a 422 with the
 * rule, the article and the dates compared, shown under the form.
 */
import { Alert, DatePicker, Form, Input, InputNumber, Radio, Select, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { STEP_BY_CODE } from '../../../../src/policy/recruitment.ts';
import { errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { MemberSelect } from '../members/MemberSelect.tsx';
import { meetingsApi, type Vote } from '../meetings/meetings-api.ts';
import { stepKey } from './labels.ts';
import { recruitmentApi, type CaseDetail, type Committee, type Compliance, type DocumentInput, type StepCode, type StepInput, type StepResult } from './recruitment-api.ts';
import { RecruitmentDialog } from './RecruitmentDialog.tsx';

interface Values {
  step: StepCode;
  on: Dayjs;
  talkerId?: string;
  talkerName?: string;
  contact1?: string;
  contact2?: string;
  introducer1?: string;
  introducer2?: string;
  approvalTalker?: string;
  voteId?: string;
  committeeOrgId?: string;
  trainingDays?: number;
  trainingHours?: number;
  certificate?: string;
  conclusion?: 'qualified' | 'unqualified';
  passed?: boolean;
  formNumber?: string;
  outcome?: 'convert' | 'extend' | 'cancel';
  extensionMonths?: number;
  assessment?: string;
  note?: string;
}

interface Props {
  detail: CaseDetail;
  compliance: Compliance;
  committees: Committee[];
  /** Where members are searched (the user's home org). */
  memberOrgId: string;
  onClose(): void;
  onSaved(result: StepResult): void;
}

const text = (value: string | undefined) => (value?.trim() ? value.trim() : null);

/** The steps that may be recorded now: the open ones, and the six-monthly assessment while on probation. */
export function recordableSteps(detail: CaseDetail, compliance: Compliance): StepCode[] {
  const steps = compliance.nextSteps.map((n) => n.step);
  if (compliance.state === 'probationary' && !steps.includes('probation_assessment')) steps.push('probation_assessment');
  return steps;
}

/** The committee offered first: for approval the nearest that may approve; for the filing above, the one over the approver. */
function defaultCommittee(step: StepCode, detail: CaseDetail, committees: Committee[]): string | undefined {
  const kind = STEP_BY_CODE[step].committee;
  if (!kind) return undefined;
  if (kind === 'approving') return committees.find((c) => c.mayApprove)?.id;
  if (kind === 'filing_above_approver') {
    const approver = detail.steps.find((s) => s.step === 'admission_approval')?.committeeOrgId;
    const index = committees.findIndex((c) => c.id === approver);
    return index >= 0 ? committees[index + 1]?.id : undefined;
  }
  return committees[0]?.id;
}

function VoteField({ orgId, on }: { orgId: string; on: string | null }) {
  const { t } = useI18n();
  const [votes, setVotes] = useState<Vote[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!on) return;
    let current = true;
    setVotes(null);
    setError(null);
    meetingsApi
      .list({ orgId, from: on, to: on, pageSize: 50 })
      .then(async (page) => {
        const found = await Promise.all(
          page.items.filter((m) => m.orgId === orgId && m.types.includes('general_meeting')).map((m) => meetingsApi.votes(m.id)),
        );
        if (current) setVotes(found.flat().filter((v) => v.kind === 'recruitment'));
      })
      .catch((caught: unknown) => current && setError(errorMessage(caught)));
    return () => {
      current = false;
    };
  }, [orgId, on]);

  if (error) return <Alert type="error" showIcon title={error} />;
  return (
    <>
      <Form.Item name="voteId" label={t('recruitment.field.vote')} extra={t('recruitment.field.voteHelp')} rules={[{ required: true }]}>
        <Select
          loading={votes === null}
          options={(votes ?? []).map((v) => ({
            value: v.id,
            label: `${v.subject}（${v.outcome.passed === true ? t('vote.passed') : v.outcome.quorate === false ? t('vote.notQuorate') : t('vote.notPassed')}）`,
          }))}
          data-testid="step-form-vote"
        />
      </Form.Item>
      {votes !== null && votes.length === 0 && <Alert type="warning" showIcon title={t('recruitment.field.noVotes')} className="recruitment-gap" data-testid="step-form-no-votes" />}
    </>
  );
}

function Fields({ form, props }: { form: FormInstance<Values>; props: Props }) {
  const { t } = useI18n();
  const { detail, committees, memberOrgId } = props;
  const step = Form.useWatch('step', form);
  const on = Form.useWatch('on', form) as Dayjs | undefined;
  const outcome = Form.useWatch('outcome', form);
  if (!step) return null;
  const def = STEP_BY_CODE[step];
  const full = (m: { status: string }) => m.status === 'full';
  const member = (name: keyof Values, label: string, required: boolean, testId: string, onlyFull: boolean) => (
    <Form.Item name={name} label={label} rules={[{ required }]}>
      <MemberSelect orgId={memberOrgId} filter={onlyFull ? full : undefined} testId={testId} />
    </Form.Item>
  );
  return (
    <>
      {step === 'application_talk' && (
        <div className="recruitment-form-row">
          <Form.Item name="talkerId" label={t('recruitment.field.talker')} extra={t('recruitment.field.talkerHelp')}>
            <MemberSelect orgId={memberOrgId} testId="step-form-talker" />
          </Form.Item>
          <Form.Item
            name="talkerName"
            label={t('recruitment.field.typedName')}
            dependencies={['talkerId']}
            rules={[{ validator: (_rule, value: string | undefined) => (form.getFieldValue('talkerId') || value?.trim() ? Promise.resolve() : Promise.reject(new Error(t('error.recruitment.actor_unnamed')))) }]}
          >
            <Input maxLength={50} data-testid="step-form-talker-name" />
          </Form.Item>
        </div>
      )}
      {step === 'contacts_assigned' && (
        <>
          <div className="recruitment-form-label">{t('recruitment.field.contacts')}</div>
          <div className="recruitment-form-row">
            {member('contact1', `${t('recruitment.role.contact')} 1`, true, 'step-form-contact-1', true)}
            {member('contact2', `${t('recruitment.role.contact')} 2`, false, 'step-form-contact-2', true)}
          </div>
        </>
      )}
      {step === 'introducers_assigned' && (
        <>
          <div className="recruitment-form-label">{t('recruitment.field.introducers')}</div>
          <div className="recruitment-form-row">
            {member('introducer1', `${t('recruitment.role.introducer')} 1`, true, 'step-form-introducer-1', false)}
            {member('introducer2', `${t('recruitment.role.introducer')} 2`, true, 'step-form-introducer-2', false)}
          </div>
        </>
      )}
      {step === 'approval_talk' && (
        <Form.Item name="approvalTalker" label={t('recruitment.field.approvalTalker')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={50} data-testid="step-form-approval-talker" />
        </Form.Item>
      )}
      {def.vote && <VoteField orgId={detail.orgId} on={on ? on.format('YYYY-MM-DD') : null} />}
      {def.committee && (
        <Form.Item name="committeeOrgId" label={t('recruitment.field.committee')} rules={[{ required: true }]}>
          <Select
            options={committees.map((c) => ({ value: c.id, label: c.mayApprove ? t('recruitment.field.committeeApproves', { name: c.name }) : c.name }))}
            data-testid="step-form-committee"
          />
        </Form.Item>
      )}
      {step === 'training' && (
        <>
          <div className="recruitment-form-row">
            <Form.Item name="trainingDays" label={t('recruitment.field.trainingDays')} rules={[{ required: true }]}>
              <InputNumber min={0} max={365} precision={0} data-testid="step-form-training-days" />
            </Form.Item>
            <Form.Item name="trainingHours" label={t('recruitment.field.trainingHours')} rules={[{ required: true }]}>
              <InputNumber min={0} max={2000} precision={0} data-testid="step-form-training-hours" />
            </Form.Item>
            <Form.Item name="certificate" label={t('recruitment.field.certificate')}>
              <Input maxLength={50} data-testid="step-form-certificate" />
            </Form.Item>
          </div>
          <div className="recruitment-help">{t('recruitment.field.trainingHelp')}</div>
        </>
      )}
      {step === 'political_review' && (
        <Form.Item name="conclusion" label={t('recruitment.field.conclusion')} rules={[{ required: true }]}>
          <Radio.Group
            options={(['qualified', 'unqualified'] as const).map((c) => ({ value: c, label: t(`recruitment.conclusion.${c}`) }))}
            data-testid="step-form-conclusion"
          />
        </Form.Item>
      )}
      {step === 'preliminary_review' && (
        <Form.Item name="passed" label={t('recruitment.field.preliminary')} rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: true, label: t('recruitment.preliminary.passed') },
              { value: false, label: t('recruitment.preliminary.failed') },
            ]}
            data-testid="step-form-passed"
          />
        </Form.Item>
      )}
      {step === 'application_form' && (
        <Form.Item name="formNumber" label={t('recruitment.field.formNumber')}>
          <Input maxLength={50} data-testid="step-form-form-number" />
        </Form.Item>
      )}
      {step === 'conversion_meeting' && (
        <div className="recruitment-form-row">
          <Form.Item name="outcome" label={t('recruitment.field.outcome')} rules={[{ required: true }]}>
            <Radio.Group
              options={(['convert', 'extend', 'cancel'] as const).map((o) => ({ value: o, label: t(`recruitment.outcome.${o}`) }))}
              data-testid="step-form-outcome"
            />
          </Form.Item>
          {outcome === 'extend' && (
            <Form.Item name="extensionMonths" label={t('recruitment.field.extensionMonths')} rules={[{ required: true }]}>
              <InputNumber min={1} max={24} precision={0} data-testid="step-form-extension" />
            </Form.Item>
          )}
        </div>
      )}
      {(step === 'activist_assessment' || step === 'probation_assessment') && (
        <Form.Item name="assessment" label={t('recruitment.field.assessment')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} data-testid="step-form-assessment" />
        </Form.Item>
      )}
      <Form.Item name="note" label={t('recruitment.field.note')}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} data-testid="step-form-note" />
      </Form.Item>
    </>
  );
}

function documentsOf(values: Values, on: string): DocumentInput[] {
  const docs: DocumentInput[] = [];
  if (values.step === 'training' && text(values.certificate)) docs.push({ kind: 'training_certificate', title: '集中培训结业证书', number: text(values.certificate), datedOn: on });
  if (values.step === 'political_review') docs.push({ kind: 'political_review', title: '政治审查结论', datedOn: on });
  if (values.step === 'application_form') docs.push({ kind: 'application_form', title: '入党志愿书', number: text(values.formNumber), datedOn: on });
  if (values.step === 'conversion_application') docs.push({ kind: 'conversion_application', title: '转正申请书', datedOn: on });
  if ((values.step === 'activist_assessment' || values.step === 'probation_assessment') && text(values.assessment)) {
    docs.push({ kind: 'assessment', title: '考察意见', datedOn: on, note: text(values.assessment) });
  }
  return docs;
}

function actorsOf(values: Values): NonNullable<StepInput['actors']> {
  switch (values.step) {
    case 'application_talk':
      return [values.talkerId ? { role: 'talker', memberId: values.talkerId } : { role: 'talker', name: text(values.talkerName) }];
    case 'contacts_assigned':
      return [values.contact1, values.contact2].filter((id): id is string => !!id).map((memberId) => ({ role: 'contact', memberId }));
    case 'introducers_assigned':
      return [values.introducer1, values.introducer2].filter((id): id is string => !!id).map((memberId) => ({ role: 'introducer', memberId }));
    case 'approval_talk':
      return [{ role: 'approval_talker', name: text(values.approvalTalker) }];
    default:
      return [];
  }
}

export function StepDialog(props: Props) {
  const { t } = useI18n();
  const { detail, compliance, committees, onClose, onSaved } = props;
  const steps = recordableSteps(detail, compliance);
  const first = steps[0];

  const submit = async (values: Values) => {
    const on = values.on.format('YYYY-MM-DD');
    const def = STEP_BY_CODE[values.step];
    const actors = actorsOf(values);
    const documents = documentsOf(values, on);
    onSaved(
      await recruitmentApi.recordStep(detail.id, {
        step: values.step,
        on,
        version: detail.version,
        ...(def.vote ? { voteId: values.voteId ?? null } : {}),
        ...(def.committee ? { committeeOrgId: values.committeeOrgId ?? null } : {}),
        ...(actors.length ? { actors } : {}),
        ...(values.step === 'training' ? { training: { days: values.trainingDays ?? 0, hours: values.trainingHours ?? 0 } } : {}),
        ...(values.step === 'political_review' ? { conclusion: values.conclusion ?? null } : {}),
        ...(values.step === 'preliminary_review' ? { passed: values.passed ?? null } : {}),
        ...(values.step === 'conversion_meeting' ? { outcome: values.outcome ?? null, extensionMonths: values.outcome === 'extend' ? (values.extensionMonths ?? null) : null } : {}),
        ...(documents.length ? { documents } : {}),
        note: text(values.note),
      }),
    );
  };

  return (
    <RecruitmentDialog<Values>
      title={t('recruitment.recordStep')}
      width={640}
      initialValues={{ step: first, on: dayjs(), ...(first ? { committeeOrgId: defaultCommittee(first, detail, committees) } : {}) }}
      onSubmit={submit}
      onClose={onClose}
      testId="step-form"
    >
      {(form) => (
        <>
          <div className="recruitment-form-row">
            <Form.Item name="step" label={t('recruitment.field.step')} rules={[{ required: true }]} className="recruitment-form-wide">
              <Select
                options={steps.map((s) => ({ value: s, label: `${STEP_BY_CODE[s].number}. ${t(stepKey(s))}` }))}
                onChange={(value: StepCode) => form.setFieldValue('committeeOrgId', defaultCommittee(value, detail, committees))}
                data-testid="step-form-step"
              />
            </Form.Item>
            <Form.Item name="on" label={t('recruitment.field.on')} rules={[{ required: true }]}>
              <DatePicker disabledDate={(date) => date.isAfter(dayjs(), 'day')} allowClear={false} data-testid="step-form-date" />
            </Form.Item>
          </div>
          <Fields form={form} props={props} />
        </>
      )}
    </RecruitmentDialog>
  );
}
