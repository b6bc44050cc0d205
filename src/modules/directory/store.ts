import { and, arrayContains, asc, desc, eq, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { directoryReviews, practicePlaces, practitionerVerifications, practitioners, providers } from './schema.ts';

export type PractitionerRow = typeof practitioners.$inferSelect;
export type PlaceRow = typeof practicePlaces.$inferSelect;
export type ProviderRow = typeof providers.$inferSelect;
export type VerificationRow = typeof practitionerVerifications.$inferSelect;
export type ReviewRow = typeof directoryReviews.$inferSelect;

export interface DirectoryFilter {
  /** Folded name words, or an RPPS number. */
  name?: string | undefined;
  rpps?: string | undefined;
  specialty?: string | undefined;
  postalCode?: string | undefined;
  city?: string | undefined;
  language?: string | undefined;
  sex?: 'F' | 'M' | undefined;
  teleconsultation?: boolean | undefined;
  partner?: boolean | undefined;
  includeInactive?: boolean | undefined;
  limit: number;
}

export async function searchPractitioners(db: Db, f: DirectoryFilter): Promise<PractitionerRow[]> {
  const where: SQL[] = [];
  if (!f.includeInactive) where.push(eq(practitioners.active, true));
  if (f.rpps) where.push(eq(practitioners.rpps, f.rpps));
  if (f.specialty) where.push(arrayContains(practitioners.specialties, [f.specialty]));
  if (f.language) where.push(arrayContains(practitioners.languages, [f.language]));
  if (f.sex) where.push(eq(practitioners.sex, f.sex));
  if (f.teleconsultation !== undefined) where.push(eq(practitioners.teleconsultation, f.teleconsultation));
  if (f.partner) where.push(eq(practitioners.networkStatus, 'partner'));
  if (f.postalCode || f.city) {
    const place = [eq(practicePlaces.active, true)];
    if (f.postalCode) place.push(sql`${practicePlaces.postalCode} like ${`${f.postalCode}%`}`);
    if (f.city) place.push(sql`lower(${practicePlaces.city}) like ${`%${f.city.toLowerCase()}%`}`);
    where.push(inArray(practitioners.id, db.select({ id: practicePlaces.practitionerId }).from(practicePlaces).where(and(...place))));
  }
  const base = db.select().from(practitioners);
  if (f.name) {
    // Typo-tolerant like the client search: trigram similarity on folded names.
    const match = or(sql`${practitioners.searchName} % ${f.name}`, sql`${f.name} <% ${practitioners.searchName}`, sql`${practitioners.searchName} like ${`%${f.name}%`}`);
    if (match) where.push(match);
    const score = sql`greatest(similarity(${practitioners.searchName}, ${f.name}), word_similarity(${f.name}, ${practitioners.searchName}))`;
    return base
      .where(and(...where))
      .orderBy(desc(score))
      .limit(f.limit);
  }
  return base
    .where(and(...where))
    .orderBy(practitioners.lastName, practitioners.firstName)
    .limit(f.limit);
}

export async function placesOf(db: Db, ids: string[]): Promise<Map<string, PlaceRow[]>> {
  const map = new Map<string, PlaceRow[]>();
  if (!ids.length) return map;
  const rows = await db.select().from(practicePlaces).where(inArray(practicePlaces.practitionerId, ids));
  for (const r of rows) map.set(r.practitionerId, [...(map.get(r.practitionerId) ?? []), r]);
  return map;
}

export async function findPractitioners(db: Db, ids: string[]): Promise<PractitionerRow[]> {
  if (!ids.length) return [];
  return db.select().from(practitioners).where(inArray(practitioners.id, ids));
}

export async function findPractitioner(db: Db, id: string): Promise<PractitionerRow | undefined> {
  const [row] = await db.select().from(practitioners).where(eq(practitioners.id, id));
  return row;
}

export async function updatePractitioner(db: Db, id: string, values: Partial<typeof practitioners.$inferInsert>): Promise<PractitionerRow> {
  const [row] = await db
    .update(practitioners)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(practitioners.id, id))
    .returning();
  if (!row) throw new Error('update practitioners matched nothing');
  return row;
}

export async function findPlace(db: Db, practitionerId: string, placeId: string): Promise<PlaceRow | undefined> {
  const [row] = await db
    .select()
    .from(practicePlaces)
    .where(and(eq(practicePlaces.id, placeId), eq(practicePlaces.practitionerId, practitionerId)));
  return row;
}

export async function updatePlace(db: Db, id: string, values: Partial<typeof practicePlaces.$inferInsert>): Promise<void> {
  await db
    .update(practicePlaces)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(practicePlaces.id, id));
}

/** The latest verification of each practitioner: the one that says whether the check still holds. */
export async function latestVerifications(db: Db, ids: string[]): Promise<Map<string, VerificationRow>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectDistinctOn([practitionerVerifications.practitionerId])
    .from(practitionerVerifications)
    .where(inArray(practitionerVerifications.practitionerId, ids))
    .orderBy(practitionerVerifications.practitionerId, desc(practitionerVerifications.checkedAt));
  return new Map(rows.map((r) => [r.practitionerId, r]));
}

export async function listVerifications(db: Db, practitionerId: string): Promise<VerificationRow[]> {
  return db.select().from(practitionerVerifications).where(eq(practitionerVerifications.practitionerId, practitionerId)).orderBy(desc(practitionerVerifications.checkedAt));
}

export async function insertVerification(db: Db, values: typeof practitionerVerifications.$inferInsert): Promise<VerificationRow> {
  const [row] = await db.insert(practitionerVerifications).values(values).returning();
  if (!row) throw new Error('insert practitioner_verifications returned nothing');
  return row;
}

/** Partners whose latest check lapses on or before `until` (or who have none), oldest first. */
export async function partnersToRecheck(db: Db, until: string) {
  const latest = db
    .selectDistinctOn([practitionerVerifications.practitionerId], {
      practitionerId: practitionerVerifications.practitionerId,
      id: practitionerVerifications.id,
      expiresOn: practitionerVerifications.expiresOn,
      remindedAt: practitionerVerifications.remindedAt,
    })
    .from(practitionerVerifications)
    .orderBy(practitionerVerifications.practitionerId, desc(practitionerVerifications.checkedAt))
    .as('latest');
  return db
    .select({ practitioner: practitioners, verificationId: latest.id, expiresOn: latest.expiresOn, remindedAt: latest.remindedAt })
    .from(practitioners)
    .leftJoin(latest, eq(latest.practitionerId, practitioners.id))
    .where(and(eq(practitioners.networkStatus, 'partner'), eq(practitioners.active, true), or(isNull(latest.expiresOn), lte(latest.expiresOn, until))))
    .orderBy(asc(latest.expiresOn));
}

export async function markReminded(db: Db, verificationId: string, at: Date): Promise<void> {
  await db.update(practitionerVerifications).set({ remindedAt: at }).where(eq(practitionerVerifications.id, verificationId));
}

type ReviewTarget = { practitionerId: string } | { providerId: string };

/** The review and the running totals move together, so a rating is never half-counted. */
export async function insertReview(db: Db, target: ReviewTarget, values: { source: 'staff' | 'survey'; rating: number; comment: string | null; authorId: string | null }) {
  return db.transaction(async (tx) => {
    const [review] = await tx
      .insert(directoryReviews)
      .values({ ...target, ...values })
      .returning();
    const bump = { ratingCount: sql`rating_count + 1`, ratingSum: sql`rating_sum + ${values.rating}` };
    const [totals] =
      'practitionerId' in target
        ? await tx.update(practitioners).set(bump).where(eq(practitioners.id, target.practitionerId)).returning({ count: practitioners.ratingCount, sum: practitioners.ratingSum })
        : await tx.update(providers).set(bump).where(eq(providers.id, target.providerId)).returning({ count: providers.ratingCount, sum: providers.ratingSum });
    if (!review || !totals) throw new Error('review insert returned nothing');
    return { review, totals };
  });
}

export async function listReviews(db: Db, target: ReviewTarget): Promise<ReviewRow[]> {
  const where = 'practitionerId' in target ? eq(directoryReviews.practitionerId, target.practitionerId) : eq(directoryReviews.providerId, target.providerId);
  return db.select().from(directoryReviews).where(where).orderBy(desc(directoryReviews.createdAt)).limit(100);
}

export interface ProviderFilter {
  name?: string | undefined;
  kind?: string | undefined;
  postalCode?: string | undefined;
  city?: string | undefined;
  limit: number;
}

export async function searchProviders(db: Db, f: ProviderFilter): Promise<ProviderRow[]> {
  const where: SQL[] = [eq(providers.active, true)];
  if (f.kind) where.push(eq(providers.kind, f.kind));
  if (f.postalCode) where.push(sql`${providers.postalCode} like ${`${f.postalCode}%`}`);
  if (f.city) where.push(sql`lower(${providers.city}) like ${`%${f.city.toLowerCase()}%`}`);
  if (f.name) {
    const match = or(sql`${providers.searchName} % ${f.name}`, sql`${f.name} <% ${providers.searchName}`, sql`${providers.searchName} like ${`%${f.name}%`}`);
    if (match) where.push(match);
    return db
      .select()
      .from(providers)
      .where(and(...where))
      .orderBy(desc(sql`word_similarity(${f.name}, ${providers.searchName})`))
      .limit(f.limit);
  }
  return db
    .select()
    .from(providers)
    .where(and(...where))
    .orderBy(providers.name)
    .limit(f.limit);
}

export async function findProvider(db: Db, id: string): Promise<ProviderRow | undefined> {
  const [row] = await db.select().from(providers).where(eq(providers.id, id));
  return row;
}

export async function findProviderByFiness(db: Db, finess: string): Promise<ProviderRow | undefined> {
  const [row] = await db.select().from(providers).where(eq(providers.finess, finess));
  return row;
}

export async function insertProvider(db: Db, values: typeof providers.$inferInsert): Promise<ProviderRow> {
  const [row] = await db.insert(providers).values(values).returning();
  if (!row) throw new Error('insert providers returned nothing');
  return row;
}

export async function updateProvider(db: Db, id: string, values: Partial<typeof providers.$inferInsert>): Promise<ProviderRow> {
  const [row] = await db
    .update(providers)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(providers.id, id))
    .returning();
  if (!row) throw new Error('update providers matched nothing');
  return row;
}
