/**
 * Matching rules: hard filters exclude, then a weighted score ranks, and every result carries the
 * part each criterion played. Pure: the constants below are the only place the scale is defined;
 * store.ts turns them into SQL so that 250,000 practitioners rank in the database.
 */
import { z } from 'zod';

export const CRITERIA = ['distance', 'availability', 'cost', 'network', 'rating', 'language'] as const;
export type CriterionKey = (typeof CRITERIA)[number];
export type Weights = Record<CriterionKey, number>;

/**
 * Closeness first, then what the client pays, then the team's trust; availability waits for
 * schedules (it counts only once practitioners have agendas).
 */
export const DEFAULT_WEIGHTS: Weights = { distance: 5, availability: 4, cost: 3, network: 3, rating: 2, language: 3 };

export const weightsSchema = z
  .object(Object.fromEntries(CRITERIA.map((k) => [k, z.number().int().min(0).max(10)])) as Record<CriterionKey, z.ZodNumber>)
  .refine((w) => Object.values(w).some((v) => v > 0), { message: 'at least one weight must be above 0' });

/** What a sector costs the client, 1 = only the convention fee, 0 = free fees, nothing reimbursed on top. */
export const SECTOR_VALUE = { '1': 1, optam: 0.85, '2': { covered: 0.6, uncovered: 0.3 }, non_conventionne: 0, unknown: 0.5 } as const;

/** A mutuelle covering at least 200 % of the base pays most sector-2 overruns. */
export function coversOverruns(coverage: string | null | undefined): boolean {
  const percent = Number(/(\d{3,})\s*%/.exec(coverage ?? '')?.[1] ?? 0);
  return percent >= 200;
}

/**
 * Ratings are shrunk towards a neutral 3/5 by two virtual reviews, so one enthusiastic review does
 * not outrank twenty good ones; no review at all is neutral (0.5), never a made-up mark.
 */
export const RATING_PRIOR = { mean: 3, weight: 2 } as const;
export function ratingValue(count: number, sum: number): number {
  if (count === 0) return 0.5;
  const mean = (sum + RATING_PRIOR.mean * RATING_PRIOR.weight) / (count + RATING_PRIOR.weight);
  return (mean - 1) / 4;
}

/** Linear from 1 at the door to 0 at the maximum distance. */
export const distanceValue = (km: number, maxKm: number): number => Math.max(0, 1 - km / maxKm);

export type Mode = 'in_person' | 'teleconsultation';

/** What the advisor asks for. Hard filters are the optional fields; the origin drives distance. */
export interface MatchQuery {
  specialty: string;
  mode: Mode;
  origin: { latitude: number; longitude: number } | null;
  maxKm: number;
  /** Department of the origin: places without coordinates there still qualify, at a neutral distance. */
  department: string | null;
  language?: string | undefined;
  sex?: 'F' | 'M' | undefined;
  sectors?: ('1' | '2' | 'optam' | 'non_conventionne')[] | undefined;
  /** In cents, for the consultation type of the mode; unknown fees pass and are flagged. */
  maxFee?: number | undefined;
  accessible?: boolean | undefined;
  /** The client's own preference (soft): their language when it is not French. */
  preferredLanguage?: string | undefined;
  coversOverruns: boolean;
  weights: Weights;
  limit: number;
  /** Restrict to these practitioners (to snapshot one result for a shortlist). */
  only?: string[] | undefined;
}

/** The raw facts of one candidate, as the database found them. */
export interface CandidateFacts {
  distanceKm: number | null;
  sector: string | null;
  networkStatus: string;
  ratingCount: number;
  ratingSum: number;
  speaksPreferred: boolean | null;
  fee: number | null;
}

export interface Criterion {
  key: CriterionKey;
  weight: number;
  /** 0..1, or null when the criterion does not apply to this query (e.g. distance in teleconsultation). */
  value: number | null;
  /** Share of the 0–100 score this criterion brought. */
  points: number;
  /** Facts for the sentence the UI shows ("à 3,2 km", "secteur 2, dépassements couverts"…). */
  detail: Record<string, string | number | boolean | null>;
}

/** Which criteria apply is a property of the query, so every candidate is scored on the same scale. */
export function applicable(q: Pick<MatchQuery, 'mode' | 'origin' | 'department' | 'preferredLanguage'>): Record<CriterionKey, boolean> {
  return {
    distance: q.mode === 'in_person' && (q.origin !== null || q.department !== null),
    availability: false, // until practitioners have schedules (scheduling issue)
    cost: true,
    network: true,
    rating: true,
    language: Boolean(q.preferredLanguage && q.preferredLanguage !== 'fr'),
  };
}

export function sectorValue(sector: string | null, covered: boolean): number {
  if (sector === '2') return covered ? SECTOR_VALUE['2'].covered : SECTOR_VALUE['2'].uncovered;
  if (sector === '1' || sector === 'optam' || sector === 'non_conventionne') return SECTOR_VALUE[sector];
  return SECTOR_VALUE.unknown;
}

/** The values of one candidate; the SQL in store.ts computes the same numbers to order by them. */
export function values(f: CandidateFacts, q: MatchQuery): Record<CriterionKey, number | null> {
  const on = applicable(q);
  return {
    distance: on.distance ? (f.distanceKm === null ? 0.5 : distanceValue(f.distanceKm, q.maxKm)) : null,
    availability: null,
    cost: sectorValue(f.sector, q.coversOverruns),
    network: f.networkStatus === 'partner' ? 1 : 0,
    rating: ratingValue(f.ratingCount, f.ratingSum),
    language: on.language ? (f.speaksPreferred ? 1 : 0) : null,
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Score 0–100 and its breakdown: each criterion's points add up to the score. */
export function explain(f: CandidateFacts, q: MatchQuery): { score: number; criteria: Criterion[] } {
  const v = values(f, q);
  const total = CRITERIA.reduce((s, k) => s + (v[k] === null ? 0 : q.weights[k]), 0);
  const details: Record<CriterionKey, Criterion['detail']> = {
    distance: { km: f.distanceKm === null ? null : round1(f.distanceKm), maxKm: q.maxKm, mode: q.mode },
    availability: {},
    cost: { sector: f.sector, covered: q.coversOverruns, fee: f.fee },
    network: { partner: f.networkStatus === 'partner' },
    rating: { count: f.ratingCount, mean: f.ratingCount ? round1(f.ratingSum / f.ratingCount) : null },
    language: { language: q.preferredLanguage ?? null, speaks: f.speaksPreferred },
  };
  const criteria = CRITERIA.map((key) => {
    const value = v[key];
    const points = value === null || total === 0 ? 0 : (q.weights[key] * value * 100) / total;
    return { key, weight: q.weights[key], value: value === null ? null : Math.round(value * 1000) / 1000, points: round1(points), detail: details[key] };
  });
  return { score: Math.round(criteria.reduce((s, c) => s + c.points, 0)), criteria };
}
