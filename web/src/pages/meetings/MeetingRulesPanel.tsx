/**
 * 会议制度 of an org: the cadence in force for each required meeting type, who owes it (the branch, its committee,
 * each 党小组), where the cadence comes from (the national rule version, or the locality at or above the org that
 * set it) and the article cited; an administrator sets the org's own cadences for its subtree.
 */
import { EditOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Grid, Spin, Table, Tag, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useI18n } from '../../i18n.ts';
import { useCan } from '../../session.ts';
import { useLoad } from '../../use-load.ts';
import type { Org } from '../orgs/orgs-api.ts';
import { cadenceKey, scopeKey, typeKey } from './meeting-labels.ts';
import { MeetingRulesDialog } from './MeetingRulesDialog.tsx';
import { meetingsApi, type RuleRequirement } from './meetings-api.ts';

function SourceTag({ requirement, orgId }: { requirement: RuleRequirement; orgId: string }) {
  const { t } = useI18n();
  const { source } = requirement;
  if (source.kind === 'national') {
    return <Tag data-testid={`rules-source-${requirement.type}`}>{t('meetingRules.source.national', { version: source.ruleVersion })}</Tag>;
  }
  return (
    <Tag color={source.orgId === orgId ? 'red' : 'blue'} data-testid={`rules-source-${requirement.type}`}>
      {source.orgId === orgId ? t('meetingRules.source.own', { org: source.orgName }) : t('meetingRules.source.local', { org: source.orgName })}
    </Tag>
  );
}

export function MeetingRulesPanel({ org }: { org: Org }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const phone = Grid.useBreakpoint().md === false;
  const { data: rules, error, reload, setData: setRules } = useLoad(() => meetingsApi.rules(org.id), [org.id]);
  const [editing, setEditing] = useState(false);

  const editable = can('org.write') && org.status === 'active' && org.kind !== 'group';
  const ownTypes = rules ? Object.keys(rules.overrides).length : 0;

  return (
    <Flex vertical gap={12} data-testid="meeting-rules">
      <Flex wrap gap={8} justify="space-between" align="center">
        <Typography.Text type="secondary" className="rules-intro">
          {org.kind === 'group' ? t('meetingRules.groupFollowsBranch') : t('meetingRules.intro')}
        </Typography.Text>
        {editable && rules && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="meeting-rules-edit">
            {t('meetingRules.edit')}
          </Button>
        )}
      </Flex>
      {error && <Alert type="error" showIcon title={error} />}
      {!rules && !error && <Spin />}
      {rules && (
        <>
          <Flex wrap gap={12} className="compliance-meta">
            <Typography.Text strong data-testid="meeting-rules-org">
              {org.name}
            </Typography.Text>
            <Typography.Text type="secondary">{t('meetingRules.national', { version: rules.ruleVersion })}</Typography.Text>
            <Typography.Text type="secondary" data-testid="meeting-rules-own">
              {ownTypes === 0 ? t('meetingRules.noOwn') : t('meetingRules.own', { count: ownTypes })}
            </Typography.Text>
          </Flex>
          <Table<RuleRequirement>
            size="small"
            rowKey="type"
            pagination={false}
            dataSource={rules.requirements}
            data-testid="meeting-rules-table"
            onRow={(r) => ({ 'data-testid': `rules-row-${r.type}` }) as HTMLAttributes<HTMLElement>}
            columns={
              phone
                ? [
                    {
                      key: 'requirement',
                      title: t('compliance.requirement'),
                      render: (_: unknown, r) => (
                        <Flex vertical gap={4}>
                          <span>
                            <b>{t(typeKey(r.type))}</b> <span data-testid={`rules-cadence-${r.type}`}>{t(cadenceKey(r.cadence))}</span>
                            <Typography.Text type="secondary"> · {t(scopeKey(r.scope))}</Typography.Text>
                          </span>
                          <span>
                            <SourceTag requirement={r} orgId={org.id} />
                          </span>
                          <Typography.Text type="secondary" className="compliance-cite" data-testid={`rules-cite-${r.type}`}>
                            {r.cite}
                          </Typography.Text>
                        </Flex>
                      ),
                    },
                  ]
                : [
                    { key: 'type', title: t('meeting.primaryType'), width: 130, render: (_: unknown, r) => <b>{t(typeKey(r.type))}</b> },
                    {
                      key: 'cadence',
                      title: t('meetingRules.cadence'),
                      width: 90,
                      render: (_: unknown, r) => <span data-testid={`rules-cadence-${r.type}`}>{t(cadenceKey(r.cadence))}</span>,
                    },
                    { key: 'scope', title: t('meetingRules.scope'), width: 120, render: (_: unknown, r) => t(scopeKey(r.scope)) },
                    { key: 'source', title: t('meetingRules.sourceColumn'), width: 200, render: (_: unknown, r) => <SourceTag requirement={r} orgId={org.id} /> },
                    {
                      key: 'cite',
                      title: t('meetingRules.cite'),
                      render: (_: unknown, r) => (
                        <Typography.Text type="secondary" className="rules-cite" data-testid={`rules-cite-${r.type}`}>
                          {r.cite}
                        </Typography.Text>
                      ),
                    },
                  ]
            }
          />
        </>
      )}
      {editing && rules && (
        <MeetingRulesDialog
          org={org}
          rules={rules}
          onClose={() => {
            setEditing(false);
            // A refusal for a stale version leaves the dialog: show what the others set.
            reload();
          }}
          onSaved={(saved) => {
            setRules(saved);
            setEditing(false);
            void message.success(t('meetingRules.saved'));
          }}
        />
      )}
    </Flex>
  );
}
