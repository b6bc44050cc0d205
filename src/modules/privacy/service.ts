/**
 * The client's rights over their data (RGPD): access history, export (art. 15 and 20), erasure
 * (art. 17) and the retention periods applied by a daily job. Every export and erasure is audited.
 */
import { PassThrough, type Readable } from 'node:stream';
import { once } from 'node:events';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { Temporal } from 'temporal-polyfill';
import { type AppContext, parisDate } from '../../platform/context.ts';
import { DomainError, type Locale } from '../../platform/errors.ts';
import { type Actor, decodeCursor, encodeCursor, system } from '../audit/domain.ts';
import { listAudit, recordAudit } from '../audit/store.ts';
import { clientNumber } from '../clients/domain.ts';
import { clientView } from '../clients/service.ts';
import { consentViews } from '../consent/service.ts';
import { practitionerName } from '../consent/domain.ts';
import { findPractitioners } from '../directory/store.ts';
import { usersByIds } from '../identity/store.ts';
import { cancelJobs, enqueue, type JobHandlers } from '../jobs/queue.ts';
import { surveyComment } from '../followup/service.ts';
import { documentsOf, eraseDocuments, eraseObservations, observationsOf, readDocumentBytes } from '../records/service.ts';
import { type ActorKind, describeEvent, effectiveRetention, type RetentionKind, retentionKinds, retentionRules } from './domain.ts';
import { clientBundle } from './fhir.ts';
import * as store from './store.ts';

// The vault contexts of the modules whose sealed fields the export opens and the erasure rewrites.
// They must match the owners' (clients, requests, preparation, teleconsultation): the export test
// reads each of them back, so a drift fails it.
const ctxOf = {
  nir: (id: string) => `clients.nir:${id}`,
  medical: (id: string) => `clients.medical:${id}`,
  requestText: (id: string) => `requests.text:${id}`,
  triage: (id: string) => `requests.triage:${id}`,
  note: (id: string) => `requests.note:${id}`,
  packItem: (id: string) => `preparation.pack_item:${id}`,
  chat: (id: string) => `teleconsultation_messages:${id}`,
  teleDocument: (id: string) => `teleconsultation_documents:${id}`,
};

async function loadClient(ctx: AppContext, clientId: string) {
  const row = await store.clientRow(ctx.db, clientId);
  if (!row) throw new DomainError('client_not_found', 404);
  return row;
}

// ---- Access history ----

export interface HistoryPage {
  items: { id: number; at: string; action: string; outcome: string; actor: { kind: ActorKind; name: string | null }; document: { id: string; title: string | null } | null; text: string }[];
  nextCursor: string | null;
}

/** Who accessed what and when, from the audit log, newest first, in plain words. */
export async function accessHistory(ctx: AppContext, clientId: string, q: { cursor?: string | undefined; limit: number }, locale: Locale): Promise<HistoryPage> {
  await loadClient(ctx, clientId);
  const beforeId = q.cursor ? decodeCursor(q.cursor) : undefined;
  if (beforeId === null) throw new DomainError('invalid_cursor', 400);
  const { events, more } = await listAudit(ctx.db, { clientId, beforeId, limit: q.limit });
  const own = new Set((await store.accountsOf(ctx.db, clientId)).map((u) => u.id));
  const actors = await usersByIds(ctx.db, [...new Set(events.map((e) => e.actorId).filter((x): x is string => Boolean(x)))]);
  const practitioners = new Map(
    (await findPractitioners(ctx.db, [...new Set([...actors.values()].map((u) => u.practitionerId).filter((x): x is string => Boolean(x)))])).map((p) => [p.id, practitionerName(p)]),
  );
  // Titles of the documents still in the file (an erased or deleted one reads "un document").
  const titles = new Map((await documentsOf(ctx, clientId)).map((d) => [d.id, d.title]));
  const now = ctx.now();
  const items = events.map((e) => {
    const u = e.actorId ? actors.get(e.actorId) : undefined;
    let actor: { kind: ActorKind; name: string | null };
    if (e.actorId && own.has(e.actorId)) actor = { kind: 'self', name: null };
    else if (u?.role === 'practitioner') actor = { kind: 'practitioner', name: (u.practitionerId && practitioners.get(u.practitionerId)) || u.displayName };
    else if (u) actor = { kind: 'team', name: u.displayName };
    else if (e.actorRole === 'system' || e.actorEmail === 'system') actor = { kind: 'system', name: null };
    else actor = { kind: 'link', name: null };
    const documentId = e.targetType === 'document' ? e.targetId : null;
    const title = documentId ? (titles.get(documentId) ?? null) : null;
    return {
      id: e.id,
      at: e.occurredAt.toISOString(),
      action: e.action,
      outcome: e.outcome,
      actor,
      document: documentId ? { id: documentId, title } : null,
      text: describeEvent({ action: e.action, outcome: e.outcome, occurredAt: e.occurredAt, targetType: e.targetType, details: e.details }, actor, title, now, locale),
    };
  });
  const last = events.at(-1);
  return { items, nextCursor: more && last ? encodeCursor(last.id) : null };
}

// ---- Export ----

const safeName = (name: string) =>
  name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[^\w.-]+/g, '_')
    .slice(0, 80);

/** Everything the platform holds about the client, opened, as one JSON document plus the files to join. */
export async function collectExport(ctx: AppContext, clientId: string) {
  const row = await loadClient(ctx, clientId);
  const client = await clientView(ctx, row);
  const medical = row.medicalSealed ? (JSON.parse(ctx.vault.open(row.medicalSealed, ctxOf.medical(row.id))) as unknown) : null;
  const [accounts, requestRows, proposals, appointmentRows, waitlist, mails, sms, alerts, consentRows, audit, documentRows, observationRows] = await Promise.all([
    store.accountsOf(ctx.db, clientId),
    store.requestsOf(ctx.db, clientId),
    store.proposalsOf(ctx.db, clientId),
    store.appointmentsOf(ctx.db, clientId),
    store.waitlistOf(ctx.db, clientId),
    store.mailsOf(ctx.db, clientId),
    store.smsOf(ctx.db, clientId),
    store.alertsOf(ctx.db, clientId),
    store.consentsOf(ctx.db, clientId),
    store.auditOf(ctx.db, clientId),
    documentsOf(ctx, clientId),
    observationsOf(ctx, clientId),
  ]);
  const finance = await store.financeOf(ctx.db, clientId);
  const rq = await store.requestChildren(
    ctx.db,
    requestRows.map((r) => r.id),
  );
  const ap = await store.appointmentChildren(
    ctx.db,
    appointmentRows.map((a) => a.id),
  );
  const practitionerIds = [...new Set([...appointmentRows.map((a) => a.practitionerId), ...rq.shortlist.map((s) => s.practitionerId), ...consentRows.map((c) => c.practitionerId).filter((x): x is string => Boolean(x)), ...finance.actRows.map((a) => a.practitionerId).filter((x): x is string => Boolean(x))])];
  const practitionerRows = await findPractitioners(ctx.db, practitionerIds);
  const practitioners = new Map(practitionerRows.map((p) => [p.id, { name: practitionerName(p), rpps: p.rpps }]));
  const nameOf = (id: string) => practitioners.get(id)?.name ?? null;
  const consents = await consentViews(ctx, consentRows);

  const files: ({ path: string; kind: 'document'; row: (typeof documentRows)[number] } | { path: string; kind: 'teleconsultation'; id: string; sealed: string })[] = [];
  const documents = documentRows.map((d) => {
    const path = `documents/${d.id}-${safeName(d.fileName)}`;
    files.push({ path, kind: 'document', row: d });
    return {
      id: d.id,
      type: d.type,
      title: d.title,
      documentDate: d.documentDate,
      author: d.author,
      practitioner: d.practitionerId ? nameOf(d.practitionerId) : null,
      fileName: d.fileName,
      contentType: d.contentType,
      size: d.size,
      sha256: d.sha256,
      version: d.version,
      previousId: d.previousId,
      supersededAt: d.supersededAt?.toISOString() ?? null,
      source: d.source,
      createdAt: d.createdAt.toISOString(),
      file: path,
    };
  });
  const teleDocuments = ap.documents.map((d) => {
    // Since the medical file exists, a call's documents live there (exported above); older ones were sealed here.
    if (!d.contentSealed) return { id: d.id, appointmentId: d.appointmentId, kind: d.kind, name: d.name, contentType: d.contentType, size: d.size, createdAt: d.createdAt.toISOString(), documentId: d.documentId };
    const path = `teleconsultation/${d.id}-${safeName(d.name)}`;
    files.push({ path, kind: 'teleconsultation', id: d.id, sealed: d.contentSealed });
    return { id: d.id, appointmentId: d.appointmentId, kind: d.kind, name: d.name, contentType: d.contentType, size: d.size, createdAt: d.createdAt.toISOString(), file: path };
  });

  const iso = (d: Date | null) => d?.toISOString() ?? null;
  const json = {
    format: 'parcours-export',
    version: 1,
    generatedAt: ctx.now().toISOString(),
    client: {
      number: client.number,
      identity: {
        birthName: client.birthName,
        firstNames: client.firstNames,
        usedName: client.usedName,
        usedFirstName: client.usedFirstName,
        birthDate: client.birthDate,
        sex: client.sex,
        birthplaceCode: client.birthplaceCode,
        identityStatus: client.identityStatus,
        identityDocument: client.identityDocument,
        ins: client.ins,
      },
      contacts: { email: client.email, phone: client.phone, address: client.address, preferredLanguage: client.preferredLanguage, trustedPerson: client.trustedPerson, relatives: client.relatives, gp: client.gp, pharmacy: client.pharmacy },
      insurance: client.insurance,
      createdAt: client.createdAt,
      updatedAt: client.updatedAt,
    },
    medical,
    account: accounts.map((u) => ({ email: u.email, displayName: u.displayName, locale: u.locale, active: u.active, createdAt: u.createdAt.toISOString() })),
    requests: requestRows.map((r) => ({
      id: r.id,
      channel: r.channel,
      kind: r.kind,
      text: ctx.vault.open(r.textSealed, ctxOf.requestText(r.id)),
      triage: JSON.parse(ctx.vault.open(r.triageSealed, ctxOf.triage(r.id))) as unknown,
      requester: r.requester,
      preferredDates: r.preferredDates,
      constraints: r.constraints,
      status: r.status,
      urgency: r.urgency,
      specialty: r.specialty,
      cancelReason: r.cancelReason,
      createdAt: r.createdAt.toISOString(),
      events: rq.events.filter((e) => e.requestId === r.id).map((e) => ({ type: e.type, at: e.at.toISOString(), data: e.data })),
      notes: rq.notes.filter((n) => n.requestId === r.id).map((n) => ({ body: ctx.vault.open(n.bodySealed, ctxOf.note(n.id)), createdAt: n.createdAt.toISOString() })),
      tasks: rq.tasks.filter((t) => t.requestId === r.id).map((t) => ({ title: t.title, dueAt: iso(t.dueAt), doneAt: iso(t.doneAt) })),
      shortlist: rq.shortlist.filter((s) => s.requestId === r.id).map((s) => ({ practitioner: nameOf(s.practitionerId), status: s.status, note: s.note, addedAt: s.addedAt.toISOString() })),
    })),
    proposals: proposals.map((p) => ({ id: p.id, requestId: p.requestId, status: p.status, expiresAt: p.expiresAt.toISOString(), createdAt: p.createdAt.toISOString(), answeredAt: iso(p.answeredAt) })),
    appointments: appointmentRows.map((a) => ({
      id: a.id,
      practitioner: nameOf(a.practitionerId),
      typeCode: a.typeCode,
      mode: a.mode,
      startsAt: a.startsAt.toISOString(),
      endsAt: a.endsAt.toISOString(),
      status: a.status,
      source: a.source,
      externalNote: a.externalNote,
      cancelReason: a.cancelReason,
      logistics: ap.logistics.filter((l) => l.appointmentId === a.id).map((l) => ({ kind: l.kind, details: l.details, startsAt: iso(l.startsAt), endsAt: iso(l.endsAt), status: l.status })),
      packs: ap.packs
        .filter((p) => p.appointmentId === a.id)
        .map((p) => ({
          createdAt: p.createdAt.toISOString(),
          expiresAt: p.expiresAt.toISOString(),
          revokedAt: iso(p.revokedAt),
          openCount: p.openCount,
          items: ap.items.filter((i) => i.packId === p.id).map((i) => ({ kind: i.kind, consentChannel: i.consentChannel, sharedAt: i.sharedAt.toISOString(), content: JSON.parse(ctx.vault.open(i.contentSealed, ctxOf.packItem(i.id))) as unknown })),
        })),
    })),
    waitlist: waitlist.map((w) => ({ practitioner: nameOf(w.practitionerId), earliest: iso(w.earliest), latest: iso(w.latest), status: w.status, createdAt: w.createdAt.toISOString() })),
    teleconsultation: {
      messages: ap.messages.map((m) => ({ appointmentId: m.appointmentId, body: ctx.vault.open(m.bodySealed, ctxOf.chat(m.id)), at: m.createdAt.toISOString() })),
      documents: teleDocuments,
    },
    consents,
    billing: {
      invoices: finance.invoiceRows.map((i) => ({
        id: i.id,
        kind: i.kind,
        series: i.series,
        number: i.number,
        status: i.status,
        buyer: i.buyer,
        issuedAt: iso(i.issuedAt),
        dueOn: i.dueOn,
        totalExclCents: i.totalExclCents,
        totalVatCents: i.totalVatCents,
        totalInclCents: i.totalInclCents,
        paidCents: i.paidCents,
        lines: finance.lineRows.filter((l) => l.invoiceId === i.id).map((l) => ({ label: l.label, quantity: l.quantity, unitPriceCents: l.unitPriceCents, vatRateBp: l.vatRateBp, totalExclCents: l.totalExclCents, totalVatCents: l.totalVatCents })),
        payments: finance.paymentRows.filter((p) => p.invoiceId === i.id).map((p) => ({ amountCents: p.amountCents, method: p.method, receivedOn: p.receivedOn, reference: p.reference })),
      })),
      quotes: finance.quoteRows.map((q) => ({ id: q.id, label: q.label, totalCents: q.totalCents, amoExpectedCents: q.amoExpectedCents, amcExpectedCents: q.amcExpectedCents, outOfPocketCents: q.outOfPocketCents, status: q.status, decisionNote: q.decisionNote, decidedAt: iso(q.decidedAt), createdAt: q.createdAt.toISOString() })),
    },
    reimbursement: {
      acts: finance.actRows.map((a) => ({
        id: a.id,
        actCode: a.actCode,
        performedOn: a.performedOn,
        practitioner: a.practitionerId ? nameOf(a.practitionerId) : null,
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
        claims: finance.claimRows.filter((c) => c.actId === a.id).map((c) => ({ insurer: c.insurer, insurerName: c.insurerName, status: c.status, expectedCents: c.expectedCents, receivedCents: c.receivedCents, sentOn: c.sentOn, paidOn: c.paidOn, rejectionReason: c.rejectionReason })),
      })),
    },
    surveys: finance.surveyRows.map((v) => ({ trigger: v.trigger, sentAt: v.sentAt.toISOString(), answeredAt: iso(v.answeredAt), csat: v.csat, nps: v.nps, comment: surveyComment(ctx, v) })),
    documents,
    observations: observationRows.map((o) => ({
      id: o.id,
      code: o.code,
      loinc: o.loinc,
      label: o.label,
      value: o.value,
      unit: o.unit,
      referenceLow: o.referenceLow,
      referenceHigh: o.referenceHigh,
      observedAt: o.observedAt.toISOString(),
      source: o.source,
      documentId: o.documentId,
    })),
    resultAlerts: alerts.map((a) => ({ observationId: a.observationId, direction: a.direction, status: a.status, createdAt: a.createdAt.toISOString(), acknowledgedAt: iso(a.acknowledgedAt) })),
    messages: {
      emails: mails.map((m) => ({ to: m.toAddress, subject: m.subject, text: m.textBody, status: m.status, createdAt: m.createdAt.toISOString(), sentAt: iso(m.sentAt) })),
      sms: sms.map((m) => ({ to: m.toNumber, body: m.body, status: m.status, createdAt: m.createdAt.toISOString(), sentAt: iso(m.sentAt) })),
    },
    // The traces of who accessed the file: identifiers and actions, as the log holds them.
    accessHistory: audit.map((e) => ({ at: e.occurredAt.toISOString(), action: e.action, outcome: e.outcome, actorRole: e.actorRole, actorEmail: e.actorEmail, targetType: e.targetType, targetId: e.targetId })),
  };

  const bundle = clientBundle({
    generatedAt: ctx.now(),
    patient: { ...client, firstNames: client.firstNames, email: client.email, phone: client.phone, address: client.address, ins: client.ins, id: row.id },
    practitioners,
    consents: consents.map((c) => ({ ...c, granteeType: c.grantee.type, practitionerId: c.grantee.practitionerId })),
    appointments: appointmentRows.filter((a) => a.status !== 'held'),
    documents: documents.map((d, i) => ({ ...d, createdAt: documentRows[i]?.createdAt as Date, supersededAt: documentRows[i]?.supersededAt ?? null })),
    observations: observationRows,
  });
  return { json, bundle, files, number: client.number };
}

const README = (number: string, date: string) => `Export de vos données — Parcours
Client ${number}, export du ${date}.

- donnees.json : toutes vos données, lisibles par une machine (identité, contacts, assurance,
  données médicales, demandes, rendez-vous, partages, documents, mesures, messages envoyés,
  historique des accès).
- fhir-bundle.json : les mêmes données de santé au format international FHIR R4 (Bundle de type
  « collection » : Patient, Consent, Appointment, DocumentReference, Observation).
- documents/ : vos documents originaux (PDF, images), déchiffrés.
- teleconsultation/ : les documents échangés pendant vos téléconsultations.

Export of your data — Parcours. donnees.json: all your data (machine-readable JSON);
fhir-bundle.json: the same health data as a FHIR R4 Bundle; documents/: your original files.
`;

/**
 * The archive as a stream (zip: JSON, FHIR Bundle, original files decrypted one at a time so a large
 * file never sits whole in memory next to the others). The JSON is built before the first byte, so
 * an error there is still a clean 4xx/5xx; an unreadable file is listed in the archive instead.
 */
export async function exportArchive(ctx: AppContext, clientId: string, actor: Actor, by: 'client' | 'admin'): Promise<{ stream: Readable; fileName: string }> {
  const data = await collectExport(ctx, clientId);
  await recordAudit(ctx.db, actor, { action: 'privacy.export', targetType: 'client', targetId: clientId, clientId, details: { by, documents: data.json.documents.length } });
  const out = new PassThrough();
  const zip = new Zip((err, chunk, final) => {
    if (err) return out.destroy(err);
    out.write(Buffer.from(chunk));
    if (final) out.end();
  });
  const put = (path: string, bytes: Uint8Array, compress: boolean) => {
    const entry = compress ? new ZipDeflate(path, { level: 6 }) : new ZipPassThrough(path);
    zip.add(entry);
    entry.push(bytes, true);
  };
  const text = (s: string) => new TextEncoder().encode(s);
  void (async () => {
    put('LISEZMOI.txt', text(README(data.number, parisDate(ctx.now()))), true);
    put('donnees.json', text(JSON.stringify(data.json, null, 2)), true);
    put('fhir-bundle.json', text(JSON.stringify(data.bundle, null, 2)), true);
    const missing: string[] = [];
    for (const f of data.files) {
      try {
        const bytes = f.kind === 'document' ? await readDocumentBytes(ctx, f.row) : Buffer.from(ctx.vault.open(f.sealed, ctxOf.teleDocument(f.id)), 'base64');
        // PDF and images are compressed already: stored as they are.
        put(f.path, bytes, false);
      } catch {
        missing.push(f.path);
      }
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    if (missing.length) put('FICHIERS-ILLISIBLES.txt', text(`Ces fichiers n’ont pas pu être déchiffrés ; contactez le DPO :\n${missing.join('\n')}\n`), true);
    zip.end();
  })().catch((err: unknown) => out.destroy(err as Error));
  return { stream: out, fileName: `parcours-${data.number}-${parisDate(ctx.now())}.zip` };
}

// ---- Erasure ----

export interface ErasureInput {
  reason: string;
  /** When the client asked (the one-month answer period runs from it); now when omitted. */
  requestedAt?: Date | undefined;
}

/**
 * Erases or anonymises the client's personal data, keeping what the law requires (the audit log;
 * invoices when billing exists) and the shape of the activity (appointments, requests) for the
 * statistics. Re-runnable: a failure half-way is finished by running it again; the erasure record
 * is written last, with counts only.
 */
export async function eraseClient(ctx: AppContext, clientId: string, input: ErasureInput, actor: Actor) {
  const row = await loadClient(ctx, clientId);
  if (await store.erasureOf(ctx.db, clientId)) throw new DomainError('client_erased', 409);
  const now = ctx.now();
  const number = clientNumber(row.number);
  const requestRows = await store.requestsOf(ctx.db, clientId);
  // Texts re-sealed empty rather than nulled: the team's screens keep opening the (now empty) request.
  const emptyTriage = (id: string) => {
    const old = JSON.parse(ctx.vault.open(requestRows.find((r) => r.id === id)?.triageSealed as string, ctxOf.triage(id))) as Record<string, unknown>;
    return JSON.stringify({ ...old, reasons: [], redFlags: [], alternatives: [] });
  };
  const requests = await store.clearRequests(
    ctx.db,
    requestRows.map((r) => ({ id: r.id, textSealed: ctx.vault.seal('', ctxOf.requestText(r.id)), triageSealed: ctx.vault.seal(emptyTriage(r.id), ctxOf.triage(r.id)) })),
  );
  const children = await store.clearRequestChildren(
    ctx.db,
    requestRows.map((r) => r.id),
  );
  const observations = await eraseObservations(ctx, clientId);
  const documents = await eraseDocuments(ctx, clientId);
  const appts = await store.clearAppointments(ctx.db, clientId, now);
  let jobs = 0;
  for (const id of appts.ids) jobs += (await cancelJobs(ctx.db, { keyPrefix: `reminder:${id}:` }, now)) + (await cancelJobs(ctx.db, { keyPrefix: `teleconsult-link:${id}:` }, now));
  const messages = await store.clearMessages(ctx.db, { clientId });
  const finance = await store.clearFinance(ctx.db, clientId);
  const consents = await store.clearConsents(ctx.db, clientId, now);
  const accounts = await store.anonymiseAccounts(ctx.db, clientId, now);
  await store.anonymiseClient(ctx.db, clientId, now);
  const summary = {
    clients: { anonymised: 1 },
    users: { anonymised: accounts },
    requests: { anonymised: requests },
    request_events: { anonymised: children.events },
    request_notes: { erased: children.notes },
    request_tasks: { anonymised: children.tasks },
    shortlist_items: { anonymised: children.shortlist },
    inbox_items: { erased: children.inbox },
    appointments: { anonymised: appts.appointments, kept: appts.appointments },
    waitlist_entries: { erased: appts.waitlist },
    calendar_feeds: { erased: appts.feeds },
    logistics: { anonymised: appts.logistics },
    appointment_packs: { anonymised: appts.packs },
    teleconsultation_links: { anonymised: appts.teleLinks },
    teleconsultation_messages: { erased: appts.teleMessages },
    teleconsultation_documents: { erased: appts.teleDocuments },
    jobs: { erased: jobs },
    mail_messages: { anonymised: messages.mails },
    sms_messages: { anonymised: messages.sms },
    documents: { erased: documents },
    observations: { erased: observations },
    consents: { anonymised: consents },
    invoices: { erased: finance.drafts, kept: finance.invoicesKept },
    quotes: { erased: finance.quotes },
    care_acts: { erased: finance.acts },
    membership_members: { erased: finance.family },
    surveys: { anonymised: finance.surveys },
    audit_events: { kept: 1 },
  };
  const record = await store.insertErasure(ctx.db, { clientId, clientNumber: number, reason: input.reason.trim(), requestedAt: input.requestedAt ?? now, performedAt: now, performedById: actor.id, summary });
  await recordAudit(ctx.db, actor, { action: 'privacy.erased', targetType: 'client', targetId: clientId, clientId, details: { erasureId: record.id, documents, observations, requests } });
  return toErasureView(record);
}

export const toErasureView = (e: Awaited<ReturnType<typeof store.insertErasure>>) => ({
  id: e.id,
  clientId: e.clientId,
  clientNumber: e.clientNumber,
  reason: e.reason,
  requestedAt: e.requestedAt.toISOString(),
  performedAt: e.performedAt.toISOString(),
  performedById: e.performedById,
  summary: e.summary,
});

export async function erasureStatus(ctx: AppContext, clientId: string) {
  const e = await store.erasureOf(ctx.db, clientId);
  return e ? toErasureView(e) : null;
}

// ---- Retention ----

export async function retentionView(ctx: AppContext) {
  const saved = await store.savedRetention(ctx.db);
  const days = effectiveRetention(saved);
  return retentionKinds.map((kind) => ({ kind, days: days[kind], defaultDays: retentionRules[kind].days, minDays: retentionRules[kind].minDays, label: retentionRules[kind].label, basis: retentionRules[kind].basis }));
}

export async function setRetention(ctx: AppContext, values: Partial<Record<RetentionKind, number>>, actor: Actor) {
  const errors = Object.entries(values)
    .filter(([kind, days]) => days !== undefined && days < retentionRules[kind as RetentionKind].minDays)
    .map(([kind]) => ({ path: kind, code: 'retention_too_short' as const }));
  const firstBad = errors[0]?.path as RetentionKind | undefined;
  if (firstBad) throw new DomainError('retention_too_short', 400, { min: retentionRules[firstBad].minDays, kind: retentionRules[firstBad].label.fr }, errors);
  const before = effectiveRetention(await store.savedRetention(ctx.db));
  for (const [kind, days] of Object.entries(values)) if (days !== undefined) await store.saveRetention(ctx.db, kind, days, actor.id, ctx.now());
  await recordAudit(ctx.db, actor, { action: 'privacy.retention_updated', details: { from: before, to: { ...before, ...values } } });
  return retentionView(ctx);
}

/** Applies the retention periods now: old messages cleared, old sessions deleted, inactive files erased. */
export async function applyRetention(ctx: AppContext, actor: Actor = system) {
  const days = effectiveRetention(await store.savedRetention(ctx.db));
  const now = ctx.now();
  const before = (kind: RetentionKind) => new Date(now.getTime() - days[kind] * 86_400_000);
  const messages = await store.clearMessages(ctx.db, { before: before('messages') });
  const sessions = await store.deleteOldSessions(ctx.db, before('sessions'));
  const inactive = await store.clientsInactiveSince(ctx.db, before('client_file'));
  for (const id of inactive) await eraseClient(ctx, id, { reason: `Durée de conservation écoulée (${days.client_file} jours après le dernier contact)` }, actor);
  const report = { messages: messages.mails + messages.sms, sessions, clientsErased: inactive.length };
  await recordAudit(ctx.db, actor, { action: 'privacy.retention_applied', details: report });
  return report;
}

export const RETENTION_QUEUE = 'privacy.retention';

/** The next run: tomorrow at 03:00 in Paris, one job per day (the idempotency key is the date). */
export async function scheduleRetention(ctx: AppContext): Promise<void> {
  const today = Temporal.Instant.fromEpochMilliseconds(ctx.now().getTime()).toZonedDateTimeISO('Europe/Paris').toPlainDate();
  const next = today.add({ days: 1 });
  const runAt = new Date(next.toZonedDateTime({ timeZone: 'Europe/Paris', plainTime: Temporal.PlainTime.from('03:00') }).epochMilliseconds);
  await enqueue(ctx.db, { queue: RETENTION_QUEUE, runAt, idempotencyKey: `${RETENTION_QUEUE}:${next.toString()}`, maxAttempts: 3 });
}

export const privacyJobHandlers: JobHandlers = {
  [RETENTION_QUEUE]: async (_payload, _job, ctx) => {
    await applyRetention(ctx);
    await scheduleRetention(ctx);
  },
};
