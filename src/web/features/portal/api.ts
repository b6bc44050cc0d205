// The client portal endpoints (/api/portal/requests): a client's own requests, and a new one.
import { api } from '../../app/api.ts';
import type { Kind, Status } from '../requests/api.ts';

export interface PortalClient {
  id: string;
  number: string;
  displayName: string;
}

export interface PortalRequest {
  id: string;
  number: string;
  kind: Kind;
  status: Status;
  createdAt: string;
}

export interface NewPortalRequest {
  kind: Kind;
  text: string;
  preferredDates?: string;
  constraints?: string;
}

export const PORTAL_KEY = ['portal', 'requests'] as const;

export const portalApi = {
  list: () => api<{ client: PortalClient | null; requests: PortalRequest[] }>('/api/portal/requests'),
  create: (input: NewPortalRequest) =>
    api<{ request: PortalRequest; emergency: boolean }>('/api/portal/requests', { method: 'POST', body: input }),
};
