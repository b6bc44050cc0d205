/**
 * Consent rules, pure (CSP L.1110-4; DESIGN §9): concierge staff are not health professionals, so
 * every sight of a client's medical file — by a practitioner or by the team — needs a live consent
 * of the client that covers that grantee and that document type.
 */
export const documentTypes = ['report', 'result', 'prescription', 'imaging', 'care_sheet', 'administrative'] as const;
export type DocumentType = (typeof documentTypes)[number];
export const consentChannels = ['portal', 'phone', 'email', 'in_person', 'paper'] as const;
export type ConsentChannel = (typeof consentChannels)[number];

export type Grantee = { type: 'team' } | { type: 'practitioner'; practitionerId: string };

export interface ConsentLike {
  granteeType: string;
  practitionerId: string | null;
  /** null: every type. */
  documentTypes: string[] | null;
  startsAt: Date;
  endsAt: Date | null;
  revokedAt: Date | null;
}

/** Live: started, not ended, not revoked — at this instant (revocation applies at once). */
export const isLive = (c: ConsentLike, now: Date): boolean => c.startsAt <= now && (c.endsAt === null || now < c.endsAt) && (c.revokedAt === null || now < c.revokedAt);

const sameGrantee = (c: ConsentLike, g: Grantee) => (g.type === 'team' ? c.granteeType === 'team' : c.granteeType === 'practitioner' && c.practitionerId === g.practitionerId);

/** The consent that lets this grantee see a document of this type now, if any. */
export function coveringConsent<C extends ConsentLike>(consents: readonly C[], grantee: Grantee, documentType: string, now: Date): C | undefined {
  return consents.find((c) => sameGrantee(c, grantee) && isLive(c, now) && (c.documentTypes === null || c.documentTypes.includes(documentType)));
}

/** The document types this grantee may see now (all of them when one consent has no restriction). */
export function coveredTypes(consents: readonly ConsentLike[], grantee: Grantee, now: Date): Set<string> {
  const types = new Set<string>();
  for (const c of consents) {
    if (!sameGrantee(c, grantee) || !isLive(c, now)) continue;
    for (const t of c.documentTypes ?? documentTypes) types.add(t);
  }
  return types;
}

// ---- Granting and listing (R2) ----

export type ConsentState = 'live' | 'scheduled' | 'expired' | 'revoked';

/** What the client sees next to each consent: revoked wins over expired, which wins over scheduled. */
export function consentState(c: Pick<ConsentLike, 'startsAt' | 'endsAt' | 'revokedAt'>, now: Date): ConsentState {
  if (c.revokedAt !== null && c.revokedAt <= now) return 'revoked';
  if (c.endsAt !== null && c.endsAt <= now) return 'expired';
  if (c.startsAt > now) return 'scheduled';
  return 'live';
}

export interface GrantInput {
  grantee: Grantee | { type: 'practitioner'; practitionerId: null | undefined };
  /** null: the whole file; otherwise at least one type. */
  documentTypes: DocumentType[] | null;
  purpose: string;
  startsAt: Date;
  endsAt: Date | null;
  channel: ConsentChannel;
  /** Staff only: the client's instruction as they gave it (who, when, what). */
  instruction: string | null;
}

type GrantErrorCode = 'consent_practitioner_required' | 'consent_types_required' | 'consent_end_invalid' | 'consent_start_invalid' | 'consent_instruction_required' | 'consent_channel_staff';

/**
 * The rules a grant must meet, as field errors (the route answers one 400 listing them all).
 * `by` says who records it: a client grants in the portal, staff only on an instruction they write down.
 */
export function grantErrors(input: GrantInput, by: 'client' | 'staff', now: Date): { path: string; code: GrantErrorCode }[] {
  const errors: { path: string; code: GrantErrorCode }[] = [];
  if (input.grantee.type === 'practitioner' && !input.grantee.practitionerId) errors.push({ path: 'practitionerId', code: 'consent_practitioner_required' });
  if (input.documentTypes !== null && input.documentTypes.length === 0) errors.push({ path: 'documentTypes', code: 'consent_types_required' });
  if (input.startsAt.getTime() > now.getTime() + 366 * 86_400_000) errors.push({ path: 'startsAt', code: 'consent_start_invalid' });
  if (input.endsAt !== null && (input.endsAt <= input.startsAt || input.endsAt <= now)) errors.push({ path: 'endsAt', code: 'consent_end_invalid' });
  if (by === 'staff') {
    if (input.channel === 'portal') errors.push({ path: 'channel', code: 'consent_channel_staff' });
    if (!input.instruction || input.instruction.trim().length < 3) errors.push({ path: 'instruction', code: 'consent_instruction_required' });
  }
  return errors;
}

/** "Dr Claire KLEIN": how a practitioner is named to the client (civility d'exercice abbreviated). */
export function practitionerName(p: { civility: string | null; firstName: string; lastName: string }): string {
  const civility = p.civility ? ({ docteur: 'Dr', professeur: 'Pr' }[p.civility.trim().toLowerCase()] ?? p.civility.trim()) : '';
  return `${civility} ${p.firstName} ${p.lastName.toUpperCase()}`.replace(/\s+/g, ' ').trim();
}
