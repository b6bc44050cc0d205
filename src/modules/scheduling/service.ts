/**
 * Scheduling use-cases: slot search from computed availability, bookings that the database keeps
 * from colliding, proposals that hold slots for a while, external bookings, cancel / move / no-show.
 */
import { sqlState } from '../../db/client.ts';
import type { AppContext } from '../../platform/context.ts';
import { hashToken, newToken } from '../../platform/crypto.ts';
import { DomainError } from '../../platform/errors.ts';
import { type Actor, system } from '../audit/domain.ts';
import { recordAudit } from '../audit/store.ts';
import { findClient } from '../clients/store.ts';
import { findPractitioner } from '../directory/store.ts';
import { loadRequest } from '../requests/service.ts';
import { appointmentCompleted } from '../followup/service.ts';
import { freeSlots, type Slot } from './availability.ts';
import { appointmentBooked, appointmentCancelled, proposalSent } from './notify.ts';
import { appointmentViews } from './present.ts';
import { markOffered, markTaken, nextInLine, WAITLIST_HOLD_HOURS } from './waitlist.ts';
import * as store from './store.ts';
import type { AppointmentRow, ScheduleData } from './store.ts';

export type Mode = 'in_person' | 'teleconsultation';

/** Defaults for practitioners whose rules the team has not entered. */
export const DEFAULT_RULES = { minNoticeMinutes: 120, bufferMinutes: 0, slotStepMinutes: 15, cancellationNoticeHours: 24 } as const;
const DEFAULT_DURATION = { in_person: 20, teleconsultation: 15 } as const;

/** The consultation type asked for; in a search across several practitioners, one who lacks it just has no slots. */
function typeOf(s: ScheduleData, typeCode: string | undefined, mode: Mode, strict = true) {
  if (typeCode) {
    const t = s.types.find((x) => x.code === typeCode);
    if (!t && !strict) return null;
    if (!t) throw new DomainError('consultation_type_unknown', 400, {}, [{ path: 'typeCode', code: 'consultation_type_unknown' }]);
    return { code: t.code, durationMinutes: t.durationMinutes, mode: t.mode as Mode };
  }
  const t = s.types.find((x) => x.mode === mode);
  return t ? { code: t.code, durationMinutes: t.durationMinutes, mode } : { code: mode === 'teleconsultation' ? 'teleconsultation' : 'first', durationMinutes: DEFAULT_DURATION[mode], mode };
}

export interface SlotSearch {
  practitionerIds: string[];
  typeCode?: string | undefined;
  mode: Mode;
  from: Date;
  to: Date;
  perPractitioner: number;
  constraints?: { weekdays?: number[] | undefined; earliestTime?: string | undefined; latestTime?: string | undefined } | undefined;
}

/** The first free slots of each practitioner, computed from rules, exceptions and appointments. */
export async function searchSlots(ctx: AppContext, q: SlotSearch): Promise<{ practitionerId: string; typeCode: string; durationMinutes: number; slots: Slot[] }[]> {
  const now = ctx.now();
  const [schedules, busy] = await Promise.all([store.schedulesOf(ctx.db, q.practitionerIds, q.from, q.to), store.busyOf(ctx.db, q.practitionerIds, q.from, q.to, now)]);
  // Grouped once: filtering the whole list for each practitioner is quadratic (2,500 agendas × 240,000 rows).
  const busyOf = new Map<string, { start: Date; end: Date }[]>();
  for (const b of busy) {
    const interval = { start: b.startsAt, end: b.endsAt };
    const list = busyOf.get(b.practitionerId);
    if (list) list.push(interval);
    else busyOf.set(b.practitionerId, [interval]);
  }
  return q.practitionerIds.map((practitionerId) => {
    const s = schedules.get(practitionerId) as ScheduleData;
    const type = typeOf(s, q.typeCode, q.mode, q.practitionerIds.length === 1);
    if (!type) return { practitionerId, typeCode: q.typeCode as string, durationMinutes: 0, slots: [] };
    const rules = s.rules ?? DEFAULT_RULES;
    const slots = freeSlots({
      rules: s.hours.map((h) => ({ placeId: h.placeId, weekday: h.weekday, startTime: h.startTime, endTime: h.endTime, modes: h.modes as Mode[], validFrom: h.validFrom, validUntil: h.validUntil, timeZone: h.timeZone })),
      exceptions: s.exceptions.map((e) => ({ kind: e.kind as 'closed' | 'open', placeId: e.placeId, start: e.startsAt, end: e.endsAt })),
      busy: busyOf.get(practitionerId) ?? [],
      durationMinutes: type.durationMinutes,
      stepMinutes: rules.slotStepMinutes,
      bufferMinutes: rules.bufferMinutes,
      minNoticeMinutes: rules.minNoticeMinutes,
      mode: type.mode,
      from: q.from,
      to: q.to,
      now,
      ...(q.constraints ? { constraints: q.constraints } : {}),
      limit: q.perPractitioner,
    });
    return { practitionerId, typeCode: type.code, durationMinutes: type.durationMinutes, slots };
  });
}

export interface BookingInput {
  practitionerId: string;
  clientId: string;
  requestId?: string | undefined;
  typeCode?: string | undefined;
  mode: Mode;
  startsAt: Date;
  placeId?: string | undefined;
}

/** The slot as the practitioner's agenda offers it: it must be one of the computed free slots. */
async function checkOffered(ctx: AppContext, input: BookingInput): Promise<{ endsAt: Date; typeCode: string; placeId: string | null }> {
  const [found] = await searchSlots(ctx, {
    practitionerIds: [input.practitionerId],
    typeCode: input.typeCode,
    mode: input.mode,
    from: input.startsAt,
    to: new Date(input.startsAt.getTime() + 8 * 3_600_000),
    perPractitioner: 1,
  });
  const slot = found?.slots[0];
  if (!found || !slot || slot.start.getTime() !== input.startsAt.getTime() || (input.placeId && slot.placeId !== input.placeId)) {
    // Either taken (busy) or never open: say which, the client's next step differs.
    const open = await searchSlots(ctx, { practitionerIds: [input.practitionerId], typeCode: input.typeCode, mode: input.mode, from: input.startsAt, to: new Date(input.startsAt.getTime() + 1), perPractitioner: 1 });
    const taken = (await store.busyOf(ctx.db, [input.practitionerId], input.startsAt, new Date(input.startsAt.getTime() + (found?.durationMinutes ?? 15) * 60_000), ctx.now())).length > 0;
    if (taken || open[0]?.slots.length) throw new DomainError('slot_unavailable', 409);
    throw new DomainError('slot_outside_hours', 409);
  }
  return { endsAt: slot.end, typeCode: found.typeCode, placeId: slot.placeId };
}

async function checkParties(ctx: AppContext, input: { practitionerId: string; clientId: string; requestId?: string | undefined }) {
  if (!(await findPractitioner(ctx.db, input.practitionerId))) throw new DomainError('practitioner_not_found', 404);
  if (!(await findClient(ctx.db, input.clientId))) throw new DomainError('client_not_found', 404);
  if (input.requestId) await loadRequest(ctx, input.requestId);
}

/**
 * Inserts, translating the exclusion constraint's refusal into the user's "slot no longer available".
 * Inserts for one practitioner take turns (a transaction-scoped advisory lock): two overlapping
 * inserts checking the constraint at the same time would otherwise wait for each other until
 * PostgreSQL's deadlock detector aborts one, after deadlock_timeout (1 s), with 40P01.
 */
async function insertLive(ctx: AppContext, values: Parameters<typeof store.insertAppointment>[1]): Promise<AppointmentRow> {
  await store.releaseExpiredHolds(ctx.db, ctx.now(), values.practitionerId);
  try {
    return await ctx.db.transaction(async (tx) => {
      const db = tx as unknown as AppContext['db'];
      await store.lockAgenda(db, values.practitionerId);
      return store.insertAppointment(db, values);
    });
  } catch (err) {
    const state = sqlState(err);
    if (state === '23P01' || state === '40P01') throw new DomainError('slot_unavailable', 409);
    throw err;
  }
}

export interface Booked {
  appointment: AppointmentRow;
  /** The client's own link token (shown once, sent by message). */
  clientToken: string;
}

export async function book(ctx: AppContext, input: BookingInput, actor: Actor): Promise<Booked> {
  await checkParties(ctx, input);
  const offered = await checkOffered(ctx, input);
  const clientToken = newToken();
  const appointment = await insertLive(ctx, {
    practitionerId: input.practitionerId,
    clientId: input.clientId,
    requestId: input.requestId ?? null,
    placeId: offered.placeId,
    typeCode: offered.typeCode,
    mode: input.mode,
    startsAt: input.startsAt,
    endsAt: offered.endsAt,
    status: 'booked',
    source: 'platform',
    bookedById: actor.id,
    clientTokenHash: hashToken(clientToken),
  });
  await recordAudit(ctx.db, actor, { action: 'appointment.booked', targetType: 'appointment', targetId: appointment.id, clientId: appointment.clientId });
  await appointmentBooked(ctx, appointment, clientToken);
  return { appointment, clientToken };
}

/** A slot obtained by phone from a practitioner who is not on the platform: same model, marked so. */
export async function bookExternal(
  ctx: AppContext,
  input: BookingInput & { durationMinutes: number; confirmedWith: string },
  actor: Actor,
): Promise<Booked> {
  await checkParties(ctx, input);
  const clientToken = newToken();
  const appointment = await insertLive(ctx, {
    practitionerId: input.practitionerId,
    clientId: input.clientId,
    requestId: input.requestId ?? null,
    placeId: input.placeId ?? null,
    typeCode: input.typeCode ?? (input.mode === 'teleconsultation' ? 'teleconsultation' : 'first'),
    mode: input.mode,
    startsAt: input.startsAt,
    endsAt: new Date(input.startsAt.getTime() + input.durationMinutes * 60_000),
    status: 'booked',
    source: 'phone',
    externalNote: input.confirmedWith.trim(),
    bookedById: actor.id,
    clientTokenHash: hashToken(clientToken),
  });
  await recordAudit(ctx.db, actor, { action: 'appointment.booked_external', targetType: 'appointment', targetId: appointment.id, clientId: appointment.clientId });
  await appointmentBooked(ctx, appointment, clientToken);
  return { appointment, clientToken };
}

export async function loadAppointment(ctx: AppContext, id: string): Promise<AppointmentRow> {
  const row = await store.findAppointment(ctx.db, id);
  if (!row) throw new DomainError('appointment_not_found', 404);
  return row;
}

const live = (a: AppointmentRow) => a.status === 'booked' || a.status === 'held';

/** A client acting through their link must respect the practitioner's cancellation notice; staff need not. */
async function checkNotice(ctx: AppContext, a: AppointmentRow, byClient: boolean) {
  if (!byClient) return;
  const [s] = [(await store.schedulesOf(ctx.db, [a.practitionerId], a.startsAt, a.endsAt)).get(a.practitionerId)];
  const hours = s?.rules?.cancellationNoticeHours ?? DEFAULT_RULES.cancellationNoticeHours;
  if (a.startsAt.getTime() - ctx.now().getTime() < hours * 3_600_000) throw new DomainError('cancellation_too_late', 409, { hours });
}

export async function cancel(ctx: AppContext, id: string, reason: string, actor: Actor, options: { byClient?: boolean } = {}): Promise<AppointmentRow> {
  const a = await loadAppointment(ctx, id);
  if (!live(a)) throw new DomainError('appointment_not_live', 409);
  if (!reason.trim()) throw new DomainError('reason_required', 400, {}, [{ path: 'reason', code: 'reason_required' }]);
  await checkNotice(ctx, a, Boolean(options.byClient));
  const row = await store.updateAppointment(ctx.db, id, { status: 'cancelled', cancelReason: reason.trim(), cancelledById: actor.id, cancelledAt: ctx.now() });
  await recordAudit(ctx.db, actor, { action: 'appointment.cancelled', targetType: 'appointment', targetId: id, clientId: a.clientId, details: { byClient: Boolean(options.byClient) } });
  await appointmentCancelled(ctx, row);
  await offerToWaitlist(ctx, row);
  return row;
}

/** Moves an appointment: the new slot is taken and the old one freed in one transaction, or nothing changes. */
export async function reschedule(ctx: AppContext, id: string, startsAt: Date, actor: Actor, options: { byClient?: boolean; reason?: string } = {}): Promise<Booked> {
  const a = await loadAppointment(ctx, id);
  if (a.status !== 'booked') throw new DomainError('appointment_not_live', 409);
  await checkNotice(ctx, a, Boolean(options.byClient));
  const clientToken = newToken();
  const moved = await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx as unknown as AppContext['db'] };
    await store.updateAppointment(txCtx.db, id, { status: 'cancelled', cancelReason: options.reason?.trim() || 'Rendez-vous déplacé', cancelledById: actor.id, cancelledAt: ctx.now() });
    const duration = a.endsAt.getTime() - a.startsAt.getTime();
    if (a.source === 'platform') {
      const offered = await checkOffered(txCtx, { practitionerId: a.practitionerId, clientId: a.clientId, typeCode: a.typeCode, mode: a.mode as Mode, startsAt, placeId: a.placeId ?? undefined });
      if (offered.endsAt.getTime() - startsAt.getTime() !== duration) throw new DomainError('slot_unavailable', 409);
    }
    return insertLive(txCtx, {
      practitionerId: a.practitionerId,
      clientId: a.clientId,
      requestId: a.requestId,
      placeId: a.placeId,
      typeCode: a.typeCode,
      mode: a.mode,
      startsAt,
      endsAt: new Date(startsAt.getTime() + duration),
      status: 'booked',
      source: a.source,
      externalNote: a.externalNote,
      bookedById: actor.id,
      rescheduledFromId: a.id,
      clientTokenHash: hashToken(clientToken),
    });
  });
  await recordAudit(ctx.db, actor, { action: 'appointment.rescheduled', targetType: 'appointment', targetId: moved.id, clientId: a.clientId, details: { from: a.id, byClient: Boolean(options.byClient) } });
  await appointmentBooked(ctx, moved, clientToken, a);
  return { appointment: moved, clientToken };
}

export async function setOutcome(ctx: AppContext, id: string, status: 'completed' | 'no_show', actor: Actor): Promise<AppointmentRow> {
  const a = await loadAppointment(ctx, id);
  if (a.status !== 'booked' && a.status !== 'completed' && a.status !== 'no_show') throw new DomainError('appointment_not_live', 409);
  const row = await store.updateAppointment(ctx.db, id, { status });
  await recordAudit(ctx.db, actor, { action: `appointment.${status}`, targetType: 'appointment', targetId: id, clientId: a.clientId });
  if (status === 'completed') await appointmentCompleted(ctx, row, actor); // follow-up plan and survey, once
  return row;
}

export interface ProposalInput {
  requestId: string;
  holdHours: number;
  slots: { practitionerId: string; startsAt: Date; typeCode?: string | undefined; mode: Mode; placeId?: string | undefined }[];
}

/** Several slots held for the client at once, all or none; the token is the client's link. */
export async function propose(ctx: AppContext, input: ProposalInput, actor: Actor & { id: string }, kind: 'proposal' | 'waitlist' = 'proposal') {
  const request = await loadRequest(ctx, input.requestId);
  if (!request.clientId) throw new DomainError('client_not_found', 404);
  const clientId = request.clientId;
  const token = newToken();
  const expiresAt = new Date(ctx.now().getTime() + input.holdHours * 3_600_000);
  const result = await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx as unknown as AppContext['db'] };
    const proposal = await store.insertProposal(txCtx.db, { requestId: request.id, clientId, tokenHash: hashToken(token), expiresAt, createdById: actor.id });
    const held: AppointmentRow[] = [];
    for (const slot of input.slots) {
      const offered = await checkOffered(txCtx, { ...slot, clientId });
      held.push(
        await insertLive(txCtx, {
          practitionerId: slot.practitionerId,
          clientId,
          requestId: request.id,
          proposalId: proposal.id,
          placeId: offered.placeId,
          typeCode: offered.typeCode,
          mode: slot.mode,
          startsAt: slot.startsAt,
          endsAt: offered.endsAt,
          status: 'held',
          holdExpiresAt: expiresAt,
          source: 'platform',
          bookedById: actor.id,
        }),
      );
    }
    return { proposal, held };
  });
  await recordAudit(ctx.db, actor, { action: 'appointment.proposed', targetType: 'proposal', targetId: result.proposal.id, clientId, details: { slots: result.held.length } });
  await proposalSent(ctx, result.proposal, result.held, token, kind);
  return { ...result, token };
}

/** The client's pick: that hold becomes a booking, the others are released, in one transaction. */
export async function acceptProposal(ctx: AppContext, proposalId: string, appointmentId: string, actor: Actor): Promise<Booked> {
  const now = ctx.now();
  const clientToken = newToken();
  const appointment = await ctx.db.transaction(async (tx) => {
    const db = tx as unknown as AppContext['db'];
    const proposal = await store.findProposal(db, proposalId);
    if (!proposal || proposal.status !== 'open' || proposal.expiresAt <= now) throw new DomainError('proposal_not_found', 404);
    const held = await store.listAppointments(db, { proposalId, limit: 50 });
    const chosen = held.find((h) => h.id === appointmentId && h.status === 'held');
    if (!chosen) throw new DomainError('proposal_not_found', 404);
    for (const h of held) if (h.id !== chosen.id && h.status === 'held') await store.updateAppointment(db, h.id, { status: 'released' });
    await store.setProposalStatus(db, proposalId, 'accepted', now);
    return store.updateAppointment(db, chosen.id, { status: 'booked', holdExpiresAt: null, clientTokenHash: hashToken(clientToken) });
  });
  await recordAudit(ctx.db, actor, { action: 'appointment.booked', targetType: 'appointment', targetId: appointment.id, clientId: appointment.clientId, details: { proposalId } });
  await appointmentBooked(ctx, appointment, clientToken);
  await waitlistOfferTaken(ctx, appointment, actor);
  return { appointment, clientToken };
}

export async function proposalByToken(ctx: AppContext, token: string) {
  const proposal = await store.findProposalByToken(ctx.db, hashToken(token));
  if (!proposal) throw new DomainError('proposal_not_found', 404);
  return proposal;
}

/** Proposals with their slots (held, then booked or released), for staff and the portal. */
export async function proposalViews(ctx: AppContext, proposals: Awaited<ReturnType<typeof store.listProposals>>) {
  const now = ctx.now();
  return Promise.all(
    proposals.map(async (p) => ({
      id: p.id,
      status: p.status === 'open' && p.expiresAt <= now ? 'expired' : p.status,
      expiresAt: p.expiresAt.toISOString(),
      createdAt: p.createdAt.toISOString(),
      slots: await appointmentViews(ctx, await store.listAppointments(ctx.db, { proposalId: p.id, includeFree: true, limit: 10 })),
    })),
  );
}

export async function appointmentByToken(ctx: AppContext, token: string): Promise<AppointmentRow> {
  const row = await store.findAppointmentByToken(ctx.db, hashToken(token));
  if (!row) throw new DomainError('link_invalid', 404);
  return row;
}

/** A freed slot goes to the first client waiting for that practitioner, held for a few hours. */
async function offerToWaitlist(ctx: AppContext, freed: AppointmentRow): Promise<void> {
  const next = await nextInLine(ctx, freed);
  if (!next?.requestId || !next.createdById) return;
  try {
    await propose(
      ctx,
      { requestId: next.requestId, holdHours: WAITLIST_HOLD_HOURS, slots: [{ practitionerId: freed.practitionerId, startsAt: freed.startsAt, typeCode: freed.typeCode, mode: freed.mode as Mode, placeId: freed.placeId ?? undefined }] },
      { ...system, id: next.createdById, email: 'liste d’attente' },
      'waitlist',
    );
    await markOffered(ctx, next.id);
  } catch (err) {
    // Too late (within the notice) or taken meanwhile: the client keeps waiting for the next one.
    if (!(err instanceof DomainError)) throw err;
  }
}

/**
 * The client took a slot with a practitioner they were waiting for: the entry is done, and the
 * later appointment it was meant to replace is cancelled (its slot goes to the next in line).
 */
async function waitlistOfferTaken(ctx: AppContext, booked: AppointmentRow, actor: Actor): Promise<void> {
  for (const entry of await markTaken(ctx, booked)) {
    if (!entry.appointmentId || entry.appointmentId === booked.id) continue;
    const previous = await store.findAppointment(ctx.db, entry.appointmentId);
    if (previous?.status === 'booked' && previous.startsAt > booked.startsAt) await cancel(ctx, previous.id, 'Remplacé par un créneau plus tôt (liste d’attente)', actor);
  }
}
