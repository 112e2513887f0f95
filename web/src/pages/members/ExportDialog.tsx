/** 导出花名册: xlsx or CSV, masked by default; 完整信息 only for users allowed to see it, and the export says it is recorded. */
import { Checkbox, Form, Radio } from 'antd';
import { FormDialog } from '../../FormDialog.tsx';
import { useI18n } from '../../i18n.ts';
import { useCan } from '../../session.ts';
import type { Org } from '../orgs/orgs-api.ts';
import { membersApi, type ExportFormat } from './members-api.ts';

interface Values {
  format: ExportFormat;
  full: boolean;
}

export function ExportDialog({ org, onClose }: { org: Org; onClose(): void }) {
  const { t } = useI18n();
  const can = useCan();
  const [form] = Form.useForm<Values>();
  const full = Form.useWatch('full', form) ?? false;

  return (
    <FormDialog<Values>
      title={t('export.title', { org: org.name })}
      okText={t('export.run')}
      form={form}
      initialValues={{ format: 'xlsx', full: false }}
      onSubmit={async ({ format, full: unmasked }) => {
        // Without the permission the box is not on the form, and the export stays masked.
        await membersApi.exportRoster(org.id, format, unmasked === true, t('export.fileName', { code: org.code, format }));
        onClose();
      }}
      onClose={onClose}
      testId="export-form"
    >
      <Form.Item name="format" label={t('export.format')}>
        <Radio.Group
          options={[
            { value: 'xlsx', label: t('export.xlsx') },
            { value: 'csv', label: t('export.csv') },
          ]}
          data-testid="export-format"
        />
      </Form.Item>
      {can('personal.full_view') && (
        <Form.Item name="full" valuePropName="checked" extra={full ? t('export.fullRecorded') : t('export.maskedNote')}>
          <Checkbox data-testid="export-full">{t('export.full')}</Checkbox>
        </Form.Item>
      )}
    </FormDialog>
  );
}
