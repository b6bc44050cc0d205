/**
 * Teleconsultation use-cases: issuing and checking links, the call's record (status, presence,
 * chat, documents, report), help requests and the day's list for the team.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { parisDate } from '../../platform/context.ts';
import type { AppContext } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Actor } from '../audit/domain.ts';
import { recordAudit } from '../audit/store.ts';
import { notifyUsers } from '../notifications/inbox.ts';
import type { DocumentType as RecordType } from '../consent/domain.ts';
import { addDocument, readDocumentBytes } from '../records/service.ts';
import { findDocument as findRecordDocument } from '../records/store.ts';
import { addTask } from '../requests/service.ts';
import { formatDateTime } from '../scheduling/messages.ts';
import { activeStaff } from '../requests/store.ts';
import { appointmentViews, type AppointmentView } from '../scheduling/present.ts';
import { setOutcome } from '../scheduling/service.ts';
import { type AppointmentRow, findAppointment, listAppointments } from '../scheduling/store.ts';
import { type CallStatus, iceServers, isOpen, type ParticipantRole, type RoomWindow, roomWindow, tokenExpiry } from './domain.ts';
import { reportPdf } from './report-pdf.ts';
import type { ChatMessage, Peer, Rooms } from './room.ts';
import { teleconsultationCalls, teleconsultationDocuments, teleconsultationLinks, teleconsultationMessages, teleconsultationPresence } from './schema.ts';
import { signLink, verifyLink } from './tokens.ts';

type LinkRow = typeof teleconsultationLinks.$inferSelect;
type DocumentRow = typeof teleconsultationDocuments.$inferSelect;

const KEY_PURPOSE = 'teleconsultation-links';
const key = (ctx: AppContext) => ctx.vault.purposeKey(KEY_PURPOSE);
const windowOf = (ctx: AppContext, a: Pick<AppointmentRow, 'startsAt' | 'endsAt'>): RoomWindow =>
  roomWindow(a.startsAt, a.endsAt, ctx.config.teleconsultOpenMinutes, ctx.config.teleconsultGraceMinutes);
/** Booked, or completed by the end of the call (the practitioner may still write the report). */
const usable = (a: AppointmentRow) => a.mode === 'teleconsultation' && (a.status === 'booked' || a.status === 'completed');

export async function issueLink(ctx: AppContext, appointmentId: string, role: ParticipantRole, actor: Actor, name: string | null = null) {
  const a = await findAppointment(ctx.db, appointmentId);
  if (!a) throw new DomainError('appointment_not_found', 404);
  if (!usable(a) || windowOf(ctx, a).closesAt <= ctx.now()) throw new DomainError('teleconsult_unavailable', 409);
  const [link] = await ctx.db.insert(teleconsultationLinks).values({ appointmentId, role, name, createdById: actor.id }).returning();
  if (!link) throw new Error('insert teleconsultation_links returned nothing');
  const expiresAt = tokenExpiry(windowOf(ctx, a));
  const token = await signLink(key(ctx), { linkId: link.id, appointmentId, role }, ctx.now(), expiresAt);
  await recordAudit(ctx.db, actor, { action: 'teleconsultation.link_issued', targetType: 'appointment', targetId: appointmentId, clientId: a.clientId, details: { role, linkId: link.id } });
  return { url: `${ctx.config.publicUrl}/teleconsultation/${token}`, expiresAt: expiresAt.toISOString(), linkId: link.id };
}

export async function revokeLinks(ctx: AppContext, appointmentId: string, role: ParticipantRole, actor: Actor) {
  const a = await findAppointment(ctx.db, appointmentId);
  if (!a) throw new DomainError('appointment_not_found', 404);
  const rows = await ctx.db
    .update(teleconsultationLinks)
    .set({ revokedAt: ctx.now() })
    .where(and(eq(teleconsultationLinks.appointmentId, appointmentId), eq(teleconsultationLinks.role, role), isNull(teleconsultationLinks.revokedAt)))
    .returning({ id: teleconsultationLinks.id });
  await recordAudit(ctx.db, actor, { action: 'teleconsultation.link_revoked', targetType: 'appointment', targetId: appointmentId, clientId: a.clientId, details: { role, count: rows.length } });
  return rows.length;
}

/** A checked link: who it is, for which appointment, and the room's hours. */
export interface Entry {
  link: LinkRow;
  appointment: AppointmentRow;
  view: AppointmentView;
  peer: Peer;
  window: RoomWindow;
}

/**
 * The link behind a token, or a DomainError: forged or garbled (401), expired or revoked (410),
 * appointment cancelled or not a teleconsultation (409). Every refusal is audited.
 */
export async function resolveLink(ctx: AppContext, token: string, actor: Actor): Promise<Entry> {
  const refuse = async (error: DomainError, appointment?: AppointmentRow) => {
    await recordAudit(ctx.db, actor, {
      action: 'teleconsultation.link_refused',
      outcome: 'denied',
      ...(appointment ? { targetType: 'appointment', targetId: appointment.id, clientId: appointment.clientId } : {}),
      details: { reason: error.code },
    });
    return error;
  };
  let claims: Awaited<ReturnType<typeof verifyLink>>;
  try {
    claims = await verifyLink(key(ctx), token, ctx.now());
  } catch (error) {
    throw error instanceof DomainError ? await refuse(error) : error;
  }
  const [link] = await ctx.db.select().from(teleconsultationLinks).where(eq(teleconsultationLinks.id, claims.linkId));
  const a = await findAppointment(ctx.db, claims.appointmentId);
  if (!link || !a || link.appointmentId !== claims.appointmentId || link.role !== claims.role) throw await refuse(new DomainError('link_invalid', 401), a);
  if (link.revokedAt) throw await refuse(new DomainError('teleconsult_link_revoked', 410), a);
  if (!usable(a)) throw await refuse(new DomainError('teleconsult_unavailable', 409), a);
  const window = windowOf(ctx, a);
  if (ctx.now() >= window.closesAt) throw await refuse(new DomainError('teleconsult_link_expired', 410), a);
  const [view] = await appointmentViews(ctx, [a]);
  if (!view) throw new DomainError('appointment_not_found', 404);
  const name = link.role === 'practitioner' ? view.practitioner.displayName : link.role === 'client' ? view.client.name : (link.name ?? 'Invité');
  return { link, appointment: a, view, window, peer: { id: link.id, role: link.role as ParticipantRole, name } };
}

async function callRow(ctx: AppContext, appointmentId: string) {
  const [row] = await ctx.db.select().from(teleconsultationCalls).where(eq(teleconsultationCalls.appointmentId, appointmentId));
  return row;
}

/** The status shown to everyone: the live room first, then what the database remembers. */
function statusOf(call: { status: string; startedAt: Date | null } | undefined, room: ReturnType<Rooms['peek']>, window: RoomWindow, now: Date): CallStatus {
  if (call?.status === 'ended') return 'ended';
  if (room?.inProgress()) return 'in_progress';
  if (room?.waiting().length) return 'waiting';
  if (now >= window.closesAt) return call?.startedAt ? 'ended' : 'no_show';
  return 'scheduled';
}

export async function sessionView(ctx: AppContext, entry: Entry, rooms: Rooms) {
  await ctx.db.update(teleconsultationLinks).set({ lastUsedAt: ctx.now() }).where(eq(teleconsultationLinks.id, entry.link.id));
  const call = await callRow(ctx, entry.appointment.id);
  return {
    me: entry.peer,
    appointment: {
      id: entry.view.id,
      number: entry.view.number,
      startsAt: entry.view.startsAt,
      endsAt: entry.view.endsAt,
      practitionerName: entry.view.practitioner.displayName,
      clientName: entry.view.client.name,
    },
    opensAt: entry.window.opensAt.toISOString(),
    closesAt: entry.window.closesAt.toISOString(),
    open: isOpen(entry.window, ctx.now()),
    status: statusOf(call, rooms.peek(entry.appointment.id), entry.window, ctx.now()),
    iceServers: iceServers(ctx.config, entry.peer.id, ctx.now()),
  };
}

/** The call moves on: someone waits, the call starts (first time only), the call ends. */
export async function setCallStatus(ctx: AppContext, appointmentId: string, status: 'waiting' | 'in_progress' | 'ended') {
  const now = ctx.now();
  const current = await callRow(ctx, appointmentId);
  if (current?.status === 'ended' || current?.status === status) return;
  if (status === 'waiting' && current?.status === 'in_progress') return;
  const values = {
    status,
    updatedAt: now,
    ...(status === 'in_progress' && !current?.startedAt ? { startedAt: now } : {}),
    ...(status === 'ended' ? { endedAt: now } : {}),
  };
  await ctx.db
    .insert(teleconsultationCalls)
    .values({ appointmentId, ...values })
    .onConflictDoUpdate({ target: teleconsultationCalls.appointmentId, set: values });
}

export async function recordJoin(ctx: AppContext, entry: Entry, actor: Actor): Promise<number> {
  const [row] = await ctx.db.insert(teleconsultationPresence).values({ appointmentId: entry.appointment.id, linkId: entry.link.id, joinedAt: ctx.now() }).returning({ id: teleconsultationPresence.id });
  await recordAudit(ctx.db, actor, { action: 'teleconsultation.joined', targetType: 'appointment', targetId: entry.appointment.id, clientId: entry.appointment.clientId, details: { role: entry.peer.role, linkId: entry.link.id } });
  return row?.id ?? 0;
}

export async function recordLeave(ctx: AppContext, presenceId: number) {
  await ctx.db.update(teleconsultationPresence).set({ leftAt: ctx.now() }).where(eq(teleconsultationPresence.id, presenceId));
}

const chatContext = (id: string) => `teleconsultation_messages:${id}`;

export async function addChat(ctx: AppContext, entry: Entry, body: string): Promise<ChatMessage> {
  const id = randomUUID();
  const at = ctx.now();
  await ctx.db.insert(teleconsultationMessages).values({ id, appointmentId: entry.appointment.id, linkId: entry.link.id, bodySealed: ctx.vault.seal(body, chatContext(id)), createdAt: at });
  return { id, from: entry.peer, body, at: at.toISOString() };
}

/** What a newcomer to the room sees of what was said and shared before. */
export async function history(ctx: AppContext, appointmentId: string) {
  const links = new Map((await ctx.db.select().from(teleconsultationLinks).where(eq(teleconsultationLinks.appointmentId, appointmentId))).map((l) => [l.id, l]));
  const [view] = await appointmentViews(ctx, (await findAppointment(ctx.db, appointmentId).then((a) => (a ? [a] : []))) as AppointmentRow[]);
  const peerOf = (linkId: string | null): Peer => {
    const l = linkId ? links.get(linkId) : undefined;
    if (!l) return { id: '', role: 'practitioner', name: view?.practitioner.displayName ?? '' };
    const name = l.role === 'practitioner' ? (view?.practitioner.displayName ?? '') : l.role === 'client' ? (view?.client.name ?? '') : (l.name ?? 'Invité');
    return { id: l.id, role: l.role as ParticipantRole, name };
  };
  const messages = await ctx.db.select().from(teleconsultationMessages).where(eq(teleconsultationMessages.appointmentId, appointmentId)).orderBy(asc(teleconsultationMessages.createdAt));
  const documents = await documentRows(ctx, appointmentId);
  return {
    chat: messages.map((m): ChatMessage => ({ id: m.id, from: peerOf(m.linkId), body: ctx.vault.open(m.bodySealed, chatContext(m.id)), at: m.createdAt.toISOString() })),
    documents: documents.map((d) => documentView(d, peerOf(d.linkId))),
  };
}

const documentContext = (id: string) => `teleconsultation_documents:${id}`;

function documentRows(ctx: AppContext, appointmentId: string) {
  return ctx.db
    .select({
      id: teleconsultationDocuments.id,
      linkId: teleconsultationDocuments.linkId,
      kind: teleconsultationDocuments.kind,
      name: teleconsultationDocuments.name,
      contentType: teleconsultationDocuments.contentType,
      size: teleconsultationDocuments.size,
      createdAt: teleconsultationDocuments.createdAt,
    })
    .from(teleconsultationDocuments)
    .where(eq(teleconsultationDocuments.appointmentId, appointmentId))
    .orderBy(asc(teleconsultationDocuments.createdAt));
}

const documentView = (d: Pick<DocumentRow, 'id' | 'kind' | 'name' | 'contentType' | 'size' | 'createdAt'>, from: Peer) => ({
  id: d.id,
  name: d.name,
  size: d.size,
  contentType: d.contentType,
  kind: d.kind as 'shared' | 'report' | 'prescription',
  from,
  at: d.createdAt.toISOString(),
});
export type SharedDocument = ReturnType<typeof documentView>;

/**
 * A file shared in the call, or the report: it goes into the client's medical file (encrypted
 * there); this module keeps who shared it in which call.
 */
export async function storeDocument(
  ctx: AppContext,
  entry: Entry,
  input: { kind: 'shared' | 'report' | 'prescription'; name: string; bytes: Buffer; type?: RecordType | undefined },
  actor: Actor,
): Promise<SharedDocument> {
  // Shared in the call without a type: "administratif", the narrowest share under type-based consents.
  const type: RecordType = input.kind === 'shared' ? (input.type ?? 'administrative') : input.kind;
  const title = input.kind === 'report' ? `Compte rendu de téléconsultation ${entry.view.number}` : input.kind === 'prescription' ? `Ordonnance ${entry.view.number}` : input.name.replace(/\.(pdf|jpe?g|png)$/i, '');
  const document = await addDocument(
    ctx,
    {
      clientId: entry.appointment.clientId,
      type,
      title,
      fileName: input.name,
      bytes: input.bytes,
      documentDate: parisDate(ctx.now()),
      author: entry.peer.role === 'practitioner' ? entry.view.practitioner.displayName : entry.peer.name,
      practitionerId: entry.peer.role === 'practitioner' ? entry.appointment.practitionerId : null,
      appointmentId: entry.appointment.id,
      requestId: entry.appointment.requestId,
      source: 'teleconsultation',
    },
    actor,
  );
  const [row] = await ctx.db
    .insert(teleconsultationDocuments)
    .values({
      appointmentId: entry.appointment.id,
      clientId: entry.appointment.clientId,
      linkId: entry.link.id,
      kind: input.kind,
      name: input.name,
      contentType: document.contentType,
      size: input.bytes.length,
      documentId: document.id,
      createdAt: ctx.now(),
    })
    .returning();
  if (!row) throw new Error('insert teleconsultation_documents returned nothing');
  await recordAudit(ctx.db, actor, { action: 'teleconsultation.document_added', targetType: 'appointment', targetId: entry.appointment.id, clientId: entry.appointment.clientId, details: { documentId: document.id, kind: input.kind, role: entry.peer.role } });
  return documentView(row, entry.peer);
}

export async function readDocument(ctx: AppContext, entry: Entry, documentId: string, actor: Actor) {
  const [row] = await ctx.db
    .select()
    .from(teleconsultationDocuments)
    .where(and(eq(teleconsultationDocuments.id, documentId), eq(teleconsultationDocuments.appointmentId, entry.appointment.id)));
  if (!row) throw new DomainError('document_not_found', 404);
  await recordAudit(ctx.db, actor, { action: 'teleconsultation.document_read', targetType: 'appointment', targetId: entry.appointment.id, clientId: entry.appointment.clientId, details: { documentId: row.documentId ?? row.id, role: entry.peer.role } });
  if (row.documentId) {
    const file = await findRecordDocument(ctx.db, row.documentId);
    if (!file || file.deletedAt) throw new DomainError('document_not_found', 404);
    return { name: row.name, contentType: row.contentType, bytes: await readDocumentBytes(ctx, file) };
  }
  if (!row.contentSealed) throw new DomainError('document_not_found', 404);
  return { name: row.name, contentType: row.contentType, bytes: Buffer.from(ctx.vault.open(row.contentSealed, documentContext(row.id)), 'base64') };
}

/**
 * The practitioner's report (and prescription) after the call: PDFs in the client's medical file,
 * and the coordinator gets the follow-up task (explain, book what comes next).
 */
export async function writeReport(ctx: AppContext, entry: Entry, input: { summary: string; prescription?: string | undefined }, actor: Actor) {
  if (entry.peer.role !== 'practitioner') throw new DomainError('teleconsult_practitioner_only', 403);
  const common = {
    appointmentNumber: entry.view.number,
    when: formatDateTime(entry.appointment.startsAt, 'fr'),
    practitionerName: entry.view.practitioner.displayName,
    clientName: entry.view.client.name,
  };
  const file = (kind: string) => `${kind}-${entry.view.number}.pdf`;
  const documents = [await storeDocument(ctx, entry, { kind: 'report', name: file('compte-rendu'), bytes: await reportPdf({ ...common, kind: 'report', body: input.summary }) }, actor)];
  if (input.prescription?.trim())
    documents.push(await storeDocument(ctx, entry, { kind: 'prescription', name: file('ordonnance'), bytes: await reportPdf({ ...common, kind: 'prescription', body: input.prescription }) }, actor));
  if (entry.appointment.requestId) {
    await addTask(ctx, entry.appointment.requestId, { title: `Suivi de la téléconsultation ${entry.view.number} : expliquer le compte rendu au client, organiser la suite`, dueAt: new Date(ctx.now().getTime() + 2 * 86_400_000).toISOString() }, actor);
  }
  return documents;
}

/** The practitioner ends the call: recorded, and the appointment is honoured if the client came. */
export async function endCall(ctx: AppContext, entry: Entry, clientCame: boolean, actor: Actor) {
  await setCallStatus(ctx, entry.appointment.id, 'ended');
  if (clientCame && entry.appointment.status === 'booked') await setOutcome(ctx, entry.appointment.id, 'completed', actor);
  await recordAudit(ctx.db, actor, { action: 'teleconsultation.ended', targetType: 'appointment', targetId: entry.appointment.id, clientId: entry.appointment.clientId });
}

/** "Besoin d'aide": the coordinators are told which call, never why (no health data). */
export async function askForHelp(ctx: AppContext, entry: Entry, actor: Actor) {
  const coordinators = (await activeStaff(ctx.db)).filter((u) => u.role === 'coordinator');
  const who = { practitioner: 'le praticien', client: 'le client', guest: 'un invité' }[entry.peer.role];
  await notifyUsers(
    ctx.db,
    coordinators.map((u) => u.id),
    { kind: 'support', title: `Téléconsultation ${entry.view.number} : ${who} demande de l’aide technique`, link: '/teleconsultations', ...(entry.appointment.requestId ? { requestId: entry.appointment.requestId } : {}) },
  );
  await recordAudit(ctx.db, actor, { action: 'teleconsultation.help', targetType: 'appointment', targetId: entry.appointment.id, clientId: entry.appointment.clientId, details: { role: entry.peer.role } });
}

/** The team's view of one Paris day's teleconsultations, with the live status of each room. */
export async function listDay(ctx: AppContext, date: string | undefined, rooms: Rooms) {
  const day = date ?? parisDate(ctx.now());
  // Wide bounds, then keep the Paris day: simpler than computing its UTC edges around DST.
  const from = new Date(`${day}T00:00:00Z`);
  const rows = (await listAppointments(ctx.db, { from: new Date(from.getTime() - 86_400_000), to: new Date(from.getTime() + 2 * 86_400_000), limit: 2000 })).filter(
    (a) => a.mode === 'teleconsultation' && (a.status === 'booked' || a.status === 'completed' || a.status === 'no_show') && parisDate(a.startsAt) === day,
  );
  if (!rows.length) return [];
  const ids = rows.map((a) => a.id);
  const [views, calls, presence, links] = await Promise.all([
    appointmentViews(ctx, rows),
    ctx.db.select().from(teleconsultationCalls).where(inArray(teleconsultationCalls.appointmentId, ids)),
    ctx.db.select().from(teleconsultationPresence).where(inArray(teleconsultationPresence.appointmentId, ids)).orderBy(asc(teleconsultationPresence.joinedAt)),
    ctx.db.select().from(teleconsultationLinks).where(inArray(teleconsultationLinks.appointmentId, ids)),
  ]);
  const callOf = new Map(calls.map((c) => [c.appointmentId, c]));
  const linkOf = new Map(links.map((l) => [l.id, l]));
  return views.map((v) => {
    const a = rows.find((r) => r.id === v.id) as AppointmentRow;
    const call = callOf.get(v.id);
    // One line per person: first arrival, last departure (null while still there).
    const people = new Map<string, { role: string; name: string; joinedAt: string | null; leftAt: string | null }>();
    for (const p of presence.filter((p) => p.appointmentId === v.id)) {
      const l = linkOf.get(p.linkId);
      if (!l) continue;
      const name = l.role === 'practitioner' ? v.practitioner.displayName : l.role === 'client' ? v.client.name : (l.name ?? 'Invité');
      const seen = people.get(l.id);
      people.set(l.id, { role: l.role, name, joinedAt: seen?.joinedAt ?? p.joinedAt.toISOString(), leftAt: p.leftAt?.toISOString() ?? null });
    }
    return {
      appointmentId: v.id,
      number: v.number,
      startsAt: v.startsAt,
      endsAt: v.endsAt,
      practitionerName: v.practitioner.displayName,
      clientName: v.client.name,
      requestId: v.requestId,
      status: a.status === 'no_show' ? 'no_show' : statusOf(call, rooms.peek(v.id), windowOf(ctx, a), ctx.now()),
      startedAt: call?.startedAt?.toISOString() ?? null,
      endedAt: call?.endedAt?.toISOString() ?? null,
      participants: [...people.values()],
    };
  });
}
