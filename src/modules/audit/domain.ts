/** Who did what, from where: the shape every module hands to the audit log. */
export interface Actor {
  id: string | null;
  email: string | null;
  role: string | null;
  ip: string | null;
  userAgent: string | null;
}

export type Outcome = 'success' | 'failure' | 'denied';

export interface AuditEntry {
  action: string;
  outcome?: Outcome;
  targetType?: string;
  targetId?: string;
  /** The client whose data was read or written, so a client's accesses can be listed. */
  clientId?: string;
  /** Never health data or secrets: identifiers, field names, reasons. */
  details?: Record<string, unknown>;
}

export const anonymous = (ip: string | null, userAgent: string | null): Actor => ({ id: null, email: null, role: null, ip, userAgent });
export const system: Actor = { id: null, email: 'system', role: 'system', ip: null, userAgent: null };

/** Opaque pagination cursor over the descending event id. */
export const encodeCursor = (id: number): string => Buffer.from(String(id)).toString('base64url');
export function decodeCursor(cursor: string): number | null {
  const n = Number(Buffer.from(cursor, 'base64url').toString());
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
