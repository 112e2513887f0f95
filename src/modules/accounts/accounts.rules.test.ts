import { describe, expect, test } from 'vitest';
import { checkPassword, passwordExpired, PASSWORD_POLICIES } from './password-policy.ts';
import { adminRoleClash, hasPermission, type Permission, type Role } from './roles.ts';

const { dengbao, asvs } = PASSWORD_POLICIES;

describe('password policy: dengbao profile (GB/T 22239-2019 8.1.4.1)', () => {
  test.each<[string, string[]]>([
    ['Abc12!', ['password.too_short']],
    ['abcdefgh', ['password.too_simple', 'password.common']],
    ['abcdefg1', ['password.too_simple']],
    ['Abcdefg1', []],
    ['abcdef1!', []],
    ['ABCDEF1!', []],
    ['Password1', ['password.common']],
    ['Zhang-san-2024', ['password.contains_username']],
    ['Aaaaaaaa', ['password.too_simple']],
  ])('%s → %j', (password, problems) => {
    expect(checkPassword(dengbao, password, 'zhang-san')).toEqual(problems);
  });

  test('the last five passwords may not be reused', () => {
    expect(checkPassword(dengbao, 'Abcdefg1', 'u', true)).toEqual(['password.reused']);
  });

  test('a password older than 90 days must be changed', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    expect(passwordExpired(dengbao, '2026-03-01T00:00:00Z', now)).toBe(true);
    expect(passwordExpired(dengbao, '2026-03-04T00:00:00Z', now)).toBe(false);
  });
});

describe('password policy: asvs profile (ASVS V2.1)', () => {
  test.each<[string, string[]]>([
    ['short', ['password.too_short']],
    ['correct horse battery staple', []],
    ['alllowercaseletters', []],
    ['qwerty123', ['password.common']],
    ['11111111', ['password.common']],
    ['x'.repeat(64) + 'y', []],
    ['x'.repeat(129), ['password.too_long', 'password.common']],
    ['密码是一句很长的中文句子', []],
  ])('%s → %j', (password, problems) => {
    expect(checkPassword(asvs, password, 'user')).toEqual(problems);
  });

  test('no forced rotation and no reuse rule', () => {
    expect(passwordExpired(asvs, '2000-01-01T00:00:00Z', new Date())).toBe(false);
    expect(checkPassword(asvs, 'a long passphrase', 'u', true)).toEqual([]);
  });
});

describe('roles (三员分立)', () => {
  test.each<[Role, Permission, boolean]>([
    ['system-admin', 'account.manage', true],
    ['system-admin', 'org.write', true],
    ['system-admin', 'audit.read', false],
    ['system-admin', 'role.grant', false],
    ['security-admin', 'role.grant', true],
    ['security-admin', 'org.write', false],
    ['security-admin', 'audit.read', false],
    ['audit-admin', 'audit.read', true],
    ['audit-admin', 'role.grant', false],
    ['audit-admin', 'org.read', false],
    ['org-admin', 'org.write', true],
    ['org-admin', 'personal.full_view', true],
    ['branch-secretary', 'org.write', false],
    ['inspector', 'org.read', true],
    ['member', 'committee.write', false],
  ])('%s may %s: %s', (role, permission, allowed) => {
    expect(hasPermission([role], permission)).toBe(allowed);
  });

  test.each<[Role[], boolean]>([
    [['system-admin'], false],
    [['system-admin', 'security-admin'], true],
    [['audit-admin', 'security-admin'], true],
    [['org-admin', 'inspector'], false],
  ])('%j clash: %s', (roles, clash) => {
    expect(adminRoleClash(roles) !== null).toBe(clash);
  });
});
