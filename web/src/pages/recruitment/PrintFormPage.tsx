/**
 * The standard forms of a case as printed (A4; the screen's frame hidden by the print styles), filled from the case:
 * 谈话记录, 培养考察登记表, the 公示 notice and the 审批 notice. What the record does not hold (the place of a talk,
 * its content, the opinions, signatures) is left as a blank line to be filled by hand.
 */
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Segmented, Select, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { PUBLICITY_POINTS } from '../../../../src/policy/recruitment.ts';
import { errorMessage } from '../../api.ts';
import { useI18n, type MessageKey } from '../../i18n.ts';
import { followLink, navigate } from '../../router.ts';
import { sexKey } from '../members/member-labels.ts';
import { useOrgNames } from '../members/org-names.ts';
import { caseHref, PRINT_FORMS, printHref, type PrintForm } from './paths.ts';
import { recruitmentApi, type CaseDetail, type Committee, type Compliance, type StepCode } from './recruitment-api.ts';

/** 2026-03-05 → 2026年3月5日, as forms write dates. */
function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** Empty rows of a table, for what is written by hand. */
const BLANK_ROWS = 3;

interface FormProps {
  detail: CaseDetail;
  compliance: Compliance;
  committees: Committee[];
  branch: string;
  date(iso: string | null | undefined): string;
}

function Signature({ who, date }: { who: string; date: string }) {
  const { t } = useI18n();
  return (
    <div className="form-signature">
      <p>
        {who}
        {t('recruitment.form.signature')}
        <span className="form-line" />
      </p>
      <p>
        {t('recruitment.form.date')}
        {date}
      </p>
    </div>
  );
}

function PersonRows({ detail }: { detail: CaseDetail }) {
  const { t } = useI18n();
  return (
    <>
      <tr>
        <th>{t('recruitment.field.name')}</th>
        <td data-testid="form-name">{detail.name}</td>
        <th>{t('recruitment.field.sex')}</th>
        <td>{t(sexKey(detail.sex))}</td>
      </tr>
      <tr>
        <th>{t('recruitment.field.birthDate')}</th>
        <td>{detail.birthDate}</td>
        <th>{t('recruitment.field.ethnicity')}</th>
        <td>{detail.ethnicity ?? ''}</td>
      </tr>
      <tr>
        <th>{t('recruitment.field.education')}</th>
        <td>{detail.education ?? ''}</td>
        <th>{t('recruitment.field.workUnit')}</th>
        <td>{detail.workUnit ?? ''}</td>
      </tr>
    </>
  );
}

const stepOf = (detail: CaseDetail, code: StepCode) => detail.steps.filter((s) => s.step === code).at(-1) ?? null;

function TalkForm({ detail, date }: FormProps) {
  const { t } = useI18n();
  const talk = stepOf(detail, 'application_talk');
  const talker = talk?.actors.find((a) => a.role === 'talker')?.name ?? '';
  return (
    <>
      <h1 className="form-title">{t('recruitment.form.talk.title')}</h1>
      <table className="form-table">
        <tbody>
          <PersonRows detail={detail} />
          <tr>
            <th>{t('recruitment.form.talk.appliedOn')}</th>
            <td>{date(stepOf(detail, 'application')?.on)}</td>
            <th>{t('recruitment.form.talk.time')}</th>
            <td data-testid="form-talk-date">{date(talk?.on)}</td>
          </tr>
          <tr>
            <th>{t('recruitment.form.talk.talker')}</th>
            <td data-testid="form-talker">{talker}</td>
            <th>{t('recruitment.form.talk.place')}</th>
            <td />
          </tr>
          <tr>
            <th>{t('recruitment.form.talk.content')}</th>
            <td colSpan={3} className="form-writing">
              {talk?.details.note ?? ''}
            </td>
          </tr>
          <tr>
            <th>{t('recruitment.form.talk.opinion')}</th>
            <td colSpan={3} className="form-writing-short" />
          </tr>
        </tbody>
      </table>
      <Signature who={t('recruitment.form.talk.talker')} date={date(talk?.on)} />
    </>
  );
}

function AssessmentForm({ detail, date }: FormProps) {
  const { t } = useI18n();
  const designated = stepOf(detail, 'activist_designation');
  const contacts = stepOf(detail, 'contacts_assigned')?.actors.filter((a) => a.role === 'contact').map((a) => a.name) ?? [];
  const assessments = detail.steps.filter((s) => s.step === 'activist_assessment');
  const training = stepOf(detail, 'training');
  return (
    <>
      <h1 className="form-title">{t('recruitment.form.assessment.title')}</h1>
      <table className="form-table">
        <tbody>
          <PersonRows detail={detail} />
          <tr>
            <th>{t('recruitment.form.assessment.designatedOn')}</th>
            <td>{date(designated?.on)}</td>
            <th>{t('recruitment.form.assessment.contacts')}</th>
            <td data-testid="form-contacts">{contacts.join('、')}</td>
          </tr>
          <tr>
            <th>{t('recruitment.form.assessment.training')}</th>
            <td colSpan={3}>{training?.details.training ? `${date(training.on)}，${t('recruitment.training', training.details.training)}` : ''}</td>
          </tr>
        </tbody>
      </table>
      <h2 className="form-subtitle">{t('recruitment.form.assessment.records')}</h2>
      <table className="form-table">
        <thead>
          <tr>
            <th className="form-narrow">{t('recruitment.form.assessment.when')}</th>
            <th>{t('recruitment.form.assessment.opinion')}</th>
          </tr>
        </thead>
        <tbody>
          {assessments.map((a) => (
            <tr key={a.id} data-testid="form-assessment-row">
              <td>{date(a.on)}</td>
              <td className="form-writing-short">{a.documents.map((d) => d.note ?? '').join(' ') || a.details.note || ''}</td>
            </tr>
          ))}
          {Array.from({ length: BLANK_ROWS }, (_, i) => (
            <tr key={`blank-${i}`}>
              <td />
              <td className="form-writing-short" />
            </tr>
          ))}
          <tr>
            <th>{t('recruitment.form.assessment.branchOpinion')}</th>
            <td className="form-writing-short" />
          </tr>
        </tbody>
      </table>
      <Signature who={t('recruitment.branch')} date={t('recruitment.form.blank')} />
    </>
  );
}

function PublicityForm({ detail, branch, date, subject }: FormProps & { subject: StepCode | null }) {
  const { t } = useI18n();
  const blank = t('recruitment.form.blank');
  const subjectText = subject ? t(`recruitment.form.subject.${subject}` as MessageKey) : blank;
  const notice = subject ? (detail.publicity.filter((p) => p.subject === subject).at(-1) ?? null) : null;
  const params = {
    name: detail.name,
    subject: subjectText,
    branch,
    sex: t(sexKey(detail.sex)),
    age: detail.age,
    ethnicity: detail.ethnicity ?? blank,
    education: detail.education ?? blank,
    workUnit: detail.workUnit ?? blank,
    appliedOn: date(stepOf(detail, 'application')?.on),
  };
  return (
    <>
      <h1 className="form-title" data-testid="form-publicity-title">
        {t('recruitment.form.publicity.title', params)}
      </h1>
      <p className="form-body">{t('recruitment.form.publicity.body', params)}</p>
      <p className="form-body" data-testid="form-publicity-period">
        {notice ? t('recruitment.form.publicity.period', { startsOn: date(notice.startsOn), endsOn: date(notice.endsOn), days: notice.workingDays }) : t('recruitment.form.publicity.periodBlank')}
      </p>
      <p className="form-body">{t('recruitment.form.publicity.contact', { branch })}</p>
      <div className="form-signature">
        <p>{branch}</p>
        <p>{notice ? date(notice.startsOn) : blank}</p>
      </div>
    </>
  );
}

function ApprovalForm({ detail, compliance, committees, branch, date }: FormProps) {
  const { t } = useI18n();
  const meeting = stepOf(detail, 'admission_meeting');
  const approval = stepOf(detail, 'admission_approval');
  const committee = committees.find((c) => c.id === approval?.committeeOrgId)?.name ?? t('recruitment.form.blank');
  const params = {
    name: detail.name,
    branch,
    meetingOn: date(meeting?.on),
    committee,
    approvedOn: date(approval?.on),
    endsOn: date(compliance.probationEndsOn),
  };
  return (
    <>
      <h1 className="form-title">{t('recruitment.form.approval.title', params)}</h1>
      <p className="form-body" data-testid="form-approval-body">
        {t('recruitment.form.approval.body', params)}
      </p>
      <div className="form-signature">
        <p>
          {committee}
          {t('recruitment.form.approval.seal')}
        </p>
        <p>{date(approval?.on)}</p>
      </div>
    </>
  );
}

export function PrintFormPage({ id, form }: { id: string; form: PrintForm }) {
  const { t, language } = useI18n();
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [compliance, setCompliance] = useState<Compliance | null>(null);
  const [committees, setCommittees] = useState<Committee[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [subject, setSubject] = useState<StepCode | null>(null);
  const orgNames = useOrgNames(detail ? [detail.orgId] : []);

  useEffect(() => {
    let current = true;
    Promise.all([recruitmentApi.get(id), recruitmentApi.compliance(id)])
      .then(([found, audit]) => {
        if (!current) return;
        setDetail(found);
        setCompliance(audit);
      })
      .catch((caught: unknown) => current && setError(errorMessage(caught)));
    recruitmentApi.committees(id).then((found) => current && setCommittees(found), () => undefined);
    return () => {
      current = false;
    };
  }, [id]);

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!detail || !compliance) return <Spin className="page-spin" />;

  const blank = t('recruitment.form.blank');
  const date = (iso: string | null | undefined) => (iso ? (language === 'zh-CN' ? longDate(iso) : iso) : blank);
  const branch = orgNames.get(detail.orgId) ?? blank;
  const subjects = PUBLICITY_POINTS.map((p) => p.subject).filter((s) => detail.steps.some((step) => step.step === s));
  const chosenSubject = subject ?? subjects.at(-1) ?? null;
  const props: FormProps = { detail, compliance, committees, branch, date };
  const back = caseHref(detail.id);

  return (
    <Flex vertical gap={12} align="center" className="form-page">
      <Flex wrap gap={8} justify="space-between" align="center" className="form-toolbar no-print">
        <a href={back} onClick={(event) => followLink(event, back)} data-testid="form-back">
          <ArrowLeftOutlined /> {t('recruitment.form.back')}
        </a>
        <Flex wrap gap={8} align="center">
          <Segmented<PrintForm>
            value={form}
            options={PRINT_FORMS.map((f) => ({ value: f, label: t(`recruitment.form.${f}`) }))}
            onChange={(f) => navigate(printHref(detail.id, f), { replace: true })}
            data-testid="form-choose"
          />
          {form === 'publicity' && subjects.length > 0 && (
            <Select<StepCode>
              value={chosenSubject ?? undefined}
              onChange={setSubject}
              options={subjects.map((s) => ({ value: s, label: t(`recruitment.form.subject.${s}` as MessageKey) }))}
              className="form-subject"
              data-testid="form-subject"
            />
          )}
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="form-print">
            {t('recruitment.form.printButton')}
          </Button>
        </Flex>
      </Flex>
      <article className="form-paper" data-testid={`form-${form}`}>
        {form === 'talk' && <TalkForm {...props} />}
        {form === 'assessment' && <AssessmentForm {...props} />}
        {form === 'publicity' && <PublicityForm {...props} subject={chosenSubject} />}
        {form === 'approval' && <ApprovalForm {...props} />}
      </article>
    </Flex>
  );
}
