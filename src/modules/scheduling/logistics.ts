/**
 * Transport and lodging around an appointment (taxi conventionné, VSL, ambulance, train, hotel),
 * with provider, times, cost and status. Each request for one puts a task in the coordinator's list.
 */
import { asc, eq } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Actor } from '../audit/domain.ts';
import { recordAudit } from '../audit/store.ts';
import { findProvider } from '../directory/store.ts';
import { addTask } from '../requests/service.ts';
import { appointmentNumber } from './present.ts';
import { logistics } from './schema.ts';
import { loadAppointment } from './service.ts';

export const logisticsKinds = ['taxi', 'vsl', 'ambulance', 'train', 'lodging', 'other'] as const;
export type LogisticsKind = (typeof logisticsKinds)[number];
const label: Record<LogisticsKind, string> = { taxi: 'taxi conventionné', vsl: 'VSL', ambulance: 'ambulance', train: 'train', lodging: 'hébergement', other: 'logistique' };

export interface LogisticsInput {
  kind: LogisticsKind;
  providerId?: string | null | undefined;
  details?: string | null | undefined;
  startsAt?: Date | null | undefined;
  endsAt?: Date | null | undefined;
  costCents?: number | null | undefined;
}

const present = (row: typeof logistics.$inferSelect) => ({
  id: row.id,
  appointmentId: row.appointmentId,
  kind: row.kind,
  providerId: row.providerId,
  details: row.details,
  startsAt: row.startsAt?.toISOString() ?? null,
  endsAt: row.endsAt?.toISOString() ?? null,
  costCents: row.costCents,
  status: row.status,
  createdAt: row.createdAt.toISOString(),
});

export async function listLogistics(ctx: AppContext, appointmentId: string) {
  const rows = await ctx.db.select().from(logistics).where(eq(logistics.appointmentId, appointmentId)).orderBy(asc(logistics.createdAt));
  return rows.map(present);
}

export async function requestLogistics(ctx: AppContext, appointmentId: string, input: LogisticsInput, actor: Actor) {
  const a = await loadAppointment(ctx, appointmentId);
  if (input.providerId && !(await findProvider(ctx.db, input.providerId))) throw new DomainError('provider_not_found', 404);
  const [row] = await ctx.db
    .insert(logistics)
    .values({ appointmentId, kind: input.kind, providerId: input.providerId ?? null, details: input.details?.trim() || null, startsAt: input.startsAt ?? null, endsAt: input.endsAt ?? null, costCents: input.costCents ?? null, createdById: actor.id })
    .returning();
  if (!row) throw new Error('insert logistics returned nothing');
  // The coordinator's task list is where logistics get done: due the day before the appointment.
  if (a.requestId) await addTask(ctx, a.requestId, { title: `Organiser : ${label[input.kind]} — ${appointmentNumber(a.number)}`, dueAt: new Date(a.startsAt.getTime() - 86_400_000).toISOString() }, actor);
  await recordAudit(ctx.db, actor, { action: 'appointment.logistics_requested', targetType: 'appointment', targetId: appointmentId, clientId: a.clientId, details: { kind: input.kind } });
  return present(row);
}

export async function updateLogistics(ctx: AppContext, id: string, patch: Partial<LogisticsInput> & { status?: 'requested' | 'confirmed' | 'done' | 'cancelled' | undefined }, actor: Actor) {
  const values = Object.fromEntries(Object.entries({ ...patch, ...(patch.details !== undefined ? { details: patch.details?.trim() || null } : {}) }).filter(([, v]) => v !== undefined));
  const [row] = Object.keys(values).length
    ? await ctx.db.update(logistics).set(values).where(eq(logistics.id, id)).returning()
    : await ctx.db.select().from(logistics).where(eq(logistics.id, id));
  if (!row) throw new DomainError('not_found', 404);
  await recordAudit(ctx.db, actor, { action: 'appointment.logistics_updated', targetType: 'appointment', targetId: row.appointmentId, details: { id, status: row.status } });
  return present(row);
}
