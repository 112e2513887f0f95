/** The committee (班子) of one org: current posts, optionally former ones; add a post, end a post. */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, DatePicker, Flex, Form, Input, Modal, Select, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../api.ts';
import { formatIsoDate, toIsoDate, today } from '../../dates.ts';
import { useI18n } from '../../i18n.ts';
import { useCan } from '../../session.ts';
import { withTestId } from '../../test-ids.ts';
import { orgsApi, type CommitteeMember, type CommitteePosition, type Org } from './orgs-api.ts';

const POSITIONS: readonly CommitteePosition[] = ['secretary', 'deputy_secretary', 'member'];

interface AddValues {
  personName: string;
  position: CommitteePosition;
  startedOn: Dayjs;
}

function AddMemberDialog({ org, onClose, onDone }: { org: Org; onClose(): void; onDone(m: CommitteeMember): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<AddValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: AddValues) => {
    setSaving(true);
    setError(null);
    try {
      onDone(
        await orgsApi.addCommitteeMember(org.id, {
          personName: values.personName.trim(),
          position: values.position,
          startedOn: formatIsoDate(values.startedOn),
        }),
      );
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('committee.addTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={withTestId({}, 'dialog-ok')}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
    >
      <Form<AddValues>
        form={form}
        layout="vertical"
        initialValues={{ position: 'member', startedOn: today() }}
        onFinish={submit}
      >
        <Form.Item
          name="personName"
          label={t('committee.personName')}
          rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('committee.personName') }) }]}
        >
          <Input maxLength={50} autoFocus data-testid="committee-form-name" />
        </Form.Item>
        <Form.Item name="position" label={t('committee.position')} rules={[{ required: true }]}>
          <Select<CommitteePosition>
            options={POSITIONS.map((p) => ({ value: p, label: t(`position.${p}`) }))}
            data-testid="committee-form-position"
          />
        </Form.Item>
        <Form.Item
          name="startedOn"
          label={t('committee.startedOn')}
          rules={[{ required: true, message: t('validation.required', { field: t('committee.startedOn') }) }]}
        >
          <DatePicker className="full-width" data-testid="committee-form-started" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" title={error} showIcon data-testid="form-error" />}
    </Modal>
  );
}

function EndPostDialog({
  org,
  member,
  onClose,
  onDone,
}: {
  org: Org;
  member: CommitteeMember;
  onClose(): void;
  onDone(): void;
}) {
  const { t } = useI18n();
  const [date, setDate] = useState<Dayjs | null>(today());
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const endedOn = toIsoDate(date);
    if (!endedOn) return;
    setSaving(true);
    setError(null);
    try {
      await orgsApi.endCommitteeMember(org.id, member.id, member.version, endedOn);
      onDone();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('committee.endTitle', { name: member.personName })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={withTestId({ disabled: !date }, 'dialog-ok')}
      onOk={() => void submit()}
      onCancel={onClose}
      mask={{ closable: false }}
    >
      <Form layout="vertical">
        <Form.Item label={t('committee.endedOn')} required>
          <DatePicker className="full-width" value={date} onChange={setDate} data-testid="committee-end-date" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" title={error} showIcon data-testid="form-error" />}
    </Modal>
  );
}

export function CommitteePanel({ org, revision }: { org: Org; revision: number }) {
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const [includeEnded, setIncludeEnded] = useState(false);
  const [members, setMembers] = useState<CommitteeMember[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<CommitteeMember | null>(null);

  const load = useCallback(async () => {
    try {
      setMembers(await orgsApi.committee(org.id, includeEnded));
      setError(null);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }, [org.id, includeEnded]);

  useEffect(() => {
    void load();
  }, [load, revision]);

  const editable = org.status === 'active' && can('committee.write');

  return (
    <Flex vertical gap={12} data-testid="committee-panel">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Checkbox checked={includeEnded} onChange={(event) => setIncludeEnded(event.target.checked)}>
          {t('committee.showEnded')}
        </Checkbox>
        {editable && (
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="committee-add">
            {t('committee.add')}
          </Button>
        )}
      </Flex>
      {error && <Alert type="error" title={error} showIcon />}
      <Table<CommitteeMember>
        size="small"
        rowKey="id"
        loading={members === null && !error}
        dataSource={members ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('committee.empty') }}
        columns={[
          { key: 'name', title: t('committee.personName'), dataIndex: 'personName' },
          { key: 'position', title: t('committee.position'), render: (_, m) => t(`position.${m.position}`) },
          { key: 'started', title: t('committee.startedOn'), dataIndex: 'startedOn' },
          {
            key: 'ended',
            title: t('committee.endedOn'),
            render: (_, m) => m.endedOn ?? <Tag color="green">{t('committee.serving')}</Tag>,
          },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_, m) =>
              !m.endedOn && editable ? (
                <Button type="link" size="small" onClick={() => setEnding(m)}>
                  {t('committee.end')}
                </Button>
              ) : null,
          },
        ]}
      />
      {adding && (
        <AddMemberDialog
          org={org}
          onClose={() => setAdding(false)}
          onDone={(member) => {
            setAdding(false);
            message.success(t('committee.added', { name: member.personName }));
            void load();
          }}
        />
      )}
      {ending && (
        <EndPostDialog
          org={org}
          member={ending}
          onClose={() => setEnding(null)}
          onDone={() => {
            setEnding(null);
            message.success(t('committee.ended'));
            void load();
          }}
        />
      )}
    </Flex>
  );
}
