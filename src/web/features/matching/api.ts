// Matching and shortlist endpoints of a request (/api/requests/:id/matches, /shortlist) and the
// ranking weights (/api/matching/weights), with their types (served by src/modules/matching/routes.ts, documented at /api/docs).
import { api } from '../../app/api.ts';
import type { Place, Practitioner, Sector } from '../directory/api.ts';

// The directory's own types: one definition of a practitioner for every screen.
export type { Place, Practitioner, Sector };
/** In the order of what the client pays, cheapest first. */
export const SECTORS: readonly Sector[] = ['1', 'optam', '2', 'non_conventionne'];
export type Mode = 'in_person' | 'teleconsultation';
export const MODES: readonly Mode[] = ['in_person', 'teleconsultation'];

export const CRITERIA = ['distance', 'availability', 'cost', 'network', 'rating', 'language'] as const;
export type CriterionKey = (typeof CRITERIA)[number];
/** Integers 0..10. */
export type Weights = Record<CriterionKey, number>;

export interface Criterion {
  key: CriterionKey;
  weight: number;
  /** 0..1; null = not applicable to this query ("non pris en compte"). */
  value: number | null;
  /** Share of the 0–100 score; the points of all criteria add up to the score. */
  points: number;
  /** Facts behind the value, per key (see reasons.ts). */
  detail: Record<string, unknown>;
}

export interface Match {
  rank: number;
  score: number;
  practitioner: Practitioner;
  place: Place | null;
  distanceKm: number | null;
  shortlisted: boolean;
  criteria: Criterion[];
}

/** The hard filters the server applied. */
export interface AppliedQuery {
  specialty: string;
  mode: Mode;
  maxKm: number;
  language?: string;
  sex?: 'F' | 'M';
  sectors?: Sector[];
  /** Euros. */
  maxFee?: number;
  accessible?: boolean;
}

export interface MatchResponse {
  query: AppliedQuery;
  origin: { source: 'client_address' | 'postal_code'; label: string; latitude: number | null; longitude: number | null } | null;
  /** The client's language when it is not French (a soft criterion). */
  preferredLanguage: string | null;
  /** The client's mutuelle covers sector-2 overruns (≥ 200 %). */
  coversOverruns: boolean;
  weights: Weights;
  results: Match[];
}

/** Query parameters of GET /matches; absent = the server's default. */
export interface MatchParams {
  mode?: Mode;
  specialty?: string;
  maxKm?: number;
  postalCode?: string;
  language?: string;
  sex?: 'F' | 'M';
  sectors?: Sector[];
  /** Euros. */
  maxFee?: number;
  accessible?: boolean;
  limit?: number;
}

export type ShortlistStatus = 'proposed' | 'chosen' | 'declined';

export interface ShortlistItem {
  id: string;
  practitioner: Practitioner;
  placeId: string | null;
  score: number | null;
  criteria: Criterion[];
  status: ShortlistStatus;
  note: string | null;
  addedBy: { id: string; name: string };
  addedAt: string;
  decidedAt: string | null;
}

export interface NewShortlistItem {
  practitionerId: string;
  placeId?: string;
  /** The search's terms, so that the snapshotted score is the one the advisor saw. */
  specialty?: string;
  mode?: Mode;
  maxKm?: number;
  postalCode?: string;
}

export interface WeightsSettings {
  weights: Weights;
  defaults: Weights;
  updatedAt: string | null;
  updatedBy: { id: string; name: string } | null;
}

export const MATCHING_KEY = ['matching'] as const;
export const matchesKey = (requestId: string, ...rest: unknown[]) => [...MATCHING_KEY, requestId, 'matches', ...rest] as const;
export const shortlistKey = (requestId: string) => [...MATCHING_KEY, requestId, 'shortlist'] as const;
export const WEIGHTS_KEY = [...MATCHING_KEY, 'weights'] as const;

const base = (id: string) => `/api/requests/${encodeURIComponent(id)}`;

export function matchQuery(params: MatchParams): Record<string, string | number | boolean | undefined> {
  return {
    mode: params.mode,
    specialty: params.specialty,
    maxKm: params.maxKm,
    postalCode: params.postalCode,
    language: params.language,
    sex: params.sex,
    sectors: params.sectors?.length ? params.sectors.join(',') : undefined,
    maxFee: params.maxFee,
    accessible: params.accessible ? true : undefined,
    limit: params.limit,
  };
}

export const matchingApi = {
  matches: (requestId: string, params: MatchParams, signal?: AbortSignal) =>
    api<MatchResponse>(`${base(requestId)}/matches`, { query: matchQuery(params), signal }),
  shortlist: (requestId: string) => api<{ items: ShortlistItem[] }>(`${base(requestId)}/shortlist`),
  addToShortlist: (requestId: string, input: NewShortlistItem) =>
    api<{ item: ShortlistItem }>(`${base(requestId)}/shortlist`, { method: 'POST', body: input }),
  removeFromShortlist: (requestId: string, itemId: string) =>
    api<void>(`${base(requestId)}/shortlist/${encodeURIComponent(itemId)}`, { method: 'DELETE' }),
  decide: (requestId: string, itemId: string, status: ShortlistStatus, note?: string) =>
    api<{ items: ShortlistItem[] }>(`${base(requestId)}/shortlist/${encodeURIComponent(itemId)}/decision`, {
      method: 'POST',
      body: note ? { status, note } : { status },
    }),
  weights: () => api<WeightsSettings>('/api/matching/weights'),
  saveWeights: (weights: Weights) => api<{ weights: Weights }>('/api/matching/weights', { method: 'PUT', body: weights }),
};
