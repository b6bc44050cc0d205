import { and, desc, eq, gte, isNotNull, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { surveys } from './schema.ts';

export type SurveyRow = typeof surveys.$inferSelect;

export async function insertSurvey(db: Db, values: typeof surveys.$inferInsert): Promise<SurveyRow> {
  const [row] = await db.insert(surveys).values(values).returning();
  if (!row) throw new Error('insert surveys returned nothing');
  return row;
}

export async function findSurveyByToken(db: Db, tokenHash: string): Promise<SurveyRow | undefined> {
  const [row] = await db.select().from(surveys).where(eq(surveys.tokenHash, tokenHash));
  return row;
}

export async function surveyFor(db: Db, by: { appointmentId: string } | { requestId: string; trigger: 'request_closed' }): Promise<SurveyRow | undefined> {
  const where =
    'appointmentId' in by
      ? and(eq(surveys.appointmentId, by.appointmentId), eq(surveys.trigger, 'appointment'))
      : and(eq(surveys.requestId, by.requestId), eq(surveys.trigger, by.trigger));
  const [row] = await db.select().from(surveys).where(where).limit(1);
  return row;
}

export const surveysOfRequest = (db: Db, requestId: string) => db.select().from(surveys).where(eq(surveys.requestId, requestId)).orderBy(desc(surveys.sentAt));

/**
 * Records the answer only if nobody answered before and the link is still valid: one statement,
 * so two taps on "send" (or two tabs) cannot both count.
 */
export async function answerSurvey(db: Db, id: string, now: Date, values: { csat: number; nps: number; commentSealed: string | null }): Promise<SurveyRow | undefined> {
  const [row] = await db
    .update(surveys)
    .set({ ...values, answeredAt: now })
    .where(and(eq(surveys.id, id), isNull(surveys.answeredAt), sql`${surveys.expiresAt} > ${now}`))
    .returning();
  return row;
}

export interface SurveyFilter {
  from?: Date | undefined;
  to?: Date | undefined;
  practitionerId?: string | undefined;
  trigger?: 'appointment' | 'request_closed' | undefined;
  answered?: boolean | undefined;
  negative?: boolean | undefined;
  limit: number;
}

/** Sent surveys, newest first; a period filters on the answer's date when answered, else on sending. */
export async function listSurveys(db: Db, f: SurveyFilter): Promise<SurveyRow[]> {
  const where: SQL[] = [];
  const at = sql`coalesce(${surveys.answeredAt}, ${surveys.sentAt})`;
  if (f.from) where.push(gte(at, f.from));
  if (f.to) where.push(lte(at, f.to));
  if (f.practitionerId) where.push(eq(surveys.practitionerId, f.practitionerId));
  if (f.trigger) where.push(eq(surveys.trigger, f.trigger));
  if (f.answered === true) where.push(isNotNull(surveys.answeredAt));
  if (f.answered === false) where.push(isNull(surveys.answeredAt));
  if (f.negative) {
    const negative = or(lte(surveys.csat, 2), lte(surveys.nps, 6));
    if (negative) where.push(negative);
  }
  return db
    .select()
    .from(surveys)
    .where(and(...where))
    .orderBy(desc(at))
    .limit(f.limit);
}

/** Every answer of a period (for the trend chart): scores and dates only. */
export function answersBetween(db: Db, f: Omit<SurveyFilter, 'limit' | 'answered' | 'negative'>) {
  const where: SQL[] = [isNotNull(surveys.answeredAt)];
  if (f.from) where.push(gte(surveys.answeredAt, f.from));
  if (f.to) where.push(lte(surveys.answeredAt, f.to));
  if (f.practitionerId) where.push(eq(surveys.practitionerId, f.practitionerId));
  if (f.trigger) where.push(eq(surveys.trigger, f.trigger));
  return db
    .select({ answeredAt: surveys.answeredAt, csat: surveys.csat, nps: surveys.nps, sentAt: surveys.sentAt })
    .from(surveys)
    .where(and(...where))
    .limit(50_000);
}

/** Transaction-scoped lock on one key (e.g. an appointment): "check then create" happens once. */
export async function lockKey(db: Db, key: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}
