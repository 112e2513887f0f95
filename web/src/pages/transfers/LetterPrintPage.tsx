/**
 * The letter as it is printed (A4, the screen's frame hidden by the print styles): title by letter type, number,
 * the member (name, sex, age, 正式/预备党员, masked ID number), from and to, dates and validity; 打印 opens the
 * browser's print dialog.
 */
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Spin, Tag } from 'antd';
import { useI18n } from '../../i18n.ts';
import { followLink } from '../../router.ts';
import { useLoad } from '../../use-load.ts';
import { sexKey, statusKey } from '../members/member-labels.ts';
import { letterTypeKey, TRANSFER_STATE_COLORS, transferStateKey } from './letter-types.ts';
import { TRANSFERS_PATH } from './paths.ts';
import { transfersApi } from './transfers-api.ts';

/** 2026-03-05 → 2026年3月5日, as letters write dates. */
function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export function LetterPrintPage({ id }: { id: string }) {
  const { t, language } = useI18n();
  const { data: letter, error } = useLoad(() => transfersApi.letter(id), [id]);

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!letter) return <Spin className="page-spin" />;

  const date = (iso: string) => (language === 'zh-CN' ? longDate(iso) : iso);
  const { member } = letter;
  const validity = t(letter.validity.unit === 'months' ? 'letter.validityMonths' : 'letter.validityDays', { amount: letter.validity.amount });
  const body = {
    name: member.name,
    sex: t(sexKey(member.sex)),
    age: member.age,
    ethnicity: member.ethnicity ?? '',
    status: t(statusKey(member.status)),
    idNumber: member.idNumber,
    from: letter.fromOrg.name,
    to: letter.destinationName,
    validity,
    validUntil: date(letter.validUntil),
    reason: letter.reason ?? '',
  };
  const rows: [string, string][] = [
    [t('letter.memberName'), member.name],
    [t('member.sex'), t(sexKey(member.sex))],
    [t('member.age'), String(member.age)],
    [t('member.ethnicity'), member.ethnicity ?? '—'],
    [t('member.status'), t(statusKey(member.status))],
    [t('member.idNumber'), member.idNumber],
    [t('transfers.from'), letter.fromOrg.name],
    [t('transfers.to'), letter.destinationName],
    [t('transfers.issuedOn'), date(letter.issuedOn)],
    [t('letter.validity'), t('letter.validityUntil', { validity, date: date(letter.validUntil) })],
    ...(letter.receiptDueOn ? ([[t('letter.receiptDue'), date(letter.receiptDueOn)]] as [string, string][]) : []),
    ...(letter.reason ? ([[t('issue.reason'), letter.reason]] as [string, string][]) : []),
  ];

  return (
    <Flex vertical gap={12} align="center" className="letter-page">
      <Flex wrap gap={8} justify="space-between" align="center" className="letter-toolbar no-print">
        <a href={TRANSFERS_PATH} onClick={(event) => followLink(event, TRANSFERS_PATH)}>
          <ArrowLeftOutlined /> {t('letter.back')}
        </a>
        <Flex gap={8} align="center">
          <Tag color={TRANSFER_STATE_COLORS[letter.state]} data-testid="letter-state">
            {t(transferStateKey(letter.state))}
          </Tag>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="letter-print">
            {t('letter.print')}
          </Button>
        </Flex>
      </Flex>
      <article className="letter-paper" data-testid="letter">
        <h1 className="letter-title" data-testid="letter-title">
          {t(letterTypeKey(letter.letterType))}
        </h1>
        <p className="letter-number" data-testid="letter-number">
          {t('letter.number', { number: letter.letterNumber })}
        </p>
        <p className="letter-salutation">{t('letter.salutation', { to: letter.destinationName })}</p>
        <p className="letter-body" data-testid="letter-body">
          {t(`letter.body.${letter.letterType}`, body)}
        </p>
        <table className="letter-facts">
          <tbody>
            {rows.map(([label, value]) => (
              <tr key={label}>
                <th>{label}</th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="letter-signature">
          <p>{t('letter.seal', { from: letter.fromOrg.name })}</p>
          <p>{date(letter.issuedOn)}</p>
        </div>
        <p className="letter-cite no-print">{t('rule.cite', { cite: letter.cite })}</p>
      </article>
    </Flex>
  );
}
