// API client: a small fetch wrapper around the Parcours JSON API.
// - same-origin cookies (the session cookie is httpOnly)
// - Accept-Language of the current UI language (server messages come back localized)
// - x-csrf-token on every non-GET request (token from /api/auth/me or the login response)
// - errors become ApiError {status, code, message, fields}
import { i18n } from './i18n.ts';

export type Role = 'admin' | 'advisor' | 'coordinator' | 'practitioner' | 'client';
export const ROLES: readonly Role[] = ['admin', 'advisor', 'coordinator', 'practitioner', 'client'];
/** The concierge team: they work on clients and requests. */
export const STAFF_ROLES: readonly Role[] = ['admin', 'advisor', 'coordinator'];
/** Everyone but clients: the modules of the team's work. */
export const TEAM_ROLES: readonly Role[] = ['admin', 'advisor', 'coordinator', 'practitioner'];
export const isStaff = (role: Role): boolean => STAFF_ROLES.includes(role);

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  locale: 'fr' | 'en';
  active: boolean;
  totpEnabled: boolean;
  totpRequired: boolean;
  mustEnrolTotp: boolean;
  createdAt: string;
}

export interface Session {
  user: User;
  csrfToken: string;
}

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];
  /** The whole error body (some errors carry more, e.g. `duplicates` of a possible_duplicate). */
  readonly body: Record<string, unknown>;

  constructor(status: number, code: string, message: string, fields: FieldError[] = [], body: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.body = body;
  }

  /** Message of the error on one field (for form inputs), if the server sent one. */
  fieldMessage(path: string): string | undefined {
    return this.fields.find((field) => field.path === path || field.path.endsWith(`.${path}`))?.message;
  }
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | null | undefined>;
  signal?: AbortSignal;
}

function buildUrl(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export async function api<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': i18n.language || 'fr',
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', i18n.t('errors.network'));
  }

  const text = response.status === 204 ? '' : await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }

  if (!response.ok) {
    const payload = (data ?? {}) as { code?: unknown; message?: unknown; fields?: unknown };
    const code = typeof payload.code === 'string' ? payload.code : `http_${response.status}`;
    const message =
      typeof payload.message === 'string' && payload.message
        ? payload.message
        : response.status === 429
          ? i18n.t('errors.rateLimited')
          : i18n.t('errors.unexpected', { status: response.status });
    const fields = Array.isArray(payload.fields) ? (payload.fields as FieldError[]) : [];
    const body = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
    throw new ApiError(response.status, code, message, fields, body);
  }
  return data as T;
}

/** True when every message of the error is already shown next to one of these form fields. */
export function shownOnFields(error: unknown, paths: readonly string[]): boolean {
  return (
    error instanceof ApiError &&
    error.fields.length > 0 &&
    error.fields.every((field) => paths.some((path) => field.path === path || field.path.endsWith(`.${path}`)))
  );
}

/** Message to show for any error thrown by a query or mutation. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return i18n.t('errors.unexpected', { status: '?' });
}
