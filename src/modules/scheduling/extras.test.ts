import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { and, eq, like } from 'drizzle-orm';
import { type Agent, describeEachDatabase } from '../../../test/support/app.ts';
import { auditEvents as auditLog } from '../audit/schema.ts';
import { practicePlaces, practitioners, providers } from '../directory/schema.ts';
import { jobs } from '../jobs/schema.ts';
import { mailMessages } from '../notifications/schema.ts';

/** Thursday 18 March 2027, 10:00 Paris. */
const NOW = new Date('2027-03-18T09:00:00Z');
/** Monday 29 March 2027, 14:00 Paris (summer time since the 28th): 12:00 UTC. */
const MONDAY_14 = '2027-03-29T12:00:00.000Z';

describeEachDatabase('scheduling extras: the team’s reminder policy, logistics in the task list, the waiting list', (env) => {
  let admin: Agent;
  let coordinator: Agent;
  let practitionerId: string;

  const newClient = async (name: string) => {
    const c = await coordinator.post('/api/clients', { birthName: name, firstNames: ['Test'], birthDate: '1980-01-02', sex: 'F', email: `${name.toLowerCase()}.${env().kind}@exemple.test`, phone: '06 12 34 56 78', confirmNotDuplicate: true });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    const r = await coordinator.post('/api/requests', { clientId: c.body.client.id, channel: 'phone', kind: 'specialist', text: 'Rendez-vous de dermatologie.' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return { clientId: c.body.client.id as string, requestId: r.body.request.id as string };
  };

  before(async () => {
    const { ctx } = env();
    ctx.now = () => NOW;
    const [p] = await ctx.db
      .insert(practitioners)
      .values({ lastName: 'VIDAL', firstName: 'Claire', civility: 'Dr', professionCode: '10', profession: 'Médecin', specialties: ['dermatology'], searchName: 'vidal claire', source: 'team' })
      .returning();
    practitionerId = p?.id as string;
    const [pl] = await ctx.db.insert(practicePlaces).values({ practitionerId, structureKey: 'S', name: 'Cabinet Vidal', city: 'Paris', postalCode: '75011' }).returning();
    admin = await env().signedIn('admin');
    coordinator = await env().signedIn('coordinator');
    const schedule = await coordinator.request('PUT', `/api/practitioners/${practitionerId}/schedule`, {
      hours: [1, 2, 3, 4, 5].flatMap((weekday) => [
        { placeId: pl?.id, weekday, startTime: '09:00', endTime: '12:00', modes: ['in_person'] },
        { placeId: null, weekday, startTime: '14:00', endTime: '17:00', modes: ['teleconsultation'] },
      ]),
      types: [
        { code: 'first', label: 'Première consultation', durationMinutes: 30, mode: 'in_person' },
        { code: 'teleconsultation', label: 'Téléconsultation', durationMinutes: 30, mode: 'teleconsultation' },
      ],
      rules: { minNoticeMinutes: 120, bufferMinutes: 0, slotStepMinutes: 30, cancellationNoticeHours: 24 },
    });
    assert.equal(schedule.status, 200, JSON.stringify(schedule.body));
  });

  const reminderJobs = async (appointmentId: string) =>
    (
      await env()
        .ctx.db.select()
        .from(jobs)
        .where(and(like(jobs.idempotencyKey, `reminder:${appointmentId}:%`), eq(jobs.status, 'pending')))
    )
      .map((j) => `${j.payload.key} ${j.runAt.toISOString()}`)
      .sort();

  test('the team’s policy per mode: read by staff, changed by an admin only, validated with French messages, audited', async () => {
    const initial = await coordinator.get('/api/reminder-policies');
    assert.equal(initial.status, 200, JSON.stringify(initial.body));
    const tele = initial.body.policies.find((p: { mode: string }) => p.mode === 'teleconsultation');
    assert.equal(tele.custom, false);
    assert.deepEqual(tele.rules, [
      { channel: 'email', minutesBefore: 10080 },
      { channel: 'email', minutesBefore: 1440 },
      { channel: 'sms', minutesBefore: 1440 },
      { channel: 'sms', minutesBefore: 120 },
    ]);

    const rules = [
      { channel: 'sms', minutesBefore: 120 },
      { channel: 'email', minutesBefore: 1440 },
    ];
    assert.equal((await coordinator.request('PUT', '/api/reminder-policies/teleconsultation', { rules })).status, 403, 'a coordinator may not change it');

    const invalid = await admin.request('PUT', '/api/reminder-policies/teleconsultation', {
      rules: [
        { channel: 'sms', minutesBefore: 10 },
        { channel: 'email', minutesBefore: 1440 },
        { channel: 'email', minutesBefore: 1440 },
      ],
    });
    assert.equal(invalid.status, 400);
    assert.deepEqual(invalid.body.fields, [
      { path: 'rules.0.minutesBefore', message: 'Un rappel part entre 30 minutes et 30 jours avant le rendez-vous.' },
      { path: 'rules.2.minutesBefore', message: 'Ce rappel figure déjà dans la liste (même canal, même délai).' },
    ]);
    const empty = await admin.request('PUT', '/api/reminder-policies/teleconsultation', { rules: [] });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.fields[0].message, 'Indiquez de 1 à 6 rappels.');
    assert.equal((await admin.request('PUT', '/api/reminder-policies/teleconsultation', { rules: [] }, { 'accept-language': 'en' })).body.fields[0].message, 'Give between 1 and 6 reminders.');
    assert.equal((await admin.request('PUT', '/api/reminder-policies/video', { rules })).status, 400);

    const saved = await admin.request('PUT', '/api/reminder-policies/teleconsultation', { rules });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const now = saved.body.policies.find((p: { mode: string }) => p.mode === 'teleconsultation');
    assert.equal(now.custom, true);
    assert.deepEqual(now.rules, [rules[1], rules[0]], 'earliest reminder first');
    assert.ok(now.updatedBy?.name);
    assert.equal(saved.body.policies.find((p: { mode: string }) => p.mode === 'in_person').custom, false);
    const audit = await env().ctx.db.select().from(auditLog).where(eq(auditLog.action, 'scheduling.reminder_policy_updated'));
    assert.equal(audit.length, 1);
  });

  test('booking plans the reminders of the team’s policy; a practitioner’s own list wins; back to the team with null', async () => {
    const { clientId, requestId } = await newClient('Rappel');
    const book = (startsAt: string) => coordinator.post('/api/appointments', { practitionerId, clientId, requestId, typeCode: 'teleconsultation', mode: 'teleconsultation', startsAt });
    const a = await book(MONDAY_14);
    assert.equal(a.status, 201, JSON.stringify(a.body));
    // Team policy for teleconsultations: e-mail the day before (Sunday 14:00 Paris), SMS 2 h before (12:00 Paris); no 7-day e-mail, no day-before SMS.
    assert.deepEqual(await reminderJobs(a.body.appointment.id), ['email-1440 2027-03-28T12:00:00.000Z', 'sms-120 2027-03-29T10:00:00.000Z']);

    // The practitioner's own list.
    const schedule = (await coordinator.get(`/api/practitioners/${practitionerId}/schedule`)).body;
    assert.equal(schedule.rules.reminders, null, 'null: the team’s policy');
    const put = (reminders: unknown) => coordinator.request('PUT', `/api/practitioners/${practitionerId}/schedule`, { ...schedule, rules: { ...schedule.rules, reminders } });
    const bad = await put([{ channel: 'email', minutesBefore: 60 * 24 * 31 }]);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.fields[0].path, 'rules.reminders.0.minutesBefore');
    assert.equal((await put([{ channel: 'email', minutesBefore: 2880 }])).status, 200);
    assert.deepEqual((await coordinator.get(`/api/practitioners/${practitionerId}/schedule`)).body.rules.reminders, [{ channel: 'email', minutesBefore: 2880 }]);
    const b = await book('2027-03-30T12:00:00.000Z');
    assert.deepEqual(await reminderJobs(b.body.appointment.id), ['email-2880 2027-03-28T12:00:00.000Z']);

    // Saving the schedule without `reminders` keeps the list; null goes back to the team's policy.
    const { reminders: _kept, ...rulesWithout } = schedule.rules;
    assert.equal((await coordinator.request('PUT', `/api/practitioners/${practitionerId}/schedule`, { ...schedule, rules: rulesWithout })).status, 200);
    assert.deepEqual((await coordinator.get(`/api/practitioners/${practitionerId}/schedule`)).body.rules.reminders, [{ channel: 'email', minutesBefore: 2880 }]);
    assert.equal((await put(null)).status, 200);
    const c = await book('2027-03-31T12:00:00.000Z');
    assert.deepEqual(await reminderJobs(c.body.appointment.id), ['email-1440 2027-03-30T12:00:00.000Z', 'sms-120 2027-03-31T10:00:00.000Z']);

    // Reset: the built-in defaults again (25 March is still winter time: 14:00 Paris is 13:00 UTC).
    const reset = await admin.request('DELETE', '/api/reminder-policies/teleconsultation');
    assert.equal(reset.status, 200);
    const d = await book('2027-04-01T12:00:00.000Z');
    assert.deepEqual(await reminderJobs(d.body.appointment.id), ['email-10080 2027-03-25T13:00:00.000Z', 'email-1440 2027-03-31T12:00:00.000Z', 'sms-120 2027-04-01T10:00:00.000Z', 'sms-1440 2027-03-31T12:00:00.000Z']);
  });

  test('a taxi with a provider of its kind lands in the task list; confirming ticks the task, back to requested unticks it', async () => {
    const { ctx } = env();
    const { clientId, requestId } = await newClient('Transport');
    const [taxi] = await ctx.db.insert(providers).values({ kind: 'taxi', name: 'Taxis Bleus conventionnés', postalCode: '75011', city: 'Paris', searchName: 'taxis bleus' }).returning();
    const [hotel] = await ctx.db.insert(providers).values({ kind: 'lodging', name: 'Hôtel Patient', postalCode: '75011', city: 'Paris', searchName: 'hotel patient' }).returning();
    const a = await coordinator.post('/api/appointments', { practitionerId, clientId, requestId, typeCode: 'first', startsAt: '2027-03-29T07:00:00.000Z' });
    assert.equal(a.status, 201, JSON.stringify(a.body));
    const url = `/api/appointments/${a.body.appointment.id}/logistics`;

    const mismatch = await coordinator.post(url, { kind: 'taxi', providerId: hotel?.id });
    assert.equal(mismatch.status, 400);
    assert.equal(mismatch.body.message, 'Ce prestataire ne fournit pas ce service (taxi conventionné).');
    const backwards = await coordinator.post(url, { kind: 'taxi', startsAt: '2027-03-29T07:00:00.000Z', endsAt: '2027-03-29T06:00:00.000Z' });
    assert.equal(backwards.status, 400);
    assert.equal(backwards.body.fields[0].path, 'endsAt');

    const created = await coordinator.post(url, { kind: 'taxi', providerId: taxi?.id, startsAt: '2027-03-29T06:15:00.000Z', costCents: 3850, details: 'Aller-retour' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.logistics.providerName, 'Taxis Bleus conventionnés');
    const task = async () => (await coordinator.get(`/api/requests/${requestId}`)).body.tasks.find((t: { title: string }) => t.title === `Organiser : taxi conventionné — ${a.body.appointment.number}`);
    assert.ok(await task(), 'a task for the coordinator');
    assert.equal((await task()).doneAt, null);

    const patch = (body: unknown) => coordinator.request('PATCH', `/api/logistics/${created.body.logistics.id}`, body);
    const confirmed = await patch({ status: 'confirmed' });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    assert.ok((await task()).doneAt, 'confirmed: nothing left to organise');
    await patch({ status: 'requested' });
    assert.equal((await task()).doneAt, null, 'back to requested: the task is open again');
    assert.equal((await patch({ providerId: hotel?.id })).status, 400, 'a hotel does not drive a taxi');
    await patch({ status: 'cancelled' });
    assert.ok((await task()).doneAt);

    const list = await coordinator.get(url);
    assert.deepEqual(
      list.body.logistics.map((l: { kind: string; status: string; costCents: number }) => [l.kind, l.status, l.costCents]),
      [['taxi', 'cancelled', 3850]],
    );
    const reads = await ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'appointment.logistics_read'), eq(auditLog.targetId, a.body.appointment.id)));
    assert.equal(reads.length, 1, 'reading a client’s transport is traced');
  });

  test('waiting list: the freed earlier slot lands in the client’s portal; accepting it cancels the later appointment', async () => {
    const waiting = await newClient('Attente');
    const other = await newClient('Libere');
    // The waiting client holds Friday 10:00; the other client Wednesday 10:00 (earlier).
    const later = await coordinator.post('/api/appointments', { practitionerId, clientId: waiting.clientId, requestId: waiting.requestId, typeCode: 'first', startsAt: '2027-04-02T08:00:00.000Z' });
    const earlier = await coordinator.post('/api/appointments', { practitionerId, clientId: other.clientId, requestId: other.requestId, typeCode: 'first', startsAt: '2027-03-31T08:00:00.000Z' });
    assert.equal(earlier.status, 201, JSON.stringify(earlier.body));

    const join = (body: Record<string, unknown> = {}) => coordinator.post('/api/waitlist', { clientId: waiting.clientId, practitionerId, requestId: waiting.requestId, appointmentId: later.body.appointment.id, ...body });
    const joined = await join();
    assert.equal(joined.status, 201, JSON.stringify(joined.body));
    const again = await join();
    assert.equal(again.status, 409);
    assert.equal(again.body.message, 'Ce client attend déjà un créneau plus tôt avec ce praticien.');
    const entries = async () => (await coordinator.get(`/api/requests/${waiting.requestId}/waitlist`)).body.entries;
    assert.equal((await entries())[0].status, 'waiting');
    const onPractitioner = await coordinator.get(`/api/practitioners/${practitionerId}/waitlist?status=active`);
    assert.deepEqual(
      onPractitioner.body.entries.map((e: { client: { name: string }; status: string }) => [e.client.name.toUpperCase().includes('ATTENTE'), e.status]),
      [[true, 'waiting']],
    );

    // The earlier appointment is cancelled: the slot is offered to the waiting client.
    assert.equal((await coordinator.post(`/api/appointments/${earlier.body.appointment.id}/cancel`, { reason: 'Empêchement' })).status, 200);
    assert.equal((await entries())[0].status, 'offered');

    // The client sees the offer in the portal and takes it.
    const client = await env().signedIn('client');
    const me = (await client.get('/api/auth/me')).body.user;
    assert.equal((await admin.request('PATCH', `/api/admin/users/${me.id}`, { clientId: waiting.clientId })).status, 200);
    await client.login(client.email, client.password);
    const portal = (await client.get('/api/portal/appointments')).body;
    assert.equal(portal.proposals.length, 1);
    assert.deepEqual(
      portal.proposals[0].slots.map((s: { startsAt: string; status: string }) => [s.startsAt, s.status]),
      [['2027-03-31T08:00:00.000Z', 'held']],
    );
    const taken = await client.post(`/api/portal/proposals/${portal.proposals[0].id}/accept`, { appointmentId: portal.proposals[0].slots[0].id });
    assert.equal(taken.status, 200, JSON.stringify(taken.body));
    assert.equal((await entries())[0].status, 'done');
    const after = (await client.get('/api/portal/appointments')).body.appointments;
    assert.deepEqual(
      after.filter((x: { status: string }) => x.status === 'booked').map((x: { startsAt: string }) => x.startsAt),
      ['2027-03-31T08:00:00.000Z'],
      'the later appointment it replaces is cancelled',
    );
    const offer = await env()
      .ctx.db.select()
      .from(mailMessages)
      .where(and(eq(mailMessages.clientId, waiting.clientId), eq(mailMessages.template, 'appointment.waitlist_offer')));
    assert.equal(offer.length, 1, 'the offer e-mail says it comes from the waiting list');
    assert.match(offer[0]?.subject ?? '', /^Un créneau s’est libéré le 31\/03 à 10 h/);

    // A new entry, then taken off the list.
    const second = await join({ appointmentId: undefined, latest: '2027-04-30T00:00:00.000Z' });
    assert.equal(second.status, 201, JSON.stringify(second.body));
    const cancelled = await coordinator.post(`/api/waitlist/${second.body.entry.id}/cancel`, {});
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    assert.equal(cancelled.body.entry.status, 'cancelled');
    assert.equal((await coordinator.post('/api/waitlist/00000000-0000-4000-8000-000000000000/cancel', {})).status, 404);
  });
});
