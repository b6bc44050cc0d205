// Europe/Paris wall-clock helpers of the agenda. Instants are read in Paris time with Intl (never
// by adding an offset to UTC), so a day with a DST change still lays its times out correctly;
// a Paris date and time become an instant through dayjs' time-zone plugin (format.ts).
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { DISPLAY_TIME_ZONE, parisWallClockToIso } from '../../app/format.ts';
import { currentLanguage } from '../../app/i18n.ts';

dayjs.extend(utc);

const partsFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
  hourCycle: 'h23',
});
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export interface ParisParts {
  /** "2026-11-23" */
  date: string;
  /** Minutes since the Paris midnight (0..1439). */
  minutes: number;
  /** "14:05" */
  time: string;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
}

/** The Paris date, time and weekday of an instant. */
export function parisParts(value: string | Date): ParisParts {
  const parts: Record<string, string> = {};
  for (const part of partsFormatter.formatToParts(new Date(value))) parts[part.type] = part.value;
  const hour = Number(parts.hour) % 24;
  const minute = Number(parts.minute);
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: hour * 60 + minute,
    time: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`,
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 1,
  };
}

/** The instant (ISO) of a Paris date and a number of minutes after its midnight. */
export function parisInstant(date: string, minutes: number): string {
  return parisWallClockToIso(date, `${minutesToTime(minutes)}:00`);
}

/** 570 → "09:30" */
export function minutesToTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** "09:30" → 570 */
export function timeToMinutes(time: string): number {
  const [hours = '0', minutes = '0'] = time.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/** Today's date in Paris ("2026-11-23"). */
export function parisToday(now = new Date()): string {
  return parisParts(now).date;
}

/** Calendar arithmetic on dates without time ("2026-11-23" + 7 days). */
export function addDays(date: string, days: number): string {
  return dayjs.utc(date).add(days, 'day').format('YYYY-MM-DD');
}

/** The Monday of the week of a date. */
export function startOfWeek(date: string): string {
  const weekday = (dayjs.utc(date).day() + 6) % 7; // 0 = Monday
  return addDays(date, -weekday);
}

/** 1 = Monday … 7 = Sunday of a calendar date. */
export function weekdayOf(date: string): number {
  return ((dayjs.utc(date).day() + 6) % 7) + 1;
}

function locale(): string {
  return currentLanguage() === 'en' ? 'en-GB' : 'fr-FR';
}

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(key: string, options: Intl.DateTimeFormatOptions, timeZone = DISPLAY_TIME_ZONE): Intl.DateTimeFormat {
  const id = `${locale()}:${key}:${timeZone}`;
  let formatter = cache.get(id);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale(), { timeZone, ...options });
    cache.set(id, formatter);
  }
  return formatter;
}

/** "14:05" (Paris). */
export function formatTime(value: string | Date): string {
  return fmt('time', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(value));
}

/** "lun. 24 nov." (Paris). */
export function formatDayShort(value: string | Date): string {
  return fmt('dayShort', { weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(value));
}

/** "lundi 24 novembre 2026" (Paris). */
export function formatDayLong(value: string | Date): string {
  return fmt('dayLong', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(value));
}

/** "lundi 24 novembre 2026 à 14:05" (Paris). */
export function formatSlot(value: string | Date): string {
  return fmt('slot', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(value));
}

/** A calendar date ("2026-11-23") as "lun. 23 nov." (or "lundi 23 novembre 2026", "lun. 23 nov. 2026") — read as a plain date, no time-zone shift. */
export function formatCalendarDay(date: string, style: boolean | 'shortWithYear' = false): string {
  const formatter =
    style === 'shortWithYear'
      ? fmt('calShortYear', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }, 'UTC')
      : style
        ? fmt('calLong', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }, 'UTC')
        : fmt('calShort', { weekday: 'short', day: 'numeric', month: 'short' }, 'UTC');
  return formatter.format(new Date(`${date}T12:00:00Z`));
}

/** "2026-11-23 14:05:00" (what Mantine's date pickers hold) ↔ ISO instant, Paris wall clock. */
export function pickerValueToIso(value: string | null): string | null {
  if (!value) return null;
  const [date, time = '00:00:00'] = value.split(' ');
  if (!date) return null;
  return parisWallClockToIso(date, time.length === 5 ? `${time}:00` : time);
}

export function isoToPickerValue(value: string): string {
  const parts = parisParts(value);
  return `${parts.date} ${parts.time}:00`;
}
