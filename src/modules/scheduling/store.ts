import { and, asc, eq, gt, inArray, lt, lte, notInArray, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { appointments, bookingRules, calendarFeeds, consultationTypes, proposals, scheduleExceptions, weeklyHours } from './schema.ts';

export type AppointmentRow = typeof appointments.$inferSelect;
export type ProposalRow = typeof proposals.$inferSelect;
export type WeeklyHoursRow = typeof weeklyHours.$inferSelect;
export type ExceptionRow = typeof scheduleExceptions.$inferSelect;
export type ConsultationTypeRow = typeof consultationTypes.$inferSelect;
export type BookingRulesRow = typeof bookingRules.$inferSelect;

/** Statuses that occupy the practitioner's time (the exclusion constraint's complement). */
export const FREE_STATUSES = ['cancelled', 'released'] as const;

export interface ScheduleData {
  hours: WeeklyHoursRow[];
  exceptions: ExceptionRow[];
  types: ConsultationTypeRow[];
  rules: BookingRulesRow | undefined;
}

export async function schedulesOf(db: Db, practitionerIds: string[], from: Date, to: Date): Promise<Map<string, ScheduleData>> {
  const map = new Map<string, ScheduleData>(practitionerIds.map((id) => [id, { hours: [], exceptions: [], types: [], rules: undefined }]));
  if (!practitionerIds.length) return map;
  const [hours, exceptions, types, rules] = await Promise.all([
    db.select().from(weeklyHours).where(inArray(weeklyHours.practitionerId, practitionerIds)),
    db
      .select()
      .from(scheduleExceptions)
      .where(and(inArray(scheduleExceptions.practitionerId, practitionerIds), lt(scheduleExceptions.startsAt, to), gt(scheduleExceptions.endsAt, from))),
    db
      .select()
      .from(consultationTypes)
      .where(and(inArray(consultationTypes.practitionerId, practitionerIds), eq(consultationTypes.active, true))),
    db.select().from(bookingRules).where(inArray(bookingRules.practitionerId, practitionerIds)),
  ]);
  for (const h of hours) map.get(h.practitionerId)?.hours.push(h);
  for (const e of exceptions) map.get(e.practitionerId)?.exceptions.push(e);
  for (const t of types) map.get(t.practitionerId)?.types.push(t);
  for (const r of rules) {
    const s = map.get(r.practitionerId);
    if (s) s.rules = r;
  }
  return map;
}

/** The longest appointment (consultation types, phone bookings; a check constraint holds it): bounds the busy scan. */
export const MAX_APPOINTMENT_MINUTES = 480;

/** Time taken in [from, to): live appointments and holds that have not expired. */
export async function busyOf(db: Db, practitionerIds: string[], from: Date, to: Date, now: Date) {
  if (!practitionerIds.length) return [];
  // The lower bound on starts_at keeps the index scan to the window: without it every past
  // appointment of each practitioner (starts_at < to) is read and filtered on ends_at.
  const earliestStart = new Date(from.getTime() - MAX_APPOINTMENT_MINUTES * 60_000);
  return db
    .select({ practitionerId: appointments.practitionerId, startsAt: appointments.startsAt, endsAt: appointments.endsAt })
    .from(appointments)
    .where(
      and(
        inArray(appointments.practitionerId, practitionerIds),
        notInArray(appointments.status, [...FREE_STATUSES]),
        or(sql`${appointments.status} <> 'held'`, gt(appointments.holdExpiresAt, now)),
        lt(appointments.startsAt, to),
        gt(appointments.startsAt, earliestStart),
        gt(appointments.endsAt, from),
      ),
    );
}

/** Until the end of the transaction, the other inserts for this practitioner wait (see service.insertLive). */
export async function lockAgenda(db: Db, practitionerId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${practitionerId}, 0))`);
}

/** Holds of proposals nobody answered in time free their slots (before a booking tries the range). */
export async function releaseExpiredHolds(db: Db, now: Date, practitionerId?: string): Promise<number> {
  const where: SQL[] = [eq(appointments.status, 'held'), lte(appointments.holdExpiresAt, now)];
  if (practitionerId) where.push(eq(appointments.practitionerId, practitionerId));
  const rows = await db
    .update(appointments)
    .set({ status: 'released', updatedAt: now })
    .where(and(...where))
    .returning({ id: appointments.id });
  await db
    .update(proposals)
    .set({ status: 'expired' })
    .where(and(eq(proposals.status, 'open'), lte(proposals.expiresAt, now)));
  return rows.length;
}

export async function insertAppointment(db: Db, values: typeof appointments.$inferInsert): Promise<AppointmentRow> {
  const [row] = await db.insert(appointments).values(values).returning();
  if (!row) throw new Error('insert appointments returned nothing');
  return row;
}

export async function findAppointment(db: Db, id: string): Promise<AppointmentRow | undefined> {
  const [row] = await db.select().from(appointments).where(eq(appointments.id, id));
  return row;
}

export async function findAppointmentByToken(db: Db, tokenHash: string): Promise<AppointmentRow | undefined> {
  const [row] = await db.select().from(appointments).where(eq(appointments.clientTokenHash, tokenHash));
  return row;
}

export async function updateAppointment(db: Db, id: string, values: Partial<typeof appointments.$inferInsert>): Promise<AppointmentRow> {
  const [row] = await db
    .update(appointments)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(appointments.id, id))
    .returning();
  if (!row) throw new Error('update appointments matched nothing');
  return row;
}

export interface AppointmentFilter {
  from?: Date | undefined;
  to?: Date | undefined;
  practitionerId?: string | undefined;
  clientId?: string | undefined;
  requestId?: string | undefined;
  proposalId?: string | undefined;
  includeFree?: boolean | undefined;
  limit: number;
}

export async function listAppointments(db: Db, f: AppointmentFilter): Promise<AppointmentRow[]> {
  const where: SQL[] = [];
  if (!f.includeFree) where.push(notInArray(appointments.status, [...FREE_STATUSES]));
  if (f.from) where.push(gt(appointments.endsAt, f.from));
  if (f.to) where.push(lt(appointments.startsAt, f.to));
  if (f.practitionerId) where.push(eq(appointments.practitionerId, f.practitionerId));
  if (f.clientId) where.push(eq(appointments.clientId, f.clientId));
  if (f.requestId) where.push(eq(appointments.requestId, f.requestId));
  if (f.proposalId) where.push(eq(appointments.proposalId, f.proposalId));
  return db
    .select()
    .from(appointments)
    .where(and(...where))
    .orderBy(asc(appointments.startsAt))
    .limit(f.limit);
}

export async function insertProposal(db: Db, values: typeof proposals.$inferInsert): Promise<ProposalRow> {
  const [row] = await db.insert(proposals).values(values).returning();
  if (!row) throw new Error('insert proposals returned nothing');
  return row;
}

export async function findProposalByToken(db: Db, tokenHash: string): Promise<ProposalRow | undefined> {
  const [row] = await db.select().from(proposals).where(eq(proposals.tokenHash, tokenHash));
  return row;
}

export async function findProposal(db: Db, id: string): Promise<ProposalRow | undefined> {
  const [row] = await db.select().from(proposals).where(eq(proposals.id, id));
  return row;
}

export async function listProposals(db: Db, f: { requestId?: string | undefined; clientId?: string | undefined; openOnly?: boolean }): Promise<ProposalRow[]> {
  const where: SQL[] = [];
  if (f.requestId) where.push(eq(proposals.requestId, f.requestId));
  if (f.clientId) where.push(eq(proposals.clientId, f.clientId));
  if (f.openOnly) where.push(eq(proposals.status, 'open'));
  return db
    .select()
    .from(proposals)
    .where(and(...where))
    .orderBy(asc(proposals.createdAt));
}

export async function setProposalStatus(db: Db, id: string, status: ProposalRow['status'], at: Date): Promise<void> {
  await db.update(proposals).set({ status, answeredAt: at }).where(eq(proposals.id, id));
}

export async function replaceSchedule(
  db: Db,
  practitionerId: string,
  input: { hours: Omit<typeof weeklyHours.$inferInsert, 'practitionerId'>[]; types: Omit<typeof consultationTypes.$inferInsert, 'practitionerId'>[]; rules: Omit<typeof bookingRules.$inferInsert, 'practitionerId'> },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(weeklyHours).where(eq(weeklyHours.practitionerId, practitionerId));
    if (input.hours.length) await tx.insert(weeklyHours).values(input.hours.map((h) => ({ ...h, practitionerId })));
    // Types are kept (appointments refer to their code); missing ones are deactivated.
    await tx.update(consultationTypes).set({ active: false }).where(eq(consultationTypes.practitionerId, practitionerId));
    for (const t of input.types)
      await tx
        .insert(consultationTypes)
        .values({ ...t, practitionerId, active: true })
        .onConflictDoUpdate({ target: [consultationTypes.practitionerId, consultationTypes.code], set: { label: t.label, durationMinutes: t.durationMinutes, mode: t.mode ?? 'in_person', active: true } });
    await tx
      .insert(bookingRules)
      .values({ ...input.rules, practitionerId })
      .onConflictDoUpdate({ target: bookingRules.practitionerId, set: input.rules });
  });
}

export async function insertException(db: Db, values: typeof scheduleExceptions.$inferInsert): Promise<ExceptionRow> {
  const [row] = await db.insert(scheduleExceptions).values(values).returning();
  if (!row) throw new Error('insert schedule_exceptions returned nothing');
  return row;
}

export async function deleteException(db: Db, practitionerId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(scheduleExceptions)
    .where(and(eq(scheduleExceptions.id, id), eq(scheduleExceptions.practitionerId, practitionerId)))
    .returning({ id: scheduleExceptions.id });
  return rows.length > 0;
}

export async function feedByToken(db: Db, tokenHash: string) {
  const [row] = await db.select().from(calendarFeeds).where(eq(calendarFeeds.tokenHash, tokenHash));
  return row;
}

/** One feed per owner: regenerating replaces the token (the old URL stops working at once). */
export async function setFeedToken(db: Db, ownerType: 'practitioner' | 'client' | 'user', ownerId: string, tokenHash: string): Promise<void> {
  await db
    .insert(calendarFeeds)
    .values({ ownerType, ownerId, tokenHash })
    .onConflictDoUpdate({ target: [calendarFeeds.ownerType, calendarFeeds.ownerId], set: { tokenHash, createdAt: new Date() } });
}
