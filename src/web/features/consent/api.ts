// Consents (« Mes partages ») and the access history, for the portal and the staff client page.
import { api } from '../../app/api.ts';

export const DOCUMENT_TYPES = ['report', 'result', 'prescription', 'imaging', 'care_sheet', 'administrative'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
export const STAFF_CHANNELS = ['phone', 'email', 'in_person', 'paper'] as const;
export type StaffChannel = (typeof STAFF_CHANNELS)[number];
export type ConsentState = 'live' | 'scheduled' | 'expired' | 'revoked';

export interface Consent {
  id: string;
  grantee: { type: 'team' | 'practitioner'; practitionerId: string | null; name: string | null; specialties: string[] };
  documentTypes: DocumentType[] | null;
  purpose: string;
  startsAt: string;
  endsAt: string | null;
  channel: 'portal' | StaffChannel;
  instruction: string | null;
  recordedBy: { id: string; name: string; role: string } | null;
  createdAt: string;
  revokedAt: string | null;
  revokedBy: { id: string; name: string; role: string } | null;
  state: ConsentState;
}

export interface GrantInput {
  granteeType: 'team' | 'practitioner';
  practitionerId?: string | null;
  documentTypes: DocumentType[] | null;
  purpose: string;
  endsAt?: string | null;
  channel?: StaffChannel;
  instruction?: string;
}

export interface PractitionerHit {
  id: string;
  name: string;
  profession: string;
  specialties: string[];
}

export interface HistoryItem {
  id: number;
  at: string;
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  actor: { kind: 'self' | 'practitioner' | 'team' | 'system' | 'link'; name: string | null };
  document: { id: string; title: string | null } | null;
  text: string;
}
export interface HistoryPage {
  items: HistoryItem[];
  nextCursor: string | null;
}

/** Where a scope's consents live: the signed-in client's own, or a client's seen by staff. */
export type Scope = { kind: 'portal' } | { kind: 'staff'; clientId: string };
const base = (s: Scope) => (s.kind === 'portal' ? '/api/portal' : `/api/clients/${s.clientId}`);

export const consentKey = (s: Scope) => ['consents', s.kind === 'portal' ? 'mine' : s.clientId] as const;
export const historyKey = (s: Scope) => ['access-history', s.kind === 'portal' ? 'mine' : s.clientId] as const;

export const consentApi = {
  list: (s: Scope) => api<{ consents: Consent[] }>(`${base(s)}/consents`),
  grant: (s: Scope, input: GrantInput) => api<{ consent: Consent }>(`${base(s)}/consents`, { method: 'POST', body: input }),
  revoke: (s: Scope, id: string, instruction?: { channel: StaffChannel; instruction: string }) =>
    api<{ consent: Consent }>(`${base(s)}/consents/${id}/revoke`, { method: 'POST', body: instruction ?? {} }),
  practitioners: (q: string) => api<{ practitioners: PractitionerHit[] }>('/api/portal/consents/practitioners', { query: { q } }),
  history: (s: Scope, cursor?: string | null) => api<HistoryPage>(`${base(s)}/access-history`, { query: { cursor, limit: 20 } }),
};
