/** Right side of the org page: breadcrumb, fields, the write actions, and the committee and terms. */
import { DeleteOutlined, DragOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Breadcrumb, Button, Card, Descriptions, Flex, Tabs, Tag, Typography } from 'antd';
import { useState, type MouseEvent } from 'react';
import { DateDialog } from '../../DateDialog.tsx';
import { fromIsoDate } from '../../dates.ts';
import { useI18n } from '../../i18n.ts';
import { useCan } from '../../session.ts';
import { CommitteePanel } from './CommitteePanel.tsx';
import { MoveOrgDialog } from './MoveOrgDialog.tsx';
import { kindsAllowedUnder } from './org-rules.ts';
import { OrgFormDialog } from './OrgFormDialog.tsx';
import { orgsApi, type Org } from './orgs-api.ts';
import { TermsPanel } from './TermsPanel.tsx';

export interface OrgSelection {
  org: Org;
  /** Root first, without the org itself. */
  ancestors: Org[];
}

interface Props {
  selection: OrgSelection;
  rootId: string;
  revision: number;
  orgHref(id: string): string;
  onSelect(id: string): void;
  /** After a write: the orgs whose child lists changed (the tree re-fetches them), and those to expand. */
  onChanged(affectedIds: string[], expandIds?: string[]): void;
}

type Dialog = 'create' | 'edit' | 'move' | 'dissolve' | null;

export function OrgDetails({ selection, rootId, revision, orgHref, onSelect, onChanged }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const [dialog, setDialog] = useState<Dialog>(null);
  const { org, ancestors } = selection;
  const parent = ancestors.at(-1) ?? null;
  const active = org.status === 'active';
  const canHaveChildren = kindsAllowedUnder(org).length > 0;
  const dash = '—';

  const crumbs = [
    ...ancestors.map((a) => ({
      key: a.id,
      title: a.name,
      href: orgHref(a.id),
      onClick: (event: MouseEvent<HTMLElement>) => {
        event.preventDefault();
        onSelect(a.id);
      },
    })),
    { key: org.id, title: org.name },
  ];

  const fields = [
    { key: 'code', label: t('org.code'), children: <span data-testid="org-field-code">{org.code}</span> },
    { key: 'kind', label: t('org.kind'), children: <span data-testid="org-field-kind">{t(`kind.${org.kind}`)}</span> },
    {
      key: 'domain',
      label: t('org.domain'),
      children: <span data-testid="org-field-domain">{t(`domain.${org.domain}`)}</span>,
    },
    {
      key: 'parent',
      label: t('org.parent'),
      children: <span data-testid="org-field-parent">{parent?.name ?? dash}</span>,
    },
    { key: 'established', label: t('org.establishedOn'), children: org.establishedOn ?? dash },
    ...(org.kind === 'temporary' || org.plannedEndOn
      ? [{ key: 'plannedEnd', label: t('org.plannedEndOn'), children: org.plannedEndOn ?? dash }]
      : []),
    ...(org.dissolvedOn ? [{ key: 'dissolved', label: t('org.dissolvedOn'), children: org.dissolvedOn }] : []),
  ];

  return (
    <Flex vertical gap={16}>
      <Card data-testid="org-details">
        <Flex vertical gap={16}>
          {ancestors.length > 0 && <Breadcrumb items={crumbs} data-testid="org-breadcrumb" />}
          <Flex align="center" wrap gap={8}>
            <Typography.Title level={4} className="org-title" data-testid="org-title">
              {org.name}
            </Typography.Title>
            {active ? (
              <Tag color="green" data-testid="org-status">
                {t('status.active')}
              </Tag>
            ) : (
              <Tag color="default" data-testid="org-status">
                {t('status.dissolved')}
              </Tag>
            )}
          </Flex>
          {can('org.write') && (
            <Flex wrap gap={8}>
              <Button
                type="primary"
                icon={<PlusOutlined />}
                disabled={!active || !canHaveChildren}
                onClick={() => setDialog('create')}
                data-testid="org-action-create"
              >
                {t('orgs.action.create')}
              </Button>
              <Button icon={<EditOutlined />} disabled={!active} onClick={() => setDialog('edit')} data-testid="org-action-edit">
                {t('orgs.action.edit')}
              </Button>
              <Button
                icon={<DragOutlined />}
                disabled={!active || !parent}
                onClick={() => setDialog('move')}
                data-testid="org-action-move"
              >
                {t('orgs.action.move')}
              </Button>
              <Button
                danger
                icon={<DeleteOutlined />}
                disabled={!active || !parent}
                onClick={() => setDialog('dissolve')}
                data-testid="org-action-dissolve"
              >
                {t('orgs.action.dissolve')}
              </Button>
            </Flex>
          )}
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={fields} data-testid="org-fields" />
        </Flex>
      </Card>

      <Card title={t('orgs.teamAndTerms')} size="small">
        <Tabs
          size="small"
          items={[
            { key: 'committee', label: t('committee.tab'), children: <CommitteePanel org={org} revision={revision} /> },
            { key: 'terms', label: t('terms.tab'), children: <TermsPanel org={org} revision={revision} /> },
          ]}
        />
      </Card>

      {dialog === 'create' && (
        <OrgFormDialog
          mode={{ type: 'create', parent: org }}
          onClose={() => setDialog(null)}
          onDone={(child) => {
            setDialog(null);
            message.success(t('orgs.create.done', { name: child.name }));
            onChanged([org.id], [org.id]);
          }}
        />
      )}
      {dialog === 'edit' && (
        <OrgFormDialog
          mode={{ type: 'edit', org, parent }}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            message.success(t('common.saved'));
            onChanged([org.id]);
          }}
        />
      )}
      {dialog === 'move' && (
        <MoveOrgDialog
          org={org}
          rootId={rootId}
          onClose={() => setDialog(null)}
          onDone={(_moved, target) => {
            setDialog(null);
            message.success(t('orgs.move.done', { name: target.name }));
            onChanged([...(org.parentId ? [org.parentId] : []), target.id]);
          }}
        />
      )}
      {dialog === 'dissolve' && (
        <DateDialog
          title={t('orgs.dissolve.title', { name: org.name })}
          hint={t('orgs.dissolve.hint')}
          label={t('org.dissolvedOn')}
          okText={t('orgs.dissolve.confirm')}
          danger
          earliest={fromIsoDate(org.establishedOn)}
          future
          onSubmit={async (date) => {
            await orgsApi.dissolve(org.id, org.version, date);
            setDialog(null);
            message.success(t('orgs.dissolve.done', { name: org.name }));
            onChanged(org.parentId ? [org.parentId] : []);
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </Flex>
  );
}
