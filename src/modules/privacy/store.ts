/**
 * Privacy reads and writes across the modules' tables. This is the one deliberate exception to
 * "a module never touches another's tables": the right of access (export) and the right to erasure
 * must see every row that holds a client's data, and keeping that list in one place lets a test
 * check it against the database's own catalogue (`tableCoverage`).
 */
import { and, asc, eq, gt, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditEvents } from '../audit/schema.ts';
import { clients } from '../clients/schema.ts';
import { passwordResets, sessions, users } from '../identity/schema.ts';
import { mailMessages, smsMessages, inboxItems } from '../notifications/schema.ts';
import { appointmentPacks, packItems } from '../preparation/schema.ts';
import { consents, resultAlerts } from '../records/schema.ts';
import { requestEvents, requestNotes, requestTasks, requests } from '../requests/schema.ts';
import { shortlistItems } from '../matching/schema.ts';
import { appointments, calendarFeeds, logistics, proposals, waitlistEntries } from '../scheduling/schema.ts';
import { teleconsultationDocuments, teleconsultationLinks, teleconsultationMessages } from '../teleconsultation/schema.ts';
import { invoiceLines, invoices, membershipMembers, payments, quotes } from '../billing/schema.ts';
import { surveys } from '../followup/schema.ts';
import { careActs, claims } from '../reimbursement/schema.ts';
import { erasures, retentionSettings } from './schema.ts';

/**
 * Every table of the database, and what the export and the erasure do with it. A new table must be
 * classified here: the completeness test fails on any table missing from this list.
 */
export const tableCoverage: Record<string, { export: string | null; erasure: string }> = {
  clients: { export: 'client', erasure: 'anonymised (names, contacts, NIR, insurance, sealed medical data cleared)' },
  users: { export: 'account', erasure: 'client account anonymised and deactivated' },
  sessions: { export: null, erasure: 'client account sessions deleted (security data, not the client’s content)' },
  password_resets: { export: null, erasure: 'deleted (tokens)' },
  requests: { export: 'requests', erasure: 'texts cleared, triage quotes cleared; kept for statistics' },
  request_events: { export: 'requests[].events', erasure: 'free-text reasons and titles removed' },
  request_notes: { export: 'requests[].notes', erasure: 'deleted' },
  request_tasks: { export: 'requests[].tasks', erasure: 'titles cleared' },
  shortlist_items: { export: 'requests[].shortlist', erasure: 'notes cleared' },
  inbox_items: { export: null, erasure: 'staff notifications about the client’s requests deleted' },
  proposals: { export: 'proposals', erasure: 'kept (dates and status only)' },
  appointments: { export: 'appointments', erasure: 'kept anonymised (notes, reasons and link cleared; future ones cancelled)' },
  waitlist_entries: { export: 'waitlist', erasure: 'deleted' },
  logistics: { export: 'appointments[].logistics', erasure: 'details cleared' },
  calendar_feeds: { export: null, erasure: 'client feed deleted (secret hash only)' },
  appointment_packs: { export: 'appointments[].packs', erasure: 'revoked; items deleted' },
  pack_items: { export: 'appointments[].packs[].items', erasure: 'deleted' },
  teleconsultation_links: { export: null, erasure: 'revoked, guest names cleared' },
  teleconsultation_calls: { export: null, erasure: 'kept (call status and times only, no personal content)' },
  teleconsultation_presence: { export: null, erasure: 'kept (times only)' },
  teleconsultation_messages: { export: 'teleconsultation.messages', erasure: 'deleted' },
  teleconsultation_documents: { export: 'teleconsultation.documents', erasure: 'deleted' },
  mail_messages: { export: 'messages.emails', erasure: 'address, subject and bodies cleared' },
  sms_messages: { export: 'messages.sms', erasure: 'number and body cleared' },
  documents: { export: 'documents', erasure: 'deleted with their encrypted files (records.eraseDocuments)' },
  observations: { export: 'observations', erasure: 'deleted (records.eraseObservations)' },
  result_alerts: { export: 'resultAlerts', erasure: 'deleted with the observations' },
  consents: { export: 'consents', erasure: 'revoked; purpose and instruction cleared' },
  audit_events: { export: 'accessHistory', erasure: 'kept: the law requires the access traces (append-only)' },
  erasures: { export: null, erasure: 'the record of the erasure itself (client number and counts only)' },
  retention_settings: { export: null, erasure: 'no client data (settings)' },
  jobs: { export: null, erasure: 'pending reminders of the client’s appointments cancelled; payloads hold identifiers only' },
  // Reference and team data: no row belongs to a client.
  practitioners: { export: null, erasure: 'no client data (directory)' },
  practice_places: { export: null, erasure: 'no client data (directory)' },
  practitioner_verifications: { export: null, erasure: 'no client data (directory)' },
  directory_reviews: { export: null, erasure: 'no client link (staff and anonymous survey ratings)' },
  directory_imports: { export: null, erasure: 'no client data (directory)' },
  providers: { export: null, erasure: 'no client data (directory)' },
  geocode_cache: { export: null, erasure: 'no client link (addresses looked up, not whose)' },
  match_points: { export: null, erasure: 'no client data (directory projection)' },
  matching_settings: { export: null, erasure: 'no client data (settings)' },
  consultation_types: { export: null, erasure: 'no client data (agendas)' },
  weekly_hours: { export: null, erasure: 'no client data (agendas)' },
  schedule_exceptions: { export: null, erasure: 'no client data (agendas)' },
  booking_rules: { export: null, erasure: 'no client data (agendas)' },
  reminder_policies: { export: null, erasure: 'no client data (settings)' },
  preparation_templates: { export: null, erasure: 'no client data (templates)' },
  // Billing, reimbursement and surveys.
  billing_services: { export: null, erasure: 'no client data (catalogue)' },
  invoice_counters: { export: null, erasure: 'no client data (numbering)' },
  memberships: { export: null, erasure: 'kept while invoices refer to it (accounting)' },
  membership_members: { export: null, erasure: 'deleted (the client as a dependent)' },
  invoices: { export: 'billing.invoices', erasure: 'issued ones kept with the buyer: invoices are kept 10 years (Code de commerce L123-22); drafts deleted' },
  invoice_lines: { export: 'billing.invoices[].lines', erasure: 'kept with their invoice' },
  payments: { export: 'billing.invoices[].payments', erasure: 'kept with their invoice' },
  quotes: { export: 'billing.quotes', erasure: 'deleted' },
  care_acts: { export: 'reimbursement.acts', erasure: 'deleted (claims with them)' },
  claims: { export: 'reimbursement.acts[].claims', erasure: 'deleted with their act' },
  surveys: { export: 'surveys', erasure: 'comment deleted; scores kept anonymously for statistics' },
  // Reporting: daily totals for the team, no row about anyone.
  kpi_days: { export: null, erasure: 'no client data (daily counts and histograms)' },
  kpi_stale_days: { export: null, erasure: 'no client data (days to recompute)' },
};

// ---- Reads for the export ----

export const clientRow = async (db: Db, id: string) => (await db.select().from(clients).where(eq(clients.id, id)))[0];
export const accountsOf = (db: Db, clientId: string) => db.select().from(users).where(eq(users.clientId, clientId));
export const requestsOf = (db: Db, clientId: string) => db.select().from(requests).where(eq(requests.clientId, clientId)).orderBy(asc(requests.createdAt));

export async function requestChildren(db: Db, requestIds: string[]) {
  if (!requestIds.length) return { events: [], notes: [], tasks: [], shortlist: [] };
  const [events, notes, tasks, shortlist] = await Promise.all([
    db.select().from(requestEvents).where(inArray(requestEvents.requestId, requestIds)).orderBy(asc(requestEvents.id)),
    db.select().from(requestNotes).where(inArray(requestNotes.requestId, requestIds)).orderBy(asc(requestNotes.createdAt)),
    db.select().from(requestTasks).where(inArray(requestTasks.requestId, requestIds)).orderBy(asc(requestTasks.createdAt)),
    db.select().from(shortlistItems).where(inArray(shortlistItems.requestId, requestIds)).orderBy(asc(shortlistItems.addedAt)),
  ]);
  return { events, notes, tasks, shortlist };
}

export const proposalsOf = (db: Db, clientId: string) => db.select().from(proposals).where(eq(proposals.clientId, clientId)).orderBy(asc(proposals.createdAt));
export const appointmentsOf = (db: Db, clientId: string) => db.select().from(appointments).where(eq(appointments.clientId, clientId)).orderBy(asc(appointments.startsAt));
export const waitlistOf = (db: Db, clientId: string) => db.select().from(waitlistEntries).where(eq(waitlistEntries.clientId, clientId));

export async function appointmentChildren(db: Db, appointmentIds: string[]) {
  if (!appointmentIds.length) return { logistics: [], packs: [], items: [], messages: [], documents: [] };
  const packs = await db.select().from(appointmentPacks).where(inArray(appointmentPacks.appointmentId, appointmentIds));
  const [logisticRows, items, messages, documents] = await Promise.all([
    db.select().from(logistics).where(inArray(logistics.appointmentId, appointmentIds)),
    packs.length ? db.select().from(packItems).where(inArray(packItems.packId, packs.map((p) => p.id))) : Promise.resolve([]),
    db.select().from(teleconsultationMessages).where(inArray(teleconsultationMessages.appointmentId, appointmentIds)).orderBy(asc(teleconsultationMessages.createdAt)),
    db.select().from(teleconsultationDocuments).where(inArray(teleconsultationDocuments.appointmentId, appointmentIds)),
  ]);
  return { logistics: logisticRows, packs, items, messages, documents };
}

export const mailsOf = (db: Db, clientId: string) => db.select().from(mailMessages).where(eq(mailMessages.clientId, clientId)).orderBy(asc(mailMessages.createdAt));
export const smsOf = (db: Db, clientId: string) => db.select().from(smsMessages).where(eq(smsMessages.clientId, clientId)).orderBy(asc(smsMessages.createdAt));
/** The client's invoices (with lines and payments), quotes, care acts and claims, and surveys. */
export async function financeOf(db: Db, clientId: string) {
  const [invoiceRows, quoteRows, actRows, claimRows, surveyRows] = await Promise.all([
    db.select().from(invoices).where(eq(invoices.clientId, clientId)).orderBy(asc(invoices.createdAt)),
    db.select().from(quotes).where(eq(quotes.clientId, clientId)).orderBy(asc(quotes.createdAt)),
    db.select().from(careActs).where(eq(careActs.clientId, clientId)).orderBy(asc(careActs.performedOn)),
    db.select().from(claims).where(eq(claims.clientId, clientId)),
    db.select().from(surveys).where(eq(surveys.clientId, clientId)).orderBy(asc(surveys.sentAt)),
  ]);
  const ids = invoiceRows.map((i) => i.id);
  const [lineRows, paymentRows] = ids.length
    ? await Promise.all([db.select().from(invoiceLines).where(inArray(invoiceLines.invoiceId, ids)).orderBy(asc(invoiceLines.position)), db.select().from(payments).where(inArray(payments.invoiceId, ids))])
    : [[], []];
  return { invoiceRows, lineRows, paymentRows, quoteRows, actRows, claimRows, surveyRows };
}

/**
 * Erasure of the finance side: quotes, care acts (their claims follow), family links and survey
 * comments go; drafts (not yet invoices) go; issued invoices and their payments stay, as the
 * Code de commerce requires (L123-22: ten years).
 */
export async function clearFinance(db: Db, clientId: string) {
  const drafts = await db.delete(invoices).where(and(eq(invoices.clientId, clientId), eq(invoices.status, 'draft'))).returning({ id: invoices.id });
  const kept = await db.select({ id: invoices.id }).from(invoices).where(eq(invoices.clientId, clientId));
  const quoteRows = await db.delete(quotes).where(eq(quotes.clientId, clientId)).returning({ id: quotes.id });
  const acts = await db.delete(careActs).where(eq(careActs.clientId, clientId)).returning({ id: careActs.id });
  const family = await db.delete(membershipMembers).where(eq(membershipMembers.clientId, clientId)).returning({ id: membershipMembers.membershipId });
  const comments = await db.update(surveys).set({ commentSealed: null }).where(eq(surveys.clientId, clientId)).returning({ id: surveys.id });
  return { drafts: drafts.length, invoicesKept: kept.length, quotes: quoteRows.length, acts: acts.length, family: family.length, surveys: comments.length };
}

export const alertsOf = (db: Db, clientId: string) => db.select().from(resultAlerts).where(eq(resultAlerts.clientId, clientId));
export const consentsOf = (db: Db, clientId: string) => db.select().from(consents).where(eq(consents.clientId, clientId)).orderBy(asc(consents.createdAt));
export const auditOf = (db: Db, clientId: string) => db.select().from(auditEvents).where(eq(auditEvents.clientId, clientId)).orderBy(asc(auditEvents.id));

// ---- Erasure ----

export const erasureOf = async (db: Db, clientId: string) => (await db.select().from(erasures).where(eq(erasures.clientId, clientId)))[0];
export const listErasures = (db: Db, limit = 100) => db.select().from(erasures).orderBy(sql`${erasures.performedAt} desc`).limit(limit);
export async function insertErasure(db: Db, values: typeof erasures.$inferInsert) {
  const [row] = await db.insert(erasures).values(values).returning();
  if (!row) throw new Error('erasure insert returned nothing');
  return row;
}

/** The name-free client row: what must stay for the kept appointments and requests to make sense. */
export async function anonymiseClient(db: Db, clientId: string, at: Date): Promise<number> {
  const rows = await db
    .update(clients)
    .set({
      birthName: 'EFFACÉ',
      firstNames: ['—'],
      usedName: null,
      usedFirstName: null,
      birthDate: '1900-01-01',
      birthplaceCode: null,
      identityStatus: 'PROV',
      identityDocument: null,
      email: null,
      phone: null,
      address: null,
      trustedPerson: null,
      relatives: [],
      gp: null,
      nirSealed: null,
      nirIndex: null,
      amoScheme: null,
      amoFund: null,
      mutuelle: null,
      pharmacyId: null,
      medicalSealed: null,
      medicalUpdatedAt: null,
      searchName: 'efface',
      updatedAt: at,
    })
    .where(eq(clients.id, clientId))
    .returning({ id: clients.id });
  return rows.length;
}

export async function anonymiseAccounts(db: Db, clientId: string, at: Date): Promise<number> {
  const accounts = await accountsOf(db, clientId);
  for (const u of accounts) {
    await db.delete(sessions).where(eq(sessions.userId, u.id));
    await db.delete(passwordResets).where(eq(passwordResets.userId, u.id));
    await db
      .update(users)
      .set({ email: `efface-${u.id}@invalid`, displayName: 'Compte effacé', active: false, passwordHash: null, totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, updatedAt: at })
      .where(eq(users.id, u.id));
  }
  return accounts.length;
}

/** Texts cleared (the text and triage re-sealed empty, so every screen still opens them). */
export async function clearRequests(db: Db, rows: { id: string; textSealed: string; triageSealed: string }[]): Promise<number> {
  for (const r of rows) {
    await db
      .update(requests)
      .set({ textSealed: r.textSealed, triageSealed: r.triageSealed, requester: null, preferredDates: null, constraints: null, cancelReason: null })
      .where(eq(requests.id, r.id));
  }
  return rows.length;
}

export async function clearRequestChildren(db: Db, requestIds: string[]) {
  if (!requestIds.length) return { events: 0, notes: 0, tasks: 0, shortlist: 0, inbox: 0 };
  const events = await db
    .update(requestEvents)
    .set({ data: sql`${requestEvents.data} - 'reason' - 'title'` })
    .where(inArray(requestEvents.requestId, requestIds))
    .returning({ id: requestEvents.id });
  const notes = await db.delete(requestNotes).where(inArray(requestNotes.requestId, requestIds)).returning({ id: requestNotes.id });
  const tasks = await db.update(requestTasks).set({ title: '—' }).where(inArray(requestTasks.requestId, requestIds)).returning({ id: requestTasks.id });
  const shortlist = await db.update(shortlistItems).set({ note: null }).where(inArray(shortlistItems.requestId, requestIds)).returning({ id: shortlistItems.id });
  const inbox = await db.delete(inboxItems).where(inArray(inboxItems.requestId, requestIds)).returning({ id: inboxItems.id });
  return { events: events.length, notes: notes.length, tasks: tasks.length, shortlist: shortlist.length, inbox: inbox.length };
}

export async function clearAppointments(db: Db, clientId: string, at: Date) {
  const ids = (await appointmentsOf(db, clientId)).map((a) => a.id);
  // Future live appointments are cancelled: nobody is expected any more.
  const cancelled = await db
    .update(appointments)
    .set({ status: 'cancelled', cancelledAt: at })
    .where(and(eq(appointments.clientId, clientId), inArray(appointments.status, ['held', 'booked']), gt(appointments.startsAt, at)))
    .returning({ id: appointments.id });
  await db.update(appointments).set({ externalNote: null, cancelReason: null, clientTokenHash: null, updatedAt: at }).where(eq(appointments.clientId, clientId));
  const waitlist = await db.delete(waitlistEntries).where(eq(waitlistEntries.clientId, clientId)).returning({ id: waitlistEntries.id });
  const feeds = await db
    .delete(calendarFeeds)
    .where(and(eq(calendarFeeds.ownerType, 'client'), eq(calendarFeeds.ownerId, clientId)))
    .returning({ id: calendarFeeds.id });
  if (!ids.length) return { appointments: 0, cancelled: 0, waitlist: waitlist.length, feeds: feeds.length, logistics: 0, packs: 0, teleLinks: 0, teleMessages: 0, teleDocuments: 0, ids };
  const logisticRows = await db.update(logistics).set({ details: null }).where(inArray(logistics.appointmentId, ids)).returning({ id: logistics.id });
  const packs = await db.select({ id: appointmentPacks.id }).from(appointmentPacks).where(inArray(appointmentPacks.appointmentId, ids));
  if (packs.length) {
    await db.delete(packItems).where(inArray(packItems.packId, packs.map((p) => p.id)));
    await db.update(appointmentPacks).set({ revokedAt: at }).where(and(inArray(appointmentPacks.appointmentId, ids), isNull(appointmentPacks.revokedAt)));
  }
  const teleLinks = await db.update(teleconsultationLinks).set({ name: null, revokedAt: sql`coalesce(${teleconsultationLinks.revokedAt}, ${at})` }).where(inArray(teleconsultationLinks.appointmentId, ids)).returning({ id: teleconsultationLinks.id });
  const teleMessages = await db.delete(teleconsultationMessages).where(inArray(teleconsultationMessages.appointmentId, ids)).returning({ id: teleconsultationMessages.id });
  const teleDocuments = await db.delete(teleconsultationDocuments).where(or(inArray(teleconsultationDocuments.appointmentId, ids), eq(teleconsultationDocuments.clientId, clientId))).returning({ id: teleconsultationDocuments.id });
  return { appointments: ids.length, cancelled: cancelled.length, waitlist: waitlist.length, feeds: feeds.length, logistics: logisticRows.length, packs: packs.length, teleLinks: teleLinks.length, teleMessages: teleMessages.length, teleDocuments: teleDocuments.length, ids };
}

const CLEARED = '—';
export async function clearMessages(db: Db, where: { clientId: string } | { before: Date }) {
  const mailWhere = 'clientId' in where ? eq(mailMessages.clientId, where.clientId) : and(lt(mailMessages.createdAt, where.before), ne(mailMessages.textBody, CLEARED));
  const smsWhere = 'clientId' in where ? eq(smsMessages.clientId, where.clientId) : and(lt(smsMessages.createdAt, where.before), ne(smsMessages.body, CLEARED));
  const mails = await db
    .update(mailMessages)
    .set({ toAddress: CLEARED, subject: CLEARED, textBody: CLEARED, htmlBody: CLEARED, attachments: [], error: null })
    .where(and(mailWhere, ne(mailMessages.status, 'pending')))
    .returning({ id: mailMessages.id });
  const sms = await db
    .update(smsMessages)
    .set({ toNumber: CLEARED, body: CLEARED, error: null })
    .where(and(smsWhere, ne(smsMessages.status, 'pending')))
    .returning({ id: smsMessages.id });
  // A message still waiting to be sent to an erased client is not sent at all.
  if ('clientId' in where) {
    await db.update(mailMessages).set({ toAddress: CLEARED, subject: CLEARED, textBody: CLEARED, htmlBody: CLEARED, attachments: [], status: 'failed', error: 'erased' }).where(and(mailWhere, eq(mailMessages.status, 'pending')));
    await db.update(smsMessages).set({ toNumber: CLEARED, body: CLEARED, status: 'failed', error: 'erased' }).where(and(smsWhere, eq(smsMessages.status, 'pending')));
  }
  return { mails: mails.length, sms: sms.length };
}

export async function clearConsents(db: Db, clientId: string, at: Date): Promise<number> {
  await db.update(consents).set({ revokedAt: at }).where(and(eq(consents.clientId, clientId), isNull(consents.revokedAt)));
  const rows = await db.update(consents).set({ purpose: CLEARED, instruction: null }).where(eq(consents.clientId, clientId)).returning({ id: consents.id });
  return rows.length;
}

// ---- Retention ----

export const savedRetention = (db: Db) => db.select().from(retentionSettings);
export async function saveRetention(db: Db, kind: string, days: number, by: string | null, at: Date): Promise<void> {
  await db
    .insert(retentionSettings)
    .values({ kind, days, updatedById: by, updatedAt: at })
    .onConflictDoUpdate({ target: retentionSettings.kind, set: { days, updatedById: by, updatedAt: at } });
}

/** Clients whose last contact (file, request, appointment, document) is older than `before`, not yet erased. */
export async function clientsInactiveSince(db: Db, before: Date, limit = 100): Promise<string[]> {
  const rows = await db.execute(sql`
    select c.id from clients c
    where not exists (select 1 from erasures e where e.client_id = c.id)
      and greatest(
        c.updated_at,
        (select max(r.updated_at) from requests r where r.client_id = c.id),
        (select max(a.ends_at) from appointments a where a.client_id = c.id),
        (select max(d.created_at) from documents d where d.client_id = c.id)
      ) < ${before.toISOString()}
    order by c.number
    limit ${limit}`);
  return (rows as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
}

export async function deleteOldSessions(db: Db, before: Date): Promise<number> {
  const s = await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, before), lt(sessions.revokedAt, before)))
    .returning({ id: sessions.id });
  const r = await db.delete(passwordResets).where(lt(passwordResets.expiresAt, before)).returning({ h: passwordResets.tokenHash });
  return s.length + r.length;
}
