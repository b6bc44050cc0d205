import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { type Agent, describeEachDatabase } from '../../../test/support/app.ts';
import { system } from '../audit/domain.ts';
import { auditEvents } from '../audit/schema.ts';
import { practicePlaces, practitioners } from '../directory/schema.ts';
import { updateAccount } from '../identity/service.ts';
import { findUserByEmail } from '../identity/store.ts';
import { mailMessages } from '../notifications/schema.ts';

/** Friday 20 November 2026, 11:00 in Paris; the agenda opens Monday 23 at 9:00. */
const NOW = new Date('2026-11-20T10:00:00Z');
const PRACTITIONER_EMAIL = 'cabinet.royer@example.test';
const medical = { allergies: ['Pénicilline (urticaire)'], treatments: ['Bisoprolol 2,5 mg'], history: 'Fibrillation atriale découverte en 2019' };

describeEachDatabase('preparation: templates, the client’s checklist, the pack to the practitioner', (env) => {
  let coordinator: Agent;
  let advisor: Agent;
  let admin: Agent;
  let clientId: string;
  let appointmentId: string;
  let endsAt: string;
  let practitionerId: string;
  const anyone = () => env().agent();

  const audits = async (action: string) =>
    (await env().ctx.db.select().from(auditEvents).where(eq(auditEvents.action, action))).filter((e) => e.clientId === clientId || e.clientId === null);
  const bookAt = async (startsAt: string) => {
    const res = await coordinator.post('/api/appointments', { practitionerId, clientId, typeCode: 'first', startsAt });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.appointment as { id: string; endsAt: string };
  };

  before(async () => {
    const { ctx } = env();
    ctx.now = () => NOW;
    const [p] = await ctx.db
      .insert(practitioners)
      .values({ civility: 'Docteur', lastName: 'ROYER', firstName: 'Inès', professionCode: '10', profession: 'Médecin', specialties: ['cardiology'], searchName: 'royer ines', source: 'team' })
      .returning();
    practitionerId = p?.id as string;
    const [place] = await ctx.db
      .insert(practicePlaces)
      .values({ practitionerId, structureKey: 'S', name: 'Cabinet Royer', street: '4 rue Oberkampf', postalCode: '75011', city: 'Paris', email: PRACTITIONER_EMAIL, accessible: true })
      .returning();
    coordinator = await env().signedIn('coordinator');
    advisor = await env().signedIn('advisor');
    admin = await env().signedIn('admin');
    const schedule = await coordinator.request('PUT', `/api/practitioners/${practitionerId}/schedule`, {
      hours: [1, 2, 3, 4, 5].map((weekday) => ({ placeId: place?.id, weekday, startTime: '09:00', endTime: '12:00', modes: ['in_person'] })),
      types: [{ code: 'first', label: 'Première consultation', durationMinutes: 30, mode: 'in_person' }],
      rules: { minNoticeMinutes: 120, bufferMinutes: 0, slotStepMinutes: 30, cancellationNoticeHours: 24 },
    });
    assert.equal(schedule.status, 200, JSON.stringify(schedule.body));
    const client = await advisor.post('/api/clients', { birthName: 'Garnier', firstNames: ['Louise'], birthDate: '1958-04-12', sex: 'F', email: 'louise.garnier@example.test', medical, confirmNotDuplicate: true });
    assert.equal(client.status, 201, JSON.stringify(client.body));
    clientId = client.body.client.id;
    const a = await bookAt('2026-11-23T08:00:00.000Z');
    appointmentId = a.id;
    endsAt = a.endsAt;
  });

  test('staff preview the client’s checklist: address and access, documents and instructions of the type’s template', async () => {
    const res = await coordinator.get(`/api/appointments/${appointmentId}/checklist`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const c = res.body.checklist;
    assert.equal(c.lang, 'fr');
    assert.equal(c.templateCode, 'first_visit', 'the agenda’s "first" uses the first-visit template');
    const where = c.sections.find((s: { kind: string }) => s.kind === 'where').items;
    assert.deepEqual(where, ['Cabinet Royer, 4 rue Oberkampf, 75011 Paris', 'Accès de plain-pied ou adapté aux personnes à mobilité réduite.']);
    const bring = c.sections.find((s: { kind: string }) => s.kind === 'bring').items as string[];
    assert.ok(bring.some((l) => l.startsWith('Carte Vitale')));
    const en = await coordinator.get(`/api/appointments/${appointmentId}/checklist?lang=en`);
    assert.ok(en.body.checklist.sections.find((s: { kind: string }) => s.kind === 'bring').items.some((l: string) => l.startsWith('Carte Vitale (health insurance card)')));
    assert.equal((await coordinator.get('/api/appointments/00000000-0000-4000-8000-000000000000/checklist')).status, 404);
  });

  test('templates: listed with defaults, edited by a coordinator (field errors in French), reset to default; advisors cannot edit', async () => {
    const list = await advisor.get('/api/preparation/templates');
    assert.equal(list.status, 200);
    const codes = list.body.templates.map((t: { typeCode: string }) => t.typeCode);
    assert.equal(codes[0], 'default');
    for (const code of ['first_visit', 'blood_test', 'imaging', 'teleconsultation']) assert.ok(codes.includes(code), code);
    assert.ok(list.body.templates.every((t: { source: string }) => t.source === 'default'));

    const invalid = await coordinator.request('PUT', '/api/preparation/templates/first_visit', { label: ' ', bringFr: ['Carte Vitale', ''] });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body.message, 'Certaines données sont invalides.');
    const paths = invalid.body.fields.map((f: { path: string }) => f.path).sort();
    assert.deepEqual(paths, ['bringFr.1', 'label']);
    assert.match(invalid.body.fields[0].message, /Trop petit/);
    const badCode = await coordinator.request('PUT', '/api/preparation/templates/Prise-de-sang', { label: 'Prise de sang', bringFr: [] });
    assert.equal(badCode.status, 400);
    assert.equal(badCode.body.fields[0].path, 'code');

    const forbidden = await advisor.request('PUT', '/api/preparation/templates/first_visit', { label: 'Première visite', bringFr: ['Carnet de vaccination'] });
    assert.equal(forbidden.status, 403);

    const saved = await coordinator.request('PUT', '/api/preparation/templates/first_visit', {
      label: 'Première visite',
      bringFr: ['Carnet de vaccination', ' Carte Vitale '],
      bringEn: ['Vaccination record', 'Carte Vitale'],
      instructionsFr: 'Arrivez 20 min en avance.\n\nApportez vos lunettes.',
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.template.source, 'custom');
    assert.deepEqual(saved.body.template.bringFr, ['Carnet de vaccination', 'Carte Vitale']);
    assert.ok(saved.body.template.updatedBy.name.startsWith('Test coordinator'));
    const c = (await coordinator.get(`/api/appointments/${appointmentId}/checklist`)).body.checklist;
    assert.deepEqual(c.sections.find((s: { kind: string }) => s.kind === 'bring').items, ['Carnet de vaccination', 'Carte Vitale']);
    assert.deepEqual(c.sections.find((s: { kind: string }) => s.kind === 'instructions').items, ['Arrivez 20 min en avance.', 'Apportez vos lunettes.']);

    const own = await admin.request('PUT', '/api/preparation/templates/osteopathy', { label: 'Ostéopathie', bringFr: ['Tenue souple'] });
    assert.equal(own.status, 200);
    assert.equal(own.body.template.builtIn, false);

    const reset = await coordinator.request('DELETE', '/api/preparation/templates/first_visit');
    assert.equal(reset.status, 200);
    assert.equal(reset.body.template.source, 'default');
    assert.equal(reset.body.template.label, 'Première consultation');
    const gone = await admin.request('DELETE', '/api/preparation/templates/osteopathy');
    assert.equal(gone.body.template, null);
    const again = await coordinator.request('DELETE', '/api/preparation/templates/osteopathy');
    assert.equal(again.status, 404);
    assert.equal(again.body.message, 'Modèle de préparation introuvable.');
    const saves = await env().ctx.db.select().from(auditEvents).where(eq(auditEvents.action, 'preparation.template_saved'));
    assert.equal(saves.length, 2);
  });

  test('the client sees the checklist in the portal and on the link of the confirmation; the e-mails carry no health data', async () => {
    const { ctx } = env();
    const client = await env().signedIn('client');
    const user = await findUserByEmail(ctx.db, client.email);
    await updateAccount(ctx, user?.id as string, { clientId }, system);
    assert.equal((await client.login(client.email, client.password)).status, 200);
    const portal = await client.get('/api/portal/appointments');
    assert.equal(portal.status, 200);
    const mine = portal.body.appointments.find((a: { id: string }) => a.id === appointmentId);
    assert.equal(mine.checklist.templateCode, 'first_visit');
    assert.ok(mine.checklist.sections.some((s: { kind: string }) => s.kind === 'bring'));

    const [confirmation] = await ctx.db
      .select()
      .from(mailMessages)
      .where(and(eq(mailMessages.appointmentId, appointmentId), eq(mailMessages.template, 'appointment.confirmation')));
    const token = /\/rdv\/([\w-]+)/.exec(confirmation?.textBody ?? '')?.[1] ?? '';
    const pub = await anyone().get(`/api/public/appointments/${token}`);
    assert.equal(pub.status, 200, JSON.stringify(pub.body));
    assert.equal(pub.body.appointment.checklist.sections[0].items[0], 'Cabinet Royer, 4 rue Oberkampf, 75011 Paris');
    for (const m of await ctx.db.select().from(mailMessages)) {
      const all = `${m.subject}\n${m.textBody}\n${m.htmlBody}`;
      for (const secret of [...medical.allergies, ...medical.treatments, medical.history]) assert.ok(!all.includes(secret), `${m.template} leaks health data`);
    }
  });

  let link = '';
  let packId = '';

  test('a coordinator cannot share medical items (403, audited); a note alone is allowed', async () => {
    const res = await coordinator.post(`/api/appointments/${appointmentId}/packs`, { items: ['allergies'], consentChannel: 'phone', consentConfirmed: true });
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'pack_medical_advisor_only');
    assert.match(res.body.message, /Seul un conseiller médical/);
    assert.equal((await audits('pack.denied')).length, 1);
    assert.equal((await audits('client.medical.read')).length, 0, 'nothing was read');
    const note = await coordinator.post(`/api/appointments/${appointmentId}/packs`, { items: ['note'], note: 'Arrivera en fauteuil roulant, accompagnée de sa fille.', consentChannel: 'in_person', consentConfirmed: true });
    assert.equal(note.status, 201, JSON.stringify(note.body));
    assert.deepEqual(note.body.pack.kinds, ['note']);
  });

  test('an advisor records what the client agreed to share and how; the link goes by e-mail without health data', async () => {
    const noConsent = await advisor.post(`/api/appointments/${appointmentId}/packs`, { items: ['allergies'], consentChannel: 'phone', consentConfirmed: false });
    assert.equal(noConsent.status, 400);
    assert.deepEqual(noConsent.body.fields, [{ path: 'consentConfirmed', message: 'Confirmez que le client a consenti à ce partage.' }]);
    const noNote = await advisor.post(`/api/appointments/${appointmentId}/packs`, { items: ['note'], note: '  ', consentChannel: 'phone', consentConfirmed: true });
    assert.equal(noNote.body.fields[0].message, 'Écrivez la note à transmettre au praticien.');
    const nothing = await advisor.post(`/api/appointments/${appointmentId}/packs`, { items: [], consentChannel: 'phone', consentConfirmed: true });
    assert.equal(nothing.status, 400);

    const res = await advisor.post(`/api/appointments/${appointmentId}/packs`, { items: ['allergies'], consentChannel: 'phone', consentConfirmed: true });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    link = res.body.link;
    packId = res.body.pack.id;
    assert.match(link, /^https:\/\/parcours\.test\/dossier-rdv\/[\w-]{40,}$/);
    assert.equal(res.body.emailedTo, PRACTITIONER_EMAIL);
    assert.equal(res.body.pack.expiresAt, new Date(new Date(endsAt).getTime() + 7 * 86_400_000).toISOString(), 'a week after the appointment');
    assert.equal(res.body.pack.consentChannel, 'phone');
    assert.equal(res.body.pack.createdBy.name, 'Test advisor');
    assert.equal((await audits('client.medical.read')).length, 1, 'the snapshot read is audited');

    // One e-mail per pack (the coordinator's note, this one), to the address of the directory.
    const mails = await env()
      .ctx.db.select()
      .from(mailMessages)
      .where(and(eq(mailMessages.template, 'preparation.pack'), eq(mailMessages.toAddress, PRACTITIONER_EMAIL)));
    assert.equal(mails.length, 2);
    const mail = mails.find((m) => m.textBody.includes(link));
    assert.ok(mail, 'the practitioner is e-mailed the link');
    assert.equal(mail.subject, 'Documents pour votre rendez-vous du 23/11 à 9 h');
    for (const m of mails) {
      const all = `${m.subject}\n${m.textBody}\n${m.htmlBody}`;
      for (const word of ['Garnier', 'Louise', 'Pénicilline', 'Bisoprolol', 'Fibrillation', 'cardio', 'fauteuil']) assert.ok(!all.includes(word), `the e-mail must not say "${word}"`);
    }
  });

  test('the practitioner’s link shows the client, the appointment and only the shared items; each open is counted and audited', async () => {
    const token = link.split('/').at(-1) as string;
    // Later edits of the file do not change what was shared.
    assert.equal((await advisor.request('PUT', `/api/clients/${clientId}/medical`, { ...medical, allergies: ['Latex'] })).status, 200);
    const practitioner = anyone();
    const res = await practitioner.get(`/api/public/packs/${token}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.headers['cache-control'], 'no-store');
    const pack = res.body.pack;
    assert.deepEqual(pack.client, { name: 'GARNIER Louise', birthDate: '1958-04-12' });
    assert.equal(pack.appointment.startsAt, '2026-11-23T08:00:00.000Z');
    assert.equal(pack.appointment.practitionerName, 'Docteur Inès ROYER');
    assert.equal(pack.appointment.address, 'Cabinet Royer, 4 rue Oberkampf, 75011 Paris');
    assert.deepEqual(
      pack.items.map((i: { kind: string; items?: string[]; consentChannel: string }) => [i.kind, i.items, i.consentChannel]),
      [['allergies', ['Pénicilline (urticaire)'], 'phone']],
    );
    const body = JSON.stringify(res.body);
    for (const unshared of ['Bisoprolol', 'Fibrillation', 'Latex', 'fauteuil']) assert.ok(!body.includes(unshared), `"${unshared}" was not shared`);

    assert.equal((await practitioner.get(`/api/public/packs/${token}`)).status, 200);
    const opened = await audits('pack.opened');
    assert.equal(opened.length, 2);
    assert.equal(opened[0]?.targetId, packId);
    assert.equal(opened[0]?.actorId, null);
    assert.ok(opened[0]?.ip, 'the address of the reader is kept');
    const list = await coordinator.get(`/api/appointments/${appointmentId}/packs`);
    const listed = list.body.packs.find((p: { id: string }) => p.id === packId);
    assert.equal(listed.openCount, 2);
    assert.equal(listed.status, 'active');
    assert.deepEqual(listed.kinds, ['allergies']);
    assert.ok(!JSON.stringify(list.body).includes('Pénicilline'), 'the staff list never shows contents');
  });

  test('revoked, expired and unknown links are refused with a clear French message, and each refusal is audited', async () => {
    const token = link.split('/').at(-1) as string;
    const revoked = await coordinator.post(`/api/packs/${packId}/revoke`);
    assert.equal(revoked.status, 200);
    assert.equal(revoked.body.pack.status, 'revoked');
    assert.equal(revoked.body.pack.revokedBy.name, 'Test coordinator');
    const refused = await anyone().get(`/api/public/packs/${token}`);
    assert.equal(refused.status, 410);
    assert.match(refused.body.message, /^Ce lien a été révoqué/);
    assert.equal((await coordinator.post('/api/packs/00000000-0000-4000-8000-000000000000/revoke')).status, 404);

    const fresh = await advisor.post(`/api/appointments/${appointmentId}/packs`, { items: ['history', 'treatments'], consentChannel: 'portal', consentConfirmed: true });
    assert.equal(fresh.status, 201);
    const freshToken = fresh.body.link.split('/').at(-1);
    const { ctx } = env();
    ctx.now = () => new Date(new Date(endsAt).getTime() + 8 * 86_400_000);
    try {
      const expired = await anyone().get(`/api/public/packs/${freshToken}`);
      assert.equal(expired.status, 410);
      assert.match(expired.body.message, /^Ce lien a expiré/);
    } finally {
      ctx.now = () => NOW;
    }
    const unknown = await anyone().get(`/api/public/packs/${'x'.repeat(43)}`);
    assert.equal(unknown.status, 404);
    assert.match(unknown.body.message, /ne correspond à aucun dossier/);
    const en = await anyone().get(`/api/public/packs/${token}`, { 'accept-language': 'en' });
    assert.match(en.body.message, /^This link has been revoked/);

    const reasons = (await audits('pack.open_refused')).map((e) => (e.details as { reason: string }).reason).sort();
    assert.deepEqual(reasons, ['expired', 'revoked', 'revoked', 'unknown']);
    assert.ok((await audits('pack.open_refused')).every((e) => e.outcome === 'denied'));
  });

  test('no pack for an appointment that is not booked', async () => {
    const a = await bookAt('2026-11-24T08:00:00.000Z');
    await coordinator.post(`/api/appointments/${a.id}/cancel`, { reason: 'Empêchement' });
    const res = await advisor.post(`/api/appointments/${a.id}/packs`, { items: ['allergies'], consentChannel: 'phone', consentConfirmed: true });
    assert.equal(res.status, 409);
    assert.equal((await advisor.get(`/api/appointments/${a.id}/checklist`)).body.checklist, null);
  });
});
