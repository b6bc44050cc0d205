/** Identity rules: roles, what each role may do, password policy, lockout. Pure: no I/O. */
import { DomainError } from '../../platform/errors.ts';

export const roles = ['admin', 'advisor', 'coordinator', 'practitioner', 'client'] as const;
export type Role = (typeof roles)[number];

/** Roles that handle other people's health data must use a second factor. */
export const rolesRequiringTotp: readonly Role[] = ['admin', 'advisor', 'coordinator', 'practitioner'];
export const totpRequired = (role: Role): boolean => rolesRequiringTotp.includes(role);

/**
 * Every protected action, and the one table of who may do it. Routes name an action; the guard
 * checks it here. Later capabilities add their actions to this table.
 */
export const actions = [
  'account.self', // own profile, sessions, password, 2FA
  'shell.staff', // the staff workspace
  'users.read',
  'users.manage',
  'audit.read',
  'outbox.read',
  'clients.read',
  'clients.write',
  'clients.medical', // allergies, history, treatments: medical advisors only
  'requests.read',
  'requests.write',
  'portal.use', // a client's own requests
  'directory.read',
  'directory.write',
  'directory.import', // upload a national extract
  'matching.configure', // the ranking weights
  'scheduling.configure', // the team's reminder policy
  'preparation.configure', // the checklist templates by consultation type
  'records.shared', // a practitioner account: the files clients shared with them (consent checked per document type)
  'privacy.manage', // RGPD: export or erase any client's data, retention periods
  'billing.read', // invoices, payments, receivables, quotes
  'billing.write', // draft, issue, credit, record payments, quotes and decisions
  'billing.configure', // the service catalogue and plans
  'reporting.finance', // revenue and receivables on the KPI dashboard and the monthly report
] as const;
export type Action = (typeof actions)[number];

const staff: readonly Action[] = [
  'account.self',
  'shell.staff',
  'users.read',
  'clients.read',
  'clients.write',
  'requests.read',
  'requests.write',
  'directory.read',
  'directory.write',
  'billing.read',
  'billing.write',
];
export const permissions: Record<Role, readonly Action[]> = {
  admin: [...staff, 'users.manage', 'audit.read', 'outbox.read', 'directory.import', 'matching.configure', 'scheduling.configure', 'preparation.configure', 'privacy.manage', 'reporting.finance', 'billing.configure'],
  advisor: [...staff, 'clients.medical'],
  coordinator: [...staff, 'preparation.configure'],
  practitioner: ['account.self', 'records.shared'],
  client: ['account.self', 'portal.use'],
};

export const can = (role: Role, action: Action): boolean => permissions[role].includes(action);

/** CNIL deliberation 2022-100: 12+ characters with variety is the baseline for a password alone. */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export function checkPasswordPolicy(password: string, email?: string): void {
  const fail = (code: 'password_too_short' | 'password_too_long' | 'password_contains_email' | 'password_too_simple', params = {}) => {
    throw new DomainError(code, 400, params, [{ path: 'newPassword', code }]);
  };
  if ([...password].length < PASSWORD_MIN) fail('password_too_short', { min: PASSWORD_MIN });
  if ([...password].length > PASSWORD_MAX) fail('password_too_long', { max: PASSWORD_MAX });
  const local = email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && password.toLowerCase().includes(local)) fail('password_contains_email');
  // A long run of one character or too few distinct characters is guessable whatever its length.
  if (new Set(password.toLowerCase()).size < 6) fail('password_too_simple');
}

/** After this many consecutive failures the account locks for LOCK_MINUTES (audited). */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime();
}

/** Session lifetime: a staff workstation left open signs out after 2 h idle, 12 h at most. */
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
export const SESSION_MAX_MS = 12 * 60 * 60 * 1000;
export const RESET_TOKEN_MS = 60 * 60 * 1000;
export const INVITATION_TOKEN_MS = 7 * 24 * 60 * 60 * 1000;

export function sessionExpired(s: { createdAt: Date; lastSeenAt: Date; expiresAt: Date; revokedAt: Date | null }, now: Date): boolean {
  return s.revokedAt !== null || s.expiresAt <= now || now.getTime() - s.lastSeenAt.getTime() > SESSION_IDLE_MS;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
