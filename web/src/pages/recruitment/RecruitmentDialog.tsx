/**
 * The dialog of the recruitment forms: a vertical form, 保存 and 取消, and the server's refusal under the form with
 * the rule, its article and the dates compared. `onSubmit` resolves when saved.
 */
import { Form, Modal, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { useI18n } from '../../i18n.ts';
import { withTestId } from '../../test-ids.ts';
import { Refusal } from './Findings.tsx';

interface Props<Values> {
  title: string;
  okText?: string;
  initialValues?: Partial<Values>;
  onSubmit(values: Values): Promise<void>;
  onClose(): void;
  testId: string;
  width?: number;
  children: ReactNode | ((form: FormInstance<Values>) => ReactNode);
}

export function RecruitmentDialog<Values extends object>({ title, okText, initialValues, onSubmit, onClose, testId, width, children }: Props<Values>) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (values: Values) => {
    setSaving(true);
    setError(null);
    try {
      await onSubmit(values);
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      width={width}
      okText={okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={withTestId({}, 'dialog-ok')}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
    >
      <Form<Values> form={form} layout="vertical" initialValues={initialValues} onFinish={(values) => void submit(values)} onValuesChange={() => setError(null)} data-testid={testId}>
        {typeof children === 'function' ? children(form) : children}
      </Form>
      {error !== null && <Refusal error={error} />}
    </Modal>
  );
}
