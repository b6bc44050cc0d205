// Display helpers. Dates are stored in UTC by the server and shown in Europe/Paris time.
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { currentLanguage, i18n } from './i18n.ts';

dayjs.extend(utc);
dayjs.extend(timezone);

export const DISPLAY_TIME_ZONE = 'Europe/Paris';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: 'dateTime' | 'date' | 'shortDate'): Intl.DateTimeFormat {
  const locale = currentLanguage() === 'en' ? 'en-GB' : 'fr-FR';
  const key = `${locale}:${kind}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(locale, {
      timeZone: DISPLAY_TIME_ZONE,
      ...(kind === 'dateTime'
        ? { dateStyle: 'short', timeStyle: 'medium' }
        : kind === 'shortDate'
          ? { dateStyle: 'short' }
          : { day: 'numeric', month: 'long', year: 'numeric' }),
    });
    formatters.set(key, cached);
  }
  return cached;
}

function toDate(value: string | number | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "23/11/2026 14:05:09" (fr) or "23/11/2026, 14:05:09" (en), Paris time. */
export function formatDateTime(value: string | number | Date | null | undefined): string {
  const date = toDate(value);
  return date ? formatter('dateTime').format(date) : '—';
}

/** "23 novembre 2026" (fr) or "23 November 2026" (en), Paris time. */
export function formatDate(value: string | number | Date | null | undefined): string {
  const date = toDate(value);
  return date ? formatter('date').format(date) : '—';
}

/** "23/11/2026", Paris time. */
export function formatShortDate(value: string | number | Date | null | undefined): string {
  const date = toDate(value);
  return date ? formatter('shortDate').format(date) : '—';
}

/**
 * The UTC instant (ISO string) of a wall-clock time in Europe/Paris, e.g. the start of a day
 * picked in a date field ("2026-11-23" → "2026-11-22T23:00:00.000Z").
 */
export function parisWallClockToIso(date: string, time = '00:00:00'): string {
  return dayjs.tz(`${date} ${time}`, DISPLAY_TIME_ZONE).toISOString();
}

/** A short "Browser on OS" description of a user agent string. */
export function describeUserAgent(userAgent: string | null | undefined): { browser: string; os: string } | null {
  if (!userAgent) return null;
  const ua = userAgent;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /OPR\//.test(ua)
      ? 'Opera'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /HeadlessChrome\//.test(ua)
          ? 'Chrome (headless)'
          : /Chrom(e|ium)\//.test(ua)
            ? 'Chrome'
            : /Safari\//.test(ua)
              ? 'Safari'
              : /curl\//.test(ua)
                ? 'curl'
                : null;
  const os = /iPhone|iPad|iPod/.test(ua)
    ? 'iOS'
    : /Android/.test(ua)
      ? 'Android'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /CrOS/.test(ua)
            ? 'ChromeOS'
            : /Linux/.test(ua)
              ? 'Linux'
              : null;
  if (!browser && !os) return null;
  return { browser: browser ?? '?', os: os ?? '?' };
}

/** A calendar date without time ("1962-03-14") as "14/03/1962" (no time-zone shift). */
export function formatCalendarDate(value: string | null | undefined): string {
  const match = value ? /^(\d{4})-(\d{2})-(\d{2})/.exec(value) : null;
  return match ? `${match[3]}/${match[2]}/${match[1]}` : '—';
}

/** Whole years between a calendar birth date and today (Paris). */
export function ageInYears(birthDate: string | null | undefined, now = new Date()): number | null {
  const match = birthDate ? /^(\d{4})-(\d{2})-(\d{2})/.exec(birthDate) : null;
  if (!match) return null;
  const today = dayjs(now).tz(DISPLAY_TIME_ZONE);
  let age = today.year() - Number(match[1]);
  const month = today.month() + 1;
  if (month < Number(match[2]) || (month === Number(match[2]) && today.date() < Number(match[3]))) age -= 1;
  return age;
}

/** An E.164 number as people write it: French numbers as "06 12 34 56 78", others grouped. */
export function formatPhone(value: string | null | undefined): string {
  if (!value) return '—';
  const french = /^\+33(\d{9})$/.exec(value);
  if (french?.[1]) return `0${french[1]}`.replace(/(\d{2})(?=\d)/g, '$1 ');
  return value;
}

/** A NIR in its usual groups: "1 62 03 75 112 345 67". */
export function formatNir(value: string | null | undefined): string {
  if (!value) return '—';
  const nir = value.replace(/\s/g, '');
  const match = /^(.)(..)(..)(..)(...)(...)(..)?$/.exec(nir);
  return match ? match.slice(1).filter(Boolean).join(' ') : nir;
}

/** "il y a 12 min" / "12 min ago" (or "dans 5 min" for a future instant). */
export function formatRelative(value: string | number | Date | null | undefined, now: number = Date.now()): string {
  const date = toDate(value);
  if (!date) return '—';
  const seconds = Math.round((date.getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  const format = new Intl.RelativeTimeFormat(currentLanguage() === 'en' ? 'en-GB' : 'fr-FR', { numeric: 'auto', style: 'short' });
  if (abs < 45) return i18n.t('justNow');
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86_400), 'day');
}

/** A duration as "25 min", "1 h 05", "2 j 3 h" (fr) / "2 d 3 h" (en). */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 1) return currentLanguage() === 'en' ? '< 1 min' : '< 1 min';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${String(minutes % 60).padStart(2, '0')}`;
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  const day = currentLanguage() === 'en' ? 'd' : 'j';
  return rest ? `${days} ${day} ${rest} h` : `${days} ${day}`;
}

/** "14:05" Paris time (today) or "23/11 14:05" for another day. */
export function formatTimeOrDate(value: string | number | Date | null | undefined, now = new Date()): string {
  const date = toDate(value);
  if (!date) return '—';
  const at = dayjs(date).tz(DISPLAY_TIME_ZONE);
  const today = dayjs(now).tz(DISPLAY_TIME_ZONE);
  return at.isSame(today, 'day') ? at.format('HH:mm') : at.format('DD/MM HH:mm');
}

/** The Paris wall-clock value of an instant for a datetime-local input ("2026-11-23T14:05"). */
export function isoToParisLocalInput(value: string | Date): string {
  return dayjs(value).tz(DISPLAY_TIME_ZONE).format('YYYY-MM-DDTHH:mm');
}
