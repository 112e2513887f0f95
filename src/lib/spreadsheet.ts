/**
 * Reading and writing tabular files: CSV per RFC 4180 and xlsx through exceljs's streaming reader and writer.
 * Rows come out keyed by the header row's text, with the row number the user sees in a spreadsheet program.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import ExcelJS from 'exceljs';

export interface SheetRow {
  /** 1-based, as the spreadsheet program shows it (the header is usually row 1). */
  rowNumber: number;
  /** Every header of the sheet is a key; empty cells are empty strings. */
  values: Record<string, string>;
}

export type SheetFormat = 'csv' | 'xlsx';

export class SpreadsheetError extends Error {
  override name = 'SpreadsheetError';
}

export function sheetFormatOf(file: string): SheetFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  throw new SpreadsheetError(`Unsupported file type "${ext || file}": use .xlsx or .csv`);
}

/**
 * Reads the first worksheet (xlsx) or the whole file (csv). The first non-empty row is the header; rows whose
 * cells are all empty are skipped.
 */
export async function* readSheet(file: string): AsyncGenerator<SheetRow> {
  const raw = sheetFormatOf(file) === 'csv' ? csvRows(await readFile(file)) : xlsxRows(file);
  let headers: string[] | null = null;
  for await (const { rowNumber, cells } of raw) {
    if (cells.every((c) => c.trim() === '')) continue;
    if (!headers) {
      headers = cells.map((c) => c.trim());
      checkHeaders(headers, rowNumber);
      continue;
    }
    const values: Record<string, string> = {};
    headers.forEach((header, i) => {
      if (header !== '') values[header] = cells[i] ?? '';
    });
    yield { rowNumber, values };
  }
  if (!headers) throw new SpreadsheetError('The file is empty: the first row must name the columns');
}

function checkHeaders(headers: string[], rowNumber: number): void {
  const seen = new Set<string>();
  for (const header of headers) {
    if (header === '') continue;
    if (seen.has(header)) throw new SpreadsheetError(`Row ${rowNumber}: the column "${header}" appears twice`);
    seen.add(header);
  }
}

interface RawRow {
  rowNumber: number;
  cells: string[];
}

// CSV

/** UTF-8 (with or without BOM); files saved by a Chinese Excel as "CSV" are GB18030, so fall back to that. */
function decodeText(bytes: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gb18030').decode(bytes);
  }
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

function* csvRows(bytes: Buffer): Generator<RawRow> {
  let rowNumber = 0;
  for (const cells of parseCsv(decodeText(bytes))) yield { rowNumber: ++rowNumber, cells };
}

/**
 * RFC 4180 records: comma-separated, fields optionally in double quotes (which may hold commas, quotes doubled,
 * CR and LF), records ended by CRLF or a bare LF. A quote inside an unquoted field is kept as text.
 */
export function* parseCsv(text: string): Generator<string[]> {
  let record: string[] = [];
  let field = '';
  let i = 0;
  let recordNumber = 1;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (ch === '"' && field === '') {
      // A quoted field runs to the next lone quote.
      let end = i + 1;
      for (;;) {
        const q = text.indexOf('"', end);
        if (q === -1) throw new SpreadsheetError(`Row ${recordNumber}: a quoted field is never closed`);
        if (text[q + 1] === '"') {
          field += text.slice(end, q + 1);
          end = q + 2;
          continue;
        }
        field += text.slice(end, q);
        i = q + 1;
        break;
      }
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
        throw new SpreadsheetError(`Row ${recordNumber}: text after the closing quote of a field`);
      }
      continue;
    }
    if (ch === ',') {
      record.push(field);
      field = '';
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      record.push(field);
      yield record;
      record = [];
      field = '';
      recordNumber++;
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    // Plain run up to the next separator.
    let end = i + 1;
    while (end < n && text[end] !== ',' && text[end] !== '\r' && text[end] !== '\n') end++;
    field += text.slice(i, end);
    i = end;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    yield record;
  }
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Writes rows as CSV with CRLF line ends and a BOM, so that Excel opens UTF-8 Chinese text correctly. */
export async function writeCsv(file: string, rows: readonly (readonly string[])[]): Promise<void> {
  const text = rows.map((row) => row.map(csvField).join(',')).join('\r\n');
  await writeFile(file, `\uFEFF${text}\r\n`);
}

// xlsx

type CellValue = ExcelJS.CellValue;

/** Excel dates arrive as Date at UTC midnight; a date-only cell becomes YYYY-MM-DD. */
function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    if (result === undefined || result === null) return '';
    if (typeof result === 'object' && 'error' in result) return String(result.error);
    return result instanceof Date ? dateText(result) : String(result);
  }
  if ('hyperlink' in value) return String(value.text);
  if ('error' in value) return String(value.error);
  return '';
}

async function* xlsxRows(file: string): AsyncGenerator<RawRow> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let first = true;
  for await (const worksheet of workbook) {
    // Only the first worksheet is read; later ones are drained so the zip stream can finish.
    for await (const row of worksheet) {
      if (!first) continue;
      const values = row.values;
      const cells: string[] = [];
      if (Array.isArray(values)) {
        // exceljs row values are 1-based and sparse.
        for (let col = 1; col < values.length; col++) cells.push(cellText(values[col] as CellValue));
      }
      yield { rowNumber: row.number, cells };
    }
    first = false;
  }
}

/** Writes one worksheet with exceljs's streaming writer; Date cells get a date format. */
export async function writeXlsx(
  file: string,
  rows: readonly (readonly (string | number | Date | null)[])[],
  sheetName = 'Sheet1',
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: true });
  const sheet = workbook.addWorksheet(sheetName);
  for (const values of rows) {
    const row = sheet.addRow([...values]);
    values.forEach((v, i) => {
      if (v instanceof Date) row.getCell(i + 1).numFmt = 'yyyy-mm-dd';
    });
    row.commit();
  }
  sheet.commit();
  await workbook.commit();
}
