/** Move an org (with its subtree) under a new parent picked by searching the home org's subtree. */
import { Alert, Form, Modal, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { withTestId } from '../../test-ids.ts';
import { orgsApi, type Org } from './orgs-api.ts';

const TARGET_PAGE_SIZE = 30;

interface Props {
  org: Org;
  rootId: string;
  onClose(): void;
  onDone(moved: Org, target: Org): void;
}

export function MoveOrgDialog({ org, rootId, onClose, onDone }: Props) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<Org[]>([]);
  const [loading, setLoading] = useState(false);
  const [targetId, setTargetId] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setLoading(true);
    const timer = setTimeout(() => {
      orgsApi
        .subtree(rootId, { q: q.trim(), pageSize: TARGET_PAGE_SIZE })
        .then((page) => current && setOptions(page.items.filter((o) => o.id !== org.id)))
        .catch((caught: unknown) => current && setError(errorMessage(caught)))
        .finally(() => current && setLoading(false));
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [q, rootId, org.id]);

  const target = options.find((o) => o.id === targetId);

  const submit = async () => {
    if (!target) return;
    setSaving(true);
    setError(null);
    try {
      onDone(await orgsApi.move(org.id, target.id, org.version), target);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('orgs.move.title', { name: org.name })}
      okText={t('orgs.action.move')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={withTestId({ disabled: !target }, 'dialog-ok')}
      onOk={() => void submit()}
      onCancel={onClose}
      mask={{ closable: false }}
    >
      <Typography.Paragraph type="secondary">{t('orgs.move.hint')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('orgs.move.target')} required>
          <Select<string>
            value={targetId}
            onChange={(value) => {
              setTargetId(value);
              setError(null);
            }}
            placeholder={t('orgs.move.targetPlaceholder')}
            showSearch={{ filterOption: false, onSearch: setQ }}
            loading={loading}
            notFoundContent={loading ? t('common.loading') : t('orgs.search.empty')}
            options={options.map((o) => ({
              value: o.id,
              label: `${o.name}（${t(`kind.${o.kind}`)} · ${o.code}）`,
            }))}
            data-testid="move-target"
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" title={error} showIcon data-testid="form-error" />}
    </Modal>
  );
}
