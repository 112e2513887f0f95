/** The committee (班子) of one org: current posts, optionally former ones; add a post, end a post. */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, DatePicker, Flex, Form, Input, Select, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { DateDialog } from '../../DateDialog.tsx';
import { formatIsoDate, today } from '../../dates.ts';
import { FormDialog } from '../../FormDialog.tsx';
import { useI18n } from '../../i18n.ts';
import { RowActions } from '../../RowActions.tsx';
import { useCan } from '../../session.ts';
import { useLoad } from '../../use-load.ts';
import { orgsApi, type CommitteeMember, type CommitteePosition, type Org } from './orgs-api.ts';

const POSITIONS: readonly CommitteePosition[] = ['secretary', 'deputy_secretary', 'member'];

interface AddValues {
  personName: string;
  position: CommitteePosition;
  startedOn: Dayjs;
}

function AddMemberDialog({ org, onClose, onDone }: { org: Org; onClose(): void; onDone(m: CommitteeMember): void }) {
  const { t } = useI18n();
  return (
    <FormDialog<AddValues>
      title={t('committee.addTitle')}
      initialValues={{ position: 'member', startedOn: today() }}
      onSubmit={async (values) =>
        onDone(
          await orgsApi.addCommitteeMember(org.id, {
            personName: values.personName.trim(),
            position: values.position,
            startedOn: formatIsoDate(values.startedOn),
          }),
        )
      }
      onClose={onClose}
      testId="committee-form"
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
    </FormDialog>
  );
}

export function CommitteePanel({ org, revision }: { org: Org; revision: number }) {
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const [includeEnded, setIncludeEnded] = useState(false);
  const { data: members, error, reload } = useLoad(() => orgsApi.committee(org.id, includeEnded), [org.id, includeEnded, revision], {
    keep: true,
  });
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<CommitteeMember | null>(null);

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
            render: (_, m) => (
              <RowActions actions={[!m.endedOn && editable && { label: t('committee.end'), onClick: () => setEnding(m), testId: `committee-end-${m.id}` }]} />
            ),
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
            reload();
          }}
        />
      )}
      {ending && (
        <DateDialog
          title={t('committee.endTitle', { name: ending.personName })}
          label={t('committee.endedOn')}
          future
          onSubmit={async (endedOn) => {
            await orgsApi.endCommitteeMember(org.id, ending.id, ending.version, endedOn);
            setEnding(null);
            message.success(t('committee.ended'));
            reload();
          }}
          onClose={() => setEnding(null)}
        />
      )}
    </Flex>
  );
}
