/** Picks a member of the user's subtree by name (the member pickers of transfers, flowing members and the pools). */
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { statusKey } from './member-labels.ts';
import { membersApi, type Member } from './members-api.ts';
import { useDebounced } from './use-home-org.ts';

const PAGE_SIZE = 20;
const SEARCH_DELAY_MS = 250;

interface Props {
  orgId: string;
  value?: string;
  onChange?(id: string, member: Member): void;
  /** Offered only when true (a mentor must be a full member, …). */
  filter?(member: Member): boolean;
  testId: string;
  onError?(message: string): void;
}

export function MemberSelect({ orgId, value, onChange, filter, testId, onError }: Props) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), SEARCH_DELAY_MS);
  const [found, setFound] = useState<Member[]>([]);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let current = true;
    setLoading(true);
    membersApi
      .list({ orgId, q: q || undefined, pageSize: PAGE_SIZE })
      .then((page) => current && setFound(page.items))
      .catch((caught: unknown) => current && onError?.(errorMessage(caught)))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [orgId, q, onError]);

  const options = found.filter((m) => !filter || filter(m));
  return (
    <Select<string>
      value={value}
      placeholder={t('memberSelect.placeholder')}
      showSearch={{ filterOption: false, onSearch: setText }}
      loading={loading}
      notFoundContent={loading ? t('common.loading') : t('roster.empty')}
      onChange={(id) => {
        const member = options.find((m) => m.id === id);
        if (member) onChange?.(id, member);
      }}
      options={options.map((m) => ({
        value: m.id,
        label: `${m.name}（${t(statusKey(m.status))} · ${m.age}${t('memberSelect.years')}）`,
      }))}
      data-testid={testId}
    />
  );
}
