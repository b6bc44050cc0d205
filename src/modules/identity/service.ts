/** Identity use-cases: sign-in, 2FA, passwords, accounts. Each one audits what it did. */
import { hash, verify } from '@node-rs/argon2';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import QRCode from 'qrcode';
import { type AppContext, parisTime } from '../../platform/context.ts';
import { hashToken, newToken } from '../../platform/crypto.ts';
import { DomainError, type Locale } from '../../platform/errors.ts';
import type { Actor } from '../audit/domain.ts';
import { recordAudit } from '../audit/store.ts';
import {
  checkPasswordPolicy,
  INVITATION_TOKEN_MS,
  isLocked,
  LOCK_MINUTES,
  MAX_FAILED_LOGINS,
  normaliseEmail,
  RESET_TOKEN_MS,
  type Role,
  SESSION_MAX_MS,
  totpRequired,
} from './domain.ts';
import { accountMail } from './mails.ts';
import * as store from './store.ts';
import type { SessionRow, UserRow } from './store.ts';

// argon2id with OWASP's second recommended profile (19 MiB, t=2, p=1): ~15 ms here, memory-hard.
const ARGON = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
export const hashPassword = (password: string) => hash(password, ARGON);
// Verifying against this when the e-mail is unknown keeps response times equal (no account probing).
const DUMMY_HASH = await hashPassword('parcours-dummy-password');

export interface PublicUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  locale: Locale;
  active: boolean;
  totpEnabled: boolean;
  totpRequired: boolean;
  mustEnrolTotp: boolean;
  clientId: string | null;
  /** For a practitioner account: its directory entry (what consents name). */
  practitionerId: string | null;
  createdAt: string;
}

export function toPublicUser(u: UserRow): PublicUser {
  const role = u.role as Role;
  const enabled = u.totpEnabledAt !== null;
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    role,
    locale: u.locale as Locale,
    active: u.active,
    totpEnabled: enabled,
    totpRequired: totpRequired(role),
    mustEnrolTotp: totpRequired(role) && !enabled,
    clientId: u.clientId,
    practitionerId: u.practitionerId,
    createdAt: u.createdAt.toISOString(),
  };
}

const asActor = (u: UserRow, from: Actor): Actor => ({ ...from, id: u.id, email: u.email, role: u.role });
const totpContext = (userId: string) => `users.totp_secret:${userId}`;

async function checkTotp(ctx: AppContext, user: UserRow, sealed: string, code: string): Promise<number | null> {
  const secret = ctx.vault.open(sealed, totpContext(user.id));
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  // One step of tolerance each way for clock drift; a code is never accepted twice.
  const result = await verifyTotp({
    secret,
    token,
    epochTolerance: 30,
    ...(user.totpLastStep !== null ? { afterTimeStep: user.totpLastStep } : {}),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

async function registerFailure(ctx: AppContext, user: UserRow, actor: Actor, reason: string): Promise<void> {
  const failures = await store.bumpFailedLogins(ctx.db, user.id);
  await recordAudit(ctx.db, asActor(user, actor), { action: 'auth.login', outcome: 'failure', targetType: 'user', targetId: user.id, details: { reason } });
  if (failures >= MAX_FAILED_LOGINS) {
    const until = new Date(ctx.now().getTime() + LOCK_MINUTES * 60_000);
    await store.updateUser(ctx.db, user.id, { lockedUntil: until, failedLogins: 0 });
    await recordAudit(ctx.db, asActor(user, actor), {
      action: 'auth.account_locked',
      outcome: 'denied',
      targetType: 'user',
      targetId: user.id,
      details: { failures, minutes: LOCK_MINUTES },
    });
  }
}

export async function openSession(ctx: AppContext, user: UserRow, actor: Actor): Promise<{ token: string; session: SessionRow }> {
  const token = newToken();
  const now = ctx.now();
  const session = await store.insertSession(ctx.db, {
    tokenHash: hashToken(token),
    userId: user.id,
    csrfToken: newToken(24),
    ip: actor.ip,
    userAgent: actor.userAgent?.slice(0, 300) ?? null,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_MAX_MS),
  });
  return { token, session };
}

export async function signIn(
  ctx: AppContext,
  input: { email: string; password: string; totp?: string | undefined },
  actor: Actor,
): Promise<{ user: UserRow; token: string; session: SessionRow }> {
  const email = normaliseEmail(input.email);
  const user = await store.findUserByEmail(ctx.db, email);
  if (!user || !user.passwordHash) {
    await verify(DUMMY_HASH, input.password);
    await recordAudit(ctx.db, { ...actor, email }, { action: 'auth.login', outcome: 'failure', details: { reason: user ? 'no_password' : 'unknown_email' } });
    throw new DomainError('invalid_credentials', 401);
  }
  const now = ctx.now();
  if (isLocked(user.lockedUntil, now)) {
    await recordAudit(ctx.db, asActor(user, actor), { action: 'auth.login', outcome: 'denied', targetType: 'user', targetId: user.id, details: { reason: 'locked' } });
    throw new DomainError('account_locked', 423, { until: parisTime(user.lockedUntil as Date) });
  }
  if (!(await verify(user.passwordHash, input.password))) {
    await registerFailure(ctx, user, actor, 'bad_password');
    throw new DomainError('invalid_credentials', 401);
  }
  if (!user.active) {
    await recordAudit(ctx.db, asActor(user, actor), { action: 'auth.login', outcome: 'denied', targetType: 'user', targetId: user.id, details: { reason: 'inactive' } });
    throw new DomainError('account_inactive', 403);
  }
  let totpLastStep = user.totpLastStep;
  if (user.totpEnabledAt && user.totpSecret) {
    if (!input.totp) throw new DomainError('totp_required', 401);
    const step = await checkTotp(ctx, user, user.totpSecret, input.totp);
    if (step === null) {
      await registerFailure(ctx, user, actor, 'bad_totp');
      throw new DomainError('invalid_totp', 401);
    }
    totpLastStep = step;
  }
  const fresh = await store.updateUser(ctx.db, user.id, { failedLogins: 0, lockedUntil: null, totpLastStep });
  const { token, session } = await openSession(ctx, fresh, actor);
  await recordAudit(ctx.db, asActor(user, actor), {
    action: 'auth.login',
    targetType: 'session',
    targetId: session.id,
    details: { secondFactor: user.totpEnabledAt !== null },
  });
  return { user: fresh, token, session };
}

export async function signOut(ctx: AppContext, user: UserRow, session: SessionRow, actor: Actor): Promise<void> {
  await store.revokeSession(ctx.db, user.id, session.id);
  await recordAudit(ctx.db, actor, { action: 'auth.logout', targetType: 'session', targetId: session.id });
}

export async function startTotpSetup(ctx: AppContext, user: UserRow, actor: Actor) {
  const secret = generateSecret();
  await store.updateUser(ctx.db, user.id, { totpPendingSecret: ctx.vault.seal(secret, totpContext(user.id)) });
  const otpauthUrl = generateURI({ issuer: 'Parcours', label: user.email, secret });
  await recordAudit(ctx.db, actor, { action: 'auth.totp.setup_started', targetType: 'user', targetId: user.id });
  return { secret, otpauthUrl, qrDataUrl: await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 240 }) };
}

export async function enableTotp(ctx: AppContext, user: UserRow, code: string, actor: Actor): Promise<UserRow> {
  if (!user.totpPendingSecret) throw new DomainError('totp_not_pending', 409);
  const step = await checkTotp(ctx, { ...user, totpLastStep: null }, user.totpPendingSecret, code);
  if (step === null) {
    await recordAudit(ctx.db, actor, { action: 'auth.totp.enabled', outcome: 'failure', targetType: 'user', targetId: user.id, details: { reason: 'bad_code' } });
    throw new DomainError('invalid_totp', 400, {}, [{ path: 'code', code: 'invalid_totp' }]);
  }
  const updated = await store.updateUser(ctx.db, user.id, {
    totpSecret: user.totpPendingSecret,
    totpPendingSecret: null,
    totpEnabledAt: ctx.now(),
    totpLastStep: step,
  });
  await recordAudit(ctx.db, actor, { action: 'auth.totp.enabled', targetType: 'user', targetId: user.id });
  return updated;
}

export async function disableTotp(ctx: AppContext, user: UserRow, password: string, actor: Actor): Promise<UserRow> {
  if (totpRequired(user.role as Role)) throw new DomainError('totp_required_for_role', 403);
  if (!user.passwordHash || !(await verify(user.passwordHash, password))) {
    await recordAudit(ctx.db, actor, { action: 'auth.totp.disabled', outcome: 'failure', targetType: 'user', targetId: user.id, details: { reason: 'bad_password' } });
    throw new DomainError('wrong_password', 400, {}, [{ path: 'password', code: 'wrong_password' }]);
  }
  const updated = await store.updateUser(ctx.db, user.id, { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null });
  await recordAudit(ctx.db, actor, { action: 'auth.totp.disabled', targetType: 'user', targetId: user.id });
  return updated;
}

export async function changePassword(
  ctx: AppContext,
  user: UserRow,
  session: SessionRow,
  input: { currentPassword: string; newPassword: string },
  actor: Actor,
): Promise<void> {
  if (!user.passwordHash || !(await verify(user.passwordHash, input.currentPassword))) {
    await recordAudit(ctx.db, actor, { action: 'auth.password.changed', outcome: 'failure', targetType: 'user', targetId: user.id, details: { reason: 'wrong_password' } });
    throw new DomainError('wrong_password', 400, {}, [{ path: 'currentPassword', code: 'wrong_password' }]);
  }
  checkPasswordPolicy(input.newPassword, user.email);
  await store.updateUser(ctx.db, user.id, { passwordHash: await hashPassword(input.newPassword), passwordChangedAt: ctx.now() });
  // Someone who knew the old password must not stay signed in elsewhere.
  const revoked = await store.revokeUserSessions(ctx.db, user.id, session.id);
  await recordAudit(ctx.db, actor, { action: 'auth.password.changed', targetType: 'user', targetId: user.id, details: { revokedSessions: revoked } });
}

async function sendAccountLink(ctx: AppContext, user: UserRow, purpose: 'reset' | 'invitation', locale: Locale): Promise<void> {
  const token = newToken();
  const ttl = purpose === 'reset' ? RESET_TOKEN_MS : INVITATION_TOKEN_MS;
  await store.insertPasswordReset(ctx.db, {
    tokenHash: hashToken(token),
    userId: user.id,
    purpose,
    expiresAt: new Date(ctx.now().getTime() + ttl),
  });
  // The token travels in the fragment-free query of a page URL; the server never logs query strings.
  const link = `${ctx.config.publicUrl}/reinitialiser?token=${encodeURIComponent(token)}${purpose === 'invitation' ? '&invitation=1' : ''}`;
  await ctx.mailer.send(ctx.db, accountMail(purpose, locale, user.email, link, user.displayName));
}

/** Always succeeds from the caller's view, so the form cannot be used to learn who has an account. */
export async function requestPasswordReset(ctx: AppContext, emailInput: string, actor: Actor): Promise<void> {
  const email = normaliseEmail(emailInput);
  const user = await store.findUserByEmail(ctx.db, email);
  if (!user || !user.active) {
    await recordAudit(ctx.db, { ...actor, email }, { action: 'auth.password.reset_requested', outcome: 'failure', details: { reason: user ? 'inactive' : 'unknown_email' } });
    return;
  }
  await sendAccountLink(ctx, user, 'reset', user.locale as Locale);
  await recordAudit(ctx.db, asActor(user, actor), { action: 'auth.password.reset_requested', targetType: 'user', targetId: user.id });
}

export async function confirmPasswordReset(ctx: AppContext, input: { token: string; newPassword: string }, actor: Actor): Promise<void> {
  const tokenHash = hashToken(input.token);
  const now = ctx.now();
  const pending = await ctx.db.query.passwordResets.findFirst({ where: (t, { eq }) => eq(t.tokenHash, tokenHash) });
  const user = pending ? await store.findUserById(ctx.db, pending.userId) : undefined;
  if (!pending || !user || pending.usedAt || pending.expiresAt <= now || !user.active) {
    await recordAudit(ctx.db, actor, { action: 'auth.password.reset', outcome: 'failure', details: { reason: 'invalid_token' } });
    throw new DomainError('reset_token_invalid', 400);
  }
  // Policy first, so a rejected password does not burn the link.
  checkPasswordPolicy(input.newPassword, user.email);
  const consumed = await store.consumePasswordReset(ctx.db, tokenHash, now);
  if (!consumed) throw new DomainError('reset_token_invalid', 400);
  await store.updateUser(ctx.db, user.id, {
    passwordHash: await hashPassword(input.newPassword),
    passwordChangedAt: now,
    failedLogins: 0,
    lockedUntil: null,
  });
  const revoked = await store.revokeUserSessions(ctx.db, user.id);
  await recordAudit(ctx.db, asActor(user, actor), {
    action: consumed.purpose === 'invitation' ? 'auth.invitation.accepted' : 'auth.password.reset',
    targetType: 'user',
    targetId: user.id,
    details: { revokedSessions: revoked },
  });
}

export async function createAccount(
  ctx: AppContext,
  input: { email: string; displayName: string; role: Role; locale?: Locale | undefined; password?: string | undefined },
  actor: Actor,
): Promise<UserRow> {
  const email = normaliseEmail(input.email);
  if (await store.findUserByEmail(ctx.db, email)) throw new DomainError('email_taken', 409, {}, [{ path: 'email', code: 'email_taken' }]);
  if (input.password !== undefined) checkPasswordPolicy(input.password, email);
  const user = await store.insertUser(ctx.db, {
    email,
    displayName: input.displayName.trim(),
    role: input.role,
    locale: input.locale ?? 'fr',
    ...(input.password !== undefined ? { passwordHash: await hashPassword(input.password), passwordChangedAt: ctx.now() } : {}),
  });
  await recordAudit(ctx.db, actor, { action: 'users.created', targetType: 'user', targetId: user.id, details: { role: user.role } });
  // Without a password set by the CLI, the new user chooses one through an invitation link.
  if (input.password === undefined) await sendAccountLink(ctx, user, 'invitation', user.locale as Locale);
  return user;
}

export async function updateAccount(
  ctx: AppContext,
  id: string,
  patch: { role?: Role | undefined; active?: boolean | undefined; displayName?: string | undefined; clientId?: string | null | undefined; practitionerId?: string | null | undefined },
  actor: Actor,
): Promise<UserRow> {
  const user = await store.findUserById(ctx.db, id);
  if (!user) throw new DomainError('user_not_found', 404);
  if (id === actor.id && ((patch.role && patch.role !== 'admin') || patch.active === false)) throw new DomainError('cannot_demote_self', 409);
  // Consents name a directory entry: only a practitioner account may stand for one.
  if (patch.practitionerId && (patch.role ?? user.role) !== 'practitioner') throw new DomainError('practitioner_link_role', 409, {}, [{ path: 'practitionerId', code: 'practitioner_link_role' }]);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of ['role', 'active', 'displayName', 'clientId', 'practitionerId'] as const) {
    if (patch[key] !== undefined && patch[key] !== user[key]) changes[key] = { from: user[key], to: patch[key] };
  }
  if (Object.keys(changes).length === 0) return user;
  const updated = await store.updateUser(ctx.db, id, {
    ...(patch.role !== undefined ? { role: patch.role } : {}),
    ...(patch.active !== undefined ? { active: patch.active } : {}),
    ...(patch.displayName !== undefined ? { displayName: patch.displayName.trim() } : {}),
    ...(patch.clientId !== undefined ? { clientId: patch.clientId } : {}),
    ...(patch.practitionerId !== undefined ? { practitionerId: patch.practitionerId } : {}),
    // A practitioner link means nothing on another role: it goes with the role change.
    ...(patch.role && patch.role !== 'practitioner' && user.practitionerId && patch.practitionerId === undefined ? { practitionerId: null } : {}),
  });
  // A new role, a deactivation or a new link takes effect now, not when the old sessions expire.
  const revokedSessions = changes.role || changes.active || changes.clientId || changes.practitionerId ? await store.revokeUserSessions(ctx.db, id) : 0;
  await recordAudit(ctx.db, actor, { action: 'users.updated', targetType: 'user', targetId: id, details: { changes, revokedSessions } });
  return updated;
}

export async function resetAccountTotp(ctx: AppContext, id: string, actor: Actor): Promise<UserRow> {
  const user = await store.findUserById(ctx.db, id);
  if (!user) throw new DomainError('user_not_found', 404);
  const updated = await store.updateUser(ctx.db, id, { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null });
  const revokedSessions = await store.revokeUserSessions(ctx.db, id);
  await recordAudit(ctx.db, actor, { action: 'users.totp_reset', targetType: 'user', targetId: id, details: { revokedSessions } });
  return updated;
}
