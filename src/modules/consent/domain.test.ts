import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coveredTypes, coveringConsent, isLive } from './domain.ts';

const t0 = new Date('2026-11-24T09:00:00Z');
const later = (h: number) => new Date(t0.getTime() + h * 3600_000);
const cardio = { type: 'practitioner' as const, practitionerId: 'p-cardio' };
const base = { granteeType: 'practitioner', practitionerId: 'p-cardio', documentTypes: ['result'], startsAt: t0, endsAt: later(48), revokedAt: null };

test('a consent covers its grantee, its document types and its period only', () => {
  assert.ok(coveringConsent([base], cardio, 'result', later(1)));
  assert.equal(coveringConsent([base], cardio, 'prescription', later(1)), undefined, 'results only');
  assert.equal(coveringConsent([base], { type: 'practitioner', practitionerId: 'p-other' }, 'result', later(1)), undefined);
  assert.equal(coveringConsent([base], { type: 'team' }, 'result', later(1)), undefined, 'the team is a grantee of its own');
  assert.equal(coveringConsent([base], cardio, 'result', later(-1)), undefined, 'not started');
  assert.equal(coveringConsent([base], cardio, 'result', later(48)), undefined, 'expired');
  assert.ok(coveringConsent([{ ...base, documentTypes: null }], cardio, 'prescription', later(1)), 'null: every type');
});

test('revocation applies at once', () => {
  const revoked = { ...base, revokedAt: later(2) };
  assert.equal(isLive(revoked, later(1)), true);
  assert.equal(isLive(revoked, later(2)), false);
  assert.deepEqual([...coveredTypes([revoked, { ...base, documentTypes: ['imaging'] }], cardio, later(3))], ['imaging']);
});

test('grant rules: named practitioner, at least one type, an end after now, staff write the instruction down', async () => {
  const { grantErrors, consentState, practitionerName } = await import('./domain.ts');
  const ok = { grantee: cardio, documentTypes: ['result' as const], purpose: 'Suivi', startsAt: t0, endsAt: later(24), channel: 'portal' as const, instruction: null };
  assert.deepEqual(grantErrors(ok, 'client', t0), []);
  const codes = (e: { code: string }[]) => e.map((x) => x.code);
  assert.deepEqual(codes(grantErrors({ ...ok, grantee: { type: 'practitioner', practitionerId: null } }, 'client', t0)), ['consent_practitioner_required']);
  assert.deepEqual(codes(grantErrors({ ...ok, documentTypes: [] }, 'client', t0)), ['consent_types_required']);
  assert.deepEqual(codes(grantErrors({ ...ok, endsAt: later(-1) }, 'client', t0)), ['consent_end_invalid']);
  assert.deepEqual(codes(grantErrors(ok, 'staff', t0)), ['consent_channel_staff', 'consent_instruction_required']);
  assert.deepEqual(grantErrors({ ...ok, channel: 'phone', instruction: 'Appel du 24/11' }, 'staff', t0), []);
  assert.equal(consentState(base, later(1)), 'live');
  assert.equal(consentState(base, later(-1)), 'scheduled');
  assert.equal(consentState(base, later(49)), 'expired');
  assert.equal(consentState({ ...base, revokedAt: later(2) }, later(49)), 'revoked', 'revoked wins over expired');
  assert.equal(practitionerName({ civility: 'Docteur', firstName: 'Claire', lastName: 'Klein' }), 'Dr Claire KLEIN');
  assert.equal(practitionerName({ civility: null, firstName: 'Anne', lastName: 'Roy' }), 'Anne ROY');
});
