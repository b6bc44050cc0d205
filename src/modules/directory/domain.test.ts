import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { checkRpps, departmentOf, isFinessFormat, luhnValid, ratingSummary, specialtyFromRpps, verificationStatus } from './domain.ts';
import { readRppsExtract } from './rpps.ts';

const sample = new URL('../../../../shared/data/rpps-sample.txt', import.meta.url);

test('RPPS numbers: 11 digits with a Luhn check digit', () => {
  assert.deepEqual(checkRpps('10009990002'), { ok: true, rpps: '10009990002' });
  assert.deepEqual(checkRpps('100 0999 0101'), { ok: true, rpps: '10009990101' });
  assert.deepEqual(checkRpps('10009990003'), { ok: false, code: 'rpps_key' });
  assert.deepEqual(checkRpps('1000999000'), { ok: false, code: 'rpps_format' });
  assert.deepEqual(checkRpps('1000999000A'), { ok: false, code: 'rpps_format' });
  assert.ok(luhnValid('79927398713'), 'the textbook Luhn example');
  assert.ok(!luhnValid('79927398710'));
});

test('FINESS: the format is checked (department incl. 2A/2B, then 7 digits)', () => {
  assert.ok(isFinessFormat('690000880'));
  assert.ok(isFinessFormat('2A0000012'));
  assert.ok(!isFinessFormat('69000088'));
  assert.ok(!isFinessFormat('2C0000012'));
});

test('RPPS codes map to our specialties: savoir-faire first, else the profession', () => {
  assert.equal(specialtyFromRpps('10', 'SM04'), 'cardiology');
  assert.equal(specialtyFromRpps('10', 'SM54'), 'general-practice');
  assert.equal(specialtyFromRpps('70', ''), 'physiotherapy');
  assert.equal(specialtyFromRpps('40', 'SCD01'), 'dentistry');
  assert.equal(specialtyFromRpps('10', 'SM99'), null);
});

test('the sample extract streams into activities; one person has two places of work', async () => {
  const rows = [];
  for await (const r of readRppsExtract(createReadStream(sample))) rows.push(r);
  const activities = rows.flatMap((r) => ('activity' in r ? [r.activity] : []));
  assert.equal(rows.length, 11);
  assert.equal(activities.length, 11);
  const leroy = activities.filter((a) => a.rpps === '10009990002');
  assert.equal(leroy.length, 2);
  assert.deepEqual(
    leroy.map((a) => a.site.name),
    ['CABINET DE CARDIOLOGIE LEROY', 'CLINIQUE DU PARC'],
  );
  assert.equal(leroy[0]?.specialty, 'cardiology');
  assert.equal(leroy[0]?.firstName, 'Camille');
  assert.equal(leroy[0]?.site.street, '12 Rue DE LA REPUBLIQUE');
  assert.equal(leroy[0]?.site.postalCode, '69002');
  assert.equal(activities.find((a) => a.professionCode === '70')?.specialty, 'physiotherapy');
});

test('unreadable rows are reported with their line number and reading goes on', async () => {
  const { readFileSync } = await import('node:fs');
  const [header, first, ...rest] = readFileSync(sample, 'utf8').trim().split('\n');
  const badKey = (first as string).replace('|10009990002|', '|10009990003|');
  const short = 'a|b|c';
  const text = [header, first, badKey, short, ...rest].join('\n');
  const results = [];
  for await (const r of readRppsExtract(Readable.from([text]))) results.push(r);
  const errors = results.filter((r) => 'error' in r);
  assert.deepEqual(
    errors.map((e) => e.line),
    [3, 4],
  );
  assert.match((errors[0] as { error: string }).error, /Luhn/);
  assert.match((errors[1] as { error: string }).error, /nombre de champs/);
  assert.equal(results.length - errors.length, 11);
});

test('a file that is not the extract is refused at its header', async () => {
  await assert.rejects(async () => {
    for await (const _ of readRppsExtract(Readable.from(['nom;prenom\nDupont;Jean\n']))) {
      // reading
    }
  }, /En-tête inattendu/);
});

test('a partner check is valid, expiring within 30 days, or expired', () => {
  assert.equal(verificationStatus(null, '2026-11-23'), 'none');
  assert.equal(verificationStatus('2027-11-23', '2026-11-23'), 'valid');
  assert.equal(verificationStatus('2026-12-23', '2026-11-23'), 'expiring');
  assert.equal(verificationStatus('2026-11-23', '2026-11-23'), 'expiring', 'valid all of its last day');
  assert.equal(verificationStatus('2026-11-22', '2026-11-23'), 'expired');
});

test('ratings are shown as they are; departments from postal codes', () => {
  assert.deepEqual(ratingSummary(0, 0), { count: 0, mean: null });
  assert.deepEqual(ratingSummary(3, 13), { count: 3, mean: 4.3 });
  assert.equal(departmentOf('75011'), '75');
  assert.equal(departmentOf('20000'), '20');
  assert.equal(departmentOf('97400'), '974');
  assert.equal(departmentOf('7501'), null);
});
