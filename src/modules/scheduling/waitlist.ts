/**
 * Waiting list: a client who wants an earlier slot with a practitioner is offered the first one that
 * frees up (a cancellation), as a one-slot proposal held for a few hours; first come, first served.
 * waiting → offered (a proposal is in the client's portal) → done (accepted); or cancelled.
 */
import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Actor } from '../audit/domain.ts';
import { recordAudit } from '../audit/store.ts';
import { clientNumber, displayName } from '../clients/domain.ts';
import { findClient, findClients } from '../clients/store.ts';
import { findPractitioner } from '../directory/store.ts';
import { loadRequest } from '../requests/service.ts';
import { waitlistEntries } from './schema.ts';
import * as store from './store.ts';
import type { AppointmentRow } from './store.ts';

/** How long a freed slot is held for the client it is offered to. */
export const WAITLIST_HOLD_HOURS = 4;
const ACTIVE = ['waiting', 'offered'] as const;

export type WaitlistRow = typeof waitlistEntries.$inferSelect;

export async function joinWaitlist(
  ctx: AppContext,
  input: { clientId: string; practitionerId: string; requestId?: string | undefined; appointmentId?: string | undefined; earliest?: Date | undefined; latest?: Date | undefined },
  actor: Actor,
) {
  if (!(await findClient(ctx.db, input.clientId))) throw new DomainError('client_not_found', 404);
  if (!(await findPractitioner(ctx.db, input.practitionerId))) throw new DomainError('practitioner_not_found', 404);
  if (input.requestId && (await loadRequest(ctx, input.requestId)).clientId !== input.clientId) throw new DomainError('request_not_found', 404);
  if (input.appointmentId) {
    const a = await store.findAppointment(ctx.db, input.appointmentId);
    if (!a || a.clientId !== input.clientId || a.practitionerId !== input.practitionerId) throw new DomainError('appointment_not_found', 404);
  }
  if (input.earliest && input.latest && input.earliest >= input.latest) throw new DomainError('validation_failed', 400, {}, [{ path: 'latest', code: 'end_before_start' }]);
  const active = await ctx.db
    .select({ id: waitlistEntries.id })
    .from(waitlistEntries)
    .where(and(eq(waitlistEntries.clientId, input.clientId), eq(waitlistEntries.practitionerId, input.practitionerId), inArray(waitlistEntries.status, [...ACTIVE])));
  if (active.length) throw new DomainError('waitlist_already', 409);
  const [row] = await ctx.db
    .insert(waitlistEntries)
    .values({ ...input, requestId: input.requestId ?? null, appointmentId: input.appointmentId ?? null, earliest: input.earliest ?? null, latest: input.latest ?? null, createdById: actor.id })
    .returning();
  if (!row) throw new Error('insert waitlist_entries returned nothing');
  await recordAudit(ctx.db, actor, { action: 'appointment.waitlisted', targetType: 'practitioner', targetId: input.practitionerId, clientId: input.clientId });
  return row;
}

/**
 * An offer is a proposal held WAITLIST_HOLD_HOURS: taking it marks the entry done, so one still
 * "offered" after that was let go, and the client waits again (in their original place in line).
 */
export function effectiveStatus(w: Pick<WaitlistRow, 'status' | 'offeredAt'>, now: Date): WaitlistRow['status'] {
  return w.status === 'offered' && w.offeredAt && now.getTime() - w.offeredAt.getTime() >= WAITLIST_HOLD_HOURS * 3_600_000 ? 'waiting' : w.status;
}

export async function listWaitlist(ctx: AppContext, practitionerId: string) {
  const rows = await ctx.db
    .select()
    .from(waitlistEntries)
    .where(and(eq(waitlistEntries.practitionerId, practitionerId), inArray(waitlistEntries.status, [...ACTIVE])))
    .orderBy(asc(waitlistEntries.createdAt));
  const now = ctx.now();
  return rows.filter((w) => effectiveStatus(w, now) === 'waiting');
}

/** Entries of a practitioner or a request (every status unless `activeOnly`), newest first for a request. */
export async function findWaitlist(ctx: AppContext, f: { practitionerId?: string | undefined; requestId?: string | undefined; activeOnly?: boolean }) {
  const where: SQL[] = [];
  if (f.practitionerId) where.push(eq(waitlistEntries.practitionerId, f.practitionerId));
  if (f.requestId) where.push(eq(waitlistEntries.requestId, f.requestId));
  if (f.activeOnly) where.push(inArray(waitlistEntries.status, [...ACTIVE]));
  return ctx.db
    .select()
    .from(waitlistEntries)
    .where(and(...where))
    .orderBy(f.requestId ? desc(waitlistEntries.createdAt) : asc(waitlistEntries.createdAt))
    .limit(200);
}

/** As the screens show them: with the client's name and number. */
export async function waitlistViews(ctx: AppContext, rows: WaitlistRow[]) {
  const now = ctx.now();
  const clients = new Map((await findClients(ctx.db, [...new Set(rows.map((w) => w.clientId))])).map((c) => [c.id, c]));
  return rows.map((w) => {
    const c = clients.get(w.clientId);
    return {
      id: w.id,
      clientId: w.clientId,
      client: { id: w.clientId, name: c ? displayName(c) : '', number: c ? clientNumber(c.number) : '' },
      practitionerId: w.practitionerId,
      requestId: w.requestId,
      appointmentId: w.appointmentId,
      earliest: w.earliest?.toISOString() ?? null,
      latest: w.latest?.toISOString() ?? null,
      status: effectiveStatus(w, now) as 'waiting' | 'offered' | 'done' | 'cancelled',
      createdAt: w.createdAt.toISOString(),
      offeredAt: w.offeredAt?.toISOString() ?? null,
    };
  });
}

export async function cancelWaitlist(ctx: AppContext, id: string, actor: Actor) {
  const [row] = await ctx.db.select().from(waitlistEntries).where(eq(waitlistEntries.id, id));
  if (!row) throw new DomainError('waitlist_entry_not_found', 404);
  if (row.status === 'done' || row.status === 'cancelled') return row;
  const [updated] = await ctx.db.update(waitlistEntries).set({ status: 'cancelled' }).where(eq(waitlistEntries.id, id)).returning();
  await recordAudit(ctx.db, actor, { action: 'appointment.waitlist_cancelled', targetType: 'practitioner', targetId: row.practitionerId, clientId: row.clientId });
  return updated ?? row;
}

/**
 * The first waiting client for whom the freed slot fits their window and is earlier than the
 * appointment they already hold with this practitioner (a later slot is no improvement).
 */
export async function nextInLine(ctx: AppContext, freed: AppointmentRow) {
  const waiting = await listWaitlist(ctx, freed.practitionerId);
  const now = ctx.now();
  for (const w of waiting) {
    if (w.clientId === freed.clientId) continue;
    if (w.earliest && freed.startsAt < w.earliest) continue;
    if (w.latest && freed.startsAt > w.latest) continue;
    if (freed.startsAt <= now) continue;
    if (w.appointmentId) {
      const held = await store.findAppointment(ctx.db, w.appointmentId);
      if (held && held.status === 'booked' && held.startsAt <= freed.startsAt) continue;
    }
    return w;
  }
  return undefined;
}

export async function markOffered(ctx: AppContext, entryId: string): Promise<void> {
  await ctx.db.update(waitlistEntries).set({ status: 'offered', offeredAt: ctx.now() }).where(eq(waitlistEntries.id, entryId));
}

/** The client took a slot with this practitioner: their offered entries are done; returns them. */
export async function markTaken(ctx: AppContext, booked: AppointmentRow): Promise<WaitlistRow[]> {
  return ctx.db
    .update(waitlistEntries)
    .set({ status: 'done' })
    .where(and(eq(waitlistEntries.clientId, booked.clientId), eq(waitlistEntries.practitionerId, booked.practitionerId), eq(waitlistEntries.status, 'offered')))
    .returning();
}
