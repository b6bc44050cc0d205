import { desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { ClientQuery } from './domain.ts';
import { clients } from './schema.ts';

export type ClientRow = typeof clients.$inferSelect;
export type ClientInsert = typeof clients.$inferInsert;

export async function insertClient(db: Db, values: ClientInsert): Promise<ClientRow> {
  const [row] = await db.insert(clients).values(values).returning();
  if (!row) throw new Error('insert clients returned nothing');
  return row;
}

export async function updateClient(db: Db, id: string, values: Partial<ClientInsert>): Promise<ClientRow> {
  const [row] = await db
    .update(clients)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(clients.id, id))
    .returning();
  if (!row) throw new Error('update clients matched nothing');
  return row;
}

export async function findClients(db: Db, ids: string[]): Promise<ClientRow[]> {
  if (!ids.length) return [];
  return db.select().from(clients).where(inArray(clients.id, [...new Set(ids)]));
}

export async function findClient(db: Db, id: string): Promise<ClientRow | undefined> {
  const [row] = await db.select().from(clients).where(eq(clients.id, id));
  return row;
}

/** Candidates for duplicate detection: same NIR, or born the same day (the traits are compared in domain code). */
export async function duplicateCandidates(db: Db, birthDate: string, nirIndex: string | null): Promise<ClientRow[]> {
  return db
    .select()
    .from(clients)
    .where(nirIndex ? or(eq(clients.birthDate, birthDate), eq(clients.nirIndex, nirIndex)) : eq(clients.birthDate, birthDate))
    .limit(50);
}

export async function searchClients(db: Db, q: ClientQuery | null, nirIndex: (nir: string) => string, limit = 20): Promise<ClientRow[]> {
  const base = db.select().from(clients);
  if (!q) return base.orderBy(desc(clients.createdAt)).limit(limit);
  switch (q.kind) {
    case 'number':
      return base.where(eq(clients.number, q.number)).limit(limit);
    case 'nir':
      return base.where(eq(clients.nirIndex, nirIndex(q.nir))).limit(limit);
    case 'phone':
      return base.where(eq(clients.phone, q.phone)).limit(limit);
    case 'birthDate':
      return base.where(eq(clients.birthDate, q.date)).orderBy(clients.birthName).limit(limit);
    case 'name': {
      // Trigram similarity tolerates typos ("dupond" finds Dupont); word similarity finds one name among several.
      const score = sql`greatest(similarity(${clients.searchName}, ${q.text}), word_similarity(${q.text}, ${clients.searchName}))`;
      return base
        .where(sql`(${clients.searchName} % ${q.text} or ${q.text} <% ${clients.searchName} or ${clients.searchName} like ${`%${q.text}%`})`)
        .orderBy(desc(score), clients.birthName)
        .limit(limit);
    }
  }
}
