/**
 * The consent check every reader of the medical file goes through. A refusal is a 403 and is
 * written to the audit log (who tried, which client, which type), never silently filtered.
 */
import { eq } from 'drizzle-orm';
import { Temporal } from 'temporal-polyfill';
import { type AppContext, parisDate } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Actor } from '../audit/domain.ts';
import { recordAudit } from '../audit/store.ts';
import { findClient } from '../clients/store.ts';
import { findPractitioner, findPractitioners } from '../directory/store.ts';
import { usersByIds } from '../identity/store.ts';
import { consents } from '../records/schema.ts';
import { type ConsentChannel, consentState, coveredTypes, coveringConsent, type DocumentType, type Grantee, type GrantInput, grantErrors, practitionerName } from './domain.ts';
import * as store from './store.ts';

export type ConsentRow = typeof consents.$inferSelect;

export function consentsOf(ctx: AppContext, clientId: string): Promise<ConsentRow[]> {
  return ctx.db.select().from(consents).where(eq(consents.clientId, clientId));
}

/** The consent covering this read, or 403 `records_consent_required` (audited as denied). */
export async function assertCovered(ctx: AppContext, input: { clientId: string; grantee: Grantee; documentType: string; documentId?: string }, actor: Actor): Promise<ConsentRow> {
  const found = coveringConsent(await consentsOf(ctx, input.clientId), input.grantee, input.documentType, ctx.now());
  if (found) return found;
  await recordAudit(ctx.db, actor, {
    action: 'records.access_denied',
    outcome: 'denied',
    clientId: input.clientId,
    ...(input.documentId ? { targetType: 'document', targetId: input.documentId } : {}),
    details: { grantee: input.grantee.type, documentType: input.documentType },
  });
  throw new DomainError('records_consent_required', 403);
}

/** What this grantee may see of a client's file now: the document types, possibly none. */
export async function visibleTypes(ctx: AppContext, clientId: string, grantee: Grantee): Promise<Set<string>> {
  return coveredTypes(await consentsOf(ctx, clientId), grantee, ctx.now());
}

// ---- Granting, revoking, listing (R2) ----

/** Who records a consent: the client in the portal, or staff on the client's explicit instruction. */
export type RecordedBy = 'client' | 'staff';

export interface GrantRequest {
  granteeType: 'team' | 'practitioner';
  practitionerId?: string | null | undefined;
  documentTypes: DocumentType[] | null;
  purpose: string;
  startsAt?: string | undefined;
  endsAt?: string | null | undefined;
  channel?: ConsentChannel | undefined;
  instruction?: string | null | undefined;
}

/** A bare date as end means the end of that day in Paris (the client reads "jusqu'au 31/12"). */
function endOf(value: string): Date {
  if (value.length !== 10) return new Date(value);
  return new Date(Temporal.PlainDate.from(value).add({ days: 1 }).toZonedDateTime('Europe/Paris').epochMilliseconds);
}

export async function grantConsent(ctx: AppContext, clientId: string, req: GrantRequest, by: RecordedBy, actor: Actor): Promise<ConsentView> {
  const client = await findClient(ctx.db, clientId);
  if (!client) throw new DomainError('client_not_found', 404);
  const now = ctx.now();
  const input: GrantInput = {
    grantee: req.granteeType === 'team' ? { type: 'team' } : { type: 'practitioner', practitionerId: req.practitionerId ?? null },
    documentTypes: req.documentTypes === null ? null : [...new Set(req.documentTypes)],
    purpose: req.purpose.trim(),
    startsAt: req.startsAt ? new Date(req.startsAt) : now,
    endsAt: req.endsAt ? endOf(req.endsAt) : null,
    channel: by === 'client' ? 'portal' : (req.channel ?? 'portal'),
    instruction: by === 'client' ? null : (req.instruction?.trim() ?? null),
  };
  const errors = grantErrors(input, by, now);
  if (errors.length) throw new DomainError('validation_failed', 400, {}, errors);
  const practitionerId = input.grantee.type === 'practitioner' ? input.grantee.practitionerId : null;
  if (practitionerId && !(await findPractitioner(ctx.db, practitionerId))) {
    throw new DomainError('practitioner_not_found', 404, {}, [{ path: 'practitionerId', code: 'practitioner_not_found' }]);
  }
  const row = await store.insertConsent(ctx.db, {
    clientId,
    granteeType: input.grantee.type,
    practitionerId: practitionerId ?? null,
    documentTypes: input.documentTypes,
    purpose: input.purpose,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    channel: input.channel,
    recordedById: actor.id,
    instruction: input.instruction,
    createdAt: now,
  });
  // Identifiers and scope only: the purpose and the instruction may say something about health.
  await recordAudit(ctx.db, actor, {
    action: 'consent.granted',
    targetType: 'consent',
    targetId: row.id,
    clientId,
    details: { grantee: row.granteeType, practitionerId: row.practitionerId, documentTypes: row.documentTypes, channel: row.channel, recordedBy: by, endsAt: row.endsAt?.toISOString() ?? null },
  });
  const [view] = await consentViews(ctx, [row]);
  return view as ConsentView;
}

const channelLabel: Record<ConsentChannel, string> = { portal: 'Retrait — portail', phone: 'Retrait — téléphone', email: 'Retrait — e-mail', in_person: 'Retrait — en personne', paper: 'Retrait — courrier' };

/** Withdraws a consent now: the next read by that grantee is refused (assertCovered reads the row each time). */
export async function revokeConsentOf(
  ctx: AppContext,
  clientId: string,
  consentId: string,
  by: RecordedBy,
  actor: Actor,
  instruction?: { channel: ConsentChannel; text: string },
): Promise<ConsentView> {
  const existing = await store.findConsent(ctx.db, clientId, consentId);
  if (!existing) throw new DomainError('consent_not_found', 404);
  if (existing.revokedAt) throw new DomainError('consent_already_revoked', 409);
  if (by === 'staff' && (!instruction || instruction.channel === 'portal' || instruction.text.trim().length < 3)) {
    throw new DomainError('validation_failed', 400, {}, [{ path: 'instruction', code: 'consent_instruction_required' }]);
  }
  const now = ctx.now();
  // Staff write down the client's instruction to withdraw too, next to the one that granted it.
  const noted = instruction && by === 'staff' ? [existing.instruction, `[${channelLabel[instruction.channel]}, ${parisDate(now)}] ${instruction.text.trim()}`].filter(Boolean).join('\n') : undefined;
  const row = await store.revokeConsent(ctx.db, consentId, actor.id, now, noted);
  if (!row) throw new DomainError('consent_already_revoked', 409);
  await recordAudit(ctx.db, actor, {
    action: 'consent.revoked',
    targetType: 'consent',
    targetId: row.id,
    clientId,
    details: { grantee: row.granteeType, practitionerId: row.practitionerId, recordedBy: by, channel: by === 'client' ? 'portal' : instruction?.channel },
  });
  const [view] = await consentViews(ctx, [row]);
  return view as ConsentView;
}

export async function listClientConsents(ctx: AppContext, clientId: string): Promise<ConsentView[]> {
  return consentViews(ctx, await store.listConsents(ctx.db, clientId));
}

export async function consentViews(ctx: AppContext, rows: ConsentRow[]) {
  const practitionerIds = [...new Set(rows.map((r) => r.practitionerId).filter((x): x is string => Boolean(x)))];
  const practitioners = new Map((await findPractitioners(ctx.db, practitionerIds)).map((p) => [p.id, p]));
  const users = await usersByIds(ctx.db, [...new Set(rows.flatMap((r) => [r.recordedById, r.revokedById]).filter((x): x is string => Boolean(x)))]);
  const who = (id: string | null) => {
    const u = id ? users.get(id) : undefined;
    return u ? { id: u.id, name: u.displayName, role: u.role } : null;
  };
  const now = ctx.now();
  return rows.map((r) => {
    const p = r.practitionerId ? practitioners.get(r.practitionerId) : undefined;
    return {
      id: r.id,
      grantee: {
        type: r.granteeType as 'team' | 'practitioner',
        practitionerId: r.practitionerId,
        name: p ? practitionerName(p) : null,
        specialties: p?.specialties ?? [],
      },
      documentTypes: r.documentTypes as DocumentType[] | null,
      purpose: r.purpose,
      startsAt: r.startsAt.toISOString(),
      endsAt: r.endsAt?.toISOString() ?? null,
      channel: r.channel as ConsentChannel,
      instruction: r.instruction,
      recordedBy: who(r.recordedById),
      createdAt: r.createdAt.toISOString(),
      revokedAt: r.revokedAt?.toISOString() ?? null,
      revokedBy: who(r.revokedById),
      state: consentState(r, now),
    };
  });
}
export type ConsentView = Awaited<ReturnType<typeof consentViews>>[number];
