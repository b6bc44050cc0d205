import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { type Agent, describeEachDatabase } from '../../../test/support/app.ts';
import { auditEvents } from '../audit/schema.ts';
import { practitioners } from '../directory/schema.ts';
import { users } from '../identity/schema.ts';
import { DirectoryBlobStore, useBlobStore } from '../records/blobs.ts';
import { minimalPdf } from '../records/pdf.ts';
import { consents } from '../records/schema.ts';

describeEachDatabase('consent: the client grants and revokes, staff record on instruction, every step audited', (env) => {
  let dir: string;
  let staff: Agent;
  let admin: Agent;
  let portal: Agent;
  let doctor: Agent & { email: string; password: string; totpSecret: string | null };
  let clientId: string;
  let cardiologistId: string;
  let resultId: string;
  let prescriptionId: string;

  const audits = (action: string, targetId: string) =>
    env()
      .ctx.db.select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), eq(auditEvents.targetId, targetId)));

  before(async () => {
    const { ctx } = env();
    dir = await mkdtemp(join(tmpdir(), 'parcours-consent-'));
    useBlobStore(ctx, new DirectoryBlobStore(dir));
    staff = await env().signedIn('coordinator');
    admin = await env().signedIn('admin');
    clientId = (await staff.post('/api/clients', { birthName: 'Partage', firstNames: ['Lucie'], birthDate: '1975-06-01', sex: 'F', confirmNotDuplicate: true })).body.client.id;
    const [p] = await ctx.db
      .insert(practitioners)
      .values({ civility: 'Docteur', lastName: 'Klein', firstName: 'Claire', professionCode: '10', profession: 'Médecin', specialties: ['cardiology'], searchName: 'klein claire', source: 'team' })
      .returning();
    cardiologistId = p?.id as string;
    portal = await env().signedIn('client');
    await ctx.db.update(users).set({ clientId }).where(eq(users.email, (portal as unknown as { email: string }).email));
    doctor = await env().signedIn('practitioner');
    const upload = (type: string, title: string) =>
      staff.request('POST', `/api/clients/${clientId}/documents?${new URLSearchParams({ type, title })}`, minimalPdf([title]), { 'content-type': 'application/pdf', 'x-filename': 'doc.pdf' });
    resultId = (await upload('result', 'Résultats sanguins')).body.document.id;
    prescriptionId = (await upload('prescription', 'Ordonnance Holter')).body.document.id;
    assert.ok(resultId && prescriptionId, 'documents uploaded');
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  test('an admin links the practitioner account to its directory entry (practitioner accounts only)', async () => {
    const list = await admin.get(`/api/admin/users?role=practitioner&q=${encodeURIComponent(doctor.email)}`);
    const userId = list.body.users[0].id;
    assert.equal((await admin.request('PATCH', `/api/admin/users/${userId}`, { practitionerId: '00000000-0000-4000-8000-000000000000' })).status, 404);
    const staffUser = (await admin.get('/api/admin/users?role=coordinator')).body.users[0].id;
    const wrongRole = await admin.request('PATCH', `/api/admin/users/${staffUser}`, { practitionerId: cardiologistId });
    assert.equal(wrongRole.status, 409);
    assert.equal(wrongRole.body.code, 'practitioner_link_role');
    const linked = await admin.request('PATCH', `/api/admin/users/${userId}`, { practitionerId: cardiologistId });
    assert.equal(linked.status, 200, JSON.stringify(linked.body));
    assert.equal(linked.body.user.practitionerId, cardiologistId);
    // The link revokes the account's sessions (a new scope): sign in again (the enrolment code's
    // time step is forgotten so that a code of the same 30 s is accepted).
    assert.equal((await doctor.get('/api/auth/me')).status, 401);
    await env().ctx.db.update(users).set({ totpLastStep: null }).where(eq(users.id, userId));
    assert.equal((await doctor.login(doctor.email, doctor.password, await totp(doctor))).status, 200);
  });

  test('without consent the practitioner is refused; the client grants results only; revocation is immediate', async () => {
    const { ctx } = env();
    assert.equal((await doctor.get(`/api/practitioner/documents/${resultId}/content`)).status, 403);

    const found = await portal.get('/api/portal/consents/practitioners?q=klein');
    assert.equal(found.status, 200);
    assert.equal(found.body.practitioners[0].name, 'Dr Claire KLEIN');

    const granted = await portal.post('/api/portal/consents', { granteeType: 'practitioner', practitionerId: cardiologistId, documentTypes: ['result'], purpose: 'Suivi cardiologique' });
    assert.equal(granted.status, 201, JSON.stringify(granted.body));
    const consent = granted.body.consent;
    assert.equal(consent.state, 'live');
    assert.equal(consent.channel, 'portal');
    assert.equal(consent.grantee.name, 'Dr Claire KLEIN');
    assert.deepEqual(consent.documentTypes, ['result']);

    assert.equal((await doctor.get(`/api/practitioner/documents/${resultId}/content`)).status, 200, 'the result is covered');
    assert.equal((await doctor.get(`/api/practitioner/documents/${prescriptionId}/content`)).status, 403, 'the prescription is not');

    const [audit] = await audits('consent.granted', consent.id);
    assert.equal(audit?.clientId, clientId);
    assert.equal(audit?.details?.channel, 'portal');
    assert.doesNotMatch(JSON.stringify(audit?.details), /cardiologique/, 'the purpose stays out of the log');

    const revoked = await portal.post(`/api/portal/consents/${consent.id}/revoke`);
    assert.equal(revoked.status, 200);
    assert.equal(revoked.body.consent.state, 'revoked');
    assert.equal((await doctor.get(`/api/practitioner/documents/${resultId}/content`)).status, 403, 'refused at once');
    assert.equal((await audits('consent.revoked', consent.id)).length, 1);
    assert.equal((await portal.post(`/api/portal/consents/${consent.id}/revoke`)).status, 409);

    // A consent with an end date: refused once it has passed.
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const short = await portal.post('/api/portal/consents', { granteeType: 'practitioner', practitionerId: cardiologistId, documentTypes: ['result'], purpose: 'Avis ponctuel', endsAt: until });
    assert.equal(short.status, 201);
    assert.equal((await doctor.get(`/api/practitioner/documents/${resultId}/content`)).status, 200);
    const realNow = ctx.now;
    // 90 minutes later: past the end, within the sessions' idle time.
    ctx.now = () => new Date(Date.now() + 90 * 60_000);
    try {
      assert.equal((await doctor.get(`/api/practitioner/documents/${resultId}/content`)).status, 403, 'expired');
      const mine = await portal.get('/api/portal/consents');
      assert.deepEqual(mine.body.consents.map((c: { state: string }) => c.state).sort(), ['expired', 'revoked']);
    } finally {
      ctx.now = realNow;
    }
  });

  test('the client’s mistakes get French messages (English on request); nothing is recorded', async () => {
    const before = await env().ctx.db.$count(consents);
    const noPractitioner = await portal.post('/api/portal/consents', { granteeType: 'practitioner', documentTypes: ['result'], purpose: 'Suivi' });
    assert.equal(noPractitioner.status, 400);
    assert.equal(noPractitioner.body.fields[0].path, 'practitionerId');
    assert.match(noPractitioner.body.fields[0].message, /Choisissez le praticien/);
    const empty = await portal.post('/api/portal/consents', { granteeType: 'team', documentTypes: [], purpose: 'Suivi' }, { 'accept-language': 'en' });
    assert.equal(empty.status, 400);
    assert.match(empty.body.fields[0].message, /at least one document type/);
    const past = await portal.post('/api/portal/consents', { granteeType: 'team', documentTypes: null, purpose: 'Suivi', endsAt: '2020-01-01' });
    assert.equal(past.body.fields[0].path, 'endsAt');
    const unknown = await portal.post('/api/portal/consents', { granteeType: 'practitioner', practitionerId: '00000000-0000-4000-8000-000000000000', documentTypes: null, purpose: 'Suivi' });
    assert.equal(unknown.status, 404);
    const badType = await portal.post('/api/portal/consents', { granteeType: 'team', documentTypes: ['x-ray'], purpose: 'Suivi' });
    assert.equal(badType.status, 400);
    assert.equal(await env().ctx.db.$count(consents), before);
  });

  test('staff record a consent only on the client’s written instruction, and withdraw it the same way', async () => {
    const noInstruction = await staff.post(`/api/clients/${clientId}/consents`, { granteeType: 'team', documentTypes: null, purpose: 'Coordination des soins', channel: 'phone' });
    assert.equal(noInstruction.status, 400);
    const portalChannel = await staff.post(`/api/clients/${clientId}/consents`, { granteeType: 'team', documentTypes: null, purpose: 'Coordination', channel: 'portal', instruction: 'Appel du 24/11' });
    assert.equal(portalChannel.status, 400, 'portal is the client’s own channel');

    const recorded = await staff.post(`/api/clients/${clientId}/consents`, {
      granteeType: 'team',
      documentTypes: null,
      purpose: 'Coordination des soins',
      endsAt: '2099-12-31',
      channel: 'phone',
      instruction: 'Appel de Mme Partage le 24/11 à 10 h : accepte que l’équipe consulte tout son dossier.',
    });
    assert.equal(recorded.status, 201, JSON.stringify(recorded.body));
    const c = recorded.body.consent;
    assert.equal(c.channel, 'phone');
    assert.match(c.instruction, /accepte que l’équipe/);
    assert.equal(c.recordedBy.role, 'coordinator');
    assert.equal(c.endsAt, '2099-12-31T23:00:00.000Z', 'a bare end date runs to the end of that day in Paris');
    assert.equal((await staff.get(`/api/clients/${clientId}/documents`)).status, 200, 'the team now sees the file');

    assert.equal((await staff.post(`/api/clients/${clientId}/consents/${c.id}/revoke`, { channel: 'email' })).status, 400);
    const withdrawn = await staff.post(`/api/clients/${clientId}/consents/${c.id}/revoke`, { channel: 'email', instruction: 'E-mail du 25/11 : retire l’accès de l’équipe.' });
    assert.equal(withdrawn.status, 200);
    assert.match(withdrawn.body.consent.instruction, /Retrait — e-mail.*retire l’accès/);
    assert.equal((await staff.get(`/api/clients/${clientId}/documents`)).status, 403, 'refused at once');

    const list = await staff.get(`/api/clients/${clientId}/consents`);
    assert.ok(list.body.consents.length >= 3);
    assert.equal((await staff.get('/api/clients/00000000-0000-4000-8000-000000000000/consents')).status, 404);
    // The client cannot touch another client's consent through the portal.
    const other = (await staff.post('/api/clients', { birthName: 'Autre', firstNames: ['Jean'], birthDate: '1960-01-01', sex: 'M', confirmNotDuplicate: true })).body.client.id;
    const foreign = await staff.post(`/api/clients/${other}/consents`, { granteeType: 'team', documentTypes: null, purpose: 'Coordination', channel: 'paper', instruction: 'Formulaire signé' });
    assert.equal((await portal.post(`/api/portal/consents/${foreign.body.consent.id}/revoke`)).status, 404);
  });
});

async function totp(agent: { totpSecret: string | null }) {
  const { generate } = await import('otplib');
  return agent.totpSecret ? generate({ secret: agent.totpSecret }) : undefined;
}
