// Display helpers. Dates are stored in UTC by the server and shown in Europe/Paris time.
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { currentLanguage } from './i18n.ts';

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
