/** A record action that needs only a date (end, remove, receive, dissolve): today by default, never in the future unless allowed. */
import { DatePicker, Form } from 'antd';
import type { Dayjs } from 'dayjs';
import { formatIsoDate, today } from './dates.ts';
import { FormDialog } from './FormDialog.tsx';
import { useI18n } from './i18n.ts';

interface Props {
  title: string;
  label: string;
  okText?: string;
  danger?: boolean;
  hint?: string;
  /** The first date that may be chosen (e.g. the day the org was established). */
  earliest?: Dayjs | null;
  /** A date after today may be chosen (an end decided ahead of time). */
  future?: boolean;
  onSubmit(date: string): Promise<void>;
  onClose(): void;
}

export function DateDialog({ title, label, okText, danger, hint, earliest, future, onSubmit, onClose }: Props) {
  const { t } = useI18n();
  return (
    <FormDialog<{ date: Dayjs }>
      title={title}
      okText={okText}
      danger={danger}
      initialValues={{ date: today() }}
      onSubmit={(values) => onSubmit(formatIsoDate(values.date))}
      onClose={onClose}
      testId="date-form"
    >
      {hint && <p className="dialog-hint">{hint}</p>}
      <Form.Item name="date" label={label} rules={[{ required: true, message: t('validation.required', { field: label }) }]}>
        <DatePicker className="full-width" minDate={earliest ?? undefined} maxDate={future ? undefined : today()} data-testid="date-input" />
      </Form.Item>
    </FormDialog>
  );
}
