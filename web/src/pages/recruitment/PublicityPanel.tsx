/**
 * 公示 of the case: each notice with its period in working days (the holiday calendar's, make-up days included) and
 * the objections received during it, unresolved ones in red (they block the next step until resolved); 登记公示,
 * 登记反映 and 登记处理结果.
 */
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Empty, Flex, Form, Input, Select, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { PUBLICITY_POINTS } from '../../../../src/policy/recruitment.ts';
import { useI18n } from '../../i18n.ts';
import { stepKey } from './labels.ts';
import { recruitmentApi, type CaseDetail, type Objection, type Publicity, type StepCode } from './recruitment-api.ts';
import { RecruitmentDialog } from './RecruitmentDialog.tsx';

type Dialog = { kind: 'publicity' } | { kind: 'objection'; publicity: Publicity } | { kind: 'resolve'; objection: Objection } | null;

const future = (date: Dayjs) => date.isAfter(dayjs(), 'day');

export function PublicityPanel({ detail, canWrite, onChanged }: { detail: CaseDetail; canWrite: boolean; onChanged(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const subjects = PUBLICITY_POINTS.map((p) => p.subject).filter((s) => detail.steps.some((step) => step.step === s));
  const done = (text: string) => {
    setDialog(null);
    message.success(text);
    onChanged();
  };

  return (
    <Card
      size="small"
      title={t('recruitment.publicity')}
      data-testid="publicity-panel"
      extra={
        canWrite &&
        subjects.length > 0 && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'publicity' })} data-testid="publicity-add">
            {t('recruitment.addPublicity')}
          </Button>
        )
      }
    >
      {detail.publicity.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('recruitment.publicity.none')} />
      ) : (
        <Flex vertical gap={12}>
          {detail.publicity.map((p) => (
            <div key={p.id} className="recruitment-publicity" data-testid={`publicity-${p.subject}`}>
              <Flex wrap gap={8} align="center" justify="space-between">
                <Typography.Text strong>{t(stepKey(p.subject))}</Typography.Text>
                {canWrite && (
                  <Button size="small" onClick={() => setDialog({ kind: 'objection', publicity: p })} data-testid="objection-add">
                    {t('recruitment.addObjection')}
                  </Button>
                )}
              </Flex>
              <div>{t('recruitment.publicity.period', { startsOn: p.startsOn, endsOn: p.endsOn, days: p.workingDays })}</div>
              {p.content && <Typography.Paragraph className="pre-line">{p.content}</Typography.Paragraph>}
              {p.objections.map((o) => (
                <div key={o.id} className={o.resolvedOn ? 'recruitment-objection' : 'recruitment-objection objection-open'} data-testid="objection">
                  <Flex wrap gap={8} align="center">
                    <span>
                      {o.receivedOn}：{o.content}
                    </span>
                    {o.resolvedOn ? (
                      <Tag color="green">{t('recruitment.objection.resolved', { date: o.resolvedOn, resolution: o.resolution ?? '' })}</Tag>
                    ) : (
                      <>
                        <Tag color="red">{t('recruitment.objection.unresolved')}</Tag>
                        {canWrite && (
                          <Button size="small" type="link" onClick={() => setDialog({ kind: 'resolve', objection: o })} data-testid="objection-resolve">
                            {t('recruitment.objection.resolve')}
                          </Button>
                        )}
                      </>
                    )}
                  </Flex>
                </div>
              ))}
            </div>
          ))}
        </Flex>
      )}
      {dialog?.kind === 'publicity' && (
        <RecruitmentDialog<{ subject: StepCode; startsOn: Dayjs; endsOn?: Dayjs | null; content?: string }>
          title={t('recruitment.addPublicity')}
          initialValues={{ subject: subjects.at(-1), startsOn: dayjs() }}
          onClose={() => setDialog(null)}
          testId="publicity-form"
          onSubmit={async (values) => {
            const saved = await recruitmentApi.addPublicity(detail.id, {
              subject: values.subject,
              startsOn: values.startsOn.format('YYYY-MM-DD'),
              endsOn: values.endsOn ? values.endsOn.format('YYYY-MM-DD') : null,
              content: values.content?.trim() ? values.content.trim() : null,
            });
            done(saved.approximate ? t('recruitment.publicity.approximate') : t('common.saved'));
          }}
        >
          <Form.Item name="subject" label={t('recruitment.publicity.subject')} rules={[{ required: true }]}>
            <Select options={subjects.map((s) => ({ value: s, label: t(stepKey(s)) }))} data-testid="publicity-form-subject" />
          </Form.Item>
          <div className="recruitment-form-row">
            <Form.Item name="startsOn" label={t('recruitment.publicity.startsOn')} rules={[{ required: true }]}>
              <DatePicker allowClear={false} data-testid="publicity-form-starts" />
            </Form.Item>
            <Form.Item name="endsOn" label={t('recruitment.publicity.endsOn')} extra={t('recruitment.publicity.endsOnHelp')}>
              <DatePicker data-testid="publicity-form-ends" />
            </Form.Item>
          </div>
          <Form.Item name="content" label={t('recruitment.publicity.content')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
          </Form.Item>
        </RecruitmentDialog>
      )}
      {dialog?.kind === 'objection' && (
        <RecruitmentDialog<{ receivedOn: Dayjs; content: string }>
          title={t('recruitment.addObjection')}
          initialValues={{ receivedOn: dayjs() }}
          onClose={() => setDialog(null)}
          testId="objection-form"
          onSubmit={async (values) => {
            await recruitmentApi.addObjection(dialog.publicity.id, { receivedOn: values.receivedOn.format('YYYY-MM-DD'), content: values.content.trim() });
            done(t('common.saved'));
          }}
        >
          <Form.Item name="receivedOn" label={t('recruitment.objection.receivedOn')} rules={[{ required: true }]}>
            <DatePicker allowClear={false} disabledDate={future} />
          </Form.Item>
          <Form.Item name="content" label={t('recruitment.objection.content')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
          </Form.Item>
        </RecruitmentDialog>
      )}
      {dialog?.kind === 'resolve' && (
        <RecruitmentDialog<{ resolvedOn: Dayjs; resolution: string }>
          title={t('recruitment.objection.resolve')}
          initialValues={{ resolvedOn: dayjs() }}
          onClose={() => setDialog(null)}
          testId="resolve-form"
          onSubmit={async (values) => {
            await recruitmentApi.resolveObjection(dialog.objection.id, { resolvedOn: values.resolvedOn.format('YYYY-MM-DD'), resolution: values.resolution.trim(), version: dialog.objection.version });
            done(t('common.saved'));
          }}
        >
          <Form.Item name="resolvedOn" label={t('recruitment.objection.resolvedOn')} rules={[{ required: true }]}>
            <DatePicker allowClear={false} disabledDate={future} />
          </Form.Item>
          <Form.Item name="resolution" label={t('recruitment.objection.resolution')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
          </Form.Item>
        </RecruitmentDialog>
      )}
    </Card>
  );
}
