/** The elections of the chosen org and its subtree, newest first; a new election; the locality's 差额 figure. */
import { CalendarOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, InputNumber, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { followLink, navigate } from '../../router.ts';
import { useCan } from '../../session.ts';
import { useLoad } from '../../use-load.ts';
import { ScopedPage } from '../members/ScopedPage.tsx';
import { orgsApi, type Org } from '../orgs/orgs-api.ts';
import { CreateElectionDialog } from './ElectionDialogs.tsx';
import { electionsApi, type ElectionListItem, type ElectionState, type MarginSetting } from './elections-api.ts';
import { electionHref, TERMS_PATH } from './paths.ts';

const PAGE_SIZE = 20;
const STATE_COLORS: Record<ElectionState, string> = { draft: 'default', counted: 'blue', confirmed: 'green', cancelled: 'default' };

export function StateTag({ state }: { state: ElectionState }) {
  const { t } = useI18n();
  return <Tag color={STATE_COLORS[state]}>{t(`elections.state.${state}`)}</Tag>;
}

function MarginSettingPanel({ orgId }: { orgId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [setting, setSetting] = useState<MarginSetting | null>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    electionsApi
      .margin(orgId)
      .then((m) => {
        if (!current) return;
        setSetting(m);
        setPercent(m.ownOverride);
      })
      .catch((caught: unknown) => current && setError(errorMessage(caught)));
    return () => {
      current = false;
    };
  }, [orgId]);

  const save = async (value: number | null) => {
    if (!setting) return;
    try {
      const next = await electionsApi.setMargin(orgId, value, setting.version);
      setSetting(next);
      setPercent(next.ownOverride);
      message.success(t('elections.marginSetting.saved'));
    } catch (caught) {
      message.error(errorMessage(caught));
    }
  };

  if (error) return <Alert type="error" title={error} showIcon />;
  if (!setting) return null;
  return (
    <Flex wrap gap={8} align="center" data-testid="election-margin-setting">
      <Typography.Text strong>{t('elections.marginSetting.title')}</Typography.Text>
      <Typography.Text type="secondary">{t('elections.marginSetting.text', { percent: setting.percent, default: setting.ruleDefault })}</Typography.Text>
      <InputNumber min={0} max={100} precision={0} value={percent} onChange={setPercent} suffix="%" placeholder={String(setting.percent)} />
      <Button onClick={() => void save(percent)} disabled={percent === null}>
        {t('common.save')}
      </Button>
      {setting.ownOverride !== null && <Button onClick={() => void save(null)}>{t('elections.marginSetting.clear')}</Button>}
    </Flex>
  );
}

function Elections({ orgId }: { orgId: string }) {
  const { t } = useI18n();
  const can = useCan();
  const [page, setPage] = useState(1);
  const { data, error } = useLoad(() => electionsApi.list(orgId, page, PAGE_SIZE), [orgId, page]);

  return (
    <Flex vertical gap={12}>
      {error && <Alert type="error" title={error} showIcon />}
      <Table<ElectionListItem>
        size="small"
        rowKey="id"
        loading={!data && !error}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('elections.empty') }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          {
            key: 'org',
            title: t('elections.col.org'),
            render: (_, row) => (
              <a href={electionHref(row.id)} onClick={(event) => followLink(event, electionHref(row.id))} data-testid={`election-link-${row.id}`}>
                {row.orgName}
              </a>
            ),
          },
          { key: 'heldOn', title: t('elections.col.heldOn'), dataIndex: 'heldOn' },
          { key: 'seats', title: t('elections.col.seats'), dataIndex: 'seats' },
          { key: 'candidates', title: t('elections.col.candidates'), dataIndex: 'candidates' },
          { key: 'elected', title: t('elections.col.elected'), dataIndex: 'elected' },
          { key: 'state', title: t('elections.col.state'), render: (_, row) => <StateTag state={row.state} /> },
        ]}
      />
      {can('org.write') && <MarginSettingPanel orgId={orgId} />}
    </Flex>
  );
}

export function ElectionList() {
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const [creatingFor, setCreatingFor] = useState<Org | null>(null);

  const startCreate = useCallback(
    (orgId: string) => {
      orgsApi
        .get(orgId)
        .then(setCreatingFor)
        .catch((caught: unknown) => message.error(errorMessage(caught)));
    },
    [message],
  );

  return (
    <ScopedPage
      title={t('elections.title')}
      testId="elections"
      extra={(orgId) => (
        <Flex gap={8} wrap>
          <Button icon={<CalendarOutlined />} onClick={() => navigate(TERMS_PATH)} data-testid="elections-terms-link">
            {t('elections.termsLink')}
          </Button>
          {can('meeting.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => startCreate(orgId)} data-testid="election-new">
              {t('elections.new')}
            </Button>
          )}
        </Flex>
      )}
    >
      {(orgId) => (
        <>
          <Elections orgId={orgId} />
          {creatingFor && (
            <CreateElectionDialog
              org={creatingFor}
              onClose={() => setCreatingFor(null)}
              onDone={(election) => {
                setCreatingFor(null);
                navigate(electionHref(election.id));
              }}
            />
          )}
        </>
      )}
    </ScopedPage>
  );
}
