/**
 * Reimbursement follow-up: a care act is recorded (usually from an appointment), its split between
 * the Assurance Maladie, the mutuelle and the client is computed by the rules in force that day and
 * stored with the rules version, and one claim per insurer is opened and chased until paid.
 *
 * Overdue claims are chased by a daily job (REMINDERS_QUEUE): a task on the client's request for
 * its coordinator (or an inbox item to the coordinators when there is no request), at most once per
 * claim per week.
 */
import { Temporal } from 'temporal-polyfill';
import { type AppContext, parisDate } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import { type Actor, system } from '../audit/domain.ts';
import { recordAudit } from '../audit/store.ts';
import { clientNumber, displayName } from '../clients/domain.ts';
import { findClient, findClients } from '../clients/store.ts';
import { findPractitioner, findPractitioners } from '../directory/store.ts';
import { enqueue, type JobHandlers } from '../jobs/queue.ts';
import { notifyUsers } from '../notifications/inbox.ts';
import { documentsOf } from '../records/service.ts';
import { addTask } from '../requests/service.ts';
import { activeStaff, findRequest, listRequests } from '../requests/store.ts';
import { findAppointment } from '../scheduling/store.ts';
import { ageOn, addDays, canMove, type ClaimStatus, computeReimbursement, type Insurer, isOverdue, type MutuelleCover, parseMutuelleCoverage, statusAfterPayment, statusLabels } from './domain.ts';
import { type ActCode, CLAIM_DUE_DAYS, REMINDER_INTERVAL_DAYS, rulesFor, type Sector } from './rules.ts';
import * as store from './store.ts';
import type { ActRow, ClaimRow } from './store.ts';

export type { ActRow, ClaimRow };

const today = (ctx: AppContext) => parisDate(ctx.now());

// ——— Views ———

export function toClaimView(c: ClaimRow, on: string) {
  return {
    id: c.id,
    actId: c.actId,
    clientId: c.clientId,
    insurer: c.insurer as Insurer,
    insurerName: c.insurerName,
    status: c.status as ClaimStatus,
    expectedCents: c.expectedCents,
    receivedCents: c.receivedCents,
    sentOn: c.sentOn,
    dueOn: c.dueOn,
    paidOn: c.paidOn,
    rejectionReason: c.rejectionReason,
    documentIds: c.documentIds,
    lastReminderAt: c.lastReminderAt?.toISOString() ?? null,
    overdue: isOverdue(c, on),
    updatedAt: c.updatedAt.toISOString(),
  };
}
export type ClaimView = ReturnType<typeof toClaimView>;

function toActView(a: ActRow, claims: ClaimRow[], practitioners: Map<string, { id: string; name: string }>, on: string) {
  return {
    id: a.id,
    clientId: a.clientId,
    appointmentId: a.appointmentId,
    requestId: a.requestId,
    practitioner: a.practitionerId ? (practitioners.get(a.practitionerId) ?? null) : null,
    actCode: a.actCode as ActCode,
    performedOn: a.performedOn,
    feeCents: a.feeCents,
    baseCents: a.baseCents,
    amoRateBp: a.amoRateBp,
    participationCents: a.participationCents,
    overrunCents: a.overrunCents,
    amoExpectedCents: a.amoExpectedCents,
    amcExpectedCents: a.amcExpectedCents,
    remainderCents: a.remainderCents,
    rulesVersion: a.rulesVersion,
    explanation: a.explanation,
    createdAt: a.createdAt.toISOString(),
    claims: claims.filter((c) => c.actId === a.id).map((c) => toClaimView(c, on)),
  };
}
export type ActView = ReturnType<typeof toActView>;

async function practitionerNames(ctx: AppContext, ids: (string | null)[]) {
  const rows = await findPractitioners(ctx.db, [...new Set(ids.filter((x): x is string => Boolean(x)))]);
  return new Map(rows.map((p) => [p.id, { id: p.id, name: `${p.civility ? `${p.civility} ` : ''}${p.firstName} ${p.lastName}`.trim() }]));
}

async function actViews(ctx: AppContext, acts: ActRow[]): Promise<ActView[]> {
  const claims = await store.claimsOfActs(ctx.db, acts.map((a) => a.id));
  const names = await practitionerNames(ctx, acts.map((a) => a.practitionerId));
  const on = today(ctx);
  return acts.map((a) => toActView(a, claims, names, on));
}

// ——— Estimate and record ———

export interface ActInput {
  appointmentId?: string | null | undefined;
  requestId?: string | null | undefined;
  practitionerId?: string | null | undefined;
  actCode?: ActCode | undefined;
  performedOn?: string | undefined;
  feeCents?: number | undefined;
  sector?: Sector | undefined;
  /** Inside the parcours de soins; by default, when the client has declared a médecin traitant. */
  coordinated?: boolean | undefined;
  participationExempt?: boolean | undefined;
  documentIds?: string[] | undefined;
}

/** Everything the computation needs, gathered from the appointment, the directory and the client file. */
async function prepare(ctx: AppContext, clientId: string, input: ActInput) {
  const client = await findClient(ctx.db, clientId);
  if (!client) throw new DomainError('client_not_found', 404);
  const notes: string[] = [];
  let practitionerId = input.practitionerId ?? null;
  let requestId = input.requestId ?? null;
  let performedOn = input.performedOn;
  let mode: 'in_person' | 'teleconsultation' | null = null;
  if (input.appointmentId) {
    const appointment = await findAppointment(ctx.db, input.appointmentId);
    if (!appointment) throw new DomainError('appointment_not_found', 404);
    if (appointment.clientId !== clientId) throw new DomainError('document_link_invalid', 400, {}, [{ path: 'appointmentId', code: 'document_link_invalid' }]);
    practitionerId ??= appointment.practitionerId;
    requestId ??= appointment.requestId;
    performedOn ??= parisDate(appointment.startsAt);
    mode = appointment.mode as 'in_person' | 'teleconsultation';
  }
  if (requestId && (await findRequest(ctx.db, requestId))?.clientId !== clientId) throw new DomainError('document_link_invalid', 400, {}, [{ path: 'requestId', code: 'document_link_invalid' }]);
  if (!performedOn) throw new DomainError('validation_failed', 400, {}, [{ path: 'performedOn', code: 'field_required' }]);
  if (performedOn > today(ctx)) throw new DomainError('care_act_in_future', 400, {}, [{ path: 'performedOn', code: 'care_act_in_future' }]);

  const practitioner = practitionerId ? await findPractitioner(ctx.db, practitionerId) : undefined;
  if (practitionerId && !practitioner) throw new DomainError('practitioner_not_found', 404);
  const isGp = practitioner ? practitioner.specialties.includes('general-practice') || practitioner.specialties.length === 0 : true;
  const specialty = practitioner?.specialties.find((s) => s !== 'general-practice') ?? null;
  const teleconsultation = mode === 'teleconsultation';
  const actCode: ActCode | undefined = input.actCode ?? (practitioner ? (teleconsultation ? (isGp ? 'TCG' : 'TC') : isGp ? 'G' : 'CS') : undefined);
  if (!actCode) throw new DomainError('validation_failed', 400, {}, [{ path: 'actCode', code: 'field_required' }]);

  let sector = input.sector ?? (practitioner?.sector as Sector | null | undefined) ?? null;
  if (!sector) {
    sector = '1';
    notes.push('Secteur du praticien inconnu : secteur 1 supposé.');
  }
  const rules = rulesFor(performedOn);
  const act = rules.acts[actCode];
  const fees = practitioner?.fees ?? {};
  const directoryFee = act.mode === 'teleconsultation' ? fees.teleconsultation : (fees.followup ?? fees.first);
  const feeCents = input.feeCents ?? directoryFee ?? act.base[sector === '1' || sector === 'optam' ? 'conventional' : sector === '2' ? 'sector2' : 'unconventioned'];

  let mutuelle: MutuelleCover | null = null;
  if (client.mutuelle?.organism) {
    const parsed = parseMutuelleCoverage(client.mutuelle.coverage);
    if (!parsed) notes.push('Garantie de la mutuelle non précisée : 100 % de la base supposé (minimum d’un contrat responsable).');
    mutuelle = parsed ? { coveragePct: parsed.coveragePct, fixedCents: parsed.fixedCents } : { coveragePct: 100 };
  }
  const coordinated = input.coordinated ?? client.gp !== null;
  const participationYearToDateCents = await store.participationInYear(ctx.db, clientId, Number(performedOn.slice(0, 4)));
  const result = computeReimbursement(
    {
      actCode,
      feeCents,
      sector,
      ageYears: ageOn(client.birthDate, performedOn),
      coordinated,
      specialty,
      participationYearToDateCents,
      participationExempt: input.participationExempt ?? false,
      mutuelle,
    },
    rules,
  );
  return { client, practitionerId, requestId, performedOn, result: { ...result, explanation: [...notes, ...result.explanation] } };
}

/** What an act would cost the client, without recording it (the form's preview, the billing helper's quotes). */
export async function estimate(ctx: AppContext, clientId: string, input: ActInput) {
  const { result, performedOn } = await prepare(ctx, clientId, input);
  return { ...result, performedOn };
}

async function checkDocuments(ctx: AppContext, clientId: string, ids: string[] | undefined): Promise<string[]> {
  const unique = [...new Set(ids ?? [])];
  if (!unique.length) return [];
  const mine = new Set((await documentsOf(ctx, clientId)).filter((d) => !d.deletedAt).map((d) => d.id));
  if (unique.some((id) => !mine.has(id))) throw new DomainError('document_link_invalid', 400, {}, [{ path: 'documentIds', code: 'document_link_invalid' }]);
  return unique;
}

export async function recordAct(ctx: AppContext, clientId: string, input: ActInput, actor: Actor): Promise<ActView> {
  const { client, practitionerId, requestId, performedOn, result } = await prepare(ctx, clientId, input);
  const documentIds = await checkDocuments(ctx, clientId, input.documentIds);
  const claims: Parameters<typeof store.insertActWithClaims>[2] = [];
  if (result.amoCents > 0) claims.push({ clientId, insurer: 'amo', insurerName: client.amoFund ?? 'Assurance Maladie', expectedCents: result.amoCents, documentIds });
  if (client.mutuelle?.organism && result.amcCents > 0) claims.push({ clientId, insurer: 'amc', insurerName: client.mutuelle.organism, expectedCents: result.amcCents, documentIds });
  const { act } = await store.insertActWithClaims(
    ctx.db,
    {
      clientId,
      appointmentId: input.appointmentId ?? null,
      requestId,
      practitionerId,
      actCode: result.actCode,
      performedOn,
      feeCents: result.feeCents,
      baseCents: result.baseCents,
      amoRateBp: result.amoRateBp,
      participationCents: result.participationCents,
      overrunCents: result.overrunCents,
      amoExpectedCents: result.amoCents,
      amcExpectedCents: result.amcCents,
      remainderCents: result.remainderCents,
      rulesVersion: result.rulesVersion,
      explanation: result.explanation,
      createdById: actor.id,
    },
    claims,
  );
  await recordAudit(ctx.db, actor, {
    action: 'reimbursement.act_recorded',
    targetType: 'care_act',
    targetId: act.id,
    clientId,
    details: { rulesVersion: result.rulesVersion, claims: claims.map((c) => c.insurer), fromAppointment: Boolean(input.appointmentId) },
  });
  const [view] = await actViews(ctx, [act]);
  return view as ActView;
}

export async function clientReimbursements(ctx: AppContext, clientId: string, actor: Actor): Promise<ActView[]> {
  if (!(await findClient(ctx.db, clientId))) throw new DomainError('client_not_found', 404);
  const acts = await store.actsOfClient(ctx.db, clientId);
  await recordAudit(ctx.db, actor, { action: 'reimbursement.read', targetType: 'client', targetId: clientId, clientId, details: { acts: acts.length } });
  return actViews(ctx, acts);
}

/** The client's own view in the portal: what to expect and what was received. */
export async function myReimbursements(ctx: AppContext, clientId: string): Promise<ActView[]> {
  return actViews(ctx, await store.actsOfClient(ctx.db, clientId));
}

/** The team's list: overdue claims first (oldest due date first), then the others by due date. */
export async function listClaims(ctx: AppContext, filter: { status?: ClaimStatus | 'open' | undefined; overdue?: boolean | undefined }) {
  const statuses = filter.status === 'open' || filter.status === undefined ? ['to_send', 'sent', 'partially_paid', 'rejected'] : [filter.status];
  const on = today(ctx);
  let rows = (await store.listClaims(ctx.db, { statuses })).map((c) => toClaimView(c, on));
  if (filter.overdue) rows = rows.filter((c) => c.overdue);
  rows.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999'));
  const clients = new Map((await findClients(ctx.db, [...new Set(rows.map((r) => r.clientId))])).map((c) => [c.id, { id: c.id, number: clientNumber(c.number), displayName: displayName(c) }]));
  const acts = new Map((await store.findActs(ctx.db, [...new Set(rows.map((r) => r.actId))])).map((a) => [a.id, { actCode: a.actCode as ActCode, performedOn: a.performedOn }]));
  return rows.map((r) => ({ ...r, client: clients.get(r.clientId) ?? null, act: acts.get(r.actId) ?? null }));
}

// ——— Claim moves ———

async function loadClaim(ctx: AppContext, id: string): Promise<ClaimRow> {
  const claim = await store.findClaim(ctx.db, id);
  if (!claim) throw new DomainError('claim_not_found', 404);
  return claim;
}

function assertMove(claim: ClaimRow, to: ClaimStatus) {
  const from = claim.status as ClaimStatus;
  if (!canMove(from, to)) throw new DomainError('claim_transition_invalid', 409, { fromFr: statusLabels[from].fr, toFr: statusLabels[to].fr, fromEn: statusLabels[from].en, toEn: statusLabels[to].en });
}

/** Applies a move if nobody moved the claim meanwhile; a concurrent move makes this one a 409. */
async function move(ctx: AppContext, claim: ClaimRow, values: Parameters<typeof store.updateClaimFrom>[3], actor: Actor, action: string, details: Record<string, unknown>) {
  const row = await store.updateClaimFrom(ctx.db, claim.id, claim.status, { ...values, updatedAt: ctx.now() });
  if (!row) throw new DomainError('claim_changed_meanwhile', 409);
  await recordAudit(ctx.db, actor, { action, targetType: 'claim', targetId: claim.id, clientId: claim.clientId, details: { insurer: claim.insurer, from: claim.status, to: row.status, ...details } });
  return toClaimView(row, today(ctx));
}

export async function sendClaim(ctx: AppContext, id: string, input: { sentOn?: string | undefined; documentIds?: string[] | undefined }, actor: Actor): Promise<ClaimView> {
  const claim = await loadClaim(ctx, id);
  assertMove(claim, 'sent');
  const sentOn = input.sentOn ?? today(ctx);
  if (sentOn > today(ctx)) throw new DomainError('care_act_in_future', 400, {}, [{ path: 'sentOn', code: 'care_act_in_future' }]);
  const documentIds = input.documentIds ? await checkDocuments(ctx, claim.clientId, input.documentIds) : claim.documentIds;
  const dueOn = addDays(sentOn, CLAIM_DUE_DAYS[claim.insurer as Insurer]);
  return move(ctx, claim, { status: 'sent', sentOn, dueOn, rejectionReason: null, lastReminderAt: null, documentIds }, actor, 'reimbursement.claim_sent', { dueOn, documents: documentIds.length });
}

export async function recordPayment(ctx: AppContext, id: string, input: { amountCents: number; paidOn?: string | undefined }, actor: Actor): Promise<ClaimView> {
  const claim = await loadClaim(ctx, id);
  if (!Number.isInteger(input.amountCents) || input.amountCents <= 0) throw new DomainError('claim_amount_invalid', 400, {}, [{ path: 'amountCents', code: 'claim_amount_invalid' }]);
  const received = claim.receivedCents + input.amountCents;
  const to = statusAfterPayment(received, claim.expectedCents);
  assertMove(claim, to);
  const paidOn = input.paidOn ?? today(ctx);
  if (paidOn > today(ctx)) throw new DomainError('care_act_in_future', 400, {}, [{ path: 'paidOn', code: 'care_act_in_future' }]);
  return move(ctx, claim, { status: to, receivedCents: received, paidOn }, actor, 'reimbursement.claim_paid', { amountCents: input.amountCents, receivedCents: received, expectedCents: claim.expectedCents });
}

export async function rejectClaim(ctx: AppContext, id: string, reason: string, actor: Actor): Promise<ClaimView> {
  const claim = await loadClaim(ctx, id);
  const text = reason.trim();
  if (!text) throw new DomainError('reason_required', 400, {}, [{ path: 'reason', code: 'reason_required' }]);
  assertMove(claim, 'rejected');
  // The reason is the insurer's wording and may name the care: it stays on the claim, not in the audit log.
  return move(ctx, claim, { status: 'rejected', rejectionReason: text }, actor, 'reimbursement.claim_rejected', {});
}

export async function setClaimDocuments(ctx: AppContext, id: string, documentIds: string[], actor: Actor): Promise<ClaimView> {
  const claim = await loadClaim(ctx, id);
  const ids = await checkDocuments(ctx, claim.clientId, documentIds);
  const row = await store.setClaimDocuments(ctx.db, id, ids, ctx.now());
  if (!row) throw new DomainError('claim_not_found', 404);
  await recordAudit(ctx.db, actor, { action: 'reimbursement.claim_documents', targetType: 'claim', targetId: id, clientId: claim.clientId, details: { documents: ids.length } });
  return toClaimView(row, today(ctx));
}

// ——— Reminders ———

const OPEN_REQUEST = new Set(['new', 'qualified', 'searching', 'proposed', 'booked', 'follow_up']);
const insurerLabel = (i: Insurer) => (i === 'amo' ? 'l’Assurance Maladie' : 'la mutuelle');
const frenchDate = (d: string) => new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`));

/**
 * Chases overdue claims: a task on the act's request (or the client's latest open request) for its
 * coordinator, else an inbox item to every coordinator. Titles name the insurer and the date, never
 * the care. Returns how many claims were chased.
 */
export async function remindOverdueClaims(ctx: AppContext): Promise<number> {
  const now = ctx.now();
  // An hour of slack so a daily run at a fixed time does not slip a day each week.
  const remindedBefore = new Date(now.getTime() - REMINDER_INTERVAL_DAYS * 86_400_000 + 3_600_000);
  const due = await store.claimOverdueForReminder(ctx.db, today(ctx), remindedBefore, now);
  const acts = new Map((await store.findActs(ctx.db, [...new Set(due.map((c) => c.actId))])).map((a) => [a.id, a]));
  for (const claim of due) {
    const client = await findClient(ctx.db, claim.clientId);
    const number = client ? clientNumber(client.number) : '';
    const title = `Relancer ${insurerLabel(claim.insurer as Insurer)} (${claim.insurerName ?? ''}) : remboursement attendu le ${frenchDate(claim.dueOn ?? today(ctx))} — client ${number}`;
    let requestId = acts.get(claim.actId)?.requestId ?? null;
    if (requestId && !OPEN_REQUEST.has((await findRequest(ctx.db, requestId))?.status ?? '')) requestId = null;
    if (!requestId) {
      const open = (await listRequests(ctx.db, { clientId: claim.clientId })).map((r) => r.request).filter((r) => OPEN_REQUEST.has(r.status));
      requestId = open.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0]?.id ?? null;
    }
    const request = requestId ? await findRequest(ctx.db, requestId) : undefined;
    if (request) {
      await addTask(ctx, request.id, { title, ownerId: request.assigneeId }, system);
      if (request.assigneeId) await notifyUsers(ctx.db, [request.assigneeId], { kind: 'reimbursement', title: 'Remboursement en retard à relancer', body: title, requestId: request.id });
    } else {
      const coordinators = (await activeStaff(ctx.db)).filter((u) => u.role === 'coordinator').map((u) => u.id);
      await notifyUsers(ctx.db, coordinators, { kind: 'reimbursement', title: 'Remboursement en retard à relancer', body: title, link: `/clients/${claim.clientId}?onglet=remboursements` });
    }
    await recordAudit(ctx.db, system, {
      action: 'reimbursement.claim_reminded',
      targetType: 'claim',
      targetId: claim.id,
      clientId: claim.clientId,
      details: { insurer: claim.insurer, dueOn: claim.dueOn, via: request ? 'task' : 'inbox', requestId: request?.id ?? null },
    });
  }
  return due.length;
}

export const REMINDERS_QUEUE = 'reimbursement.reminders';

/** The next run: tomorrow at 08:00 in Paris (office hours), one job per day whatever the number of workers. */
export async function scheduleClaimReminders(ctx: AppContext): Promise<void> {
  const next = Temporal.PlainDate.from(today(ctx)).add({ days: 1 });
  const runAt = new Date(next.toZonedDateTime({ timeZone: 'Europe/Paris', plainTime: Temporal.PlainTime.from('08:00') }).epochMilliseconds);
  await enqueue(ctx.db, { queue: REMINDERS_QUEUE, runAt, idempotencyKey: `${REMINDERS_QUEUE}:${next.toString()}`, maxAttempts: 3 });
}

export const reimbursementJobHandlers: JobHandlers = {
  [REMINDERS_QUEUE]: async (_payload, _job, ctx) => {
    await remindOverdueClaims(ctx);
    await scheduleClaimReminders(ctx);
  },
};
