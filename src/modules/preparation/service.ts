/**
 * Preparation use-cases: the team's templates, the client's checklist of an appointment, and the
 * pack to the practitioner — what the client agreed to share, sealed as it was at that moment,
 * behind a secret expiring link (only its hash is kept); every open and every refusal audited.
 */
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import { hashToken, newToken } from '../../platform/crypto.ts';
import { DomainError, type Locale } from '../../platform/errors.ts';
import type { Actor } from '../audit/domain.ts';
import { recordAudit } from '../audit/store.ts';
import { displayName } from '../clients/domain.ts';
import { readMedical } from '../clients/service.ts';
import { findClient, findClients } from '../clients/store.ts';
import { placesOf } from '../directory/store.ts';
import { can, type Role } from '../identity/domain.ts';
import { usersByIds } from '../identity/store.ts';
import { queueMail } from '../notifications/mail-queue.ts';
import { addressOf, type AppointmentView, appointmentViews } from '../scheduling/present.ts';
import { findAppointment } from '../scheduling/store.ts';
import {
  buildChecklist,
  type Checklist,
  type ConsentChannel,
  effectiveTemplates,
  type MedicalBasics,
  needsMedicalAccess,
  type PackContent,
  type PackKind,
  packExpiry,
  packState,
  pickTemplate,
  snapshot,
  type Template,
  type TemplateContent,
} from './domain.ts';
import { packMail } from './mail.ts';
import * as store from './store.ts';

const languageOf = (preferred: string | null | undefined): Locale => (preferred === 'en' ? 'en' : 'fr');

// ---------------------------------------------------------------- templates

export async function listTemplates(ctx: AppContext) {
  const rows = await store.listTemplateRows(ctx.db);
  const byCode = new Map(rows.map((r) => [r.typeCode, r]));
  const authors = await usersByIds(ctx.db, rows.map((r) => r.updatedById).filter((id): id is string => Boolean(id)));
  return effectiveTemplates(rows.map(store.toTemplate)).map((t) => {
    const row = byCode.get(t.typeCode);
    const author = row?.updatedById ? authors.get(row.updatedById) : undefined;
    return { ...t, updatedAt: row?.updatedAt.toISOString() ?? null, updatedBy: author ? { id: author.id, name: author.displayName } : null };
  });
}

export async function saveTemplate(ctx: AppContext, typeCode: string, input: TemplateContent, actor: Actor) {
  const clean = (list: string[]) => list.map((l) => l.trim()).filter(Boolean);
  await store.upsertTemplate(
    ctx.db,
    { typeCode, label: input.label.trim(), bringFr: clean(input.bringFr), bringEn: clean(input.bringEn), instructionsFr: input.instructionsFr.trim(), instructionsEn: input.instructionsEn.trim(), active: input.active },
    actor.id,
    ctx.now(),
  );
  await recordAudit(ctx.db, actor, { action: 'preparation.template_saved', targetType: 'preparation_template', targetId: typeCode, details: { active: input.active } });
  return (await listTemplates(ctx)).find((t) => t.typeCode === typeCode);
}

/** Deletes the team's version: a built-in code goes back to its default, another code disappears. */
export async function resetTemplate(ctx: AppContext, typeCode: string, actor: Actor) {
  if (!(await store.deleteTemplate(ctx.db, typeCode))) throw new DomainError('template_not_found', 404);
  await recordAudit(ctx.db, actor, { action: 'preparation.template_deleted', targetType: 'preparation_template', targetId: typeCode });
  return (await listTemplates(ctx)).find((t) => t.typeCode === typeCode) ?? null;
}

async function activeTemplates(ctx: AppContext): Promise<Template[]> {
  return effectiveTemplates((await store.listTemplateRows(ctx.db)).map(store.toTemplate));
}

// ---------------------------------------------------------------- checklists

type ChecklistSubject = Pick<AppointmentView, 'id' | 'practitionerId' | 'placeId' | 'clientId' | 'typeCode' | 'mode' | 'status' | 'endsAt'>;

/**
 * Checklists of several appointments (one query per kind of data, whatever their number). Only an
 * upcoming booked appointment has one; `lang` forces a language, else each client's own.
 */
export async function checklistsFor(ctx: AppContext, list: readonly ChecklistSubject[], lang?: Locale): Promise<Map<string, Checklist | null>> {
  const out = new Map<string, Checklist | null>(list.map((a) => [a.id, null]));
  const now = ctx.now().getTime();
  const due = list.filter((a) => a.status === 'booked' && new Date(a.endsAt).getTime() > now);
  if (!due.length) return out;
  const [templates, places, clients] = await Promise.all([
    activeTemplates(ctx),
    placesOf(ctx.db, [...new Set(due.map((a) => a.practitionerId))]),
    lang ? Promise.resolve([]) : findClients(ctx.db, [...new Set(due.map((a) => a.clientId))]),
  ]);
  const placeById = new Map([...places.values()].flat().map((p) => [p.id, p]));
  const clientLang = new Map(clients.map((c) => [c.id, languageOf(c.preferredLanguage)]));
  for (const a of due) {
    const p = a.placeId ? placeById.get(a.placeId) : undefined;
    out.set(
      a.id,
      buildChecklist({
        lang: lang ?? clientLang.get(a.clientId) ?? 'fr',
        mode: a.mode,
        place: p ? { name: p.name, street: p.street, postalCode: p.postalCode, city: p.city, accessible: p.accessible } : null,
        template: pickTemplate(templates, a.typeCode, a.mode),
      }),
    );
  }
  return out;
}

/** Adds each appointment's checklist (for the client's portal). */
export async function withChecklists<T extends ChecklistSubject>(ctx: AppContext, views: T[]): Promise<(T & { checklist: Checklist | null })[]> {
  const map = await checklistsFor(ctx, views);
  return views.map((v) => ({ ...v, checklist: map.get(v.id) ?? null }));
}

/** One appointment's checklist as staff preview it (the client's language unless asked otherwise). */
export async function appointmentChecklist(ctx: AppContext, appointmentId: string, lang?: Locale): Promise<Checklist | null> {
  const row = await findAppointment(ctx.db, appointmentId);
  if (!row) throw new DomainError('appointment_not_found', 404);
  const subject: ChecklistSubject = { ...row, mode: row.mode as 'in_person' | 'teleconsultation', endsAt: row.endsAt.toISOString() };
  return (await checklistsFor(ctx, [subject], lang)).get(row.id) ?? null;
}

// ---------------------------------------------------------------- packs

export interface NewPack {
  items: PackKind[];
  note?: string | undefined;
  consentChannel: ConsentChannel;
  /** Staff confirm that the client agreed to this very share. */
  consentConfirmed: boolean;
}

const itemContext = (itemId: string) => `preparation.pack_item:${itemId}`;

/** The practitioner's address for the pack: the appointment's place, else any place of theirs. */
async function practitionerEmail(ctx: AppContext, practitionerId: string, placeId: string | null): Promise<string | null> {
  const places = (await placesOf(ctx.db, [practitionerId])).get(practitionerId) ?? [];
  const own = places.find((p) => p.id === placeId)?.email;
  return own?.trim() || places.find((p) => p.active && p.email?.trim())?.email?.trim() || null;
}

export async function createPack(ctx: AppContext, appointmentId: string, input: NewPack, actor: Actor) {
  const a = await findAppointment(ctx.db, appointmentId);
  if (!a) throw new DomainError('appointment_not_found', 404);
  if (a.status !== 'booked') throw new DomainError('appointment_not_live', 409);
  const kinds = [...new Set(input.items)];
  if (needsMedicalAccess(kinds) && !(actor.role && can(actor.role as Role, 'clients.medical'))) {
    // Allergies, treatments and history are read from the sealed file: medical advisors only.
    await recordAudit(ctx.db, actor, { action: 'pack.denied', outcome: 'denied', targetType: 'appointment', targetId: a.id, clientId: a.clientId, details: { kinds } });
    throw new DomainError('pack_medical_advisor_only', 403);
  }
  const note = input.note?.trim() ?? '';
  if (kinds.includes('note') && !note) throw new DomainError('validation_failed', 400, {}, [{ path: 'note', code: 'pack_note_required' }]);
  if (!input.consentConfirmed) throw new DomainError('validation_failed', 400, {}, [{ path: 'consentConfirmed', code: 'pack_consent_required' }]);
  if (!actor.id) throw new DomainError('forbidden', 403);

  // The medical basics are read once (the read is audited) and copied: later edits do not change the pack.
  const medical: MedicalBasics | null = needsMedicalAccess(kinds) ? await readMedical(ctx, a.clientId, actor) : null;
  const token = newToken();
  const now = ctx.now();
  const expiresAt = packExpiry(a.endsAt);
  const items = kinds.map((kind) => {
    const id = randomUUID();
    return { id, kind, contentSealed: ctx.vault.seal(JSON.stringify(snapshot(kind, medical, note)), itemContext(id)), consentChannel: input.consentChannel, sharedById: actor.id as string, sharedAt: now };
  });
  const pack = await store.insertPack(ctx.db, { appointmentId: a.id, tokenHash: hashToken(token), expiresAt, createdById: actor.id, createdAt: now }, items);
  await recordAudit(ctx.db, actor, { action: 'pack.created', targetType: 'appointment_pack', targetId: pack.id, clientId: a.clientId, details: { appointmentId: a.id, kinds, consentChannel: input.consentChannel } });

  const link = `${ctx.config.publicUrl}/dossier-rdv/${token}`;
  const to = await practitionerEmail(ctx, a.practitionerId, a.placeId);
  if (to) await queueMail(ctx.db, { to, ...packMail({ startsAt: a.startsAt, expiresAt, link }), template: 'preparation.pack', idempotencyKey: `pack:${pack.id}`, appointmentId: a.id, clientId: a.clientId });
  const [view] = await packViews(ctx, [pack]);
  // The link is shown once: staff send it by secure messaging when the directory has no e-mail.
  return { pack: view as PackView, link, emailedTo: to };
}

export async function packViews(ctx: AppContext, packs: store.PackRow[]) {
  const items = await store.itemSummaries(
    ctx.db,
    packs.map((p) => p.id),
  );
  const people = await usersByIds(ctx.db, [...packs.flatMap((p) => [p.createdById, p.revokedById ?? '']), ...items.map((i) => i.sharedById)]);
  const person = (id: string | null) => {
    const u = id ? people.get(id) : undefined;
    return u ? { id: u.id, name: u.displayName } : null;
  };
  const now = ctx.now();
  return packs.map((p) => {
    const own = items.filter((i) => i.packId === p.id);
    return {
      id: p.id,
      appointmentId: p.appointmentId,
      status: packState(p, now),
      kinds: own.map((i) => i.kind as PackKind),
      consentChannel: (own[0]?.consentChannel ?? null) as ConsentChannel | null,
      createdAt: p.createdAt.toISOString(),
      createdBy: person(p.createdById),
      expiresAt: p.expiresAt.toISOString(),
      revokedAt: p.revokedAt?.toISOString() ?? null,
      revokedBy: person(p.revokedById),
      openCount: p.openCount,
      lastOpenedAt: p.lastOpenedAt?.toISOString() ?? null,
    };
  });
}
export type PackView = Awaited<ReturnType<typeof packViews>>[number];

export async function listPacks(ctx: AppContext, appointmentId: string) {
  if (!(await findAppointment(ctx.db, appointmentId))) throw new DomainError('appointment_not_found', 404);
  return packViews(ctx, await store.listPacks(ctx.db, appointmentId));
}

/** Takes effect at once: the next open of the link is refused. */
export async function revokePack(ctx: AppContext, id: string, actor: Actor) {
  const existing = await store.findPack(ctx.db, id);
  if (!existing) throw new DomainError('pack_not_found', 404);
  const row = (await store.revokePack(ctx.db, id, actor.id, ctx.now())) as store.PackRow;
  const a = await findAppointment(ctx.db, row.appointmentId);
  if (!existing.revokedAt) await recordAudit(ctx.db, actor, { action: 'pack.revoked', targetType: 'appointment_pack', targetId: id, ...(a ? { clientId: a.clientId } : {}) });
  return (await packViews(ctx, [row]))[0] as PackView;
}

/**
 * The practitioner opens the link: the client's name and birth date, the appointment, and only the
 * shared items, unsealed. Each open is counted and audited; so is each refusal (unknown, expired,
 * revoked), with the caller's address.
 */
export async function openPack(ctx: AppContext, token: string, actor: Actor) {
  const pack = await store.findPackByTokenHash(ctx.db, hashToken(token));
  if (!pack) {
    await recordAudit(ctx.db, actor, { action: 'pack.open_refused', outcome: 'denied', details: { reason: 'unknown' } });
    throw new DomainError('pack_link_invalid', 404);
  }
  const a = await findAppointment(ctx.db, pack.appointmentId);
  const about = { targetType: 'appointment_pack', targetId: pack.id, ...(a ? { clientId: a.clientId } : {}) };
  const state = packState(pack, ctx.now());
  if (state !== 'active' || !a) {
    await recordAudit(ctx.db, actor, { action: 'pack.open_refused', outcome: 'denied', ...about, details: { reason: state === 'active' ? 'appointment_gone' : state } });
    throw new DomainError(state === 'revoked' ? 'pack_revoked' : 'pack_expired', 410);
  }
  const openCount = await store.countOpen(ctx.db, pack.id, ctx.now());
  const items = await store.sealedItems(ctx.db, pack.id);
  await recordAudit(ctx.db, actor, { action: 'pack.opened', ...about, details: { openCount, kinds: items.map((i) => i.kind) } });
  const [client, [view]] = await Promise.all([findClient(ctx.db, a.clientId), appointmentViews(ctx, [a])]);
  return {
    expiresAt: pack.expiresAt.toISOString(),
    client: { name: client ? displayName(client) : '', birthDate: client?.birthDate ?? null },
    appointment: view
      ? { number: view.number, startsAt: view.startsAt, endsAt: view.endsAt, mode: view.mode, status: view.status, practitionerName: view.practitioner.displayName, address: addressOf(view) }
      : null,
    items: items.map((i) => ({
      ...(JSON.parse(ctx.vault.open(i.contentSealed, itemContext(i.id))) as PackContent),
      sharedAt: i.sharedAt.toISOString(),
      consentChannel: i.consentChannel as ConsentChannel,
    })),
  };
}
