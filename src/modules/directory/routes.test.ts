import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/app.ts';
import { system } from '../audit/domain.ts';
import { importRpps } from './import.ts';
import { dueVerifications, remindVerifications } from './service.ts';

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

  test('a partner needs a valid check: recorded with evidence, it expires and the team is reminded once', async () => {
    const { ctx } = env();
    const coordinator = await env().signedIn('coordinator');
    const advisor = await env().signedIn('advisor');
    const nguyen = (await coordinator.get('/api/directory?q=nguyen')).body.practitioners[0];
    assert.equal(nguyen.verification.status, 'none');
    const refused = await coordinator.request('PATCH', `/api/directory/${nguyen.id}`, { networkStatus: 'partner' });
    assert.equal(refused.status, 409);
    assert.match(refused.body.message, /vérification/);

    // Checked on 10 February (this year, so sessions stay valid): one month of validity ends on 10 March, 28 days later — inside the
    // 30-day warning window whatever today's month (a 31-day month would make it 'valid').
    const realNow = ctx.now;
    ctx.now = () => new Date(Date.UTC(new Date().getUTCFullYear(), 1, 10, 9));
    const checked = await coordinator.post(`/api/directory/${nguyen.id}/verifications`, { rppsChecked: true, licenceChecked: true, certifications: 'DIU dermoscopie', evidence: 'Annuaire Santé consulté', validMonths: 1 });
    assert.equal(checked.status, 201);
    assert.equal(checked.body.verification.evidence, 'Annuaire Santé consulté');
    assert.ok(checked.body.verification.checkedBy.name);
    // One month of validity is within the 30-day warning window already.
    assert.equal(checked.body.practitioner.verification.status, 'expiring');
    const patched = await coordinator.request('PATCH', `/api/directory/${nguyen.id}`, { networkStatus: 'partner', languages: ['vi', 'en'], teamNotes: 'Rappelle vite', sector: '1', fees: { first: 3000 } });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.practitioner.networkStatus, 'partner');
    assert.deepEqual(patched.body.practitioner.languages, ['fr', 'vi', 'en'], 'French is always listed');
    assert.deepEqual(patched.body.practitioner.fees, { first: 3000 });

    const due = await coordinator.get('/api/directory/verifications/due');
    assert.deepEqual(
      due.body.items.map((i: { practitioner: { id: string }; status: string }) => [i.practitioner.id, i.status]),
      [[nguyen.id, 'expiring']],
    );
    const advisorUser = (await advisor.get('/api/auth/me')).body.user;
    assert.equal(await remindVerifications(ctx), 1);
    assert.equal(await remindVerifications(ctx), 0, 'reminded once per check');
    const inbox = (await advisor.get('/api/inbox')).body.items;
    const reminder = inbox.find((i: { kind: string }) => i.kind === 'verification');
    assert.ok(reminder, `advisor ${advisorUser.email} gets the reminder`);
    assert.equal(reminder.link, `/annuaire/praticiens/${nguyen.id}`);

    // A lapsed check: the clock moves two months on.
    const later = { ...ctx, now: () => new Date(ctx.now().getTime() + 62 * 86_400_000) };
    const lapsed = await dueVerifications(later);
    assert.equal(lapsed[0]?.status, 'expired');
    ctx.now = realNow;

    const vietnamese = await coordinator.get('/api/directory?language=vi&partner=true');
    assert.deepEqual(vietnamese.body.practitioners.map((p: { id: string }) => p.id), [nguyen.id]);
    const women = await coordinator.get('/api/directory?specialty=cardiology&sex=F');
    assert.equal(women.body.practitioners.length, 1);
    assert.equal((await coordinator.request('PATCH', `/api/directory/${nguyen.id}`, { sector: '3' })).status, 400);
    const client = await env().signedIn('client');
    assert.equal((await client.get('/api/directory')).status, 403);
  });

  test('reviews show their real count and mean; none means no mean', async () => {
    const coordinator = await env().signedIn('coordinator');
    const leroy = (await coordinator.get('/api/directory?q=leroy')).body.practitioners[0];
    assert.deepEqual(leroy.rating, { count: 0, mean: null });
    await coordinator.post(`/api/directory/${leroy.id}/reviews`, { rating: 5, comment: 'Très à l’écoute' });
    const second = await coordinator.post(`/api/directory/${leroy.id}/reviews`, { rating: 4 });
    assert.equal(second.status, 201);
    assert.deepEqual(second.body.rating, { count: 2, mean: 4.5 });
    assert.equal((await coordinator.post(`/api/directory/${leroy.id}/reviews`, { rating: 6 })).status, 400);
    const detail = await coordinator.get(`/api/directory/${leroy.id}`);
    assert.deepEqual(detail.body.practitioner.rating, { count: 2, mean: 4.5 });
    assert.deepEqual(
      detail.body.reviews.map((r: { rating: number; source: string }) => [r.rating, r.source]),
      [
        [4, 'staff'],
        [5, 'staff'],
      ],
    );
  });

  test('a place gets its accessibility and manual coordinates', async () => {
    const coordinator = await env().signedIn('coordinator');
    const leroy = (await coordinator.get('/api/directory?q=leroy')).body.practitioners[0];
    const place = leroy.places[0];
    const res = await coordinator.request('PATCH', `/api/directory/${leroy.id}/places/${place.id}`, { accessible: true, latitude: 45.76, longitude: 4.85 });
    assert.equal(res.status, 200);
    const after = res.body.practitioner.places.find((p: { id: string }) => p.id === place.id);
    assert.deepEqual([after.accessible, after.latitude, after.longitude], [true, 45.76, 4.85]);
    assert.equal((await coordinator.request('PATCH', `/api/directory/${leroy.id}/places/${place.id}`, { latitude: 45.7 })).status, 400, 'latitude without longitude');
  });

  test('providers: FINESS format checked, no duplicate, found by name, kind and city', async () => {
    const coordinator = await env().signedIn('coordinator');
    const bad = await coordinator.post('/api/directory/providers', { kind: 'laboratory', name: 'Labo Test', finess: '12345', postalCode: '75011', city: 'Paris' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.fields[0].path, 'finess');
    assert.match(bad.body.fields[0].message, /FINESS/);
    const lab = await coordinator.post('/api/directory/providers', { kind: 'laboratory', name: 'Laboratoire des Lilas', finess: '2a 000 0017', postalCode: '20000', city: 'Ajaccio', services: ['prises de sang'] });
    assert.equal(lab.status, 201);
    assert.equal(lab.body.provider.finess, '2A0000017', 'normalised');
    const again = await coordinator.post('/api/directory/providers', { kind: 'clinic', name: 'Autre', finess: '2A0000017', postalCode: '20000', city: 'Ajaccio' });
    assert.equal(again.status, 409);
    await coordinator.post('/api/directory/providers', { kind: 'taxi', name: 'Taxi Étoile', postalCode: '75011', city: 'Paris' });
    const names = async (q: string) => (await coordinator.get(`/api/directory/providers?${q}`)).body.providers.map((p: { name: string }) => p.name);
    assert.deepEqual(await names('q=laboratoir lila'), ['Laboratoire des Lilas']);
    assert.deepEqual(await names('kind=taxi'), ['Taxi Étoile']);
    assert.deepEqual(await names('city=ajac'), ['Laboratoire des Lilas']);
    const reviewed = await coordinator.post(`/api/directory/providers/${lab.body.provider.id}/reviews`, { rating: 3 });
    assert.deepEqual(reviewed.body.rating, { count: 1, mean: 3 });
    const edited = await coordinator.request('PATCH', `/api/directory/providers/${lab.body.provider.id}`, { phone: '+33495000000', active: false });
    assert.equal(edited.body.provider.active, false);
    assert.deepEqual(await names('kind=laboratory'), [], 'inactive providers leave the search');
  });
});
