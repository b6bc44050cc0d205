import assert from 'node:assert/strict';
import { test } from 'node:test';
import ICAL from 'ical.js';
import { appointmentEvent, appointmentUid, calendarFeed, type IcsAppointment } from './ics.ts';

// Output is read back with ical.js, a parser independent of the generator.

function appointment(over: Partial<IcsAppointment> = {}): IcsAppointment {
  return {
    id: '7b0c5a4e-1d2f-4b7a-9c3e-2f1a0b9c8d7e',
    number: 1042,
    // Monday 30 March 2026, 09:30–10:00 in Paris (CEST, UTC+2).
    startsAt: new Date('2026-03-30T07:30:00Z'),
    endsAt: new Date('2026-03-30T08:00:00Z'),
    status: 'booked',
    sequence: 0,
    title: 'Rendez-vous médical',
    location: '12 rue de la Paix, 75002 Paris',
    description: 'Détails et annulation : https://parcours.example.fr/r/abc',
    url: 'https://parcours.example.fr/r/abc',
    organizer: { name: 'Parcours', email: 'rdv@parcours.example.fr' },
    attendee: { name: 'Camille Durand', email: 'camille@example.fr' },
    ...over,
  };
}

function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const events = calendar.getAllSubcomponents('vevent').map((v) => ({ vevent: v, event: new ICAL.Event(v) }));
  return { calendar, events };
}

const stamp = new Date('2026-03-01T10:00:00Z');

test('REQUEST: one event with a stable UID, the right instants, sequence and status', () => {
  const ics = appointmentEvent(appointment(), 'REQUEST', { stamp });
  assert.ok(ics.includes('\r\n'), 'CRLF line endings');
  const { calendar, events } = parse(ics);
  assert.equal(calendar.getFirstPropertyValue('method'), 'REQUEST');
  assert.equal(calendar.getFirstPropertyValue('version'), '2.0');
  assert.equal(events.length, 1);
  const { vevent, event } = events[0]!;
  assert.equal(event.uid, 'appointment-7b0c5a4e-1d2f-4b7a-9c3e-2f1a0b9c8d7e@parcours');
  assert.equal(event.uid, appointmentUid('7b0c5a4e-1d2f-4b7a-9c3e-2f1a0b9c8d7e'));
  assert.equal(event.startDate.toJSDate().toISOString(), '2026-03-30T07:30:00.000Z');
  assert.equal(event.endDate.toJSDate().toISOString(), '2026-03-30T08:00:00.000Z');
  assert.equal(event.sequence, 0);
  assert.equal(vevent.getFirstPropertyValue('status'), 'CONFIRMED');
  assert.equal(vevent.getFirstPropertyValue('class'), 'PRIVATE');
  assert.equal(event.summary, 'Rendez-vous médical');
  assert.equal(event.location, '12 rue de la Paix, 75002 Paris', 'commas survive escaping');
  assert.equal(event.description, 'Détails et annulation : https://parcours.example.fr/r/abc');
  assert.equal(vevent.getFirstPropertyValue('url'), 'https://parcours.example.fr/r/abc');
  assert.equal(String(vevent.getFirstPropertyValue('organizer')).toLowerCase(), 'mailto:rdv@parcours.example.fr');
  assert.equal(String(vevent.getFirstPropertyValue('attendee')).toLowerCase(), 'mailto:camille@example.fr');
  assert.equal(vevent.getFirstPropertyValue('x-parcours-number'), '1042');
  const dtstamp = vevent.getFirstPropertyValue('dtstamp') as InstanceType<typeof ICAL.Time>;
  assert.equal(dtstamp.toJSDate().toISOString(), stamp.toISOString());
});

test('a change keeps the UID and raises SEQUENCE; a cancellation is STATUS:CANCELLED with METHOD:CANCEL', () => {
  const first = parse(appointmentEvent(appointment(), 'REQUEST', { stamp })).events[0]!.event;
  const moved = parse(
    appointmentEvent(appointment({ sequence: 1, startsAt: new Date('2026-04-02T12:00:00Z'), endsAt: new Date('2026-04-02T12:30:00Z') }), 'REQUEST', { stamp }),
  ).events[0]!.event;
  assert.equal(moved.uid, first.uid);
  assert.equal(moved.sequence, 1);
  assert.equal(moved.startDate.toJSDate().toISOString(), '2026-04-02T12:00:00.000Z');

  const cancelledIcs = appointmentEvent(appointment({ sequence: 2, status: 'cancelled' }), 'CANCEL', { stamp });
  const cancelled = parse(cancelledIcs);
  assert.equal(cancelled.calendar.getFirstPropertyValue('method'), 'CANCEL');
  assert.equal(cancelled.events[0]!.event.uid, first.uid);
  assert.equal(cancelled.events[0]!.event.sequence, 2);
  assert.equal(cancelled.events[0]!.vevent.getFirstPropertyValue('status'), 'CANCELLED');

  // METHOD:CANCEL forces the status even if the caller forgot to change it.
  const forced = parse(appointmentEvent(appointment({ sequence: 3 }), 'CANCEL', { stamp }));
  assert.equal(forced.events[0]!.vevent.getFirstPropertyValue('status'), 'CANCELLED');
  // A slot held by a proposal is tentative.
  const held = parse(appointmentEvent(appointment({ status: 'held' }), 'PUBLISH', { stamp }));
  assert.equal(held.events[0]!.vevent.getFirstPropertyValue('status'), 'TENTATIVE');
});

test('instants are exact across DST: winter and summer appointments at 9:00 Paris', () => {
  const winter = appointment({ startsAt: new Date('2026-10-26T08:00:00Z'), endsAt: new Date('2026-10-26T08:30:00Z') });
  const summer = appointment({ startsAt: new Date('2026-03-30T07:00:00Z'), endsAt: new Date('2026-03-30T07:30:00Z') });
  for (const a of [winter, summer]) {
    const { event } = parse(appointmentEvent(a, 'PUBLISH', { stamp })).events[0]!;
    assert.equal(event.startDate.toJSDate().getTime(), a.startsAt.getTime());
    assert.equal(event.startDate.zone?.tzid, 'UTC');
    const paris = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' }).format(event.startDate.toJSDate());
    assert.equal(paris, '09:00');
  }
});

test('long and special text is escaped and folded, and parses back unchanged', () => {
  const description = `Ligne 1; avec, ponctuation\\ et "guillemets"\nLigne 2 — ${'très long texte '.repeat(12)}`;
  const ics = appointmentEvent(appointment({ description, location: null, url: null, organizer: undefined, attendee: undefined }), 'PUBLISH', { stamp });
  for (const line of ics.split('\r\n')) assert.ok(Buffer.byteLength(line, 'utf8') <= 75, `folded: ${line}`);
  const { vevent, event } = parse(ics).events[0]!;
  assert.equal(event.description, description);
  assert.equal(vevent.getFirstPropertyValue('location'), null);
  assert.equal(vevent.getFirstPropertyValue('organizer'), null);
});

test('invalid input is refused', () => {
  assert.throws(() => appointmentEvent(appointment({ endsAt: new Date('2026-03-30T07:30:00Z') }), 'REQUEST'), RangeError);
  assert.throws(() => appointmentEvent(appointment({ sequence: -1 }), 'REQUEST'), RangeError);
});

test('feed: METHOD:PUBLISH, name and refresh hints, live events only, in order', () => {
  const events = [
    appointment({ id: 'b', number: 2, startsAt: new Date('2026-04-10T08:00:00Z'), endsAt: new Date('2026-04-10T08:30:00Z') }),
    appointment({ id: 'a', number: 1 }),
    appointment({ id: 'c', number: 3, status: 'cancelled', sequence: 1 }),
    appointment({ id: 'd', number: 4, status: 'released' }),
  ];
  const ics = calendarFeed('Parcours — mes rendez-vous', events, { stamp });
  const { calendar, events: parsed } = parse(ics);
  assert.equal(calendar.getFirstPropertyValue('method'), 'PUBLISH');
  assert.equal(calendar.getFirstPropertyValue('x-wr-calname'), 'Parcours — mes rendez-vous');
  assert.match(ics, /\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n/);
  assert.match(ics, /\r\nX-PUBLISHED-TTL:PT1H\r\n/);
  assert.deepEqual(
    parsed.map((p) => p.event.uid),
    [appointmentUid('a'), appointmentUid('b')],
  );
  assert.ok(parsed.every((p) => p.vevent.getFirstPropertyValue('status') === 'CONFIRMED'));
  // An empty feed is still a valid calendar.
  assert.equal(parse(calendarFeed('Vide', [], { stamp })).events.length, 0);
});
