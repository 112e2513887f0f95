/** `import members FILE --org CODE` and `export members --org CODE --to FILE`: the roster from and to the console. */
import { existsSync, rmSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { finished } from 'node:stream/promises';
import type { DbHandle } from '../db/create-db.ts';
import { CONSOLE_ACTOR } from '../lib/actor.ts';
import { AppError } from '../lib/errors.ts';
import { sheetFormatOf, type SheetFormat } from '../lib/spreadsheet.ts';
import { startMemberExport } from '../modules/members/members.export.ts';
import { importMembers, type MemberImportError } from '../modules/members/members.import.ts';
import { findOrgByCode, type OrgRow } from '../modules/orgs/orgs.repo.ts';
import { createServices } from '../server/app.ts';
import { CliError, cryptoFor, describeDb, withDatabase, type DbOptions } from './context.ts';
import { progress } from './progress.ts';

function formatOf(file: string): SheetFormat {
  try {
    return sheetFormatOf(file);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
}

async function orgByCode(handle: DbHandle, code: string): Promise<OrgRow> {
  const org = await findOrgByCode(handle.db, code);
  if (!org) throw new CliError(`There is no org with the code ${code}`);
  return org;
}

export interface ImportMembersOptions extends DbOptions {
  org: string;
  dryRun?: boolean;
}

/** Checks every row; imports all of them or none, and names each bad row and column on stderr. */
export async function importMembersCommand(file: string, options: ImportMembersOptions): Promise<void> {
  if (!existsSync(file)) throw new CliError(`There is no file ${file}`);
  const format = formatOf(file);
  const bytes = await readFile(file);
  await withDatabase(options, async (handle, config) => {
    const crypto = await cryptoFor(handle, config);
    const { audit } = createServices(handle, crypto);
    const org = await orgByCode(handle, options.org);
    const checking = progress(`Checking ${basename(file)}`);
    const inserting = progress('Importing');
    try {
      const result = await importMembers({ db: handle.db, crypto, audit }, CONSOLE_ACTOR, bytes, {
        orgId: org.id,
        format,
        dryRun: options.dryRun ?? false,
        fileName: basename(file),
        onProgress: (phase, done, total) => (phase === 'check' ? checking : inserting).update(done, total),
      });
      if ('imported' in result) {
        inserting.finish('done');
        process.stdout.write(`Imported ${result.imported} member(s) from ${file} under ${org.name} (${org.code}) into ${describeDb(config)}.\n`);
      } else {
        checking.finish(`${result.valid.toLocaleString('en-US')} rows`);
        process.stdout.write(`All ${result.valid} row(s) of ${file} are valid; nothing was written (dry run).\n`);
      }
    } catch (error) {
      if (error instanceof AppError && error.code === 'import.rows_invalid') {
        const { errors, total } = error.details as { errors: MemberImportError[]; total: number };
        for (const e of errors) process.stderr.write(`row ${e.row}, column ${e.column}: ${e.message}\n`);
        if (total > errors.length) process.stderr.write(`… and ${total - errors.length} more problem(s)\n`);
        throw new CliError(`${error.message}. Correct the file and import it again.`);
      }
      if (error instanceof AppError) throw new CliError(`${error.message} (${error.code})`);
      throw error;
    }
  });
}

export interface ExportMembersOptions extends DbOptions {
  org: string;
  to: string;
  full?: boolean;
}

/** Writes the roster of a subtree (format from the file's extension); never over an existing file. */
export async function exportMembersCommand(options: ExportMembersOptions): Promise<void> {
  const format = formatOf(options.to);
  await withDatabase(options, async (handle, config) => {
    const crypto = await cryptoFor(handle, config);
    const { audit } = createServices(handle, crypto);
    const org = await orgByCode(handle, options.org);
    // The file is made first, so that a name already taken stops the export before it is audited.
    const target = await open(options.to, 'wx', 0o600).catch((error: unknown) => {
      const code = (error as { code?: unknown }).code;
      throw new CliError(code === 'EEXIST' ? `${options.to} already exists; choose another name` : `${options.to} cannot be created: ${String(error)}`);
    });
    const out = target.createWriteStream();
    try {
      const job = await startMemberExport({ db: handle.db, crypto, audit }, CONSOLE_ACTOR, { orgId: org.id, format, full: options.full ?? false });
      await job.write(out);
      await finished(out);
      const personal = options.full ? 'in full' : 'masked';
      process.stdout.write(`Exported ${job.rows} member(s) of ${org.name} (${org.code}) to ${options.to} (${format}; ID numbers and phones ${personal}).\n`);
    } catch (error) {
      out.destroy();
      rmSync(options.to, { force: true });
      if (error instanceof AppError) throw new CliError(`${error.message} (${error.code})`);
      throw error;
    }
  });
}
