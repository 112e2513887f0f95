/**
 * The master key lives outside the database: in a key file with 0600 permissions (generated at init; back it up
 * separately from the database) or in the XIANFENG_MASTER_KEY environment variable (base64, 32 bytes or more).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';

export const DEFAULT_KEY_FILE = './data/xianfeng.key';

export class KeyError extends Error {}

export function parseKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length < 32) throw new KeyError(`${where} must hold a base64 key of at least 32 bytes`);
  return key;
}

export function loadMasterKey(keyFile: string, env = process.env): Buffer | null {
  if (env.XIANFENG_MASTER_KEY) return parseKey(env.XIANFENG_MASTER_KEY, 'XIANFENG_MASTER_KEY');
  if (!existsSync(keyFile)) return null;
  const mode = statSync(keyFile).mode & 0o777;
  if (mode & 0o077) throw new KeyError(`key file ${keyFile} must not be readable by others (chmod 600)`);
  return parseKey(readFileSync(keyFile, 'utf8'), `key file ${keyFile}`);
}

/** Loads the key, creating the key file (0600) when neither it nor the environment variable exists. */
export function loadOrCreateMasterKey(keyFile: string, env = process.env): { key: Buffer; created: boolean } {
  const existing = loadMasterKey(keyFile, env);
  if (existing) return { key: existing, created: false };
  mkdirSync(dirname(keyFile), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(keyFile, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(keyFile, 0o600);
  return { key, created: true };
}
