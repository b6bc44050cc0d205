import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { unzipSync } from 'fflate';
import { type Agent, describeEachDatabase } from '../../../test/support/app.ts';
import { auditEvents } from '../audit/schema.ts';
import { nirKey } from '../clients/domain.ts';
import { clients } from '../clients/schema.ts';
import { practitioners } from '../directory/schema.ts';
import { users } from '../identity/schema.ts';
import { invoiceLines, invoices, payments, quotes } from '../billing/schema.ts';
import { surveys } from '../followup/schema.ts';
import { jobs } from '../jobs/schema.ts';
import { careActs, claims } from '../reimbursement/schema.ts';
import { shortlistItems } from '../matching/schema.ts';
import { inboxItems, mailMessages, smsMessages } from '../notifications/schema.ts';
import { appointmentPacks, packItems } from '../preparation/schema.ts';
import { DirectoryBlobStore, useBlobStore } from '../records/blobs.ts';
import { minimalPdf } from '../records/pdf.ts';
import { appointments, calendarFeeds, logistics, proposals, waitlistEntries } from '../scheduling/schema.ts';
import { teleconsultationDocuments, teleconsultationLinks, teleconsultationMessages } from '../teleconsultation/schema.ts';
import { createAppWorker } from '../../server/jobs.ts';
import { RETENTION_QUEUE, scheduleRetention } from './service.ts';
import { tableCoverage } from './store.ts';

const tag = randomBytes(3).toString('hex');
// Every personal value planted in the file: the erasure test looks for each of them everywhere.
const V = {
  birthName: `Vautrin${tag}`,
  firstName: `Odile${tag}`,
  email: `odile.${tag}@example.test`,
  phone: '+33612345678',
  street: `17 rue des Tilleuls ${tag}`,
  trusted: `Bernard${tag}`,
  allergy: `Pénicilline${tag}`,
  requestText: `Douleurs thoraciques depuis trois jours ${tag}`,
  note: `Note interne sur Mme Vautrin ${tag}`,
  task: `Rappeler Mme Vautrin ${tag}`,
  chat: `Bonjour docteur ${tag}`,
  guest: `Interprète Ana ${tag}`,
  packNote: `Antécédents transmis ${tag}`,
  logistics: `Prise en charge au 17 rue des Tilleuls ${tag}`,
  shortlistNote: `Préfère un rendez-vous le matin ${tag}`,
  docTitle: `Résultats sanguins ${tag}`,
  purpose: `Suivi cardiologique ${tag}`,
  mailSubject: `Votre rendez-vous ${tag}`,
  smsBody: `Rappel ${tag}`,
  instruction: `Appel de Mme Vautrin ${tag}`,
  surveyComment: `Très bien reçue par le Dr ${tag}`,
};
const body13 = '2750675056123';
const NIR = `${body13}${String(nirKey(body13)).padStart(2, '0')}`;
const PDF = minimalPdf(['Hémoglobine 13,2 g/dL']);
const PNG_B64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==';

describeEachDatabase('RGPD: access history, export, erasure, retention', (env) => {
  let dir: string;
  let advisor: Agent;
  let admin: Agent;
  let portal: Agent & { email: string; password: string };
  let doctor: Agent;
  let clientId: string;
  let clientNumber: string;
  let requestId: string;
  let resultId: string;
  let prescriptionId: string;
  let cardiologistId: string;

  before(async () => {
    const { ctx } = env();
    dir = await mkdtemp(join(tmpdir(), 'parcours-privacy-'));
    useBlobStore(ctx, new DirectoryBlobStore(dir));
    advisor = await env().signedIn('advisor');
    admin = await env().signedIn('admin');
    const pharmacy = await advisor.post('/api/directory/providers', { kind: 'pharmacy', name: 'Pharmacie Export', postalCode: '75011', city: 'Paris' });
    const created = await advisor.post('/api/clients', {
      pharmacyId: pharmacy.body.provider.id,
      birthName: V.birthName,
      firstNames: [V.firstName],
      birthDate: '1975-06-14',
      sex: 'F',
      birthplaceCode: '75056',
      identityStatus: 'QUAL',
      identityDocument: { type: 'id_card' },
      email: V.email,
      phone: '06 12 34 56 78',
      address: { line1: V.street, postalCode: '75011', city: 'Paris', country: 'France' },
      trustedPerson: { name: V.trusted, relation: 'frère', phone: null, email: null },
      insurance: { nir: NIR, amoScheme: 'general', mutuelle: { organism: 'Mutuelle Test', contractNumber: `C-${tag}`, coverage: null } },
      medical: { allergies: [V.allergy], treatments: [], history: '' },
      confirmNotDuplicate: true,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    clientId = created.body.client.id;
    clientNumber = created.body.client.number;

    portal = await env().signedIn('client', { email: V.email });
    await ctx.db.update(users).set({ clientId }).where(eq(users.email, V.email));
    const request = await portal.post('/api/portal/requests', { kind: 'specialist', text: V.requestText });
    assert.equal(request.status, 201, JSON.stringify(request.body));
    requestId = request.body.request.id;
    assert.equal((await advisor.post(`/api/requests/${requestId}/notes`, { body: V.note })).status, 201);
    assert.equal((await advisor.post(`/api/requests/${requestId}/tasks`, { title: V.task })).status, 201);

    const [p] = await ctx.db
      .insert(practitioners)
      .values({ civility: 'Docteur', lastName: 'Klein', firstName: 'Claire', professionCode: '10', profession: 'Médecin', specialties: ['cardiology'], searchName: 'klein claire', source: 'team', rpps: '10000000009' })
      .returning();
    cardiologistId = p?.id as string;
    doctor = await env().signedIn('practitioner');
    await ctx.db.update(users).set({ practitionerId: cardiologistId }).where(eq(users.email, (doctor as unknown as { email: string }).email));

    const upload = (type: string, title: string) =>
      advisor.request('POST', `/api/clients/${clientId}/documents?${new URLSearchParams({ type, title })}`, PDF, { 'content-type': 'application/pdf', 'x-filename': 'resultats.pdf' });
    resultId = (await upload('result', V.docTitle)).body.document.id;
    prescriptionId = (await upload('prescription', 'Ordonnance')).body.document.id;
    const obs = await advisor.post(`/api/clients/${clientId}/observations`, { code: 'glucose', value: 2.5, unit: 'g/L', observedAt: '2026-11-20T08:00:00Z', referenceLow: 0.7, referenceHigh: 1.1 });
    assert.equal(obs.status, 201, JSON.stringify(obs.body));
    const consent = await portal.post('/api/portal/consents', { granteeType: 'practitioner', practitionerId: cardiologistId, documentTypes: ['result'], purpose: V.purpose });
    assert.equal(consent.status, 201);
    assert.equal(
      (await advisor.post(`/api/clients/${clientId}/consents`, { granteeType: 'team', documentTypes: null, purpose: 'Coordination', channel: 'phone', instruction: V.instruction })).status,
      201,
    );

    // Rows of the other modules, planted directly: the export and the erasure must find them all.
    const staffId = (await advisor.get('/api/auth/me')).body.user.id as string;
    const [past, future] = await ctx.db
      .insert(appointments)
      .values([
        { practitionerId: cardiologistId, clientId, requestId, typeCode: 'first', mode: 'teleconsultation', startsAt: new Date('2026-11-10T09:00:00Z'), endsAt: new Date('2026-11-10T09:30:00Z'), status: 'completed', externalNote: V.note },
        { practitionerId: cardiologistId, clientId, requestId, typeCode: 'follow_up', mode: 'in_person', startsAt: new Date(Date.now() + 30 * 86_400_000), endsAt: new Date(Date.now() + 30 * 86_400_000 + 1_800_000), status: 'booked' },
      ])
      .returning();
    const pastId = past?.id as string;
    await ctx.db.insert(proposals).values({ clientId, requestId, tokenHash: randomBytes(16).toString('hex'), expiresAt: new Date(), createdById: staffId });
    await ctx.db.insert(waitlistEntries).values({ clientId, practitionerId: cardiologistId, requestId });
    await ctx.db.insert(logistics).values({ appointmentId: future?.id as string, kind: 'taxi', details: V.logistics });
    await ctx.db.insert(shortlistItems).values({ requestId, practitionerId: cardiologistId, note: V.shortlistNote, addedById: staffId });
    await ctx.db.insert(inboxItems).values({ userId: staffId, kind: 'mention', title: `Mention — ${V.birthName}`, requestId });
    await ctx.db.insert(calendarFeeds).values({ ownerType: 'client', ownerId: clientId, tokenHash: randomBytes(16).toString('hex') });
    const [pack] = await ctx.db.insert(appointmentPacks).values({ appointmentId: pastId, tokenHash: randomBytes(16).toString('hex'), expiresAt: new Date(Date.now() + 86_400_000), createdById: staffId }).returning();
    const itemId = randomUUID();
    await ctx.db.insert(packItems).values({ id: itemId, packId: pack?.id as string, kind: 'note', contentSealed: ctx.vault.seal(JSON.stringify({ kind: 'note', text: V.packNote }), `preparation.pack_item:${itemId}`), consentChannel: 'phone', sharedById: staffId });
    const [link] = await ctx.db.insert(teleconsultationLinks).values({ appointmentId: pastId, role: 'guest', name: V.guest }).returning();
    const chatId = randomUUID();
    await ctx.db.insert(teleconsultationMessages).values({ id: chatId, appointmentId: pastId, linkId: link?.id as string, bodySealed: ctx.vault.seal(V.chat, `teleconsultation_messages:${chatId}`) });
    const teleDocId = randomUUID();
    await ctx.db.insert(teleconsultationDocuments).values({ id: teleDocId, appointmentId: pastId, clientId, kind: 'shared', name: 'photo.png', contentType: 'image/png', size: 68, contentSealed: ctx.vault.seal(PNG_B64, `teleconsultation_documents:${teleDocId}`) });
    await ctx.db.insert(mailMessages).values({ toAddress: V.email, subject: V.mailSubject, textBody: `Bonjour ${V.firstName}`, htmlBody: `<p>Bonjour ${V.firstName}</p>`, template: 'test', status: 'outbox', clientId });
    await ctx.db.insert(smsMessages).values({ toNumber: V.phone, body: V.smsBody, template: 'test', status: 'outbox', clientId });
    // Finance: an issued invoice (kept by law, with its buyer), a draft, a payment, a quote, an act and its claim, a survey.
    const [issued] = await ctx.db.insert(invoices).values({ series: 'F-2026', number: 1, status: 'issued', issuedAt: new Date(), clientId, requestId, buyer: { name: `${V.birthName} ${V.firstName}`, address: [V.street], email: V.email }, totalExclCents: 5000, totalVatCents: 1000, totalInclCents: 6000 }).returning();
    await ctx.db.insert(invoices).values({ series: 'F-2026', clientId, requestId, buyer: { name: `${V.birthName} ${V.firstName}`, address: [V.street], email: V.email } });
    await ctx.db.insert(invoiceLines).values({ invoiceId: issued?.id as string, position: 1, label: 'Accompagnement', quantity: 1, unitPriceCents: 5000, vatRateBp: 2000, totalExclCents: 5000, totalVatCents: 1000 });
    await ctx.db.insert(payments).values({ invoiceId: issued?.id as string, amountCents: 1000, method: 'card', receivedOn: '2026-11-02' });
    await ctx.db.insert(quotes).values({ clientId, requestId, label: `Couronne ${V.firstName}`, totalCents: 60000, outOfPocketCents: 20000 });
    const [act] = await ctx.db.insert(careActs).values({ clientId, actCode: 'G', performedOn: '2026-11-02', feeCents: 3000, baseCents: 3000, amoRateBp: 7000, amoExpectedCents: 1900, amcExpectedCents: 900, remainderCents: 200, rulesVersion: 'test' }).returning();
    await ctx.db.insert(claims).values({ actId: act?.id as string, clientId, insurer: 'amo', expectedCents: 1900 });
    const surveyId = randomUUID();
    await ctx.db.insert(surveys).values({ id: surveyId, clientId, trigger: 'appointment', tokenHash: randomBytes(16).toString('hex'), expiresAt: new Date(Date.now() + 86_400_000), answeredAt: new Date(), csat: 4, nps: 8, commentSealed: ctx.vault.seal(V.surveyComment, `followup.survey.comment:${surveyId}`) });
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  test('the client sees who accessed what and when, in plain French, denials included, paged', async () => {
    assert.equal((await doctor.get(`/api/practitioner/documents/${resultId}/content`)).status, 200);
    assert.equal((await doctor.get(`/api/practitioner/documents/${prescriptionId}/content`)).status, 403);
    const history = await portal.get('/api/portal/access-history?limit=50');
    assert.equal(history.status, 200);
    const texts: string[] = history.body.items.map((i: { text: string }) => i.text);
    assert.ok(
      texts.some((t) => new RegExp(`^Dr Claire KLEIN a consulté "${V.docTitle}" le \\d\\d/\\d\\d à \\d\\d:\\d\\d$`).test(t)),
      texts.join('\n'),
    );
    assert.ok(texts.some((t) => /^Dr Claire KLEIN s’est vu refuser l’accès à vos ordonnances/.test(t)));
    assert.ok(texts.some((t) => /^L’équipe Parcours \(Test advisor\) a ajouté/.test(t)));
    assert.ok(texts.some((t) => /^Vous avez enregistré un accès à votre dossier/.test(t)));
    const english = await portal.get('/api/portal/access-history?limit=5', { 'accept-language': 'en' });
    assert.match(english.body.items[0].text, / on \d\d\/\d\d at /);

    const first = await portal.get('/api/portal/access-history?limit=3');
    assert.equal(first.body.items.length, 3);
    const second = await portal.get(`/api/portal/access-history?limit=3&cursor=${first.body.nextCursor}`);
    assert.ok(second.body.items[0].id < first.body.items[2].id, 'the next page goes on, older');
    assert.equal((await portal.get('/api/portal/access-history?cursor=%%%')).status, 400);

    const staffView = await advisor.get(`/api/clients/${clientId}/access-history`);
    assert.equal(staffView.status, 200);
    const [trace] = await env().ctx.db.select().from(auditEvents).where(eq(auditEvents.action, 'privacy.history.read'));
    assert.equal(trace?.clientId, clientId, 'the team reading the history is itself traced');
  });

  test('the export archive parses back and holds every table with the client’s data', async () => {
    const { ctx } = env();
    const res = await env().app.inject({ method: 'GET', url: '/api/portal/export', headers: { cookie: portal.cookie as string } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/zip');
    assert.match(String(res.headers['content-disposition']), new RegExp(`parcours-${clientNumber}-\\d{4}-\\d\\d-\\d\\d\\.zip`));
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const json = JSON.parse(new TextDecoder().decode(files['donnees.json']));
    const bundle = JSON.parse(new TextDecoder().decode(files['fhir-bundle.json']));

    // Opened, not sealed.
    assert.equal(json.client.identity.birthName, V.birthName);
    assert.equal(json.client.insurance.nir, NIR);
    assert.equal(json.client.contacts.pharmacy?.name, 'Pharmacie Export', 'the usual pharmacy is part of the client file');
    assert.deepEqual(json.medical.allergies, [V.allergy]);
    assert.equal(json.requests[0].text, V.requestText);
    assert.equal(json.requests[0].notes[0].body, V.note);
    assert.equal(json.teleconsultation.messages[0].body, V.chat);
    assert.equal(json.appointments.find((a: { packs: unknown[] }) => a.packs.length).packs[0].items[0].content.text, V.packNote);
    // The original files, decrypted.
    const doc = json.documents.find((d: { id: string }) => d.id === resultId);
    assert.deepEqual(Buffer.from(files[doc.file] as Uint8Array), PDF);
    assert.deepEqual(Buffer.from(files[json.teleconsultation.documents[0].file] as Uint8Array), Buffer.from(PNG_B64, 'base64'));

    // FHIR R4: a collection with the INS of the qualified identity.
    assert.equal(bundle.resourceType, 'Bundle');
    assert.equal(bundle.type, 'collection');
    const patient = bundle.entry[0].resource;
    assert.deepEqual(
      patient.identifier.find((i: { system: string }) => i.system === 'urn:oid:1.2.250.1.213.1.4.8'),
      { use: 'official', type: { coding: [{ system: 'https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203', code: 'INS-NIR' }] }, system: 'urn:oid:1.2.250.1.213.1.4.8', value: NIR },
    );
    const types = new Set(bundle.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType));
    assert.deepEqual([...types].sort(), ['Appointment', 'Consent', 'DocumentReference', 'Observation', 'Patient']);
    const observation = bundle.entry.find((e: { resource: { resourceType: string } }) => e.resource.resourceType === 'Observation').resource;
    assert.equal(observation.interpretation[0].coding[0].code, 'H');

    // Completeness: every table of the database is classified, and each one holding this client's
    // rows (by client, request or appointment) has them all in the archive.
    const tables = (await ctx.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`)) as unknown as { rows: { table_name: string }[] };
    const unclassified = tables.rows.map((t) => t.table_name).filter((t) => !(t in tableCoverage));
    assert.deepEqual(unclassified, [], 'a new table must say what the export and the erasure do with it');
    const count = async (query: ReturnType<typeof sql>) => Number(((await ctx.db.execute(query)) as unknown as { rows: { n: string }[] }).rows[0]?.n);
    const byRequest = (t: string) => sql`select count(*) as n from ${sql.identifier(t)} where request_id in (select id from requests where client_id = ${clientId})`;
    const byAppointment = (t: string) => sql`select count(*) as n from ${sql.identifier(t)} where appointment_id in (select id from appointments where client_id = ${clientId})`;
    const byClient = (t: string) => sql`select count(*) as n from ${sql.identifier(t)} where client_id = ${clientId}`;
    const appts = json.appointments as { logistics: unknown[]; packs: { items: unknown[] }[] }[];
    const expected: Record<string, [ReturnType<typeof sql>, number]> = {
      requests: [byClient('requests'), json.requests.length],
      request_events: [byRequest('request_events'), json.requests[0].events.length],
      request_notes: [byRequest('request_notes'), json.requests[0].notes.length],
      request_tasks: [byRequest('request_tasks'), json.requests[0].tasks.length],
      shortlist_items: [byRequest('shortlist_items'), json.requests[0].shortlist.length],
      proposals: [byClient('proposals'), json.proposals.length],
      appointments: [byClient('appointments'), appts.length],
      waitlist_entries: [byClient('waitlist_entries'), json.waitlist.length],
      logistics: [byAppointment('logistics'), appts.flatMap((a) => a.logistics).length],
      appointment_packs: [byAppointment('appointment_packs'), appts.flatMap((a) => a.packs).length],
      pack_items: [sql`select count(*) as n from pack_items where pack_id in (select id from appointment_packs where appointment_id in (select id from appointments where client_id = ${clientId}))`, appts.flatMap((a) => a.packs.flatMap((p) => p.items)).length],
      teleconsultation_messages: [byAppointment('teleconsultation_messages'), json.teleconsultation.messages.length],
      teleconsultation_documents: [byClient('teleconsultation_documents'), json.teleconsultation.documents.length],
      documents: [byClient('documents'), json.documents.length],
      observations: [byClient('observations'), json.observations.length],
      result_alerts: [byClient('result_alerts'), json.resultAlerts.length],
      consents: [byClient('consents'), json.consents.length],
      mail_messages: [byClient('mail_messages'), json.messages.emails.length],
      sms_messages: [byClient('sms_messages'), json.messages.sms.length],
      users: [byClient('users'), json.account.length],
      audit_events: [byClient('audit_events'), json.accessHistory.length],
      invoices: [byClient('invoices'), json.billing.invoices.length],
      invoice_lines: [sql`select count(*) as n from invoice_lines where invoice_id in (select id from invoices where client_id = ${clientId})`, json.billing.invoices.flatMap((i: { lines: unknown[] }) => i.lines).length],
      payments: [sql`select count(*) as n from payments where invoice_id in (select id from invoices where client_id = ${clientId})`, json.billing.invoices.flatMap((i: { payments: unknown[] }) => i.payments).length],
      quotes: [byClient('quotes'), json.billing.quotes.length],
      care_acts: [byClient('care_acts'), json.reimbursement.acts.length],
      claims: [byClient('claims'), json.reimbursement.acts.flatMap((a: { claims: unknown[] }) => a.claims).length],
      surveys: [byClient('surveys'), json.surveys.length],
    };
    assert.equal(json.surveys[0]?.comment, V.surveyComment, 'the survey comment is opened for its author');
    for (const [table, [query, inArchive]] of Object.entries(expected)) {
      const inDb = await count(query);
      assert.ok(inDb > 0, `${table}: the test planted rows`);
      // The export itself is audited after the archive is built: one more event in the log.
      assert.equal(inArchive, table === 'audit_events' ? inDb - 1 : inDb, `${table}: ${inArchive} in the archive, ${inDb} in the database`);
    }
    const withClientColumns = (await ctx.db.execute(
      sql`select distinct table_name from information_schema.columns where table_schema = 'public' and column_name in ('client_id', 'request_id', 'appointment_id', 'pack_id')`,
    )) as unknown as { rows: { table_name: string }[] };
    for (const { table_name } of withClientColumns.rows) {
      assert.ok(table_name in expected || tableCoverage[table_name]?.export === null, `${table_name} holds client rows: exported or explained`);
    }

    const byAdmin = await admin.get(`/api/admin/clients/${clientId}/export`);
    assert.equal(byAdmin.status, 200);
    assert.equal((await advisor.get(`/api/admin/clients/${clientId}/export`)).status, 403, 'admins only');
    const exports = await ctx.db.select().from(auditEvents).where(eq(auditEvents.action, 'privacy.export'));
    assert.deepEqual(exports.map((e) => e.details?.by).sort(), ['admin', 'client']);
  });

  test('erasure leaves none of the client’s personal values in any table but the audit log', async () => {
    const { ctx } = env();
    const wrong = await admin.post(`/api/admin/clients/${clientId}/erase`, { reason: 'Demande écrite du client', confirmNumber: 'PC-999999' });
    assert.equal(wrong.status, 400);
    assert.match(wrong.body.fields[0].message, new RegExp(clientNumber));
    assert.equal((await advisor.post(`/api/admin/clients/${clientId}/erase`, { reason: 'x', confirmNumber: clientNumber })).status, 403);

    const [nirIndex] = await ctx.db.select({ v: clients.nirIndex }).from(clients).where(eq(clients.id, clientId));
    // Every table, every column (the row as text), for every planted value.
    const tables = (await ctx.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'audit_events'`)) as unknown as {
      rows: { table_name: string }[];
    };
    const plain = (v: string) => ctx.db.execute(sql`select count(*) as n from clients t where position(lower(${v}) in lower(t::text)) > 0`) as unknown as Promise<{ rows: { n: string }[] }>;
    assert.equal(Number((await plain(V.birthName)).rows[0]?.n), 1, 'the scan sees a value while it is there');
    const erased = await admin.post(`/api/admin/clients/${clientId}/erase`, { reason: 'Demande écrite du client', requestedAt: '2026-11-20', confirmNumber: clientNumber });
    assert.equal(erased.status, 200, JSON.stringify(erased.body));
    assert.equal(erased.body.erasure.summary.documents.erased, 2);
    assert.equal(erased.body.erasure.summary.observations.erased, 1);
    assert.equal(erased.body.erasure.summary.audit_events.kept, 1);
    assert.equal((await admin.post(`/api/admin/clients/${clientId}/erase`, { reason: 'encore', confirmNumber: clientNumber })).body.code, 'client_erased');

    const values = [...Object.values(V), NIR, nirIndex?.v as string, '0612345678', '1975-06-14'];
    const scan = async () => {
      const found: string[] = [];
      for (const { table_name } of tables.rows) {
        for (const value of values) {
          // Issued invoices keep their buyer: the law requires it (checked below); everything else is scanned.
          const kept = table_name === 'invoices' ? sql` and t.status <> 'issued'` : sql``;
          const r = (await ctx.db.execute(sql`select count(*) as n from ${sql.identifier(table_name)} t where position(lower(${value}) in lower(t::text)) > 0${kept}`)) as unknown as { rows: { n: string }[] };
          if (Number(r.rows[0]?.n) > 0) found.push(`${table_name}: ${value}`);
        }
      }
      return found;
    };
    assert.deepEqual(await scan(), []);
    assert.deepEqual(erased.body.erasure.summary.invoices, { erased: 1, kept: 1 }, 'the draft goes, the issued invoice stays');
    const [keptInvoice] = await ctx.db.select().from(invoices).where(eq(invoices.clientId, clientId));
    assert.equal(keptInvoice?.buyer?.name, `${V.birthName} ${V.firstName}`, 'an issued invoice keeps its buyer (Code de commerce L123-22)');
    assert.deepEqual(await readdir(dir, { recursive: true }).then((f) => f.filter((x) => x.includes('/'))), [], 'the encrypted files are deleted too');

    // What is kept still opens: the request (empty text), the anonymised client, the appointments.
    const request = await advisor.get(`/api/requests/${requestId}`);
    assert.equal(request.status, 200);
    assert.equal(request.body.request?.text ?? request.body.text, '');
    const client = await advisor.get(`/api/clients/${clientId}`);
    assert.equal(client.body.client.birthName, 'EFFACÉ');
    assert.equal(client.body.client.insurance.nir, null);
    assert.equal(client.body.client.pharmacy, null, 'where the client buys medicines is personal too');
    const kept = await ctx.db.select().from(appointments).where(eq(appointments.clientId, clientId));
    assert.deepEqual(kept.map((a) => a.status).sort(), ['cancelled', 'completed'], 'the future appointment is cancelled, the past one kept');
    assert.equal((await portal.login(V.email, portal.password)).status, 401, 'the account is gone');
    const log = await admin.get(`/api/admin/audit?clientId=${clientId}&action=privacy.erased`);
    assert.equal(log.body.events.length, 1, 'the audit log keeps the trace');
    const register = await admin.get('/api/admin/erasures');
    assert.equal(register.body.erasures[0].clientNumber, clientNumber);
    assert.equal(register.body.erasures[0].requestedAt, '2026-11-20T00:00:00.000Z');
  });

  test('retention: the admin sets periods (not below the legal floor); the daily job erases files past them', async () => {
    const { ctx } = env();
    const tooShort = await admin.request('PUT', '/api/admin/retention', { client_file: 30 });
    assert.equal(tooShort.status, 400);
    assert.match(tooShort.body.message, /au moins 1826 jours/);
    const saved = await admin.request('PUT', '/api/admin/retention', { messages: 60 });
    assert.equal(saved.status, 200);
    assert.equal(saved.body.retention.find((r: { kind: string }) => r.kind === 'messages').days, 60);
    assert.equal(saved.body.retention.find((r: { kind: string }) => r.kind === 'client_file').days, 7305, 'the default stays');

    const old = (await advisor.post('/api/clients', { birthName: `Ancien${tag}`, firstNames: ['Paul'], birthDate: '1930-01-01', sex: 'M', confirmNotDuplicate: true })).body.client;
    const recent = (await advisor.post('/api/clients', { birthName: `Recent${tag}`, firstNames: ['Paule'], birthDate: '1990-01-01', sex: 'F', confirmNotDuplicate: true })).body.client;
    await ctx.db.execute(sql`update clients set updated_at = now() - interval '21 years' where id = ${old.id}`);
    const [oldMail] = await ctx.db.insert(mailMessages).values({ toAddress: 'someone@example.test', subject: 'Ancien', textBody: 'Ancien', htmlBody: 'Ancien', template: 't', status: 'sent', createdAt: new Date(Date.now() - 90 * 86_400_000) }).returning();

    // The job, as the worker runs it: due at 03:00 Paris the next day; it plans the following run.
    await scheduleRetention(ctx);
    const [job] = await ctx.db.select().from(jobs).where(eq(jobs.queue, RETENTION_QUEUE));
    assert.ok(job && job.runAt.getTime() > Date.now());
    const realNow = ctx.now;
    ctx.now = () => new Date(job.runAt.getTime() + 60_000);
    try {
      assert.equal(await createAppWorker(ctx).runDue(), 1);
    } finally {
      ctx.now = realNow;
    }
    assert.equal((await admin.get(`/api/admin/clients/${old.id}/erasure`)).body.erasure.reason.startsWith('Durée de conservation'), true);
    assert.equal((await admin.get(`/api/admin/clients/${recent.id}/erasure`)).body.erasure, null);
    const [mail] = await ctx.db.select().from(mailMessages).where(eq(mailMessages.id, oldMail?.id as string));
    assert.equal(mail?.textBody, '—', 'messages older than 60 days are cleared');
    const planned = await ctx.db.select().from(jobs).where(eq(jobs.queue, RETENTION_QUEUE));
    assert.equal(planned.length, 2, 'the next run is planned');

    const now = await admin.post('/api/admin/retention/run');
    assert.equal(now.status, 200);
    assert.equal(now.body.report.clientsErased, 0, 'nothing left to erase');
  });
});
