/** Left side of the org page: search with filters, and the lazy tree (or the search results). */
import { Alert, App, Button, Checkbox, Empty, Flex, Input, Select, Spin, Tag, Tree, Typography, type TreeDataNode } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { useLoad } from '../../use-load.ts';
import { useDebounced } from '../members/use-home-org.ts';
import { ORG_DOMAINS, ORG_KINDS } from './org-rules.ts';
import { orgsApi, type Org, type OrgDomain, type OrgKind } from './orgs-api.ts';
import type { OrgTree } from './use-org-tree.ts';

const RESULT_PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 300;

interface Props {
  tree: OrgTree;
  home: Org;
  selectedId: string | null;
  onSelect(id: string): void;
}

function OrgLabel({ org }: { org: Org }) {
  const { t } = useI18n();
  return (
    <span className="org-label" data-testid={`org-node-${org.code}`}>
      <span className={org.status === 'dissolved' ? 'org-label-name org-dissolved' : 'org-label-name'}>{org.name}</span>
      <span className="org-label-kind">{t(`kind.${org.kind}`)}</span>
      {org.status === 'dissolved' && <Tag>{t('status.dissolved')}</Tag>}
    </span>
  );
}

export function OrgTreePanel({ tree, home, selectedId, onSelect }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [kind, setKind] = useState<OrgKind | undefined>();
  const [domain, setDomain] = useState<OrgDomain | undefined>();
  const q = useDebounced(text.trim(), SEARCH_DELAY_MS);
  const searching = q !== '' || kind !== undefined || domain !== undefined;
  const status = tree.showDissolved ? 'all' : 'active';
  const {
    data: results,
    error: searchError,
    setData: setResults,
  } = useLoad(
    () => (searching ? orgsApi.subtree(home.id, { q, kind, domain, status, pageSize: RESULT_PAGE_SIZE }) : null),
    [searching, home.id, q, kind, domain, status],
    { keep: true },
  );

  const clearSearch = () => {
    setText('');
    setKind(undefined);
    setDomain(undefined);
    setResults(null);
  };

  const toNode = (org: Org): TreeDataNode => {
    const children = tree.childrenOf[org.id];
    return {
      key: org.id,
      title: <OrgLabel org={org} />,
      isLeaf: org.childCount === 0 && !children?.length,
      ...(children ? { children: children.map(toNode) } : {}),
    };
  };

  const loadData = async (node: TreeDataNode) => {
    try {
      await tree.loadChildren(String(node.key));
    } catch (error) {
      message.error(errorMessage(error));
      throw error;
    }
  };

  return (
    <Flex vertical gap={12}>
      <Input.Search
        allowClear
        value={text}
        placeholder={t('orgs.search.placeholder')}
        onChange={(event) => setText(event.target.value)}
        onSearch={(value) => setText(value)}
        data-testid="org-search"
      />
      <Flex gap={8}>
        <Select<OrgKind>
          allowClear
          className="org-filter"
          placeholder={t('orgs.search.anyKind')}
          value={kind}
          onChange={(value) => setKind(value)}
          options={ORG_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          data-testid="org-search-kind"
        />
        <Select<OrgDomain>
          allowClear
          className="org-filter"
          placeholder={t('orgs.search.anyDomain')}
          value={domain}
          onChange={(value) => setDomain(value)}
          options={ORG_DOMAINS.map((d) => ({ value: d, label: t(`domain.${d}`) }))}
          data-testid="org-search-domain"
        />
      </Flex>
      <Checkbox
        checked={tree.showDissolved}
        onChange={(event) => {
          tree.setShowDissolved(event.target.checked).catch((error: unknown) => message.error(errorMessage(error)));
        }}
        data-testid="show-dissolved"
      >
        {t('orgs.search.showDissolved')}
      </Checkbox>
      {searching ? (
        <div className="org-results" data-testid="org-search-results">
          <Flex justify="space-between" align="center" className="org-results-head">
            <Typography.Text type="secondary">
              {results ? t('orgs.search.total', { total: results.total }) : t('common.loading')}
            </Typography.Text>
            <Button type="link" size="small" onClick={clearSearch}>
              {t('orgs.search.back')}
            </Button>
          </Flex>
          {searchError && <Alert type="error" title={searchError} showIcon />}
          {!results && !searchError && <Spin />}
          {results && results.items.length === 0 && (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgs.search.empty')} />
          )}
          {results?.items.map((org) => (
            <button
              type="button"
              key={org.id}
              className={org.id === selectedId ? 'org-result org-result-selected' : 'org-result'}
              onClick={() => onSelect(org.id)}
              data-testid={`org-result-${org.code}`}
            >
              <span className={org.status === 'dissolved' ? 'org-result-name org-dissolved' : 'org-result-name'}>
                {org.name}
              </span>
              <span className="org-result-meta">
                {org.code} · {t(`kind.${org.kind}`)} · {t(`domain.${org.domain}`)}
                {org.status === 'dissolved' && ` · ${t('status.dissolved')}`}
              </span>
            </button>
          ))}
          {results && results.total > results.items.length && (
            <Typography.Text type="secondary">{t('orgs.search.more', { shown: results.items.length })}</Typography.Text>
          )}
        </div>
      ) : (
        <div className="org-tree" data-testid="org-tree">
          <Tree
            blockNode
            showLine
            treeData={[toNode(home)]}
            loadData={loadData}
            expandedKeys={tree.expandedKeys}
            onExpand={(keys) => tree.setExpandedKeys(keys.map(String))}
            selectedKeys={selectedId ? [selectedId] : []}
            onSelect={(_keys, info) => onSelect(String(info.node.key))}
          />
        </div>
      )}
    </Flex>
  );
}
