/**
 * Teleconsultation links: a JWT (jose, HS256) naming one link row, one appointment and a role,
 * signed with a key derived from the master key. The row decides revocation; the token cannot be
 * forged or moved to another appointment.
 */
import { errors, jwtVerify, SignJWT } from 'jose';
import { DomainError } from '../../platform/errors.ts';
import type { ParticipantRole } from './domain.ts';

const ISSUER = 'parcours';
const AUDIENCE = 'teleconsultation';

export interface LinkClaims {
  linkId: string;
  appointmentId: string;
  role: ParticipantRole;
}

export function signLink(key: Uint8Array, claims: LinkClaims, issuedAt: Date, expiresAt: Date): Promise<string> {
  return new SignJWT({ apt: claims.appointmentId, role: claims.role })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(claims.linkId)
    .setIssuedAt(Math.floor(issuedAt.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key);
}

/** The claims of a genuine, unexpired token; otherwise a DomainError saying which (for the audit). */
export async function verifyLink(key: Uint8Array, token: string, now: Date): Promise<LinkClaims> {
  try {
    const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], currentDate: now });
    const role = payload.role;
    if (typeof payload.sub !== 'string' || typeof payload.apt !== 'string' || (role !== 'practitioner' && role !== 'client' && role !== 'guest')) throw new DomainError('link_invalid', 401);
    return { linkId: payload.sub, appointmentId: payload.apt, role };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if (error instanceof errors.JWTExpired) throw new DomainError('teleconsult_link_expired', 410);
    throw new DomainError('link_invalid', 401);
  }
}
