/** Queries of care acts and claims. No access rule here: the service decides who may call what. */
import { and, asc, desc, eq, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { careActs, claims } from './schema.ts';

export type ActRow = typeof careActs.$inferSelect;
export type ClaimRow = typeof claims.$inferSelect;

export async function insertActWithClaims(db: Db, act: typeof careActs.$inferInsert, claimValues: Omit<typeof claims.$inferInsert, 'actId'>[]): Promise<{ act: ActRow; claims: ClaimRow[] }> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(careActs).values(act).returning();
    if (!row) throw new Error('care act not inserted');
    const inserted = claimValues.length ? await tx.insert(claims).values(claimValues.map((c) => ({ ...c, actId: row.id }))).returning() : [];
    return { act: row, claims: inserted };
  });
}

/** Participation forfaitaire already withheld for this client in a calendar year (for the €50 cap). */
export async function participationInYear(db: Db, clientId: string, year: number): Promise<number> {
  const [row] = await db
    .select({ total: sql<string | number | null>`coalesce(sum(${careActs.participationCents}), 0)` })
    .from(careActs)
    .where(and(eq(careActs.clientId, clientId), sql`${careActs.performedOn} >= ${`${year}-01-01`}::date`, sql`${careActs.performedOn} < ${`${year + 1}-01-01`}::date`));
  return Number(row?.total ?? 0);
}

export async function actsOfClient(db: Db, clientId: string): Promise<ActRow[]> {
  return db.select().from(careActs).where(eq(careActs.clientId, clientId)).orderBy(desc(careActs.performedOn), desc(careActs.createdAt));
}

export async function findActs(db: Db, ids: string[]): Promise<ActRow[]> {
  if (!ids.length) return [];
  return db.select().from(careActs).where(inArray(careActs.id, ids));
}

export async function claimsOfActs(db: Db, actIds: string[]): Promise<ClaimRow[]> {
  if (!actIds.length) return [];
  return db.select().from(claims).where(inArray(claims.actId, actIds)).orderBy(asc(claims.insurer));
}

export async function findClaim(db: Db, id: string): Promise<ClaimRow | undefined> {
  const [row] = await db.select().from(claims).where(eq(claims.id, id));
  return row;
}

/**
 * Updates a claim only if it is still in the status the caller read: two people acting on the same
 * claim at once cannot both apply a transition (the second gets nothing back).
 */
export async function updateClaimFrom(db: Db, id: string, fromStatus: string, values: Partial<typeof claims.$inferInsert>): Promise<ClaimRow | undefined> {
  const [row] = await db
    .update(claims)
    .set(values)
    .where(and(eq(claims.id, id), eq(claims.status, fromStatus)))
    .returning();
  return row;
}

export async function setClaimDocuments(db: Db, id: string, documentIds: string[], at: Date): Promise<ClaimRow | undefined> {
  const [row] = await db.update(claims).set({ documentIds, updatedAt: at }).where(eq(claims.id, id)).returning();
  return row;
}

/** Claims for the team's list; overdue first is the service's ordering. */
export async function listClaims(db: Db, f: { statuses?: readonly string[] | undefined; clientId?: string | undefined; limit?: number }): Promise<ClaimRow[]> {
  const where: SQL[] = [];
  if (f.statuses?.length) where.push(inArray(claims.status, [...f.statuses]));
  if (f.clientId) where.push(eq(claims.clientId, f.clientId));
  return db
    .select()
    .from(claims)
    .where(and(...where))
    .orderBy(asc(claims.dueOn), desc(claims.createdAt))
    .limit(f.limit ?? 500);
}

/**
 * Overdue claims not chased since `remindedBefore`, claimed for this run by stamping
 * last_reminder_at in the same statement: two workers (or a retried job) never chase one claim twice
 * in a week.
 */
export async function claimOverdueForReminder(db: Db, today: string, remindedBefore: Date, now: Date, limit = 200): Promise<ClaimRow[]> {
  const due = db
    .select({ id: claims.id })
    .from(claims)
    .where(
      and(
        inArray(claims.status, ['sent', 'partially_paid']),
        lt(claims.dueOn, today),
        or(isNull(claims.lastReminderAt), lt(claims.lastReminderAt, remindedBefore)),
      ),
    )
    .limit(limit)
    .for('update', { skipLocked: true });
  return db
    .update(claims)
    .set({ lastReminderAt: now })
    .where(and(inArray(claims.id, due), or(isNull(claims.lastReminderAt), lt(claims.lastReminderAt, remindedBefore))))
    .returning();
}
