/** Move an org (with its subtree) under a new parent picked by searching the home org's subtree. */
import { Alert, Form, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api.ts';
import { FormDialog } from '../../FormDialog.tsx';
import { useI18n } from '../../i18n.ts';
import { orgsApi, type Org } from './orgs-api.ts';

const TARGET_PAGE_SIZE = 30;

interface Props {
  org: Org;
  rootId: string;
  onClose(): void;
  onDone(moved: Org, target: Org): void;
}

interface Values {
  targetId?: string;
}

export function MoveOrgDialog({ org, rootId, onClose, onDone }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const targetId = Form.useWatch('targetId', form);
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<Org[]>([]);
  const [loading, setLoading] = useState(false);
  const [searchError, setSearchError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setLoading(true);
    const timer = setTimeout(() => {
      orgsApi
        .subtree(rootId, { q: q.trim(), pageSize: TARGET_PAGE_SIZE })
        .then((page) => {
          if (!current) return;
          setOptions(page.items.filter((o) => o.id !== org.id));
          setSearchError(null);
        })
        .catch((caught: unknown) => current && setSearchError(errorMessage(caught)))
        .finally(() => current && setLoading(false));
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [q, rootId, org.id]);

  const target = options.find((o) => o.id === targetId);

  return (
    <FormDialog<Values>
      title={t('orgs.move.title', { name: org.name })}
      okText={t('orgs.action.move')}
      okDisabled={!target}
      form={form}
      onSubmit={async () => {
        if (target) onDone(await orgsApi.move(org.id, target.id, org.version), target);
      }}
      onClose={onClose}
      testId="move-form"
    >
      <Typography.Paragraph type="secondary">{t('orgs.move.hint')}</Typography.Paragraph>
      <Form.Item name="targetId" label={t('orgs.move.target')} required>
        <Select<string>
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
      {searchError && <Alert type="error" title={searchError} showIcon />}
    </FormDialog>
  );
}
