/**
 * Setting an org's own meeting cadences (本级会议制度): for each required type, keep the rule from above or set a
 * cadence with the local document and article that require it. Cadences less frequent than the regulation allows
 * are not offered; the server's refusal (someone else changed the rules meanwhile, a cadence too loose) shows under
 * the form with the rule it cites.
 */
import { Button, Flex, Form, Input, Select, Typography, type FormInstance } from 'antd';
import { CADENCES, MEETING_RULE_VERSIONS } from '../../../../src/policy/meetings.ts';
import { ApiError } from '../../api.ts';
import { FormDialog } from '../../FormDialog.tsx';
import { translate, translateOptional, useI18n } from '../../i18n.ts';
import type { Org } from '../orgs/orgs-api.ts';
import { cadenceKey, typeKey } from './meeting-labels.ts';
import { meetingsApi, type Cadence, type MeetingRules, type MeetingRulesInput, type RequiredMeetingType, type RuleRequirement } from './meetings-api.ts';

/** The choice "no cadence of this org's own": the nearest rule above (a locality's, or the national one) applies. */
const INHERIT = 'inherit';

interface RowValues {
  cadence: Cadence | typeof INHERIT;
  source?: string;
  article?: string;
}

type Values = Partial<Record<RequiredMeetingType, RowValues>>;

interface Props {
  org: Org;
  rules: MeetingRules;
  onClose(): void;
  onSaved(rules: MeetingRules): void;
}

/** The least frequent cadence the regulation in force lets a locality set for the type (unknown: no limit shown). */
function loosestOf(ruleVersion: string, type: RequiredMeetingType): Cadence | undefined {
  return MEETING_RULE_VERSIONS.find((v) => v.id === ruleVersion)?.rules.requirements.find((r) => r.type === type)?.loosest;
}

const looser = (cadence: Cadence, than: Cadence) => CADENCES.indexOf(cadence) > CADENCES.indexOf(than);

function initialValues(rules: MeetingRules): Values {
  return Object.fromEntries(
    rules.requirements.map((r) => {
      const own = rules.overrides[r.type];
      return [r.type, own ? { cadence: own.cadence, source: own.cite.source, article: own.cite.article } : { cadence: INHERIT }];
    }),
  );
}

function toOverrides(values: Values): MeetingRulesInput['overrides'] {
  const overrides: MeetingRulesInput['overrides'] = {};
  for (const [type, row] of Object.entries(values) as [RequiredMeetingType, RowValues | undefined][]) {
    if (!row || row.cadence === INHERIT) continue;
    overrides[type] = { cadence: row.cadence, cite: { source: (row.source ?? '').trim(), article: (row.article ?? '').trim() } };
  }
  return overrides;
}

/** A refusal for a cadence below the regulation's floor, told with the type and the floor in the user's words. */
function readable(error: unknown): unknown {
  if (!(error instanceof ApiError) || error.code !== 'meeting_rules.too_loose') return error;
  const details = (typeof error.details === 'object' && error.details !== null ? error.details : {}) as { field?: unknown; loosest?: unknown };
  const type = typeof details.field === 'string' ? details.field.replace(/^overrides\./, '') : null;
  if (!type || typeof details.loosest !== 'string') return error;
  const message = translate('meetingRules.tooLoose', {
    type: translateOptional(`meetingType.${type}`) ?? type,
    loosest: translateOptional(`cadence.${details.loosest}`) ?? details.loosest,
  });
  return new ApiError(error.status, error.code, message, error.details);
}

function RuleRow({ form, requirement, ruleVersion, inherited }: { form: FormInstance<Values>; requirement: RuleRequirement; ruleVersion: string; inherited: boolean }) {
  const { t } = useI18n();
  const { type } = requirement;
  const cadence = Form.useWatch([type, 'cadence'], form) as RowValues['cadence'] | undefined;
  const loosest = loosestOf(ruleVersion, type);
  const set = cadence !== undefined && cadence !== INHERIT;

  const onCadence = (value: RowValues['cadence']) => {
    if (value === INHERIT || (form.getFieldValue([type, 'source']) as string | undefined)?.trim()) return;
    // Most localities set several cadences in one document: start from the document named on another row.
    const values = form.getFieldsValue(true) as Values;
    const named = Object.values(values).find((row) => row && row.cadence !== INHERIT && row.source?.trim());
    if (named?.source) form.setFieldValue([type, 'source'], named.source);
  };

  return (
    <div className="rules-edit-row" data-testid={`rules-form-row-${type}`}>
      <div className="rules-edit-type">
        <b>{t(typeKey(type))}</b>
        <Typography.Text type="secondary" className="rules-edit-now">
          {[inherited ? t('meetingRules.now', { cadence: t(cadenceKey(requirement.cadence)) }) : null, loosest ? t('meetingRules.loosest', { cadence: t(cadenceKey(loosest)) }) : null]
            .filter(Boolean)
            .join(' · ')}
        </Typography.Text>
      </div>
      <Form.Item name={[type, 'cadence']} className="rules-edit-cadence">
        <Select<RowValues['cadence']>
          onChange={onCadence}
          options={[
            { value: INHERIT, label: t('meetingRules.inherit') },
            ...CADENCES.map((c) => ({
              value: c,
              label: t(cadenceKey(c)),
              disabled: loosest !== undefined && looser(c, loosest),
              title: loosest !== undefined && looser(c, loosest) ? t('meetingRules.tooLooseOption', { cadence: t(cadenceKey(loosest)) }) : t(cadenceKey(c)),
            })),
          ]}
          data-testid={`rules-form-cadence-${type}`}
        />
      </Form.Item>
      {set && (
        <>
          <Form.Item name={[type, 'source']} className="rules-edit-source" rules={[{ required: true, whitespace: true, message: t('meetingRules.sourceRequired') }]}>
            <Input maxLength={200} placeholder={t('meetingRules.sourcePlaceholder')} aria-label={t('meetingRules.source')} data-testid={`rules-form-source-${type}`} />
          </Form.Item>
          <Form.Item name={[type, 'article']} className="rules-edit-article" rules={[{ required: true, whitespace: true, message: t('meetingRules.articleRequired') }]}>
            <Input maxLength={200} placeholder={t('meetingRules.articlePlaceholder')} aria-label={t('meetingRules.article')} data-testid={`rules-form-article-${type}`} />
          </Form.Item>
        </>
      )}
    </div>
  );
}

export function MeetingRulesDialog({ org, rules, onClose, onSaved }: Props) {
  const { t } = useI18n();

  const submit = async (values: Values) => {
    try {
      onSaved(await meetingsApi.setRules(org.id, { version: rules.version, overrides: toOverrides(values) }));
    } catch (caught) {
      throw readable(caught);
    }
  };

  return (
    <FormDialog<Values> title={t('meetingRules.editTitle', { org: org.name })} initialValues={initialValues(rules)} onSubmit={submit} onClose={onClose} testId="meeting-rules-form">
      {(form) => (
        <Flex vertical gap={8}>
          <Flex justify="space-between" align="start" gap={8} wrap>
            <Typography.Text type="secondary" className="rules-edit-intro">
              {t('meetingRules.editIntro')}
            </Typography.Text>
            <Button
              size="small"
              onClick={() => form.setFieldsValue(Object.fromEntries(rules.requirements.map((r) => [r.type, { cadence: INHERIT }])) as Values)}
              data-testid="rules-form-inherit-all"
            >
              {t('meetingRules.inheritAll')}
            </Button>
          </Flex>
          {rules.requirements.map((r) => (
            <RuleRow key={r.type} form={form} requirement={r} ruleVersion={rules.ruleVersion} inherited={!rules.overrides[r.type]} />
          ))}
        </Flex>
      )}
    </FormDialog>
  );
}
