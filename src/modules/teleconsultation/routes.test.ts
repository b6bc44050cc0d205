import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { WebSocket } from 'ws';
import { type Agent, describeEachDatabase } from '../../../test/support/app.ts';
import { auditEvents } from '../audit/schema.ts';
import { practicePlaces, practitioners } from '../directory/schema.ts';
import { jobs } from '../jobs/schema.ts';
import { inboxItems, mailMessages } from '../notifications/schema.ts';
import { requestTasks } from '../requests/schema.ts';
import { documents } from '../records/schema.ts';
import { appointments } from '../scheduling/schema.ts';
import { PRACTITIONER_LINK_QUEUE, teleconsultationJobHandlers } from './notify.ts';
import { teleconsultationCalls, teleconsultationDocuments, teleconsultationMessages } from './schema.ts';

/** Messages of one socket, awaited by type. */
function inbox(ws: WebSocket) {
  const seen: Record<string, unknown>[] = [];
  const waiters: { type: string; resolve: (m: Record<string, unknown>) => void }[] = [];
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as Record<string, unknown>;
    const i = waiters.findIndex((w) => w.type === m.type);
    if (i >= 0) waiters.splice(i, 1)[0]?.resolve(m);
    else seen.push(m);
  });
  return {
    next(type: string, timeoutMs = 5000): Promise<Record<string, unknown>> {
      const i = seen.findIndex((m) => m.type === type);
      if (i >= 0) return Promise.resolve(seen.splice(i, 1)[0] as Record<string, unknown>);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${type}" message within ${timeoutMs} ms (seen: ${seen.map((m) => m.type).join(', ')})`)), timeoutMs);
        waiters.push({ type, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      });
    },
    closed: new Promise<number>((resolve) => ws.on('close', (code) => resolve(code))),
  };
}

const tokenOf = (url: string) => url.split('/teleconsultation/')[1] ?? '';

describeEachDatabase('teleconsultation: links, waiting room, call, chat, documents, report', (env) => {
  let coordinator: Agent;
  let practitionerId: string;
  let clientId: string;
  let requestId: string;

  before(async () => {
    const { ctx } = env();
    const [p] = await ctx.db.insert(practitioners).values({ lastName: 'VISIO', firstName: 'Anne', professionCode: '10', profession: 'Médecin', specialties: ['dermatology'], searchName: 'visio anne', source: 'team' }).returning();
    practitionerId = p?.id as string;
    await ctx.db.insert(practicePlaces).values({ practitionerId, structureKey: 'S', city: 'Paris', postalCode: '75011', email: 'cabinet.visio@example.test' });
    coordinator = await env().signedIn('coordinator');
    const client = await coordinator.post('/api/clients', { birthName: 'Visio', firstNames: ['Paul'], birthDate: '1980-05-06', sex: 'M', confirmNotDuplicate: true });
    clientId = client.body.client.id;
    requestId = (await coordinator.post('/api/requests', { clientId, channel: 'phone', kind: 'specialist', text: 'Avis dermatologique à distance.' })).body.request.id;
  });

  const bookTeleconsultation = async (minutesFromNow: number, durationMinutes = 5) => {
    const startsAt = new Date(Math.ceil((Date.now() + minutesFromNow * 60_000) / 60_000) * 60_000).toISOString();
    const res = await coordinator.post('/api/appointments/external', { practitionerId, clientId, requestId, mode: 'teleconsultation', startsAt, durationMinutes, confirmedWith: 'Secrétariat du Dr Visio' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.appointment.id as string;
  };
  const link = async (appointmentId: string, role: 'practitioner' | 'client') => {
    const res = await coordinator.post(`/api/appointments/${appointmentId}/teleconsultation/links`, { role });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return tokenOf(res.body.url);
  };
  const session = (token: string) => env().agent().get(`/api/teleconsultation/session?token=${encodeURIComponent(token)}`);
  const refusals = async () => (await env().ctx.db.select().from(auditEvents).where(eq(auditEvents.action, 'teleconsultation.link_refused'))).length;

  test('each person gets their own link; forged, revoked, expired and cancelled are refused, and audited', async () => {
    const a = await bookTeleconsultation(13);
    const forClient = await session(await link(a, 'client'));
    assert.equal(forClient.status, 200, JSON.stringify(forClient.body));
    assert.equal(forClient.body.me.role, 'client');
    assert.equal(forClient.body.me.name, 'VISIO Paul');
    assert.equal(forClient.body.appointment.practitionerName, 'Anne VISIO');
    assert.equal(forClient.body.open, true);
    assert.equal(forClient.body.status, 'scheduled');

    const before = await refusals();
    const forged = await session(`${(await link(a, 'client')).slice(0, -4)}AAAA`);
    assert.equal(forged.status, 401);
    assert.match(forged.body.message, /lien/);
    assert.equal((await session('not-a-token-at-all-but-long-enough')).status, 401);

    const practitioner = await link(a, 'practitioner');
    assert.equal((await coordinator.post(`/api/appointments/${a}/teleconsultation/revoke`, { role: 'practitioner' })).body.revoked, 2 - 1);
    const revoked = await session(practitioner);
    assert.equal(revoked.status, 410);
    assert.equal(revoked.body.code, 'teleconsult_link_revoked');

    // Another appointment's link opens that appointment, never this one.
    const b = await bookTeleconsultation(60 * 24);
    const other = await session(await link(b, 'client'));
    assert.equal(other.body.appointment.id, b);
    assert.equal(other.body.open, false, 'tomorrow’s room is not open yet');

    const late = await link(a, 'client');
    const { ctx } = env();
    const realNow = ctx.now;
    ctx.now = () => new Date(Date.now() + 3 * 3600_000);
    try {
      const expired = await session(late);
      assert.equal(expired.status, 410);
      assert.equal(expired.body.code, 'teleconsult_link_expired');
    } finally {
      ctx.now = realNow;
    }
    const cancelledToken = await link(b, 'client');
    assert.equal((await coordinator.post(`/api/appointments/${b}/cancel`, { reason: 'Client indisponible' })).status, 200);
    assert.equal((await session(cancelledToken)).status, 409);
    assert.equal((await refusals()) - before, 5, 'forged ×2, revoked, expired, cancelled');
  });

  test('at booking, the practitioner is e-mailed their own link, with nothing about the patient', async () => {
    const { ctx } = env();
    const a = await bookTeleconsultation(60 * 6);
    const job = (await ctx.db.select().from(jobs).where(eq(jobs.queue, PRACTITIONER_LINK_QUEUE))).find((j) => (j.payload as { appointmentId?: string }).appointmentId === a);
    assert.ok(job, 'queued at booking');
    await teleconsultationJobHandlers[PRACTITIONER_LINK_QUEUE]?.(job.payload as Record<string, unknown>, job as never, ctx);
    const [mail] = await ctx.db.select().from(mailMessages).where(and(eq(mailMessages.appointmentId, a), eq(mailMessages.template, 'teleconsultation.practitioner_link')));
    assert.ok(mail);
    assert.equal(mail.toAddress, 'cabinet.visio@example.test');
    assert.doesNotMatch(`${mail.subject}\n${mail.textBody}`, /VISIO Paul|dermat|Avis/i);
    const opened = await session(tokenOf(mail.textBody.match(/https:\/\/\S+/)?.[0] ?? ''));
    assert.equal(opened.status, 200);
    assert.equal(opened.body.me.role, 'practitioner');
  });

  test('waiting room, admission, signals, chat (sealed), a shared document, help, end and report', async () => {
    const { app, ctx } = env();
    const a = await bookTeleconsultation(3, 8);
    const doctorWs = await app.injectWS(`/api/teleconsultation/ws?token=${await link(a, 'practitioner')}`);
    const doctor = inbox(doctorWs);
    const welcome = await doctor.next('welcome');
    assert.equal(welcome.state, 'in_room');

    const clientToken = await link(a, 'client');
    const clientWs = await app.injectWS(`/api/teleconsultation/ws?token=${clientToken}`);
    const client = inbox(clientWs);
    const waitingWelcome = await client.next('welcome');
    assert.equal(waitingWelcome.state, 'waiting');
    const waiting = (await doctor.next('waiting')) as { waiting: { id: string; name: string }[] };
    // The first "waiting" may be the empty list from the practitioner's own arrival.
    const list = waiting.waiting.length ? waiting : ((await doctor.next('waiting')) as typeof waiting);
    assert.equal(list.waiting[0]?.name, 'VISIO Paul');
    const clientId_ = list.waiting[0]?.id as string;

    // Not admitted yet: the client's chat is refused.
    clientWs.send(JSON.stringify({ type: 'chat', body: 'Bonjour ?' }));
    assert.equal((await client.next('error')).code, 'teleconsult_not_in_room');

    doctorWs.send(JSON.stringify({ type: 'admit', id: clientId_ }));
    const admitted = (await client.next('admitted')) as { peers: { role: string }[] };
    assert.deepEqual(admitted.peers.map((p) => p.role), ['practitioner']);
    assert.equal((await doctor.next('peer-joined')).type, 'peer-joined');
    const doctorId = (welcome.me as { id: string }).id;
    clientWs.send(JSON.stringify({ type: 'signal', to: doctorId, data: { sdp: 'v=0 offer' } }));
    assert.deepEqual((await doctor.next('signal')).data, { sdp: 'v=0 offer' });

    clientWs.send(JSON.stringify({ type: 'chat', body: 'Ma plaque rouge me démange' }));
    const chat = (await doctor.next('chat')) as { message: { body: string; from: { role: string } } };
    assert.equal(chat.message.body, 'Ma plaque rouge me démange');
    assert.equal(chat.message.from.role, 'client');
    const [stored] = await ctx.db.select().from(teleconsultationMessages).where(eq(teleconsultationMessages.appointmentId, a));
    assert.ok(stored && !stored.bodySealed.includes('plaque'), 'the chat is sealed at rest');

    const pdf = Buffer.from('%PDF-1.4\n% photo de la plaque\n');
    const upload = await env().agent().request('POST', `/api/teleconsultation/documents?token=${clientToken}`, pdf, { 'content-type': 'application/pdf', 'x-filename': encodeURIComponent('Ordonnance précédente.pdf') });
    assert.equal(upload.status, 201, JSON.stringify(upload.body));
    const shared = (await doctor.next('document')) as { document: { id: string; name: string } };
    assert.equal(shared.document.name, 'Ordonnance précédente.pdf');
    // The file is in the client's medical file (encrypted there), linked to this call.
    const [raw] = await ctx.db.select().from(teleconsultationDocuments).where(eq(teleconsultationDocuments.id, shared.document.id));
    assert.ok(raw?.documentId && raw.contentSealed === null);
    const [inFile] = await ctx.db.select().from(documents).where(eq(documents.id, raw.documentId));
    assert.equal(inFile?.clientId, clientId);
    assert.equal(inFile?.appointmentId, a);
    assert.equal(inFile?.source, 'teleconsultation');
    const fake = await env().agent().request('POST', `/api/teleconsultation/documents?token=${clientToken}`, Buffer.from('MZ not a pdf'), { 'content-type': 'application/pdf' });
    assert.equal(fake.status, 415);
    assert.match(fake.body.message, /PDF, JPEG ou PNG/);
    const download = await env().agent().get(`/api/teleconsultation/documents/${shared.document.id}?token=${clientToken}`);
    assert.equal(download.status, 200);
    assert.equal(download.body, pdf.toString());

    const live = await coordinator.get('/api/teleconsultations');
    assert.equal(live.body.teleconsultations.find((t: { appointmentId: string }) => t.appointmentId === a)?.status, 'in_progress');

    clientWs.send(JSON.stringify({ type: 'help' }));
    await client.next('help-sent');
    const [help] = await ctx.db.select().from(inboxItems).where(eq(inboxItems.kind, 'support'));
    assert.ok(help);
    assert.doesNotMatch(help.title, /plaque|dermat/i, 'no health data in the alert');

    doctorWs.send(JSON.stringify({ type: 'end' }));
    await client.next('ended');
    assert.equal(await client.closed, 4000);
    const [call] = await ctx.db.select().from(teleconsultationCalls).where(eq(teleconsultationCalls.appointmentId, a));
    assert.equal(call?.status, 'ended');
    assert.ok(call?.startedAt && call.endedAt);
    const [row] = await ctx.db.select().from(appointments).where(eq(appointments.id, a));
    assert.equal(row?.status, 'completed', 'the client came: the appointment is honoured');
    const day = (await coordinator.get('/api/teleconsultations')).body.teleconsultations.find((t: { appointmentId: string }) => t.appointmentId === a);
    assert.equal(day.status, 'ended');
    assert.deepEqual(day.participants.map((p: { role: string }) => p.role).sort(), ['client', 'practitioner']);

    // The report: practitioner only; it lands as documents and gives the coordinator a task.
    const doctorToken = await link(a, 'practitioner');
    assert.equal((await env().agent().post(`/api/teleconsultation/report?token=${clientToken}`, { summary: 'x' })).status, 403);
    const report = await env().agent().post(`/api/teleconsultation/report?token=${doctorToken}`, { summary: 'Eczéma de contact probable.', prescription: 'Dermocorticoïde 7 jours.' });
    assert.equal(report.status, 201, JSON.stringify(report.body));
    assert.deepEqual(report.body.documents.map((d: { kind: string }) => d.kind), ['report', 'prescription']);
    const filed = await ctx.db.select().from(documents).where(eq(documents.appointmentId, a));
    assert.deepEqual(filed.map((d) => d.type).sort(), ['administrative', 'prescription', 'report'], 'the shared file, the report and the prescription are in the medical file');
    assert.ok(filed.every((d) => d.contentType === 'application/pdf'));
    const tasks = await ctx.db.select().from(requestTasks).where(and(eq(requestTasks.requestId, requestId)));
    assert.ok(tasks.some((t) => t.title.includes('Suivi de la téléconsultation')));
  });

  test('a forged token or a closed room cannot open the socket; the device check\'s probe only gets a pong', async () => {
    const { app } = env();
    const before = await refusals();
    const probe = await app.injectWS('/api/teleconsultation/ws?probe=1');
    // Answered and closed at once (possibly before this line runs).
    await new Promise((resolve) => (probe.readyState === probe.CLOSED ? resolve(null) : probe.on('close', resolve)));
    assert.equal(await refusals(), before, 'a probe is not a refused link');
    const ws = await app.injectWS('/api/teleconsultation/ws?token=eyJhbGciOiJIUzI1NiJ9.e30.forgedforgedforged');
    const m = inbox(ws);
    assert.equal((await m.next('error')).code, 'link_invalid');
    assert.equal(await m.closed, 4401);
    const tomorrow = await bookTeleconsultation(60 * 30);
    const early = await app.injectWS(`/api/teleconsultation/ws?token=${await link(tomorrow, 'client')}`);
    const e = inbox(early);
    const error = await e.next('error');
    assert.equal(error.code, 'teleconsult_room_closed');
    assert.match(String(error.message), /ouvre à \d{2}:\d{2}/);
    assert.equal(await e.closed, 4410);
  });
});
