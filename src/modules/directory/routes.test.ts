import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/app.ts';
import { system } from '../audit/domain.ts';
import { importRpps } from './import.ts';

const sample = new URL('../../../../shared/data/rpps-sample.txt', import.meta.url);

describeEachDatabase('directory search and the team’s fields', (env) => {
  before(async () => {
    await importRpps(env().ctx, createReadStream(sample), system);
  });

  test('staff search by name with typos, by RPPS, specialty, postal code and city', async () => {
    const advisor = await env().signedIn('advisor');
    const names = async (query: string) =>
      (await advisor.get(`/api/directory?${query}`)).body.practitioners.map((p: { lastName: string }) => p.lastName);
    assert.deepEqual(await names('q=nguyn'), ['NGUYEN'], 'typo-tolerant');
    assert.deepEqual(await names('q=10009990309'), ['HADDAD']);
    assert.deepEqual(await names('specialty=dermatology'), ['NGUYEN']);
    assert.deepEqual(await names('specialty=cardiology&postalCode=69004'), ['LEROY'], 'found through her second place');
    assert.deepEqual(await names('city=rennes'), ['FONTAINE']);
    const leroy = (await advisor.get('/api/directory?q=leroy')).body.practitioners[0];
    assert.equal(leroy.places.length, 2);
    assert.equal(leroy.displayName, 'Docteur Camille LEROY');
    const bad = await advisor.get('/api/directory?q=10009990003');
    assert.equal(bad.status, 400);
    assert.match(bad.body.fields[0].message, /Luhn/);
  });

  test('the team marks a partner, notes and languages; language and sex filter the search', async () => {
    const coordinator = await env().signedIn('coordinator');
    const nguyen = (await coordinator.get('/api/directory?q=nguyen')).body.practitioners[0];
    const patched = await coordinator.request('PATCH', `/api/directory/${nguyen.id}`, { networkStatus: 'partner', languages: ['fr', 'vi', 'en'], teamNotes: 'Rappelle vite', sector: '1' });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.practitioner.networkStatus, 'partner');
    const vietnamese = await coordinator.get('/api/directory?language=vi');
    assert.deepEqual(vietnamese.body.practitioners.map((p: { id: string }) => p.id), [nguyen.id]);
    const women = await coordinator.get('/api/directory?specialty=cardiology&sex=F');
    assert.equal(women.body.practitioners.length, 1);
    assert.equal((await coordinator.request('PATCH', `/api/directory/${nguyen.id}`, { sector: '3' })).status, 400);
    const client = await env().signedIn('client');
    assert.equal((await client.get('/api/directory')).status, 403);
  });
});
