import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkNir, displayName, foldName, identityStatusErrors, ins, isBirthplaceCode, nirMatchesIdentity, parseClientQuery, pharmacyErrors, sameStrictTraits, toE164 } from './domain.ts';

// Keys computed independently (97 − n mod 97, with 2A → 19 and 2B → 18).
test('NIR: valid keys are accepted, including Corsica 2A/2B and spaced input', () => {
  assert.deepEqual(checkNir('1 85 05 78 006 084 91'), { ok: true, nir: '185057800608491', provisional: false });
  assert.equal(checkNir('269029934173285').ok, true, 'born abroad (99)');
  assert.equal(checkNir('1 69 02 2A 341 732 64').ok, true, 'Corse-du-Sud');
  assert.equal(checkNir('169022b34173291').ok, true, 'Haute-Corse, lower case');
});

test('NIR: a wrong key, a wrong length or letters are refused with distinct codes', () => {
  assert.deepEqual(checkNir('185057800608490'), { ok: false, code: 'nir_key' });
  assert.deepEqual(checkNir('169022A34173291'), { ok: false, code: 'nir_key' }, '2A with the key of 2B');
  assert.deepEqual(checkNir('18505780060849'), { ok: false, code: 'nir_format' });
  assert.deepEqual(checkNir('5850578006084 91'), { ok: false, code: 'nir_format' }, 'no sex digit 5');
  assert.deepEqual(checkNir('18505780X608491'), { ok: false, code: 'nir_format' });
});

test('NIR: provisional numbers and months ≥ 20 are not hard-rejected', () => {
  const body = '7855078006084';
  const key = String(97 - Number(BigInt(body) % 97n)).padStart(2, '0');
  const checked = checkNir(body + key);
  assert.equal(checked.ok && checked.provisional, true);
});

test('NIR must agree with sex and date of birth', () => {
  assert.deepEqual(nirMatchesIdentity('185057800608491', 'M', '1985-05-12'), []);
  assert.equal(nirMatchesIdentity('185057800608491', 'F', '1985-05-12')[0]?.code, 'nir_sex_mismatch');
  assert.equal(nirMatchesIdentity('185057800608491', 'M', '1986-05-12')[0]?.code, 'nir_birth_mismatch');
  assert.equal(nirMatchesIdentity('185057800608491', 'M', '1985-06-12')[0]?.code, 'nir_birth_mismatch');
});

test('INS is exposed only for a qualified identity, with the NIR or NIA authority OID', () => {
  assert.equal(ins('185057800608491', 'VALI'), null);
  assert.deepEqual(ins('185057800608491', 'QUAL'), { nir: '185057800608491', oid: '1.2.250.1.213.1.4.8' });
  assert.equal(ins('785507800608491', 'QUAL')?.oid, '1.2.250.1.213.1.4.9');
  assert.equal(identityStatusErrors('VALI', false, true)[0]?.code, 'identity_document_required');
  assert.equal(identityStatusErrors('QUAL', true, false)[0]?.code, 'ins_requires_nir');
  assert.deepEqual(identityStatusErrors('PROV', false, false), []);
});

test('phones become E.164; birthplace codes are checked', () => {
  assert.equal(toE164('06 12 34 56 78'), '+33612345678');
  assert.equal(toE164('+33 (0)1 42 68 53 00'), '+33142685300');
  assert.equal(toE164('0044 20 7946 0958'), '+442079460958');
  assert.equal(toE164('12'), null);
  assert.ok(isBirthplaceCode('75056') && isBirthplaceCode('2A004') && isBirthplaceCode('99134'));
  assert.ok(!isBirthplaceCode('7505') && !isBirthplaceCode('2C004'));
});

test('duplicates: the same strict traits match whatever the accents, case and hyphens', () => {
  const a = { birthName: 'Lefèvre-Durand', firstNames: ['Élodie', 'Marie'], birthDate: '1990-03-04', sex: 'F' as const, birthplaceCode: '69123' };
  assert.ok(sameStrictTraits(a, { ...a, birthName: 'LEFEVRE DURAND', firstNames: ['elodie'] }));
  assert.ok(sameStrictTraits(a, { ...a, birthplaceCode: null }), 'a missing birthplace does not prevent the match');
  assert.ok(!sameStrictTraits(a, { ...a, birthDate: '1990-03-05' }));
  assert.ok(!sameStrictTraits(a, { ...a, firstNames: ['Marie', 'Élodie'] }), 'the first birth first name counts');
  assert.ok(!sameStrictTraits(a, { ...a, birthplaceCode: '75056' }));
  assert.equal(foldName("  D'Artagnan-Éloïse "), 'd artagnan eloise');
});

test('the search box understands numbers, NIR, phones, dates and names', () => {
  assert.deepEqual(parseClientQuery('PC-000123'), { kind: 'number', number: 123 });
  assert.deepEqual(parseClientQuery('123'), { kind: 'number', number: 123 });
  assert.deepEqual(parseClientQuery('04/03/1990'), { kind: 'birthDate', date: '1990-03-04' });
  assert.deepEqual(parseClientQuery('1 85 05 78 006 084'), { kind: 'nir', nir: '185057800608491' }, 'key completed');
  assert.deepEqual(parseClientQuery('06 12 34 56 78'), { kind: 'phone', phone: '+33612345678' });
  assert.deepEqual(parseClientQuery('Lefèvre'), { kind: 'name', text: 'lefevre' });
  assert.equal(displayName({ birthName: 'Martin', usedName: 'Durand', firstNames: ['Anne'], usedFirstName: null }), 'DURAND Anne');
});

test('usual pharmacy: an active directory pharmacy only', () => {
  assert.deepEqual(pharmacyErrors({ kind: 'pharmacy', active: true }), []);
  const refused = [{ path: 'pharmacyId', code: 'client_pharmacy_invalid' }];
  assert.deepEqual(pharmacyErrors({ kind: 'laboratory', active: true }), refused);
  assert.deepEqual(pharmacyErrors({ kind: 'pharmacy', active: false }), refused, 'closed');
  assert.deepEqual(pharmacyErrors(undefined), refused, 'unknown provider');
});
