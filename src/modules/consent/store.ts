/** Consent queries (the `consents` table lives in records/schema.ts, migration 0013). */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { consents } from '../records/schema.ts';

export type ConsentRow = typeof consents.$inferSelect;

export async function insertConsent(db: Db, values: typeof consents.$inferInsert): Promise<ConsentRow> {
  const [row] = await db.insert(consents).values(values).returning();
  if (!row) throw new Error('consent insert returned nothing');
  return row;
}

export async function findConsent(db: Db, clientId: string, id: string): Promise<ConsentRow | undefined> {
  const [row] = await db
    .select()
    .from(consents)
    .where(and(eq(consents.id, id), eq(consents.clientId, clientId)));
  return row;
}

/** Newest first. */
export function listConsents(db: Db, clientId: string): Promise<ConsentRow[]> {
  return db.select().from(consents).where(eq(consents.clientId, clientId)).orderBy(desc(consents.createdAt));
}

/** Sets revoked_at once: a second revocation finds nothing to update (no overwrite of the first). */
export async function revokeConsent(db: Db, id: string, by: string | null, at: Date, instruction?: string): Promise<ConsentRow | undefined> {
  const [row] = await db
    .update(consents)
    .set({ revokedAt: at, revokedById: by, ...(instruction !== undefined ? { instruction } : {}) })
    .where(and(eq(consents.id, id), isNull(consents.revokedAt)))
    .returning();
  return row;
}
