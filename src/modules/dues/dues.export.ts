/** The branch's monthly sheet and a subtree report as xlsx workbooks (amounts in yuan with two decimals, from fen). */
import { PassThrough } from 'node:stream';
import { sheetWriter, type SheetCell } from '../../lib/spreadsheet.ts';
import type { DuesService } from './dues.service.ts';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Sheet = Awaited<ReturnType<DuesService['sheet']>>;
type Report = Awaited<ReturnType<DuesService['report']>>;

/** Fen as yuan text with exactly two decimals, without going through floating point. */
export function yuan(fenAmount: number | null): string | null {
  if (fenAmount === null) return null;
  const sign = fenAmount < 0 ? '-' : '';
  const abs = Math.abs(fenAmount);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const percent = (bp: number | null) => (bp === null ? null : `${yuan(bp)}%`);

async function workbook(sheetName: string, widths: number[], rows: readonly (readonly SheetCell[])[]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const writer = sheetWriter('xlsx', out, { sheetName, columnWidths: widths });
  for (const row of rows) await writer.addRow(row);
  await writer.close();
  await done;
  return Buffer.concat(chunks);
}

export function sheetWorkbook(sheet: Sheet): Promise<Buffer> {
  const rows: SheetCell[][] = [['姓名', '党员类别', '应交（元）', '已交（元）', '欠交（元）', '依据', '备注']];
  for (const r of sheet.rows) {
    rows.push([r.name, r.status === 'full' ? '正式党员' : '预备党员', yuan(r.dueFen), yuan(r.paidFen), yuan(r.outstandingFen), r.ruleId, r.baseMissing ? '未登记党费基数' : null]);
  }
  rows.push(['合计', `${sheet.totals.members}人`, yuan(sheet.totals.dueFen), yuan(sheet.totals.paidFen), yuan(sheet.totals.outstandingFen), percent(sheet.totals.rateBasisPoints), sheet.closed ? '已结账' : '未结账']);
  rows.push(['本月收缴', null, null, yuan(sheet.book.collectedFen), null, null, `其中自愿多交 ${yuan(sheet.book.extraFen) ?? '0.00'} 元`]);
  return workbook(`${sheet.month} 党费收缴`, [14, 10, 12, 12, 12, 34, 20], rows);
}

export function reportWorkbook(report: Report): Promise<Buffer> {
  const header = ['单位/党员', '人数', '应交（元）', '已交（元）', '欠交（元）', '交纳率', '欠交人数', '收缴（元）', '其中自愿多交（元）', '上缴中央（元）'];
  const line = (name: string, f: Report['totals']): SheetCell[] => [
    name,
    f.members,
    yuan(f.dueFen),
    yuan(f.paidFen),
    yuan(f.outstandingFen),
    percent(f.rateBasisPoints),
    f.arrearsMembers,
    yuan(f.collectedFen),
    yuan(f.extraFen),
    yuan(f.centreFen),
  ];
  const rows: SheetCell[][] = [header];
  for (const c of report.children) rows.push(line(c.name, c));
  for (const m of report.members) rows.push(line(m.name, m));
  rows.push(line('合计', report.totals));
  rows.push([`${report.orgName} ${report.from} 至 ${report.to}（统计至 ${report.throughMonth}）`]);
  return workbook('党费统计', [24, 8, 14, 14, 14, 10, 10, 14, 16, 14], rows);
}
