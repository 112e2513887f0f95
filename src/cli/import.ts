/** `import orgs FILE`: read the spreadsheet, check every row, import all of them or none. */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { CONSOLE_ACTOR } from '../lib/actor.ts';
import { AppError } from '../lib/errors.ts';
import { readSheet, sheetFormatOf, SpreadsheetError, type SheetRow } from '../lib/spreadsheet.ts';
import { importOrgs, type ImportRowError } from '../modules/orgs/orgs.import.ts';
import { CliError, describeDb, servicesFor, withDatabase, type DbOptions } from './context.ts';
import { progress } from './progress.ts';

async function readRows(file: string): Promise<SheetRow[]> {
  const bar = progress(`Reading ${basename(file)}`);
  const rows: SheetRow[] = [];
  try {
    for await (const row of readSheet(file)) {
      rows.push(row);
      if (rows.length % 1000 === 0) bar.update(rows.length);
    }
  } catch (error) {
    if (error instanceof SpreadsheetError) throw new CliError(`${file}: ${error.message}`);
    throw new CliError(`${file} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  bar.finish(`${rows.length.toLocaleString('en-US')} rows`);
  return rows;
}

export async function importOrgsCommand(file: string, options: DbOptions): Promise<void> {
  if (!existsSync(file)) throw new CliError(`There is no file ${file}`);
  try {
    sheetFormatOf(file);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  const rows = await readRows(file);
  await withDatabase(options, async (handle, config) => {
    const { audit } = await servicesFor(handle, config);
    const checking = progress('Checking');
    const inserting = progress('Importing');
    try {
      const { imported } = await importOrgs(handle.db, audit, CONSOLE_ACTOR, rows, {
        fileName: basename(file),
        onProgress: (phase, done, total) => (phase === 'check' ? checking : inserting).update(done, total),
      });
      inserting.finish('done');
      process.stdout.write(`Imported ${imported} organization(s) from ${file} into ${describeDb(config)}.\n`);
    } catch (error) {
      if (error instanceof AppError && error.code === 'import.rows_invalid') {
        const { errors } = error.details as { errors: ImportRowError[] };
        for (const e of errors) process.stderr.write(`row ${e.row}, column ${e.column}: ${e.message}\n`);
        throw new CliError(`${error.message}. Correct the file and import it again.`);
      }
      if (error instanceof AppError) throw new CliError(`${error.message} (${error.code})`);
      throw error;
    }
  });
}
