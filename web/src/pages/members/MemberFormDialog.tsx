/**
 * 新增党员 / 编辑党员: Chinese labels, the ID number checked live by the server (debounced) with the birth date,
 * sex and age it gives shown read-only, and the server's refusals shown under the field they name, with the rule
 * they cite. An edit sends the version it started from; when someone else saved first, it offers to reload.
 */
import { Alert, Button, Checkbox, Col, DatePicker, Form, Input, Modal, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { ApiError } from '../../api.ts';
import { fromIsoDate, toIsoDate, today } from '../../dates.ts';
import { useI18n } from '../../i18n.ts';
import { withTestId } from '../../test-ids.ts';
import type { Org } from '../orgs/orgs-api.ts';
import { useGroups } from '../orgs/use-groups.ts';
import {
  EDUCATIONS,
  educationKey,
  flagKey,
  HOUSEHOLD_TYPES,
  householdKey,
  idProblemKey,
  isEducation,
  MEMBER_FLAGS,
  sexKey,
  STATUSES,
  statusKey,
} from './member-labels.ts';
import { membersApi, type Education, type IdCheck, type Member, type MemberFlag, type MemberStatus, type UpdateMemberInput } from './members-api.ts';
import { OrgPicker } from './OrgPicker.tsx';
import { errorLines, readFieldError } from './server-errors.ts';

export type MemberFormMode = { type: 'create'; home: Org; orgId: string | undefined } | { type: 'edit'; member: Member };

interface Props {
  mode: MemberFormMode;
  onClose(): void;
  onDone(member: Member): void;
}

interface Values {
  orgId?: string;
  groupId?: string | null;
  name: string;
  idNumber?: string;
  phone?: string;
  status: MemberStatus;
  joinedAt: Dayjs | null;
  fullAt: Dayjs | null;
  education?: Education | null;
  ethnicity?: string;
  occupation?: string;
  workUnit?: string;
  householdType?: 'urban' | 'rural' | null;
  flags: MemberFlag[];
}

const PHONE_PATTERN = /^1\d{10}$/;
const ID_CHECK_DELAY_MS = 300;
const FORM_FIELDS: readonly (keyof Values)[] = ['orgId', 'groupId', 'name', 'idNumber', 'phone', 'status', 'joinedAt', 'fullAt', 'education', 'ethnicity', 'occupation', 'workUnit', 'householdType', 'flags'];
/** The server names the derived facts; the form shows them under the ID number they come from. */
const FIELD_OF: Record<string, string> = { birthDate: 'idNumber', sex: 'idNumber' };

function initialValues(mode: MemberFormMode): Partial<Values> {
  if (mode.type === 'create') {
    return { orgId: mode.orgId, status: 'full', joinedAt: null, fullAt: null, flags: [] };
  }
  const m = mode.member;
  return {
    groupId: m.groupId,
    name: m.name,
    status: m.status,
    joinedAt: fromIsoDate(m.joinedAt),
    fullAt: fromIsoDate(m.fullAt),
    education: isEducation(m.education) ? m.education : null,
    ethnicity: m.ethnicity ?? '',
    occupation: m.occupation ?? '',
    workUnit: m.workUnit ?? '',
    householdType: m.householdType,
    flags: MEMBER_FLAGS.filter((f) => m.flags[f]),
  };
}

const trimmed = (value: string | undefined) => value?.trim() ?? '';
const orNull = (value: string | undefined) => trimmed(value) || null;

/** The fields of an edit that differ from the record (blank ID number and phone mean "unchanged"). */
function changes(m: Member, v: Values): Omit<UpdateMemberInput, 'version'> {
  const out: Omit<UpdateMemberInput, 'version'> = {};
  const idNumber = trimmed(v.idNumber).toUpperCase();
  const phone = trimmed(v.phone);
  if (v.name.trim() !== m.name) out.name = v.name.trim();
  if (idNumber) out.idNumber = idNumber;
  if (phone) out.phone = phone;
  if (v.status !== m.status) out.status = v.status;
  const joinedAt = toIsoDate(v.joinedAt);
  if (joinedAt && joinedAt !== m.joinedAt) out.joinedAt = joinedAt;
  const fullAt = v.status === 'full' ? toIsoDate(v.fullAt) : null;
  if (fullAt !== m.fullAt) out.fullAt = fullAt;
  if ((v.education ?? null) !== m.education) out.education = v.education ?? null;
  if (orNull(v.ethnicity) !== m.ethnicity) out.ethnicity = orNull(v.ethnicity);
  if (orNull(v.occupation) !== m.occupation) out.occupation = orNull(v.occupation);
  if (orNull(v.workUnit) !== m.workUnit) out.workUnit = orNull(v.workUnit);
  if ((v.householdType ?? null) !== m.householdType) out.householdType = v.householdType ?? null;
  if ((v.groupId ?? null) !== m.groupId) out.groupId = v.groupId ?? null;
  const flags = Object.fromEntries(MEMBER_FLAGS.filter((f) => v.flags.includes(f) !== m.flags[f]).map((f) => [f, v.flags.includes(f)]));
  if (Object.keys(flags).length > 0) out.flags = flags;
  return out;
}

export function MemberFormDialog({ mode, onClose, onDone }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const status = Form.useWatch('status', form);
  const chosenOrgId = Form.useWatch('orgId', form);
  const branchId = mode.type === 'edit' ? mode.member.orgId : chosenOrgId;
  const groups = useGroups(branchId);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string[] | null>(null);
  const [stale, setStale] = useState(false);
  const [idFacts, setIdFacts] = useState<IdCheck | null>(null);
  const checks = useRef(new Map<string, Promise<IdCheck>>());
  // The record an edit starts from; a reload after a conflict replaces it.
  const [base, setBase] = useState<Member | null>(mode.type === 'edit' ? mode.member : null);

  // The live check: one request per distinct number, the facts shown for the number still in the box.
  const checkIdNumber = async (_rule: unknown, value: string | undefined) => {
    const idNumber = trimmed(value).toUpperCase();
    if (!idNumber) {
      setIdFacts(null);
      return;
    }
    let check = checks.current.get(idNumber);
    if (!check) {
      check = membersApi.checkIdNumber(idNumber);
      checks.current.set(idNumber, check);
      check.catch(() => checks.current.delete(idNumber));
    }
    const result = await check;
    if (trimmed(form.getFieldValue('idNumber')).toUpperCase() === idNumber) setIdFacts(result);
    if (!result.valid) throw new Error(t(idProblemKey(result.reason ?? 'format')));
  };

  const shown = idFacts?.valid
    ? { birthDate: idFacts.birthDate, sex: idFacts.sex, age: idFacts.age }
    : base && !idFacts
      ? { birthDate: base.birthDate, sex: base.sex, age: base.age }
      : null;

  const showServerError = (caught: unknown) => {
    const problem = readFieldError(caught);
    const named = problem.field ? (FIELD_OF[problem.field] ?? problem.field) : null;
    const field = FORM_FIELDS.find((f) => f === named);
    if (field && (field !== 'orgId' || mode.type === 'create')) {
      form.setFields([{ name: field, errors: errorLines(problem) }]);
      setError(null);
    } else {
      setError(errorLines(problem));
    }
  };

  const submit = async (values: Values) => {
    setSaving(true);
    setError(null);
    try {
      if (mode.type === 'create') {
        const phone = trimmed(values.phone);
        const fullAt = values.status === 'full' ? toIsoDate(values.fullAt) : null;
        onDone(
          await membersApi.create({
            orgId: values.orgId ?? '',
            ...(values.groupId ? { groupId: values.groupId } : {}),
            name: values.name.trim(),
            idNumber: trimmed(values.idNumber).toUpperCase(),
            ...(phone ? { phone } : {}),
            status: values.status,
            joinedAt: toIsoDate(values.joinedAt) ?? '',
            ...(fullAt ? { fullAt } : {}),
            education: values.education ?? null,
            ethnicity: orNull(values.ethnicity),
            occupation: orNull(values.occupation),
            workUnit: orNull(values.workUnit),
            householdType: values.householdType ?? null,
            flags: Object.fromEntries(values.flags.map((f) => [f, true])),
          }),
        );
      } else if (base) {
        const patch = changes(base, values);
        onDone(Object.keys(patch).length > 0 ? await membersApi.update(base.id, { version: base.version, ...patch }) : base);
      }
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'member.version_stale') setStale(true);
      else showServerError(caught);
    } finally {
      setSaving(false);
    }
  };

  /** Someone else saved first: start again from their version. */
  const reload = async () => {
    if (!base) return;
    try {
      const fresh = await membersApi.get(base.id);
      setBase(fresh);
      form.resetFields();
      form.setFieldsValue(initialValues({ type: 'edit', member: fresh }));
      setIdFacts(null);
      setStale(false);
    } catch (caught) {
      showServerError(caught);
    }
  };

  const required = (field: string) => ({ required: true, message: t('validation.required', { field }) });
  const select = (field: string) => ({ required: true, message: t('validation.select', { field }) });

  return (
    <Modal
      open
      width={720}
      title={base ? t('memberForm.editTitle', { name: base.name }) : t('memberForm.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={withTestId({ disabled: stale }, 'dialog-ok')}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initialValues(mode)}
        onFinish={(values) => void submit(values)}
        onValuesChange={() => setError(null)}
        data-testid="member-form"
      >
        <Row gutter={16}>
          {mode.type === 'create' && (
            <Col xs={24} sm={groups.length > 0 ? 12 : 24}>
              <Form.Item
                name="orgId"
                label={t('member.org')}
                rules={[select(t('member.org'))]}
                getValueFromEvent={(org: Org) => org.id}
              >
                <OrgPicker
                  home={mode.home}
                  value={chosenOrgId}
                  branchesOnly
                  onChange={() => form.setFieldValue('groupId', null)}
                  testId="member-form-org"
                />
              </Form.Item>
            </Col>
          )}
          {groups.length > 0 && (
            <Col xs={24} sm={12}>
              <Form.Item name="groupId" label={t('member.group')}>
                <Select<string>
                  allowClear
                  options={groups.map((g) => ({ value: g.id, label: g.name }))}
                  data-testid="member-form-group"
                />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('member.name')} rules={[{ ...required(t('member.name')), whitespace: true }]}>
              <Input maxLength={50} data-testid="member-form-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="idNumber"
              label={t('member.idNumber')}
              hasFeedback
              validateDebounce={ID_CHECK_DELAY_MS}
              extra={base ? t('memberForm.keepBlank', { value: base.idNumber }) : undefined}
              rules={[...(base ? [] : [required(t('member.idNumber'))]), { validator: checkIdNumber }]}
            >
              <Input maxLength={18} autoComplete="off" spellCheck={false} data-testid="member-form-id-number" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Row gutter={16} className="member-derived" data-testid="member-form-derived">
              <Col xs={10} sm={8}>
                <Form.Item label={t('member.birthDate')}>
                  <Input readOnly variant="filled" value={shown?.birthDate ?? ''} data-testid="member-form-birth-date" />
                </Form.Item>
              </Col>
              <Col xs={7} sm={8}>
                <Form.Item label={t('member.sex')}>
                  <Input readOnly variant="filled" value={shown?.sex ? t(sexKey(shown.sex)) : ''} data-testid="member-form-sex" />
                </Form.Item>
              </Col>
              <Col xs={7} sm={8}>
                <Form.Item label={t('member.age')}>
                  <Input readOnly variant="filled" value={shown?.age ?? ''} data-testid="member-form-age" />
                </Form.Item>
              </Col>
            </Row>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="phone"
              label={t('member.phone')}
              extra={base?.phone ? t('memberForm.keepBlank', { value: base.phone }) : undefined}
              rules={[{ pattern: PHONE_PATTERN, message: t('accounts.phoneRule') }]}
            >
              <Input maxLength={11} inputMode="tel" data-testid="member-form-phone" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="status" label={t('member.status')} rules={[select(t('member.status'))]}>
              <Select<MemberStatus>
                options={STATUSES.map((s) => ({ value: s, label: t(statusKey(s)) }))}
                data-testid="member-form-status"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="joinedAt" label={t('member.joinedAt')} rules={[required(t('member.joinedAt'))]}>
              <DatePicker className="full-width" maxDate={today()} data-testid="member-form-joined" />
            </Form.Item>
          </Col>
          {status === 'full' && (
            <Col xs={24} sm={12}>
              <Form.Item name="fullAt" label={t('member.fullAt')} rules={[required(t('member.fullAt'))]}>
                <DatePicker className="full-width" maxDate={today()} data-testid="member-form-full" />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} sm={12}>
            <Form.Item name="education" label={t('member.education')}>
              <Select<Education>
                allowClear
                options={EDUCATIONS.map((e) => ({ value: e, label: t(educationKey(e)) }))}
                data-testid="member-form-education"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="ethnicity" label={t('member.ethnicity')}>
              <Input maxLength={20} data-testid="member-form-ethnicity" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="workUnit" label={t('member.workUnit')}>
              <Input maxLength={100} data-testid="member-form-work-unit" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="occupation" label={t('member.occupation')}>
              <Input maxLength={100} data-testid="member-form-occupation" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="householdType" label={t('member.householdType')}>
              <Select<'urban' | 'rural'>
                allowClear
                options={HOUSEHOLD_TYPES.map((h) => ({ value: h, label: t(householdKey(h)) }))}
                data-testid="member-form-household"
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="flags" label={t('member.flags')}>
              <Checkbox.Group
                options={MEMBER_FLAGS.map((f) => ({ value: f, label: t(flagKey(f)) }))}
                data-testid="member-form-flags"
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {error && (
        <Alert type="error" showIcon title={error[0]} description={error[1]} data-testid="form-error" />
      )}
      {stale && (
        <Alert
          type="warning"
          showIcon
          title={t('memberForm.stale')}
          action={
            <Button size="small" onClick={() => void reload()} data-testid="member-form-reload">
              {t('common.reload')}
            </Button>
          }
          data-testid="member-form-stale"
        />
      )}
    </Modal>
  );
}
