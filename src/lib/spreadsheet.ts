/**
 * Reading and writing tabular files: CSV per RFC 4180 and xlsx through exceljs's streaming reader and writer.
 * Rows come out keyed by the header row's text, with the row number the user sees in a spreadsheet program.
 */
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
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

/** The file is bigger than the reader will take (rows, unpacked size): refuse rather than read on. */
export class SpreadsheetLimitError extends SpreadsheetError {
  override name = 'SpreadsheetLimitError';
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
  yield* keyedRows(sheetFormatOf(file) === 'csv' ? csvRows(await readFile(file)) : xlsxRows(file), Infinity);
}

export interface ReadLimits {
  /** Data rows read at most; one more is a SpreadsheetLimitError (default 200,000). */
  maxRows?: number;
  /** xlsx: the zip entries that are read may unpack to this many bytes in all (default 512 MiB). */
  maxUnpackedBytes?: number;
}

export const DEFAULT_READ_LIMITS: Required<ReadLimits> = { maxRows: 200_000, maxUnpackedBytes: 512 * 1024 * 1024 };

/**
 * Reads an uploaded file held in memory, of a format the caller was told (content type, extension) and that the
 * bytes must confirm: an xlsx is a zip whose sizes are checked before anything is unpacked (zip bombs), a CSV is
 * text. Stops with a SpreadsheetLimitError past the limits.
 */
export async function* readSheetBytes(bytes: Buffer, format: SheetFormat, limits: ReadLimits = {}): AsyncGenerator<SheetRow> {
  const { maxRows, maxUnpackedBytes } = { ...DEFAULT_READ_LIMITS, ...limits };
  checkMagic(bytes, format);
  const raw = format === 'csv' ? csvRows(bytes) : xlsxRows(Readable.from([await safeXlsxZip(bytes, maxUnpackedBytes)]));
  yield* keyedRows(raw, maxRows);
}

/** The first non-empty row names the columns; every later non-empty row comes out keyed by those names. */
async function* keyedRows(raw: AsyncIterable<RawRow> | Iterable<RawRow>, maxRows: number): AsyncGenerator<SheetRow> {
  let headers: string[] | null = null;
  let count = 0;
  for await (const { rowNumber, cells } of raw) {
    if (cells.every((c) => c.trim() === '')) continue;
    if (!headers) {
      headers = cells.map((c) => c.trim());
      checkHeaders(headers, rowNumber);
      continue;
    }
    if (++count > maxRows) throw new SpreadsheetLimitError(`The file has more than ${maxRows.toLocaleString('en-US')} data rows; split it`);
    const values: Record<string, string> = {};
    headers.forEach((header, i) => {
      if (header !== '') values[header] = cells[i] ?? '';
    });
    yield { rowNumber, values };
  }
  if (!headers) throw new SpreadsheetError('The file is empty: the first row must name the columns');
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** The bytes must be what the name or content type says: an xlsx starts as a zip; a CSV is text (no NUL byte). */
export function checkMagic(bytes: Buffer, format: SheetFormat): void {
  if (format === 'xlsx' && !bytes.subarray(0, 4).equals(ZIP_MAGIC)) {
    throw new SpreadsheetError('The file is not an xlsx workbook (it does not start as a zip archive)');
  }
  if (format === 'csv' && bytes.includes(0)) throw new SpreadsheetError('The file is not CSV text (it holds binary data)');
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

/** One CSV record (RFC 4180) with its CRLF. */
export function csvLine(values: readonly string[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/**
 * Formula injection (CSV/DDE injection): a cell whose text begins with = + - @, tab, CR or NUL may run as a
 * formula when a spreadsheet program opens the file; a leading apostrophe keeps it text.
 */
export function escapeFormula(text: string): string {
  return /^[=+\-@\t\r\0]/.test(text) ? `'${text}` : text;
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

async function* xlsxRows(input: string | Readable): AsyncGenerator<RawRow> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
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

// Streaming writers (exports)

export type SheetCell = string | number | Date | null;

export interface SheetWriter {
  /** Writes one row; resolves once the destination has room for more (backpressure). */
  addRow(values: readonly SheetCell[]): Promise<void>;
  /** Finishes the file and ends the destination stream. */
  close(): Promise<void>;
}

export interface SheetWriterOptions {
  sheetName?: string;
  /** xlsx column widths in characters. */
  columnWidths?: readonly number[];
  /** xlsx: one table of strings, as spreadsheet programs save; it is held in memory until the end (default false). */
  sharedStrings?: boolean;
}

const cellForCsv = (value: SheetCell): string =>
  value === null ? '' : value instanceof Date ? dateText(value) : typeof value === 'number' ? String(value) : escapeFormula(value);

/**
 * Writes rows to a stream as CSV (RFC 4180, CRLF, UTF-8 with a BOM so that Excel reads Chinese correctly) or as
 * xlsx through exceljs's streaming writer (inline strings by default, so memory stays flat). Every text cell goes through
 * escapeFormula; Date cells are dates (xlsx) or YYYY-MM-DD (CSV).
 */
export function sheetWriter(format: SheetFormat, out: Writable, options: SheetWriterOptions = {}): SheetWriter {
  const room = async () => {
    if (out.writableNeedDrain) await once(out, 'drain');
  };
  if (format === 'csv') {
    out.write('\uFEFF');
    return {
      async addRow(values) {
        if (!out.write(csvLine(values.map(cellForCsv)))) await once(out, 'drain');
      },
      close: () => new Promise<void>((resolve, reject) => {
        out.once('error', reject);
        out.end(() => resolve());
      }),
    };
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: options.sharedStrings ?? false });
  const sheet = workbook.addWorksheet(options.sheetName ?? 'Sheet1', { views: [{ state: 'frozen', ySplit: 1 }] });
  if (options.columnWidths) sheet.columns = options.columnWidths.map((width) => ({ width }));
  let rows = 0;
  return {
    async addRow(values) {
      const row = sheet.addRow(values.map((v) => (typeof v === 'string' ? escapeFormula(v) : v)));
      values.forEach((v, i) => {
        if (v instanceof Date) row.getCell(i + 1).numFmt = 'yyyy-mm-dd';
      });
      row.commit();
      if (++rows % 500 === 0) await room();
    },
    async close() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

// Zip bomb guard

const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;
const ZIP_MAX_ENTRIES = 10_000;
/** The parts of a workbook the reader uses, in the order that lets it stream the sheet without a temporary file. */
const XLSX_PARTS = [
  /^xl\/_rels\/workbook\.xml\.rels$/,
  /^xl\/workbook\.xml$/,
  /^xl\/styles\.xml$/,
  /^xl\/sharedStrings\.xml$/,
  /^xl\/worksheets\/sheet\d+\.xml$/,
];

interface ZipEntry {
  /** Without a leading slash, as the reader matches it. */
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  data: Buffer;
}

const damaged = (why: string) => new SpreadsheetError(`The xlsx file is damaged or not a workbook (${why})`);

/** The entries as the central directory lists them, each checked against its local header. */
function zipEntries(bytes: Buffer): ZipEntry[] {
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === ZIP_END) {
      end = i;
      break;
    }
  }
  if (end < 0) throw damaged('no zip directory');
  const count = bytes.readUInt16LE(end + 10);
  const dirSize = bytes.readUInt32LE(end + 12);
  const dirOffset = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) throw damaged('zip64 archives are not read');
  if (count > ZIP_MAX_ENTRIES) throw new SpreadsheetLimitError(`The xlsx file holds more than ${ZIP_MAX_ENTRIES} parts`);
  if (dirOffset + dirSize > end) throw damaged('zip directory out of bounds');
  const entries: ZipEntry[] = [];
  let p = dirOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > end || bytes.readUInt32LE(p) !== ZIP_CENTRAL) throw damaged('zip directory entry');
    const flags = bytes.readUInt16LE(p + 8);
    const compressedSize = bytes.readUInt32LE(p + 20);
    const size = bytes.readUInt32LE(p + 24);
    const nameLength = bytes.readUInt16LE(p + 28);
    const local = bytes.readUInt32LE(p + 42);
    const nameBytes = bytes.subarray(p + 46, p + 46 + nameLength);
    if (compressedSize === 0xffffffff || size === 0xffffffff || local === 0xffffffff) throw damaged('zip64 archives are not read');
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== ZIP_LOCAL) throw damaged('zip entry header');
    const dataStart = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    if (dataStart + compressedSize > bytes.length) throw damaged('zip entry out of bounds');
    entries.push({
      name: nameBytes.toString(flags & 0x800 ? 'utf8' : 'latin1').replace(/^\/+/, ''),
      flags,
      method: bytes.readUInt16LE(p + 10),
      crc: bytes.readUInt32LE(p + 16),
      compressedSize,
      size,
      data: bytes.subarray(dataStart, dataStart + compressedSize),
    });
    p += 46 + nameLength + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
  }
  return entries;
}

/** Inflates into nothing, counting; stops as soon as the entry unpacks to more than it declared. */
function checkInflatedSize(entry: ZipEntry): Promise<void> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
    let total = 0;
    inflate.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > entry.size) {
        inflate.destroy();
        reject(new SpreadsheetLimitError(`The xlsx part ${entry.name} unpacks to more than it declares`));
      }
    });
    inflate.on('error', () => reject(damaged(`cannot unpack ${entry.name}`)));
    inflate.on('end', () => (total === entry.size ? resolve() : reject(damaged(`${entry.name} is shorter than it declares`))));
    inflate.end(entry.data);
  });
}

/**
 * Checks an xlsx before the reader unpacks it: the parts it reads may unpack to `maxUnpacked` bytes in all, and
 * each must unpack to exactly its declared size (checked by inflating, output discarded). Answers a new zip of
 * those parts alone, with sizes in every local header, so the streaming reader sees exactly what was checked.
 */
async function safeXlsxZip(bytes: Buffer, maxUnpacked: number): Promise<Buffer> {
  const all = zipEntries(bytes);
  const sheetNumber = (e: ZipEntry) => Number(/(\d+)\.xml$/.exec(e.name)?.[1] ?? 0);
  const parts = XLSX_PARTS.flatMap((pattern) => all.filter((e) => pattern.test(e.name)).sort((a, b) => sheetNumber(a) - sheetNumber(b)));
  if (!parts.some((e) => e.name.startsWith('xl/worksheets/'))) throw damaged('no worksheet');
  let total = 0;
  for (const entry of parts) {
    if (entry.flags & 0x1) throw new SpreadsheetError('The xlsx file is password-protected; save it without a password');
    if (entry.method !== 0 && entry.method !== 8) throw damaged(`compression method ${entry.method}`);
    total += entry.size;
    if (total > maxUnpacked) {
      throw new SpreadsheetLimitError(`The xlsx file unpacks to more than ${Math.round(maxUnpacked / 1024 / 1024)} MB; split it`);
    }
    if (entry.method === 8) await checkInflatedSize(entry);
    else if (entry.data.length !== entry.size) throw damaged(`${entry.name} has the wrong size`);
  }
  return writeZip(parts);
}

function writeZip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(ZIP_LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.compressedSize, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(ZIP_CENTRAL, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.crc, 16);
    central.writeUInt32LE(e.compressedSize, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    directory.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const directorySize = directory.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(ZIP_END, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...directory, end]);
}
