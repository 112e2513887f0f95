/** Letters as a table: number, member, letter, from, to, dates, state; the actions the caller's side may take. */
import { App, Button, Flex, Popconfirm, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { navigate } from '../../router.ts';
import { useCan } from '../../session.ts';
import { withTestId } from '../../test-ids.ts';
import { letterShortKey, TRANSFER_STATE_COLORS, transferStateKey } from './letter-types.ts';
import { printHref } from './paths.ts';
import { isExternal, ReceiveDialog, ReturnDialog } from './TransferDialogs.tsx';
import { transfersApi, type Transfer } from './transfers-api.ts';

interface Props {
  items: Transfer[];
  loading: boolean;
  emptyText: string;
  /** Rows in red (the overdue lists). */
  overdue?: boolean;
  pagination?: { current: number; pageSize: number; total: number; onChange(page: number): void };
  onChanged(): void;
}

const sending = (t: Transfer) => t.callerSide === 'sending' || t.callerSide === 'both';
const receiving = (t: Transfer) => t.callerSide === 'receiving' || t.callerSide === 'both';
/** Who answers a letter: the receiving branch inside the installation, the sender for a letter to outside. */
const answers = (t: Transfer) => t.state === 'issued' && (isExternal(t) ? sending(t) : receiving(t));

export function TransfersTable({ items, loading, emptyText, overdue = false, pagination, onChanged }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const [receivingOne, setReceivingOne] = useState<Transfer | null>(null);
  const [returningOne, setReturningOne] = useState<Transfer | null>(null);

  const cancel = async (transfer: Transfer) => {
    try {
      await transfersApi.cancel(transfer);
      message.success(t('transfers.cancelled', { number: transfer.letterNumber }));
    } catch (caught) {
      message.error(errorMessage(caught));
    } finally {
      onChanged();
    }
  };

  const actions = (row: Transfer) => (
    <Flex wrap gap={4}>
      <Button type="link" size="small" onClick={() => navigate(printHref(row.id))} data-testid={`transfer-print-${row.letterNumber}`}>
        {t('transfers.print')}
      </Button>
      {can('member.write') && answers(row) && (
        <>
          <Button type="link" size="small" onClick={() => setReceivingOne(row)} data-testid={`transfer-receive-${row.letterNumber}`}>
            {t(isExternal(row) ? 'transfers.recordReceipt' : 'transfers.receive')}
          </Button>
          <Button type="link" size="small" danger onClick={() => setReturningOne(row)} data-testid={`transfer-return-${row.letterNumber}`}>
            {t('transfers.return')}
          </Button>
        </>
      )}
      {can('member.write') && row.state === 'issued' && sending(row) && (
        <Popconfirm
          title={t('transfers.confirmCancel', { number: row.letterNumber })}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          okButtonProps={withTestId({}, 'confirm-ok')}
          onConfirm={() => cancel(row)}
        >
          <Button type="link" size="small" data-testid={`transfer-cancel-${row.letterNumber}`}>
            {t('transfers.cancel')}
          </Button>
        </Popconfirm>
      )}
    </Flex>
  );

  return (
    <>
      <Table<Transfer>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={items}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText }}
        rowClassName={overdue ? 'transfer-overdue' : undefined}
        onRow={(row) => withTestId({}, `transfer-row-${row.letterNumber}`)}
        pagination={
          pagination
            ? { ...pagination, showSizeChanger: false, showTotal: (total) => t('transfers.total', { total }) }
            : false
        }
        columns={[
          { key: 'number', title: t('transfers.number'), dataIndex: 'letterNumber', render: (n: string) => <span className="nowrap">{n}</span> },
          { key: 'member', title: t('transfers.member'), dataIndex: 'memberName' },
          { key: 'type', title: t('transfers.letterType'), render: (_, row) => t(letterShortKey(row.letterType)) },
          { key: 'from', title: t('transfers.from'), render: (_, row) => row.fromOrg.name },
          { key: 'to', title: t('transfers.to'), render: (_, row) => row.toOrg?.name ?? row.externalDestination ?? '—' },
          { key: 'issued', title: t('transfers.issuedOn'), dataIndex: 'issuedOn' },
          { key: 'valid', title: t('transfers.validUntil'), dataIndex: 'validUntil' },
          {
            key: 'state',
            title: t('transfers.state'),
            render: (_, row) => (
              <span className="nowrap" data-testid={`transfer-state-${row.letterNumber}`}>
                <Tag color={TRANSFER_STATE_COLORS[row.state]}>{t(transferStateKey(row.state))}</Tag>
                {row.expired && <Tag color="red">{t('transfers.expired')}</Tag>}
                {row.receiptOverdue && (
                  <Tooltip title={t('transfers.receiptDue', { date: row.receiptDueOn ?? '' })}>
                    <Tag color="red">{t('transfers.receiptOverdue')}</Tag>
                  </Tooltip>
                )}
              </span>
            ),
          },
          { key: 'actions', title: t('common.actions'), render: (_, row) => actions(row) },
        ]}
      />
      {receivingOne && (
        <ReceiveDialog
          transfer={receivingOne}
          onClose={() => setReceivingOne(null)}
          onDone={(done) => {
            setReceivingOne(null);
            message.success(t('transfers.received', { name: done.memberName }));
            onChanged();
          }}
        />
      )}
      {returningOne && (
        <ReturnDialog
          transfer={returningOne}
          onClose={() => setReturningOne(null)}
          onDone={(done) => {
            setReturningOne(null);
            message.success(t('transfers.returned', { number: done.letterNumber }));
            onChanged();
          }}
        />
      )}
    </>
  );
}
