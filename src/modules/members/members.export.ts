/**
 * The roster as a file: the import template (xlsx with an example row and an explanation sheet) and the export of
 * a subtree's members in the template's columns, streamed, ID numbers and phones masked unless the full values
 * were asked for. Every export is audited before the first byte leaves.
 */
import { requireOrgInScope } from '../orgs/org-scope.ts';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Actor } from '../../lib/actor.ts';
import type { CryptoProvider } from '../../lib/crypto/provider.ts';
import { todayInChina } from '../../lib/dates.ts';
import { checkCharacter } from '../../lib/id-number.ts';
import { maskIdNumber, maskPhone } from '../../lib/masking.ts';
import { sheetWriter, type SheetCell, type SheetFormat } from '../../lib/spreadsheet.ts';
import type { Db } from '../../db/schema.ts';
import type { AuditTrail } from '../audit/audit.service.ts';
import { BRANCH_KINDS } from '../orgs/org-kinds.ts';
import type { OrgRow } from '../orgs/orgs.repo.ts';
import { subtreeRange } from '../orgs/tree.ts';
import { EDUCATION_LABELS, EDUCATIONS, FLAG_COLUMNS, MEMBER_FLAGS } from './member-rules.ts';
import { HOUSEHOLD_LABELS, MEMBER_COLUMNS, SEX_LABELS, STATUS_LABELS, type ColumnKey } from './members.import.ts';
import * as repo from './members.repo.ts';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_CONTENT_TYPE = 'text/csv';
const SHEET_NAME = '党员花名册';

const asDate = (iso: string | null): Date | null => (iso ? new Date(`${iso}T00:00:00Z`) : null);
const yesNo = (flag: number) => (flag === 1 ? '是' : '否');

// The template

const exampleId = (first17: string) => first17 + checkCharacter(first17);

/** One plausible member, as a secretary would type them. */
const EXAMPLE: Record<ColumnKey, SheetCell> = {
  name: '张建国',
  sex: '男',
  ethnicity: '汉族',
  idNumber: exampleId('11010119800512123'),
  birthDate: asDate('1980-05-12'),
  phone: '13800138000',
  education: EDUCATION_LABELS.bachelor,
  workUnit: '某某县农业农村局',
  occupation: '科员',
  householdType: HOUSEHOLD_LABELS.urban,
  status: STATUS_LABELS.full,
  joinedAt: asDate('2005-07-01'),
  fullAt: asDate('2006-07-01'),
  orgCode: 'AP-T01-V01',
  groupCode: '',
  flowing: '否',
  hardship: '否',
  veteran: '否',
  inService: '是',
  retired: '否',
};

/** Choices offered as drop-down lists in the template's cells. */
const CHOICES: Partial<Record<ColumnKey, readonly string[]>> = {
  sex: Object.values(SEX_LABELS),
  education: EDUCATIONS.map((e) => EDUCATION_LABELS[e]),
  householdType: Object.values(HOUSEHOLD_LABELS),
  status: Object.values(STATUS_LABELS),
  ...Object.fromEntries(MEMBER_FLAGS.map((f) => [f, ['是', '否']])),
};
const TEXT_COLUMNS: readonly ColumnKey[] = ['idNumber', 'phone', 'orgCode', 'groupCode'];
const DATE_COLUMNS: readonly ColumnKey[] = ['birthDate', 'joinedAt', 'fullAt'];
const TEMPLATE_ROWS = 1000;

/** The import template: headers, one example row, typed columns and lists; a second sheet explains each column. */
export async function memberTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = MEMBER_COLUMNS.map((c) => ({ header: c.chinese, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  MEMBER_COLUMNS.forEach((c, i) => {
    const col = sheet.getColumn(i + 1);
    // Text columns keep 18-digit ID numbers as typed (Excel would turn them into 4.4E+17).
    if (TEXT_COLUMNS.includes(c.key)) col.numFmt = '@';
    if (DATE_COLUMNS.includes(c.key)) col.numFmt = 'yyyy-mm-dd';
    if (c.required) sheet.getCell(1, i + 1).font = { bold: true, color: { argb: 'FFC00000' } };
  });
  const example = sheet.addRow(MEMBER_COLUMNS.map((c) => EXAMPLE[c.key]));
  example.font = { italic: true, color: { argb: 'FF808080' } };
  MEMBER_COLUMNS.forEach((c, i) => {
    const choices = CHOICES[c.key];
    if (!choices) return;
    for (let r = 2; r <= TEMPLATE_ROWS + 1; r++) {
      sheet.getCell(r, i + 1).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${choices.join(',')}"`] };
    }
  });

  const help = workbook.addWorksheet('填写说明');
  help.columns = [
    { header: '列名', width: 16 },
    { header: '必填', width: 6 },
    { header: '填写说明', width: 70 },
    { header: '英文列名 (English header)', width: 24 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of MEMBER_COLUMNS) help.addRow([c.chinese, c.required ? '是' : '', c.help, c.english]);
  help.addRow([]);
  for (const note of [
    `第2行（灰色斜体）是示例，导入前请删除。第一个工作表的第一行是列名；列的顺序不限，也可用英文列名。`,
    '日期可写 2005-07-01、2005/7/1、2005.7.1 或 2005年7月1日，也可用Excel日期格式。',
    '导入时逐行检查，任何一行有误则整个文件都不导入，并列出每个有误的行和列；改正后重新导入即可。',
    '公民身份号码已登记的党员（无论在哪个组织）不能重复导入；转入的党员请走组织关系转接。',
  ]) {
    help.addRow([note]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// The export

export interface MemberExportDeps {
  db: Db;
  crypto: CryptoProvider;
  audit: AuditTrail;
}

export interface MemberExportOptions {
  orgId: string;
  format: SheetFormat;
  /** Whole ID numbers and phones instead of masked ones; the caller checked the permission. */
  full: boolean;
}

export interface MemberExport {
  org: OrgRow;
  rows: number;
  /** A suggested file name (ASCII: the org's code). */
  fileName: string;
  contentType: string;
  /** Streams the roster into `out` and ends it; on failure `out` is destroyed with the error. */
  write(out: Writable): Promise<void>;
}

/** Checks the scope and records the export (and, for full values, the full export) before anything is written. */
export async function startMemberExport(deps: MemberExportDeps, actor: Actor, options: MemberExportOptions): Promise<MemberExport> {
  const { db, crypto, audit } = deps;
  const org = await requireOrgInScope(db, actor, options.orgId);
  const filter: repo.RosterFilter = { rootPath: org.path, membership: 'active', today: todayInChina() };
  const rows = await repo.rosterTotal(db, filter);
  const summary = { org: org.code, format: options.format, full: options.full, rows };
  await db.transaction().execute(async (trx) => {
    await audit.record(trx, actor, { action: 'member.export', targetType: 'org', targetId: org.id, orgPath: org.path, summary });
    if (options.full) {
      await audit.record(trx, actor, { action: 'member.export_full', targetType: 'org', targetId: org.id, orgPath: org.path, summary });
    }
  });
  return {
    org,
    rows,
    fileName: `members-${org.code}.${options.format}`,
    contentType: options.format === 'xlsx' ? XLSX_CONTENT_TYPE : `${CSV_CONTENT_TYPE}; charset=utf-8`,
    async write(out) {
      try {
        const codes = await orgCodes(db, org.path);
        const writer = sheetWriter(options.format, out, { sheetName: SHEET_NAME, columnWidths: MEMBER_COLUMNS.map((c) => c.width) });
        await writer.addRow(MEMBER_COLUMNS.map((c) => c.chinese));
        for await (const member of repo.rosterStream(db, filter)) {
          const idNumber = crypto.decrypt(member.id_number_enc);
          const phone = member.phone_enc ? crypto.decrypt(member.phone_enc) : null;
          const cells = rosterCells(member, codes, {
            idNumber: options.full ? idNumber : maskIdNumber(idNumber),
            phone: phone && (options.full ? phone : maskPhone(phone)),
          });
          await writer.addRow(MEMBER_COLUMNS.map((c) => cells[c.key]));
        }
        await writer.close();
      } catch (error) {
        out.destroy(error instanceof Error ? error : new Error(String(error)));
        throw error;
      }
    },
  };
}

/** Codes of the branches and 党小组 of a subtree, by id. */
async function orgCodes(db: Db, rootPath: string): Promise<Map<string, string>> {
  const { from, to } = subtreeRange(rootPath);
  const rows = await db
    .selectFrom('orgs')
    .select(['id', 'code'])
    .where('path', '>=', from)
    .where('path', '<', to)
    .where('kind', 'in', [...BRANCH_KINDS, 'group'])
    .execute();
  return new Map(rows.map((r) => [r.id, r.code]));
}

/** One member in the template's columns, with the ID number and phone as they may be shown. */
function rosterCells(m: repo.MemberRow, codes: ReadonlyMap<string, string>, shown: { idNumber: string; phone: string | null }): Record<ColumnKey, SheetCell> {
  const education = m.education as (typeof EDUCATIONS)[number] | null;
  return {
    name: m.name,
    sex: SEX_LABELS[m.sex],
    ethnicity: m.ethnicity,
    idNumber: shown.idNumber,
    birthDate: asDate(m.birth_date),
    phone: shown.phone,
    education: education ? (EDUCATION_LABELS[education] ?? education) : null,
    workUnit: m.work_unit,
    occupation: m.occupation,
    householdType: m.household_type ? HOUSEHOLD_LABELS[m.household_type] : null,
    status: STATUS_LABELS[m.status],
    joinedAt: asDate(m.joined_on),
    fullAt: asDate(m.full_on),
    orgCode: codes.get(m.org_id) ?? null,
    groupCode: m.group_id ? (codes.get(m.group_id) ?? null) : null,
    flowing: yesNo(m[FLAG_COLUMNS.flowing]),
    hardship: yesNo(m[FLAG_COLUMNS.hardship]),
    veteran: yesNo(m[FLAG_COLUMNS.veteran]),
    inService: yesNo(m[FLAG_COLUMNS.inService]),
    retired: yesNo(m[FLAG_COLUMNS.retired]),
  };
}
