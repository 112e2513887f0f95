/**
 * One member's record: every field (ID number and phone masked, 查看完整 for those allowed, audited), edit, the
 * actions of the record (transfer letter, flowing member, community reporting, pairs, reserve pool, care) and the
 * history as a timeline.
 */
import { ArrowLeftOutlined, DownOutlined, EditOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Dropdown, Flex, Result, Spin, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { formatDateTime } from '../../dates.ts';
import { useI18n } from '../../i18n.ts';
import { followLink, navigate } from '../../router.ts';
import { useCan, useMe } from '../../session.ts';
import { useLoad } from '../../use-load.ts';
import { RevealValue } from '../accounts/RevealValue.tsx';
import { RegisterCommunityDialog } from '../flowing/CommunityDialogs.tsx';
import { StartFlowingDialog } from '../flowing/FlowingDialogs.tsx';
import { orgsApi } from '../orgs/orgs-api.ts';
import { AddReserveDialog, CareDialog, StartPairDialog } from '../pools/PoolDialogs.tsx';
import { IssueTransferDialog } from '../transfers/IssueTransferDialog.tsx';
import { printHref } from '../transfers/paths.ts';
import type { Transfer } from '../transfers/transfers-api.ts';
import { educationKey, householdKey, isEducation, sexKey, statusKey } from './member-labels.ts';
import { MemberFormDialog } from './MemberFormDialog.tsx';
import { MemberHistory } from './MemberHistory.tsx';
import { membersApi } from './members-api.ts';
import { useOrgNames } from './org-names.ts';
import { FlagTags, ROSTER_PATH } from './RosterPage.tsx';

type Dialog = 'edit' | 'transfer' | 'flowing' | 'community' | 'pair' | 'reserve' | 'care' | null;

export function MemberDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const me = useMe();
  const [revision, setRevision] = useState(0);
  const { data: member, error, setData: setMember } = useLoad(() => membersApi.get(id), [id, revision], { keep: true });
  const { data: history, error: historyError } = useLoad(() => membersApi.history(id), [id, revision], { keep: true });
  const groupId = member?.groupId;
  const { data: group } = useLoad(() => (groupId ? orgsApi.get(groupId) : null), [groupId]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [issued, setIssued] = useState<Transfer | null>(null);
  const orgNames = useOrgNames(member ? [member.orgId] : []);

  const reload = useCallback(() => setRevision((r) => r + 1), []);
  /** After a dialog saved: say so, close it, show the record and history afresh. */
  const done = (text: string) => {
    setDialog(null);
    message.success(text);
    reload();
  };

  if (error) {
    return (
      <Result
        status="warning"
        title={error}
        extra={<Button onClick={() => navigate(ROSTER_PATH)}>{t('member.backToRoster')}</Button>}
      />
    );
  }
  if (!member) return <Spin className="page-spin" />;

  const dash = '—';
  const active = member.membership === 'active';
  const writable = can('member.write') && active;
  const scopeOrgId = me.account.homeOrg.id;

  const fields = [
    { key: 'name', label: t('member.name'), children: member.name },
    { key: 'sex', label: t('member.sex'), children: t(sexKey(member.sex)) },
    { key: 'ethnicity', label: t('member.ethnicity'), children: member.ethnicity ?? dash },
    { key: 'birthDate', label: t('member.birthDate'), children: member.birthDate },
    { key: 'age', label: t('member.age'), children: member.age },
    {
      key: 'idNumber',
      label: t('member.idNumber'),
      children: <RevealValue field="idNumber" masked={member.idNumber} load={async () => (await membersApi.reveal(member.id, 'idNumber')).value} />,
    },
    {
      key: 'phone',
      label: t('member.phone'),
      children: <RevealValue field="phone" masked={member.phone} load={async () => (await membersApi.reveal(member.id, 'phone')).value} />,
    },
    { key: 'education', label: t('member.education'), children: isEducation(member.education) ? t(educationKey(member.education)) : dash },
    { key: 'workUnit', label: t('member.workUnit'), children: member.workUnit ?? dash },
    { key: 'occupation', label: t('member.occupation'), children: member.occupation ?? dash },
    { key: 'household', label: t('member.householdType'), children: member.householdType ? t(householdKey(member.householdType)) : dash },
    { key: 'status', label: t('member.status'), children: <span data-testid="member-field-status">{t(statusKey(member.status))}</span> },
    { key: 'joinedAt', label: t('member.joinedAt'), children: member.joinedAt },
    { key: 'fullAt', label: t('member.fullAt'), children: member.fullAt ?? dash },
    { key: 'standing', label: t('member.partyStanding'), children: member.partyStanding === null ? dash : t('member.years', { years: member.partyStanding }) },
    { key: 'org', label: t('member.org'), children: <span data-testid="member-field-org">{orgNames.get(member.orgId) ?? dash}</span> },
    { key: 'group', label: t('member.group'), children: group?.name ?? dash },
    {
      key: 'verified',
      label: t('member.verified'),
      children: member.verifiedAt ? t('member.verifiedAt', { at: formatDateTime(member.verifiedAt) }) : t('roster.verifiedNo'),
    },
  ];

  const more = [
    { key: 'flowing', label: t('member.action.flowing'), disabled: member.flags.flowing },
    { key: 'community', label: t('member.action.community'), disabled: !member.flags.inService },
    { key: 'pair', label: t('member.action.pair') },
    { key: 'reserve', label: t('member.action.reserve') },
    { key: 'care', label: t('member.action.care') },
  ] as const;

  return (
    <Flex vertical gap={16} data-testid="member-detail">
      <Card>
        <Flex vertical gap={16}>
          <a href={ROSTER_PATH} onClick={(event) => followLink(event, ROSTER_PATH)} className="member-back">
            <ArrowLeftOutlined /> {t('member.backToRoster')}
          </a>
          <Flex align="center" wrap gap={8}>
            <Typography.Title level={4} className="member-title" data-testid="member-title">
              {member.name}
            </Typography.Title>
            <Tag color={member.status === 'full' ? 'red' : 'orange'}>{t(statusKey(member.status))}</Tag>
            {member.verified && <Tag color="green">{t('roster.verifiedYes')}</Tag>}
            {member.membership === 'transferred_out' && <Tag>{t('member.transferredOut')}</Tag>}
            {member.membership === 'probation_cancelled' && <Tag data-testid="member-probation-cancelled">{t('member.probationCancelled')}</Tag>}
            <FlagTags member={member} />
          </Flex>
          {writable && (
            <Flex wrap gap={8}>
              <Button icon={<EditOutlined />} onClick={() => setDialog('edit')} data-testid="member-edit">
                {t('member.action.edit')}
              </Button>
              <Button icon={<SendOutlined />} onClick={() => setDialog('transfer')} data-testid="member-transfer">
                {t('member.action.transfer')}
              </Button>
              <Dropdown
                trigger={['click']}
                menu={{
                  items: more.map((item) => ({
                    key: item.key,
                    disabled: 'disabled' in item ? item.disabled : false,
                    label: <span data-testid={`member-action-${item.key}`}>{item.label}</span>,
                  })),
                  onClick: ({ key }) => setDialog(key as Dialog),
                }}
              >
                <Button data-testid="member-more">
                  {t('member.action.more')} <DownOutlined />
                </Button>
              </Dropdown>
            </Flex>
          )}
          {issued && (
            <Alert
              type="success"
              showIcon
              closable
              onClose={() => setIssued(null)}
              title={t('issue.done', { number: issued.letterNumber, type: t(`letterType.${issued.letterType}`) })}
              action={
                <Button size="small" onClick={() => navigate(printHref(issued.id))} data-testid="issued-print">
                  {t('transfers.print')}
                </Button>
              }
              data-testid="issued-notice"
            />
          )}
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={fields} data-testid="member-fields" />
        </Flex>
      </Card>
      <Card title={t('history.title')} size="small">
        <MemberHistory history={history} error={historyError} />
      </Card>

      {dialog === 'edit' && (
        <MemberFormDialog
          mode={{ type: 'edit', member }}
          onClose={() => setDialog(null)}
          onDone={(saved) => {
            setMember(saved);
            done(t('common.saved'));
          }}
        />
      )}
      {dialog === 'transfer' && (
        <IssueTransferDialog
          member={member}
          scopeOrgId={scopeOrgId}
          onClose={() => setDialog(null)}
          onDone={(transfer) => {
            setIssued(transfer);
            done(t('issue.doneShort', { number: transfer.letterNumber }));
          }}
        />
      )}
      {dialog === 'flowing' && (
        <StartFlowingDialog member={member} scopeOrgId={scopeOrgId} onClose={() => setDialog(null)} onDone={() => done(t('flowing.started'))} />
      )}
      {dialog === 'community' && (
        <RegisterCommunityDialog member={member} scopeOrgId={scopeOrgId} onClose={() => setDialog(null)} onDone={() => done(t('community.registered'))} />
      )}
      {dialog === 'pair' && (
        <StartPairDialog member={member} scopeOrgId={scopeOrgId} onClose={() => setDialog(null)} onDone={() => done(t('pairs.started'))} />
      )}
      {dialog === 'reserve' && (
        <AddReserveDialog member={member} scopeOrgId={scopeOrgId} onClose={() => setDialog(null)} onDone={() => done(t('reserves.added'))} />
      )}
      {dialog === 'care' && (
        <CareDialog member={member} scopeOrgId={scopeOrgId} onClose={() => setDialog(null)} onDone={() => done(t('care.recorded'))} />
      )}
    </Flex>
  );
}
