/** Shared set-up of the dues API tests: orgs, members with valid ID numbers, and request shortcuts. */
import { expect } from 'vitest';
import { CONSOLE_ACTOR } from '../../lib/actor.ts';
import { checkCharacter } from '../../lib/id-number.ts';
import type { Client, Response, TestApp } from '../../test/api.ts';

export interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> | null };
}

export async function makeOrg(t: TestApp, parentId: string, code: string, kind: 'party_committee' | 'branch') {
  const org = await t.services.orgs.create(CONSOLE_ACTOR, { parentId, code, name: code, kind, domain: 'rural' });
  return org.id;
}

let serial = 0;
/** A member with a fresh, valid ID number (born 1970-1989 by serial). */
export async function makeMember(t: TestApp, orgId: string, name: string, joined: { status: 'full' | 'probationary'; joinedAt: string; fullAt?: string | null }) {
  serial += 1;
  const birth = `19${70 + (serial % 20)}0${1 + (serial % 9)}1${serial % 10}`;
  const first17 = `440300${birth}${String(100 + serial).slice(-3)}`;
  const member = await t.services.members.create(CONSOLE_ACTOR, {
    orgId,
    name,
    idNumber: first17 + checkCharacter(first17),
    status: joined.status,
    joinedAt: joined.joinedAt,
    fullAt: joined.fullAt ?? null,
  });
  return member.id;
}

export const fullMember = { status: 'full' as const, joinedAt: '2010-07-01', fullAt: '2011-07-01' };

/** Asserts the status and, for an error, the code; returns the body. */
export function expectStatus<T>(res: Response<unknown>, status: number, code?: string): T {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  if (code) expect((res.body as ErrorBody).error.code).toBe(code);
  return res.body as T;
}

/** A request with an Idempotency-Key header, as the web UI sends it. */
export async function callWithKey<T>(t: TestApp, client: Client, url: string, body: unknown, key: string): Promise<Response<T>> {
  const res = await t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: client.cookie, 'x-csrf-token': client.csrfToken, 'idempotency-key': key },
    payload: body as object,
  });
  return { status: res.statusCode, body: JSON.parse(res.body) as T, headers: res.headers };
}

export async function countRows(t: TestApp, table: 'dues_bases' | 'dues_payments' | 'dues_entries' | 'dues_closes' | 'dues_remittances' | 'dues_charges' | 'audit_log'): Promise<number> {
  const row = await t.handle.db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
