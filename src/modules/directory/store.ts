import { and, arrayContains, desc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { practicePlaces, practitioners } from './schema.ts';

export type PractitionerRow = typeof practitioners.$inferSelect;
export type PlaceRow = typeof practicePlaces.$inferSelect;

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
