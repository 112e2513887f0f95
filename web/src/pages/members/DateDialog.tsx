/** A record action that needs only a date (end, remove, receive): today by default, never in the future. */
import { DatePicker, Form } from 'antd';
import type { Dayjs } from 'dayjs';
import { formatIsoDate, today } from '../../dates.ts';
import { useI18n } from '../../i18n.ts';
import { FormDialog } from './FormDialog.tsx';

interface Props {
  title: string;
  label: string;
  okText?: string;
  hint?: string;
  onSubmit(date: string): Promise<void>;
  onClose(): void;
}

export function DateDialog({ title, label, okText, hint, onSubmit, onClose }: Props) {
  const { t } = useI18n();
  return (
    <FormDialog<{ date: Dayjs }>
      title={title}
      okText={okText}
      initialValues={{ date: today() }}
      onSubmit={(values) => onSubmit(formatIsoDate(values.date))}
      onClose={onClose}
      testId="date-form"
    >
      {hint && <p className="dialog-hint">{hint}</p>}
      <Form.Item name="date" label={label} rules={[{ required: true, message: t('validation.required', { field: label }) }]}>
        <DatePicker className="full-width" maxDate={today()} data-testid="date-input" />
      </Form.Item>
    </FormDialog>
  );
}
