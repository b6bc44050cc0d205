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
import { addTask, completeTask } from '../requests/service.ts';
import { listTasks } from '../requests/store.ts';
import { appointmentNumber } from './present.ts';
import { logistics } from './schema.ts';
import { loadAppointment } from './service.ts';

export const logisticsKinds = ['taxi', 'vsl', 'ambulance', 'train', 'lodging', 'other'] as const;
export type LogisticsKind = (typeof logisticsKinds)[number];
const label: Record<LogisticsKind, string> = { taxi: 'taxi conventionné', vsl: 'VSL', ambulance: 'ambulance', train: 'train', lodging: 'hébergement', other: 'logistique' };
export const logisticsStatuses = ['requested', 'confirmed', 'done', 'cancelled'] as const;
export type LogisticsStatus = (typeof logisticsStatuses)[number];
/** The directory's provider kinds that can serve each request (train and "other": any provider, or none). */
const providerKinds: Partial<Record<LogisticsKind, string[]>> = { taxi: ['taxi'], vsl: ['vsl', 'taxi'], ambulance: ['ambulance'], lodging: ['lodging'] };
/** Once confirmed with the provider (or done, or cancelled) there is nothing left to organise. */
const organised = (status: string) => status !== 'requested';

const taskTitle = (kind: LogisticsKind, appointmentNumberText: string) => `Organiser : ${label[kind]} — ${appointmentNumberText}`;

export interface LogisticsInput {
  kind: LogisticsKind;
  providerId?: string | null | undefined;
  details?: string | null | undefined;
  startsAt?: Date | null | undefined;
  endsAt?: Date | null | undefined;
  costCents?: number | null | undefined;
}

type Row = typeof logistics.$inferSelect;
const present = (row: Row, providerName: string | null = null) => ({
  id: row.id,
  appointmentId: row.appointmentId,
  kind: row.kind,
  providerId: row.providerId,
  providerName,
  details: row.details,
  startsAt: row.startsAt?.toISOString() ?? null,
  endsAt: row.endsAt?.toISOString() ?? null,
  costCents: row.costCents,
  status: row.status,
  createdAt: row.createdAt.toISOString(),
});

async function presentAll(ctx: AppContext, rows: Row[]) {
  const ids = [...new Set(rows.flatMap((r) => (r.providerId ? [r.providerId] : [])))];
  // A handful per appointment: one look-up each.
  const names = new Map((await Promise.all(ids.map((id) => findProvider(ctx.db, id)))).flatMap((p) => (p ? [[p.id, p.name] as const] : [])));
  return rows.map((r) => present(r, r.providerId ? (names.get(r.providerId) ?? null) : null));
}

export async function listLogistics(ctx: AppContext, appointmentId: string, actor: Actor) {
  const a = await loadAppointment(ctx, appointmentId);
  const rows = await ctx.db.select().from(logistics).where(eq(logistics.appointmentId, appointmentId)).orderBy(asc(logistics.createdAt));
  // Who reads a client's transport (an ambulance says much about their health) is traced.
  await recordAudit(ctx.db, actor, { action: 'appointment.logistics_read', targetType: 'appointment', targetId: appointmentId, clientId: a.clientId, details: { count: rows.length } });
  return presentAll(ctx, rows);
}

async function checkInput(ctx: AppContext, kind: LogisticsKind, input: Partial<LogisticsInput>) {
  if (input.startsAt && input.endsAt && input.startsAt >= input.endsAt) throw new DomainError('validation_failed', 400, {}, [{ path: 'endsAt', code: 'end_before_start' }]);
  if (!input.providerId) return;
  const provider = await findProvider(ctx.db, input.providerId);
  if (!provider) throw new DomainError('provider_not_found', 404, {}, [{ path: 'providerId', code: 'provider_not_found' }]);
  const kinds = providerKinds[kind];
  if (kinds && !kinds.includes(provider.kind)) throw new DomainError('provider_kind_mismatch', 400, { kind: label[kind] }, [{ path: 'providerId', code: 'provider_kind_mismatch' }]);
}

export async function requestLogistics(ctx: AppContext, appointmentId: string, input: LogisticsInput, actor: Actor) {
  const a = await loadAppointment(ctx, appointmentId);
  await checkInput(ctx, input.kind, input);
  const [row] = await ctx.db
    .insert(logistics)
    .values({ appointmentId, kind: input.kind, providerId: input.providerId ?? null, details: input.details?.trim() || null, startsAt: input.startsAt ?? null, endsAt: input.endsAt ?? null, costCents: input.costCents ?? null, createdById: actor.id })
    .returning();
  if (!row) throw new Error('insert logistics returned nothing');
  // The coordinator's task list is where logistics get done: due the day before the appointment.
  if (a.requestId) await addTask(ctx, a.requestId, { title: taskTitle(input.kind, appointmentNumber(a.number)), dueAt: new Date(a.startsAt.getTime() - 86_400_000).toISOString() }, actor);
  await recordAudit(ctx.db, actor, { action: 'appointment.logistics_requested', targetType: 'appointment', targetId: appointmentId, clientId: a.clientId, details: { kind: input.kind } });
  return (await presentAll(ctx, [row]))[0] as ReturnType<typeof present>;
}

/**
 * Keeps the request's task in step with the status: ticked once the transport is confirmed (or
 * done, or cancelled), unticked if it goes back to "requested". The task is the one this kind of
 * logistics created for the appointment (same title); with two of a kind, each ticks one.
 */
async function syncTask(ctx: AppContext, row: Row, actor: Actor) {
  const a = await loadAppointment(ctx, row.appointmentId);
  if (!a.requestId) return;
  const title = taskTitle(row.kind as LogisticsKind, appointmentNumber(a.number));
  const tasks = (await listTasks(ctx.db, a.requestId)).filter((t) => t.title === title);
  const done = organised(row.status);
  const task = done ? tasks.find((t) => !t.doneAt) : tasks.findLast((t) => t.doneAt);
  if (task) await completeTask(ctx, a.requestId, task.id, done, actor);
}

export async function updateLogistics(ctx: AppContext, id: string, patch: Partial<LogisticsInput> & { status?: LogisticsStatus | undefined }, actor: Actor) {
  const [before] = await ctx.db.select().from(logistics).where(eq(logistics.id, id));
  if (!before) throw new DomainError('not_found', 404);
  const kind = (patch.kind ?? before.kind) as LogisticsKind;
  await checkInput(ctx, kind, {
    providerId: patch.providerId === undefined ? before.providerId : patch.providerId,
    startsAt: patch.startsAt === undefined ? before.startsAt : patch.startsAt,
    endsAt: patch.endsAt === undefined ? before.endsAt : patch.endsAt,
  });
  const values = Object.fromEntries(Object.entries({ ...patch, ...(patch.details !== undefined ? { details: patch.details?.trim() || null } : {}) }).filter(([, v]) => v !== undefined));
  const [row] = Object.keys(values).length ? await ctx.db.update(logistics).set(values).where(eq(logistics.id, id)).returning() : [before];
  if (!row) throw new DomainError('not_found', 404);
  if (organised(row.status) !== organised(before.status)) await syncTask(ctx, row, actor);
  await recordAudit(ctx.db, actor, { action: 'appointment.logistics_updated', targetType: 'appointment', targetId: row.appointmentId, details: { id, status: row.status } });
  return (await presentAll(ctx, [row]))[0] as ReturnType<typeof present>;
}
