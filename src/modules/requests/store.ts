import { and, asc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clients } from '../clients/schema.ts';
import { users } from '../identity/schema.ts';
import { requestEvents, requestNotes, requests, requestTasks } from './schema.ts';

export type RequestRow = typeof requests.$inferSelect;

export async function insertRequest(db: Db, values: typeof requests.$inferInsert): Promise<RequestRow> {
  const [row] = await db.insert(requests).values(values).returning();
  if (!row) throw new Error('insert requests returned nothing');
  return row;
}

export async function updateRequest(db: Db, id: string, values: Partial<typeof requests.$inferInsert>): Promise<RequestRow> {
  const [row] = await db
    .update(requests)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(requests.id, id))
    .returning();
  if (!row) throw new Error('update requests matched nothing');
  return row;
}

export async function findRequest(db: Db, id: string): Promise<RequestRow | undefined> {
  const [row] = await db.select().from(requests).where(eq(requests.id, id));
  return row;
}

export async function addEvent(db: Db, requestId: string, actorId: string | null, type: string, data: Record<string, unknown> = {}, at?: Date): Promise<void> {
  await db.insert(requestEvents).values({ requestId, actorId, type, data, ...(at ? { at } : {}) });
}

export interface QueueFilter {
  status?: string | undefined;
  specialty?: string | undefined;
  urgency?: string | undefined;
  clientId?: string | undefined;
  assigneeId?: string | null | undefined;
}

/** Open and recent requests with their client; sorting by urgency is the domain's. */
export async function listRequests(db: Db, f: QueueFilter) {
  const where: SQL[] = [];
  if (f.status) where.push(eq(requests.status, f.status));
  if (f.specialty) where.push(eq(requests.specialty, f.specialty));
  if (f.urgency) where.push(eq(requests.urgency, f.urgency));
  if (f.clientId) where.push(eq(requests.clientId, f.clientId));
  if (f.assigneeId === null) where.push(isNull(requests.assigneeId));
  else if (f.assigneeId) where.push(eq(requests.assigneeId, f.assigneeId));
  return db
    .select({ request: requests, client: clients })
    .from(requests)
    .innerJoin(clients, eq(requests.clientId, clients.id))
    .where(and(...where))
    .limit(1000);
}

export { usersByIds } from '../identity/store.ts';

export async function activeStaff(db: Db) {
  return db
    .select()
    .from(users)
    .where(and(eq(users.active, true), inArray(users.role, ['admin', 'advisor', 'coordinator'])));
}

export const listEvents = (db: Db, requestId: string) => db.select().from(requestEvents).where(eq(requestEvents.requestId, requestId)).orderBy(asc(requestEvents.id));
export const listNotes = (db: Db, requestId: string) => db.select().from(requestNotes).where(eq(requestNotes.requestId, requestId)).orderBy(asc(requestNotes.createdAt));
export const listTasks = (db: Db, requestId: string) => db.select().from(requestTasks).where(eq(requestTasks.requestId, requestId)).orderBy(asc(requestTasks.createdAt));

export async function insertNote(db: Db, values: typeof requestNotes.$inferInsert) {
  const [row] = await db.insert(requestNotes).values(values).returning();
  if (!row) throw new Error('insert note returned nothing');
  return row;
}

export async function insertTask(db: Db, values: typeof requestTasks.$inferInsert) {
  const [row] = await db.insert(requestTasks).values(values).returning();
  if (!row) throw new Error('insert task returned nothing');
  return row;
}

export async function setTaskDone(db: Db, requestId: string, taskId: string, doneAt: Date | null) {
  const [row] = await db
    .update(requestTasks)
    .set({ doneAt })
    .where(and(eq(requestTasks.id, taskId), eq(requestTasks.requestId, requestId)))
    .returning();
  return row;
}
