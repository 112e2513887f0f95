import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { escapeFormula, readSheetBytes, sheetWriter, SpreadsheetError, SpreadsheetLimitError, type ReadLimits, type SheetFormat, type SheetRow } from './spreadsheet.ts';

async function readAll(bytes: Buffer, format: SheetFormat, limits?: ReadLimits): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const row of readSheetBytes(bytes, format, limits)) rows.push(row);
  return rows;
}

async function xlsx(rows: readonly (readonly string[])[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Sheet1');
  for (const r of rows) sheet.addRow([...r]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Changes the size the zip directory declares for one part, as a zip bomb would. */
function declareSize(bytes: Buffer, part: string, size: number): Buffer {
  const out = Buffer.from(bytes);
  const name = Buffer.from(part);
  for (let at = out.indexOf(name); at >= 0; at = out.indexOf(name, at + 1)) {
    if (at >= 46 && out.readUInt32LE(at - 46) === 0x02014b50) {
      out.writeUInt32LE(size, at - 46 + 24);
      return out;
    }
  }
  throw new Error(`no directory entry for ${part}`);
}

describe('escapeFormula (CSV/formula injection, OWASP)', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+86 138', "'+86 138"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=cmd', "'\t=cmd"],
    ['\r=cmd', "'\r=cmd"],
    ['\0x', "'\0x"],
    ['张三', '张三'],
    ['a=1', 'a=1'],
    ['', ''],
    ["'=already", "'=already"],
    ['2024-07-01', '2024-07-01'],
  ])('%j → %j', (input, output) => {
    expect(escapeFormula(input)).toBe(output);
  });
});

describe('readSheetBytes', () => {
  it('reads an xlsx and a CSV from memory', async () => {
    const header = ['姓名', '入党日期'];
    expect(await readAll(await xlsx([header, ['张三', '2005-07-01']]), 'xlsx')).toEqual([{ rowNumber: 2, values: { 姓名: '张三', 入党日期: '2005-07-01' } }]);
    expect(await readAll(Buffer.from('\uFEFF姓名,入党日期\r\n张三,2005-07-01\r\n'), 'csv')).toEqual([{ rowNumber: 2, values: { 姓名: '张三', 入党日期: '2005-07-01' } }]);
  });

  it('checks the magic bytes: an xlsx is a zip, a CSV is text', async () => {
    await expect(readAll(Buffer.from('姓名\r\n张三\r\n'), 'xlsx')).rejects.toThrow(/not an xlsx/);
    await expect(readAll(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]), 'xlsx')).rejects.toThrow(/damaged or not a workbook/);
    await expect(readAll(await xlsx([['a'], ['b']]), 'csv')).rejects.toThrow(/not CSV text/);
  });

  it('stops past the row limit', async () => {
    const text = `name\r\n${['a', 'b', 'c', 'd'].join('\r\n')}\r\n`;
    expect(await readAll(Buffer.from(text), 'csv', { maxRows: 4 })).toHaveLength(4);
    await expect(readAll(Buffer.from(text), 'csv', { maxRows: 3 })).rejects.toBeInstanceOf(SpreadsheetLimitError);
  });

  it('refuses a workbook that unpacks past the limit, before unpacking it', async () => {
    const big = await xlsx([['text'], ...Array.from({ length: 2000 }, (_, i) => [`${'重复的内容'.repeat(50)}${i}`])]);
    expect(big.length).toBeLessThan(100_000);
    expect(await readAll(big, 'xlsx')).toHaveLength(2000);
    await expect(readAll(big, 'xlsx', { maxUnpackedBytes: 500_000 })).rejects.toThrow(/unpacks to more than/);
  });

  it('refuses a part that unpacks to more than it declares (a zip bomb lying about its size)', async () => {
    const file = await xlsx([['text'], ...Array.from({ length: 500 }, () => ['x'.repeat(200)])]);
    const lying = declareSize(file, 'xl/worksheets/sheet1.xml', 1000);
    const error = await readAll(lying, 'xlsx').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpreadsheetLimitError);
    expect(String(error)).toContain('more than it declares');
    await expect(readAll(declareSize(file, 'xl/worksheets/sheet1.xml', 10_000_000), 'xlsx')).rejects.toBeInstanceOf(SpreadsheetError);
  });
});

describe('sheetWriter', () => {
  const collect = async (format: SheetFormat, rows: (string | number | Date | null)[][]) => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const writer = sheetWriter(format, out);
    for (const r of rows) await writer.addRow(r);
    await writer.close();
    return Buffer.concat(chunks);
  };

  it('writes CSV with a BOM and CRLF, quoting per RFC 4180 and escaping formulas', async () => {
    const bytes = await collect('csv', [['姓名', '日期', '数'], ['=1+1', new Date(Date.UTC(2005, 6, 1)), 3], ['a,"b"', null, null]]);
    expect(bytes.toString('utf8')).toBe("\uFEFF姓名,日期,数\r\n'=1+1,2005-07-01,3\r\n\"a,\"\"b\"\"\",,\r\n");
  });

  it('writes xlsx with date cells and escaped formulas, readable back', async () => {
    const bytes = await collect('xlsx', [['姓名', '日期'], ['@cmd', new Date(Date.UTC(2005, 6, 1))]]);
    expect(await readAll(bytes, 'xlsx')).toEqual([{ rowNumber: 2, values: { 姓名: "'@cmd", 日期: '2005-07-01' } }]);
  });
});
