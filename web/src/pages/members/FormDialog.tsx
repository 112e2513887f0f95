/**
 * The dialog of the record forms (flowing members, community service, pools, letters): a vertical form, 保存 and
 * 取消, the server's refusal under the form with the rule it cites. `onSubmit` resolves when saved.
 */
import { Alert, Form, Modal, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { useI18n } from '../../i18n.ts';
import { withTestId } from '../../test-ids.ts';
import { errorLines, readFieldError } from './server-errors.ts';

interface Props<Values> {
  title: string;
  okText?: string;
  danger?: boolean;
  initialValues?: Partial<Values>;
  onSubmit(values: Values): Promise<void>;
  onClose(): void;
  testId: string;
  children: ReactNode | ((form: FormInstance<Values>) => ReactNode);
}

export function FormDialog<Values extends object>({ title, okText, danger, initialValues, onSubmit, onClose, testId, children }: Props<Values>) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string[] | null>(null);

  const submit = async (values: Values) => {
    setSaving(true);
    setError(null);
    try {
      await onSubmit(values);
    } catch (caught) {
      setError(errorLines(readFieldError(caught)));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      okText={okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={withTestId({ danger: danger ?? false }, 'dialog-ok')}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => void submit(values)}
        onValuesChange={() => setError(null)}
        data-testid={testId}
      >
        {typeof children === 'function' ? children(form) : children}
      </Form>
      {error && <Alert type="error" showIcon title={error[0]} description={error[1]} data-testid="form-error" />}
    </Modal>
  );
}
