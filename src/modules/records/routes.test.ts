import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { type Agent, describeEachDatabase } from '../../../test/support/app.ts';
import { auditEvents } from '../audit/schema.ts';
import { practitioners } from '../directory/schema.ts';
import { users } from '../identity/schema.ts';
import { inboxItems } from '../notifications/schema.ts';
import { DirectoryBlobStore, useBlobStore } from './blobs.ts';
import { storageKeyFor } from './domain.ts';
import { minimalPdf, tinyPng } from './pdf.ts';
import { consents, documents, resultAlerts } from './schema.ts';

const IMPORT_TOKEN = 'lab-bio-est-0123456789abcdefghij';

describeEachDatabase('medical file: documents encrypted at rest, consent, versions, observations, alerts', (env) => {
  let dir: string;
  let staff: Agent & { email: string };
  let clientId: string;
  let clientNumber: string;
  let otherClientId: string;
  let practitionerId: string;
  let practitionerAgent: Agent;
  let portal: Agent;

  const upload = (agent: Agent, url: string, bytes: Buffer, query: Record<string, string>, contentType = 'application/pdf', fileName = 'doc.pdf') =>
    agent.request('POST', `${url}?${new URLSearchParams(query)}`, bytes, { 'content-type': contentType, 'x-filename': encodeURIComponent(fileName) });
  const uploadFor = (id: string, bytes: Buffer, query: Record<string, string>, contentType?: string, fileName?: string) => upload(staff, `/api/clients/${id}/documents`, bytes, query, contentType, fileName);
  const audits = (action: string, targetId?: string) =>
    env()
      .ctx.db.select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), ...(targetId ? [eq(auditEvents.targetId, targetId)] : [])));
  const grant = async (values: Partial<typeof consents.$inferInsert> & { clientId: string }) => {
    const [row] = await env()
      .ctx.db.insert(consents)
      .values({ granteeType: 'team', purpose: 'Coordination des soins', channel: 'phone', ...values })
      .returning();
    return row?.id as string;
  };
  const revoke = (id: string) => env().ctx.db.update(consents).set({ revokedAt: new Date() }).where(eq(consents.id, id));

  before(async () => {
    const { ctx } = env();
    dir = await mkdtemp(join(tmpdir(), 'parcours-records-'));
    useBlobStore(ctx, new DirectoryBlobStore(dir));
    ctx.config.recordsImportTokens = ['another-integration-token-0000', IMPORT_TOKEN];
    staff = await env().signedIn('coordinator');
    const c = await staff.post('/api/clients', { birthName: 'Dossier', firstNames: ['Jeanne'], birthDate: '1961-03-04', sex: 'F', confirmNotDuplicate: true });
    clientId = c.body.client.id;
    clientNumber = c.body.client.number;
    otherClientId = (await staff.post('/api/clients', { birthName: 'Autre', firstNames: ['Paul'], birthDate: '1970-01-02', sex: 'M', confirmNotDuplicate: true })).body.client.id;
    const [p] = await ctx.db.insert(practitioners).values({ lastName: 'COEUR', firstName: 'Alain', professionCode: '10', profession: 'Médecin', specialties: ['cardiology'], searchName: 'coeur alain', source: 'team' }).returning();
    practitionerId = p?.id as string;
    const pract = await env().signedIn('practitioner');
    await ctx.db.update(users).set({ practitionerId }).where(eq(users.email, pract.email));
    practitionerAgent = pract;
    const client = await env().signedIn('client');
    await ctx.db.update(users).set({ clientId }).where(eq(users.email, client.email));
    portal = client;
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  let reportId: string;
  let prescriptionId: string;
  let resultId: string;
  const marker = `MARQUEUR-EN-CLAIR-${randomBytes(6).toString('hex')}`;

  test('staff upload without consent; the raw storage holds no plaintext; the list needs a team consent (403 audited)', async () => {
    const pdf = minimalPdf(['Compte rendu de consultation', marker]);
    const res = await uploadFor(clientId, pdf, { type: 'report', title: 'Compte rendu cardiologie', author: 'Dr Claire KLEIN', documentDate: '2026-11-02' }, 'application/pdf', 'compte-rendu.pdf');
    assert.equal(res.status, 201, JSON.stringify(res.body));
    reportId = res.body.document.id;
    assert.equal(res.body.document.contentType, 'application/pdf');
    assert.equal(res.body.document.version, 1);

    const [row] = await env().ctx.db.select().from(documents).where(eq(documents.id, reportId));
    assert.ok(row);
    assert.equal(row.storageKey, storageKeyFor(reportId));
    const raw = await readFile(join(dir, row.storageKey));
    assert.ok(raw.length > pdf.length, 'iv and tag around the ciphertext');
    assert.equal(raw.includes(Buffer.from(marker)), false, 'no plaintext marker in storage');
    assert.equal(raw.includes(Buffer.from('%PDF')), false, 'not even the PDF header');
    assert.equal(raw.includes(Buffer.from('Compte rendu')), false);
    assert.ok(!row.wrappedKey.includes(row.sha256));
    assert.match(row.keyId, /^kek-/);

    const denied = await staff.get(`/api/clients/${clientId}/documents`);
    assert.equal(denied.status, 403);
    assert.equal(denied.body.code, 'records_consent_required');
    assert.match(denied.body.message, /consentement/);
    const content = await staff.get(`/api/documents/${reportId}/content`);
    assert.equal(content.status, 403);
    assert.equal((await audits('records.access_denied', reportId)).length, 1, 'the refused read is in the audit log');
  });

  test('under a team consent: search (typo-tolerant), type filter, inline preview and download, each audited', async () => {
    await grant({ clientId });
    prescriptionId = (await uploadFor(clientId, minimalPdf(['Ordonnance']), { type: 'prescription', title: 'Ordonnance bêtabloquant', author: 'Dr Claire KLEIN' })).body.document.id;
    resultId = (await uploadFor(clientId, tinyPng(), { type: 'result', title: 'Bilan sanguin', author: 'Laboratoire Bio-Est' }, 'image/png', 'bilan.png')).body.document.id;
    assert.ok(prescriptionId && resultId);

    const all = await staff.get(`/api/clients/${clientId}/documents`);
    assert.equal(all.status, 200, JSON.stringify(all.body));
    assert.equal(all.body.documents.length, 3);
    const ids = (r: { body: { documents: { id: string }[] } }) => r.body.documents.map((d) => d.id);
    assert.deepEqual(ids(await staff.get(`/api/clients/${clientId}/documents?q=ordonance`)), [prescriptionId], 'a typo still finds it');
    assert.deepEqual(ids(await staff.get(`/api/clients/${clientId}/documents?q=${encodeURIComponent('BIO-EST')}`)), [resultId], 'by author, any case');
    assert.deepEqual(ids(await staff.get(`/api/clients/${clientId}/documents?q=${encodeURIComponent('bêta')}`)), [prescriptionId], 'accents folded');
    assert.equal((await staff.get(`/api/clients/${clientId}/documents?q=radiographie`)).body.documents.length, 0);
    assert.ok(ids(await staff.get(`/api/clients/${clientId}/documents?q=klein`)).includes(reportId));
    assert.deepEqual(ids(await staff.get(`/api/clients/${clientId}/documents?type=result`)), [resultId]);

    const inline = await staff.get(`/api/documents/${reportId}/content`);
    assert.equal(inline.status, 200);
    assert.equal(inline.headers['content-type'], 'application/pdf');
    assert.match(String(inline.headers['content-disposition']), /^inline; filename\*=UTF-8''compte-rendu\.pdf/);
    assert.equal(inline.headers['cache-control'], 'no-store, private');
    // Framed by our own pages only; no object-src 'none', which stops Chromium's PDF viewer.
    assert.equal(inline.headers['content-security-policy'], "frame-ancestors 'self'");
    assert.ok(String(inline.body).includes(marker), 'decrypted back to the original');
    const download = await staff.get(`/api/documents/${resultId}/content?disposition=attachment`);
    assert.equal(download.status, 200);
    assert.match(String(download.headers['content-disposition']), /^attachment;/);
    assert.equal(download.headers['content-type'], 'image/png');

    const reads = await audits('records.document_read');
    assert.equal(reads.length, 2, 'one entry per view and per download');
    assert.ok(reads.every((e) => e.clientId === clientId));
    assert.deepEqual(reads.map((e) => (e.details as { disposition: string }).disposition).sort(), ['attachment', 'inline']);
  });

  test('the real type comes from the bytes: a renamed executable is 415, over 20 MB is 413, both in French', async () => {
    const exe = await uploadFor(clientId, Buffer.from('MZ\x90\x00\x03 This program cannot be run in DOS mode'), { type: 'report', title: 'Faux PDF' }, 'application/pdf', 'facture.pdf');
    assert.equal(exe.status, 415);
    assert.equal(exe.body.code, 'file_type_unsupported');
    assert.match(exe.body.message, /PDF, JPEG ou PNG/);
    const text = await uploadFor(clientId, Buffer.from('juste du texte'), { type: 'report', title: 'Texte' }, 'text/plain', 'note.txt');
    assert.equal(text.status, 415);
    const big = Buffer.concat([minimalPdf(['gros']), Buffer.alloc(20 * 1024 * 1024)]);
    const tooBig = await uploadFor(clientId, big, { type: 'report', title: 'Trop gros' });
    assert.equal(tooBig.status, 413);
    assert.equal(tooBig.body.code, 'file_too_large');
    assert.match(tooBig.body.message, /20 Mo/);
    const noTitle = await uploadFor(clientId, minimalPdf(['x']), { type: 'report', title: '' });
    assert.equal(noTitle.status, 400);
    const badType = await uploadFor(clientId, minimalPdf(['x']), { type: 'poem', title: 'x' });
    assert.equal(badType.status, 400);
    assert.equal((await env().ctx.db.select().from(documents).where(eq(documents.clientId, clientId))).length, 3, 'nothing refused was stored');
  });

  test('versions: a corrected report supersedes the previous, which is kept; deleting the correction brings it back', async () => {
    const v2 = await uploadFor(clientId, minimalPdf(['Compte rendu corrigé']), { type: 'report', title: 'Compte rendu cardiologie (corrigé)', previousId: reportId });
    assert.equal(v2.status, 201, JSON.stringify(v2.body));
    assert.equal(v2.body.document.version, 2);
    assert.equal(v2.body.document.previousId, reportId);
    const list = await staff.get(`/api/clients/${clientId}/documents?type=report`);
    assert.deepEqual(
      list.body.documents.map((d: { id: string; versions: number }) => [d.id, d.versions]),
      [[v2.body.document.id, 2]],
    );
    const versions = await staff.get(`/api/documents/${reportId}/versions`);
    assert.deepEqual(
      versions.body.versions.map((v: { version: number; supersededAt: string | null }) => [v.version, v.supersededAt === null]),
      [
        [1, false],
        [2, true],
      ],
    );
    assert.equal((await staff.get(`/api/documents/${reportId}/content`)).status, 200, 'the superseded version stays readable');
    const again = await uploadFor(clientId, minimalPdf(['bis']), { type: 'report', title: 'Autre correction', previousId: reportId });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'document_superseded');
    const foreign = await uploadFor(otherClientId, minimalPdf(['x']), { type: 'report', title: 'x', previousId: prescriptionId });
    assert.equal(foreign.status, 400, 'a version of another client’s document');

    assert.equal((await staff.request('DELETE', `/api/documents/${v2.body.document.id}`)).status, 204);
    const back = await staff.get(`/api/clients/${clientId}/documents?type=report`);
    assert.deepEqual(
      back.body.documents.map((d: { id: string }) => d.id),
      [reportId],
    );
    assert.equal((await staff.get(`/api/documents/${v2.body.document.id}/content`)).status, 404);
    assert.equal((await audits('records.document_deleted')).length, 1);
  });

  test('consent: types restrict, revocation is 403 at once, expiry is 403; the denial is audited each time', async () => {
    const { ctx } = env();
    await ctx.db.update(consents).set({ revokedAt: new Date() }).where(eq(consents.clientId, clientId));
    const deniedBefore = (await audits('records.access_denied')).length;
    assert.equal((await staff.get(`/api/documents/${reportId}/content`)).status, 403, 'revoked: refused at once');

    const resultsOnly = await grant({ clientId, documentTypes: ['result'] });
    const list = await staff.get(`/api/clients/${clientId}/documents`);
    assert.deepEqual(
      list.body.documents.map((d: { id: string }) => d.id),
      [resultId],
    );
    assert.deepEqual(list.body.visibleTypes, ['result']);
    assert.equal((await staff.get(`/api/documents/${resultId}/content`)).status, 200);
    assert.equal((await staff.get(`/api/documents/${prescriptionId}/content`)).status, 403);
    assert.equal((await staff.get(`/api/clients/${clientId}/documents?type=prescription`)).status, 403);
    await revoke(resultsOnly);
    assert.equal((await staff.get(`/api/documents/${resultId}/content`)).status, 403);

    const until = new Date(Date.now() + 3600_000);
    await grant({ clientId, endsAt: until });
    assert.equal((await staff.get(`/api/documents/${resultId}/content`)).status, 200);
    const realNow = ctx.now;
    ctx.now = () => new Date(until.getTime() + 1000);
    try {
      assert.equal((await staff.get(`/api/documents/${resultId}/content`)).status, 403, 'expired');
      assert.equal((await staff.get(`/api/clients/${clientId}/observations`)).status, 403);
    } finally {
      ctx.now = realNow;
    }
    assert.equal((await audits('records.access_denied')).length - deniedBefore, 6);
  });

  test('practitioner account: sees only the types a consent for them covers; the rest is 403 and audited', async () => {
    assert.equal((await practitionerAgent.get('/api/practitioner/clients')).body.clients.length, 0);
    assert.equal((await practitionerAgent.get(`/api/practitioner/clients/${clientId}/documents`)).status, 403);
    const consentId = await grant({ clientId, granteeType: 'practitioner', practitionerId, documentTypes: ['result'], purpose: 'Avis cardiologique' });
    const shared = await practitionerAgent.get('/api/practitioner/clients');
    assert.deepEqual(
      shared.body.clients.map((c: { id: string; types: string[] }) => [c.id, c.types]),
      [[clientId, ['result']]],
    );
    const list = await practitionerAgent.get(`/api/practitioner/clients/${clientId}/documents`);
    assert.deepEqual(
      list.body.documents.map((d: { id: string }) => d.id),
      [resultId],
    );
    assert.equal((await practitionerAgent.get(`/api/practitioner/documents/${resultId}/content`)).status, 200);
    const before = (await audits('records.access_denied', prescriptionId)).length;
    const refused = await practitionerAgent.get(`/api/practitioner/documents/${prescriptionId}/content`);
    assert.equal(refused.status, 403);
    assert.equal((await audits('records.access_denied', prescriptionId)).length, before + 1);
    assert.equal((await practitionerAgent.get(`/api/practitioner/clients/${otherClientId}/documents`)).status, 403, 'another client: nothing shared');
    assert.equal((await practitionerAgent.get(`/api/documents/${resultId}/content`)).status, 403, 'staff routes are not theirs');
    assert.equal((await practitionerAgent.get(`/api/practitioner/clients/${clientId}/observations`)).status, 200);
    const reads = (await audits('records.document_read', resultId)).filter((e) => (e.details as { viewer: string }).viewer === 'practitioner');
    assert.equal(reads.length, 1);
    await revoke(consentId);
    assert.equal((await practitionerAgent.get(`/api/practitioner/documents/${resultId}/content`)).status, 403, 'revoked at once');
    assert.equal((await staff.get('/api/practitioner/clients')).status, 403, 'staff are not practitioners');
  });

  test('the client: their own file in the portal (all types), their uploads, never another client’s', async () => {
    const mine = await portal.get('/api/portal/documents');
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    assert.equal(mine.body.documents.length, 3);
    const up = await upload(portal, '/api/portal/documents', minimalPdf(['Carte mutuelle']), { type: 'administrative', title: 'Attestation mutuelle' });
    assert.equal(up.status, 201, JSON.stringify(up.body));
    assert.equal(up.body.document.source, 'client');
    const view = await portal.get(`/api/portal/documents/${prescriptionId}/content`);
    assert.equal(view.status, 200);
    const other = (await uploadFor(otherClientId, minimalPdf(['x']), { type: 'report', title: 'Autre client' })).body.document.id;
    assert.equal((await portal.get(`/api/portal/documents/${other}/content`)).status, 404);
    assert.equal((await portal.request('DELETE', `/api/portal/documents/${prescriptionId}`)).status, 403, 'only what they uploaded');
    assert.equal((await portal.request('DELETE', `/api/portal/documents/${up.body.document.id}`)).status, 204);
    assert.equal((await portal.get(`/api/clients/${clientId}/documents`)).status, 403);
    const reads = (await audits('records.document_read', prescriptionId)).filter((e) => (e.details as { viewer: string }).viewer === 'client');
    assert.equal(reads.length, 1);
  });

  test('observations: import (FHIR, bearer token) raises an alert for the coordinator; acknowledging it is audited', async () => {
    const { ctx } = env();
    await grant({ clientId });
    // The client's open request is held by this coordinator: the alert goes to them.
    const request = (await staff.post('/api/requests', { clientId, channel: 'phone', kind: 'specialist', text: 'Suivi cardiologique.' })).body.request;
    const me = (await staff.get('/api/auth/me')).body.user;
    assert.equal((await staff.post(`/api/requests/${request.id}/assign`, { assigneeId: me.id })).status, 200);

    const obs = (loinc: string, value: number, unit: string) => ({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: loinc }] },
      subject: { identifier: { value: clientNumber } },
      effectiveDateTime: '2026-11-20T08:30:00+01:00',
      valueQuantity: { value, unit },
    });
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: obs('2823-3', 6.2, 'mmol/L') }, { resource: obs('2160-0', 80, 'umol/L') }] };
    const send = (body: unknown, token?: string, contentType = 'application/fhir+json') =>
      env()
        .agent()
        .request('POST', '/api/records/observations/import', JSON.stringify(body), { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) });

    assert.equal((await send(bundle)).status, 401);
    const wrong = await send(bundle, `${IMPORT_TOKEN}x`);
    assert.equal(wrong.status, 401);
    assert.match(wrong.body.message, /Jeton/);
    assert.equal((await audits('records.import_refused')).length, 2);
    const unknown = await send({ ...obs('2823-3', 4, 'mmol/L'), subject: { identifier: { value: 'PC-999999' } } }, IMPORT_TOKEN);
    assert.equal(unknown.status, 422);
    const invalid = await send({ resourceType: 'Observation' }, IMPORT_TOKEN);
    assert.equal(invalid.status, 400);
    assert.match(invalid.body.message, /Ressource FHIR invalide/);

    const ok = await send(bundle, IMPORT_TOKEN);
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.deepEqual([ok.body.imported, ok.body.alerts, ok.body.duplicates], [2, 1, 0]);
    const resent = await send(bundle, IMPORT_TOKEN, 'application/json');
    assert.deepEqual([resent.body.imported, resent.body.duplicates], [0, 2], 'a resend is not stored twice');

    const [alert] = await ctx.db.select().from(resultAlerts).where(eq(resultAlerts.clientId, clientId));
    assert.ok(alert);
    assert.equal(alert.direction, 'high');
    assert.equal(alert.assigneeId, me.id);
    const inbox = await ctx.db.select().from(inboxItems).where(eq(inboxItems.userId, me.id));
    const item = inbox.find((i) => i.link?.includes(clientId));
    assert.ok(item, 'an inbox item for the coordinator');
    assert.doesNotMatch(`${item.title} ${item.body}`, /potassium|6[.,]2/i, 'never the result itself');

    const timeline = await staff.get(`/api/clients/${clientId}/observations`);
    assert.equal(timeline.status, 200);
    const k = timeline.body.observations.find((o: { code: string }) => o.code === 'potassium');
    assert.deepEqual([k.value, k.unit, k.referenceHigh, k.abnormal, k.source], [6.2, 'mmol/L', 5, 'high', 'lab']);
    assert.equal(timeline.body.observations.find((o: { code: string }) => o.code === 'creatinine').unit, 'µmol/L');

    const open = await staff.get('/api/records/alerts?mine=true');
    assert.equal(open.status, 200);
    const mineAlert = open.body.alerts.find((a: { id: string }) => a.id === alert.id);
    assert.equal(mineAlert.observation.value, 6.2);
    assert.equal(mineAlert.client.number, clientNumber);

    const ack = await staff.post(`/api/records/alerts/${alert.id}/acknowledge`, { note: 'Client prévenu, contrôle demandé au médecin traitant.' });
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    assert.equal(ack.body.alert.status, 'acknowledged');
    assert.equal((await staff.post(`/api/records/alerts/${alert.id}/acknowledge`, {})).status, 409);
    const [entry] = await audits('records.alert_acknowledged', alert.id);
    assert.equal(entry?.actorId, me.id);
    assert.equal(entry?.clientId, clientId);
    assert.equal(JSON.stringify(entry?.details).includes('prévenu'), false, 'the note stays out of the audit log');
    assert.equal((await staff.get('/api/records/alerts')).body.alerts.some((a: { id: string }) => a.id === alert.id), false, 'no longer open');
  });

  test('observations entered by staff: catalogue, unit checked, default range; out of range alerts every coordinator when nobody holds the client', async () => {
    const bad = await staff.post(`/api/clients/${otherClientId}/observations`, { code: 'glucose', value: 1.4, unit: 'mmol/L', observedAt: '2026-11-21T07:00:00Z' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.fields[0].message, /Unité « mmol\/L »/);
    assert.equal((await staff.post(`/api/clients/${otherClientId}/observations`, { code: 'sugar', value: 1, observedAt: '2026-11-21T07:00:00Z' })).status, 400);
    const normal = await staff.post(`/api/clients/${otherClientId}/observations`, { code: 'glucose', value: 0.9, observedAt: '2026-11-21T07:00:00Z' });
    assert.equal(normal.status, 201);
    assert.equal(normal.body.alert, null);
    const high = await staff.post(`/api/clients/${otherClientId}/observations`, { code: 'glucose', value: 1.45, observedAt: '2026-11-22T07:00:00Z' });
    assert.equal(high.status, 201);
    assert.equal(high.body.alert.direction, 'high');
    const [alert] = await env().ctx.db.select().from(resultAlerts).where(eq(resultAlerts.id, high.body.alert.id));
    assert.equal(alert?.assigneeId, null, 'no open request: every coordinator');
    const listed = (await staff.get('/api/records/alerts')).body.alerts.find((a: { id: string }) => a.id === high.body.alert.id);
    assert.equal(listed.observation, null, 'no team consent for this client: the value is not shown');
    assert.equal((await portal.post(`/api/clients/${otherClientId}/observations`, { code: 'glucose', value: 1, observedAt: '2026-11-22T07:00:00Z' })).status, 403);
    const mine = await portal.get('/api/portal/observations');
    assert.equal(mine.status, 200);
    assert.equal(mine.body.observations.length, 2);
  });
});
