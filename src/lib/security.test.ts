import { describe, expect, test } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createCryptoProvider } from './crypto/provider.ts';
import { maskIdNumber, maskPhone } from './masking.ts';
import { base32Decode, base32Encode, hotp, matchTotp, totp, totpStep } from './totp.ts';

describe('TOTP (RFC 6238 appendix B, SHA-1)', () => {
  const secret = Buffer.from('12345678901234567890');
  test.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
  ])('t=%i → %s', (seconds, code) => {
    expect(hotp(secret, totpStep(seconds * 1000), 8)).toBe(code);
  });

  test('base32 round-trips (RFC 4648)', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI').toString()).toBe('foobar');
  });

  test('a code matches once: the step it used cannot be used again', () => {
    const s = base32Encode(secret);
    const now = 1_700_000_000_000;
    const code = totp(s, now);
    const step = matchTotp(s, code, now, null);
    expect(step).toBe(totpStep(now));
    expect(matchTotp(s, code, now, step)).toBeNull();
    expect(matchTotp(s, code, now + 30_000, null)).toBe(step);
    expect(matchTotp(s, code, now + 120_000, null)).toBeNull();
    expect(matchTotp(s, 'abcdef', now, null)).toBeNull();
  });
});

describe('masking', () => {
  test.each([
    ['11010519491231002X', '110***********002X'],
    ['13812341234', '138****1234'],
  ])('%s', (value, masked) => {
    expect(value.length === 11 ? maskPhone(value) : maskIdNumber(value)).toBe(masked);
  });
});

describe.each(['intl', 'gm'] as const)('crypto provider, %s profile', (profile) => {
  const key = randomBytes(32);
  const c = createCryptoProvider(profile, key);

  test('encrypts with a fresh IV and decrypts', () => {
    const a = c.encrypt('11010519491231002X');
    const b = c.encrypt('11010519491231002X');
    expect(a).not.toBe(b);
    expect(a).not.toContain('11010519491231002X');
    expect(a.startsWith(`${profile}:1:`)).toBe(true);
    expect(c.decrypt(a)).toBe('11010519491231002X');
  });

  test('a tampered value is refused', () => {
    const token = c.encrypt('13812341234');
    const parts = token.split(':');
    const body = Buffer.from(parts[3] ?? '', 'base64');
    body[0] = (body[0] ?? 0) ^ 1;
    parts[3] = body.toString('base64');
    expect(() => c.decrypt(parts.join(':'))).toThrow(/altered/);
  });

  test('another key cannot decrypt', () => {
    const other = createCryptoProvider(profile, randomBytes(32));
    expect(() => other.decrypt(c.encrypt('x'))).toThrow();
  });

  test('blind indexes are deterministic per purpose and key', () => {
    expect(c.blindIndex('id', 'v')).toBe(c.blindIndex('id', 'v'));
    expect(c.blindIndex('id', 'v')).not.toBe(c.blindIndex('phone', 'v'));
    expect(createCryptoProvider(profile, randomBytes(32)).blindIndex('id', 'v')).not.toBe(c.blindIndex('id', 'v'));
  });

  test('password hashes verify only the right password', async () => {
    const hash = await c.hashPassword('Correct-Horse-1');
    expect(hash.startsWith(profile === 'gm' ? 'pbkdf2-sm3$' : 'scrypt$')).toBe(true);
    expect(await c.verifyPassword('Correct-Horse-1', hash)).toBe(true);
    expect(await c.verifyPassword('correct-horse-1', hash)).toBe(false);
  });
});
