/**
 * The dialog of a form: a vertical form, 保存 and 取消, the server's refusal under the form with the rule it cites.
 * `onSubmit` resolves when saved; a refusal stays on screen until the values change.
 */
import { Alert, Form, Modal, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { useI18n } from './i18n.ts';
import { errorLines, readFieldError } from './server-errors.ts';
import { withTestId } from './test-ids.ts';

interface Props<Values> {
  title: string;
  okText?: string;
  danger?: boolean;
  /** The OK button is off while the form cannot be sent (nothing chosen yet, nothing allowed). */
  okDisabled?: boolean;
  /** The form, when the caller watches its values (Form.useWatch); otherwise the dialog makes its own. */
  form?: FormInstance<Values>;
  initialValues?: Partial<Values>;
  onSubmit(values: Values): Promise<void>;
  onClose(): void;
  testId: string;
  children: ReactNode | ((form: FormInstance<Values>) => ReactNode);
}

export function FormDialog<Values extends object>(props: Props<Values>) {
  const { title, okText, danger, okDisabled, initialValues, onSubmit, onClose, testId, children } = props;
  const { t } = useI18n();
  const [ownForm] = Form.useForm<Values>();
  const form = props.form ?? ownForm;
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
      okButtonProps={withTestId({ danger: danger ?? false, disabled: okDisabled ?? false }, 'dialog-ok')}
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
