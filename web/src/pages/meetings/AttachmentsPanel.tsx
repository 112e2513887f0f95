/**
 * Photos and files of the minutes: photos as thumbnails (tap to enlarge), documents as a list to download;
 * 上传 with the limits shown; remove with a confirmation. The server checks the type by the file's bytes.
 */
import { DeleteOutlined, FileOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, Image, List, Popconfirm, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { ALLOWED_EXTENSIONS, MAX_BYTES } from '../../../../src/modules/meetings/meeting-files.rules.ts';
import { errorMessage } from '../../api.ts';
import { formatDateTime } from '../../dates.ts';
import { useI18n } from '../../i18n.ts';
import { fileHref, meetingsApi, type MeetingFile } from './meetings-api.ts';

const ACCEPT = ALLOWED_EXTENSIONS.map((e) => `.${e}`).join(',');
const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function AttachmentsPanel({ meetingId, canWrite }: { meetingId: string; canWrite: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<MeetingFile[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [revision, setRevision] = useState(0);

  useEffect(() => {
    let current = true;
    meetingsApi
      .files(meetingId)
      .then((answer) => current && setFiles(answer))
      .catch((caught: unknown) => current && setError(errorMessage(caught)));
    return () => {
      current = false;
    };
  }, [meetingId, revision]);

  const upload = async (chosen: File[]) => {
    setUploading(true);
    setError(null);
    const refused: string[] = [];
    // One at a time: each file is checked and stored on its own, and one refusal does not stop the rest.
    for (const file of chosen) {
      try {
        await meetingsApi.upload(meetingId, file);
      } catch (caught) {
        refused.push(`${file.name}：${errorMessage(caught)}`);
      }
    }
    setUploading(false);
    setRevision((n) => n + 1);
    if (refused.length > 0) setError(refused.join('\n'));
    if (refused.length < chosen.length) message.success(t('files.uploaded', { count: chosen.length - refused.length }));
  };

  const remove = async (file: MeetingFile) => {
    try {
      await meetingsApi.removeFile(meetingId, file.id);
      message.success(t('files.removed'));
      setRevision((n) => n + 1);
    } catch (caught) {
      message.error(errorMessage(caught));
    }
  };

  const photos = files?.filter((f) => f.kind === 'photo') ?? [];
  const documents = files?.filter((f) => f.kind === 'document') ?? [];

  return (
    <Card
      size="small"
      title={t('files.title')}
      data-testid="files-panel"
      extra={
        canWrite && (
          <>
            <input
              ref={input}
              type="file"
              multiple
              accept={ACCEPT}
              className="files-input"
              onChange={(event) => {
                const chosen = [...(event.target.files ?? [])];
                event.target.value = '';
                if (chosen.length > 0) void upload(chosen);
              }}
              data-testid="files-input"
            />
            <Button size="small" icon={<UploadOutlined />} loading={uploading} onClick={() => input.current?.click()} data-testid="files-upload">
              {t('files.upload')}
            </Button>
          </>
        )
      }
    >
      <Flex vertical gap={8}>
        {canWrite && (
          <Typography.Text type="secondary" className="files-limits">
            {t('files.limits', { photo: megabytes(MAX_BYTES.photo), document: megabytes(MAX_BYTES.document) })}
          </Typography.Text>
        )}
        {error && <Alert type="error" showIcon title={t('files.refused')} description={<span className="pre-line">{error}</span>} data-testid="files-error" />}
        {files === null ? (
          !error && <Spin />
        ) : files.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('files.empty')} />
        ) : (
          <>
            {photos.length > 0 && (
              <Image.PreviewGroup>
                <Flex wrap gap={8} data-testid="files-photos">
                  {photos.map((f) => (
                    <div key={f.id} className="file-photo" data-testid={`file-${f.fileName}`}>
                      <Image src={fileHref(meetingId, f.id)} alt={f.fileName} width={96} height={96} className="file-thumb" />
                      {canWrite && (
                        <Popconfirm title={t('files.confirmRemove', { name: f.fileName })} onConfirm={() => void remove(f)} okText={t('files.remove')} cancelText={t('common.cancel')}>
                          <Button size="small" type="text" danger icon={<DeleteOutlined />} className="file-photo-remove" aria-label={t('files.remove')} data-testid={`file-remove-${f.fileName}`} />
                        </Popconfirm>
                      )}
                    </div>
                  ))}
                </Flex>
              </Image.PreviewGroup>
            )}
            {documents.length > 0 && (
              <List
                size="small"
                dataSource={documents}
                data-testid="files-documents"
                renderItem={(f) => (
                  <List.Item
                    key={f.id}
                    data-testid={`file-${f.fileName}`}
                    actions={
                      canWrite
                        ? [
                            <Popconfirm key="remove" title={t('files.confirmRemove', { name: f.fileName })} onConfirm={() => void remove(f)} okText={t('files.remove')} cancelText={t('common.cancel')}>
                              <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('files.remove')} data-testid={`file-remove-${f.fileName}`} />
                            </Popconfirm>,
                          ]
                        : []
                    }
                  >
                    <List.Item.Meta
                      avatar={<FileOutlined />}
                      title={
                        <a href={fileHref(meetingId, f.id, true)} download={f.fileName}>
                          {f.fileName}
                        </a>
                      }
                      description={`${formatSize(f.sizeBytes)} · ${f.uploadedBy ?? '—'} · ${formatDateTime(f.createdAt)}`}
                    />
                  </List.Item>
                )}
              />
            )}
          </>
        )}
      </Flex>
    </Card>
  );
}
