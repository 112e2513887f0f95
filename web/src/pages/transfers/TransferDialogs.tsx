/** Receive (or record the receipt of) and return a letter: the answering side's two actions. */
import { DatePicker, Form, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import { DateDialog } from '../../DateDialog.tsx';
import { formatIsoDate, fromIsoDate, today } from '../../dates.ts';
import { FormDialog } from '../../FormDialog.tsx';
import { useI18n } from '../../i18n.ts';
import { transfersApi, type Transfer } from './transfers-api.ts';

interface Props {
  transfer: Transfer;
  onClose(): void;
  onDone(transfer: Transfer): void;
}

/** An internal letter is received by the receiving branch; for a letter to outside the sender records the receipt. */
export const isExternal = (t: Transfer) => t.toOrg === null;

export function ReceiveDialog({ transfer, onClose, onDone }: Props) {
  const { t } = useI18n();
  const external = isExternal(transfer);
  return (
    <DateDialog
      title={t(external ? 'transfers.receiptTitle' : 'transfers.receiveTitle', { name: transfer.memberName, number: transfer.letterNumber })}
      label={t(external ? 'transfers.receiptOn' : 'transfers.receivedOn')}
      okText={t(external ? 'transfers.recordReceipt' : 'transfers.receive')}
      hint={transfer.movesMembership ? t(external ? 'transfers.receiptMovesHint' : 'transfers.receiveMovesHint', { name: transfer.memberName }) : undefined}
      onSubmit={async (date) => onDone(await transfersApi.receive(transfer, date))}
      onClose={onClose}
    />
  );
}

export function ReturnDialog({ transfer, onClose, onDone }: Props) {
  const { t } = useI18n();
  const issued = fromIsoDate(transfer.issuedOn);
  return (
    <FormDialog<{ returnedOn: Dayjs; reason: string }>
      title={t('transfers.returnTitle', { name: transfer.memberName, number: transfer.letterNumber })}
      okText={t('transfers.return')}
      danger
      initialValues={{ returnedOn: today() }}
      onSubmit={async (v) => onDone(await transfersApi.returnLetter(transfer, formatIsoDate(v.returnedOn), v.reason.trim()))}
      onClose={onClose}
      testId="return-form"
    >
      <p className="dialog-hint">{t('transfers.returnHint')}</p>
      <Form.Item
        name="returnedOn"
        label={t('transfers.returnedOn')}
        rules={[{ required: true, message: t('validation.required', { field: t('transfers.returnedOn') }) }]}
      >
        <DatePicker className="full-width" minDate={issued ?? undefined} maxDate={today()} data-testid="return-date" />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('transfers.returnReason')}
        rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('transfers.returnReason') }) }]}
      >
        <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="return-reason" />
      </Form.Item>
    </FormDialog>
  );
}
