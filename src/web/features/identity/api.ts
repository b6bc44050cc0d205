// Identity endpoints used by the web app (see the server's /api/docs for the full schemas).
import { api, type Session, type User } from '../../app/api.ts';

export interface LoginInput {
  email: string;
  password: string;
  totp?: string;
}

export interface TotpSetup {
  secret: string;
  otpauthUrl: string;
  qrDataUrl: string;
}

export interface UserSession {
  id: string;
  createdAt: string;
  lastSeenAt: string | null;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

export const identityApi = {
  login: (input: LoginInput) => api<Session>('/api/auth/login', { method: 'POST', body: input }),
  totpSetup: () => api<TotpSetup>('/api/auth/totp/setup', { method: 'POST', body: {} }),
  totpEnable: (code: string) => api<{ user: User }>('/api/auth/totp/enable', { method: 'POST', body: { code } }),
  totpDisable: (password: string) =>
    api<{ user: User }>('/api/auth/totp/disable', { method: 'POST', body: { password } }),
  sessions: () => api<{ sessions: UserSession[] }>('/api/auth/sessions'),
  revokeSession: (id: string) => api<void>(`/api/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  revokeOtherSessions: () => api<{ revoked: number }>('/api/auth/sessions/revoke-others', { method: 'POST', body: {} }),
  changePassword: (currentPassword: string, newPassword: string) =>
    api<void>('/api/auth/password', { method: 'POST', body: { currentPassword, newPassword } }),
  requestPasswordReset: (email: string) =>
    api<void>('/api/auth/password-reset/request', { method: 'POST', body: { email } }),
  confirmPasswordReset: (token: string, newPassword: string) =>
    api<void>('/api/auth/password-reset/confirm', { method: 'POST', body: { token, newPassword } }),
};

export const MIN_PASSWORD_LENGTH = 12;
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
