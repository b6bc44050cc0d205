/**
 * Availability of one practitioner, computed — never stored — from weekly opening rules, dated
 * exceptions and busy time (appointments and held slots). Pure: no I/O and no clock (the caller
 * passes `now`), so it can be tested exhaustively and run for thousands of practitioners.
 *
 * Time model:
 * - Weekly rules are wall-clock times in the rule's time zone: 09:00 stays 09:00 local across a
 *   DST change, so its UTC instant moves. Every local time → instant conversion goes through the
 *   Temporal polyfill (the start of each local day, and the few days that contain a transition);
 *   no offset arithmetic is written by hand.
 * - A local time T on a local day resolves to the first instant at which that day's wall clock
 *   reads T or later. So a time that does not exist (spring-forward gap) resolves to the end of the
 *   gap, a time that exists twice (fall-back) to its first occurrence, and '24:00' to the start of
 *   the next local day. In Europe/Paris, 01:00–04:00 lasts 2 hours on 2026-03-29 and 4 hours on
 *   2026-10-25; a rule lying wholly inside the gap (02:00–02:30) gives nothing that day.
 * - Everything after that is arithmetic on half-open [start, end) intervals of epoch milliseconds.
 *
 * Speed: the start of each local day (and whether the day contains a transition) is computed once
 * per time zone and day and kept in a small bounded cache shared by all calls, so a search over
 * 30 days costs a few array passes per practitioner, with no Temporal call once the cache is warm.
 */
import { Temporal } from 'temporal-polyfill';

export type ConsultationMode = 'in_person' | 'teleconsultation';

export const DEFAULT_TIME_ZONE = 'Europe/Paris';

export interface WeeklyRule {
  /** Null: hours not tied to a place (teleconsultation). */
  placeId: string | null;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** 'HH:MM', local time in `timeZone`. */
  startTime: string;
  /** 'HH:MM', '24:00' allowed (the next local midnight). Must be after `startTime`: a range
   * crossing midnight is two rules (e.g. Sunday 22:00–24:00 and Monday 00:00–02:00). */
  endTime: string;
  modes: ConsultationMode[];
  /** Inclusive local dates 'YYYY-MM-DD'; null/absent = unbounded. */
  validFrom?: string | null;
  validUntil?: string | null;
  /** IANA zone, e.g. 'Europe/Paris'. */
  timeZone: string;
}

/** Half-open [start, end). */
export interface Interval {
  start: Date;
  end: Date;
}

export interface ExceptionWindow extends Interval {
  /** 'closed' removes time (closed wins over any opening); 'open' adds time. */
  kind: 'closed' | 'open';
  /** 'closed': null = every place (and teleconsultation hours). 'open': the place it opens. */
  placeId: string | null;
  /**
   * The modes the window applies to. When absent: a 'closed' window applies to every mode; an
   * 'open' window offers the modes the practitioner's weekly rules offer at that place (any
   * validity), or, if there is no rule for that place, in-person for a place and teleconsultation
   * for null — so an extra opening never makes a practitioner bookable in a mode they do not offer.
   */
  modes?: ConsultationMode[] | null;
}

export interface SlotConstraints {
  /** ISO weekdays the slot must lie in (start and end); absent or empty = any day. */
  weekdays?: number[];
  /** 'HH:MM' local: the slot must start at or after this time. */
  earliestTime?: string;
  /** 'HH:MM' local ('24:00' allowed): the slot must END by this time. */
  latestTime?: string;
}

export interface SlotQuery {
  rules: WeeklyRule[];
  exceptions: ExceptionWindow[];
  /** Live appointments and held slots of this practitioner (any place). */
  busy: Interval[];
  durationMinutes: number;
  stepMinutes: number;
  bufferMinutes: number;
  minNoticeMinutes: number;
  mode: ConsultationMode;
  from: Date;
  to: Date;
  now: Date;
  /** Zone of the client's constraints; default Europe/Paris. */
  timeZone?: string;
  constraints?: SlotConstraints;
  /** First N slots; absent = all. */
  limit?: number;
}

export interface Slot {
  start: Date;
  end: Date;
  placeId: string | null;
}

export type PlacedInterval = Interval & { placeId: string | null };

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const MINUTES_PER_DAY = 1440;

// ---------------------------------------------------------------------------------------------
// Interval arithmetic on epoch milliseconds (internal) and on Dates (exported).

interface Span {
  s: number;
  e: number;
}

function bySpanStart(a: Span, b: Span): number {
  return a.s - b.s || a.e - b.e;
}

/** Sorted, disjoint; overlapping or touching spans merged; empty spans dropped. */
function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((x) => x.s < x.e).sort(bySpanStart);
  const out: Span[] = [];
  for (const x of sorted) {
    const last = out[out.length - 1];
    if (last && x.s <= last.e) {
      if (x.e > last.e) last.e = x.e;
    } else {
      out.push({ s: x.s, e: x.e });
    }
  }
  return out;
}

/** `a` minus `b`, both sorted and disjoint; extra fields of `a`'s items are kept. Linear. */
function subtractSpans<T extends Span>(a: readonly T[], b: readonly Span[]): T[] {
  if (b.length === 0) return a.slice();
  const out: T[] = [];
  let j = 0;
  for (const x of a) {
    let s = x.s;
    while (j < b.length && b[j]!.e <= s) j++;
    for (let k = j; k < b.length && b[k]!.s < x.e && s < x.e; k++) {
      const cut = b[k]!;
      if (cut.s > s) out.push({ ...x, s, e: cut.s });
      if (cut.e > s) s = cut.e;
    }
    if (s < x.e) out.push({ ...x, s, e: x.e });
  }
  return out;
}

/** `a` ∩ `b`, both sorted and disjoint; extra fields of `a`'s items are kept. Linear. */
function intersectSpans<T extends Span>(a: readonly T[], b: readonly Span[]): T[] {
  const out: T[] = [];
  let j = 0;
  for (const x of a) {
    while (j < b.length && b[j]!.e <= x.s) j++;
    for (let k = j; k < b.length && b[k]!.s < x.e; k++) {
      const s = Math.max(x.s, b[k]!.s);
      const e = Math.min(x.e, b[k]!.e);
      if (s < e) out.push({ ...x, s, e });
    }
  }
  return out;
}

function toSpans(intervals: readonly Interval[]): Span[] {
  return intervals.map((i) => ({ s: i.start.getTime(), e: i.end.getTime() }));
}

function toIntervals(spans: readonly Span[]): Interval[] {
  return spans.map((x) => ({ start: new Date(x.s), end: new Date(x.e) }));
}

/** Sorted, disjoint intervals: overlapping or touching ones merged, empty ones dropped. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  return toIntervals(mergeSpans(toSpans(intervals)));
}

/** The time of `base` not covered by `remove` (inputs in any order), sorted and disjoint. */
export function subtractIntervals(base: readonly Interval[], remove: readonly Interval[]): Interval[] {
  return toIntervals(subtractSpans(mergeSpans(toSpans(base)), mergeSpans(toSpans(remove))));
}

/** The time covered by both `a` and `b` (inputs in any order), sorted and disjoint. */
export function intersectIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  return toIntervals(intersectSpans(mergeSpans(toSpans(a)), mergeSpans(toSpans(b))));
}

/** Whether two half-open intervals share any instant. */
export function overlaps(a: Interval, b: Interval): boolean {
  return a.start.getTime() < b.end.getTime() && b.start.getTime() < a.end.getTime();
}

// ---------------------------------------------------------------------------------------------
// Local days. A local date is handled as an "epoch day" (days since 1970-01-01): plain calendar
// counting, no time zone involved. Everything zone-dependent comes from Temporal, once per day.

interface DayInfo {
  /** First instant of the local day. */
  startMs: number;
  /** Whether the day starts at 00:00 local. */
  startsAtMidnight: boolean;
  /** Next zone transition at or after the start of the day (Infinity if none). */
  nextTransitionMs: number;
}

const DAY_CACHE_LIMIT = 50_000;
const dayCache = new Map<string, Map<number, DayInfo>>();
let dayCacheSize = 0;

function ymdOfEpochDay(epochDay: number): { year: number; month: number; day: number } {
  const d = new Date(epochDay * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function epochDayOfYmd(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of an epoch day; 1970-01-01 was a Thursday. */
function isoWeekday(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

function dayInfo(timeZone: string, epochDay: number): DayInfo {
  let zone = dayCache.get(timeZone);
  if (!zone) {
    zone = new Map();
    dayCache.set(timeZone, zone);
  }
  let info = zone.get(epochDay);
  if (!info) {
    if (dayCacheSize >= DAY_CACHE_LIMIT) {
      dayCache.clear();
      dayCacheSize = 0;
      zone = new Map();
      dayCache.set(timeZone, zone);
    }
    const start = Temporal.PlainDate.from(ymdOfEpochDay(epochDay)).toZonedDateTime(timeZone);
    const transition = start.getTimeZoneTransition('next');
    info = {
      startMs: start.epochMilliseconds,
      startsAtMidnight: start.hour === 0 && start.minute === 0 && start.second === 0 && start.millisecond === 0,
      nextTransitionMs: transition ? transition.epochMilliseconds : Number.POSITIVE_INFINITY,
    };
    zone.set(epochDay, info);
    dayCacheSize++;
  }
  return info;
}

/** The local day (epoch day in `timeZone`) that contains the instant `ms`. */
function localEpochDay(timeZone: string, ms: number): number {
  // UTC offsets stay within ±1 day, so the local day is the UTC day or a neighbour.
  let day = Math.floor(ms / DAY_MS);
  while (dayInfo(timeZone, day).startMs > ms) day--;
  while (dayInfo(timeZone, day + 1).startMs <= ms) day++;
  return day;
}

/**
 * The first instant at which the wall clock of local day `epochDay` reads `minutes` past midnight
 * or later (1440 = the start of the next day). Plain offset from the day's start when the day has
 * no transition before that time; otherwise resolved by Temporal.
 */
function wallClockInstant(timeZone: string, epochDay: number, minutes: number): number {
  if (minutes >= MINUTES_PER_DAY) return dayInfo(timeZone, epochDay + 1).startMs;
  const info = dayInfo(timeZone, epochDay);
  if (info.startsAtMidnight) {
    const naive = info.startMs + minutes * MINUTE_MS;
    if (naive < info.nextTransitionMs) return naive;
  }
  const local = Temporal.PlainDateTime.from({ ...ymdOfEpochDay(epochDay), hour: Math.floor(minutes / 60), minute: minutes % 60 });
  const earlier = local.toZonedDateTime(timeZone, { disambiguation: 'earlier' });
  if (earlier.toPlainDateTime().equals(local)) return earlier.epochMilliseconds;
  // In a gap: 'earlier' lands just before it; the clock first reads `minutes` or later at its end.
  return earlier.getTimeZoneTransition('next')!.epochMilliseconds;
}

const TIME_RE = /^(\d{2}):(\d{2})$/;

/** 'HH:MM' (00:00–24:00) → minutes past midnight. */
function parseTime(value: string, field: string): number {
  const m = TIME_RE.exec(value);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
  if (!m || Number(m[2]) > 59 || !(minutes <= MINUTES_PER_DAY)) {
    throw new RangeError(`${field}: expected a time 'HH:MM' between 00:00 and 24:00, got '${value}'`);
  }
  return minutes;
}

function parseDate(value: string, field: string): number {
  let date: Temporal.PlainDate;
  try {
    date = Temporal.PlainDate.from(value, { overflow: 'reject' });
  } catch {
    throw new RangeError(`${field}: expected a date 'YYYY-MM-DD', got '${value}'`);
  }
  return epochDayOfYmd(date.year, date.month, date.day);
}

/** The instant a local date and wall-clock time denote in `timeZone`, with the rules above. */
export function localTimeToInstant(date: string, time: string, timeZone: string = DEFAULT_TIME_ZONE): Date {
  return new Date(wallClockInstant(timeZone, parseDate(date, 'date'), parseTime(time, 'time')));
}

// ---------------------------------------------------------------------------------------------
// Opening hours.

interface ParsedRule {
  placeId: string | null;
  startMin: number;
  endMin: number;
  fromDay: number;
  untilDay: number;
}

function parseRules(rules: readonly WeeklyRule[], mode: ConsultationMode): Map<string, ParsedRule[][]> {
  /** time zone → weekday (1..7) → rules */
  const byZone = new Map<string, ParsedRule[][]>();
  rules.forEach((rule, i) => {
    if (!rule.modes.includes(mode)) return;
    const field = `rules[${i}]`;
    if (!Number.isInteger(rule.weekday) || rule.weekday < 1 || rule.weekday > 7) {
      throw new RangeError(`${field}.weekday: expected an ISO weekday 1–7, got ${rule.weekday}`);
    }
    const startMin = parseTime(rule.startTime, `${field}.startTime`);
    const endMin = parseTime(rule.endTime, `${field}.endTime`);
    if (startMin >= endMin) {
      throw new RangeError(`${field}.endTime: must be after startTime (split a range crossing midnight into two rules)`);
    }
    let weekdays = byZone.get(rule.timeZone);
    if (!weekdays) {
      weekdays = Array.from({ length: 8 }, () => []);
      byZone.set(rule.timeZone, weekdays);
    }
    weekdays[rule.weekday]!.push({
      placeId: rule.placeId,
      startMin,
      endMin,
      fromDay: rule.validFrom ? parseDate(rule.validFrom, `${field}.validFrom`) : Number.NEGATIVE_INFINITY,
      untilDay: rule.validUntil ? parseDate(rule.validUntil, `${field}.validUntil`) : Number.POSITIVE_INFINITY,
    });
  });
  return byZone;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, ...values: V[]): void {
  const list = map.get(key);
  if (list) list.push(...values);
  else map.set(key, values);
}

/**
 * Open time per place, merged and sorted, covering at least [fromMs, toMs) plus the local day
 * before `fromMs` (so an opening that started the evening before keeps its true start, which
 * anchors the slot grid). Not clipped.
 */
function openSpansByPlace(
  rules: readonly WeeklyRule[],
  exceptions: readonly ExceptionWindow[],
  mode: ConsultationMode,
  fromMs: number,
  toMs: number,
): Map<string | null, Span[]> {
  const raw = new Map<string | null, Span[]>();

  for (const [timeZone, byWeekday] of parseRules(rules, mode)) {
    const lastDay = localEpochDay(timeZone, toMs);
    for (let day = localEpochDay(timeZone, fromMs) - 1; day <= lastDay; day++) {
      for (const rule of byWeekday[isoWeekday(day)]!) {
        if (day < rule.fromDay || day > rule.untilDay) continue;
        const s = wallClockInstant(timeZone, day, rule.startMin);
        const e = wallClockInstant(timeZone, day, rule.endMin);
        if (s < e) pushTo(raw, rule.placeId, { s, e });
      }
    }
  }

  // Modes an 'open' exception without `modes` offers: those of the weekly rules at its place.
  let placeModes: Map<string | null, ConsultationMode[]> | undefined;
  const inferredModes = (placeId: string | null): readonly ConsultationMode[] => {
    if (!placeModes) {
      placeModes = new Map();
      for (const r of rules) pushTo(placeModes, r.placeId, ...r.modes);
    }
    return placeModes.get(placeId) ?? [placeId === null ? 'teleconsultation' : 'in_person'];
  };
  const closed: (Span & { placeId: string | null })[] = [];
  for (const x of exceptions) {
    const span = { s: x.start.getTime(), e: x.end.getTime() };
    if (!(span.s < span.e)) continue;
    if (x.kind === 'closed') {
      if (!x.modes || x.modes.includes(mode)) closed.push({ ...span, placeId: x.placeId });
    } else if ((x.modes ?? inferredModes(x.placeId)).includes(mode)) {
      pushTo(raw, x.placeId, span);
    }
  }

  const out = new Map<string | null, Span[]>();
  for (const [placeId, spans] of raw) {
    const cuts = mergeSpans(closed.filter((c) => c.placeId === null || c.placeId === placeId));
    const open = subtractSpans(mergeSpans(spans), cuts);
    if (open.length > 0) out.set(placeId, open);
  }
  return out;
}

function comparePlace(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

function checkRange(from: Date, to: Date): [number, number] {
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (Number.isNaN(fromMs)) throw new RangeError('from: invalid date');
  if (Number.isNaN(toMs)) throw new RangeError('to: invalid date');
  return [fromMs, toMs];
}

/**
 * Opening hours in [from, to) for `mode`: weekly rules (merged where they overlap or touch),
 * plus 'open' exceptions, minus 'closed' exceptions. One list for all places, sorted by start
 * then place; intervals of one place are disjoint, intervals of two places may overlap.
 */
export function openIntervals(q: Pick<SlotQuery, 'rules' | 'exceptions' | 'mode' | 'from' | 'to'>): PlacedInterval[] {
  const [fromMs, toMs] = checkRange(q.from, q.to);
  if (!(fromMs < toMs)) return [];
  const out: { s: number; e: number; placeId: string | null }[] = [];
  for (const [placeId, spans] of openSpansByPlace(q.rules, q.exceptions, q.mode, fromMs, toMs)) {
    for (const x of intersectSpans(spans, [{ s: fromMs, e: toMs }])) out.push({ s: x.s, e: x.e, placeId });
  }
  out.sort((a, b) => a.s - b.s || comparePlace(a.placeId, b.placeId));
  return out.map((x) => ({ start: new Date(x.s), end: new Date(x.e), placeId: x.placeId }));
}

// ---------------------------------------------------------------------------------------------
// Slots.

/** The client's constraints as allowed time (merged), or null when there are none. */
function constraintSpans(c: SlotConstraints | undefined, timeZone: string, fromMs: number, toMs: number): Span[] | null {
  if (!c) return null;
  const weekdays = c.weekdays && c.weekdays.length > 0 ? new Set(c.weekdays) : null;
  if (!weekdays && c.earliestTime == null && c.latestTime == null) return null;
  const startMin = c.earliestTime == null ? 0 : parseTime(c.earliestTime, 'constraints.earliestTime');
  const endMin = c.latestTime == null ? MINUTES_PER_DAY : parseTime(c.latestTime, 'constraints.latestTime');
  const spans: Span[] = [];
  const lastDay = localEpochDay(timeZone, toMs);
  for (let day = localEpochDay(timeZone, fromMs); day <= lastDay; day++) {
    if (weekdays && !weekdays.has(isoWeekday(day))) continue;
    spans.push({ s: wallClockInstant(timeZone, day, startMin), e: wallClockInstant(timeZone, day, endMin) });
  }
  return mergeSpans(spans);
}

/** Minutes → milliseconds, refusing NaN, infinities, negatives and (when `positive`) zero. */
function checkMinutes(value: number, field: string, positive: boolean): number {
  if (!Number.isFinite(value) || value < 0 || (positive && value * MINUTE_MS < 1)) {
    throw new RangeError(`${field}: expected a ${positive ? 'positive' : 'non-negative'} number of minutes, got ${value}`);
  }
  return Math.round(value * MINUTE_MS);
}

interface Segment extends Span {
  /** Start of the opening interval the segment belongs to: the origin of the slot grid. */
  anchor: number;
  placeId: string | null;
}

/**
 * Bookable slots, sorted by start (then place), at most `limit`. A slot starts on the step grid
 * of its opening interval (counted from the interval's start, so appointments do not shift the
 * grid), lasts `durationMinutes`, fits inside that interval, keeps `bufferMinutes` away from
 * every busy interval, starts no earlier than now + minNotice, lies within [from, to) and within
 * the client's constraints (local to `timeZone`).
 *
 * Grid origin: an opening that runs unbroken from before the local day preceding `from` is
 * anchored at the start of that day's computed hours; with steps dividing an hour (5, 10, 15, 20,
 * 30, 60 min) this never changes the grid.
 */
export function freeSlots(q: SlotQuery): Slot[] {
  const [fromMs, toMs] = checkRange(q.from, q.to);
  const nowMs = q.now.getTime();
  if (Number.isNaN(nowMs)) throw new RangeError('now: invalid date');
  const durMs = checkMinutes(q.durationMinutes, 'durationMinutes', true);
  const stepMs = checkMinutes(q.stepMinutes, 'stepMinutes', true);
  const bufferMs = checkMinutes(q.bufferMinutes, 'bufferMinutes', false);
  const noticeMs = checkMinutes(q.minNoticeMinutes, 'minNoticeMinutes', false);
  const limit = q.limit ?? Number.POSITIVE_INFINITY;
  if (!(limit > 0)) return [];

  const lower = Math.max(fromMs, nowMs + noticeMs);
  const upper = toMs;
  if (!(lower + durMs <= upper)) return [];

  const busy = mergeSpans(q.busy.map((b) => ({ s: b.start.getTime() - bufferMs, e: b.end.getTime() + bufferMs })));
  const allowed = constraintSpans(q.constraints, q.timeZone ?? DEFAULT_TIME_ZONE, lower, upper);
  const window: Span[] = [{ s: lower, e: upper }];

  const segments: Segment[] = [];
  for (const [placeId, open] of openSpansByPlace(q.rules, q.exceptions, q.mode, fromMs, toMs)) {
    let free: Segment[] = intersectSpans(
      open.map((o) => ({ s: o.s, e: o.e, anchor: o.s, placeId })),
      window,
    );
    free = subtractSpans(free, busy);
    if (allowed) free = intersectSpans(free, allowed);
    for (const x of free) if (x.e - x.s >= durMs) segments.push(x);
  }
  segments.sort((a, b) => a.s - b.s || comparePlace(a.placeId, b.placeId));

  let found: { s: number; placeId: string | null }[] = [];
  let threshold = Number.POSITIVE_INFINITY; // once `limit` slots are found, no later start can win
  const bySlot = (a: { s: number; placeId: string | null }, b: { s: number; placeId: string | null }) =>
    a.s - b.s || comparePlace(a.placeId, b.placeId);
  for (const seg of segments) {
    if (seg.s > threshold) break;
    const first = seg.anchor + Math.ceil((seg.s - seg.anchor) / stepMs) * stepMs;
    for (let t = first; t + durMs <= seg.e && t <= threshold; t += stepMs) found.push({ s: t, placeId: seg.placeId });
    if (found.length >= limit) {
      found.sort(bySlot);
      found = found.slice(0, limit);
      threshold = found[found.length - 1]!.s;
    }
  }
  found.sort(bySlot);
  if (found.length > limit) found = found.slice(0, limit);
  return found.map((x) => ({ start: new Date(x.s), end: new Date(x.s + durMs), placeId: x.placeId }));
}
