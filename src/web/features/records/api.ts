// Medical-file endpoints (src/modules/records/routes.ts, documented at /api/docs). Three doors on one
// file: the team (/api/clients/:id/…, under the client's consent for the team), a practitioner
// account (/api/practitioner/…, under a consent naming them) and the client (/api/portal/…).
import { ApiError, api, uploadWithProgress } from '../../app/api.ts';

export type DocumentType = 'report' | 'result' | 'prescription' | 'imaging' | 'care_sheet' | 'administrative';
export const DOCUMENT_TYPES: readonly DocumentType[] = ['report', 'result', 'prescription', 'imaging', 'care_sheet', 'administrative'];
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const ACCEPTED_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];

export interface MedicalDocument {
  id: string;
  clientId: string;
  type: DocumentType;
  title: string;
  documentDate: string | null;
  author: string | null;
  practitionerId: string | null;
  appointmentId: string | null;
  requestId: string | null;
  fileName: string;
  contentType: string;
  size: number;
  version: number;
  previousId: string | null;
  supersededAt: string | null;
  source: 'staff' | 'client' | 'practitioner' | 'teleconsultation' | 'import';
  createdAt: string;
  /** Versions of this document (in lists). */
  versions?: number;
}

export interface Observation {
  id: string;
  code: string;
  loinc: string | null;
  label: string;
  value: number;
  unit: string;
  referenceLow: number | null;
  referenceHigh: number | null;
  observedAt: string;
  source: 'staff' | 'lab' | 'device';
  abnormal: 'low' | 'high' | null;
}

export interface CatalogueEntry {
  code: string;
  loinc: string;
  label: { fr: string; en: string };
  unit: string;
  low: number | null;
  high: number | null;
  kind: 'lab' | 'vital';
  decimals: number;
}

export interface ResultAlert {
  id: string;
  clientId: string;
  client: { id: string; number: string; displayName: string } | null;
  status: 'open' | 'acknowledged';
  direction: 'low' | 'high';
  assigneeId: string | null;
  createdAt: string;
  acknowledgedAt: string | null;
  note: string | null;
  /** null when the client has not let the team see results. */
  observation: Observation | null;
}

export interface SharedClient {
  id: string;
  number: string;
  displayName: string;
  birthDate: string;
  types: DocumentType[];
  until: string | null;
}

/** Who is looking: the API paths differ, the rules are the server's. */
export type Scope = { kind: 'staff'; clientId: string } | { kind: 'practitioner'; clientId: string } | { kind: 'portal' };

export const RECORDS_KEY = ['records'] as const;
export const scopeKey = (scope: Scope) => [...RECORDS_KEY, scope.kind, scope.kind === 'portal' ? 'me' : scope.clientId];

const listPath = (s: Scope) => (s.kind === 'staff' ? `/api/clients/${s.clientId}/documents` : s.kind === 'practitioner' ? `/api/practitioner/clients/${s.clientId}/documents` : '/api/portal/documents');
const documentBase = (s: Scope) => (s.kind === 'staff' ? '/api/documents' : s.kind === 'practitioner' ? '/api/practitioner/documents' : '/api/portal/documents');
const observationsPath = (s: Scope) => (s.kind === 'staff' ? `/api/clients/${s.clientId}/observations` : s.kind === 'practitioner' ? `/api/practitioner/clients/${s.clientId}/observations` : '/api/portal/observations');

export const isConsentMissing = (error: unknown) => error instanceof ApiError && error.status === 403 && /consent/.test(error.code);

export const recordsApi = {
  documents: (scope: Scope, query: { q?: string; type?: DocumentType | null }) =>
    api<{ documents: MedicalDocument[]; visibleTypes: DocumentType[] }>(listPath(scope), { query: { q: query.q, type: query.type ?? undefined } }),
  versions: (scope: Scope, id: string) => api<{ versions: MedicalDocument[] }>(`${documentBase(scope)}/${id}/versions`),
  /** Same-origin URL of the file: the session cookie goes with it (viewer frame, download link). */
  contentUrl: (scope: Scope, id: string, disposition: 'inline' | 'attachment') => `${documentBase(scope)}/${id}/content?disposition=${disposition}`,
  remove: (scope: Scope, id: string) => api<void>(`${documentBase(scope)}/${id}`, { method: 'DELETE' }),
  observations: (scope: Scope) => api<{ observations: Observation[] }>(observationsPath(scope)),
  catalogue: () => api<{ catalogue: CatalogueEntry[] }>('/api/records/catalogue'),
  addObservation: (clientId: string, body: { code: string; value: number; observedAt: string; referenceLow?: number | null; referenceHigh?: number | null }) =>
    api<{ observation: Observation; alert: { id: string; direction: string } | null }>(`/api/clients/${clientId}/observations`, { method: 'POST', body }),
  alerts: (query: { status?: 'open' | 'acknowledged' | 'all'; mine?: boolean; clientId?: string }) =>
    api<{ alerts: ResultAlert[] }>('/api/records/alerts', { query: { status: query.status, mine: query.mine ? 'true' : undefined, clientId: query.clientId } }),
  acknowledge: (id: string, note: string) => api<{ alert: { id: string; status: string } }>(`/api/records/alerts/${id}/acknowledge`, { method: 'POST', body: note ? { note } : {} }),
  shared: () => api<{ clients: SharedClient[] }>('/api/practitioner/clients'),
};

export interface UploadMeta {
  type: DocumentType;
  title: string;
  documentDate?: string | undefined;
  author?: string | undefined;
  previousId?: string | undefined;
}

/**
 * Uploads one file with a real progress bar (uploadWithProgress in app/api.ts). The raw file is
 * the body; the server sniffs its real type and answers 413/415 in French.
 */
export async function uploadDocument(scope: Scope, file: File, meta: UploadMeta, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<MedicalDocument> {
  if (scope.kind === 'practitioner') throw new Error('practitioners do not upload here');
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(meta)) if (v) params.set(k, String(v));
  const url = `${scope.kind === 'staff' ? `/api/clients/${scope.clientId}/documents` : '/api/portal/documents'}?${params}`;
  const body = await uploadWithProgress(url, file, { onProgress, signal });
  return body.document as MedicalDocument;
}
