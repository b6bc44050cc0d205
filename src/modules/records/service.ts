/**
 * The medical file's use-cases: documents (encrypted at rest, versions, soft delete), observations
 * and abnormal-result alerts. Every read of health data by the team or a practitioner goes through
 * the consent check (consent/service.ts) and is audited; the client reads their own file.
 *
 * Exported for the consent/RGPD helper and the lead (contract: .contract-records.md): addDocument,
 * documentsOf, readDocumentBytes, eraseDocuments, observationsOf, eraseObservations.
 */
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Actor } from '../audit/domain.ts';
import { recordAudit } from '../audit/store.ts';
import { clientNumber, parseClientNumber } from '../clients/domain.ts';
import { toClientSummary } from '../clients/service.ts';
import { findClient, findClients, searchClients } from '../clients/store.ts';
import { type Grantee, isLive } from '../consent/domain.ts';
import { assertCovered, visibleTypes } from '../consent/service.ts';
import { notifyUsers } from '../notifications/inbox.ts';
import { activeStaff, findRequest, listRequests } from '../requests/store.ts';
import { findAppointment } from '../scheduling/store.ts';
import { sniffDocumentType } from '../teleconsultation/domain.ts';
import { blobStore } from './blobs.ts';
import { catalogueEntry, sameUnit } from './catalogue.ts';
import { type Direction, type DocumentSource, type DocumentType, documentSearchText, documentTypes, foldQuery, MAX_DOCUMENT_BYTES, MAX_DOCUMENT_MB, outOfRange, storageKeyFor } from './domain.ts';
import { contextKeyring, decryptBlob, encryptBlob, newDataKey, sha256Hex, unwrapKey, wrapKey } from './envelope.ts';
import type { ParsedObservation } from './fhir.ts';
import * as store from './store.ts';
import type { AlertRow, DocumentRow, ObservationRow } from './store.ts';

export type { AlertRow, DocumentRow, ObservationRow };

/** Who reads: the team (under a team consent), a practitioner (under their consent), the client (their own file). */
export type Viewer = { kind: 'staff' } | { kind: 'practitioner'; practitionerId: string } | { kind: 'client'; clientId: string };

const granteeOf = (v: Viewer): Grantee | null => (v.kind === 'staff' ? { type: 'team' } : v.kind === 'practitioner' ? { type: 'practitioner', practitionerId: v.practitionerId } : null);

export function toDocumentView(d: DocumentRow) {
  return {
    id: d.id,
    clientId: d.clientId,
    type: d.type as DocumentType,
    title: d.title,
    documentDate: d.documentDate,
    author: d.author,
    practitionerId: d.practitionerId,
    appointmentId: d.appointmentId,
    requestId: d.requestId,
    fileName: d.fileName,
    contentType: d.contentType,
    size: d.size,
    version: d.version,
    previousId: d.previousId,
    supersededAt: d.supersededAt?.toISOString() ?? null,
    source: d.source as DocumentSource,
    uploadedById: d.uploadedById,
    createdAt: d.createdAt.toISOString(),
  };
}
export type DocumentView = ReturnType<typeof toDocumentView>;

// ——— Documents ———

export interface NewDocument {
  clientId: string;
  type: DocumentType;
  title: string;
  fileName: string;
  bytes: Buffer;
  documentDate?: string | null;
  author?: string | null;
  practitionerId?: string | null;
  appointmentId?: string | null;
  requestId?: string | null;
  /** The version this one corrects: kept, marked superseded. */
  previousId?: string | null;
  source: DocumentSource;
}

/** Checks the real type and the size, encrypts (envelope), stores, audits. */
export async function addDocument(ctx: AppContext, input: NewDocument, actor: Actor): Promise<DocumentView> {
  if (input.bytes.length > MAX_DOCUMENT_BYTES) throw new DomainError('file_too_large', 413, { max: MAX_DOCUMENT_MB });
  const contentType = sniffDocumentType(input.bytes);
  if (!contentType) throw new DomainError('file_type_unsupported', 415);
  if (!documentTypes.includes(input.type)) throw new DomainError('validation_failed', 400);
  if (!(await findClient(ctx.db, input.clientId))) throw new DomainError('client_not_found', 404);
  if (input.appointmentId && (await findAppointment(ctx.db, input.appointmentId))?.clientId !== input.clientId) throw new DomainError('document_link_invalid', 400);
  if (input.requestId && (await findRequest(ctx.db, input.requestId))?.clientId !== input.clientId) throw new DomainError('document_link_invalid', 400);
  let previous: DocumentRow | undefined;
  if (input.previousId) {
    previous = await store.findDocument(ctx.db, input.previousId);
    if (!previous || previous.clientId !== input.clientId || previous.deletedAt) throw new DomainError('document_link_invalid', 400);
    if (previous.supersededAt) throw new DomainError('document_superseded', 409);
  }

  const id = randomUUID();
  const dataKey = newDataKey();
  const { current } = contextKeyring(ctx);
  const storageKey = storageKeyFor(id);
  const blobs = blobStore(ctx);
  await blobs.put(storageKey, encryptBlob(input.bytes, dataKey, id));
  const title = input.title.trim();
  let row: DocumentRow;
  try {
    row = await ctx.db.transaction(async (tx) => {
      if (previous && !(await store.supersede(tx, previous.id, ctx.now()))) throw new DomainError('document_superseded', 409);
      return store.insertDocument(tx, {
        id,
        clientId: input.clientId,
        type: input.type,
        title,
        documentDate: input.documentDate ?? null,
        author: input.author?.trim() || null,
        practitionerId: input.practitionerId ?? null,
        appointmentId: input.appointmentId ?? null,
        requestId: input.requestId ?? null,
        fileName: input.fileName,
        contentType,
        size: input.bytes.length,
        sha256: sha256Hex(input.bytes),
        storageKey,
        wrappedKey: wrapKey(dataKey, current, id),
        keyId: current.id,
        version: previous ? previous.version + 1 : 1,
        previousId: previous?.id ?? null,
        searchText: documentSearchText({ title, author: input.author ?? null, type: input.type, fileName: input.fileName }),
        uploadedById: actor.id,
        source: input.source,
        createdAt: ctx.now(),
      });
    });
  } catch (error) {
    await blobs.delete(storageKey);
    throw error;
  }
  // Type and version only: a title can itself be health data ("IRM cérébrale").
  await recordAudit(ctx.db, actor, { action: 'records.document_added', targetType: 'document', targetId: id, clientId: input.clientId, details: { type: input.type, version: row.version, source: input.source, size: row.size } });
  return toDocumentView(row);
}

/** Every version of every document of the client, deleted included; no access check (export, erasure). */
export function documentsOf(ctx: AppContext, clientId: string): Promise<DocumentRow[]> {
  return store.documentsOfClient(ctx.db, clientId);
}

/** The plaintext, after checking the blob opens under its data key and matches its SHA-256. */
export async function readDocumentBytes(ctx: AppContext, row: DocumentRow): Promise<Buffer> {
  const kek = contextKeyring(ctx).byId.get(row.keyId);
  if (!kek) throw new DomainError('document_key_unknown', 503, { keyId: row.keyId });
  const blob = await blobStore(ctx).get(row.storageKey);
  if (!blob) throw new DomainError('document_unreadable', 503);
  let plain: Buffer;
  try {
    plain = decryptBlob(blob, unwrapKey(row.wrappedKey, kek, row.id), row.id);
  } catch {
    throw new DomainError('document_unreadable', 503);
  }
  if (sha256Hex(plain) !== row.sha256) throw new DomainError('document_unreadable', 503);
  return plain;
}

/** Deletes the blobs and the rows of every version (RGPD erasure). */
export async function eraseDocuments(ctx: AppContext, clientId: string): Promise<number> {
  const rows = await store.documentsOfClient(ctx.db, clientId);
  const blobs = blobStore(ctx);
  for (const r of rows) await blobs.delete(r.storageKey);
  return store.deleteDocumentRows(ctx.db, clientId);
}

/** The document types this viewer may see of this client's file, or 403 (audited) when none. */
async function allowedTypes(ctx: AppContext, clientId: string, viewer: Viewer, actor: Actor, wanted?: string): Promise<readonly string[]> {
  const grantee = granteeOf(viewer);
  if (!grantee) {
    if (viewer.kind === 'client' && viewer.clientId !== clientId) throw new DomainError('not_found', 404);
    return documentTypes;
  }
  const types = await visibleTypes(ctx, clientId, grantee);
  if (!types.size || (wanted && !types.has(wanted))) await assertCovered(ctx, { clientId, grantee, documentType: wanted ?? 'report' }, actor);
  return [...types];
}

export interface DocumentQuery {
  q?: string | undefined;
  type?: DocumentType | undefined;
  includeSuperseded?: boolean | undefined;
}

/** The file's list as this viewer may see it: latest versions, with how many versions each has. */
export async function listDocuments(ctx: AppContext, clientId: string, viewer: Viewer, query: DocumentQuery, actor: Actor) {
  if (!(await findClient(ctx.db, clientId))) throw new DomainError('client_not_found', 404);
  const types = await allowedTypes(ctx, clientId, viewer, actor, query.type);
  const q = query.q ? foldQuery(query.q) : '';
  const rows = await store.searchDocuments(ctx.db, { clientId, types, type: query.type, q: q || undefined, includeSuperseded: query.includeSuperseded, limit: 200 });
  const all = await store.documentsOfClient(ctx.db, clientId);
  await recordAudit(ctx.db, actor, { action: 'records.documents_listed', targetType: 'client', targetId: clientId, clientId, details: { viewer: viewer.kind, count: rows.length, searched: Boolean(q) } });
  return {
    documents: rows.map((r) => ({ ...toDocumentView(r), versions: chainOf(all, r.id).filter((d) => !d.deletedAt).length })),
    visibleTypes: types,
  };
}

/** The versions of the document, oldest first: back along previous_id, then forward. */
function chainOf(all: DocumentRow[], id: string): DocumentRow[] {
  const byId = new Map(all.map((d) => [d.id, d]));
  const byPrevious = new Map(all.filter((d) => d.previousId).map((d) => [d.previousId as string, d]));
  let first = byId.get(id);
  while (first?.previousId && byId.has(first.previousId)) first = byId.get(first.previousId);
  const chain: DocumentRow[] = [];
  for (let d = first; d && chain.length < 100; d = byPrevious.get(d.id)) chain.push(d);
  return chain;
}

/** The row, if this viewer may see it; 404 for another client's document, 403 (audited) without consent. */
async function visibleDocument(ctx: AppContext, id: string, viewer: Viewer, actor: Actor): Promise<DocumentRow> {
  const row = await store.findDocument(ctx.db, id);
  if (!row || row.deletedAt) throw new DomainError('document_not_found', 404);
  if (viewer.kind === 'client') {
    if (row.clientId !== viewer.clientId) throw new DomainError('document_not_found', 404);
    return row;
  }
  await assertCovered(ctx, { clientId: row.clientId, grantee: granteeOf(viewer) as Grantee, documentType: row.type, documentId: row.id }, actor);
  return row;
}

/** The file's bytes for the viewer or a download; audited as `records.document_read` with the client. */
export async function openDocument(ctx: AppContext, id: string, viewer: Viewer, disposition: 'inline' | 'attachment', actor: Actor) {
  const row = await visibleDocument(ctx, id, viewer, actor);
  const bytes = await readDocumentBytes(ctx, row);
  await recordAudit(ctx.db, actor, { action: 'records.document_read', targetType: 'document', targetId: row.id, clientId: row.clientId, details: { viewer: viewer.kind, disposition, type: row.type, version: row.version } });
  return { row, bytes };
}

export async function documentVersions(ctx: AppContext, id: string, viewer: Viewer, actor: Actor): Promise<DocumentView[]> {
  const row = await visibleDocument(ctx, id, viewer, actor);
  const chain = chainOf(await store.documentsOfClient(ctx.db, row.clientId), row.id).filter((d) => !d.deletedAt);
  // A version of another type (re-typed on correction) needs its own consent: hide what is not covered.
  const grantee = granteeOf(viewer);
  const types = grantee ? await visibleTypes(ctx, row.clientId, grantee) : null;
  await recordAudit(ctx.db, actor, { action: 'records.document_versions_read', targetType: 'document', targetId: row.id, clientId: row.clientId, details: { viewer: viewer.kind } });
  return chain.filter((d) => !types || types.has(d.type)).map(toDocumentView);
}

/**
 * Soft delete: the row stays (for the audit trail) but leaves every list. Deleting the latest
 * version brings back the one it corrected. The client may delete only what they uploaded.
 */
export async function deleteDocument(ctx: AppContext, id: string, viewer: Viewer, actor: Actor): Promise<void> {
  const row = await store.findDocument(ctx.db, id);
  if (!row || row.deletedAt) throw new DomainError('document_not_found', 404);
  if (viewer.kind === 'client' && (row.clientId !== viewer.clientId || row.source !== 'client')) throw new DomainError(row.clientId === viewer.clientId ? 'forbidden' : 'document_not_found', row.clientId === viewer.clientId ? 403 : 404);
  if (viewer.kind === 'practitioner') throw new DomainError('forbidden', 403);
  await ctx.db.transaction(async (tx) => {
    await store.updateDocument(tx, row.id, { deletedAt: ctx.now() });
    if (!row.supersededAt && row.previousId) await store.updateDocument(tx, row.previousId, { supersededAt: null });
  });
  await recordAudit(ctx.db, actor, { action: 'records.document_deleted', targetType: 'document', targetId: row.id, clientId: row.clientId, details: { viewer: viewer.kind, type: row.type, version: row.version } });
}

// ——— Key rotation ———

export interface RotationReport {
  total: number;
  rewrapped: number;
  alreadyCurrent: number;
  failed: { id: string; keyId: string; reason: 'unknown_key' | 'unwrap_failed' }[];
}

/**
 * Re-wraps every data key under the current KEK. Files are not touched (byte-identical): only the
 * 32-byte data keys move. Idempotent; a key that cannot be opened is reported, not guessed.
 */
export async function rotateKeys(ctx: AppContext, actor: Actor): Promise<RotationReport> {
  const ring = contextKeyring(ctx);
  const report: RotationReport = { total: 0, rewrapped: 0, alreadyCurrent: 0, failed: [] };
  for (const d of await store.allDocumentKeys(ctx.db)) {
    report.total++;
    if (d.keyId === ring.current.id) {
      report.alreadyCurrent++;
      continue;
    }
    const kek = ring.byId.get(d.keyId);
    if (!kek) {
      report.failed.push({ id: d.id, keyId: d.keyId, reason: 'unknown_key' });
      continue;
    }
    let dataKey: Buffer;
    try {
      dataKey = unwrapKey(d.wrappedKey, kek, d.id);
    } catch {
      report.failed.push({ id: d.id, keyId: d.keyId, reason: 'unwrap_failed' });
      continue;
    }
    await store.updateDocument(ctx.db, d.id, { wrappedKey: wrapKey(dataKey, ring.current, d.id), keyId: ring.current.id });
    report.rewrapped++;
  }
  await recordAudit(ctx.db, actor, { action: 'records.keys_rotated', details: { keyId: ring.current.id, total: report.total, rewrapped: report.rewrapped, failed: report.failed.length } });
  return report;
}

// ——— Observations and alerts ———

export function toObservationView(o: ObservationRow) {
  return {
    id: o.id,
    clientId: o.clientId,
    code: o.code,
    loinc: o.loinc,
    label: o.label,
    value: o.value,
    unit: o.unit,
    referenceLow: o.referenceLow,
    referenceHigh: o.referenceHigh,
    observedAt: o.observedAt.toISOString(),
    source: o.source as 'staff' | 'lab' | 'device',
    documentId: o.documentId,
    abnormal: outOfRange(o.value, o.referenceLow, o.referenceHigh),
  };
}
export type ObservationView = ReturnType<typeof toObservationView>;

export function observationsOf(ctx: AppContext, clientId: string): Promise<ObservationRow[]> {
  return store.observationsOfClient(ctx.db, clientId);
}

/** Observations and their alerts (RGPD erasure). */
export function eraseObservations(ctx: AppContext, clientId: string): Promise<number> {
  return store.deleteObservationRows(ctx.db, clientId);
}

/** Observations are results: the team and practitioners see them under a consent covering `result`. */
export async function listObservations(ctx: AppContext, clientId: string, viewer: Viewer, actor: Actor): Promise<ObservationView[]> {
  if (!(await findClient(ctx.db, clientId))) throw new DomainError('client_not_found', 404);
  if (viewer.kind === 'client' && viewer.clientId !== clientId) throw new DomainError('not_found', 404);
  const grantee = granteeOf(viewer);
  if (grantee) await assertCovered(ctx, { clientId, grantee, documentType: 'result' }, actor);
  const rows = await store.observationsOfClient(ctx.db, clientId);
  await recordAudit(ctx.db, actor, { action: 'records.observations_read', targetType: 'client', targetId: clientId, clientId, details: { viewer: viewer.kind, count: rows.length } });
  return rows.map(toObservationView);
}

export interface NewObservation {
  code: string;
  value: number;
  unit?: string | undefined;
  observedAt: string;
  referenceLow?: number | null | undefined;
  referenceHigh?: number | null | undefined;
  documentId?: string | null | undefined;
}

/** Entered by the team: a catalogue measurement, its unit checked, the default range unless the lab's is given. */
export async function addObservation(ctx: AppContext, clientId: string, input: NewObservation, actor: Actor): Promise<{ observation: ObservationView; alert: AlertRow | null }> {
  const entry = catalogueEntry(input.code);
  if (!entry) throw new DomainError('observation_code_unknown', 400, {}, [{ path: 'code', code: 'observation_code_unknown' }]);
  if (input.unit && !sameUnit(input.unit, entry.unit)) throw new DomainError('observation_unit_mismatch', 400, { unit: input.unit, expected: entry.unit }, [{ path: 'unit', code: 'observation_unit_mismatch' }]);
  const given = input.referenceLow !== undefined || input.referenceHigh !== undefined;
  const low = given ? (input.referenceLow ?? null) : entry.low;
  const high = given ? (input.referenceHigh ?? null) : entry.high;
  if (low !== null && high !== null && low >= high) throw new DomainError('observation_range_invalid', 400, {}, [{ path: 'referenceLow', code: 'observation_range_invalid' }]);
  if (!(await findClient(ctx.db, clientId))) throw new DomainError('client_not_found', 404);
  if (input.documentId && (await store.findDocument(ctx.db, input.documentId))?.clientId !== clientId) throw new DomainError('document_link_invalid', 400);
  const row = await store.insertObservation(ctx.db, {
    clientId,
    code: entry.code,
    loinc: entry.loinc,
    label: entry.label.fr,
    value: input.value,
    unit: entry.unit,
    referenceLow: low,
    referenceHigh: high,
    observedAt: new Date(input.observedAt),
    source: 'staff',
    documentId: input.documentId ?? null,
    enteredById: actor.id,
  });
  await recordAudit(ctx.db, actor, { action: 'records.observation_added', targetType: 'observation', targetId: row.id, clientId, details: { code: row.code, source: 'staff' } });
  return { observation: toObservationView(row), alert: await raiseAlertIfAbnormal(ctx, row, actor) };
}

export interface ImportResult {
  imported: number;
  duplicates: number;
  alerts: number;
  observationIds: string[];
}

/** A lab's or a device's observations: every subject resolved first, then all stored (or none). */
export async function importObservations(ctx: AppContext, parsed: ParsedObservation[], integration: number, actor: Actor): Promise<ImportResult> {
  const clientIds = new Map<string, string>();
  for (const p of parsed) {
    if (clientIds.has(p.clientNumber)) continue;
    const n = parseClientNumber(p.clientNumber);
    const [client] = n === null ? [] : await searchClients(ctx.db, { kind: 'number', number: n }, () => '', 1);
    if (!client) throw new DomainError('fhir_subject_unknown', 422, { number: p.clientNumber.slice(0, 40) });
    clientIds.set(p.clientNumber, client.id);
  }
  const result: ImportResult = { imported: 0, duplicates: 0, alerts: 0, observationIds: [] };
  const stored = await ctx.db.transaction(async (tx) => {
    const rows: ObservationRow[] = [];
    for (const p of parsed) {
      const clientId = clientIds.get(p.clientNumber) as string;
      if (await store.findSameObservation(tx, { clientId, code: p.code, observedAt: p.observedAt, value: p.value })) {
        result.duplicates++;
        continue;
      }
      rows.push(
        await store.insertObservation(tx, {
          clientId,
          code: p.code,
          loinc: p.loinc,
          label: p.label,
          value: p.value,
          unit: p.unit,
          referenceLow: p.referenceLow,
          referenceHigh: p.referenceHigh,
          observedAt: p.observedAt,
          source: p.source,
        }),
      );
    }
    return rows;
  });
  for (const row of stored) {
    result.imported++;
    result.observationIds.push(row.id);
    if (await raiseAlertIfAbnormal(ctx, row, actor)) result.alerts++;
  }
  for (const clientId of new Set(stored.map((r) => r.clientId))) {
    await recordAudit(ctx.db, actor, { action: 'records.observations_imported', targetType: 'client', targetId: clientId, clientId, details: { integration, count: stored.filter((r) => r.clientId === clientId).length } });
  }
  return result;
}

const OPEN_REQUEST = new Set(['new', 'qualified', 'searching', 'proposed', 'booked', 'follow_up']);

/** The client's coordinator: whoever holds their latest open request; null when nobody does. */
async function coordinatorOf(ctx: AppContext, clientId: string): Promise<string | null> {
  const open = (await listRequests(ctx.db, { clientId }))
    .map((r) => r.request)
    .filter((r) => OPEN_REQUEST.has(r.status) && r.assigneeId)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return open[0]?.assigneeId ?? null;
}

/**
 * An out-of-range value opens an alert for the client's coordinator (or every coordinator when the
 * client has none), with an inbox item that names the client, never the result.
 */
async function raiseAlertIfAbnormal(ctx: AppContext, o: ObservationRow, actor: Actor): Promise<AlertRow | null> {
  const direction: Direction | null = outOfRange(o.value, o.referenceLow, o.referenceHigh);
  if (!direction) return null;
  const assigneeId = await coordinatorOf(ctx, o.clientId);
  const alert = await store.insertAlert(ctx.db, { clientId: o.clientId, observationId: o.id, direction, assigneeId, createdAt: ctx.now() });
  const recipients = assigneeId ? [assigneeId] : (await activeStaff(ctx.db)).filter((u) => u.role === 'coordinator').map((u) => u.id);
  const client = await findClient(ctx.db, o.clientId);
  await notifyUsers(ctx.db, recipients, {
    kind: 'result',
    title: 'Résultat hors des valeurs de référence à prendre en compte',
    body: client ? `Client ${clientNumber(client.number)} — ouvrez son dossier médical.` : '',
    link: `/clients/${o.clientId}?onglet=dossier`,
  });
  await recordAudit(ctx.db, actor, { action: 'records.alert_raised', targetType: 'result_alert', targetId: alert.id, clientId: o.clientId, details: { direction, assigned: Boolean(assigneeId), notified: recipients.length } });
  return alert;
}

export interface AlertView {
  id: string;
  clientId: string;
  client: { id: string; number: string; displayName: string } | null;
  status: 'open' | 'acknowledged';
  direction: Direction;
  assigneeId: string | null;
  createdAt: string;
  acknowledgedAt: string | null;
  acknowledgedById: string | null;
  note: string | null;
  /** The result itself: only under a team consent covering results, else null. */
  observation: ObservationView | null;
}

/** Open (or all) alerts for the team; the value shows only where the client consented to the team seeing results. */
export async function listAlerts(ctx: AppContext, filter: { status?: 'open' | 'acknowledged' | undefined; clientId?: string | undefined; assigneeId?: string | undefined }, actor: Actor): Promise<AlertView[]> {
  const rows = await store.listAlerts(ctx.db, filter);
  const clientIds = [...new Set(rows.map((r) => r.alert.clientId))];
  const clients = new Map((await findClients(ctx.db, clientIds)).map((c) => [c.id, toClientSummary(c)]));
  const covered = new Set<string>();
  for (const id of clientIds) if ((await visibleTypes(ctx, id, { type: 'team' })).has('result')) covered.add(id);
  for (const id of covered) await recordAudit(ctx.db, actor, { action: 'records.alerts_read', targetType: 'client', targetId: id, clientId: id, details: { count: rows.filter((r) => r.alert.clientId === id).length } });
  return rows.map(({ alert, observation }) => {
    const c = clients.get(alert.clientId);
    return {
      id: alert.id,
      clientId: alert.clientId,
      client: c ? { id: c.id, number: c.number, displayName: c.displayName } : null,
      status: alert.status as 'open' | 'acknowledged',
      direction: alert.direction as Direction,
      assigneeId: alert.assigneeId,
      createdAt: alert.createdAt.toISOString(),
      acknowledgedAt: alert.acknowledgedAt?.toISOString() ?? null,
      acknowledgedById: alert.acknowledgedById,
      note: alert.note,
      observation: covered.has(alert.clientId) ? toObservationView(observation) : null,
    };
  });
}

export async function acknowledgeAlert(ctx: AppContext, id: string, note: string | null, actor: Actor): Promise<AlertRow> {
  const existing = await store.findAlert(ctx.db, id);
  if (!existing) throw new DomainError('alert_not_found', 404);
  const row = await store.acknowledge(ctx.db, id, actor.id, note?.trim() || null, ctx.now());
  if (!row) throw new DomainError('alert_already_acknowledged', 409);
  // The note is free text about a result: it stays in the alert, not in the audit details.
  await recordAudit(ctx.db, actor, { action: 'records.alert_acknowledged', targetType: 'result_alert', targetId: id, clientId: row.clientId, details: { direction: row.direction, withNote: Boolean(row.note) } });
  return row;
}

// ——— Practitioner accounts ———

/** The clients who share (part of) their file with this practitioner now, and what they share. */
export async function sharedWithPractitioner(ctx: AppContext, practitionerId: string, actor: Actor) {
  const now = ctx.now();
  const live = (await store.consentsForPractitioner(ctx.db, practitionerId)).filter((c) => isLive(c, now));
  const byClient = new Map<string, { types: Set<string>; until: Date | null }>();
  for (const c of live) {
    const entry = byClient.get(c.clientId) ?? { types: new Set<string>(), until: c.endsAt };
    for (const t of c.documentTypes ?? documentTypes) entry.types.add(t);
    if (entry.until && (!c.endsAt || c.endsAt > entry.until)) entry.until = c.endsAt;
    byClient.set(c.clientId, entry);
  }
  const clients = await findClients(ctx.db, [...byClient.keys()]);
  await recordAudit(ctx.db, actor, { action: 'records.shared_list_read', details: { count: clients.length } });
  return clients.map((c) => {
    const s = byClient.get(c.id);
    const summary = toClientSummary(c);
    return { id: c.id, number: summary.number, displayName: summary.displayName, birthDate: summary.birthDate, types: documentTypes.filter((t) => s?.types.has(t)), until: s?.until?.toISOString() ?? null };
  });
}
