/**
 * Teleconsultation rules without I/O: when a room is open, the ICE servers (with coturn's
 * time-limited TURN credentials) and what kind of file a shared document really is.
 */
import { createHmac } from 'node:crypto';

export type ParticipantRole = 'practitioner' | 'client' | 'guest';
export const participantRoles = ['practitioner', 'client', 'guest'] as const;
export type CallStatus = 'scheduled' | 'waiting' | 'in_progress' | 'ended' | 'no_show';

export interface RoomWindow {
  opensAt: Date;
  closesAt: Date;
}

/** The room opens some minutes before the slot and closes a grace period after its end. */
export function roomWindow(startsAt: Date, endsAt: Date, openMinutes: number, graceMinutes: number): RoomWindow {
  return { opensAt: new Date(startsAt.getTime() - openMinutes * 60_000), closesAt: new Date(endsAt.getTime() + graceMinutes * 60_000) };
}

export const isOpen = (w: RoomWindow, now: Date) => now >= w.opensAt && now < w.closesAt;

/** A link token outlives its room by a week at most: enough for a moved appointment, then it dies. */
export const tokenExpiry = (w: RoomWindow) => new Date(w.closesAt.getTime() + 7 * 86_400_000);

/**
 * TURN REST credentials as coturn checks them with `use-auth-secret`: the username carries its
 * expiry, the password is HMAC-SHA1(secret, username) in base64. Valid for `ttlSeconds` only.
 */
export function turnCredentials(secret: string, participantId: string, now: Date, ttlSeconds = 3600) {
  const username = `${Math.floor(now.getTime() / 1000) + ttlSeconds}:${participantId}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}

export interface IceSettings {
  stunUrls: string[];
  turnUrls: string[];
  turnSecret: string | undefined;
}

export function iceServers(settings: IceSettings, participantId: string, now: Date, ttlSeconds = 3600) {
  const servers: { urls: string[]; username?: string; credential?: string }[] = [];
  if (settings.stunUrls.length) servers.push({ urls: settings.stunUrls });
  if (settings.turnUrls.length && settings.turnSecret) servers.push({ urls: settings.turnUrls, ...turnCredentials(settings.turnSecret, participantId, now, ttlSeconds) });
  return servers;
}

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
export type DocumentType = 'application/pdf' | 'image/jpeg' | 'image/png';

/** The type the bytes say, not the name or the header: a renamed executable is refused. */
export function sniffDocumentType(bytes: Uint8Array): DocumentType | null {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  return null;
}

/** A file name safe to show and to put in a Content-Disposition header. */
export function cleanFileName(raw: string | undefined, type: DocumentType): string {
  let name = '';
  try {
    name = decodeURIComponent(raw ?? '');
  } catch {
    name = raw ?? '';
  }
  name = name.replace(/[\\/]/g, '_').replace(/[\p{Cc}"]/gu, '').trim().slice(0, 120);
  const ext = { 'application/pdf': '.pdf', 'image/jpeg': '.jpg', 'image/png': '.png' }[type];
  if (!name) return `document${ext}`;
  return name;
}
