/**
 * 我的党员信息, for a member on a phone: the e-identity verification (ID number and phone → a one-time code →
 * verified), then the member's own record. The API offers no way to look up one's own record later, so the page
 * shows it after each verification (a verified member may verify again at any time).
 */
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Result, Steps, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { formatDateTime } from '../../dates.ts';
import { useI18n } from '../../i18n.ts';
import { sexKey, statusKey } from '../members/member-labels.ts';
import { membersApi, type Member, type VerificationStart } from '../members/members-api.ts';
import { useOrgNames } from '../members/org-names.ts';
import { FlagTags } from '../members/RosterPage.tsx';
import { errorLines, readFieldError } from '../members/server-errors.ts';

const PHONE_PATTERN = /^1\d{10}$/;
const ID_NUMBER_PATTERN = /^\d{17}[\dXx]$/;
const CODE_PATTERN = /^\d{6}$/;

function OwnRecord({ member }: { member: Member }) {
  const { t } = useI18n();
  const orgNames = useOrgNames([member.orgId]);
  const dash = '—';
  return (
    <Card data-testid="my-record">
      <Flex vertical gap={12}>
        <Flex align="center" wrap gap={8}>
          <Typography.Title level={4} className="member-title" data-testid="my-record-name">
            {member.name}
          </Typography.Title>
          <Tag color={member.status === 'full' ? 'red' : 'orange'}>{t(statusKey(member.status))}</Tag>
          <Tag color="green" icon={<SafetyCertificateOutlined />}>
            {t('roster.verifiedYes')}
          </Tag>
          <FlagTags member={member} />
        </Flex>
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'org', label: t('member.org'), children: orgNames.get(member.orgId) ?? dash },
            { key: 'sex', label: t('member.sex'), children: t(sexKey(member.sex)) },
            { key: 'age', label: t('member.age'), children: member.age },
            { key: 'idNumber', label: t('member.idNumber'), children: member.idNumber },
            { key: 'phone', label: t('member.phone'), children: member.phone ?? dash },
            { key: 'joinedAt', label: t('member.joinedAt'), children: member.joinedAt },
            { key: 'fullAt', label: t('member.fullAt'), children: member.fullAt ?? dash },
            {
              key: 'standing',
              label: t('member.partyStanding'),
              children: member.partyStanding === null ? dash : t('member.years', { years: member.partyStanding }),
            },
            { key: 'verifiedAt', label: t('my.verifiedAt'), children: member.verifiedAt ? formatDateTime(member.verifiedAt) : dash },
          ]}
        />
        <Typography.Text type="secondary">{t('my.correctionHint')}</Typography.Text>
      </Flex>
    </Card>
  );
}

export function MyRecordPage() {
  const { t } = useI18n();
  const [started, setStarted] = useState<VerificationStart | null>(null);
  const [member, setMember] = useState<Member | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string[] | null>(null);

  // A member who verified before sees their record straight away.
  useEffect(() => {
    let live = true;
    membersApi.mine().then(
      (answer) => {
        if (live && answer.member) setMember(answer.member);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);

  const start = async (values: { idNumber: string; phone: string }) => {
    setBusy(true);
    setError(null);
    try {
      setStarted(await membersApi.startVerification(values.idNumber.trim().toUpperCase(), values.phone.trim()));
    } catch (caught) {
      setError(errorLines(readFieldError(caught)));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (values: { code: string }) => {
    if (!started) return;
    setBusy(true);
    setError(null);
    try {
      setMember(await membersApi.confirmVerification(started.verificationId, values.code.trim()));
    } catch (caught) {
      setError(errorLines(readFieldError(caught)));
    } finally {
      setBusy(false);
    }
  };

  if (member) {
    return (
      <Flex vertical gap={12} className="my-record-page">
        <Result status="success" className="my-verified" title={t('my.verified')} />
        <OwnRecord member={member} />
      </Flex>
    );
  }

  return (
    <Card title={t('menu.myRecord')} className="my-record-page" data-testid="my-record-page">
      <Flex vertical gap={16}>
        <Typography.Paragraph type="secondary" className="my-intro">
          {t('my.intro')}
        </Typography.Paragraph>
        <Steps
          size="small"
          titlePlacement="vertical"
          responsive={false}
          current={started ? 1 : 0}
          items={[{ title: t('my.step.identity') }, { title: t('my.step.code') }, { title: t('my.step.done') }]}
        />
        {started ? (
          <Form layout="vertical" onFinish={(values: { code: string }) => void confirm(values)} data-testid="my-code-form">
            <Typography.Paragraph>{t('my.codeSent', { phone: started.phone })}</Typography.Paragraph>
            {started.displayedCode && (
              <Alert
                type="info"
                showIcon
                className="my-demo-code"
                title={t('my.demoCode')}
                description={<span className="otp-value" data-testid="my-displayed-code">{started.displayedCode}</span>}
              />
            )}
            <Form.Item
              name="code"
              label={t('my.code')}
              rules={[{ required: true, pattern: CODE_PATTERN, message: t('my.codeRule') }]}
            >
              <Input maxLength={6} inputMode="numeric" autoComplete="one-time-code" className="mfa-code" data-testid="my-code" />
            </Form.Item>
            <Flex gap={8} wrap>
              <Button type="primary" htmlType="submit" loading={busy} block data-testid="my-confirm">
                {t('my.confirm')}
              </Button>
              <Button
                type="link"
                onClick={() => {
                  setStarted(null);
                  setError(null);
                }}
              >
                {t('my.again')}
              </Button>
            </Flex>
          </Form>
        ) : (
          <Form layout="vertical" onFinish={(values: { idNumber: string; phone: string }) => void start(values)} data-testid="my-identity-form">
            <Form.Item
              name="idNumber"
              label={t('member.idNumber')}
              rules={[{ required: true, pattern: ID_NUMBER_PATTERN, message: t('accounts.idNumberRule') }]}
            >
              <Input maxLength={18} autoComplete="off" data-testid="my-id-number" />
            </Form.Item>
            <Form.Item
              name="phone"
              label={t('member.phone')}
              extra={t('my.phoneHelp')}
              rules={[{ required: true, pattern: PHONE_PATTERN, message: t('accounts.phoneRule') }]}
            >
              <Input maxLength={11} inputMode="tel" autoComplete="tel" data-testid="my-phone" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} block data-testid="my-start">
              {t('my.start')}
            </Button>
          </Form>
        )}
        {error && <Alert type="error" showIcon title={error[0]} description={error[1]} data-testid="form-error" />}
      </Flex>
    </Card>
  );
}
