import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultReminderPolicy, oneSmsPerDay, type PlannedReminder, parisDay, planReminders } from './reminders.ts';

const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');
const plan = (r: PlannedReminder[]) => r.map((p) => `${p.key} ${iso(p.sendAt)}`);
const parisTime = (d: Date) => new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }).format(d);
const HOUR = 3600_000;
const early = new Date('2026-01-05T10:00:00Z');

test('defaults: e-mail 7 days and 1 day before, SMS the day before; teleconsultation adds an SMS 2 h before', () => {
  assert.deepEqual(defaultReminderPolicy('in_person'), [
    { channel: 'email', minutesBefore: 10080 },
    { channel: 'email', minutesBefore: 1440 },
    { channel: 'sms', minutesBefore: 1440 },
  ]);
  assert.deepEqual(defaultReminderPolicy('teleconsultation').at(-1), { channel: 'sms', minutesBefore: 120 });
  // Tuesday 16 June 2026, 15:00 Paris (CEST).
  const startsAt = new Date('2026-06-16T13:00:00Z');
  assert.deepEqual(plan(planReminders({ startsAt, bookedAt: early, now: early, mode: 'teleconsultation' })), [
    'email-10080 2026-06-09T13:00:00Z',
    'email-1440 2026-06-15T13:00:00Z',
    'sms-1440 2026-06-15T13:00:00Z',
    'sms-120 2026-06-16T11:00:00Z',
  ]);
  const one = planReminders({ startsAt, bookedAt: early, now: early, mode: 'in_person' })[0]!;
  assert.equal(one.channel, 'email');
});

test('DST spring-forward: Monday 30 March 09:00 gets its day-before reminder on Sunday 29 March 09:00 Paris', () => {
  // Clocks go from 02:00 to 03:00 on Sunday 29 March 2026. Monday 09:00 CEST = 07:00 UTC.
  const startsAt = new Date('2026-03-30T07:00:00Z');
  const r = planReminders({ startsAt, bookedAt: early, now: early, mode: 'in_person' });
  assert.deepEqual(plan(r), [
    // Monday 23 March 09:00 CET is 08:00 UTC: seven calendar days, not 7 × 24 h (which is 08:00 CET).
    'email-10080 2026-03-23T08:00:00Z',
    // Sunday 29 March 09:00 CEST is 07:00 UTC, the same UTC hour as the appointment.
    'email-1440 2026-03-29T07:00:00Z',
    'sms-1440 2026-03-29T07:00:00Z',
  ]);
  assert.equal(parisTime(r[1]!.sendAt), '29/03/2026 09:00');
  assert.equal(parisTime(r[0]!.sendAt), '23/03/2026 09:00');

  // On the day of the change, "the day before" is 23 h earlier, still 09:00 on the wall clock.
  const sunday = planReminders({ startsAt: new Date('2026-03-29T07:00:00Z'), bookedAt: early, now: early, mode: 'in_person', policy: [{ channel: 'sms', minutesBefore: 1440 }] });
  assert.deepEqual(plan(sunday), ['sms-1440 2026-03-28T08:00:00Z']);
  assert.equal(parisTime(sunday[0]!.sendAt), '28/03/2026 09:00');
});

test('DST fall-back: Monday 26 October 09:00 gets its day-before reminder on Sunday 25 October 09:00 Paris', () => {
  // Clocks go from 03:00 back to 02:00 on Sunday 25 October 2026. Monday 09:00 CET = 08:00 UTC.
  const r = planReminders({ startsAt: new Date('2026-10-26T08:00:00Z'), bookedAt: early, now: early, mode: 'in_person' });
  assert.deepEqual(plan(r), ['email-10080 2026-10-19T07:00:00Z', 'email-1440 2026-10-25T08:00:00Z', 'sms-1440 2026-10-25T08:00:00Z']);
  assert.equal(parisTime(r[0]!.sendAt), '19/10/2026 09:00');
  assert.equal(parisTime(r[1]!.sendAt), '25/10/2026 09:00');

  // On the day of the change, "the day before" is 25 h earlier.
  const sunday = planReminders({ startsAt: new Date('2026-10-25T08:00:00Z'), bookedAt: early, now: early, mode: 'in_person', policy: [{ channel: 'email', minutesBefore: 1440 }] });
  assert.deepEqual(plan(sunday), ['email-1440 2026-10-24T07:00:00Z']);
  assert.equal(parisTime(sunday[0]!.sendAt), '24/10/2026 09:00');
});

test('leads that are not whole days are exact durations across a DST change', () => {
  // Sunday 29 March 2026 04:30 CEST = 02:30 UTC; 3 h before is 23:30 UTC (00:30 CET), not 01:30 on the wall clock.
  const r = planReminders({ startsAt: new Date('2026-03-29T02:30:00Z'), bookedAt: early, now: early, mode: 'in_person', policy: [{ channel: 'email', minutesBefore: 180 }] });
  assert.deepEqual(plan(r), ['email-180 2026-03-28T23:30:00Z']);
});

test('quiet hours: SMS go between 08:00 and 20:00 Paris, evening ones earlier, night ones at 08:00 when that leaves time', () => {
  const sms = (startsAt: string, mode: 'in_person' | 'teleconsultation' = 'in_person') =>
    plan(planReminders({ startsAt: new Date(startsAt), bookedAt: early, now: early, mode }).filter((p) => p.channel === 'sms'));
  // Tuesday 16 June 2026 21:00 CEST: the day-before SMS (Monday 21:00) goes Monday 19:00 CEST.
  assert.deepEqual(sms('2026-06-16T19:00:00Z'), ['sms-1440 2026-06-15T17:00:00Z']);
  // 07:30: the day-before SMS goes at 08:00 the day before, 23 h 30 ahead.
  assert.deepEqual(sms('2026-06-16T05:30:00Z'), ['sms-1440 2026-06-15T06:00:00Z']);
  // …while the e-mail keeps its time.
  const emails = planReminders({ startsAt: new Date('2026-06-16T05:30:00Z'), bookedAt: early, now: early, mode: 'in_person' }).filter((p) => p.channel === 'email');
  assert.equal(iso(emails[1]!.sendAt), '2026-06-15T05:30:00Z');
  // Teleconsultation at 09:00: the 2 h SMS (07:00) goes at 08:00, still an hour ahead.
  assert.deepEqual(sms('2026-06-16T07:00:00Z', 'teleconsultation'), ['sms-1440 2026-06-15T07:00:00Z', 'sms-120 2026-06-16T06:00:00Z']);
  // Teleconsultation at 08:30: 08:00 would leave 30 min, under half of 2 h: the evening before at 19:00.
  // (Both SMS then fall on Monday: oneSmsPerDay merges them.)
  assert.deepEqual(sms('2026-06-16T06:30:00Z', 'teleconsultation'), ['sms-1440 2026-06-15T06:30:00Z', 'sms-120 2026-06-15T17:00:00Z']);
  // A night SMS whose morning slot is too late goes the evening before (2 days before, 01:00).
  assert.deepEqual(
    plan(planReminders({ startsAt: new Date('2026-06-16T23:00:00Z'), bookedAt: early, now: early, mode: 'in_person', policy: [{ channel: 'sms', minutesBefore: 60 }] })),
    ['sms-60 2026-06-16T17:00:00Z'],
  );
});

test('property: over a week spanning a DST change, every SMS is sent 08:00–20:00 Paris and before the appointment', () => {
  const from = new Date('2026-10-22T00:00:00Z').getTime();
  let count = 0;
  for (let t = from; t < from + 7 * 24 * HOUR; t += 15 * 60_000) {
    const startsAt = new Date(t);
    for (const p of planReminders({ startsAt, bookedAt: early, now: early, mode: 'teleconsultation' })) {
      assert.ok(p.sendAt.getTime() < startsAt.getTime());
      if (p.channel !== 'sms') continue;
      count++;
      const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', hourCycle: 'h23' }).format(p.sendAt));
      assert.ok(hour >= 8 && hour < 20, `${p.key} for ${iso(startsAt)} at ${parisTime(p.sendAt)}`);
    }
  }
  assert.ok(count > 1000);
});

test('short notice: a reminder within min(12 h, lead / 2) of the booking, or before it, is not sent', () => {
  const startsAt = new Date('2026-06-16T10:00:00Z'); // Tuesday 12:00 CEST
  const at = (hoursAhead: number, mode: 'in_person' | 'teleconsultation' = 'in_person') => {
    const bookedAt = new Date(startsAt.getTime() - hoursAhead * HOUR);
    return planReminders({ startsAt, bookedAt, now: bookedAt, mode }).map((p) => p.key);
  };
  // Booked 3 h ahead: no day-before reminder; the teleconsultation's 2 h SMS comes 1 h after booking (= half its lead): kept.
  assert.deepEqual(at(3), []);
  assert.deepEqual(at(3, 'teleconsultation'), ['sms-120']);
  // Booked 2 h 30 ahead: the 2 h SMS would come 30 min after the confirmation.
  assert.deepEqual(at(2.5, 'teleconsultation'), []);
  // Booked 30 h ahead: the day-before reminders would come 6 h after the confirmation.
  assert.deepEqual(at(30), []);
  // Booked 36 h ahead: 12 h after — sent.
  assert.deepEqual(at(36), ['email-1440', 'sms-1440']);
  // Booked 7 days and 2 hours ahead: no 7-day e-mail; 10 days ahead: yes.
  assert.deepEqual(at(7 * 24 + 2), ['email-1440', 'sms-1440']);
  assert.deepEqual(at(10 * 24), ['email-10080', 'email-1440', 'sms-1440']);
});

test('re-planning later drops reminders already past; an appointment in the past gets none', () => {
  const startsAt = new Date('2026-06-16T10:00:00Z');
  const now = new Date('2026-06-12T00:00:00Z');
  assert.deepEqual(
    planReminders({ startsAt, bookedAt: early, now, mode: 'in_person' }).map((p) => p.key),
    ['email-1440', 'sms-1440'],
  );
  assert.deepEqual(planReminders({ startsAt, bookedAt: early, now: new Date('2026-06-17T00:00:00Z'), mode: 'in_person' }), []);
});

test('policy: replaces the defaults, duplicates collapse, an empty list means none, nonsense is refused', () => {
  const startsAt = new Date('2026-06-16T10:00:00Z');
  const base = { startsAt, bookedAt: early, now: early, mode: 'teleconsultation' as const };
  assert.deepEqual(
    plan(planReminders({ ...base, policy: [{ channel: 'sms', minutesBefore: 2880 }, { channel: 'sms', minutesBefore: 2880 }, { channel: 'email', minutesBefore: 60 }] })),
    ['sms-2880 2026-06-14T10:00:00Z', 'email-60 2026-06-16T09:00:00Z'],
  );
  assert.deepEqual(planReminders({ ...base, policy: [] }), []);
  assert.equal(planReminders({ ...base, policy: null }).length, 4);
  assert.throws(() => planReminders({ ...base, policy: [{ channel: 'sms', minutesBefore: 0 }] }), RangeError);
  assert.throws(() => planReminders({ ...base, policy: [{ channel: 'sms', minutesBefore: 1.5 }] }), RangeError);
  assert.throws(() => planReminders({ ...base, policy: [{ channel: 'fax' as 'sms', minutesBefore: 60 }] }), RangeError);
});

test('parisDay uses the Paris calendar, not UTC', () => {
  assert.equal(parisDay(new Date('2026-06-15T22:30:00Z')), '2026-06-16');
  assert.equal(parisDay(new Date('2026-01-15T22:30:00Z')), '2026-01-15');
  assert.equal(parisDay(new Date('2026-01-15T23:30:00Z')), '2026-01-16');
});

test('one SMS per client and Paris day: grouped at the earliest time, naming every appointment once', () => {
  const planned = [
    { clientId: 'A', appointmentId: 'a2', sendAt: new Date('2026-06-15T17:00:00Z'), key: 'sms-1440' }, // Mon 19:00
    { clientId: 'A', appointmentId: 'a1', sendAt: new Date('2026-06-15T06:00:00Z'), key: 'sms-120' }, // Mon 08:00
    { clientId: 'A', appointmentId: 'a1', sendAt: new Date('2026-06-15T09:00:00Z'), key: 'sms-60' }, // Mon 11:00, same appointment
    { clientId: 'A', appointmentId: 'a3', sendAt: new Date('2026-06-15T22:30:00Z'), key: 'sms-1440' }, // Tue 00:30 Paris, Mon in UTC
    { clientId: 'B', appointmentId: 'b1', sendAt: new Date('2026-06-15T12:00:00Z'), key: 'sms-1440' },
  ];
  const groups = oneSmsPerDay(planned);
  assert.deepEqual(
    groups.map((g) => ({ clientId: g.clientId, day: g.day, sendAt: iso(g.sendAt), appointmentIds: g.appointmentIds, n: g.items.length })),
    [
      { clientId: 'A', day: '2026-06-15', sendAt: '2026-06-15T06:00:00Z', appointmentIds: ['a1', 'a2'], n: 3 },
      { clientId: 'B', day: '2026-06-15', sendAt: '2026-06-15T12:00:00Z', appointmentIds: ['b1'], n: 1 },
      { clientId: 'A', day: '2026-06-16', sendAt: '2026-06-15T22:30:00Z', appointmentIds: ['a3'], n: 1 },
    ],
  );
  // The caller's extra fields ride along.
  assert.equal(groups[0]!.items[0]!.key, 'sms-120');
  assert.deepEqual(oneSmsPerDay([]), []);
});
