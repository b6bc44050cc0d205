/**
 * KPI rules and maths, pure (no I/O): periods in Paris calendar days, percentiles, NPS, CSV.
 * The SQL of store.ts computes the same figures on the database; these helpers are the reference
 * the tests check it against, and what the web app uses for its CSV files.
 */
import { DomainError } from '../../platform/errors.ts';
import { firstResponseMinutes, type Urgency, urgencies } from '../requests/domain.ts';

export { urgencies };
export type { Urgency };

/**
 * First-response target per urgency, in minutes (shared/data/specialties.json through the requests
 * module). An emergency's target is "immediate": read as 15 minutes — the time to see the alert and
 * call back; a 0-minute target would count every emergency as late.
 */
export const EMERGENCY_TARGET_MINUTES = 15;
export const responseTargetMinutes: Record<Urgency, number> = { ...firstResponseMinutes, emergency: EMERGENCY_TARGET_MINUTES };

export type Granularity = 'week' | 'month';
export const granularities: readonly Granularity[] = ['week', 'month'];

/** A dashboard period: two Paris calendar days, both included. */
export interface Period {
  from: string;
  to: string;
}

/** A year and a bit: enough for "this year vs. last" and keeps every query on an index range. */
export const MAX_PERIOD_DAYS = 400;

const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

export function checkPeriod(p: Period): Period {
  const bad = (path: string) => {
    throw new DomainError('validation_failed', 400, {}, [{ path, code: 'reporting_period_invalid' }]);
  };
  if (!isoDay.test(p.from) || Number.isNaN(dayNumber(p.from))) bad('from');
  if (!isoDay.test(p.to) || Number.isNaN(dayNumber(p.to))) bad('to');
  const days = dayNumber(p.to) - dayNumber(p.from) + 1;
  if (days < 1 || days > MAX_PERIOD_DAYS) bad('to');
  return p;
}

/** The calendar month `YYYY-MM` as a period. */
export function monthPeriod(month: string): Period {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  const y = Number(m?.[1]);
  const mo = Number(m?.[2]);
  if (!m || mo < 1 || mo > 12) throw new DomainError('validation_failed', 400, {}, [{ path: 'month', code: 'reporting_period_invalid' }]);
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return { from: `${m[1]}-${m[2]}-01`, to: `${m[1]}-${m[2]}-${String(last).padStart(2, '0')}` };
}

/**
 * Continuous percentile (linear interpolation between ranks), as PostgreSQL's percentile_cont:
 * the same answer on a small array in JavaScript as in SQL. Null on an empty array.
 */
export function percentileCont(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const xs = [...values].sort((a, b) => a - b);
  const rank = p * (xs.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = xs[lo] as number;
  const b = xs[hi] as number;
  return a + (b - a) * (rank - lo);
}

export const median = (values: readonly number[]): number | null => percentileCont(values, 0.5);

/** NPS answers 9–10 promote, 0–6 detract, 7–8 are passive. */
export function npsClass(score: number): 'promoter' | 'passive' | 'detractor' {
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

/** Net Promoter Score from counts: % promoters − % detractors, rounded to a whole number (−100…100). */
export function npsFromCounts(promoters: number, detractors: number, answers: number): number | null {
  if (answers === 0) return null;
  return Math.round((100 * (promoters - detractors)) / answers);
}

export function nps(scores: readonly number[]): number | null {
  const promoters = scores.filter((s) => npsClass(s) === 'promoter').length;
  const detractors = scores.filter((s) => npsClass(s) === 'detractor').length;
  return npsFromCounts(promoters, detractors, scores.length);
}

/** A share as a ratio 0…1, or null when there is nothing to divide (shown "—", never 0 %). */
export const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

export type CsvCell = string | number | null | undefined;

/**
 * A CSV file as spreadsheets of each language open it: in French `;` between cells and a decimal
 * comma (Excel's French default), in English `,` and a point; RFC 4180 quoting; CRLF line ends.
 * A text cell starting with = + - @ is prefixed with ' so a spreadsheet never runs it as a formula.
 */
export function toCsv(rows: readonly (readonly CsvCell[])[], lang: 'fr' | 'en' = 'fr'): string {
  const sep = lang === 'fr' ? ';' : ',';
  const cell = (v: CsvCell): string => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return '';
      const text = String(Number(v.toFixed(4)));
      return lang === 'fr' ? text.replace('.', ',') : text;
    }
    const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return text.includes(sep) || /["\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return `${rows.map((r) => r.map(cell).join(sep)).join('\r\n')}\r\n`;
}
