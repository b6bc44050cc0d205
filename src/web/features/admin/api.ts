// Administration endpoints: accounts, audit log, outbox, national directory imports.
import { ApiError, api, type FieldError, type Role, type User } from '../../app/api.ts';
import { i18n } from '../../app/i18n.ts';

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

/** One run of the national directory import (GET /api/directory/imports, src/modules/directory/import-routes.ts). */
export interface ImportRun {
  id: string;
  source: 'rpps';
  status: 'running' | 'done' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  rows: number;
  added: number;
  updated: number;
  deactivated: number;
  errorCount: number;
  /** The first errors, with the line of the file (the header is line 1). */
  errors: { line: number; error: string }[];
  geocoded: number;
}

export const IMPORTS_KEY = ['admin', 'directory-imports'] as const;

export const directoryImportsApi = {
  list: () => api<{ imports: ImportRun[] }>('/api/directory/imports'),
  get: (id: string) => api<{ import: ImportRun }>(`/api/directory/imports/${encodeURIComponent(id)}`),
};

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * Sends the extract as the raw request body with XMLHttpRequest, for its upload progress events
 * (fetch has none): the server imports while it reads, so the bytes sent are the import's progress.
 * Resolves with the finished run; rejects with an ApiError (or an AbortError after `abort()`).
 */
export function uploadRppsExtract(
  file: File,
  csrfToken: string | null,
  onProgress: (progress: UploadProgress) => void,
): { done: Promise<{ import: ImportRun }>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<{ import: ImportRun }>((resolve, reject) => {
    xhr.open('POST', '/api/directory/imports');
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', i18n.language || 'fr');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (event) => onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    xhr.onerror = () => reject(new ApiError(0, 'network_error', i18n.t('errors.network')));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    xhr.onload = () => {
      let data: unknown = null;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && data && typeof data === 'object' && 'import' in data) {
        resolve(data as { import: ImportRun });
        return;
      }
      const payload = (data ?? {}) as { code?: unknown; message?: unknown; fields?: unknown };
      const code = typeof payload.code === 'string' ? payload.code : `http_${xhr.status}`;
      const message =
        typeof payload.message === 'string' && payload.message
          ? payload.message
          : xhr.status === 429
            ? i18n.t('errors.rateLimited')
            : i18n.t('errors.unexpected', { status: xhr.status });
      const fields = Array.isArray(payload.fields) ? (payload.fields as FieldError[]) : [];
      reject(new ApiError(xhr.status, code, message, fields, data && typeof data === 'object' ? (data as Record<string, unknown>) : {}));
    };
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
