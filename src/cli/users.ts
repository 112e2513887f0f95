/** `user add|disable|enable|reset-password` and `init --admin`: accounts made at the console, never by default. */
import { CONSOLE_ACTOR } from '../lib/actor.ts';
import { AppError } from '../lib/errors.ts';
import { findOrgByCode } from '../modules/orgs/orgs.repo.ts';
import { ROLES, type Role } from '../modules/accounts/roles.ts';
import type { Services } from '../server/app.ts';
import type { DbHandle } from '../db/create-db.ts';
import { CliError, servicesFor, withDatabase, type DbOptions } from './context.ts';

export function parseRoles(text: string): Role[] {
  const roles = text.split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (roles.length === 0 || unknown.length > 0) {
    throw new CliError(`Unknown role ${unknown.join(', ') || '(none)'}: use one or more of ${ROLES.join(', ')}`);
  }
  return roles as Role[];
}

/** Reads a password from standard input (one line), for `--password-stdin`. */
export async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (!text) throw new CliError('No password on standard input');
  return text;
}

function explain(error: unknown): never {
  if (error instanceof AppError) {
    const problems = (error.details as { problems?: string[] } | null)?.problems;
    throw new CliError(`${error.message} (${error.code}${problems ? `: ${problems.join(', ')}` : ''})`);
  }
  throw error;
}

/** Creates an account at the console; prints the one-time password when none was given. */
export async function addAccount(
  handle: DbHandle,
  services: Services,
  input: { username: string; displayName: string; orgCode: string; roles: Role[]; password?: string | undefined },
): Promise<void> {
  const org = await findOrgByCode(handle.db, input.orgCode);
  if (!org) throw new CliError(`No org with code ${input.orgCode}`);
  try {
    const { account, oneTimePassword } = await services.accounts.create(CONSOLE_ACTOR, {
      username: input.username,
      displayName: input.displayName,
      homeOrgId: org.id,
      roles: input.roles,
      initialPassword: input.password,
    });
    process.stdout.write(`Created account ${account.username} (${account.roles.join(', ')}) at ${org.name}.\n`);
    if (oneTimePassword) {
      process.stdout.write(
        `One-time password: ${oneTimePassword}\nIt must be changed at the first login; hand it over in person. It is not shown again.\n`,
      );
    }
  } catch (error) {
    explain(error);
  }
}

export interface UserAddOptions extends DbOptions {
  username: string;
  role: string;
  org: string;
  name?: string;
  passwordStdin?: boolean;
}

export async function userAddCommand(options: UserAddOptions): Promise<void> {
  const roles = parseRoles(options.role);
  const password = options.passwordStdin ? await readPasswordFromStdin() : undefined;
  await withDatabase(options, async (handle, config) => {
    await addAccount(handle, await servicesFor(handle, config), {
      username: options.username,
      displayName: options.name ?? options.username,
      orgCode: options.org,
      roles,
      password,
    });
  });
}

export async function userStateCommand(action: 'disable' | 'enable' | 'reset-password', options: DbOptions & { username: string }): Promise<void> {
  await withDatabase(options, async (handle, config) => {
    const { accounts } = await servicesFor(handle, config);
    try {
      const account = await accounts.findByUsername(CONSOLE_ACTOR, options.username);
      if (action === 'disable') {
        await accounts.disable(CONSOLE_ACTOR, account.id, account.version);
        process.stdout.write(`Disabled ${account.username}; its sessions have ended.\n`);
      } else if (action === 'enable') {
        await accounts.enable(CONSOLE_ACTOR, account.id, account.version);
        process.stdout.write(`Enabled ${account.username} and cleared its lockout.\n`);
      } else {
        const { oneTimePassword } = await accounts.resetPassword(CONSOLE_ACTOR, account.id, account.version);
        process.stdout.write(
          `New one-time password for ${account.username}: ${oneTimePassword}\nIts sessions have ended; the password must be changed at the next login.\n`,
        );
      }
    } catch (error) {
      explain(error);
    }
  });
}
