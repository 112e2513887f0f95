/** Create a sub-organization, or edit one: only kinds valid under the parent are offered. */
import { Alert, DatePicker, Form, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { fromIsoDate, toIsoDate } from '../../dates.ts';
import { FormDialog } from '../../FormDialog.tsx';
import { useI18n } from '../../i18n.ts';
import { kindsAllowedUnder, ORG_DOMAINS } from './org-rules.ts';
import { orgsApi, type Org, type OrgDomain, type OrgKind, type UpdateOrgInput } from './orgs-api.ts';

export type OrgFormMode = { type: 'create'; parent: Org } | { type: 'edit'; org: Org; parent: Org | null };

interface Props {
  mode: OrgFormMode;
  onClose(): void;
  onDone(org: Org): void;
}

interface Values {
  code: string;
  name: string;
  kind: OrgKind;
  domain: OrgDomain;
  establishedOn: Dayjs | null;
  plannedEndOn: Dayjs | null;
}

const CODE_PATTERN = /^[0-9A-Za-z][0-9A-Za-z_-]*$/;

function initialValues(mode: OrgFormMode): Partial<Values> {
  if (mode.type === 'create') return { domain: mode.parent.domain, establishedOn: null, plannedEndOn: null };
  const { org } = mode;
  return {
    code: org.code,
    name: org.name,
    kind: org.kind,
    domain: org.domain,
    establishedOn: fromIsoDate(org.establishedOn),
    plannedEndOn: fromIsoDate(org.plannedEndOn),
  };
}

/** The fields that changed, for a PATCH. */
function changes(org: Org, values: Values): Omit<UpdateOrgInput, 'version'> {
  const next = {
    code: values.code.trim(),
    name: values.name.trim(),
    kind: values.kind,
    domain: values.domain,
    establishedOn: toIsoDate(values.establishedOn),
    plannedEndOn: values.kind === 'temporary' ? toIsoDate(values.plannedEndOn) : null,
  };
  const out: Omit<UpdateOrgInput, 'version'> = {};
  if (next.code !== org.code) out.code = next.code;
  if (next.name !== org.name) out.name = next.name;
  if (next.kind !== org.kind) out.kind = next.kind;
  if (next.domain !== org.domain) out.domain = next.domain;
  if (next.establishedOn !== org.establishedOn) out.establishedOn = next.establishedOn;
  // A planned end date means something only for a temporary org; keep others' as they are.
  if ((values.kind === 'temporary' || org.kind === 'temporary') && next.plannedEndOn !== org.plannedEndOn) {
    out.plannedEndOn = next.plannedEndOn;
  }
  return out;
}

export function OrgFormDialog({ mode, onClose, onDone }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const kinds = kindsAllowedUnder(mode.parent);
  if (mode.type === 'edit' && !kinds.includes(mode.org.kind)) kinds.unshift(mode.org.kind);

  const submit = async (values: Values) => {
    if (mode.type === 'create') {
      const plannedEndOn = values.kind === 'temporary' ? toIsoDate(values.plannedEndOn) : null;
      onDone(
        await orgsApi.create({
          parentId: mode.parent.id,
          code: values.code.trim(),
          name: values.name.trim(),
          kind: values.kind,
          domain: values.domain,
          establishedOn: toIsoDate(values.establishedOn),
          ...(plannedEndOn ? { plannedEndOn } : {}),
        }),
      );
    } else {
      const patch = changes(mode.org, values);
      onDone(Object.keys(patch).length ? await orgsApi.update(mode.org.id, { version: mode.org.version, ...patch }) : mode.org);
    }
  };

  const title =
    mode.type === 'create'
      ? t('orgs.create.title', { parent: mode.parent.name })
      : t('orgs.edit.title', { name: mode.org.name });

  return (
    <FormDialog<Values>
      title={title}
      okDisabled={kinds.length === 0}
      form={form}
      initialValues={initialValues(mode)}
      onSubmit={submit}
      onClose={onClose}
      testId="org-form"
    >
      {kinds.length === 0 ? (
        <Alert type="info" title={t('orgs.create.noKinds')} showIcon />
      ) : (
        <>
          <Form.Item
            name="name"
            label={t('org.name')}
            rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('org.name') }) }]}
          >
            <Input maxLength={100} autoFocus data-testid="org-form-name" />
          </Form.Item>
          <Form.Item
            name="code"
            label={t('org.code')}
            rules={[
              { required: true, whitespace: true, message: t('validation.required', { field: t('org.code') }) },
              { pattern: CODE_PATTERN, message: t('org.codeRule') },
            ]}
          >
            <Input maxLength={32} data-testid="org-form-code" />
          </Form.Item>
          <Form.Item
            name="kind"
            label={t('org.kind')}
            rules={[{ required: true, message: t('validation.select', { field: t('org.kind') }) }]}
          >
            <Select<OrgKind>
              options={kinds.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
              data-testid="org-form-kind"
            />
          </Form.Item>
          <Form.Item
            name="domain"
            label={t('org.domain')}
            rules={[{ required: true, message: t('validation.select', { field: t('org.domain') }) }]}
          >
            <Select<OrgDomain>
              options={ORG_DOMAINS.map((d) => ({ value: d, label: t(`domain.${d}`) }))}
              data-testid="org-form-domain"
            />
          </Form.Item>
          <Form.Item name="establishedOn" label={t('org.establishedOn')}>
            <DatePicker className="full-width" data-testid="org-form-established" />
          </Form.Item>
          {kind === 'temporary' && (
            <Form.Item
              name="plannedEndOn"
              label={t('org.plannedEndOn')}
              rules={[{ required: true, message: t('validation.required', { field: t('org.plannedEndOn') }) }]}
            >
              <DatePicker className="full-width" data-testid="org-form-planned-end" />
            </Form.Item>
          )}
        </>
      )}
    </FormDialog>
  );
}
