/** Matching use-cases: the ranked shortlist for a request, the admin's weights, the advisor's selection. */
import type { AppContext } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Actor } from '../audit/domain.ts';
import { recordAudit } from '../audit/store.ts';
import { findClient } from '../clients/store.ts';
import { departmentOf } from '../directory/domain.ts';
import { postalCentroid } from '../directory/geocoding.ts';
import { type PractitionerView, practitionerViews, type presentPlace } from '../directory/service.ts';
import { findPlace, findPractitioner, findPractitioners } from '../directory/store.ts';
import { usersByIds } from '../identity/store.ts';
import { loadRequest } from '../requests/service.ts';
import { coversOverruns, type Criterion, DEFAULT_WEIGHTS, explain, type MatchQuery, type Mode, type Weights } from './domain.ts';
import * as store from './store.ts';

export interface MatchParams {
  specialty?: string | undefined;
  mode?: Mode | undefined;
  maxKm: number;
  postalCode?: string | undefined;
  language?: string | undefined;
  sex?: 'F' | 'M' | undefined;
  sectors?: ('1' | '2' | 'optam' | 'non_conventionne')[] | undefined;
  /** Euros, as the advisor types it. */
  maxFee?: number | undefined;
  accessible?: boolean | undefined;
  limit: number;
  only?: string[] | undefined;
}

export async function currentWeights(ctx: AppContext): Promise<Weights> {
  return { ...DEFAULT_WEIGHTS, ...(await store.loadWeights(ctx.db))?.weights };
}

type Origin = { source: 'client_address' | 'postal_code'; label: string; latitude: number | null; longitude: number | null };

/** Where distances are measured from: a postal code the advisor typed, else the client's address. */
async function originFor(ctx: AppContext, client: Awaited<ReturnType<typeof findClient>>, postalCode: string | undefined): Promise<{ origin: Origin | null; department: string | null }> {
  const address = postalCode ? { postalCode, city: null, street: null } : client?.address ? { postalCode: client.address.postalCode, city: client.address.city, street: client.address.line1 } : null;
  if (!address) return { origin: null, department: null };
  const point = (await ctx.geocoder.geocode(address)) ?? (await postalCentroid(ctx.db, { postalCode: address.postalCode, city: address.city }));
  const label = postalCode ?? [address.street, `${address.postalCode} ${address.city ?? ''}`.trim()].filter(Boolean).join(', ');
  return {
    origin: { source: postalCode ? 'postal_code' : 'client_address', label, latitude: point?.latitude ?? null, longitude: point?.longitude ?? null },
    department: departmentOf(address.postalCode),
  };
}

export interface Match {
  rank: number;
  score: number;
  practitioner: PractitionerView;
  place: ReturnType<typeof presentPlace> | null;
  distanceKm: number | null;
  shortlisted: boolean;
  criteria: Criterion[];
}

export async function matchesForRequest(ctx: AppContext, requestId: string, p: MatchParams) {
  const request = await loadRequest(ctx, requestId);
  const specialty = p.specialty ?? request.specialty;
  if (!specialty) throw new DomainError('specialty_required', 400, {}, [{ path: 'specialty', code: 'specialty_required' }]);
  const client = request.clientId ? await findClient(ctx.db, request.clientId) : undefined;
  const mode: Mode = p.mode ?? (request.kind === 'teleconsultation' ? 'teleconsultation' : 'in_person');
  const { origin, department } = await originFor(ctx, client, p.postalCode);
  const preferredLanguage = client && client.preferredLanguage !== 'fr' ? client.preferredLanguage : undefined;
  const query: MatchQuery = {
    specialty,
    mode,
    origin: origin?.latitude != null && origin.longitude != null ? { latitude: origin.latitude, longitude: origin.longitude } : null,
    department,
    maxKm: p.maxKm,
    language: p.language,
    sex: p.sex,
    sectors: p.sectors,
    maxFee: p.maxFee === undefined ? undefined : Math.round(p.maxFee * 100),
    accessible: p.accessible,
    preferredLanguage,
    coversOverruns: coversOverruns(client?.mutuelle?.coverage),
    weights: await currentWeights(ctx),
    limit: p.limit,
    only: p.only,
  };
  const rows = await store.findMatches(ctx.db, query);
  const [views, shortlisted] = await Promise.all([
    findPractitioners(
      ctx.db,
      rows.map((r) => r.practitionerId),
    ).then((ps) => practitionerViews(ctx, ps)),
    store.shortlistedIds(ctx.db, requestId),
  ]);
  const byId = new Map(views.map((v) => [v.id, v]));
  const results: Match[] = rows.flatMap((row, i) => {
    const practitioner = byId.get(row.practitionerId);
    if (!practitioner) return [];
    const { score, criteria } = explain(row, query);
    const place = practitioner.places.find((pl) => pl.id === row.placeId) ?? null;
    return [{ rank: i + 1, score, practitioner, place, distanceKm: row.distanceKm === null ? null : Math.round(row.distanceKm * 10) / 10, shortlisted: shortlisted.has(row.practitionerId), criteria }];
  });
  return {
    query: { specialty, mode, maxKm: p.maxKm, language: p.language, sex: p.sex, sectors: p.sectors, maxFee: p.maxFee, accessible: p.accessible },
    origin,
    preferredLanguage: preferredLanguage ?? null,
    coversOverruns: query.coversOverruns,
    weights: query.weights,
    results,
  };
}

export async function weightsView(ctx: AppContext) {
  const row = await store.loadWeights(ctx.db);
  const by = row?.updatedById ? (await usersByIds(ctx.db, [row.updatedById])).get(row.updatedById) : undefined;
  return {
    weights: { ...DEFAULT_WEIGHTS, ...row?.weights },
    defaults: DEFAULT_WEIGHTS,
    updatedAt: row?.updatedAt.toISOString() ?? null,
    updatedBy: by ? { id: by.id, name: by.displayName } : null,
  };
}

export async function setWeights(ctx: AppContext, weights: Weights, actor: Actor & { id: string }) {
  await store.saveWeights(ctx.db, weights, actor.id);
  await recordAudit(ctx.db, actor, { action: 'matching.weights_changed', targetType: 'matching', targetId: 'default', details: { weights } });
  return weightsView(ctx);
}

export async function shortlist(ctx: AppContext, requestId: string) {
  await loadRequest(ctx, requestId);
  const items = await store.listShortlist(ctx.db, requestId);
  const [views, users] = await Promise.all([
    practitionerViews(
      ctx,
      items.map((i) => i.practitioner),
    ),
    usersByIds(ctx.db, [...items.map((i) => i.item.addedById), ...items.map((i) => i.item.decidedById ?? '')]),
  ]);
  return items.map(({ item }, i) => ({
    id: item.id,
    practitioner: views[i] as PractitionerView,
    placeId: item.placeId,
    score: item.score,
    criteria: item.criteria,
    status: item.status,
    note: item.note,
    addedBy: { id: item.addedById, name: users.get(item.addedById)?.displayName ?? '' },
    addedAt: item.addedAt.toISOString(),
    decidedAt: item.decidedAt?.toISOString() ?? null,
  }));
}

/** Adds a practitioner with the score and reasons the advisor saw, so the choice stays explainable. */
export async function addToShortlist(ctx: AppContext, requestId: string, input: { practitionerId: string; placeId?: string | undefined } & Omit<MatchParams, 'limit' | 'only'>, actor: Actor & { id: string }) {
  await loadRequest(ctx, requestId);
  if (!(await findPractitioner(ctx.db, input.practitionerId))) throw new DomainError('practitioner_not_found', 404);
  if (input.placeId && !(await findPlace(ctx.db, input.practitionerId, input.placeId))) throw new DomainError('place_not_found', 404);
  // The snapshot scores this practitioner on the request's terms, without the advisor's hard filters.
  const snapshot = await matchesForRequest(ctx, requestId, { specialty: input.specialty, mode: input.mode, maxKm: input.maxKm, postalCode: input.postalCode, limit: 1, only: [input.practitionerId] }).catch(() => null);
  const found = snapshot?.results[0];
  const item = await store.insertShortlistItem(ctx.db, {
    requestId,
    practitionerId: input.practitionerId,
    placeId: input.placeId ?? found?.place?.id ?? null,
    score: found?.score ?? null,
    criteria: found?.criteria ?? [],
    addedById: actor.id,
  });
  if (!item) throw new DomainError('shortlist_duplicate', 409);
  await recordAudit(ctx.db, actor, { action: 'matching.shortlisted', targetType: 'request', targetId: requestId, details: { practitionerId: input.practitionerId } });
  return (await shortlist(ctx, requestId)).find((i) => i.id === item.id);
}

export async function removeFromShortlist(ctx: AppContext, requestId: string, itemId: string, actor: Actor) {
  if (!(await store.deleteShortlistItem(ctx.db, requestId, itemId))) throw new DomainError('shortlist_item_not_found', 404);
  await recordAudit(ctx.db, actor, { action: 'matching.unshortlisted', targetType: 'request', targetId: requestId, details: { itemId } });
}

/** The client's choice: one chosen practitioner per request; the others stay proposed or declined. */
export async function decide(ctx: AppContext, requestId: string, itemId: string, input: { status: 'proposed' | 'chosen' | 'declined'; note?: string | undefined }, actor: Actor & { id: string }) {
  const ok = await store.decideShortlistItem(ctx.db, requestId, itemId, { status: input.status, note: input.note?.trim() || null, decidedById: actor.id, decidedAt: ctx.now() });
  if (!ok) throw new DomainError('shortlist_item_not_found', 404);
  await recordAudit(ctx.db, actor, { action: 'matching.decision', targetType: 'request', targetId: requestId, details: { itemId, status: input.status } });
  return shortlist(ctx, requestId);
}
