/**
 * The reminder plan of one appointment, and the one-SMS-a-day rule. Pure: no database, no clock
 * (the caller passes `now`), no sending.
 *
 * Defaults (DESIGN §10, as French peers practise): an e-mail 7 days before when the appointment was
 * booked further ahead, an e-mail and an SMS the day before, and for a teleconsultation an SMS 2 h
 * before (it carries the link to join). A practitioner or consultation type may replace them with
 * its own list (`booking_rules.reminders`).
 *
 * Rules, in order, for each reminder `{channel, minutesBefore}` (its "lead"):
 * 1. Nominal time. A lead that is a whole number of days is counted in calendar days on the
 *    Europe/Paris wall clock: "the day before" a Monday 09:00 appointment is Sunday 09:00 even when
 *    the clocks changed in between (so that day is 23 or 25 hours long). Other leads are exact
 *    durations (2 h before is 120 minutes before, whatever the clocks do).
 * 2. Quiet hours, SMS only: an SMS is sent between 08:00 and 20:00, Paris time. One due in the
 *    evening (20:00–24:00) goes earlier, at 19:00 the same evening (earlier is always still before
 *    the appointment; 19:00 rather than 19:59 leaves an hour for a slow queue or operator). One due
 *    at night (00:00–08:00) goes at 08:00 the same morning if that still leaves at least half of its
 *    lead before the appointment (a "2 h before" SMS for 9:00 goes at 8:00; the day-before SMS of a
 *    7:30 appointment goes at 8:00 the day before); otherwise at 19:00 the previous evening (the
 *    "2 h before" SMS of an 8:30 appointment). E-mail is delivered silently and keeps its time.
 * 3. Short notice: a reminder is dropped when it would arrive less than `min(12 h, lead / 2)` after
 *    the booking (the confirmation just told the client the same thing), and so, a fortiori, when
 *    its time is before the booking. Booked 3 h ahead: no day-before reminder (its time has passed
 *    at booking). Booked 30 h ahead: the day-before reminder would come 6 h after the confirmation,
 *    under 12 h: dropped. Booked 7 days and 2 hours ahead: no 7-day e-mail. Booked 2 h 30 before a
 *    teleconsultation: the 2 h SMS would come 30 min after the confirmation, under 1 h: dropped.
 *    For a rescheduled appointment, `bookedAt` is when the change was confirmed.
 * 4. A reminder whose time is before `now` (re-planning later) or not before the appointment is
 *    dropped.
 */
import { Temporal } from 'temporal-polyfill';

export type ReminderChannel = 'email' | 'sms';
export type AppointmentMode = 'in_person' | 'teleconsultation';

/** Same shape as `booking_rules.reminders`. */
export interface ReminderRule {
  channel: ReminderChannel;
  minutesBefore: number;
}

export interface PlannedReminder {
  channel: ReminderChannel;
  sendAt: Date;
  /** `<channel>-<minutesBefore>`, stable for one rule: with the appointment id, a job's dedup key. */
  key: string;
}

export const REMINDER_TIME_ZONE = 'Europe/Paris';
/** SMS are sent from 08:00 (inclusive) to 20:00 (exclusive), Paris time. */
export const SMS_FIRST_HOUR = 8;
export const SMS_LAST_HOUR = 20;
/** Where an SMS due in the evening or night falls back to, the evening before. */
const SMS_EVENING_HOUR = 19;
const MINUTES_PER_DAY = 1440;
const MAX_MIN_GAP_MS = 12 * 3600_000;

export function defaultReminderPolicy(mode: AppointmentMode): ReminderRule[] {
  const rules: ReminderRule[] = [
    { channel: 'email', minutesBefore: 7 * MINUTES_PER_DAY },
    { channel: 'email', minutesBefore: MINUTES_PER_DAY },
    { channel: 'sms', minutesBefore: MINUTES_PER_DAY },
  ];
  if (mode === 'teleconsultation') rules.push({ channel: 'sms', minutesBefore: 120 });
  return rules;
}

function zoned(d: Date): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(d.getTime()).toZonedDateTimeISO(REMINDER_TIME_ZONE);
}

function toDate(z: Temporal.ZonedDateTime): Date {
  return new Date(z.epochMilliseconds);
}

function nominalTime(start: Temporal.ZonedDateTime, minutesBefore: number): Temporal.ZonedDateTime {
  return minutesBefore % MINUTES_PER_DAY === 0 ? start.subtract({ days: minutesBefore / MINUTES_PER_DAY }) : start.subtract({ minutes: minutesBefore });
}

/** Moves an SMS out of the quiet hours (see rule 2 above). */
function smsTime(nominal: Temporal.ZonedDateTime, start: Temporal.ZonedDateTime, minutesBefore: number): Temporal.ZonedDateTime {
  if (nominal.hour >= SMS_LAST_HOUR) return nominal.withPlainTime({ hour: SMS_EVENING_HOUR });
  if (nominal.hour >= SMS_FIRST_HOUR) return nominal;
  const morning = nominal.withPlainTime({ hour: SMS_FIRST_HOUR });
  if (start.epochMilliseconds - morning.epochMilliseconds >= (minutesBefore * 60_000) / 2) return morning;
  return nominal.subtract({ days: 1 }).withPlainTime({ hour: SMS_EVENING_HOUR });
}

export function planReminders(input: {
  startsAt: Date;
  bookedAt: Date;
  mode: AppointmentMode;
  now: Date;
  /** Null or absent: the platform defaults for the mode. An empty list: no reminder. */
  policy?: readonly ReminderRule[] | null;
}): PlannedReminder[] {
  const start = zoned(input.startsAt);
  const policy = input.policy ?? defaultReminderPolicy(input.mode);
  const seen = new Set<string>();
  const planned: PlannedReminder[] = [];
  for (const rule of policy) {
    if (!Number.isInteger(rule.minutesBefore) || rule.minutesBefore <= 0) throw new RangeError(`minutesBefore must be a positive integer (got ${rule.minutesBefore})`);
    if (rule.channel !== 'email' && rule.channel !== 'sms') throw new RangeError(`unknown reminder channel ${String(rule.channel)}`);
    const key = `${rule.channel}-${rule.minutesBefore}`;
    if (seen.has(key)) continue;
    seen.add(key);

    const nominal = nominalTime(start, rule.minutesBefore);
    const sendAt = toDate(rule.channel === 'sms' ? smsTime(nominal, start, rule.minutesBefore) : nominal);
    const minGap = Math.min(MAX_MIN_GAP_MS, (rule.minutesBefore * 60_000) / 2);
    if (sendAt.getTime() - input.bookedAt.getTime() < minGap) continue;
    if (sendAt.getTime() < input.now.getTime()) continue;
    if (sendAt.getTime() >= input.startsAt.getTime()) continue;
    planned.push({ channel: rule.channel, sendAt, key });
  }
  return planned.sort((a, b) => a.sendAt.getTime() - b.sendAt.getTime() || a.key.localeCompare(b.key));
}

/** The Paris calendar day of an instant, as `YYYY-MM-DD`. */
export function parisDay(d: Date): string {
  return zoned(d).toPlainDate().toString();
}

export interface PlannedSms {
  clientId: string;
  sendAt: Date;
  appointmentId: string;
}

export interface SmsGroup<T extends PlannedSms> {
  clientId: string;
  /** Paris calendar day, `YYYY-MM-DD`. */
  day: string;
  /** The one SMS of that day goes at the earliest planned time, so it precedes every appointment it names. */
  sendAt: Date;
  /** Every appointment the SMS mentions, once each, in the order of their reminders. */
  appointmentIds: string[];
  /** The planned SMS this one replaces (the caller marks the others as merged). */
  items: T[];
}

/**
 * At most one SMS per client and Paris calendar day: the SMS planned for one client on one day are
 * merged into one, sent at the earliest of their times and naming all their appointments.
 */
export function oneSmsPerDay<T extends PlannedSms>(planned: readonly T[]): SmsGroup<T>[] {
  const groups = new Map<string, SmsGroup<T>>();
  const sorted = [...planned].sort((a, b) => a.sendAt.getTime() - b.sendAt.getTime());
  for (const sms of sorted) {
    const day = parisDay(sms.sendAt);
    const id = JSON.stringify([sms.clientId, day]);
    let group = groups.get(id);
    if (!group) {
      group = { clientId: sms.clientId, day, sendAt: sms.sendAt, appointmentIds: [], items: [] };
      groups.set(id, group);
    }
    group.items.push(sms);
    if (!group.appointmentIds.includes(sms.appointmentId)) group.appointmentIds.push(sms.appointmentId);
  }
  return [...groups.values()];
}

/** Bounds of a reminder policy (the team's per mode, or a practitioner's own list). */
export const REMINDER_RULES_MAX = 6;
/** Under 30 minutes a reminder arrives as the client is already on the way (or joining the call). */
export const REMINDER_LEAD_MIN = 30;
/** Over 30 days the reminder is forgotten before the appointment: the 7-day e-mail covers long bookings. */
export const REMINDER_LEAD_MAX = 30 * MINUTES_PER_DAY;

export type ReminderRuleIssue = 'reminder_rules_count' | 'reminder_lead_out_of_range' | 'reminder_duplicate' | 'reminder_channel_unknown';

/**
 * What is wrong with a list of reminders, each issue with the path of the faulty entry (e.g.
 * `rules.2.minutesBefore`), so a form can put the message next to the field. Empty when valid.
 */
export function reminderRuleIssues(rules: readonly ReminderRule[], prefix = 'rules'): { path: string; code: ReminderRuleIssue }[] {
  const issues: { path: string; code: ReminderRuleIssue }[] = [];
  if (rules.length < 1 || rules.length > REMINDER_RULES_MAX) issues.push({ path: prefix, code: 'reminder_rules_count' });
  const seen = new Set<string>();
  rules.forEach((rule, i) => {
    if (rule.channel !== 'email' && rule.channel !== 'sms') issues.push({ path: `${prefix}.${i}.channel`, code: 'reminder_channel_unknown' });
    if (!Number.isInteger(rule.minutesBefore) || rule.minutesBefore < REMINDER_LEAD_MIN || rule.minutesBefore > REMINDER_LEAD_MAX)
      issues.push({ path: `${prefix}.${i}.minutesBefore`, code: 'reminder_lead_out_of_range' });
    const key = `${rule.channel}-${rule.minutesBefore}`;
    if (seen.has(key)) issues.push({ path: `${prefix}.${i}.minutesBefore`, code: 'reminder_duplicate' });
    seen.add(key);
  });
  return issues;
}

export type ReminderSource = 'practitioner' | 'team' | 'default';

/**
 * The reminders of one appointment: the practitioner's own list wins, then the team's policy for
 * the mode, then the built-in defaults. An absent (null) list falls through; an empty one does not
 * (it means "no reminder", which only stored data could hold, the API refuses it).
 */
export function resolveReminderRules(input: {
  mode: AppointmentMode;
  practitioner?: readonly ReminderRule[] | null | undefined;
  team?: Partial<Record<AppointmentMode, readonly ReminderRule[] | null | undefined>> | null | undefined;
}): { rules: ReminderRule[]; source: ReminderSource } {
  if (input.practitioner) return { rules: [...input.practitioner], source: 'practitioner' };
  const team = input.team?.[input.mode];
  if (team) return { rules: [...team], source: 'team' };
  return { rules: defaultReminderPolicy(input.mode), source: 'default' };
}

/** Orders a list for display and storage: e-mail before SMS at equal lead, the earliest reminder first. */
export function sortReminderRules(rules: readonly ReminderRule[]): ReminderRule[] {
  return [...rules].sort((a, b) => b.minutesBefore - a.minutesBefore || a.channel.localeCompare(b.channel));
}
