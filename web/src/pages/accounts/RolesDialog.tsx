/**
 * The roles of one account (security administrator). 三员分立: the three administrator roles exclude each other;
 * the rule is stated above them and the server's refusal is shown as it comes.
 */
import { Alert, Checkbox, Flex, Modal, Typography } from 'antd';
import { useState } from 'react';
import { ADMIN_ROLES, ROLES } from '../../../../src/modules/accounts/roles.ts';
import { ApiError, errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { withTestId } from '../../test-ids.ts';
import { accountsApi, type Account, type Role } from './accounts-api.ts';

const OTHER_ROLES = ROLES.filter((r) => !ADMIN_ROLES.includes(r));
const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);

export function RolesDialog({ account, onClose, onDone }: { account: Account; onClose(): void; onDone(a: Account): void }) {
  const { t } = useI18n();
  const [roles, setRoles] = useState<Role[]>(account.roles);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // The server names the clashing pair; say it with the roles' own names.
  const refusal = (caught: unknown): string => {
    if (caught instanceof ApiError && caught.code === 'role.admin_roles_exclusive') {
      const details = caught.details;
      const pair = typeof details === 'object' && details !== null && 'roles' in details ? details.roles : null;
      if (Array.isArray(pair) && isRole(pair[0]) && isRole(pair[1])) {
        const [a, b] = [pair[0], pair[1]];
        const [first, second] = ROLES.indexOf(a) <= ROLES.indexOf(b) ? [a, b] : [b, a];
        return t('roles.clash', { first: t(`role.${first}`), second: t(`role.${second}`) });
      }
    }
    return errorMessage(caught);
  };

  const submit = async () => {
    setSaving(true);
    setError(null);
    try {
      onDone(await accountsApi.setRoles(account, roles));
    } catch (caught) {
      setError(refusal(caught));
    } finally {
      setSaving(false);
    }
  };

  const group = (list: readonly Role[]) => (
    <Checkbox.Group<Role>
      className="roles-group"
      value={roles.filter((r) => list.includes(r))}
      onChange={(chosen) => {
        setRoles([...roles.filter((r) => !list.includes(r)), ...chosen]);
        setError(null);
      }}
      options={list.map((r) => ({
        value: r,
        label: <span data-testid={`role-option-${r}`}>{t(`role.${r}`)}</span>,
      }))}
    />
  );

  return (
    <Modal
      open
      title={t('roles.title', { name: account.displayName })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={withTestId({}, 'dialog-ok')}
      onOk={() => void submit()}
      onCancel={onClose}
      mask={{ closable: false }}
    >
      <Flex vertical gap={12} data-testid="roles-dialog">
        <Typography.Text strong>{t('roles.adminGroup')}</Typography.Text>
        <Alert type="info" showIcon title={t('roles.separationRule')} />
        {group(ADMIN_ROLES)}
        <Typography.Text strong>{t('roles.otherGroup')}</Typography.Text>
        {group(OTHER_ROLES)}
        <Typography.Text type="secondary">{t('roles.sessionsEnd')}</Typography.Text>
        {error && <Alert type="error" title={error} showIcon data-testid="form-error" />}
      </Flex>
    </Modal>
  );
}
