/** 新建账号: who, and the home org (the subtree the account will act on), found by searching the user's own tree. */
import { Alert, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { withTestId } from '../../test-ids.ts';
import { orgsApi, type Org } from '../orgs/orgs-api.ts';
import { accountsApi, type CreatedAccount } from './accounts-api.ts';

const ORG_PAGE_SIZE = 30;
// The server's own rules (accounts.schema.ts): 3–32 characters, letters, digits and . _ -, not starting with a sign.
const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{2,31}$/;
const PHONE_PATTERN = /^1\d{10}$/;
const ID_NUMBER_PATTERN = /^\d{17}[\dXx]$/;

interface Values {
  username: string;
  displayName: string;
  homeOrgId: string;
  phone?: string;
  idNumber?: string;
}

function HomeOrgSelect({ value, onChange }: { value?: string; onChange?: (id: string) => void }) {
  const { t } = useI18n();
  const [home, setHome] = useState<Org | null>(null);
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<Org[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    orgsApi
      .home()
      .then((org) => current && setHome(org))
      .catch((caught: unknown) => current && setError(errorMessage(caught)));
    return () => {
      current = false;
    };
  }, []);

  useEffect(() => {
    if (!home) return;
    let current = true;
    setLoading(true);
    const timer = setTimeout(() => {
      orgsApi
        .subtree(home.id, { q: q.trim(), pageSize: ORG_PAGE_SIZE })
        .then((page) => current && setOptions(page.items))
        .catch((caught: unknown) => current && setError(errorMessage(caught)))
        .finally(() => current && setLoading(false));
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [home, q]);

  return (
    <>
      <Select<string>
        value={value}
        onChange={(id) => onChange?.(id)}
        placeholder={t('orgs.move.targetPlaceholder')}
        showSearch={{ filterOption: false, onSearch: setQ }}
        loading={loading}
        notFoundContent={loading ? t('common.loading') : t('orgs.search.empty')}
        options={options.map((o) => ({ value: o.id, label: `${o.name}（${t(`kind.${o.kind}`)} · ${o.code}）` }))}
        data-testid="account-form-org"
      />
      {error && <Alert type="error" title={error} showIcon />}
    </>
  );
}

export function CreateAccountDialog({ onClose, onDone }: { onClose(): void; onDone(created: CreatedAccount): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: Values) => {
    setSaving(true);
    setError(null);
    const phone = values.phone?.trim();
    const idNumber = values.idNumber?.trim().toUpperCase();
    try {
      onDone(
        await accountsApi.create({
          username: values.username.trim(),
          displayName: values.displayName.trim(),
          homeOrgId: values.homeOrgId,
          ...(phone ? { phone } : {}),
          ...(idNumber ? { idNumber } : {}),
        }),
      );
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('accounts.create.title')}
      okText={t('accounts.create.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={withTestId({}, 'dialog-ok')}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit} data-testid="account-form">
        <Form.Item
          name="displayName"
          label={t('accounts.displayName')}
          rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('accounts.displayName') }) }]}
        >
          <Input maxLength={50} autoFocus data-testid="account-form-name" />
        </Form.Item>
        <Form.Item
          name="username"
          label={t('accounts.username')}
          extra={t('accounts.usernameRule')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required', { field: t('accounts.username') }) },
            { pattern: USERNAME_PATTERN, message: t('accounts.usernameRule') },
          ]}
        >
          <Input maxLength={32} autoCapitalize="none" spellCheck={false} data-testid="account-form-username" />
        </Form.Item>
        <Form.Item
          name="homeOrgId"
          label={t('accounts.homeOrg')}
          extra={t('accounts.homeOrgHelp')}
          rules={[{ required: true, message: t('validation.select', { field: t('accounts.homeOrg') }) }]}
        >
          <HomeOrgSelect />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('accounts.phone')}
          rules={[{ pattern: PHONE_PATTERN, message: t('accounts.phoneRule') }]}
        >
          <Input maxLength={11} inputMode="tel" data-testid="account-form-phone" />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('accounts.idNumber')}
          rules={[{ pattern: ID_NUMBER_PATTERN, message: t('accounts.idNumberRule') }]}
        >
          <Input maxLength={18} data-testid="account-form-id-number" />
        </Form.Item>
        {error && <Alert type="error" title={error} showIcon data-testid="form-error" />}
      </Form>
    </Modal>
  );
}
