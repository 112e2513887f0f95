/** 安全策略: password profile, lockout, session timeouts, who must use a second factor, audit retention. */
import { Alert, App, Button, Card, Checkbox, Flex, Form, InputNumber, Radio, Spin, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ROLES } from '../../../../src/modules/accounts/roles.ts';
import { ApiError, errorMessage } from '../../api.ts';
import { useI18n, type MessageKey } from '../../i18n.ts';
import { accountsApi, type PolicyView, type Role, type SecurityPolicy } from '../accounts/accounts-api.ts';

type NumberField = 'lockoutThreshold' | 'lockoutMinutes' | 'idleTimeoutMinutes' | 'absoluteTimeoutHours' | 'auditRetentionDays';

// The bounds of securityPolicySchema (src/modules/accounts/security-policy.ts); the server checks them again.
const NUMBER_FIELDS: { name: NumberField; min: number; max: number; unit: MessageKey; help?: MessageKey }[] = [
  { name: 'lockoutThreshold', min: 3, max: 20, unit: 'unit.times', help: 'policy.lockoutThresholdHelp' },
  { name: 'lockoutMinutes', min: 1, max: 24 * 60, unit: 'unit.minutes' },
  { name: 'idleTimeoutMinutes', min: 1, max: 24 * 60, unit: 'unit.minutes', help: 'policy.idleTimeoutMinutesHelp' },
  { name: 'absoluteTimeoutHours', min: 1, max: 7 * 24, unit: 'unit.hours' },
  { name: 'auditRetentionDays', min: 180, max: 3650, unit: 'unit.days', help: 'policy.auditRetentionDaysHelp' },
];

export function SecurityPolicyPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<SecurityPolicy>();
  const [view, setView] = useState<PolicyView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<{ text: string; stale: boolean } | null>(null);
  const [saving, setSaving] = useState(false);

  const load = useCallback(async () => {
    try {
      const answer = await accountsApi.policy();
      setView(answer);
      form.setFieldsValue(answer.policy);
      setLoadError(null);
      setSaveError(null);
    } catch (caught) {
      setLoadError(errorMessage(caught));
    }
  }, [form]);

  useEffect(() => {
    void load();
  }, [load]);

  const submit = async (values: SecurityPolicy) => {
    if (!view) return;
    setSaving(true);
    setSaveError(null);
    try {
      const saved = await accountsApi.setPolicy(values, view.version);
      setView(saved);
      form.setFieldsValue(saved.policy);
      message.success(t('common.saved'));
    } catch (caught) {
      setSaveError({ text: errorMessage(caught), stale: caught instanceof ApiError && caught.status === 409 });
    } finally {
      setSaving(false);
    }
  };

  if (loadError) return <Alert type="error" title={loadError} showIcon />;
  if (!view) return <Spin className="page-spin" />;

  return (
    <Card
      title={t('menu.security')}
      extra={
        <Tag data-testid="policy-version">
          {view.version === 0 ? t('policy.defaults') : t('policy.version', { version: view.version })}
        </Tag>
      }
      data-testid="policy-page"
    >
      <Form<SecurityPolicy> form={form} layout="vertical" onFinish={submit} className="policy-form" data-testid="policy-form">
        <Form.Item name="passwordProfile" label={t('policy.passwordProfile')}>
          <Radio.Group>
            <Flex vertical gap={8}>
              <Radio value="dengbao" data-testid="policy-profile-dengbao">
                <div>{t('passwordRule.title.dengbao')}</div>
                <Typography.Text type="secondary">{t('policy.profile.dengbao')}</Typography.Text>
              </Radio>
              <Radio value="asvs" data-testid="policy-profile-asvs">
                <div>{t('passwordRule.title.asvs')}</div>
                <Typography.Text type="secondary">{t('policy.profile.asvs')}</Typography.Text>
              </Radio>
            </Flex>
          </Radio.Group>
        </Form.Item>
        <div className="policy-numbers">
          {NUMBER_FIELDS.map(({ name, min, max, unit, help }) => (
            <Form.Item
              key={name}
              name={name}
              label={t(`policy.${name}`)}
              extra={help ? t(help) : undefined}
              rules={[{ required: true, type: 'number', min, max, message: t('policy.range', { min, max }) }]}
            >
              <InputNumber min={min} max={max} precision={0} suffix={t(unit)} className="full-width" data-testid={`policy-${name}`} />
            </Form.Item>
          ))}
        </div>
        <Form.Item name="mfaRoles" label={t('policy.mfaRoles')} extra={t('policy.mfaRolesHelp')}>
          <Checkbox.Group<Role> options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        </Form.Item>
        {saveError && (
          <Alert
            className="policy-error"
            type="error"
            showIcon
            title={saveError.text}
            action={
              saveError.stale ? (
                <Button size="small" onClick={() => void load()} data-testid="policy-reload">
                  {t('common.reload')}
                </Button>
              ) : undefined
            }
            data-testid="form-error"
          />
        )}
        <Button type="primary" htmlType="submit" loading={saving} data-testid="policy-save">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
