import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sniffDocumentType } from '../teleconsultation/domain.ts';
import { DirectoryBlobStore } from './blobs.ts';
import { catalogue, catalogueByLoinc, sameUnit } from './catalogue.ts';
import { documentSearchText, outOfRange, storageKeyFor } from './domain.ts';
import { decryptBlob, encryptBlob, keyringOf, unwrapKey, wrapKey } from './envelope.ts';
import { FhirError, parseFhirObservations } from './fhir.ts';
import { minimalPdf, tinyPng } from './pdf.ts';

test('out of range: below low, above high, bounds are normal, a missing bound never alerts', () => {
  assert.equal(outOfRange(3.4, 3.5, 5), 'low');
  assert.equal(outOfRange(5.1, 3.5, 5), 'high');
  assert.equal(outOfRange(3.5, 3.5, 5), null);
  assert.equal(outOfRange(5, 3.5, 5), null);
  assert.equal(outOfRange(2, null, 1.6), 'high');
  assert.equal(outOfRange(0.1, null, 1.6), null);
  assert.equal(outOfRange(500, null, null), null);
});

test('the catalogue has the twelve measurements, each with a LOINC code, a unit and a coherent range', () => {
  assert.deepEqual(catalogue.map((e) => e.code), ['glucose', 'hba1c', 'ldl', 'creatinine', 'hemoglobin', 'potassium', 'weight', 'systolic', 'diastolic', 'heart_rate', 'temperature', 'spo2']);
  for (const e of catalogue) {
    assert.match(e.loinc, /^\d+-\d$/);
    assert.ok(e.unit);
    if (e.low !== null && e.high !== null) assert.ok(e.low < e.high, e.code);
  }
  assert.equal(catalogueByLoinc('2823-3')?.code, 'potassium');
  assert.ok(sameUnit('mm[Hg]', 'mmHg') && sameUnit('umol/L', 'µmol/L') && sameUnit('Cel', '°C') && !sameUnit('mg/dL', 'g/L'));
});

test('search text: folded title, author and the type’s words in both languages', () => {
  const s = documentSearchText({ title: 'Échographie cardiaque', author: 'Dr Claire KLEIN', type: 'imaging', fileName: 'écho.pdf' });
  assert.match(s, /echographie cardiaque/);
  assert.match(s, /klein/);
  assert.match(s, /imagerie/);
  assert.doesNotMatch(s, /[A-ZÉ]/);
  assert.equal(storageKeyFor('3f2a0000-0000-4000-8000-000000000000'), '3f/3f2a0000-0000-4000-8000-000000000000');
});

test('sniffing: the bytes decide, not the name (PDF, PNG, JPEG in; an executable, text, empty out)', () => {
  assert.equal(sniffDocumentType(minimalPdf(['Compte rendu'])), 'application/pdf');
  assert.equal(sniffDocumentType(tinyPng()), 'image/png');
  assert.equal(sniffDocumentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])), 'image/jpeg');
  assert.equal(sniffDocumentType(Buffer.from('MZ\x90\x00 this program cannot be run in DOS mode')), null);
  assert.equal(sniffDocumentType(Buffer.from('%PD not quite')), null);
  assert.equal(sniffDocumentType(Buffer.alloc(0)), null);
});

test('the minimal PDF has a cross-reference table whose offsets point at its objects', () => {
  const pdf = minimalPdf(['Résultats', 'Potassium (K+) : 6,2 mmol/L']).toString('latin1');
  const xref = Number(/startxref\n(\d+)/.exec(pdf)?.[1]);
  assert.ok(pdf.slice(xref).startsWith('xref'));
  const offsets = [...pdf.slice(xref).matchAll(/(\d{10}) 00000 n/g)].map((m) => Number(m[1]));
  assert.equal(offsets.length, 5);
  for (const [i, o] of offsets.entries()) assert.ok(pdf.slice(o).startsWith(`${i + 1} 0 obj`), `object ${i + 1}`);
});

test('envelope: the blob opens only with its data key and its document id; the wrapped key only with its KEK', () => {
  const plain = Buffer.from('Compte rendu confidentiel — potassium élevé');
  const dataKey = randomBytes(32);
  const ring = keyringOf(randomBytes(32));
  const blob = encryptBlob(plain, dataKey, 'doc-1');
  assert.equal(blob.includes(plain), false);
  assert.deepEqual(decryptBlob(blob, dataKey, 'doc-1'), plain);
  assert.throws(() => decryptBlob(blob, randomBytes(32), 'doc-1'));
  assert.throws(() => decryptBlob(blob, dataKey, 'doc-2'), 'bound to its document');
  const tampered = Buffer.from(blob);
  tampered[tampered.length - 1] = (tampered.at(-1) ?? 0) ^ 1;
  assert.throws(() => decryptBlob(tampered, dataKey, 'doc-1'));

  const wrapped = wrapKey(dataKey, ring.current, 'doc-1');
  assert.deepEqual(unwrapKey(wrapped, ring.current, 'doc-1'), dataKey);
  assert.throws(() => unwrapKey(wrapped, keyringOf(randomBytes(32)).current, 'doc-1'));
  assert.throws(() => unwrapKey(wrapped, ring.current, 'doc-2'));
  const other = keyringOf(randomBytes(32), [ring.current.key]);
  assert.notEqual(other.current.id, ring.current.id);
  assert.equal(other.byId.get(ring.current.id)?.key, ring.current.key, 'a previous key stays reachable by its id');
});

test('directory blob store: put, get, delete; unknown keys are null; keys cannot climb out', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'parcours-blobs-'));
  try {
    const store = new DirectoryBlobStore(dir);
    await store.put('ab/abc-1', Buffer.from('x'));
    assert.deepEqual(await store.get('ab/abc-1'), Buffer.from('x'));
    assert.equal(await store.get('ab/missing'), null);
    await store.delete('ab/abc-1');
    await store.delete('ab/abc-1');
    assert.equal(await store.get('ab/abc-1'), null);
    assert.deepEqual(await readdir(join(dir, 'ab')), [], 'no temporary file left behind');
    await assert.rejects(store.put('../escape', Buffer.from('x')));
    await assert.rejects(store.get('/etc/passwd'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('FHIR: an Observation or a Bundle; the sender’s range wins; our default only in our unit', () => {
  const obs = (loinc: string, value: number, unit: string, extra: Record<string, unknown> = {}) => ({
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: loinc }] },
    subject: { identifier: { value: 'PC-000042' } },
    effectiveDateTime: '2026-11-20T08:30:00+01:00',
    valueQuantity: { value, unit },
    ...extra,
  });
  const [k] = parseFhirObservations(obs('2823-3', 6.2, 'mmol/L'));
  assert.equal(k?.code, 'potassium');
  assert.equal(k?.referenceHigh, 5);
  assert.equal(k?.clientNumber, 'PC-000042');
  assert.equal(k?.observedAt.toISOString(), '2026-11-20T07:30:00.000Z');
  assert.equal(k?.source, 'lab');

  const bundle = parseFhirObservations({
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      { resource: obs('2345-7', 1.3, 'g/L', { referenceRange: [{ low: { value: 0.74 }, high: { value: 1.06 } }] }) },
      { resource: obs('2345-7', 7.2, 'mmol/L') },
      { resource: obs('8867-4', 72, '/min', { category: [{ coding: [{ code: 'vital-signs' }] }], subject: { reference: 'Patient/PC-000042' } }) },
      { resource: obs('1234-5', 3, 'U/L', { code: { text: 'Enzyme X', coding: [{ system: 'http://loinc.org', code: '1234-5' }] } }) },
    ],
  });
  assert.equal(bundle[0]?.referenceLow, 0.74, 'the lab’s own range');
  assert.equal(bundle[1]?.referenceHigh, null, 'mmol/L glucose: no default range in another unit');
  assert.equal(bundle[2]?.source, 'device');
  assert.equal(bundle[2]?.clientNumber, 'PC-000042');
  assert.equal(bundle[3]?.code, 'loinc-1234-5');
  assert.equal(bundle[3]?.label, 'Enzyme X');

  assert.throws(() => parseFhirObservations({ resourceType: 'Patient' }), FhirError);
  assert.throws(() => parseFhirObservations(obs('2823-3', Number.NaN, 'mmol/L')), /valueQuantity/);
  assert.throws(() => parseFhirObservations({ ...obs('2823-3', 4, 'mmol/L'), subject: {} }), /subject/);
  assert.throws(() => parseFhirObservations({ ...obs('2823-3', 4, 'mmol/L'), code: { coding: [{ system: 'http://snomed.info/sct', code: '1' }] } }), /LOINC/);
  assert.throws(() => parseFhirObservations({ resourceType: 'Bundle', entry: [] }), /vide/);
  assert.throws(() => parseFhirObservations([]), FhirError);
});
