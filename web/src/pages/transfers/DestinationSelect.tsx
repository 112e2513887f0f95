/** A branch anywhere in the installation, found by name or code (the one search that leaves the user's subtree). */
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { useDebounced } from '../members/use-home-org.ts';
import { transfersApi, type Destination } from './transfers-api.ts';

const SEARCH_DELAY_MS = 250;

interface Props {
  value?: string;
  onChange?(id: string): void;
  /** Left out of the choices (the member's own branch). */
  excludeId?: string;
  testId: string;
  onError?(message: string): void;
}

export function DestinationSelect({ value, onChange, excludeId, testId, onError }: Props) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), SEARCH_DELAY_MS);
  const [found, setFound] = useState<Destination[]>([]);
  const [chosen, setChosen] = useState<Destination | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (!q) {
      setFound([]);
      return;
    }
    let current = true;
    setLoading(true);
    transfersApi
      .destinations(q)
      .then((list) => current && setFound(list))
      .catch((caught: unknown) => current && onError?.(errorMessage(caught)))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [q, onError]);

  const options = [...(chosen ? [chosen] : []), ...found].filter(
    (d, index, all) => d.id !== excludeId && all.findIndex((o) => o.id === d.id) === index,
  );
  return (
    <Select<string>
      value={value}
      placeholder={t('destination.placeholder')}
      showSearch={{ filterOption: false, onSearch: setText }}
      loading={loading}
      notFoundContent={loading ? t('common.loading') : q ? t('orgs.search.empty') : t('destination.typeToSearch')}
      onChange={(id) => {
        setChosen(options.find((d) => d.id === id) ?? null);
        onChange?.(id);
      }}
      options={options.map((d) => ({ value: d.id, label: `${d.name}（${d.code}）` }))}
      data-testid={testId}
    />
  );
}
