/** Queries of the medical file. No access rule here: the service decides who may call what. */
import { and, asc, desc, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { consents, documents, observations, resultAlerts } from './schema.ts';

export type DocumentRow = typeof documents.$inferSelect;
export type ObservationRow = typeof observations.$inferSelect;
export type AlertRow = typeof resultAlerts.$inferSelect;
export type ConsentRow = typeof consents.$inferSelect;

export async function findDocument(db: Db, id: string): Promise<DocumentRow | undefined> {
  const [row] = await db.select().from(documents).where(eq(documents.id, id));
  return row;
}

export const documentsOfClient = (db: Db, clientId: string) => db.select().from(documents).where(eq(documents.clientId, clientId)).orderBy(asc(documents.createdAt));

export interface DocumentFilter {
  clientId: string;
  /** Only these types (what a consent covers); undefined: all. */
  types?: readonly string[] | undefined;
  type?: string | undefined;
  /** Folded query: trigram match on search_text. */
  q?: string | undefined;
  includeSuperseded?: boolean | undefined;
  limit: number;
}

/** Live documents (not deleted), latest versions unless asked; best match first when searching. */
export async function searchDocuments(db: Db, f: DocumentFilter): Promise<DocumentRow[]> {
  const where: SQL[] = [eq(documents.clientId, f.clientId), isNull(documents.deletedAt)];
  if (!f.includeSuperseded) where.push(isNull(documents.supersededAt));
  if (f.types) where.push(f.types.length ? inArray(documents.type, [...f.types]) : sql`false`);
  if (f.type) where.push(eq(documents.type, f.type));
  const base = db.select().from(documents);
  if (f.q) {
    // Typo-tolerant ("ordonance"), one word among many ("klein"), or a plain substring.
    where.push(sql`(${documents.searchText} % ${f.q} or ${f.q} <% ${documents.searchText} or ${documents.searchText} like ${`%${f.q}%`})`);
    const score = sql`greatest(similarity(${documents.searchText}, ${f.q}), word_similarity(${f.q}, ${documents.searchText}))`;
    return base
      .where(and(...where))
      .orderBy(desc(score), desc(documents.createdAt))
      .limit(f.limit);
  }
  return base
    .where(and(...where))
    .orderBy(desc(sql`coalesce(${documents.documentDate}, ${documents.createdAt}::date)`), desc(documents.createdAt))
    .limit(f.limit);
}

export async function insertDocument(db: Db, values: typeof documents.$inferInsert): Promise<DocumentRow> {
  const [row] = await db.insert(documents).values(values).returning();
  if (!row) throw new Error('insert documents returned nothing');
  return row;
}

/** Marks the previous version superseded, only if it still is the latest (guards a double correction). */
export async function supersede(db: Db, id: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(documents)
    .set({ supersededAt: at })
    .where(and(eq(documents.id, id), isNull(documents.supersededAt), isNull(documents.deletedAt)))
    .returning({ id: documents.id });
  return rows.length > 0;
}

export async function updateDocument(db: Db, id: string, values: Partial<typeof documents.$inferInsert>): Promise<void> {
  await db.update(documents).set(values).where(eq(documents.id, id));
}

export const allDocumentKeys = (db: Db) => db.select({ id: documents.id, wrappedKey: documents.wrappedKey, keyId: documents.keyId }).from(documents).orderBy(asc(documents.createdAt));

export async function deleteDocumentRows(db: Db, clientId: string): Promise<number> {
  const ids = db.select({ id: documents.id }).from(documents).where(eq(documents.clientId, clientId));
  await db.update(observations).set({ documentId: null }).where(inArray(observations.documentId, ids));
  const rows = await db.delete(documents).where(eq(documents.clientId, clientId)).returning({ id: documents.id });
  return rows.length;
}

export async function insertObservation(db: Db, values: typeof observations.$inferInsert): Promise<ObservationRow> {
  const [row] = await db.insert(observations).values(values).returning();
  if (!row) throw new Error('insert observations returned nothing');
  return row;
}

/** The same measurement already received (a device or lab resending): not stored twice. */
export async function findSameObservation(db: Db, o: { clientId: string; code: string; observedAt: Date; value: number }) {
  const [row] = await db
    .select({ id: observations.id })
    .from(observations)
    .where(and(eq(observations.clientId, o.clientId), eq(observations.code, o.code), eq(observations.observedAt, o.observedAt), eq(observations.value, o.value)));
  return row;
}

export const observationsOfClient = (db: Db, clientId: string) => db.select().from(observations).where(eq(observations.clientId, clientId)).orderBy(asc(observations.observedAt));

export async function deleteObservationRows(db: Db, clientId: string): Promise<number> {
  await db.delete(resultAlerts).where(eq(resultAlerts.clientId, clientId));
  const rows = await db.delete(observations).where(eq(observations.clientId, clientId)).returning({ id: observations.id });
  return rows.length;
}

export async function insertAlert(db: Db, values: typeof resultAlerts.$inferInsert): Promise<AlertRow> {
  const [row] = await db.insert(resultAlerts).values(values).returning();
  if (!row) throw new Error('insert result_alerts returned nothing');
  return row;
}

export async function listAlerts(db: Db, f: { status?: 'open' | 'acknowledged' | undefined; clientId?: string | undefined; assigneeId?: string | undefined }) {
  const where: SQL[] = [];
  if (f.status) where.push(eq(resultAlerts.status, f.status));
  if (f.clientId) where.push(eq(resultAlerts.clientId, f.clientId));
  // "Mine": assigned to me, or to nobody in particular (every coordinator).
  if (f.assigneeId) where.push(or(eq(resultAlerts.assigneeId, f.assigneeId), isNull(resultAlerts.assigneeId)) as SQL);
  return db
    .select({ alert: resultAlerts, observation: observations })
    .from(resultAlerts)
    .innerJoin(observations, eq(resultAlerts.observationId, observations.id))
    .where(and(...where))
    .orderBy(desc(resultAlerts.createdAt))
    .limit(500);
}

export async function findAlert(db: Db, id: string): Promise<AlertRow | undefined> {
  const [row] = await db.select().from(resultAlerts).where(eq(resultAlerts.id, id));
  return row;
}

export async function acknowledge(db: Db, id: string, by: string | null, note: string | null, at: Date): Promise<AlertRow | undefined> {
  const [row] = await db
    .update(resultAlerts)
    .set({ status: 'acknowledged', acknowledgedById: by, acknowledgedAt: at, note })
    .where(and(eq(resultAlerts.id, id), eq(resultAlerts.status, 'open')))
    .returning();
  return row;
}

/** The consents naming this practitioner (live or not: the caller filters with isLive). */
export const consentsForPractitioner = (db: Db, practitionerId: string) =>
  db
    .select()
    .from(consents)
    .where(and(eq(consents.granteeType, 'practitioner'), eq(consents.practitionerId, practitionerId)));
