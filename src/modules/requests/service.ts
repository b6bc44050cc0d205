/** Request use-cases: intake with triage, the workflow, the queue, notes, tasks, the emergency protocol. */
import type { Db } from '../../db/client.ts';
import type { AppContext } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import { publishChange } from '../../platform/events.ts';
import type { Actor } from '../audit/domain.ts';
import { recordAudit } from '../audit/store.ts';
import { clientNumber, displayName } from '../clients/domain.ts';
import { findClient } from '../clients/store.ts';
import type { UserRow } from '../identity/store.ts';
import { notifyUsers } from '../notifications/inbox.ts';
import { beforeRequestClosed, checkTaskCompletion } from '../followup/hooks.ts';
import { simpleHtml } from '../notifications/mailer.ts';
import { redFlagLabels, type TriageResult, triage } from '../triage/domain.ts';
import { specialtyCodes } from '../triage/lexicon.ts';
import {
  checkTransition,
  type EmergencyStep,
  firstResponseDue,
  handleOf,
  isOverdue,
  mentionedHandles,
  queueOrder,
  requestNumber,
  type Status,
  transitions,
  type Urgency,
} from './domain.ts';
import type { Emergency } from './schema.ts';
import * as store from './store.ts';
import type { RequestRow } from './store.ts';

const textContext = (id: string) => `requests.text:${id}`;
const triageContext = (id: string) => `requests.triage:${id}`;
const noteContext = (id: string) => `requests.note:${id}`;

type Person = { id: string; displayName: string };
const person = (users: Map<string, UserRow>, id: string | null | undefined): Person | null => {
  const u = id ? users.get(id) : undefined;
  return u ? { id: u.id, displayName: u.displayName } : null;
};

export interface NewRequest {
  clientId: string;
  channel: 'portal' | 'public_form' | 'phone' | 'email';
  kind: 'specialist' | 'teleconsultation' | 'exam' | 'admin_help' | 'information';
  text: string;
  requester?: string | null | undefined;
  preferredDates?: string | null | undefined;
  constraints?: string | null | undefined;
}

function ageOn(birthDate: string, today: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const t = today.toISOString().slice(0, 10).split('-').map(Number) as [number, number, number];
  return t[0] - y - (t[1] < m || (t[1] === m && t[2] < d) ? 1 : 0);
}

async function changed(id: string) {
  publishChange({ type: 'request.changed', id });
}

export async function createRequest(ctx: AppContext, input: NewRequest, actor: Actor): Promise<RequestRow> {
  const client = await findClient(ctx.db, input.clientId);
  if (!client) throw new DomainError('client_not_found', 404);
  const now = ctx.now();
  // The client file gives age and sex when the text does not: a child's fever is not an adult's.
  const proposal = triage({ text: input.text, age: ageOn(client.birthDate, now), sex: client.sex as 'F' | 'M' });
  const id = crypto.randomUUID();
  const urgency = proposal.urgency as Urgency;
  const emergency: Emergency | null =
    urgency === 'emergency' ? { activatedAt: now.toISOString(), activatedById: null, source: 'triage', steps: [], resolvedAt: null } : null;
  const row = await ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const created = await store.insertRequest(db, {
      id,
      clientId: client.id,
      channel: input.channel,
      kind: input.kind,
      textSealed: ctx.vault.seal(input.text, textContext(id)),
      requester: input.requester?.trim() || null,
      preferredDates: input.preferredDates?.trim() || null,
      constraints: input.constraints?.trim() || null,
      urgency,
      specialty: proposal.specialty,
      triageSealed: ctx.vault.seal(JSON.stringify(proposal), triageContext(id)),
      emergency,
      firstResponseDueAt: firstResponseDue(now, urgency),
      createdBy: actor.id,
      createdAt: now,
    });
    await store.addEvent(db, id, actor.id, 'created', { channel: input.channel }, now);
    if (emergency) await store.addEvent(db, id, null, 'emergency', { step: 'activated', source: 'triage' }, now);
    await recordAudit(db, actor, { action: 'request.created', targetType: 'request', targetId: id, clientId: client.id, details: { channel: input.channel, urgency } });
    return created;
  });
  if (emergency) await escalate(ctx, row);
  await changed(id);
  return row;
}

/** The on-duty team hears of an emergency at once: in the app and by e-mail (no health data in either). */
async function escalate(ctx: AppContext, row: RequestRow): Promise<void> {
  const coordinators = (await store.activeStaff(ctx.db)).filter((u) => u.role === 'coordinator' || u.id === row.assigneeId);
  const title = `Urgence vitale signalée — ${requestNumber(row.number)}`;
  await notifyUsers(
    ctx.db,
    coordinators.map((u) => u.id),
    { kind: 'emergency', title, body: 'Protocole d’urgence déclenché : ouvrez la demande.', requestId: row.id },
  );
  const link = `${ctx.config.publicUrl}/demandes/${row.id}`;
  for (const u of coordinators) {
    const lines = ['Bonjour,', `Le protocole d’urgence a été déclenché pour la demande ${requestNumber(row.number)}.`, 'Ouvrez-la sans attendre.'];
    await ctx.mailer.send(ctx.db, { to: u.email, subject: `Parcours — ${title}`, text: `${lines.join('\n\n')}\n\n${link}\n`, html: simpleHtml(lines, { href: link, label: 'Ouvrir la demande' }), template: 'requests.emergency' });
  }
}

export async function loadRequest(ctx: AppContext, id: string): Promise<RequestRow> {
  const row = await store.findRequest(ctx.db, id);
  if (!row) throw new DomainError('request_not_found', 404);
  return row;
}

/** A first response is the first qualifying act of staff: triage decision, status change, assignment or note. */
const responded = (row: RequestRow, now: Date) => (row.firstRespondedAt ? {} : { firstRespondedAt: now });

export async function changeStatus(ctx: AppContext, id: string, to: Status, reason: string | undefined, actor: Actor): Promise<RequestRow> {
  const row = await loadRequest(ctx, id);
  checkTransition(row.status as Status, to, reason);
  if (to === 'closed') await beforeRequestClosed(ctx, id); // plan done, closure survey queued
  const now = ctx.now();
  const updated = await store.updateRequest(ctx.db, id, { status: to, ...(to === 'cancelled' ? { cancelReason: reason?.trim() } : {}), ...responded(row, now) });
  await store.addEvent(ctx.db, id, actor.id, 'status', { from: row.status, to, reason: reason?.trim() || null });
  await recordAudit(ctx.db, actor, { action: 'request.status', targetType: 'request', targetId: id, clientId: row.clientId, details: { from: row.status, to } });
  await changed(id);
  return updated;
}

export async function assign(ctx: AppContext, id: string, assigneeId: string | null, actor: Actor): Promise<RequestRow> {
  const row = await loadRequest(ctx, id);
  if (assigneeId) {
    const staff = await store.activeStaff(ctx.db);
    if (!staff.some((u) => u.id === assigneeId && (u.role === 'advisor' || u.role === 'coordinator'))) {
      throw new DomainError('validation_failed', 400, {}, [{ path: 'assigneeId', code: 'assignee_invalid' }]);
    }
  }
  const updated = await store.updateRequest(ctx.db, id, { assigneeId, ...responded(row, ctx.now()) });
  await store.addEvent(ctx.db, id, actor.id, 'assigned', { toId: assigneeId });
  await recordAudit(ctx.db, actor, { action: 'request.assigned', targetType: 'request', targetId: id, clientId: row.clientId, details: { assigneeId } });
  if (assigneeId && assigneeId !== actor.id) {
    await notifyUsers(ctx.db, [assigneeId], { kind: 'assigned', title: `Demande ${requestNumber(row.number)} qui vous est confiée`, requestId: id });
  }
  await changed(id);
  return updated;
}

export async function decideTriage(ctx: AppContext, id: string, input: { urgency: Urgency; specialty: string; reason?: string | undefined }, actor: Actor): Promise<RequestRow> {
  const row = await loadRequest(ctx, id);
  if (!specialtyCodes.includes(input.specialty)) throw new DomainError('validation_failed', 400, {}, [{ path: 'specialty', code: 'specialty_unknown' }]);
  const proposal = JSON.parse(ctx.vault.open(row.triageSealed, triageContext(id))) as TriageResult;
  const overridden = proposal.urgency !== input.urgency || proposal.specialty !== input.specialty;
  if (overridden && !input.reason?.trim()) throw new DomainError('validation_failed', 400, {}, [{ path: 'reason', code: 'override_reason_required' }]);
  const now = ctx.now();
  // Kept with the proposal, so overrides can be exported to evaluate and improve the triage.
  const decision = { urgency: input.urgency, specialty: input.specialty, overridden, reason: input.reason?.trim() || null, byId: actor.id ?? '', at: now.toISOString() };
  const becameEmergency = input.urgency === 'emergency' && !row.emergency;
  const updated = await store.updateRequest(ctx.db, id, {
    urgency: input.urgency,
    specialty: input.specialty,
    triageDecision: decision,
    status: row.status === 'new' ? 'qualified' : row.status,
    ...responded(row, now),
    ...(becameEmergency ? { emergency: { activatedAt: now.toISOString(), activatedById: actor.id, source: 'staff', steps: [], resolvedAt: null } } : {}),
  });
  await store.addEvent(ctx.db, id, actor.id, 'triage', { urgency: input.urgency, specialty: input.specialty, overridden, reason: decision.reason });
  if (row.status === 'new') await store.addEvent(ctx.db, id, actor.id, 'status', { from: 'new', to: 'qualified', reason: null });
  await recordAudit(ctx.db, actor, {
    action: overridden ? 'request.triage.overridden' : 'request.triage.confirmed',
    targetType: 'request',
    targetId: id,
    clientId: row.clientId,
    details: { proposed: { urgency: proposal.urgency, specialty: proposal.specialty }, decided: { urgency: input.urgency, specialty: input.specialty } },
  });
  if (becameEmergency) {
    await store.addEvent(ctx.db, id, actor.id, 'emergency', { step: 'activated', source: 'staff' });
    await escalate(ctx, updated);
  }
  await changed(id);
  return updated;
}

export async function activateEmergency(ctx: AppContext, id: string, reason: string | undefined, actor: Actor): Promise<RequestRow> {
  const row = await loadRequest(ctx, id);
  if (row.emergency && !row.emergency.resolvedAt) return row;
  const now = ctx.now();
  const updated = await store.updateRequest(ctx.db, id, {
    urgency: 'emergency',
    emergency: { activatedAt: now.toISOString(), activatedById: actor.id, source: 'staff', steps: [], resolvedAt: null },
    ...responded(row, now),
  });
  await store.addEvent(ctx.db, id, actor.id, 'emergency', { step: 'activated', source: 'staff', reason: reason?.trim() || null });
  await recordAudit(ctx.db, actor, { action: 'request.emergency.activated', targetType: 'request', targetId: id, clientId: row.clientId });
  await escalate(ctx, updated);
  await changed(id);
  return updated;
}

export async function emergencyStep(ctx: AppContext, id: string, step: EmergencyStep, actor: Actor): Promise<RequestRow> {
  const row = await loadRequest(ctx, id);
  if (!row.emergency || row.emergency.resolvedAt) throw new DomainError('emergency_not_active', 409);
  const now = ctx.now();
  const emergency: Emergency = {
    ...row.emergency,
    steps: [...row.emergency.steps, { code: step, at: now.toISOString(), byId: actor.id ?? '' }],
    ...(step === 'resolved' ? { resolvedAt: now.toISOString() } : {}),
  };
  const updated = await store.updateRequest(ctx.db, id, { emergency });
  await store.addEvent(ctx.db, id, actor.id, 'emergency', { step });
  await recordAudit(ctx.db, actor, { action: 'request.emergency.step', targetType: 'request', targetId: id, clientId: row.clientId, details: { step } });
  if (step === 'resolved') {
    // After every emergency someone calls back to know how the person is doing.
    const tomorrow = new Date(now.getTime() + 24 * 3_600_000);
    const task = await store.insertTask(ctx.db, { requestId: id, title: 'Suivi post-urgence : rappeler le client et tracer son état', dueAt: tomorrow, ownerId: row.assigneeId, createdBy: actor.id });
    await store.addEvent(ctx.db, id, actor.id, 'task', { taskId: task.id, title: task.title });
  }
  await changed(id);
  return updated;
}

export async function addNote(ctx: AppContext, id: string, body: string, actor: Actor) {
  const row = await loadRequest(ctx, id);
  const staff = await store.activeStaff(ctx.db);
  const handles = mentionedHandles(body);
  const mentioned = staff.filter((u) => handles.includes(handleOf(u.email)));
  const noteId = crypto.randomUUID();
  const note = await store.insertNote(ctx.db, {
    id: noteId,
    requestId: id,
    authorId: actor.id as string,
    bodySealed: ctx.vault.seal(body, noteContext(noteId)),
    mentions: mentioned.map((u) => u.id),
  });
  if (!row.firstRespondedAt) await store.updateRequest(ctx.db, id, { firstRespondedAt: ctx.now() });
  await store.addEvent(ctx.db, id, actor.id, 'note', { noteId });
  await recordAudit(ctx.db, actor, { action: 'request.note.added', targetType: 'request', targetId: id, clientId: row.clientId, details: { mentions: mentioned.length } });
  await notifyUsers(
    ctx.db,
    mentioned.filter((u) => u.id !== actor.id).map((u) => u.id),
    { kind: 'mention', title: `${actor.email ?? 'Un collègue'} vous mentionne — ${requestNumber(row.number)}`, requestId: id },
  );
  await changed(id);
  return { note, body, mentioned };
}

export async function addTask(ctx: AppContext, id: string, input: { title: string; dueAt?: string | null | undefined; ownerId?: string | null | undefined }, actor: Actor) {
  const row = await loadRequest(ctx, id);
  const task = await store.insertTask(ctx.db, {
    requestId: id,
    title: input.title.trim(),
    dueAt: input.dueAt ? new Date(input.dueAt) : null,
    ownerId: input.ownerId ?? null,
    createdBy: actor.id,
  });
  await store.addEvent(ctx.db, id, actor.id, 'task', { taskId: task.id, title: task.title });
  await recordAudit(ctx.db, actor, { action: 'request.task.added', targetType: 'request', targetId: id, clientId: row.clientId });
  await changed(id);
  return task;
}

export async function completeTask(ctx: AppContext, id: string, taskId: string, done: boolean, actor: Actor) {
  const row = await loadRequest(ctx, id);
  if (done) await checkTaskCompletion(ctx, id, taskId); // a follow-up step needs its note or pharmacy
  const task = await store.setTaskDone(ctx.db, id, taskId, done ? ctx.now() : null);
  if (!task) throw new DomainError('task_not_found', 404);
  await store.addEvent(ctx.db, id, actor.id, 'task', { taskId, title: task.title, done });
  await recordAudit(ctx.db, actor, { action: 'request.task.updated', targetType: 'request', targetId: id, clientId: row.clientId, details: { done } });
  await changed(id);
  return task;
}

// ---- Presentation: rows → API shapes ----

function clientBrief(c: { id: string; number: number; birthName: string; usedName: string | null; firstNames: string[]; usedFirstName: string | null; birthDate: string }) {
  return { id: c.id, number: clientNumber(c.number), displayName: displayName(c), birthDate: c.birthDate };
}

export async function presentRequests(ctx: AppContext, rows: { request: RequestRow; client: Parameters<typeof clientBrief>[0] }[]) {
  const ids = rows.flatMap(({ request: r }) => [r.assigneeId, r.triageDecision?.byId, r.emergency?.activatedById, ...(r.emergency?.steps.map((s) => s.byId) ?? [])]);
  const users = await store.usersByIds(ctx.db, ids.filter((x): x is string => Boolean(x)));
  const now = ctx.now();
  return rows.map(({ request: r, client }) => {
    const proposal = JSON.parse(ctx.vault.open(r.triageSealed, triageContext(r.id))) as TriageResult;
    return {
      id: r.id,
      number: requestNumber(r.number),
      client: clientBrief(client),
      channel: r.channel,
      kind: r.kind,
      text: ctx.vault.open(r.textSealed, textContext(r.id)),
      requester: r.requester,
      preferredDates: r.preferredDates,
      constraints: r.constraints,
      status: r.status,
      urgency: r.urgency,
      specialty: r.specialty,
      triage: { ...proposal, redFlagLabels: proposal.redFlags.map((code) => ({ code, ...(redFlagLabels[code] ?? { fr: code, en: code }) })) },
      triageDecision: r.triageDecision
        ? { urgency: r.triageDecision.urgency, specialty: r.triageDecision.specialty, overridden: r.triageDecision.overridden, reason: r.triageDecision.reason, by: person(users, r.triageDecision.byId), at: r.triageDecision.at }
        : null,
      assignee: person(users, r.assigneeId),
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      firstResponseDueAt: r.firstResponseDueAt?.toISOString() ?? null,
      firstRespondedAt: r.firstRespondedAt?.toISOString() ?? null,
      overdue: isOverdue(r, now),
      emergency: r.emergency
        ? {
            activatedAt: r.emergency.activatedAt,
            activatedBy: person(users, r.emergency.activatedById),
            source: r.emergency.source,
            steps: r.emergency.steps.map((s) => ({ code: s.code, at: s.at, by: person(users, s.byId) })),
            resolvedAt: r.emergency.resolvedAt,
          }
        : null,
      cancelReason: r.cancelReason,
    };
  });
}

export async function queue(ctx: AppContext, filter: store.QueueFilter & { scope: 'all' | 'mine' | 'unassigned' }, actor: Actor) {
  const assigneeId = filter.scope === 'mine' ? actor.id : filter.scope === 'unassigned' ? null : undefined;
  const rows = await store.listRequests(ctx.db, { ...filter, assigneeId });
  // Finished requests leave the working queue unless asked for by status or client.
  const open = filter.status || filter.clientId ? rows : rows.filter(({ request: r }) => r.status !== 'closed' && r.status !== 'cancelled');
  const sorted = open
    .map((x) => ({ ...x, urgency: x.request.urgency, createdAt: x.request.createdAt, emergencyActive: Boolean(x.request.emergency && !x.request.emergency.resolvedAt) }))
    .sort(queueOrder);
  const presented = await presentRequests(ctx, sorted);
  const counters = {
    total: presented.length,
    unassigned: presented.filter((r) => !r.assignee).length,
    overdue: presented.filter((r) => r.overdue).length,
    emergency: presented.filter((r) => r.emergency && !r.emergency.resolvedAt).length,
    byStatus: Object.fromEntries(Object.keys(transitions).map((s) => [s, presented.filter((r) => r.status === s).length])),
    byUrgency: Object.fromEntries(['emergency', 'urgent', 'soon', 'routine'].map((u) => [u, presented.filter((r) => r.urgency === u).length])),
  };
  await recordAudit(ctx.db, actor, { action: 'request.queue.read', details: { count: presented.length, scope: filter.scope } });
  return { requests: presented, counters };
}

export async function requestDetail(ctx: AppContext, id: string, actor: Actor) {
  const row = await loadRequest(ctx, id);
  const client = await findClient(ctx.db, row.clientId);
  if (!client) throw new DomainError('client_not_found', 404);
  const [request] = await presentRequests(ctx, [{ request: row, client }]);
  const [events, notes, tasks] = await Promise.all([store.listEvents(ctx.db, id), store.listNotes(ctx.db, id), store.listTasks(ctx.db, id)]);
  const users = await store.usersByIds(ctx.db, [
    ...events.map((e) => e.actorId ?? ''),
    ...notes.flatMap((n) => [n.authorId, ...n.mentions]),
    ...tasks.map((t) => t.ownerId ?? ''),
    ...events.map((e) => String((e.data as { toId?: string }).toId ?? '')),
  ]);
  await recordAudit(ctx.db, actor, { action: 'request.read', targetType: 'request', targetId: id, clientId: row.clientId });
  return {
    request,
    allowedTransitions: transitions[row.status as Status],
    history: events.map((e) => {
      const { toId, ...data } = e.data as { toId?: string | null };
      return { id: e.id, at: e.at.toISOString(), actor: person(users, e.actorId), type: e.type, data: e.type === 'assigned' ? { ...data, to: person(users, toId) } : data };
    }),
    notes: notes.map((n) => ({
      id: n.id,
      author: person(users, n.authorId),
      body: ctx.vault.open(n.bodySealed, noteContext(n.id)),
      mentions: n.mentions.map((m) => {
        const u = users.get(m);
        return { id: m, displayName: u?.displayName ?? '', handle: u ? handleOf(u.email) : '' };
      }),
      createdAt: n.createdAt.toISOString(),
    })),
    tasks: tasks.map((t) => ({ id: t.id, title: t.title, dueAt: t.dueAt?.toISOString() ?? null, owner: person(users, t.ownerId), doneAt: t.doneAt?.toISOString() ?? null, createdAt: t.createdAt.toISOString() })),
  };
}

// ---- The client's portal: their own requests, in plain terms, without the team's internals ----

export async function portalRequests(ctx: AppContext, clientId: string | null, actor: Actor) {
  if (!clientId) return { client: null, requests: [] };
  const client = await findClient(ctx.db, clientId);
  if (!client) return { client: null, requests: [] };
  const rows = await store.listRequests(ctx.db, { clientId });
  await recordAudit(ctx.db, actor, { action: 'portal.requests.read', clientId, details: { count: rows.length } });
  return {
    client: { id: client.id, number: clientNumber(client.number), displayName: displayName(client) },
    requests: rows
      .map(({ request: r }) => r)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map((r) => ({ id: r.id, number: requestNumber(r.number), kind: r.kind, status: r.status, createdAt: r.createdAt.toISOString() })),
  };
}

export async function createPortalRequest(
  ctx: AppContext,
  clientId: string | null,
  input: Omit<NewRequest, 'clientId' | 'channel'>,
  actor: Actor,
) {
  if (!clientId) throw new DomainError('no_client_record', 409);
  const r = await createRequest(ctx, { ...input, clientId, channel: 'portal' }, actor);
  // The person is told to call 15/112 at once: the team is alerted too, but cannot be faster than the SAMU.
  return {
    request: { id: r.id, number: requestNumber(r.number), kind: r.kind, status: r.status, createdAt: r.createdAt.toISOString() },
    emergency: r.urgency === 'emergency',
  };
}
