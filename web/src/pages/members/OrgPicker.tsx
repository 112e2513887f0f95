/**
 * Picks an org of the user's subtree: the home org first, any other found by name or code. Pages keep the choice
 * in the address (?org=), so a link or a reload opens the same org.
 */
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { BRANCH_KINDS } from '../../../../src/modules/orgs/org-kinds.ts';
import { errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { orgsApi, type Org } from '../orgs/orgs-api.ts';
import { useDebounced } from './use-home-org.ts';

const PAGE_SIZE = 30;
const SEARCH_DELAY_MS = 250;

interface Props {
  home: Org;
  value: string | undefined;
  onChange(org: Org): void;
  /** Only branches (the orgs that hold members). */
  branchesOnly?: boolean;
  className?: string;
  testId: string;
  onError?(message: string): void;
}

export const isBranch = (org: Pick<Org, 'kind' | 'status'>) => BRANCH_KINDS.includes(org.kind) && org.status === 'active';

export function OrgPicker({ home, value, onChange, branchesOnly = false, className, testId, onError }: Props) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), SEARCH_DELAY_MS);
  const [found, setFound] = useState<Org[]>([]);
  const [selected, setSelected] = useState<Org | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let current = true;
    setLoading(true);
    orgsApi
      .subtree(home.id, { q, pageSize: PAGE_SIZE })
      .then((page) => current && setFound(page.items))
      .catch((caught: unknown) => current && onError?.(errorMessage(caught)))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [home.id, q, onError]);

  // The chosen org may lie outside the current search results: keep it as an option.
  useEffect(() => {
    if (!value || selected?.id === value) return;
    if (value === home.id) {
      setSelected(home);
      return;
    }
    let current = true;
    orgsApi
      .get(value)
      .then((org) => current && setSelected(org))
      .catch((caught: unknown) => current && onError?.(errorMessage(caught)));
    return () => {
      current = false;
    };
  }, [value, selected, home, onError]);

  const candidates = [...(q === '' ? [home] : []), ...(selected ? [selected] : []), ...found].filter(
    (org, index, all) => all.findIndex((o) => o.id === org.id) === index && (!branchesOnly || isBranch(org)),
  );

  return (
    <Select<string>
      className={className}
      value={value}
      placeholder={t('orgPicker.placeholder')}
      showSearch={{ filterOption: false, onSearch: setText }}
      loading={loading}
      notFoundContent={loading ? t('common.loading') : t('orgs.search.empty')}
      onChange={(id) => {
        const org = candidates.find((o) => o.id === id);
        if (!org) return;
        setSelected(org);
        setText('');
        onChange(org);
      }}
      options={candidates.map((o) => ({
        value: o.id,
        label: `${o.name}（${t(`kind.${o.kind}`)} · ${o.code}）`,
      }))}
      data-testid={testId}
    />
  );
}
