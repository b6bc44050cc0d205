/**
 * Waiting list: a client who wants an earlier slot with a practitioner is offered the first one that
 * frees up (a cancellation), as a one-slot proposal held for a few hours; first come, first served.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Actor } from '../audit/domain.ts';
import { recordAudit } from '../audit/store.ts';
import { findClient } from '../clients/store.ts';
import { findPractitioner } from '../directory/store.ts';
import { waitlistEntries } from './schema.ts';
import type { AppointmentRow } from './store.ts';

/** How long a freed slot is held for the client it is offered to. */
export const WAITLIST_HOLD_HOURS = 4;

export async function joinWaitlist(
  ctx: AppContext,
  input: { clientId: string; practitionerId: string; requestId?: string | undefined; appointmentId?: string | undefined; earliest?: Date | undefined; latest?: Date | undefined },
  actor: Actor,
) {
  if (!(await findClient(ctx.db, input.clientId))) throw new DomainError('client_not_found', 404);
  if (!(await findPractitioner(ctx.db, input.practitionerId))) throw new DomainError('practitioner_not_found', 404);
  const [row] = await ctx.db
    .insert(waitlistEntries)
    .values({ ...input, requestId: input.requestId ?? null, appointmentId: input.appointmentId ?? null, earliest: input.earliest ?? null, latest: input.latest ?? null, createdById: actor.id })
    .returning();
  if (!row) throw new Error('insert waitlist_entries returned nothing');
  await recordAudit(ctx.db, actor, { action: 'appointment.waitlisted', targetType: 'practitioner', targetId: input.practitionerId, clientId: input.clientId });
  return row;
}

export async function listWaitlist(ctx: AppContext, practitionerId: string) {
  return ctx.db
    .select()
    .from(waitlistEntries)
    .where(and(eq(waitlistEntries.practitionerId, practitionerId), eq(waitlistEntries.status, 'waiting')))
    .orderBy(asc(waitlistEntries.createdAt));
}

/** The first waiting client for whom the freed slot fits their window (and is earlier than what they hold). */
export async function nextInLine(ctx: AppContext, freed: AppointmentRow) {
  const waiting = await listWaitlist(ctx, freed.practitionerId);
  const now = ctx.now();
  for (const w of waiting) {
    if (w.clientId === freed.clientId) continue;
    if (w.earliest && freed.startsAt < w.earliest) continue;
    if (w.latest && freed.startsAt > w.latest) continue;
    if (freed.startsAt <= now) continue;
    return w;
  }
  return undefined;
}

export async function markOffered(ctx: AppContext, entryId: string): Promise<void> {
  await ctx.db.update(waitlistEntries).set({ status: 'offered', offeredAt: ctx.now() }).where(eq(waitlistEntries.id, entryId));
}
