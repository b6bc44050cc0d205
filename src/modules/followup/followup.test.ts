import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { type Agent, describeEachDatabase } from '../../../test/support/app.ts';
import { createAppWorker } from '../../server/jobs.ts';
import { auditEvents } from '../audit/schema.ts';
import { directoryReviews, practitioners } from '../directory/schema.ts';
import { inboxItems, mailMessages, smsMessages } from '../notifications/schema.ts';
import { surveys } from './schema.ts';
import { sendSurvey } from './service.ts';

/**
 * A clock ahead of the real one. Staff act at START (their session lives on that clock); the
 * worker and the client's link run at later times through `at()`.
 */
const START = new Date('2027-03-18T09:00:00Z');
const APPOINTMENT = '2027-03-22T08:00:00.000Z'; // Monday 22 March, 9:00 Paris, 30 minutes
const hours = (h: number) => new Date(new Date(APPOINTMENT).getTime() + h * 3_600_000);

describeEachDatabase('follow-up after care: plan, explained results, closure, satisfaction survey', (env) => {
  let coordinator: Agent & { email: string };
  let practitionerId: string;
  let clientId: string;
  let pharmacyId: string;
  let usualPharmacyId: string;
  let requestId: string;
  let appointmentId: string;
  let email: string;
  let now = START;

  const followup = async () => {
    const res = await coordinator.get(`/api/requests/${requestId}/followup`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const stepTask = async (step: string) => (await followup()).plans[0].steps.find((s: { step: string }) => s.step === step).taskId as string;
  const surveyMail = () =>
    env()
      .ctx.db.select()
      .from(mailMessages)
      .where(and(eq(mailMessages.template, 'followup.survey'), eq(mailMessages.toAddress, email)));
  const tokenOf = (text: string) => (/\/avis\/([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? '') as string;
  async function at<T>(time: Date, run: () => Promise<T>): Promise<T> {
    now = time;
    try {
      return await run();
    } finally {
      now = START;
    }
  }
  const runJobs = (time: Date) => at(time, () => createAppWorker(env().ctx).runDue());

  before(async () => {
    const { ctx } = env();
    ctx.now = () => now;
    const [p] = await ctx.db
      .insert(practitioners)
      .values({ lastName: 'VIDAL', firstName: 'Paul', civility: 'Dr', professionCode: '10', profession: 'Médecin', specialties: ['dermatology'], searchName: 'vidal paul', source: 'team' })
      .returning();
    practitionerId = p?.id as string;
    coordinator = await env().signedIn('coordinator');
    email = `suivi.${env().kind}.${Date.now()}@exemple.test`;
    const client = await coordinator.post('/api/clients', { birthName: 'Suivi', firstNames: ['Lina'], birthDate: '1979-04-05', sex: 'F', email, phone: '06 22 33 44 55', confirmNotDuplicate: true });
    clientId = client.body.client.id;
    const pharmacy = await coordinator.post('/api/directory/providers', { kind: 'pharmacy', name: 'Pharmacie des Tests', postalCode: '75011', city: 'Paris' });
    assert.equal(pharmacy.status, 201, JSON.stringify(pharmacy.body));
    pharmacyId = pharmacy.body.provider.id;
    usualPharmacyId = (await coordinator.post('/api/directory/providers', { kind: 'pharmacy', name: 'Pharmacie Habituelle', postalCode: '75011', city: 'Paris' })).body.provider.id;
    const request = await coordinator.post('/api/requests', { clientId, channel: 'phone', kind: 'specialist', text: 'Un grain de beauté a changé de couleur.' });
    requestId = request.body.request.id;
    await coordinator.post(`/api/requests/${requestId}/assign`, { assigneeId: (await coordinator.get('/api/auth/me')).body.user.id });
    const booked = await coordinator.post('/api/appointments/external', { practitionerId, clientId, requestId, startsAt: APPOINTMENT, durationMinutes: 30, confirmedWith: 'secrétariat' });
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    appointmentId = booked.body.appointment.id;
  });

  test('completing the appointment moves the request to follow-up with its plan, once', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await coordinator.post(`/api/appointments/${appointmentId}/outcome`, { status: 'completed' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    const view = await followup();
    assert.equal(view.status, 'follow_up');
    assert.equal(view.plans.length, 1, 'one plan for one appointment, however many times it is marked completed');
    assert.deepEqual(
      view.plans[0].steps.map((s: { step: string }) => s.step),
      ['collect_report', 'explain_results', 'next_steps', 'send_prescription'],
    );
    assert.ok(view.plans[0].steps.every((s: { owner: unknown }) => s.owner), 'the request’s assignee owns the steps');
    const detail = await coordinator.get(`/api/requests/${requestId}`);
    assert.equal(detail.body.tasks.length, 4);
    assert.ok(detail.body.tasks.every((t: { title: string }) => !/grain|beauté|derm/i.test(t.title)), 'no health data in task titles');
    assert.equal(view.canClose, false);
  });

  test('explaining the results needs a note of what was explained (from the plan and from the task list)', async () => {
    const taskId = await stepTask('explain_results');
    const bare = await coordinator.post(`/api/requests/${requestId}/followup/steps/${taskId}`, { action: 'done' });
    assert.equal(bare.status, 400);
    assert.equal(bare.body.fields?.[0]?.path, 'note');
    assert.match(bare.body.fields?.[0]?.message, /Notez ce qui a été expliqué/);
    const ticked = await coordinator.request('PATCH', `/api/requests/${requestId}/tasks/${taskId}`, { done: true });
    assert.equal(ticked.status, 409);
    assert.match(JSON.stringify(ticked.body), /Notez ce qui a été expliqué/);
    const done = await coordinator.post(`/api/requests/${requestId}/followup/steps/${taskId}`, { action: 'done', note: 'Lésion bénigne, contrôle dans un an.' });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    const step = done.body.plans[0].steps.find((s: { step: string }) => s.step === 'explain_results');
    assert.ok(step.doneAt && step.explanation?.noteId);
    const notes = (await coordinator.get(`/api/requests/${requestId}`)).body.notes as { id: string; body: string }[];
    assert.match(notes.find((n) => n.id === step.explanation.noteId)?.body ?? '', /contrôle dans un an/);
  });

  test('the prescription step needs a pharmacy, proposes the client’s usual one; the request closes only when the plan is done', async () => {
    assert.equal((await followup()).clientPharmacy, null, 'no usual pharmacy yet');
    const prescription = await stepTask('send_prescription');
    const missing = await coordinator.post(`/api/requests/${requestId}/followup/steps/${prescription}`, { action: 'done' });
    assert.equal(missing.status, 409, 'none chosen and none on the client file');
    assert.equal(missing.body.code, 'followup_pharmacy_required');
    assert.equal((await coordinator.request('PATCH', `/api/clients/${clientId}`, { pharmacyId: usualPharmacyId })).status, 200);
    assert.equal((await followup()).clientPharmacy?.name, 'Pharmacie Habituelle', 'the usual pharmacy, for the step to preselect');
    // The coordinator sends this one elsewhere, without changing the client's usual pharmacy.
    const sent = await coordinator.post(`/api/requests/${requestId}/followup/steps/${prescription}`, { action: 'done', pharmacyId });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(sent.body.pharmacy?.name, 'Pharmacie des Tests');
    assert.equal(sent.body.clientPharmacy?.id, usualPharmacyId);
    assert.equal((await coordinator.get(`/api/clients/${clientId}`)).body.client.pharmacy?.id, usualPharmacyId, 'the usual pharmacy is unchanged');

    const early = await coordinator.post(`/api/requests/${requestId}/status`, { to: 'closed' });
    assert.equal(early.status, 409);
    assert.match(JSON.stringify(early.body), /2 tâche/);

    await coordinator.request('PATCH', `/api/requests/${requestId}/tasks/${await stepTask('collect_report')}`, { done: true });
    const noReason = await coordinator.post(`/api/requests/${requestId}/followup/steps/${await stepTask('next_steps')}`, { action: 'skip' });
    assert.equal(noReason.status, 400);
    const skipped = await coordinator.post(`/api/requests/${requestId}/followup/steps/${await stepTask('next_steps')}`, { action: 'skip', reason: 'Aucun examen prescrit.' });
    assert.equal(skipped.status, 200);
    assert.equal(skipped.body.canClose, true);
  });

  test('a pharmacy chosen for a client without one is kept on the client file when asked (audited)', async () => {
    const { ctx } = env();
    const other = await coordinator.post('/api/clients', { birthName: 'Sanspharma', firstNames: ['Odile'], birthDate: '1950-02-03', sex: 'F', confirmNotDuplicate: true });
    const otherId = other.body.client.id as string;
    const request = await coordinator.post('/api/requests', { clientId: otherId, channel: 'phone', kind: 'specialist', text: 'Contrôle annuel.' });
    const booked = await coordinator.post('/api/appointments/external', { practitionerId, clientId: otherId, requestId: request.body.request.id, startsAt: hours(2).toISOString(), durationMinutes: 30, confirmedWith: 'secrétariat' });
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    assert.equal((await coordinator.post(`/api/appointments/${booked.body.appointment.id}/outcome`, { status: 'completed' })).status, 200);
    const path = `/api/requests/${request.body.request.id}/followup`;
    const view = (await coordinator.get(path)).body;
    assert.equal(view.clientPharmacy, null);
    const taskId = view.plans[0].steps.find((s: { step: string }) => s.step === 'send_prescription').taskId;
    const none = await coordinator.post(`${path}/steps/${taskId}`, { action: 'done', saveAsUsual: true });
    assert.equal(none.status, 409, 'no pharmacy chosen, none usual: nothing to send to nor keep');
    assert.equal(none.body.code, 'followup_pharmacy_required');
    const sent = await coordinator.post(`${path}/steps/${taskId}`, { action: 'done', pharmacyId, saveAsUsual: true });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(sent.body.clientPharmacy?.id, pharmacyId);
    assert.equal((await coordinator.get(`/api/clients/${otherId}`)).body.client.pharmacy?.name, 'Pharmacie des Tests', 'now on the client file');
    const audit = (await ctx.db.select().from(auditEvents).where(eq(auditEvents.targetId, otherId))).filter((e) => e.action === 'client.updated');
    assert.deepEqual(
      audit.map((e) => e.details),
      [{ fields: ['pharmacyId'], via: 'followup.send_prescription' }],
    );
  });

  test('with no pharmacy chosen, the prescription goes to the client’s usual one — if it is still open', async () => {
    const { ctx } = env();
    const created = await coordinator.post('/api/clients', { birthName: 'Habituelle', firstNames: ['Rose'], birthDate: '1948-06-07', sex: 'F', confirmNotDuplicate: true });
    const id = created.body.client.id as string;
    const closing = (await coordinator.post('/api/directory/providers', { kind: 'pharmacy', name: 'Pharmacie Bientôt Fermée', postalCode: '75012', city: 'Paris' })).body.provider.id as string;
    assert.equal((await coordinator.request('PATCH', `/api/clients/${id}`, { pharmacyId: closing })).status, 200);
    assert.equal((await coordinator.request('PATCH', `/api/directory/providers/${closing}`, { active: false })).status, 200);
    const request = await coordinator.post('/api/requests', { clientId: id, channel: 'phone', kind: 'specialist', text: 'Renouvellement.' });
    const booked = await coordinator.post('/api/appointments/external', { practitionerId, clientId: id, requestId: request.body.request.id, startsAt: hours(4).toISOString(), durationMinutes: 30, confirmedWith: 'secrétariat' });
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    assert.equal((await coordinator.post(`/api/appointments/${booked.body.appointment.id}/outcome`, { status: 'completed' })).status, 200);
    const path = `/api/requests/${request.body.request.id}/followup`;
    const taskId = (await coordinator.get(path)).body.plans[0].steps.find((s: { step: string }) => s.step === 'send_prescription').taskId;

    // The usual pharmacy has closed: it will not do, the coordinator must choose one.
    const closed = await coordinator.post(`${path}/steps/${taskId}`, { action: 'done' });
    assert.equal(closed.status, 409, JSON.stringify(closed.body));
    assert.equal(closed.body.code, 'followup_pharmacy_required');
    assert.match(closed.body.message, /Choisissez la pharmacie du client/);
    assert.equal((await coordinator.get(path)).body.plans[0].steps.find((s: { step: string }) => s.step === 'send_prescription').doneAt, null, 'the step stays open');

    // An open usual pharmacy: the step is done with it, and the client file is left as it was.
    assert.equal((await coordinator.request('PATCH', `/api/clients/${id}`, { pharmacyId: usualPharmacyId })).status, 200);
    const sent = await coordinator.post(`${path}/steps/${taskId}`, { action: 'done', saveAsUsual: true });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(sent.body.pharmacy?.id, usualPharmacyId);
    assert.ok(sent.body.plans[0].steps.find((s: { step: string }) => s.step === 'send_prescription').doneAt);
    assert.equal((await coordinator.get(`/api/clients/${id}`)).body.client.pharmacy?.id, usualPharmacyId);
    const viaFollowup = (await ctx.db.select().from(auditEvents).where(eq(auditEvents.targetId, id))).filter((e) => (e.details as { via?: string } | null)?.via === 'followup.send_prescription');
    assert.equal(viaFollowup.length, 0, 'nothing to change on the client file');
  });

  test('the survey goes out once per appointment, 2 h after its end, with no health data in subject or SMS', async () => {
    const { ctx } = env();
    await runJobs(hours(2)); // 10:00 Paris, before end + 2 h
    assert.equal((await surveyMail()).length, 0, 'not before 2 h after the end');
    await runJobs(hours(3));
    await runJobs(hours(3));
    await at(hours(3), () => sendSurvey(ctx, { trigger: 'appointment', appointmentId })); // the job run again by hand
    const mails = await surveyMail();
    assert.equal(mails.length, 1, 'one e-mail');
    const sms = await ctx.db.select().from(smsMessages).where(and(eq(smsMessages.template, 'followup.survey'), eq(smsMessages.clientId, clientId)));
    assert.equal(sms.length, 1, 'one SMS');
    assert.equal((await ctx.db.select().from(surveys).where(eq(surveys.appointmentId, appointmentId))).length, 1);
    for (const text of [mails[0]?.subject ?? '', sms[0]?.body ?? '']) {
      assert.match(text, /avis/i);
      assert.doesNotMatch(text, /VIDAL|derm|grain|beauté|Suivi Lina/i);
    }
    assert.ok(tokenOf(sms[0]?.body ?? ''), 'the SMS carries the link');
  });

  test('an answer rates the practitioner (source survey); the link then refuses a second answer; the comment is sealed', async () => {
    const { ctx } = env();
    const token = tokenOf((await surveyMail())[0]?.textBody ?? '');
    const page = await at(hours(5), () => env().agent().get(`/api/public/surveys/${token}`));
    assert.equal(page.status, 200);
    assert.equal(page.body.state, 'open');
    assert.equal(page.body.firstName, 'Lina');
    const answered = await at(hours(5), () => env().agent().post(`/api/public/surveys/${token}`, { csat: 5, nps: 9, comment: 'Très bien reçue, merci.' }));
    assert.equal(answered.status, 200, JSON.stringify(answered.body));
    assert.equal(answered.body.negative, false);
    const [p] = await ctx.db.select().from(practitioners).where(eq(practitioners.id, practitionerId));
    assert.deepEqual([p?.ratingCount, p?.ratingSum], [1, 5]);
    const reviews = await ctx.db.select().from(directoryReviews).where(eq(directoryReviews.practitionerId, practitionerId));
    assert.equal(reviews[0]?.source, 'survey');
    assert.equal(reviews[0]?.comment, null, 'the comment stays in the survey, sealed');
    const [row] = await ctx.db.select().from(surveys).where(eq(surveys.appointmentId, appointmentId));
    assert.ok(row?.commentSealed && !row.commentSealed.includes('Très bien'));
    const again = await env().agent().post(`/api/public/surveys/${token}`, { csat: 1, nps: 0 });
    assert.equal(again.status, 409);
    assert.match(JSON.stringify(again.body), /déjà répondu/);
    const english = await env().agent().post(`/api/public/surveys/${token}`, { csat: 1, nps: 0 }, { 'accept-language': 'en' });
    assert.match(JSON.stringify(english.body), /already answered/);
    assert.equal((await env().agent().get('/api/public/surveys/not-a-real-token-0123456789')).status, 404);
    const list = await coordinator.get('/api/surveys');
    assert.equal(list.status, 200);
    const item = list.body.items.find((i: { id: string }) => i.id === row?.id);
    assert.equal(item.comment, 'Très bien reçue, merci.');
    assert.equal(item.practitioner.displayName, 'Dr Paul VIDAL');
    assert.equal(list.body.totals.csat, 5);
    assert.deepEqual(list.body.trend.map((t: { period: string }) => t.period), ['2027-03']);
  });

  test('closing sends the closure survey; a negative answer gives the assignee a call-back task; an old link expires', async () => {
    const { ctx } = env();
    const closed = await coordinator.post(`/api/requests/${requestId}/status`, { to: 'closed' });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    await runJobs(hours(48));
    const [closure] = await ctx.db.select().from(surveys).where(and(eq(surveys.requestId, requestId), eq(surveys.trigger, 'request_closed')));
    assert.ok(closure, 'closure survey sent');
    assert.equal(closure.practitionerId, null, 'about the service, not a practitioner');
    const mail = (await surveyMail()).find((m) => m.idempotencyKey === `survey:request:${requestId}:email`);
    const token = tokenOf(mail?.textBody ?? '');
    const answered = await at(hours(49), () => env().agent().post(`/api/public/surveys/${token}`, { csat: 4, nps: 3, comment: 'Trop d’attente au téléphone.' }));
    assert.equal(answered.body.negative, true);
    const tasks = (await coordinator.get(`/api/requests/${requestId}`)).body.tasks as { title: string; owner: { id: string } | null; doneAt: string | null }[];
    const callBack = tasks.find((t) => t.title.startsWith('Avis client négatif'));
    assert.ok(callBack?.owner, 'owned by the assignee');
    assert.doesNotMatch(callBack.title, /attente|téléphone/, 'the comment is not in the title');
    const [notice] = (await ctx.db.select().from(inboxItems).where(eq(inboxItems.userId, callBack.owner.id))).filter((i) => i.title.startsWith('Avis client négatif'));
    assert.equal(notice?.kind, 'feedback', 'the owner’s inbox says it is client feedback');
    const negatives = await coordinator.get('/api/surveys?negative=true');
    assert.deepEqual(
      negatives.body.items.map((i: { trigger: string }) => i.trigger),
      ['request_closed'],
    );

    // A survey left unanswered for more than 30 days.
    const old = await coordinator.post('/api/appointments/external', { practitionerId, clientId, startsAt: hours(72).toISOString(), durationMinutes: 20, confirmedWith: 'secrétariat' });
    await coordinator.post(`/api/appointments/${old.body.appointment.id}/outcome`, { status: 'completed' });
    await runJobs(hours(75));
    const oldMail = (await surveyMail()).find((m) => m.idempotencyKey === `survey:appointment:${old.body.appointment.id}:email`);
    const oldToken = tokenOf(oldMail?.textBody ?? '');
    assert.ok(oldToken);
    const late31 = hours(75 + 31 * 24);
    const page = await at(late31, () => env().agent().get(`/api/public/surveys/${oldToken}`));
    assert.equal(page.body.state, 'expired');
    const late = await at(late31, () => env().agent().post(`/api/public/surveys/${oldToken}`, { csat: 3, nps: 7 }));
    assert.equal(late.status, 410);
    assert.match(JSON.stringify(late.body), /expiré/);
  });
});
