// Admin side of the clients' rights: erasure, its register, retention periods.
import { api } from '../../app/api.ts';

export interface Erasure {
  id: string;
  clientId: string;
  clientNumber: string;
  reason: string;
  requestedAt: string;
  performedAt: string;
  summary: Record<string, { erased?: number; anonymised?: number; kept?: number }>;
}
export interface RetentionRow {
  kind: 'client_file' | 'messages' | 'sessions';
  days: number;
  defaultDays: number;
  minDays: number;
  label: { fr: string; en: string };
  basis: { fr: string; en: string };
}

export const privacyApi = {
  erasure: (clientId: string) => api<{ erasure: Erasure | null }>(`/api/admin/clients/${clientId}/erasure`),
  erase: (clientId: string, body: { reason: string; requestedAt?: string; confirmNumber: string }) => api<{ erasure: Erasure }>(`/api/admin/clients/${clientId}/erase`, { method: 'POST', body }),
  erasures: () => api<{ erasures: Erasure[] }>('/api/admin/erasures'),
  retention: () => api<{ retention: RetentionRow[] }>('/api/admin/retention'),
  saveRetention: (values: Partial<Record<RetentionRow['kind'], number>>) => api<{ retention: RetentionRow[] }>('/api/admin/retention', { method: 'PUT', body: values }),
  runRetention: () => api<{ report: { messages: number; sessions: number; clientsErased: number } }>('/api/admin/retention/run', { method: 'POST', body: {} }),
};
