import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Temporal } from 'temporal-polyfill';
import {
  type ConsultationMode,
  type ExceptionWindow,
  freeSlots,
  type Interval,
  intersectIntervals,
  localTimeToInstant,
  mergeIntervals,
  openIntervals,
  overlaps,
  type Slot,
  type SlotQuery,
  subtractIntervals,
  type WeeklyRule,
} from './availability.ts';

// Every expected instant below is written in UTC and was worked out by hand from the offsets of
// Europe/Paris: CET = UTC+1 in winter, CEST = UTC+2 in summer (2026: from 03-29 to 10-25).

const PARIS = 'Europe/Paris';
const u = (iso: string): Date => new Date(iso);
const iv = (start: string, end: string): Interval => ({ start: u(start), end: u(end) });

function rule(weekday: number, startTime: string, endTime: string, extra: Partial<WeeklyRule> = {}): WeeklyRule {
  return { placeId: 'cabinet', weekday, startTime, endTime, modes: ['in_person'], timeZone: PARIS, ...extra };
}

function query(extra: Partial<SlotQuery>): SlotQuery {
  return {
    rules: [],
    exceptions: [],
    busy: [],
    durationMinutes: 30,
    stepMinutes: 15,
    bufferMinutes: 0,
    minNoticeMinutes: 0,
    mode: 'in_person',
    from: u('2026-06-08T00:00:00Z'),
    to: u('2026-06-15T00:00:00Z'),
    now: u('2026-01-01T00:00:00Z'),
    ...extra,
  };
}

/** Intervals as 'start/end' ISO strings, for readable deep-equal failures. */
const spans = (list: Interval[]): string[] => list.map((i) => `${i.start.toISOString()}/${i.end.toISOString()}`);
const starts = (slots: Slot[]): string[] => slots.map((s) => s.start.toISOString());

const WEEKDAYS_9_TO_12_AND_14_TO_18: WeeklyRule[] = [1, 2, 3, 4, 5].flatMap((d) => [rule(d, '09:00', '12:00'), rule(d, '14:00', '18:00')]);

describe('interval helpers', () => {
  test('mergeIntervals sorts, merges overlapping and touching intervals, drops empty ones', () => {
    const merged = mergeIntervals([
      iv('2026-01-01T10:00:00Z', '2026-01-01T11:00:00Z'),
      iv('2026-01-01T08:00:00Z', '2026-01-01T09:00:00Z'),
      iv('2026-01-01T09:00:00Z', '2026-01-01T09:30:00Z'),
      iv('2026-01-01T10:30:00Z', '2026-01-01T12:00:00Z'),
      iv('2026-01-01T13:00:00Z', '2026-01-01T13:00:00Z'),
    ]);
    assert.deepEqual(spans(merged), ['2026-01-01T08:00:00.000Z/2026-01-01T09:30:00.000Z', '2026-01-01T10:00:00.000Z/2026-01-01T12:00:00.000Z']);
  });

  test('subtractIntervals and intersectIntervals', () => {
    const base = [iv('2026-01-01T08:00:00Z', '2026-01-01T12:00:00Z'), iv('2026-01-01T14:00:00Z', '2026-01-01T18:00:00Z')];
    const cut = [iv('2026-01-01T09:00:00Z', '2026-01-01T10:00:00Z'), iv('2026-01-01T11:30:00Z', '2026-01-01T15:00:00Z')];
    assert.deepEqual(spans(subtractIntervals(base, cut)), [
      '2026-01-01T08:00:00.000Z/2026-01-01T09:00:00.000Z',
      '2026-01-01T10:00:00.000Z/2026-01-01T11:30:00.000Z',
      '2026-01-01T15:00:00.000Z/2026-01-01T18:00:00.000Z',
    ]);
    assert.deepEqual(spans(intersectIntervals(base, cut)), [
      '2026-01-01T09:00:00.000Z/2026-01-01T10:00:00.000Z',
      '2026-01-01T11:30:00.000Z/2026-01-01T12:00:00.000Z',
      '2026-01-01T14:00:00.000Z/2026-01-01T15:00:00.000Z',
    ]);
    assert.equal(overlaps(base[0]!, iv('2026-01-01T12:00:00Z', '2026-01-01T13:00:00Z')), false, 'half-open: touching is not overlapping');
  });

  test('localTimeToInstant: ordinary, skipped and repeated local times', () => {
    assert.equal(localTimeToInstant('2026-01-15', '09:00').toISOString(), '2026-01-15T08:00:00.000Z');
    assert.equal(localTimeToInstant('2026-07-15', '09:00').toISOString(), '2026-07-15T07:00:00.000Z');
    // 02:30 does not exist on 2026-03-29: the clock first reads 02:30 or later at 03:00 CEST.
    assert.equal(localTimeToInstant('2026-03-29', '02:30').toISOString(), '2026-03-29T01:00:00.000Z');
    // 02:30 happens twice on 2026-10-25: the first time, in CEST.
    assert.equal(localTimeToInstant('2026-10-25', '02:30').toISOString(), '2026-10-25T00:30:00.000Z');
    assert.equal(localTimeToInstant('2026-10-25', '03:00').toISOString(), '2026-10-25T02:00:00.000Z');
    assert.equal(localTimeToInstant('2026-10-25', '24:00').toISOString(), '2026-10-25T23:00:00.000Z');
    assert.equal(localTimeToInstant('2026-06-01', '09:00', 'Indian/Reunion').toISOString(), '2026-06-01T05:00:00.000Z');
  });
});

describe('opening hours', () => {
  test('a normal week: two openings a day, Monday to Friday, in summer time', () => {
    const open = openIntervals({ rules: WEEKDAYS_9_TO_12_AND_14_TO_18, exceptions: [], mode: 'in_person', from: u('2026-06-08T00:00:00Z'), to: u('2026-06-15T00:00:00Z') });
    assert.equal(open.length, 10);
    assert.deepEqual(spans(open.slice(0, 2)), ['2026-06-08T07:00:00.000Z/2026-06-08T10:00:00.000Z', '2026-06-08T12:00:00.000Z/2026-06-08T16:00:00.000Z']);
    assert.deepEqual(spans(open.slice(-1)), ['2026-06-12T12:00:00.000Z/2026-06-12T16:00:00.000Z']);
    assert.ok(open.every((i) => i.placeId === 'cabinet'));

    const slots = freeSlots(query({ rules: WEEKDAYS_9_TO_12_AND_14_TO_18 }));
    // 3 h → 11 starts of 30 min every 15 min; 4 h → 15; × 5 days.
    assert.equal(slots.length, (11 + 15) * 5);
    assert.deepEqual(starts(slots.slice(0, 3)), ['2026-06-08T07:00:00.000Z', '2026-06-08T07:15:00.000Z', '2026-06-08T07:30:00.000Z']);
    assert.equal(slots[10]!.end.toISOString(), '2026-06-08T10:00:00.000Z', 'the last morning slot ends at noon');
    assert.equal(slots[11]!.start.toISOString(), '2026-06-08T12:00:00.000Z');
    assert.ok(slots.every((s, i) => i === 0 || s.start > slots[i - 1]!.start), 'sorted, no duplicates');
  });

  test('openIntervals clips to [from, to) and overlapping rules merge', () => {
    const rules = [rule(1, '09:00', '12:00'), rule(1, '11:00', '13:00'), rule(1, '13:00', '14:00')];
    const open = openIntervals({ rules, exceptions: [], mode: 'in_person', from: u('2026-06-08T08:00:00Z'), to: u('2026-06-08T11:30:00Z') });
    assert.deepEqual(spans(open), ['2026-06-08T08:00:00.000Z/2026-06-08T11:30:00.000Z']);
  });

  test('wall-clock rules keep their local time across a DST change, so the UTC instant moves', () => {
    const rules = [rule(1, '09:00', '12:00')];
    const open = openIntervals({ rules, exceptions: [], mode: 'in_person', from: u('2026-03-23T00:00:00Z'), to: u('2026-04-01T00:00:00Z') });
    assert.deepEqual(spans(open), ['2026-03-23T08:00:00.000Z/2026-03-23T11:00:00.000Z', '2026-03-30T07:00:00.000Z/2026-03-30T10:00:00.000Z']);
  });

  test('DST spring-forward (2026-03-29): a 01:00–04:00 rule lasts 2 real hours', () => {
    const rules = [rule(7, '01:00', '04:00')];
    const open = openIntervals({ rules, exceptions: [], mode: 'in_person', from: u('2026-03-21T00:00:00Z'), to: u('2026-04-06T00:00:00Z') });
    assert.deepEqual(spans(open), [
      '2026-03-22T00:00:00.000Z/2026-03-22T03:00:00.000Z', // CET: 3 h
      '2026-03-29T00:00:00.000Z/2026-03-29T02:00:00.000Z', // 01:00 CET → 04:00 CEST: 2 h
      '2026-04-04T23:00:00.000Z/2026-04-05T02:00:00.000Z', // CEST: 3 h
    ]);
    const slots = freeSlots(query({ rules, durationMinutes: 30, stepMinutes: 30, from: u('2026-03-28T12:00:00Z'), to: u('2026-03-29T12:00:00Z') }));
    // Local 01:00, 01:30, then the clock jumps: 03:00, 03:30 — four slots, none lost, none invented.
    assert.deepEqual(starts(slots), ['2026-03-29T00:00:00.000Z', '2026-03-29T00:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-29T01:30:00.000Z']);
  });

  test('DST fall-back (2026-10-25): a 01:00–04:00 rule lasts 4 real hours, and the repeated hour gives distinct slots', () => {
    const rules = [rule(7, '01:00', '04:00')];
    const open = openIntervals({ rules, exceptions: [], mode: 'in_person', from: u('2026-10-24T00:00:00Z'), to: u('2026-10-26T00:00:00Z') });
    assert.deepEqual(spans(open), ['2026-10-24T23:00:00.000Z/2026-10-25T03:00:00.000Z']);
    const slots = freeSlots(query({ rules, durationMinutes: 60, stepMinutes: 60, from: u('2026-10-24T00:00:00Z'), to: u('2026-10-26T00:00:00Z') }));
    // Local 01:00 CEST, 02:00 CEST, 02:00 CET, 03:00 CET.
    assert.deepEqual(starts(slots), ['2026-10-24T23:00:00.000Z', '2026-10-25T00:00:00.000Z', '2026-10-25T01:00:00.000Z', '2026-10-25T02:00:00.000Z']);
  });

  test('DST days: a whole-day rule lasts 23 h and 25 h; a rule wholly inside the skipped hour gives nothing', () => {
    const whole = [rule(7, '00:00', '24:00')];
    const march = openIntervals({ rules: whole, exceptions: [], mode: 'in_person', from: u('2026-03-28T12:00:00Z'), to: u('2026-03-29T23:30:00Z') });
    assert.deepEqual(spans(march), ['2026-03-28T23:00:00.000Z/2026-03-29T22:00:00.000Z']);
    const october = openIntervals({ rules: whole, exceptions: [], mode: 'in_person', from: u('2026-10-24T12:00:00Z'), to: u('2026-10-25T23:30:00Z') });
    assert.deepEqual(spans(october), ['2026-10-24T22:00:00.000Z/2026-10-25T23:00:00.000Z']);
    const gap = openIntervals({ rules: [rule(7, '02:00', '02:30')], exceptions: [], mode: 'in_person', from: u('2026-03-28T00:00:00Z'), to: u('2026-03-30T00:00:00Z') });
    assert.deepEqual(gap, []);
    // Two rules meeting inside the gap stay contiguous.
    const split = openIntervals({
      rules: [rule(7, '01:00', '02:30'), rule(7, '02:30', '04:00')],
      exceptions: [],
      mode: 'in_person',
      from: u('2026-03-28T00:00:00Z'),
      to: u('2026-03-30T00:00:00Z'),
    });
    assert.deepEqual(spans(split), ['2026-03-29T00:00:00.000Z/2026-03-29T02:00:00.000Z']);
  });

  test('a range crossing midnight, as two rules, across the end of the week (Sunday → Monday)', () => {
    const rules = [rule(7, '22:00', '24:00'), rule(1, '00:00', '02:00')];
    const open = openIntervals({ rules, exceptions: [], mode: 'in_person', from: u('2026-06-14T00:00:00Z'), to: u('2026-06-15T12:00:00Z') });
    assert.deepEqual(spans(open), ['2026-06-14T20:00:00.000Z/2026-06-15T00:00:00.000Z'], 'one continuous 4-hour interval');

    const slots = freeSlots(query({ rules, durationMinutes: 60, stepMinutes: 30, from: u('2026-06-14T00:00:00Z'), to: u('2026-06-15T12:00:00Z') }));
    assert.deepEqual(starts(slots), [
      '2026-06-14T20:00:00.000Z',
      '2026-06-14T20:30:00.000Z',
      '2026-06-14T21:00:00.000Z',
      '2026-06-14T21:30:00.000Z', // 23:30 → 00:30 local, across midnight
      '2026-06-14T22:00:00.000Z',
      '2026-06-14T22:30:00.000Z',
      '2026-06-14T23:00:00.000Z',
    ]);

    // Searching from Monday 00:30 local keeps the grid of the opening (Sunday 22:00 + k × 45 min).
    const late = freeSlots(query({ rules, durationMinutes: 45, stepMinutes: 45, from: u('2026-06-14T22:30:00Z'), to: u('2026-06-15T12:00:00Z') }));
    assert.deepEqual(starts(late), ['2026-06-14T23:00:00.000Z']);
  });

  test('validity dates are inclusive local dates', () => {
    const rules = [rule(1, '09:00', '10:00', { validUntil: '2026-06-08' }), rule(1, '14:00', '15:00', { validFrom: '2026-06-15', validUntil: '2026-06-15' })];
    const open = openIntervals({ rules, exceptions: [], mode: 'in_person', from: u('2026-06-01T00:00:00Z'), to: u('2026-06-30T00:00:00Z') });
    assert.deepEqual(spans(open), [
      '2026-06-01T07:00:00.000Z/2026-06-01T08:00:00.000Z',
      '2026-06-08T07:00:00.000Z/2026-06-08T08:00:00.000Z',
      '2026-06-15T12:00:00.000Z/2026-06-15T13:00:00.000Z',
    ]);
  });

  test('closures and extra openings: per place or for all places; a closure wins over an opening', () => {
    const rules = [rule(1, '09:00', '12:00'), rule(1, '14:00', '18:00', { placeId: 'clinique' })];
    const window = { mode: 'in_person' as const, from: u('2026-06-08T00:00:00Z'), to: u('2026-06-09T00:00:00Z') };

    const closedAll: ExceptionWindow = { kind: 'closed', placeId: null, ...iv('2026-06-08T08:00:00Z', '2026-06-08T13:00:00Z') };
    assert.deepEqual(spans(openIntervals({ rules, exceptions: [closedAll], ...window })), [
      '2026-06-08T07:00:00.000Z/2026-06-08T08:00:00.000Z',
      '2026-06-08T13:00:00.000Z/2026-06-08T16:00:00.000Z',
    ]);

    const closedCabinet: ExceptionWindow = { kind: 'closed', placeId: 'cabinet', ...iv('2026-06-08T00:00:00Z', '2026-06-09T00:00:00Z') };
    const onlyClinique = openIntervals({ rules, exceptions: [closedCabinet], ...window });
    assert.deepEqual(
      onlyClinique.map((i) => i.placeId),
      ['clinique'],
    );

    const extra: ExceptionWindow = { kind: 'open', placeId: 'cabinet', ...iv('2026-06-08T10:00:00Z', '2026-06-08T11:00:00Z') };
    const withExtra = openIntervals({ rules, exceptions: [extra], ...window });
    assert.deepEqual(
      withExtra.map((i) => `${i.placeId} ${i.start.toISOString()}/${i.end.toISOString()}`),
      ['cabinet 2026-06-08T07:00:00.000Z/2026-06-08T11:00:00.000Z', 'clinique 2026-06-08T12:00:00.000Z/2026-06-08T16:00:00.000Z'],
      'the extra hour extends the morning of its own place only',
    );

    const saturday: ExceptionWindow = { kind: 'open', placeId: 'cabinet', ...iv('2026-06-13T07:00:00Z', '2026-06-13T09:00:00Z') };
    const closedSaturday: ExceptionWindow = { kind: 'closed', placeId: null, ...iv('2026-06-13T08:00:00Z', '2026-06-13T12:00:00Z') };
    const sat = freeSlots(query({ rules, exceptions: [saturday, closedSaturday], durationMinutes: 30, stepMinutes: 30, from: u('2026-06-13T00:00:00Z'), to: u('2026-06-14T00:00:00Z') }));
    assert.deepEqual(starts(sat), ['2026-06-13T07:00:00.000Z', '2026-06-13T07:30:00.000Z']);

    // The in-person cabinet does not become bookable by video because of an extra opening.
    const tele = freeSlots(query({ rules, exceptions: [saturday], mode: 'teleconsultation', from: u('2026-06-13T00:00:00Z'), to: u('2026-06-14T00:00:00Z') }));
    assert.deepEqual(tele, []);
    const explicit = freeSlots(
      query({ rules, exceptions: [{ ...saturday, modes: ['teleconsultation'] }], mode: 'teleconsultation', from: u('2026-06-13T00:00:00Z'), to: u('2026-06-14T00:00:00Z') }),
    );
    assert.equal(explicit.length, 7);
  });

  test('a closed window in the middle of an opening restarts the grid at its end', () => {
    const closed: ExceptionWindow = { kind: 'closed', placeId: null, ...iv('2026-06-08T07:20:00Z', '2026-06-08T07:35:00Z') };
    const slots = freeSlots(query({ rules: [rule(1, '09:00', '10:00')], exceptions: [closed], durationMinutes: 20, stepMinutes: 20 }));
    assert.deepEqual(starts(slots), ['2026-06-08T07:00:00.000Z', '2026-06-08T07:35:00.000Z']);
  });

  test('teleconsultation-only rules serve only teleconsultation queries; a mixed rule serves both', () => {
    const rules = [
      rule(2, '18:00', '20:00', { placeId: null, modes: ['teleconsultation'] }),
      rule(3, '09:00', '10:00', { modes: ['in_person', 'teleconsultation'] }),
    ];
    const inPerson = freeSlots(query({ rules, durationMinutes: 60, stepMinutes: 60 }));
    assert.deepEqual(
      inPerson.map((s) => `${s.placeId} ${s.start.toISOString()}`),
      ['cabinet 2026-06-10T07:00:00.000Z'],
    );
    const tele = freeSlots(query({ rules, durationMinutes: 60, stepMinutes: 60, mode: 'teleconsultation' }));
    assert.deepEqual(
      tele.map((s) => `${s.placeId} ${s.start.toISOString()}`),
      ['null 2026-06-09T16:00:00.000Z', 'null 2026-06-09T17:00:00.000Z', 'cabinet 2026-06-10T07:00:00.000Z'],
    );
  });

  test('bad rules are refused with the faulty field named', () => {
    const base = { exceptions: [], mode: 'in_person' as const, from: u('2026-06-08T00:00:00Z'), to: u('2026-06-09T00:00:00Z') };
    assert.throws(() => openIntervals({ rules: [rule(1, '22:00', '02:00')], ...base }), /rules\[0\]\.endTime/);
    assert.throws(() => openIntervals({ rules: [rule(8, '09:00', '10:00')], ...base }), /rules\[0\]\.weekday/);
    assert.throws(() => openIntervals({ rules: [rule(1, '9:00', '10:00')], ...base }), /rules\[0\]\.startTime/);
    assert.throws(() => openIntervals({ rules: [rule(1, '09:00', '24:30')], ...base }), /rules\[0\]\.endTime/);
    assert.throws(() => openIntervals({ rules: [rule(1, '09:00', '10:00', { validFrom: '2026-02-30' })], ...base }), /rules\[0\]\.validFrom/);
    assert.throws(() => freeSlots(query({ stepMinutes: 0 })), /stepMinutes/);
  });
});

describe('free slots', () => {
  const monday = [rule(1, '09:00', '12:00')];

  test('busy intervals are widened by the buffer on both sides', () => {
    const busy = [iv('2026-06-08T08:00:00Z', '2026-06-08T08:30:00Z')]; // 10:00–10:30 local
    const slots = freeSlots(query({ rules: monday, busy, bufferMinutes: 10, from: u('2026-06-08T00:00:00Z'), to: u('2026-06-09T00:00:00Z') }));
    // Free: 09:00–09:50 and 10:40–12:00 local; the grid stays 09:00 + k × 15 min.
    assert.deepEqual(starts(slots), [
      '2026-06-08T07:00:00.000Z',
      '2026-06-08T07:15:00.000Z',
      '2026-06-08T08:45:00.000Z',
      '2026-06-08T09:00:00.000Z',
      '2026-06-08T09:15:00.000Z',
      '2026-06-08T09:30:00.000Z',
    ]);
    const noBuffer = freeSlots(query({ rules: monday, busy, from: u('2026-06-08T00:00:00Z'), to: u('2026-06-09T00:00:00Z') }));
    assert.ok(starts(noBuffer).includes('2026-06-08T07:30:00.000Z'), 'a slot may end exactly when an appointment starts');
    assert.ok(starts(noBuffer).includes('2026-06-08T08:30:00.000Z'), 'and start exactly when it ends');
  });

  test('minimum notice: nothing before now + notice, and the grid is kept', () => {
    const now = u('2026-06-08T06:50:00Z'); // 08:50 local
    const slots = freeSlots(query({ rules: monday, now, minNoticeMinutes: 120, from: u('2026-06-08T00:00:00Z'), to: u('2026-06-09T00:00:00Z') }));
    assert.equal(slots[0]!.start.toISOString(), '2026-06-08T09:00:00.000Z', '11:00 local, the first grid point after 10:50');
    assert.equal(slots.length, 3);
  });

  test('slots lie within [from, to)', () => {
    const slots = freeSlots(query({ rules: monday, from: u('2026-06-08T07:10:00Z'), to: u('2026-06-08T08:00:00Z') }));
    assert.deepEqual(starts(slots), ['2026-06-08T07:15:00.000Z', '2026-06-08T07:30:00.000Z']);
  });

  test('client constraints: weekdays and a local time window (the slot must end by latestTime)', () => {
    const q = query({ rules: WEEKDAYS_9_TO_12_AND_14_TO_18, constraints: { weekdays: [3], earliestTime: '10:00', latestTime: '11:00' } });
    assert.deepEqual(starts(freeSlots(q)), ['2026-06-10T08:00:00.000Z', '2026-06-10T08:15:00.000Z', '2026-06-10T08:30:00.000Z']);
    const afternoons = freeSlots(query({ rules: WEEKDAYS_9_TO_12_AND_14_TO_18, constraints: { earliestTime: '17:00' } }));
    assert.equal(afternoons.length, 5 * 3);
    assert.equal(freeSlots(query({ rules: WEEKDAYS_9_TO_12_AND_14_TO_18, constraints: { weekdays: [] } })).length, (11 + 15) * 5, 'an empty weekday list constrains nothing');
  });

  test("constraints are read in the client's time zone, rules in the practitioner's", () => {
    // A practitioner in La Réunion (UTC+4, no DST), 08:00–12:00 local; a client in Paris (UTC+2
    // in June) who can only make 08:00–09:00 Paris time, i.e. 10:00–11:00 in La Réunion.
    const rules = [rule(1, '08:00', '12:00', { timeZone: 'Indian/Reunion', placeId: null, modes: ['teleconsultation'] })];
    const slots = freeSlots(
      query({ rules, mode: 'teleconsultation', durationMinutes: 30, stepMinutes: 30, timeZone: PARIS, constraints: { earliestTime: '08:00', latestTime: '09:00' } }),
    );
    assert.deepEqual(starts(slots), ['2026-06-08T06:00:00.000Z', '2026-06-08T06:30:00.000Z']);
  });

  test('limit returns the first N slots across places, in order', () => {
    const rules = [rule(1, '09:00', '10:00', { placeId: 'b' }), rule(1, '09:30', '11:00', { placeId: 'a' })];
    const all = freeSlots(query({ rules }));
    assert.deepEqual(
      all.slice(0, 5).map((s) => `${s.placeId} ${s.start.toISOString()}`),
      ['b 2026-06-08T07:00:00.000Z', 'b 2026-06-08T07:15:00.000Z', 'a 2026-06-08T07:30:00.000Z', 'b 2026-06-08T07:30:00.000Z', 'a 2026-06-08T07:45:00.000Z'],
    );
    for (const n of [1, 3, 4, 5, 12, 100]) assert.deepEqual(freeSlots(query({ rules, limit: n })), all.slice(0, n), `limit ${n}`);
    assert.deepEqual(freeSlots(query({ rules, limit: 0 })), []);
  });
});

// ---------------------------------------------------------------------------------------------
// Property test over random inputs (seeded, so a failure is reproducible).

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

function localDate(ms: number, timeZone = PARIS): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone).toPlainDate();
}

/** Opening hours built naively, independently of openIntervals: one rule instance at a time. */
function naiveOpenHours(rules: WeeklyRule[], exceptions: ExceptionWindow[], mode: ConsultationMode, placeId: string | null, fromMs: number, toMs: number): Interval[] {
  const instances: Interval[] = [];
  for (let d = localDate(fromMs).subtract({ days: 2 }); d.toString() <= localDate(toMs).add({ days: 1 }).toString(); d = d.add({ days: 1 })) {
    for (const r of rules) {
      if (r.placeId !== placeId || !r.modes.includes(mode) || r.weekday !== d.dayOfWeek) continue;
      if ((r.validFrom && d.toString() < r.validFrom) || (r.validUntil && d.toString() > r.validUntil)) continue;
      instances.push({ start: localTimeToInstant(d.toString(), r.startTime, r.timeZone), end: localTimeToInstant(d.toString(), r.endTime, r.timeZone) });
    }
  }
  const placeModes = new Set(rules.filter((r) => r.placeId === placeId).flatMap((r) => r.modes));
  const opens = exceptions.filter((x) => x.kind === 'open' && x.placeId === placeId && (x.modes ? x.modes.includes(mode) : placeModes.size > 0 ? placeModes.has(mode) : mode === (placeId === null ? 'teleconsultation' : 'in_person')));
  const closed = exceptions.filter((x) => x.kind === 'closed' && (x.placeId === null || x.placeId === placeId) && (!x.modes || x.modes.includes(mode)));
  return subtractIntervals([...instances, ...opens], closed);
}

test('property: slots avoid busy time (with buffers), lie inside opening hours, and none is missing', () => {
  const rand = mulberry32(20261025);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  const places = [null, 'a', 'b'] as const;
  const modeSets: ConsultationMode[][] = [['in_person'], ['teleconsultation'], ['in_person', 'teleconsultation']];
  // Weeks around both 2026 DST changes, and an ordinary one.
  const bases = ['2026-03-26T00:00:00Z', '2026-03-28T18:00:00Z', '2026-10-22T00:00:00Z', '2026-10-24T20:00:00Z', '2026-06-10T00:00:00Z'].map((s) => Date.parse(s));
  let slotsChecked = 0;

  for (let iteration = 0; iteration < 250; iteration++) {
    const fromMs = pick(bases) + int(0, 24 * 4) * 15 * MIN;
    const toMs = fromMs + int(1, 6) * DAY + int(0, 23) * HOUR;
    const zone = rand() < 0.85 ? PARIS : 'Indian/Reunion';
    const rules: WeeklyRule[] = Array.from({ length: int(1, 7) }, () => {
      const start = rand() < 0.3 ? pick([0, 60, 90, 120, 150, 1320]) : int(0, 95) * 15;
      const end = Math.min(1440, start + int(1, 48) * 15);
      const validity = rand() < 0.2 ? localDate(fromMs + int(-1, 5) * DAY).toString() : null;
      return {
        placeId: pick(places),
        weekday: int(1, 7),
        startTime: hhmm(start),
        endTime: hhmm(end),
        modes: pick(modeSets),
        validFrom: rand() < 0.5 ? validity : null,
        validUntil: rand() < 0.5 ? null : validity,
        timeZone: zone,
      };
    });
    // Exceptions inside [from, to), so the grid origin of freeSlots is known to the oracle.
    const exceptions: ExceptionWindow[] = Array.from({ length: int(0, 4) }, () => {
      const s = fromMs + int(0, Math.floor((toMs - fromMs) / (15 * MIN)) - 1) * 15 * MIN;
      return {
        kind: pick(['open', 'closed'] as const),
        placeId: pick(places),
        start: new Date(s),
        end: new Date(Math.min(toMs, s + int(1, 32) * 15 * MIN)),
        ...(rand() < 0.3 ? { modes: pick(modeSets) } : {}),
      };
    });
    const busy: Interval[] = Array.from({ length: int(0, 12) }, () => {
      const s = fromMs + int(-12, Math.floor((toMs - fromMs) / (5 * MIN))) * 5 * MIN;
      return { start: new Date(s), end: new Date(s + int(1, 24) * 5 * MIN) };
    });
    const weekdays = rand() < 0.3 ? Array.from({ length: int(1, 4) }, () => int(1, 7)) : undefined;
    const q: SlotQuery = {
      rules,
      exceptions,
      busy,
      durationMinutes: pick([10, 15, 20, 30, 45, 60, 90]),
      stepMinutes: pick([5, 10, 15, 20, 30, 45]),
      bufferMinutes: pick([0, 0, 5, 10, 15]),
      minNoticeMinutes: pick([0, 60, 120, 1440]),
      mode: pick(['in_person', 'teleconsultation'] as const),
      from: new Date(fromMs),
      to: new Date(toMs),
      now: new Date(fromMs + int(-24, 72) * HOUR),
      ...(weekdays ? { constraints: { weekdays } } : {}),
    };
    const label = `iteration ${iteration}: ${JSON.stringify(q)}`;
    const slots = freeSlots(q);
    const durMs = q.durationMinutes * MIN;
    const stepMs = q.stepMinutes * MIN;
    const lower = Math.max(fromMs, q.now.getTime() + q.minNoticeMinutes * MIN);
    const widened = busy.map((b) => ({ start: new Date(b.start.getTime() - q.bufferMinutes * MIN), end: new Date(b.end.getTime() + q.bufferMinutes * MIN) }));
    const dayAllowed = (ms: number) => !weekdays || weekdays.includes(Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(PARIS).dayOfWeek);
    const naive = new Map(places.map((p) => [p, naiveOpenHours(rules, exceptions, q.mode, p, fromMs, toMs)]));

    // Invariants, checked against the naive opening hours.
    for (const [i, slot] of slots.entries()) {
      const s = slot.start.getTime();
      const e = slot.end.getTime();
      assert.equal(e - s, durMs, label);
      assert.ok(s >= lower && e <= toMs, `${label}: slot ${slot.start.toISOString()} outside the window`);
      assert.ok(!widened.some((b) => overlaps(slot, b)), `${label}: slot ${slot.start.toISOString()} overlaps a busy interval`);
      assert.deepEqual(subtractIntervals([slot], naive.get(slot.placeId as (typeof places)[number])!), [], `${label}: slot ${slot.start.toISOString()} outside opening hours`);
      assert.ok(dayAllowed(s) && dayAllowed(e - 1), `${label}: slot on an excluded weekday`);
      const prev = slots[i - 1];
      if (prev) assert.ok(prev.start < slot.start || (prev.start.getTime() === s && (prev.placeId ?? '') < (slot.placeId ?? '')), `${label}: not sorted (null place first) or duplicated`);
    }

    // Completeness: every grid point of every opening interval that passes the rules is returned.
    // freeSlots computes hours from the local day before `from`: an opening running through that
    // day's start is anchored there, as it is here by clipping.
    const gridFrom = localDate(fromMs, zone).subtract({ days: 1 }).toZonedDateTime(zone).epochMilliseconds;
    const expected: string[] = [];
    for (const open of openIntervals({ rules, exceptions, mode: q.mode, from: new Date(gridFrom), to: q.to })) {
      for (let t = open.start.getTime(); t + durMs <= open.end.getTime(); t += stepMs) {
        const candidate = { start: new Date(t), end: new Date(t + durMs) };
        if (t < lower || t + durMs > toMs || widened.some((b) => overlaps(candidate, b)) || !dayAllowed(t) || !dayAllowed(t + durMs - 1)) continue;
        expected.push(`${open.placeId} ${candidate.start.toISOString()}`);
      }
    }
    expected.sort();
    assert.deepEqual(slots.map((x) => `${x.placeId} ${x.start.toISOString()}`).sort(), expected, `${label}: slots missing or extra`);

    const n = int(1, 10);
    assert.deepEqual(freeSlots({ ...q, limit: n }), slots.slice(0, n), `${label}: limit ${n}`);
    slotsChecked += slots.length;
  }
  assert.ok(slotsChecked > 1000, `the generator produced too few slots to be meaningful (${slotsChecked})`);
});
