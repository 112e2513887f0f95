/** `migrate` and `init`: bring the schema up to date, create the root org. */
import { createDb, migrateToLatest } from '../db/create-db.ts';
import { CONSOLE_ACTOR } from '../lib/actor.ts';
import { AppError } from '../lib/errors.ts';
import { ORG_DOMAIN_LABELS, ORG_KIND_LABELS, parseOrgDomain, parseOrgKind } from '../modules/orgs/org-kinds.ts';
import { CODE_PATTERN } from '../modules/orgs/orgs.import.ts';
import { findRoot } from '../modules/orgs/orgs.repo.ts';
import { addAccount } from './users.ts';
import { CliError, commandPrefix, dbArgs, dbConfig, describeDb, servicesFor, withDatabase, type DbOptions } from './context.ts';

export async function migrateCommand(options: DbOptions): Promise<void> {
  const config = dbConfig(options);
  const handle = createDb(config);
  try {
    const { applied, version } = await migrateToLatest(handle.db);
    process.stdout.write(
      applied.length > 0
        ? `Applied ${applied.length} migration(s) to ${describeDb(config)}: ${applied.join(', ')}\nThe database is at ${version}.\n`
        : `${describeDb(config)} is up to date at ${version}.\n`,
    );
  } finally {
    await handle.close();
  }
}

export interface InitOptions extends DbOptions {
  rootName: string;
  rootCode: string;
  rootKind: string;
  rootDomain: string;
  admin?: string;
  adminName?: string;
  cryptoProfile?: string;
}

const choices = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([code, label]) => `${code} (${label})`)
    .join(', ');

export function initCommandLine(prefix: string, options: DbOptions): string {
  return `${prefix} init --root-name NAME --root-code CODE --admin USERNAME${dbArgs(options)}`;
}

export async function initCommand(options: InitOptions): Promise<void> {
  const name = options.rootName.trim();
  const code = options.rootCode.trim();
  const kind = parseOrgKind(options.rootKind);
  const domain = parseOrgDomain(options.rootDomain);
  if (name === '' || name.length > 100) throw new CliError('--root-name must be 1 to 100 characters');
  if (code.length > 32 || !CODE_PATTERN.test(code)) {
    throw new CliError('--root-code must be up to 32 letters, digits, - or _, starting with a letter or digit');
  }
  if (!kind) throw new CliError(`Unknown --root-kind "${options.rootKind}": use one of ${choices(ORG_KIND_LABELS)}`);
  if (!domain) throw new CliError(`Unknown --root-domain "${options.rootDomain}": use one of ${choices(ORG_DOMAIN_LABELS)}`);

  await withDatabase(options, async (handle, config) => {
    const existing = await findRoot(handle.db);
    if (existing) {
      throw new CliError(
        `This installation already has its root organization: ${existing.name} (code ${existing.code}). Nothing was changed.`,
      );
    }
    const services = await servicesFor(handle, config, options.cryptoProfile);
    try {
      const root = await services.orgs.create(CONSOLE_ACTOR, { parentId: null, code, name, kind, domain });
      process.stdout.write(
        `Created the root organization ${root.name} (code ${root.code}, ${ORG_KIND_LABELS[kind]}, ${ORG_DOMAIN_LABELS[domain]}) in ${describeDb(config)}.\n` +
          `Next: import the tree with \`${commandPrefix()} import orgs FILE.xlsx${dbArgs(options)}\`, ` +
          `then start the server with \`${commandPrefix()} serve${dbArgs(options)}\`.\n`,
      );
      if (options.admin) {
        await addAccount(handle, services, { username: options.admin, displayName: options.adminName ?? options.admin, orgCode: code, roles: ['system-admin'] });
      } else {
        process.stdout.write(
          `No account exists yet. Create the first administrator with \`${commandPrefix()} user add --username NAME --role system-admin --org ${code}${dbArgs(options)}\`.\n`,
        );
      }
    } catch (error) {
      if (error instanceof AppError) throw new CliError(`${error.message} (${error.code})`);
      throw error;
    }
  });
}
