import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq, like } from 'drizzle-orm';
import ICAL from 'ical.js';
import { type Agent, describeEachDatabase } from '../../../test/support/app.ts';
import { startSmtp, type TestSmtp } from '../../../test/support/smtp.ts';
import { createAppWorker } from '../../server/jobs.ts';
import { practicePlaces, practitioners } from '../directory/schema.ts';
import { jobs } from '../jobs/schema.ts';
import { smsMessages } from '../notifications/schema.ts';

let smtp: TestSmtp;
before(async () => {
  smtp = await startSmtp();
});
after(() => smtp.close());

/** Thursday 18 March 2027, 10:00 Paris (a clock ahead of the real one, so queued jobs are due): the appointment is on Monday 29 March, after the clocks went forward. */
const NOW = new Date('2027-03-18T09:00:00Z');

describeEachDatabase(
  'appointment messages: confirmation with ICS by e-mail and SMS, reminders on the queue, moved and cancelled with it',
  (env) => {
    let coordinator: Agent;
    let practitionerId: string;
    let clientId: string;
    let email: string;

    before(async () => {
      const { ctx } = env();
      ctx.now = () => NOW;
      const [p] = await ctx.db
        .insert(practitioners)
        .values({ lastName: 'ROYER', firstName: 'Anne', civility: 'Dr', professionCode: '10', profession: 'Médecin', specialties: ['cardiology'], searchName: 'royer anne', source: 'team' })
        .returning();
      practitionerId = p?.id as string;
      const [pl] = await ctx.db
        .insert(practicePlaces)
        .values({ practitionerId, structureKey: 'S', name: 'Cabinet Royer', street: '3 rue des Lilas', city: 'Paris', postalCode: '75011' })
        .returning();
      coordinator = await env().signedIn('coordinator');
      await coordinator.request('PUT', `/api/practitioners/${practitionerId}/schedule`, {
        hours: [1, 2, 3, 4, 5].map((weekday) => ({ placeId: pl?.id, weekday, startTime: '09:00', endTime: '12:00', modes: ['in_person'] })),
        types: [{ code: 'first', label: 'Première consultation', durationMinutes: 30, mode: 'in_person' }],
        rules: { minNoticeMinutes: 120, bufferMinutes: 0, slotStepMinutes: 30, cancellationNoticeHours: 24 },
      });
      email = `client.${env().kind}.${Date.now()}@exemple.test`;
      const client = await coordinator.post('/api/clients', { birthName: 'Message', firstNames: ['Inès'], birthDate: '1980-01-02', sex: 'F', email, phone: '06 12 34 56 78', confirmNotDuplicate: true });
      clientId = client.body.client.id;
    });

    const reminders = (appointmentId: string) =>
      env()
        .ctx.db.select()
        .from(jobs)
        .where(like(jobs.idempotencyKey, `reminder:${appointmentId}:%`));

    test('booking sends the confirmation (ICS attached, no health data) and plans reminders across DST', async () => {
      const { ctx } = env();
      const booked = await coordinator.post('/api/appointments', { practitionerId, clientId, typeCode: 'first', startsAt: '2027-03-29T07:00:00.000Z' });
      assert.equal(booked.status, 201, JSON.stringify(booked.body));
      const id = booked.body.appointment.id;
      const worker = createAppWorker(ctx);
      await worker.runDue();
      const mail = await smtp.waitFor(email);
      assert.match(mail.subject ?? '', /29\/03 à 9 h/, 'Paris time in the subject, after the change to summer time');
      assert.doesNotMatch(`${mail.subject}`, /cardio|Royer/i, 'no specialty or practitioner in the subject');
      assert.match(mail.text ?? '', /Dr Anne ROYER/);
      const invitation = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
      assert.ok(invitation, 'an ICS file is attached');
      const event = new ICAL.Event(new ICAL.Component(ICAL.parse(invitation.content.toString('utf8'))).getFirstSubcomponent('vevent') as ICAL.Component);
      assert.equal(event.startDate.toJSDate().toISOString(), '2027-03-29T07:00:00.000Z');
      assert.equal(event.uid, `appointment-${id}@parcours`);

      const sms = await ctx.db.select().from(smsMessages).where(eq(smsMessages.appointmentId, id));
      assert.equal(sms.length, 1);
      assert.equal(sms[0]?.toNumber, '+33612345678');
      assert.ok((sms[0]?.body.length ?? 999) <= 160);
      assert.doesNotMatch(sms[0]?.body ?? '', /cardio|Royer/i);

      // Booked 11 days ahead: an e-mail a week before (Monday 22 March 09:00 Paris, winter time: 08:00 UTC),
      // then e-mail and SMS the day before (Sunday 28 March 09:00 Paris, summer time since 02:00: 07:00 UTC).
      const planned = (await reminders(id)).map((j) => [j.payload.channel, j.runAt.toISOString()]).sort();
      assert.deepEqual(planned, [
        ['email', '2027-03-22T08:00:00.000Z'],
        ['email', '2027-03-28T07:00:00.000Z'],
        ['sms', '2027-03-28T07:00:00.000Z'],
      ]);
      const history = await coordinator.get(`/api/messages?appointmentId=${id}`);
      assert.equal(history.status, 200, JSON.stringify(history.body));
      assert.deepEqual(history.body.messages.map((m: { channel: string }) => m.channel).sort(), ['email', 'sms']);
    });

    test('moving an appointment moves its reminders and sends the change; cancelling removes them', async () => {
      const { ctx } = env();
      const booked = await coordinator.post('/api/appointments', { practitionerId, clientId, typeCode: 'first', startsAt: '2027-03-30T07:00:00.000Z' });
      const id = booked.body.appointment.id;
      const moved = await coordinator.post(`/api/appointments/${id}/reschedule`, { startsAt: '2027-03-31T08:00:00.000Z' });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      assert.ok((await reminders(id)).every((j) => j.status === 'cancelled'), 'the old reminders are cancelled');
      const next = await reminders(moved.body.appointment.id);
      assert.ok(next.some((j) => j.runAt.toISOString() === '2027-03-30T08:00:00.000Z' && j.status === 'pending'));
      await createAppWorker(ctx).runDue();
      assert.ok(smtp.received.some((m) => m.to && JSON.stringify(m.to).includes(email) && /déplacé|moved/i.test(m.subject ?? '')));

      const cancelled = await coordinator.post(`/api/appointments/${moved.body.appointment.id}/cancel`, { reason: 'Hospitalisation' });
      assert.equal(cancelled.status, 200);
      assert.ok((await reminders(moved.body.appointment.id)).every((j) => j.status === 'cancelled'));
      await createAppWorker(ctx).runDue();
      const cancellation = smtp.received.find((m) => /annul|cancel/i.test(m.subject ?? '') && JSON.stringify(m.to).includes(email));
      assert.ok(cancellation, 'cancellation e-mail');
      assert.doesNotMatch(`${cancellation.text}`, /Hospitalisation/, 'the reason stays internal');
    });

    test('a due reminder sends once; one SMS a day even with two appointments', async () => {
      const { ctx } = env();
      const a = await coordinator.post('/api/appointments', { practitionerId, clientId, typeCode: 'first', startsAt: '2027-04-01T07:00:00.000Z' });
      const b = await coordinator.post('/api/appointments', { practitionerId, clientId, typeCode: 'first', startsAt: '2027-04-01T09:00:00.000Z' });
      assert.equal(b.status, 201);
      ctx.now = () => new Date('2027-03-31T12:00:00Z');
      try {
        const worker = createAppWorker(ctx);
        await worker.runDue();
        await worker.runDue();
        const reminderSms = await ctx.db
          .select()
          .from(smsMessages)
          .where(and(eq(smsMessages.clientId, clientId), eq(smsMessages.template, 'appointment.reminder')));
        const thatDay = reminderSms.filter((s) => s.idempotencyKey?.endsWith('2027-04-01'));
        assert.equal(thatDay.length, 1, 'one SMS for the day');
        assert.match(thatDay[0]?.body ?? '', /9h|9 h/);
        assert.ok(smtp.received.filter((m) => JSON.stringify(m.to).includes(email) && /rappel|reminder/i.test(m.subject ?? '')).length >= 2, 'one e-mail reminder per appointment');
        assert.ok(a.body.appointment.id);
      } finally {
        ctx.now = () => NOW;
      }
    });
  },
  { smtp: () => smtp.url },
);
