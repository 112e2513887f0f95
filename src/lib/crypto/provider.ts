/**
 * Field encryption, blind indexes and password hashing behind one interface with two profiles:
 * - `intl`: AES-256-GCM, HMAC-SHA-256, scrypt;
 * - `gm` (GB/T 39786-2021): SM4-CTR with HMAC-SM3 (encrypt-then-MAC), HMAC-SM3, PBKDF2-HMAC-SM3.
 * Sub-keys are derived from one master key with HKDF, so the key file holds a single secret.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  pbkdf2,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';
import { promisify } from 'node:util';

export type CryptoProfile = 'intl' | 'gm';

export interface CryptoProvider {
  readonly profile: CryptoProfile;
  /** Encrypts a field value; the result is self-describing text (`profile:version:...`). */
  encrypt(plaintext: string): string;
  decrypt(token: string): string;
  /** Deterministic keyed hash for exact lookup and uniqueness of an encrypted field. */
  blindIndex(purpose: string, value: string): string;
  /** A keyed MAC for integrity chains (audit rows). */
  mac(data: string): string;
  hashPassword(password: string): Promise<string>;
  verifyPassword(password: string, stored: string): Promise<boolean>;
}

const scryptAsync = promisify(scrypt) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;
const pbkdf2Async = promisify(pbkdf2);

const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const PBKDF2_SM3_ITERATIONS = 200_000;

export class CryptoError extends Error {}

function derive(master: Buffer, digest: 'sha256' | 'sm3', label: string, length: number): Buffer {
  return Buffer.from(hkdfSync(digest, master, Buffer.alloc(0), `xianfeng:${label}`, length));
}

function equal(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

async function hashWith(profile: CryptoProfile, password: string, salt: Buffer): Promise<Buffer> {
  return profile === 'gm'
    ? pbkdf2Async(password.normalize('NFC'), salt, PBKDF2_SM3_ITERATIONS, 32, 'sm3')
    : scryptAsync(password.normalize('NFC'), salt, 32, SCRYPT);
}

export function createCryptoProvider(profile: CryptoProfile, masterKey: Buffer): CryptoProvider {
  if (masterKey.length < 32) throw new CryptoError('the master key must be at least 32 bytes');
  const digest = profile === 'gm' ? 'sm3' : 'sha256';
  const encKey = derive(masterKey, digest, 'field-encryption', profile === 'gm' ? 16 : 32);
  const macKey = derive(masterKey, digest, 'field-mac', 32);
  const indexKey = derive(masterKey, digest, 'blind-index', 32);
  const chainKey = derive(masterKey, digest, 'audit-chain', 32);

  const encrypt = (plaintext: string): string => {
    if (profile === 'gm') {
      const iv = randomBytes(16);
      const cipher = createCipheriv('sm4-ctr', encKey, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = createHmac('sm3', macKey).update(iv).update(body).digest();
      return `gm:1:${iv.toString('base64')}:${body.toString('base64')}:${tag.toString('base64')}`;
    }
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', encKey, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `intl:1:${iv.toString('base64')}:${body.toString('base64')}:${cipher.getAuthTag().toString('base64')}`;
  };

  const decrypt = (token: string): string => {
    const [p, version, ivText, bodyText, tagText] = token.split(':');
    if (p !== profile || version !== '1' || !ivText || bodyText === undefined || !tagText) {
      throw new CryptoError('the value was not encrypted with this profile');
    }
    const iv = Buffer.from(ivText, 'base64');
    const body = Buffer.from(bodyText, 'base64');
    const tag = Buffer.from(tagText, 'base64');
    if (profile === 'gm') {
      const expected = createHmac('sm3', macKey).update(iv).update(body).digest();
      if (!equal(expected, tag)) throw new CryptoError('the encrypted value was altered');
      const decipher = createDecipheriv('sm4-ctr', encKey, iv);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', encKey, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new CryptoError('the encrypted value was altered');
    }
  };

  return {
    profile,
    encrypt,
    decrypt,
    blindIndex: (purpose, value) =>
      createHmac(digest, indexKey).update(`${purpose}\u0000${value}`).digest('base64url'),
    mac: (data) => createHmac(digest, chainKey).update(data).digest('hex'),
    async hashPassword(password) {
      const salt = randomBytes(16);
      const hash = await hashWith(profile, password, salt);
      const algorithm = profile === 'gm' ? `pbkdf2-sm3$${PBKDF2_SM3_ITERATIONS}` : `scrypt$${SCRYPT.N}`;
      return `${algorithm}$${salt.toString('base64')}$${hash.toString('base64')}`;
    },
    async verifyPassword(password, stored) {
      const parts = stored.split('$');
      if (parts.length !== 4) return false;
      const [algorithm, , saltText, hashText] = parts as [string, string, string, string];
      const storedProfile: CryptoProfile = algorithm === 'pbkdf2-sm3' ? 'gm' : 'intl';
      const hash = await hashWith(storedProfile, password, Buffer.from(saltText, 'base64'));
      return equal(hash, Buffer.from(hashText, 'base64'));
    },
  };
}
