import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { and, eq, like } from 'drizzle-orm';
import { type Agent, describeEachDatabase } from '../../../test/support/app.ts';
import { parisDate } from '../../platform/context.ts';
import { auditEvents } from '../audit/schema.ts';
import { practitioners } from '../directory/schema.ts';
import { users } from '../identity/schema.ts';
import { createWorker } from '../jobs/queue.ts';
import { jobs } from '../jobs/schema.ts';
import { inboxItems } from '../notifications/schema.ts';
import { DirectoryBlobStore, useBlobStore } from '../records/blobs.ts';
import { minimalPdf } from '../records/pdf.ts';
import { requestTasks } from '../requests/schema.ts';
import { appointments } from '../scheduling/schema.ts';
import { REMINDERS_QUEUE, reimbursementJobHandlers, remindOverdueClaims } from './service.ts';

const daysAgo = (n: number) => parisDate(new Date(Date.now() - n * 86_400_000));

describeEachDatabase('reimbursement: care acts, claims, overdue reminders', (env) => {
  let dir: string;
  let staff: Agent;
  let staffId: string;
  let clientId: string;
  let otherClientId: string;
  let requestId: string;
  let appointmentId: string;
  let amoId: string;
  let amcId: string;
  let portal: Agent;

  const audits = (action: string) => env().ctx.db.select().from(auditEvents).where(eq(auditEvents.action, action));

  before(async () => {
    const { ctx } = env();
    dir = await mkdtemp(join(tmpdir(), 'parcours-reimbursement-'));
    useBlobStore(ctx, new DirectoryBlobStore(dir));
    staff = await env().signedIn('coordinator');
    staffId = (await staff.get('/api/auth/me')).body.user.id;
    const c = await staff.post('/api/clients', {
      birthName: 'Remboursée',
      firstNames: ['Alice'],
      birthDate: '1970-05-04',
      sex: 'F',
      gp: { name: 'Dr Martin' },
      insurance: { amoScheme: 'general', amoFund: 'CPAM de Paris', mutuelle: { organism: 'Mutuelle Bleue', coverage: '200 %' } },
      confirmNotDuplicate: true,
    });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    clientId = c.body.client.id;
    otherClientId = (await staff.post('/api/clients', { birthName: 'Sansmutuelle', firstNames: ['Paul'], birthDate: '1980-01-02', sex: 'M', confirmNotDuplicate: true })).body.client.id;
    const [p] = await ctx.db
      .insert(practitioners)
      .values({ lastName: 'COEUR', firstName: 'Alain', professionCode: '10', profession: 'Médecin', specialties: ['cardiology'], sector: 'optam', fees: { first: 6000 }, searchName: 'coeur alain', source: 'team' })
      .returning();
    const req = await staff.post('/api/requests', { clientId, channel: 'phone', kind: 'specialist', text: 'Bilan cardiologique demandé par le médecin traitant', requester: 'lui-même' });
    assert.equal(req.status, 201, JSON.stringify(req.body));
    requestId = req.body.request.id;
    assert.equal((await staff.post(`/api/requests/${requestId}/assign`, { assigneeId: staffId })).status, 200);
    const start = new Date(`${daysAgo(10)}T09:00:00+01:00`);
    const [a] = await ctx.db
      .insert(appointments)
      .values({ practitionerId: p?.id as string, clientId, requestId, typeCode: 'first', mode: 'in_person', startsAt: start, endsAt: new Date(start.getTime() + 1_800_000), status: 'completed' })
      .returning();
    appointmentId = a?.id as string;
    const client = await env().signedIn('client');
    await ctx.db.update(users).set({ clientId }).where(eq(users.email, client.email));
    portal = client;
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  test('an act recorded from an appointment computes the split and opens one claim per insurer', async () => {
    const res = await staff.post(`/api/clients/${clientId}/care-acts`, { appointmentId });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const act = res.body.act;
    // OPTAM cardiologist at €60 in the parcours, mutuelle 200 %: 19 € + 39 € back, 2 € left (domain.test.ts example 4).
    assert.equal(act.actCode, 'CS');
    assert.equal(act.performedOn, daysAgo(10));
    assert.equal(act.requestId, requestId);
    assert.deepEqual([act.feeCents, act.baseCents, act.amoExpectedCents, act.amcExpectedCents, act.remainderCents, act.participationCents], [6000, 3000, 1900, 3900, 200, 200]);
    assert.equal(act.rulesVersion, '2024-12-22');
    assert.match(act.practitioner.name, /Alain COEUR/);
    assert.ok(act.explanation.some((l: string) => l.startsWith('Reste à charge')));
    const byInsurer = Object.fromEntries(act.claims.map((c: { insurer: string }) => [c.insurer, c]));
    assert.equal(byInsurer.amo.expectedCents, 1900);
    assert.equal(byInsurer.amo.insurerName, 'CPAM de Paris');
    assert.equal(byInsurer.amc.expectedCents, 3900);
    assert.equal(byInsurer.amc.insurerName, 'Mutuelle Bleue');
    assert.ok(act.claims.every((c: { status: string }) => c.status === 'to_send'));
    amoId = byInsurer.amo.id;
    amcId = byInsurer.amc.id;
    assert.equal((await audits('reimbursement.act_recorded')).length, 1);

    const list = await staff.get(`/api/clients/${clientId}/reimbursements`);
    assert.equal(list.status, 200);
    assert.equal(list.body.acts.length, 1);
    assert.equal(list.body.acts[0].claims.length, 2);
  });

  test('without mutuelle nor médecin traitant: outside the parcours, only an AMO claim', async () => {
    const res = await staff.post(`/api/clients/${otherClientId}/care-acts`, { actCode: 'G', performedOn: daysAgo(3), feeCents: 3000, sector: '1' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual([res.body.act.amoRateBp, res.body.act.amoExpectedCents, res.body.act.amcExpectedCents, res.body.act.remainderCents], [3000, 700, 0, 2300]);
    assert.deepEqual(
      res.body.act.claims.map((c: { insurer: string }) => c.insurer),
      ['amo'],
    );
    const estimate = await staff.post(`/api/clients/${otherClientId}/care-acts/estimate`, { actCode: 'G', performedOn: daysAgo(3), feeCents: 3000, sector: '1', coordinated: true });
    assert.equal(estimate.status, 200);
    assert.equal(estimate.body.estimate.amoCents, 1900, 'an estimate in the parcours');
    assert.equal((await staff.get(`/api/clients/${otherClientId}/reimbursements`)).body.acts.length, 1, 'an estimate records nothing');
  });

  test('invalid input is a 4xx with a French message (English on request)', async () => {
    const future = await staff.post(`/api/clients/${clientId}/care-acts`, { actCode: 'G', performedOn: '2999-01-01', feeCents: 3000 });
    assert.equal(future.status, 400);
    assert.equal(future.body.message, 'La date ne peut pas être dans le futur.');
    const noAct = await staff.post(`/api/clients/${clientId}/care-acts`, { performedOn: daysAgo(1) });
    assert.equal(noAct.status, 400);
    const foreign = await staff.post(`/api/clients/${otherClientId}/care-acts`, { appointmentId });
    assert.equal(foreign.status, 400);
    assert.equal(foreign.body.code, 'document_link_invalid');
    const foreignDoc = await staff.request('POST', `/api/clients/${otherClientId}/documents?${new URLSearchParams({ type: 'care_sheet', title: 'Feuille de soins' })}`, minimalPdf(['Feuille de soins']), {
      'content-type': 'application/pdf',
      'x-filename': 'fs.pdf',
    });
    assert.equal(foreignDoc.status, 201, JSON.stringify(foreignDoc.body));
    const attach = await staff.request('PUT', `/api/reimbursement/claims/${amoId}/documents`, { documentIds: [foreignDoc.body.document.id] });
    assert.equal(attach.status, 400, 'a document of another client cannot be attached');
    const missing = await staff.post('/api/reimbursement/claims/00000000-0000-4000-8000-000000000000/send', {});
    assert.equal(missing.status, 404);
    assert.equal(missing.body.message, 'Demande de remboursement introuvable.');
  });

  test('a care sheet of the client can be attached to a claim', async () => {
    const doc = await staff.request('POST', `/api/clients/${clientId}/documents?${new URLSearchParams({ type: 'care_sheet', title: 'Feuille de soins' })}`, minimalPdf(['Feuille de soins']), {
      'content-type': 'application/pdf',
      'x-filename': 'fs.pdf',
    });
    assert.equal(doc.status, 201);
    const res = await staff.request('PUT', `/api/reimbursement/claims/${amoId}/documents`, { documentIds: [doc.body.document.id] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.claim.documentIds, [doc.body.document.id]);
  });

  test('status moves are checked: send, partial payment, payment; nothing after paid', async () => {
    const early = await staff.post(`/api/reimbursement/claims/${amoId}/payments`, { amountCents: 1000 });
    assert.equal(early.status, 409);
    assert.equal(early.body.message, 'Une demande de remboursement « à envoyer » ne peut pas passer à « partiellement payée ».');
    const earlyEn = await staff.post(`/api/reimbursement/claims/${amoId}/payments`, { amountCents: 1000 }, { 'accept-language': 'en' });
    assert.equal(earlyEn.body.message, 'A reimbursement claim that is "to send" cannot become "partially paid".');

    const sent = await staff.post(`/api/reimbursement/claims/${amoId}/send`, { sentOn: daysAgo(5) });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(sent.body.claim.status, 'sent');
    assert.equal(sent.body.claim.dueOn, daysAgo(-2), 'AMO due 7 days after sending');
    assert.equal((await staff.post(`/api/reimbursement/claims/${amoId}/send`, {})).status, 409);

    assert.equal((await staff.post(`/api/reimbursement/claims/${amoId}/payments`, { amountCents: 0 })).body.code, 'claim_amount_invalid');
    const part = await staff.post(`/api/reimbursement/claims/${amoId}/payments`, { amountCents: 1000, paidOn: daysAgo(1) });
    assert.equal(part.status, 200);
    assert.equal(part.body.claim.status, 'partially_paid');
    assert.equal(part.body.claim.receivedCents, 1000);
    const rest = await staff.post(`/api/reimbursement/claims/${amoId}/payments`, { amountCents: 900 });
    assert.equal(rest.body.claim.status, 'paid');
    assert.equal(rest.body.claim.receivedCents, 1900);
    assert.equal(rest.body.claim.paidOn, daysAgo(0));
    const again = await staff.post(`/api/reimbursement/claims/${amoId}/reject`, { reason: 'Doublon' });
    assert.equal(again.status, 409);
    assert.match(again.body.message, /« payée » ne peut pas passer à « rejetée »/);
  });

  test('rejection needs a reason; a rejected claim can be sent again', async () => {
    assert.equal((await staff.post(`/api/reimbursement/claims/${amcId}/send`, { sentOn: daysAgo(30) })).status, 200);
    const noReason = await staff.post(`/api/reimbursement/claims/${amcId}/reject`, { reason: '  ' });
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.message, 'Indiquez le motif.');
    const rejected = await staff.post(`/api/reimbursement/claims/${amcId}/reject`, { reason: 'Contrat non trouvé' });
    assert.equal(rejected.body.claim.status, 'rejected');
    assert.equal(rejected.body.claim.rejectionReason, 'Contrat non trouvé');
    const resent = await staff.post(`/api/reimbursement/claims/${amcId}/send`, { sentOn: daysAgo(20) });
    assert.equal(resent.body.claim.status, 'sent');
    assert.equal(resent.body.claim.rejectionReason, null);
    assert.equal(resent.body.claim.dueOn, daysAgo(5), 'mutuelle due 15 days after sending');
    assert.equal(resent.body.claim.overdue, true);
    const [audit] = await audits('reimbursement.claim_rejected');
    assert.ok(audit && !JSON.stringify(audit.details).includes('Contrat non trouvé'), 'the insurer’s wording stays out of the audit log');
  });

  test('the team list shows overdue claims first', async () => {
    const res = await staff.get('/api/reimbursement/claims');
    assert.equal(res.status, 200);
    assert.equal(res.body.claims[0].id, amcId);
    assert.equal(res.body.claims[0].overdue, true);
    assert.equal(res.body.claims[0].client.displayName.includes('REMBOURSÉE') || res.body.claims[0].client.displayName.includes('Remboursée'), true);
    assert.ok(!res.body.claims.some((c: { id: string }) => c.id === amoId), 'paid claims are not open');
    assert.deepEqual(
      (await staff.get('/api/reimbursement/claims?status=paid')).body.claims.map((c: { id: string }) => c.id),
      [amoId],
    );
    assert.deepEqual(
      (await staff.get('/api/reimbursement/claims?overdue=true')).body.claims.map((c: { id: string }) => c.id),
      [amcId],
    );
  });

  test('the daily job chases an overdue claim once: one task for the coordinator, not two', async () => {
    const { ctx } = env();
    const tasks = () => ctx.db.select().from(requestTasks).where(and(eq(requestTasks.requestId, requestId), like(requestTasks.title, 'Relancer la mutuelle%')));
    await ctx.db.insert(jobs).values({ queue: REMINDERS_QUEUE, payload: {}, runAt: new Date(Date.now() - 1000), idempotencyKey: `${REMINDERS_QUEUE}:test` });
    const worker = createWorker(ctx, { handlers: reimbursementJobHandlers });
    assert.equal(await worker.runDue(), 1);
    const created = await tasks();
    assert.equal(created.length, 1);
    assert.equal(created[0]?.ownerId, staffId, 'for the request’s coordinator');
    assert.match(created[0]?.title ?? '', /Mutuelle Bleue/);
    assert.doesNotMatch(created[0]?.title ?? '', /cardio/i, 'no health data in the task title');
    const [next] = await ctx.db.select().from(jobs).where(like(jobs.idempotencyKey, `${REMINDERS_QUEUE}:2%`));
    assert.ok(next, 'the next daily run is planned');
    const chased = (await ctx.db.select().from(inboxItems).where(eq(inboxItems.userId, staffId))).filter((i) => i.title.includes('Remboursement en retard'));
    assert.deepEqual(chased.map((i) => i.kind), ['reimbursement'], 'one inbox item, of the reimbursement kind');

    assert.equal(await remindOverdueClaims(ctx), 0, 'the next day: already chased this week');
    assert.equal((await tasks()).length, 1);
    assert.equal((await audits('reimbursement.claim_reminded')).length, 1);

    const realNow = ctx.now;
    ctx.now = () => new Date(Date.now() + 8 * 86_400_000);
    try {
      assert.equal(await remindOverdueClaims(ctx), 1, 'a week later it is chased again');
    } finally {
      ctx.now = realNow;
    }
    assert.equal((await tasks()).length, 2);
  });

  test('the client sees what to expect and what was received; not another client’s', async () => {
    const mine = await portal.get('/api/portal/reimbursements');
    assert.equal(mine.status, 200);
    assert.equal(mine.body.acts.length, 1);
    const amo = mine.body.acts[0].claims.find((c: { insurer: string }) => c.insurer === 'amo');
    assert.equal(amo.receivedCents, 1900);
    assert.equal(mine.body.acts[0].remainderCents, 200);
    assert.equal((await portal.get(`/api/clients/${otherClientId}/reimbursements`)).status, 403);
    assert.equal((await portal.get('/api/reimbursement/claims')).status, 403);
  });
});
