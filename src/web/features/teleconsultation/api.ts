// Teleconsultation endpoints (served by src/modules/teleconsultation, contract in
// .contract-teleconsultation.md): the public room link (/teleconsultation/:token) — session,
// shared documents, the practitioner's report — and the staff side (today's calls, fresh links).
// The live part of a call (waiting room, signalling, chat) goes over the WebSocket: see call.ts.
import { ApiError, api } from '../../app/api.ts';
import { i18n } from '../../app/i18n.ts';

export type ParticipantRole = 'practitioner' | 'client' | 'guest';
export type CallStatus = 'scheduled' | 'waiting' | 'in_progress' | 'ended' | 'no_show';
export const CALL_STATUSES: readonly CallStatus[] = ['scheduled', 'waiting', 'in_progress', 'ended', 'no_show'];

export interface Peer {
  id: string;
  role: ParticipantRole;
  name: string;
}

export interface ChatMessage {
  id: string;
  from: Peer;
  body: string;
  at: string;
}

export interface SharedDocument {
  id: string;
  name: string;
  size: number;
  contentType: string;
  kind: 'shared' | 'report' | 'prescription';
  from: { id: string; role: string; name: string };
  at: string;
}

export interface TeleSession {
  me: Peer;
  appointment: {
    id: string;
    number: string;
    startsAt: string;
    endsAt: string;
    practitionerName: string;
    clientName: string;
  };
  opensAt: string;
  closesAt: string;
  open: boolean;
  status: CallStatus;
  iceServers: RTCIceServer[];
}

export interface TeleParticipant {
  role: ParticipantRole;
  name: string;
  joinedAt: string | null;
  leftAt: string | null;
}

export interface TeleconsultationRow {
  appointmentId: string;
  number: string;
  startsAt: string;
  endsAt: string;
  practitionerName: string;
  clientName: string;
  status: CallStatus;
  participants: TeleParticipant[];
}

export interface TeleLink {
  url: string;
  expiresAt: string;
}

/** Files a participant may share (checked again by the server on the bytes). */
export const SHARE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const MAX_SHARE_BYTES = 10 * 1024 * 1024;

const enc = encodeURIComponent;

/** Upload of the raw bytes (not JSON): the api() helper only sends JSON bodies. */
async function uploadDocument(token: string, file: File): Promise<{ document: SharedDocument }> {
  let response: Response;
  try {
    response = await fetch(`/api/teleconsultation/documents?token=${enc(token)}`, {
      method: 'POST',
      headers: {
        Accept: 'application/json',
        'Accept-Language': i18n.language || 'fr',
        'Content-Type': file.type || 'application/octet-stream',
        'X-Filename': enc(file.name),
      },
      credentials: 'same-origin',
      body: file,
    });
  } catch {
    throw new ApiError(0, 'network_error', i18n.t('errors.network'));
  }
  const data = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (!response.ok) {
    const code = typeof data?.code === 'string' ? data.code : `http_${response.status}`;
    const message = typeof data?.message === 'string' && data.message ? data.message : i18n.t('errors.unexpected', { status: response.status });
    throw new ApiError(response.status, code, message, [], data ?? {});
  }
  return data as unknown as { document: SharedDocument };
}

export const teleApi = {
  session: (token: string) => api<TeleSession>('/api/teleconsultation/session', { query: { token } }),
  uploadDocument,
  documentUrl: (token: string, id: string) => `/api/teleconsultation/documents/${enc(id)}?token=${enc(token)}`,
  report: (token: string, input: { summary: string; prescription?: string }) =>
    api<{ documents: SharedDocument[] }>(`/api/teleconsultation/report?token=${enc(token)}`, { method: 'POST', body: input }),

  list: (date?: string) => api<{ teleconsultations: TeleconsultationRow[] }>('/api/teleconsultations', { query: { date } }),
  newLink: (appointmentId: string, role: 'practitioner' | 'client') =>
    api<TeleLink>(`/api/appointments/${enc(appointmentId)}/teleconsultation/links`, { method: 'POST', body: { role } }),
  portalLink: (appointmentId: string) => api<TeleLink>(`/api/portal/appointments/${enc(appointmentId)}/teleconsultation`, { method: 'POST', body: {} }),
  publicLink: (appointmentToken: string) => api<TeleLink>(`/api/public/appointments/${enc(appointmentToken)}/teleconsultation`, { method: 'POST', body: {} }),
};

/** The signalling socket of a link (same origin). */
export function wsUrl(token: string): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}/api/teleconsultation/ws?token=${enc(token)}`;
}

/**
 * The socket the device check opens to see whether WebSockets get through (proxies and company
 * firewalls sometimes stop them): no token, so that it never enters a room; any answer will do.
 */
export function wsProbeUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}/api/teleconsultation/ws?probe=1`;
}

export const TELE_KEY = ['teleconsultation'] as const;
export const teleSessionKey = (token: string) => [...TELE_KEY, 'session', token] as const;
export const teleListKey = (date: string) => [...TELE_KEY, 'list', date] as const;
