/** Directory use-cases: what the team records about practitioners and providers, audited. */
import dayjs from 'dayjs';
import type { AppContext } from '../../platform/context.ts';
import { parisDate } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Actor } from '../audit/domain.ts';
import { recordAudit } from '../audit/store.ts';
import { foldName } from '../clients/domain.ts';
import { listUsers, usersByIds } from '../identity/store.ts';
import { notifyUsers } from '../notifications/inbox.ts';
import { isFinessFormat, type ProviderKind, ratingSummary, VERIFICATION_WARNING_DAYS, verificationStatus } from './domain.ts';
import type { Fees } from './schema.ts';
import * as store from './store.ts';
import type { PlaceRow, PractitionerRow, ProviderRow, ReviewRow, VerificationRow } from './store.ts';

export const presentPlace = (pl: PlaceRow) => ({
  id: pl.id,
  name: pl.name,
  street: pl.street,
  postalCode: pl.postalCode,
  city: pl.city,
  phone: pl.phone,
  finess: pl.finess,
  latitude: pl.latitude,
  longitude: pl.longitude,
  accessible: pl.accessible,
});

export function presentPractitioner(p: PractitionerRow, places: PlaceRow[], verification: VerificationRow | undefined, today: string) {
  return {
    id: p.id,
    rpps: p.rpps,
    civility: p.civility,
    lastName: p.lastName,
    firstName: p.firstName,
    displayName: `${p.civility ? `${p.civility} ` : ''}${p.firstName} ${p.lastName}`,
    profession: p.profession,
    specialties: p.specialties,
    languages: p.languages,
    sex: p.sex,
    sector: p.sector,
    teleconsultation: p.teleconsultation,
    acceptsNewPatients: p.acceptsNewPatients,
    networkStatus: p.networkStatus,
    teamNotes: p.teamNotes,
    active: p.active,
    fees: p.fees,
    rating: ratingSummary(p.ratingCount, p.ratingSum),
    verification: {
      status: verificationStatus(verification?.expiresOn ?? null, today),
      expiresOn: verification?.expiresOn ?? null,
      checkedAt: verification?.checkedAt.toISOString() ?? null,
    },
    places: places.filter((pl) => pl.active).map(presentPlace),
  };
}
export type PractitionerView = ReturnType<typeof presentPractitioner>;

/** Practitioners with their places and latest verification, in the order given. */
export async function practitionerViews(ctx: AppContext, rows: PractitionerRow[]): Promise<PractitionerView[]> {
  const ids = rows.map((p) => p.id);
  const [places, checks] = await Promise.all([store.placesOf(ctx.db, ids), store.latestVerifications(ctx.db, ids)]);
  const today = parisDate(ctx.now());
  return rows.map((p) => presentPractitioner(p, places.get(p.id) ?? [], checks.get(p.id), today));
}

export async function practitionerView(ctx: AppContext, id: string): Promise<PractitionerView> {
  const p = await store.findPractitioner(ctx.db, id);
  if (!p) throw new DomainError('practitioner_not_found', 404);
  const [view] = await practitionerViews(ctx, [p]);
  return view as PractitionerView;
}

const nameOf = (users: Awaited<ReturnType<typeof usersByIds>>, id: string | null) => {
  const u = id ? users.get(id) : undefined;
  return u ? { id: u.id, name: u.displayName } : null;
};

export async function presentVerifications(ctx: AppContext, rows: VerificationRow[]) {
  const users = await usersByIds(
    ctx.db,
    rows.map((r) => r.checkedById),
  );
  return rows.map((v) => ({
    id: v.id,
    checkedAt: v.checkedAt.toISOString(),
    checkedBy: nameOf(users, v.checkedById),
    rppsChecked: v.rppsChecked,
    licenceChecked: v.licenceChecked,
    certifications: v.certifications,
    evidence: v.evidence,
    expiresOn: v.expiresOn,
  }));
}

export async function presentReviews(ctx: AppContext, rows: ReviewRow[]) {
  const users = await usersByIds(
    ctx.db,
    rows.map((r) => r.authorId ?? ''),
  );
  return rows.map((r) => ({ id: r.id, source: r.source, rating: r.rating, comment: r.comment, author: nameOf(users, r.authorId), createdAt: r.createdAt.toISOString() }));
}

export interface TeamFields {
  networkStatus?: 'none' | 'partner' | undefined;
  teamNotes?: string | null | undefined;
  languages?: string[] | undefined;
  sector?: '1' | '2' | 'optam' | 'non_conventionne' | null | undefined;
  teleconsultation?: boolean | undefined;
  acceptsNewPatients?: boolean | null | undefined;
  fees?: Fees | undefined;
}

/** The team's own knowledge; a partner must have a check that still holds. */
export async function updateTeamFields(ctx: AppContext, id: string, fields: TeamFields, actor: Actor): Promise<PractitionerView> {
  const p = await store.findPractitioner(ctx.db, id);
  if (!p) throw new DomainError('practitioner_not_found', 404);
  if (fields.networkStatus === 'partner' && p.networkStatus !== 'partner') {
    const latest = (await store.latestVerifications(ctx.db, [id])).get(id);
    const status = verificationStatus(latest?.expiresOn ?? null, parisDate(ctx.now()));
    if (status === 'none' || status === 'expired') throw new DomainError('verification_required', 409);
  }
  const languages = fields.languages ? [...new Set(['fr', ...fields.languages.map((l) => l.toLowerCase())])] : undefined;
  await store.updatePractitioner(ctx.db, id, { ...fields, ...(languages ? { languages } : {}) });
  await recordAudit(ctx.db, actor, { action: 'directory.updated', targetType: 'practitioner', targetId: id, details: { fields: Object.keys(fields) } });
  return practitionerView(ctx, id);
}

export async function updatePlace(ctx: AppContext, practitionerId: string, placeId: string, fields: { accessible?: boolean | null | undefined; latitude?: number | undefined; longitude?: number | undefined }, actor: Actor) {
  if (!(await store.findPlace(ctx.db, practitionerId, placeId))) throw new DomainError('place_not_found', 404);
  const manual = fields.latitude !== undefined && fields.longitude !== undefined;
  await store.updatePlace(ctx.db, placeId, {
    ...(fields.accessible !== undefined ? { accessible: fields.accessible } : {}),
    ...(manual ? { latitude: fields.latitude, longitude: fields.longitude, geocodeSource: 'manual' } : {}),
  });
  await recordAudit(ctx.db, actor, { action: 'directory.place_updated', targetType: 'practitioner', targetId: practitionerId, details: { placeId, fields: Object.keys(fields) } });
  return practitionerView(ctx, practitionerId);
}

export async function recordVerification(
  ctx: AppContext,
  practitionerId: string,
  input: { rppsChecked: boolean; licenceChecked: boolean; certifications?: string | undefined; evidence: string; validMonths: number },
  actor: Actor & { id: string },
) {
  if (!(await store.findPractitioner(ctx.db, practitionerId))) throw new DomainError('practitioner_not_found', 404);
  const now = ctx.now();
  const row = await store.insertVerification(ctx.db, {
    practitionerId,
    checkedById: actor.id,
    checkedAt: now,
    rppsChecked: input.rppsChecked,
    licenceChecked: input.licenceChecked,
    certifications: input.certifications?.trim() || null,
    evidence: input.evidence.trim(),
    expiresOn: dayjs(parisDate(now)).add(input.validMonths, 'month').format('YYYY-MM-DD'),
  });
  await recordAudit(ctx.db, actor, { action: 'directory.verified', targetType: 'practitioner', targetId: practitionerId, details: { expiresOn: row.expiresOn } });
  const [verification] = await presentVerifications(ctx, [row]);
  return { verification, practitioner: await practitionerView(ctx, practitionerId) };
}

export async function addReview(ctx: AppContext, target: { practitionerId: string } | { providerId: string }, input: { rating: number; comment?: string | undefined }, actor: Actor & { id: string }) {
  const exists = 'practitionerId' in target ? await store.findPractitioner(ctx.db, target.practitionerId) : await store.findProvider(ctx.db, target.providerId);
  if (!exists) throw new DomainError('practitionerId' in target ? 'practitioner_not_found' : 'provider_not_found', 404);
  const { review, totals } = await store.insertReview(ctx.db, target, { source: 'staff', rating: input.rating, comment: input.comment?.trim() || null, authorId: actor.id });
  const targetType = 'practitionerId' in target ? 'practitioner' : 'provider';
  await recordAudit(ctx.db, actor, { action: 'directory.reviewed', targetType, targetId: exists.id, details: { rating: input.rating } });
  const [presented] = await presentReviews(ctx, [review]);
  return { review: presented, rating: ratingSummary(totals.count, totals.sum) };
}

/**
 * Warns advisors and coordinators once per check that a partner must be re-verified (30 days
 * ahead, or already lapsed). Runs hourly from the server; idempotent through reminded_at.
 */
export async function remindVerifications(ctx: AppContext): Promise<number> {
  const until = dayjs(parisDate(ctx.now())).add(VERIFICATION_WARNING_DAYS, 'day').format('YYYY-MM-DD');
  const due = (await store.partnersToRecheck(ctx.db, until)).filter((d) => d.verificationId && !d.remindedAt);
  if (!due.length) return 0;
  const team = (await listUsers(ctx.db, { active: true })).filter((u) => u.role === 'advisor' || u.role === 'coordinator').map((u) => u.id);
  for (const d of due) {
    const name = `${d.practitioner.firstName} ${d.practitioner.lastName}`;
    await notifyUsers(ctx.db, team, {
      kind: 'verification',
      title: `Vérification à renouveler : ${name}`,
      body: `La vérification de ce partenaire expire le ${dayjs(d.expiresOn).format('DD/MM/YYYY')}.`,
      link: `/annuaire/praticiens/${d.practitioner.id}`,
    });
    await store.markReminded(ctx.db, d.verificationId as string, ctx.now());
  }
  return due.length;
}

export async function dueVerifications(ctx: AppContext) {
  const today = parisDate(ctx.now());
  const until = dayjs(today).add(VERIFICATION_WARNING_DAYS, 'day').format('YYYY-MM-DD');
  const due = await store.partnersToRecheck(ctx.db, until);
  const views = await practitionerViews(
    ctx,
    due.map((d) => d.practitioner),
  );
  return views.map((practitioner, i) => ({
    practitioner,
    status: practitioner.verification.status === 'expiring' ? ('expiring' as const) : ('expired' as const),
    expiresOn: due[i]?.expiresOn ?? null,
  }));
}

export const presentProvider = (p: ProviderRow) => ({
  id: p.id,
  kind: p.kind,
  name: p.name,
  finess: p.finess,
  siret: p.siret,
  street: p.street,
  postalCode: p.postalCode,
  city: p.city,
  phone: p.phone,
  email: p.email,
  website: p.website,
  latitude: p.latitude,
  longitude: p.longitude,
  services: p.services,
  networkStatus: p.networkStatus,
  teamNotes: p.teamNotes,
  active: p.active,
  rating: ratingSummary(p.ratingCount, p.ratingSum),
});

export interface ProviderInput {
  kind: ProviderKind;
  name: string;
  finess?: string | null | undefined;
  siret?: string | null | undefined;
  street?: string | null | undefined;
  postalCode: string;
  city: string;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  website?: string | null | undefined;
  services?: string[] | undefined;
  networkStatus?: 'none' | 'partner' | undefined;
  teamNotes?: string | null | undefined;
  active?: boolean | undefined;
}

async function checkFiness(ctx: AppContext, finess: string | null | undefined, exceptId?: string): Promise<string | null | undefined> {
  if (finess === undefined || finess === null || finess.trim() === '') return finess === undefined ? undefined : null;
  const value = finess.replace(/\s/g, '').toUpperCase();
  if (!isFinessFormat(value)) throw new DomainError('validation_failed', 400, {}, [{ path: 'finess', code: 'finess_format' }]);
  const other = await store.findProviderByFiness(ctx.db, value);
  if (other && other.id !== exceptId) throw new DomainError('provider_duplicate', 409, {}, [{ path: 'finess', code: 'provider_duplicate' }]);
  return value;
}

/** Placed from the address when the geocoder can; otherwise found by postal code and city. */
async function locate(ctx: AppContext, input: { street?: string | null | undefined; postalCode?: string | undefined; city?: string | undefined }) {
  if (!input.postalCode && !input.city && !input.street) return {};
  const point = await ctx.geocoder.geocode({ street: input.street, postalCode: input.postalCode, city: input.city });
  return point ? { latitude: point.latitude, longitude: point.longitude, geocodeSource: point.source } : {};
}

export async function createProvider(ctx: AppContext, input: ProviderInput, actor: Actor): Promise<ProviderRow> {
  const finess = await checkFiness(ctx, input.finess);
  const row = await store.insertProvider(ctx.db, { ...input, finess: finess ?? null, searchName: foldName(`${input.name} ${input.city}`), ...(await locate(ctx, input)) });
  await recordAudit(ctx.db, actor, { action: 'directory.provider_created', targetType: 'provider', targetId: row.id, details: { kind: row.kind } });
  return row;
}

export async function editProvider(ctx: AppContext, id: string, patch: Partial<ProviderInput>, actor: Actor): Promise<ProviderRow> {
  const existing = await store.findProvider(ctx.db, id);
  if (!existing) throw new DomainError('provider_not_found', 404);
  const finess = await checkFiness(ctx, patch.finess, id);
  const moved = patch.street !== undefined || patch.postalCode !== undefined || patch.city !== undefined;
  const next = { ...existing, ...patch };
  const row = await store.updateProvider(ctx.db, id, {
    ...patch,
    ...(finess !== undefined ? { finess } : {}),
    searchName: foldName(`${next.name} ${next.city}`),
    ...(moved ? { latitude: null, longitude: null, geocodeSource: null, ...(await locate(ctx, next)) } : {}),
  });
  await recordAudit(ctx.db, actor, { action: 'directory.provider_updated', targetType: 'provider', targetId: id, details: { fields: Object.keys(patch) } });
  return row;
}
