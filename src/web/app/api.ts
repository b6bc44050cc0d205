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

  if (!response.ok) throw apiErrorOf(response.status, data);
  return data as T;
}

/** The ApiError of a refused answer, from its parsed JSON body (or null when it had none). */
function apiErrorOf(status: number, data: unknown): ApiError {
  const body = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  const code = typeof body.code === 'string' ? body.code : `http_${status}`;
  const message =
    typeof body.message === 'string' && body.message ? body.message : status === 429 ? i18n.t('errors.rateLimited') : i18n.t('errors.unexpected', { status });
  const fields = Array.isArray(body.fields) ? (body.fields as FieldError[]) : [];
  return new ApiError(status, code, message, fields, body);
}

/**
 * GETs a file (a document's content) as a Blob. A refusal (e.g. no consent) comes back as the
 * API's JSON error, thrown as ApiError with its localized message, instead of a raw page.
 */
export async function fetchFile(path: string, signal?: AbortSignal): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { 'Accept-Language': i18n.language || 'fr' }, credentials: 'same-origin', signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', i18n.t('errors.network'));
  }
  if (response.ok) return response.blob();
  let data: unknown = null;
  try {
    data = JSON.parse(await response.text());
  } catch {
    data = null;
  }
  throw apiErrorOf(response.status, data);
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

export interface UploadOptions {
  /** Share of the file sent so far, 0..1 (1 once the server answered with success). */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * POSTs one file as the raw request body (Content-Type of the file, X-Filename URL-encoded), with
 * upload progress — fetch() has none, hence XMLHttpRequest. Resolves the parsed JSON body on 2xx;
 * rejects with ApiError (server error or network_error), or an AbortError DOMException on abort.
 */
export async function uploadWithProgress(url: string, file: File, options: UploadOptions = {}): Promise<Record<string, unknown>> {
  const { onProgress, signal } = options;
  signal?.throwIfAborted();
  // The CSRF token lives in the session: ask for it rather than rely on a copy kept here.
  const { csrfToken: token } = await api<Session>('/api/auth/me', { signal });
  signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('X-Filename', encodeURIComponent(file.name));
    xhr.setRequestHeader('x-csrf-token', token);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', i18n.language || 'fr');
    const onAbort = () => xhr.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => signal?.removeEventListener('abort', onAbort);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      settle();
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(xhr.responseText || 'null');
      } catch {
        parsed = null;
      }
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(apiErrorOf(xhr.status, parsed));
        return;
      }
      onProgress?.(1);
      resolve(parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {});
    };
    xhr.onerror = () => {
      settle();
      reject(new ApiError(0, 'network_error', i18n.t('errors.network')));
    };
    xhr.onabort = () => {
      settle();
      reject(new DOMException('aborted', 'AbortError'));
    };
    xhr.send(file);
  });
}
