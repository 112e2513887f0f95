/** The `xianfeng` command: serve, set up, import, back up and restore, and the demo. */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { backupCommand, restoreCommand } from './backup.ts';
import { addDbOptions, CliError, dbConfig, type DbOptions } from './context.ts';
import { demoCommand } from './demo.ts';
import { importOrgsCommand } from './import.ts';
import { exportMembersCommand, importMembersCommand, type ExportMembersOptions, type ImportMembersOptions } from './members.ts';
import { serve } from './serve.ts';
import { auditExportCommand, auditPruneCommand, auditVerifyCommand } from './audit.ts';
import { userAddCommand, userStateCommand, type UserAddOptions } from './users.ts';
import { ROLES } from '../modules/accounts/roles.ts';
import { initCommand, initCommandLine, migrateCommand, type InitOptions } from './setup.ts';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

function integer(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };
}
const parsePort = integer(0, 65_535);

function defaultPort(): number {
  const fromEnv = process.env.PORT;
  if (!fromEnv) return 3000;
  try {
    return parsePort(fromEnv);
  } catch {
    throw new CliError(`PORT=${fromEnv} is not a port number`);
  }
}

const portOption = () => new Option('--port <n>', 'port to listen on (default: $PORT or 3000)').argParser(parsePort);
const hostOption = () => new Option('--host <address>', 'address to listen on (default: $HOST or 0.0.0.0, all interfaces)');

interface ServeCliOptions extends DbOptions {
  port?: number;
  host?: string;
}

export function buildProgram(): Command {
  const program = new Command('xianfeng')
    .description('Xianfeng (先锋): a self-hosted platform for the grassroots work of party organizations')
    .version(version, '-v, --version')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();

  addDbOptions(
    program
      .command('serve')
      .description('start the web server (migrates the database first)')
      .addOption(portOption())
      .addOption(hostOption()),
  ).action(async (options: ServeCliOptions) => {
    await serve(dbConfig(options), {
      port: options.port ?? defaultPort(),
      host: options.host ?? process.env.HOST ?? '0.0.0.0',
      initHint: (prefix) => initCommandLine(prefix, options),
    });
  });

  addDbOptions(program.command('migrate').description('apply pending database migrations and print the version')).action(
    migrateCommand,
  );

  addDbOptions(
    program
      .command('init')
      .description('create the root organization of a new installation')
      .requiredOption('--root-name <name>', 'full name, e.g. 中共安平县委员会')
      .requiredOption('--root-code <code>', 'code: letters, digits, - and _, up to 32')
      .option('--root-kind <kind>', 'kind, English code or Chinese label (党委, 党工委, 党总支)', 'party_committee')
      .option('--root-domain <domain>', 'domain, English code or Chinese label (机关, 农村, …)', 'government')
      .option('--admin <username>', 'also create the first system administrator; prints a one-time password')
      .option('--admin-name <name>', 'the administrator\'s name as shown')
      .option('--crypto-profile <profile>', 'field encryption, fixed for good: intl (AES-256-GCM, the default) or gm (SM4 + SM3)'),
  ).action((options: InitOptions) => initCommand(options));

  addDbOptions(
    program
      .command('backup')
      .description('copy the SQLite database to a file while it keeps running (PostgreSQL: use pg_dump)')
      .requiredOption('--to <file>', 'the backup file to write')
      .option('--force', 'overwrite the backup file if it exists'),
  ).action(backupCommand);

  addDbOptions(
    program
      .command('restore')
      .description('replace the SQLite database with a backup; stop the server first (PostgreSQL: use pg_restore)')
      .requiredOption('--from <file>', 'the backup file to restore'),
  ).action(restoreCommand);

  const user = program.command('user').description('accounts, made at the console (there is no default account)');
  addDbOptions(
    user
      .command('add')
      .description('create an account; prints a one-time password unless --password-stdin gives one')
      .requiredOption('--username <name>', 'login name: letters, digits, . _ -')
      .requiredOption('--role <roles>', `comma-separated roles: ${ROLES.join(', ')}`)
      .requiredOption('--org <code>', 'code of the home org (the account sees its subtree only)')
      .option('--name <display name>', 'the person\'s name as shown')
      .option('--password-stdin', 'read the password from standard input instead of generating a one-time one'),
  ).action((options: UserAddOptions) => userAddCommand(options));
  for (const [name, description] of [
    ['disable', 'disable an account and end its sessions'],
    ['enable', 'enable an account and clear its lockout'],
    ['reset-password', 'issue a new one-time password and end its sessions'],
  ] as const) {
    addDbOptions(user.command(name).description(description).requiredOption('--username <name>', 'the account')).action(
      (options: DbOptions & { username: string }) => userStateCommand(name, options),
    );
  }

  const audit = program.command('audit').description('the tamper-evident audit trail');
  addDbOptions(audit.command('verify').description('recompute the hash chain; exit 1 naming the first bad row')).action(
    auditVerifyCommand,
  );
  addDbOptions(
    audit
      .command('export')
      .description('write the audit trail as CSV (the export is itself audited)')
      .requiredOption('--to <file>', 'the CSV file to create')
      .option('--from <iso-datetime>', 'rows at or after this time')
      .option('--until <iso-datetime>', 'rows before this time')
      .option('--action <prefix>', 'only actions starting with this, e.g. auth.login'),
  ).action(auditExportCommand);
  addDbOptions(audit.command('prune').description('delete rows older than the retention of the security policy')).action(
    auditPruneCommand,
  );

  const importCommand = program
    .command('import')
    .description('import records from a spreadsheet (.xlsx or .csv), all rows or none');
  addDbOptions(
    importCommand
      .command('orgs')
      .description(
        'import organizations. Columns (header row, English or Chinese): code/组织编码, name/组织名称, kind/组织类别, ' +
          'domain/所属领域, parent_code/上级组织编码, established_on/成立日期, planned_end_on/计划结束日期',
      )
      .argument('<file>', 'the .xlsx or .csv file'),
  ).action((file: string, options: DbOptions) => importOrgsCommand(file, options));
  addDbOptions(
    importCommand
      .command('members')
      .description(
        'import members (党员花名册) under an org. Columns (header row, Chinese or English): 姓名/name, 公民身份号码/id_number, ' +
          '党员类别/status, 入党日期/joined_on, 转正日期/full_on, 所在党支部编码/org_code, and the optional ones of the template ' +
          '(GET /api/v1/members/template.xlsx)',
      )
      .argument('<file>', 'the .xlsx or .csv file')
      .requiredOption('--org <code>', 'code of the org whose subtree receives the members')
      .option('--dry-run', 'check every row and write nothing'),
  ).action((file: string, options: ImportMembersOptions) => importMembersCommand(file, options));

  const exportCommand = program.command('export').description('export records to a spreadsheet (.xlsx or .csv, from the file name)');
  addDbOptions(
    exportCommand
      .command('members')
      .description('export the members of an org and its subtree, ID numbers and phones masked unless --full (audited)')
      .requiredOption('--org <code>', 'code of the org')
      .requiredOption('--to <file>', 'the .xlsx or .csv file to create')
      .option('--full', 'whole ID numbers and phones (recorded as a full export in the audit trail)'),
  ).action((options: ExportMembersOptions) => exportMembersCommand(options));

  program
    .command('demo')
    .description('serve a generated demo county (created on first run in its own database file)')
    .addOption(portOption())
    .addOption(hostOption())
    .option('--size <n>', 'number of townships and streets of the generated county', integer(1, 200), 15)
    .option('--seed <n>', 'seed of the generator: the same seed gives the same county', integer(0, 2 ** 31), 1)
    .option('--file <file>', 'the demo database file', './data/demo.db')
    .action(async (options: { port?: number; host?: string; size: number; seed: number; file: string }) => {
      await demoCommand({
        port: options.port ?? defaultPort(),
        host: options.host ?? process.env.HOST ?? '0.0.0.0',
        size: options.size,
        seed: options.seed,
        file: options.file,
      });
    });

  return program;
}

/** Runs the command line; answers the exit code (a running server keeps the process alive after). */
export async function run(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    // System and driver errors (ECONNREFUSED, EACCES, a PostgreSQL SQLSTATE) speak for themselves; others are bugs.
    const code = (error as { code?: unknown }).code;
    if (error instanceof Error && typeof code === 'string') process.stderr.write(`Error: ${error.message} (${code})\n`);
    else process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
