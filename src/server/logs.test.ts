/** Nothing sensitive reaches a log line: a whole run at trace level is searched for the values it used. */
import { Writable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { afterAll, expect, test } from 'vitest';
import { buildApp } from './app.ts';
import { serverLogger } from './logging.ts';
import { createTestDb } from '../db/test-db.ts';
import { createCryptoProvider } from '../lib/crypto/provider.ts';
import { checkCharacter } from '../lib/id-number.ts';
import { CONSOLE_ACTOR } from '../lib/actor.ts';
import { createServices } from './app.ts';
import { totp } from '../lib/totp.ts';

const lines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    lines.push(String(chunk));
    done();
  },
});
const handle = await createTestDb();
afterAll(() => handle.close());

test('ID numbers, phones and passwords never appear in the logs', async () => {
  const crypto = createCryptoProvider('intl', randomBytes(32));
  const app = await buildApp({ handle, crypto, webRoot: null, logger: serverLogger('trace', sink) });
  const services = createServices(handle, crypto);
  const root = await services.orgs.create(CONSOLE_ACTOR, { parentId: null, code: 'R', name: '县委', kind: 'party_committee', domain: 'government' });
  const { oneTimePassword } = await services.accounts.create(CONSOLE_ACTOR, {
    username: 'logger',
    displayName: '日志',
    homeOrgId: root.id,
    roles: ['system-admin'],
  });
  const idNumber = `44030019900307123${checkCharacter('44030019900307123')}`;
  const badId = '440300199003071230';
  const phone = '13987654321';

  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'logger', password: oneTimePassword } });
  const firstCookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
  const firstCsrf = (JSON.parse(login.body) as { csrfToken: string }).csrfToken;
  await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'logger', password: 'Wrong-But-Logged?' } });
  const changed = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/password',
    headers: { cookie: firstCookie, 'x-csrf-token': firstCsrf },
    payload: { currentPassword: oneTimePassword, newPassword: 'Sekrit-Pass-2026' },
  });
  const cookie = String(changed.headers['set-cookie']).split(';')[0] ?? '';
  const step = JSON.parse(changed.body) as { csrfToken: string; mfaEnrollment: { secret: string } };
  const csrf = step.csrfToken;
  const enrolled = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/mfa/enroll',
    headers: { cookie, 'x-csrf-token': csrf },
    payload: { code: totp(step.mfaEnrollment.secret, Date.now()) },
  });
  expect(enrolled.statusCode).toBe(200);
  // Past the password step with a bad and a good ID number, a phone, and a malformed body echoing them.
  await services.accounts.create(CONSOLE_ACTOR, { username: 'holder', displayName: 'x', homeOrgId: root.id, idNumber, phone });
  await app.inject({ method: 'POST', url: '/api/v1/accounts', headers: { cookie, 'x-csrf-token': csrf }, payload: { username: 'y', displayName: 'y', homeOrgId: root.id, idNumber: badId, phone } });
  const broken = await app.inject({ method: 'POST', url: '/api/v1/accounts', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, payload: `{"idNumber": "${idNumber}", "phone": ${phone}` });
  expect(broken.statusCode).toBe(400);
  expect(broken.body.includes(idNumber)).toBe(false);
  await app.inject({ method: 'GET', url: `/api/v1/orgs/${root.id}/subtree?q=${idNumber}`, headers: { cookie } });
  await app.close();

  const text = lines.join('');
  expect(lines.length).toBeGreaterThan(5);
  for (const secret of [idNumber, badId, phone, oneTimePassword, 'Sekrit-Pass-2026', 'Wrong-But-Logged?', csrf, firstCsrf]) {
    expect(text.includes(secret), secret).toBe(false);
  }
});
