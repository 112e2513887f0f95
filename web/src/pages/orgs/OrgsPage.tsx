/** The org tree page: tree and search on the left, the selected org on the right; a tab for term reminders. */
import { Alert, App, Button, Card, Col, Grid, Result, Row, Spin, Tabs } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { navigate, useLocation } from '../../router.ts';
import { OrgDetails, type OrgSelection } from './OrgDetails.tsx';
import { OrgTreePanel } from './OrgTreePanel.tsx';
import { orgsApi } from './orgs-api.ts';
import { TermsDuePanel } from './TermsDuePanel.tsx';
import { useOrgTree } from './use-org-tree.ts';

const PAGE_PATH = '/orgs';

function pageHref(orgId: string | null, tab: 'tree' | 'due' = 'tree'): string {
  const params = new URLSearchParams();
  if (orgId) params.set('org', orgId);
  if (tab === 'due') params.set('tab', 'due');
  const query = params.toString();
  return query ? `${PAGE_PATH}?${query}` : PAGE_PATH;
}

const orgHref = (id: string) => pageHref(id);

export function OrgsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { query } = useLocation();
  const phone = Grid.useBreakpoint().md === false;
  const tree = useOrgTree();
  const { home, reveal, refresh, expand } = tree;
  const selectedId = query.get('org') ?? home?.id ?? null;
  const tab = query.get('tab') === 'due' ? 'due' : 'tree';
  const [selection, setSelection] = useState<OrgSelection | null>(null);
  const [selectionError, setSelectionError] = useState<string | null>(null);
  const [revision, setRevision] = useState(0);
  const detailsRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!selectedId) return;
    let current = true;
    Promise.all([orgsApi.get(selectedId), orgsApi.ancestors(selectedId)])
      .then(([org, ancestors]) => {
        if (!current) return;
        setSelection({ org, ancestors });
        setSelectionError(null);
        return reveal(ancestors);
      })
      .catch((error: unknown) => current && setSelectionError(errorMessage(error)));
    return () => {
      current = false;
    };
  }, [selectedId, revision, reveal]);

  const select = useCallback(
    (id: string) => {
      navigate(orgHref(id), { replace: true });
      // On a phone the details sit below the tree.
      if (phone) detailsRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    },
    [phone],
  );

  const onChanged = useCallback(
    (affectedIds: string[], expandIds: string[] = []) => {
      refresh(affectedIds)
        .then(() => expand(expandIds))
        .catch((error: unknown) => message.error(errorMessage(error)));
      setRevision((r) => r + 1);
    },
    [refresh, expand, message],
  );

  if (tree.homeError) {
    const noRoot = tree.homeError instanceof ApiError && tree.homeError.code === 'org.no_root';
    return noRoot ? (
      <Result status="info" title={t('orgs.noRoot.title')} subTitle={t('orgs.noRoot.hint')} />
    ) : (
      <Result
        status={tree.homeError instanceof ApiError && tree.homeError.status === 401 ? 'warning' : 'error'}
        title={errorMessage(tree.homeError)}
        extra={<Button onClick={() => void tree.reloadHome()}>{t('common.retry')}</Button>}
      />
    );
  }
  if (!home) return <Spin className="page-spin" />;

  const treeTab = (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={9} xl={7}>
        <Card size="small" className="org-tree-card">
          <OrgTreePanel tree={tree} home={home} selectedId={selectedId} onSelect={select} />
        </Card>
      </Col>
      <Col xs={24} md={15} xl={17} ref={detailsRef}>
        {selectionError && <Alert type="error" title={selectionError} showIcon />}
        {selection ? (
          <OrgDetails
            selection={selection}
            rootId={home.id}
            revision={revision}
            orgHref={orgHref}
            onSelect={select}
            onChanged={onChanged}
          />
        ) : (
          !selectionError && <Spin />
        )}
      </Col>
    </Row>
  );

  return (
    <Tabs
      className="orgs-tabs"
      activeKey={tab}
      onChange={(key) => navigate(pageHref(query.get('org'), key === 'due' ? 'due' : 'tree'), { replace: true })}
      items={[
        { key: 'tree', label: <span data-testid="tab-tree">{t('orgs.tab.tree')}</span>, children: treeTab },
        {
          key: 'due',
          label: <span data-testid="tab-terms-due">{t('orgs.tab.termsDue')}</span>,
          children: <TermsDuePanel onSelect={select} />,
        },
      ]}
    />
  );
}
