// Administration endpoints: accounts, audit log, outbox.
import { api, type Role, type User } from '../../app/api.ts';

export interface UserFilters {
  q?: string;
  role?: Role | '';
  active?: 'true' | 'false' | '';
}

export interface NewUser {
  email: string;
  displayName: string;
  role: Role;
  locale?: 'fr' | 'en';
}

export interface UserPatch {
  role?: Role;
  active?: boolean;
  displayName?: string;
}

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEvent {
  id: string;
  occurredAt: string;
  actorId: string | null;
  actorEmail: string | null;
  /** A role, 'system' for the platform itself, or null for an anonymous caller. */
  actorRole: Role | 'system' | (string & {}) | null;
  action: string;
  outcome: AuditOutcome;
  targetType: string | null;
  targetId: string | null;
  clientId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: unknown;
}

export interface AuditFilters {
  actorId?: string;
  clientId?: string;
  action?: string;
  from?: string;
  to?: string;
}

export interface OutboxMessage {
  id: string;
  to: string;
  subject: string;
  textBody: string;
  htmlBody: string | null;
  status: 'outbox' | 'sent' | 'failed';
  createdAt: string;
  sentAt: string | null;
}

export const adminApi = {
  users: (filters: UserFilters) => api<{ users: User[] }>('/api/admin/users', { query: { ...filters } }),
  createUser: (input: NewUser) => api<{ user: User }>('/api/admin/users', { method: 'POST', body: input }),
  updateUser: (id: string, patch: UserPatch) =>
    api<{ user: User }>(`/api/admin/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch }),
  resetTotp: (id: string) =>
    api<{ user: User }>(`/api/admin/users/${encodeURIComponent(id)}/reset-totp`, { method: 'POST', body: {} }),
  audit: (filters: AuditFilters, cursor: string | null, limit = 50) =>
    api<{ events: AuditEvent[]; nextCursor: string | null }>('/api/admin/audit', {
      query: { ...filters, cursor, limit },
    }),
  auditActions: () => api<{ actions: string[] }>('/api/admin/audit/actions'),
  outbox: (limit = 100) =>
    api<{ smtpConfigured: boolean; messages: OutboxMessage[] }>('/api/admin/outbox', { query: { limit } }),
};
