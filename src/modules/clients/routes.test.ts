import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { describeEachDatabase } from '../../../test/support/app.ts';
import { auditEvents } from '../audit/schema.ts';
import { providers } from '../directory/schema.ts';
import { clients } from './schema.ts';

const nirFor = (body13: string) => body13 + String(97 - Number(BigInt(body13) % 97n)).padStart(2, '0');

const elodie = {
  birthName: 'Lefèvre',
  firstNames: ['Élodie', 'Marie'],
  usedName: 'Durand',
  birthDate: '1990-03-04',
  sex: 'F',
  birthplaceCode: '69123',
  identityStatus: 'VALI',
  identityDocument: { type: 'id_card' },
  email: 'Elodie.Durand@example.test',
  phone: '06 12 34 56 78',
  address: { line1: '12 rue des Lilas', postalCode: '69003', city: 'Lyon', country: 'France' },
  trustedPerson: { name: 'Paul Durand', relation: 'conjoint', phone: '0611223344', email: null },
  gp: { name: 'Dr Anne Morel', phone: '04 78 00 00 00', rpps: null },
  insurance: { nir: nirFor('2900369123045'), amoScheme: 'general', amoFund: 'CPAM du Rhône', mutuelle: { organism: 'Mutuelle Exemple', contractNumber: 'C-778', coverage: '200 %' } },
  medical: { allergies: ['pénicilline'], treatments: ['lévothyroxine 50 µg'], history: 'Thyroïdectomie 2015' },
};

describeEachDatabase('client registry', (env) => {
  test('staff register a client: PC number, E.164 phone, NIR sealed, every field back as sent', async () => {
    const advisor = await env().signedIn('advisor');
    const res = await advisor.post('/api/clients', elodie);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const c = res.body.client;
    assert.match(c.number, /^PC-\d{6}$/);
    assert.equal(c.displayName, 'DURAND Élodie');
    assert.equal(c.phone, '+33612345678');
    assert.equal(c.email, 'elodie.durand@example.test');
    assert.equal(c.insurance.nir, elodie.insurance.nir);
    assert.equal(c.insurance.mutuelle.organism, 'Mutuelle Exemple');
    assert.equal(c.identityDocument.type, 'id_card');
    assert.equal(c.identityDocument.checkedBy, advisor.email);
    assert.equal(c.ins, null, 'no INS before the identity is qualified');
    const [row] = await env().ctx.db.select().from(clients).where(eq(clients.id, c.id));
    assert.ok(row?.nirSealed && !row.nirSealed.includes(elodie.insurance.nir), 'the NIR is not stored in clear');
    assert.ok(row?.medicalSealed && !row.medicalSealed.includes('pénicilline'), 'medical basics are sealed');

    const qualified = await advisor.request('PATCH', `/api/clients/${c.id}`, { identityStatus: 'QUAL' });
    assert.equal(qualified.status, 200, JSON.stringify(qualified.body));
    assert.deepEqual(qualified.body.client.ins, { nir: elodie.insurance.nir, oid: '1.2.250.1.213.1.4.8' });
    assert.equal(qualified.body.client.phone, '+33612345678', 'a partial update keeps the other fields');
  });

  test('invalid identity or insurance data gets field-level French errors', async () => {
    const coordinator = await env().signedIn('coordinator');
    const res = await coordinator.post('/api/clients', {
      ...elodie,
      birthName: 'Autre',
      phone: '12',
      birthplaceCode: '7X056',
      insurance: { nir: '290036912304599' },
      identityDocument: null,
    });
    assert.equal(res.status, 400);
    const byPath = Object.fromEntries(res.body.fields.map((f: { path: string; message: string }) => [f.path, f.message]));
    assert.equal(byPath['insurance.nir'], 'Clé de contrôle du NIR incorrecte : vérifiez le numéro.');
    assert.equal(byPath.phone, 'Numéro de téléphone invalide.');
    assert.match(byPath.birthplaceCode, /Code INSEE/);
    assert.match(byPath.identityDocument, /pièce d’identité/);
    const wrongSex = await coordinator.post('/api/clients', { ...elodie, birthName: 'Autre', sex: 'M', medical: undefined });
    assert.equal(wrongSex.body.fields[0].message, 'Le NIR ne correspond pas au sexe indiqué.');
  });

  test('a duplicate (same strict traits or same NIR) is flagged with the existing record, unless confirmed', async () => {
    const advisor = await env().signedIn('advisor');
    const base = { ...elodie, birthName: 'Martinez', firstNames: ['Inès'], insurance: { nir: nirFor('2900369123046') }, medical: undefined };
    const first = await advisor.post('/api/clients', base);
    assert.equal(first.status, 201);
    const sameTraits = await advisor.post('/api/clients', { ...base, birthName: 'MARTINEZ', firstNames: ['ines'], insurance: {}, phone: null });
    assert.equal(sameTraits.status, 409);
    assert.equal(sameTraits.body.code, 'possible_duplicate');
    assert.equal(sameTraits.body.duplicates[0].id, first.body.client.id);
    const sameNir = await advisor.post('/api/clients', { ...base, birthName: 'Martines', firstNames: ['Agnès'] });
    assert.equal(sameNir.status, 409);
    const confirmed = await advisor.post('/api/clients', { ...base, birthName: 'MARTINEZ', insurance: {}, confirmNotDuplicate: true });
    assert.equal(confirmed.status, 201);
    const audit = await env().ctx.db.select().from(auditEvents).where(eq(auditEvents.targetId, confirmed.body.client.id));
    assert.equal((audit[0]?.details as { duplicateOverride: boolean } | undefined)?.duplicateOverride, true);
  });

  test('search tolerates typos and accents, and finds by number, phone, birth date and NIR', async () => {
    const advisor = await env().signedIn('advisor');
    const created = (await advisor.post('/api/clients', { ...elodie, birthName: 'Beauséjour', firstNames: ['François'], sex: 'M', usedName: null, birthDate: '1975-11-30', phone: '07 98 76 54 32', insurance: { nir: nirFor('1751175056123') }, medical: undefined })).body.client;
    assert.ok(created, 'created');
    const find = async (q: string) => (await advisor.get(`/api/clients?q=${encodeURIComponent(q)}`)).body.clients.map((c: { id: string }) => c.id);
    assert.ok((await find('beausejour')).includes(created.id), 'without accents');
    assert.ok((await find('Beaussejour')).includes(created.id), 'with a typo');
    assert.ok((await find('francois')).includes(created.id), 'by first name');
    assert.ok((await find(created.number)).includes(created.id), 'by number');
    assert.ok((await find('0798765432')).includes(created.id), 'by phone');
    assert.ok((await find('30/11/1975')).includes(created.id), 'by birth date');
    assert.ok((await find(nirFor('1751175056123').slice(0, 13))).includes(created.id), 'by NIR without key');
    assert.ok(!(await find('Zébulon')).includes(created.id));
  });

  test('medical basics: advisors only, every read audited', async () => {
    const advisor = await env().signedIn('advisor');
    const coordinator = await env().signedIn('coordinator');
    const c = (await advisor.post('/api/clients', { ...elodie, birthName: 'Nguyen', firstNames: ['Lan'], insurance: {} })).body.client;
    const read = await advisor.get(`/api/clients/${c.id}/medical`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body.allergies, ['pénicilline']);
    const denied = await coordinator.get(`/api/clients/${c.id}/medical`);
    assert.equal(denied.status, 403);
    const updated = await advisor.request('PUT', `/api/clients/${c.id}/medical`, { allergies: ['pénicilline', 'latex'], treatments: [], history: '' });
    assert.deepEqual(updated.body.allergies, ['pénicilline', 'latex']);
    const events = await env().ctx.db.select().from(auditEvents).where(eq(auditEvents.clientId, c.id));
    const actions = events.map((e) => e.action);
    assert.ok(actions.includes('client.created'));
    assert.ok(actions.includes('client.medical.read'));
    assert.ok(actions.includes('client.medical.updated'));
    assert.ok(events.every((e) => !JSON.stringify(e.details ?? {}).includes('pénicilline')), 'no health data in the log');
    assert.equal((await advisor.get('/api/clients/00000000-0000-4000-8000-000000000000')).status, 404);
  });

  test('the usual pharmacy: set on creation, shown in the view, changed, cleared; only an active directory pharmacy', async () => {
    const { ctx } = env();
    const coordinator = await env().signedIn('coordinator');
    const provider = async (kind: string, name: string) => {
      const res = await coordinator.post('/api/directory/providers', { kind, name, postalCode: '69003', city: 'Lyon', phone: '+33478000011' });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.provider.id as string;
    };
    const usual = await provider('pharmacy', 'Pharmacie de la Part-Dieu');
    const other = await provider('pharmacy', 'Pharmacie des Brotteaux');
    const lab = await provider('laboratory', 'Laboratoire Lumière');
    const closed = await provider('pharmacy', 'Pharmacie fermée');
    await ctx.db.update(providers).set({ active: false }).where(eq(providers.id, closed));

    const created = await coordinator.post('/api/clients', { birthName: 'Officine', firstNames: ['Jeanne'], birthDate: '1966-07-08', sex: 'F', pharmacyId: usual, confirmNotDuplicate: true });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.client.id as string;
    assert.deepEqual(created.body.client.pharmacy, { id: usual, name: 'Pharmacie de la Part-Dieu', city: 'Lyon', postalCode: '69003', phone: '+33478000011', active: true });
    assert.equal((await coordinator.get(`/api/clients/${id}`)).body.client.pharmacy?.id, usual, 'read back');

    const kept = await coordinator.request('PATCH', `/api/clients/${id}`, { phone: '06 01 02 03 04' });
    assert.equal(kept.body.client.pharmacy?.id, usual, 'an update of other fields keeps the pharmacy');

    for (const wrong of [lab, closed, '00000000-0000-4000-8000-000000000000']) {
      const res = await coordinator.request('PATCH', `/api/clients/${id}`, { pharmacyId: wrong });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.deepEqual(
        res.body.fields.map((f: { path: string; message: string }) => [f.path, f.message]),
        [['pharmacyId', 'Choisissez une pharmacie active de l’annuaire (un autre type de prestataire ne convient pas).']],
      );
    }
    const english = await coordinator.request('PATCH', `/api/clients/${id}`, { pharmacyId: lab }, { 'accept-language': 'en' });
    assert.equal(english.body.fields[0].message, 'Choose an active pharmacy from the directory (another kind of provider will not do).');
    const rejectedOnCreate = await coordinator.post('/api/clients', { birthName: 'Officine', firstNames: ['Paul'], birthDate: '1960-01-02', sex: 'M', pharmacyId: lab, confirmNotDuplicate: true });
    assert.equal(rejectedOnCreate.status, 400);
    assert.equal(rejectedOnCreate.body.fields[0].path, 'pharmacyId');
    assert.equal((await coordinator.get(`/api/clients/${id}`)).body.client.pharmacy?.id, usual, 'a refused change leaves the file as it was');

    const changed = await coordinator.request('PATCH', `/api/clients/${id}`, { pharmacyId: other });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.client.pharmacy.name, 'Pharmacie des Brotteaux');
    const cleared = await coordinator.request('PATCH', `/api/clients/${id}`, { pharmacyId: null });
    assert.equal(cleared.status, 200);
    assert.equal(cleared.body.client.pharmacy, null);
    const [row] = await ctx.db.select().from(clients).where(eq(clients.id, id));
    assert.equal(row?.pharmacyId, null);
    const updates = (await ctx.db.select().from(auditEvents).where(eq(auditEvents.targetId, id))).filter((e) => e.action === 'client.updated');
    assert.equal(updates.filter((e) => (e.details as { fields: string[] }).fields.includes('pharmacyId')).length, 2, 'each change of pharmacy is audited');
  });
});
