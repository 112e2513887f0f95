/** Copies a text and says so. The Clipboard API needs a secure context; plain-HTTP installs use the old way. */
import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { App, Button, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useI18n } from './i18n.ts';

function copyWithSelection(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  try {
    return document.execCommand('copy');
  } finally {
    area.remove();
  }
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return copyWithSelection(text);
  }
}

export function CopyButton({ text, label, ...props }: { text: string; label: string } & Omit<ButtonProps, 'onClick'>) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [copied, setCopied] = useState(false);
  return (
    <Button
      {...props}
      icon={copied ? <CheckOutlined /> : <CopyOutlined />}
      onClick={() => {
        void copyText(text).then((ok) => {
          setCopied(ok);
          if (ok) message.success(t('common.copied'));
          else message.error(t('common.copyFailed'));
        });
      }}
    >
      {label}
    </Button>
  );
}
