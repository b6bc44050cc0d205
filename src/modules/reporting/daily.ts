/**
 * The figures of one Paris calendar day, and their sums over a period — pure, no I/O.
 *
 * A team-wide dashboard is the sum of its days: counts add up, means are sums over counts, and the
 * percentiles (median, p90) come from histograms, which add up too. Delays in days are whole
 * numbers, kept exactly. Durations in minutes or hours are kept to the unit below 100 (a 42-minute
 * response reads 42) and, above, in logarithmic buckets 4 % wide (DDSketch's idea), so any
 * percentile read back is within 2 % of the exact one, whatever the period: a median of 190 hours
 * reads between 186 and 194.
 */
import { type Granularity, responseTargetMinutes, urgencies } from './domain.ts';

/** Bucket key → count. Keys: a whole number (days; or minutes/hours below 100), or 'L<k>' for a log bucket. */
export type Histogram = Record<string, number>;

export const LOG_BASE = 1.04;
/** The largest relative error of a value read back from its log bucket: √1.04 − 1. */
export const LOG_ACCURACY = Math.sqrt(LOG_BASE) - 1;
/** Below this, durations are kept to the unit (rounding costs at most half a unit). */
export const EXACT_BELOW = 99.5;

/** The bucket of a duration, as SQL computes it (rollup.ts durationBucket). Negative durations count as 0. */
export const bucketOf = (v: number): string => (v < EXACT_BELOW ? String(Math.round(Math.max(v, 0))) : `L${Math.round(Math.log(v) / Math.log(LOG_BASE))}`);
/** The value a bucket stands for: the unit itself, or the log bucket's geometric middle. */
export const valueOfBucket = (key: string): number => (key.startsWith('L') ? LOG_BASE ** Number(key.slice(1)) : Number(key));

export interface ResponseDay {
  requests: number;
  responded: number;
  within: number;
  /** Not answered and not late yet (only on the last day or two). */
  pending: number;
  minutes: Histogram;
}

export interface ClaimsDay {
  paid: number;
  /** Days from sending to payment, exact. */
  days: Histogram;
}

export interface DayFigures {
  requests: { total: number; byChannel: Record<string, number>; bySpecialty: Record<string, number>; byUrgency: Record<string, number> };
  response: Record<string, ResponseDay>;
  toAppointment: { requests: number; withAppointment: number; hours: Histogram };
  appointments: { total: number; completed: number; noShow: number; teleconsultation: number };
  satisfaction: { answers: number; csatSum: number; csatAnswers: number; npsAnswers: number; promoters: number; detractors: number };
  claims: Record<string, ClaimsDay>;
  invoices: { revenueExclCents: number; revenueInclCents: number; invoices: number; creditNotes: number };
}

export function emptyDay(): DayFigures {
  return {
    requests: { total: 0, byChannel: {}, bySpecialty: {}, byUrgency: {} },
    response: {},
    toAppointment: { requests: 0, withAppointment: 0, hours: {} },
    appointments: { total: 0, completed: 0, noShow: 0, teleconsultation: 0 },
    satisfaction: { answers: 0, csatSum: 0, csatAnswers: 0, npsAnswers: 0, promoters: 0, detractors: 0 },
    claims: {},
    invoices: { revenueExclCents: 0, revenueInclCents: 0, invoices: 0, creditNotes: 0 },
  };
}

/** Adds b's counts into a (maps and histograms key by key). */
export function addCounts(a: Record<string, number>, b: Readonly<Record<string, number>>): Record<string, number> {
  for (const [k, n] of Object.entries(b)) a[k] = (a[k] ?? 0) + n;
  return a;
}

/** Adds every number of `from` into `into`, recursively: a day's figures are all sums. */
export function addDay(into: DayFigures, from: DayFigures): DayFigures {
  const add = (a: Record<string, unknown>, b: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(b)) {
      if (typeof v === 'number') a[k] = ((a[k] as number | undefined) ?? 0) + v;
      else if (v && typeof v === 'object') {
        if (!a[k] || typeof a[k] !== 'object') a[k] = {};
        add(a[k] as Record<string, unknown>, v as Record<string, unknown>);
      }
    }
  };
  add(into as unknown as Record<string, unknown>, from as unknown as Record<string, unknown>);
  return into;
}

/**
 * A percentile of a histogram, with PostgreSQL's percentile_cont rule (linear interpolation between
 * the two nearest ranks) on the values the buckets stand for. Null when empty.
 */
export function histogramPercentile(h: Readonly<Histogram>, p: number, valueOfKey: (key: string) => number = Number): number | null {
  const entries = Object.entries(h)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => [valueOfKey(k), n] as const)
    .sort((x, y) => x[0] - y[0]);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  const rank = p * (total - 1);
  const at = (r: number): number => {
    let seen = 0;
    for (const [v, n] of entries) {
      seen += n;
      if (r < seen) return v;
    }
    return entries[entries.length - 1]![0];
  };
  const lo = Math.floor(rank);
  const a = at(lo);
  const b = at(Math.ceil(rank));
  return a + (b - a) * (rank - lo);
}

export const logPercentile = (h: Readonly<Histogram>, p: number): number | null => histogramPercentile(h, p, valueOfBucket);

/** The week (its Monday) or the month (its first day) a calendar day falls in, as YYYY-MM-DD. */
export function bucketOfDay(day: string, g: Granularity): string {
  if (g === 'month') return `${day.slice(0, 7)}-01`;
  const t = Date.parse(`${day}T00:00:00Z`);
  const weekday = (new Date(t).getUTCDay() + 6) % 7; // Monday 0
  return new Date(t - weekday * 86_400_000).toISOString().slice(0, 10);
}

/** Every calendar day from `from` to `to`, both included. */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** Consecutive days grouped into ranges, so the live part of a period is read with index ranges. */
export function dayRanges(days: readonly string[]): { from: string; to: string }[] {
  const ranges: { from: string; to: string }[] = [];
  for (const d of [...days].sort()) {
    const last = ranges[ranges.length - 1];
    if (last && Date.parse(`${d}T00:00:00Z`) - Date.parse(`${last.to}T00:00:00Z`) === 86_400_000) last.to = d;
    else ranges.push({ from: d, to: d });
  }
  return ranges;
}

/** The sum of the days, and the sums per week or month bucket (sorted). */
export function sumDays(days: ReadonlyMap<string, DayFigures>, g: Granularity): { total: DayFigures; series: { bucket: string; figures: DayFigures }[] } {
  const total = emptyDay();
  const buckets = new Map<string, DayFigures>();
  for (const [day, f] of days) {
    addDay(total, f);
    const b = bucketOfDay(day, g);
    addDay(buckets.get(b) ?? buckets.set(b, emptyDay()).get(b)!, f);
  }
  const series = [...buckets].sort(([a], [b]) => a.localeCompare(b)).map(([bucket, figures]) => ({ bucket, figures }));
  return { total, series };
}

/**
 * The dashboard's sections from a period's days — the same shapes as the exact queries of store.ts
 * (used when a filter narrows the requests), so the page and the report don't know which ran.
 * Series keep only the buckets that have something, as SQL's GROUP BY does.
 */
export function dashboardOfDays(days: ReadonlyMap<string, DayFigures>, g: Granularity) {
  const { total, series } = sumDays(days, g);
  const satisfactionPoint = (s: DayFigures['satisfaction'], bucket: string | null) => ({
    bucket,
    answers: s.answers,
    csatMean: s.csatAnswers > 0 ? s.csatSum / s.csatAnswers : null,
    npsAnswers: s.npsAnswers,
    promoters: s.promoters,
    detractors: s.detractors,
  });
  const claimsOf = (insurers: readonly string[]) => {
    const days: Histogram = {};
    let paid = 0;
    for (const i of insurers) {
      const c = total.claims[i];
      if (!c) continue;
      paid += c.paid;
      addCounts(days, c.days);
    }
    return { paid, medianDays: histogramPercentile(days, 0.5), p90Days: histogramPercentile(days, 0.9) };
  };
  return {
    volume: {
      total: total.requests.total,
      byChannel: total.requests.byChannel,
      bySpecialty: total.requests.bySpecialty,
      byUrgency: total.requests.byUrgency,
      series: series.filter((s) => s.figures.requests.total > 0).map((s) => ({ bucket: s.bucket, count: s.figures.requests.total })),
    },
    firstResponse: urgencies.map((u) => {
      const r = total.response[u] ?? { requests: 0, responded: 0, within: 0, pending: 0, minutes: {} };
      return {
        urgency: u,
        targetMinutes: responseTargetMinutes[u],
        requests: r.requests,
        responded: r.responded,
        withinTarget: r.within,
        pending: r.pending,
        medianMinutes: logPercentile(r.minutes, 0.5),
        p90Minutes: logPercentile(r.minutes, 0.9),
      };
    }),
    timeToAppointment: {
      requests: total.toAppointment.requests,
      withAppointment: total.toAppointment.withAppointment,
      medianHours: logPercentile(total.toAppointment.hours, 0.5),
      p90Hours: logPercentile(total.toAppointment.hours, 0.9),
    },
    appointments: {
      ...total.appointments,
      series: series
        .filter((s) => s.figures.appointments.total > 0)
        .map((s) => ({
          bucket: s.bucket,
          inPerson: s.figures.appointments.total - s.figures.appointments.teleconsultation,
          teleconsultation: s.figures.appointments.teleconsultation,
          noShow: s.figures.appointments.noShow,
        })),
    },
    satisfaction: {
      overall: satisfactionPoint(total.satisfaction, null),
      series: series.filter((s) => s.figures.satisfaction.answers > 0).map((s) => satisfactionPoint(s.figures.satisfaction, s.bucket)),
    },
    claims: [
      { insurer: 'all', ...claimsOf(Object.keys(total.claims)) },
      { insurer: 'amo', ...claimsOf(['amo']) },
      { insurer: 'amc', ...claimsOf(['amc']) },
    ],
    revenue: {
      ...total.invoices,
      series: series.filter((s) => s.figures.invoices.invoices + s.figures.invoices.creditNotes > 0).map((s) => ({ bucket: s.bucket, revenueExclCents: s.figures.invoices.revenueExclCents })),
    },
  };
}
