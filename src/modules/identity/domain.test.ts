import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DomainError } from '../../platform/errors.ts';
import { can, checkPasswordPolicy, isLocked, permissions, roles, sessionExpired, SESSION_IDLE_MS, totpRequired } from './domain.ts';

const policyCode = (pw: string, email?: string) => {
  try {
    checkPasswordPolicy(pw, email);
    return 'ok';
  } catch (e) {
    return (e as DomainError).code;
  }
};

test('password policy: 12+ characters, varied, not the e-mail', () => {
  assert.equal(policyCode('Court-1'), 'password_too_short');
  assert.equal(policyCode('aaaaaaaaaaaaaaaaaaaa'), 'password_too_simple');
  assert.equal(policyCode('camille.dupont-2026!', 'camille.dupont@example.fr'), 'password_contains_email');
  assert.equal(policyCode('Quatre-mots-au-hasard'), 'ok');
  // Length counts characters, not UTF-16 units: an accented passphrase is judged fairly.
  assert.equal(policyCode('éàüçôîêâ-12'), 'password_too_short');
});

test('every staff role needs 2FA; clients do not', () => {
  assert.deepEqual(
    roles.filter((r) => totpRequired(r)),
    ['admin', 'advisor', 'coordinator', 'practitioner'],
  );
});

test('only admins read the audit log and manage accounts', () => {
  for (const role of roles) {
    assert.equal(can(role, 'audit.read'), role === 'admin', role);
    assert.equal(can(role, 'users.manage'), role === 'admin', role);
    assert.ok(can(role, 'account.self'), `${role} manages its own account`);
  }
  assert.ok(Object.values(permissions).every((list) => new Set(list).size === list.length));
});

test('lock and session expiry', () => {
  const now = new Date('2026-11-23T10:00:00Z');
  assert.equal(isLocked(null, now), false);
  assert.equal(isLocked(new Date('2026-11-23T10:05:00Z'), now), true);
  assert.equal(isLocked(new Date('2026-11-23T09:59:00Z'), now), false);
  const live = { createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + 3_600_000), revokedAt: null };
  assert.equal(sessionExpired(live, now), false);
  assert.equal(sessionExpired(live, new Date(now.getTime() + SESSION_IDLE_MS + 1)), true, 'idle too long');
  assert.equal(sessionExpired({ ...live, revokedAt: now }, now), true);
});
