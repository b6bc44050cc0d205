import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import { clearSessionCookie, setSessionCookie } from '../../server/plugins/auth.ts';
import { recordAudit } from '../audit/store.ts';
import { findClient } from '../clients/store.ts';
import { findPractitioner } from '../directory/store.ts';
import { roles } from './domain.ts';
import * as service from './service.ts';
import * as store from './store.ts';

const email = z.email().max(254);
const password = z.string().min(1).max(1024);
const userId = z.object({ id: z.uuid() });
// Sign-in and reset are the endpoints worth guessing at: a few tries a minute per address is plenty.
const strictLimit = { rateLimit: { max: 10, timeWindow: '1 minute' } };

function signedIn(req: FastifyRequest) {
  if (!req.auth) throw new DomainError('unauthenticated', 401);
  return req.auth;
}

export function identityRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['identité'];

  r.post(
    '/api/auth/login',
    {
      config: { public: true, ...strictLimit },
      schema: { tags, summary: 'Connexion (e-mail, mot de passe, code TOTP)', body: z.object({ email, password, totp: z.string().max(12).optional() }) },
    },
    async (req, reply) => {
      const { user, token, session } = await service.signIn(ctx, req.body, req.actor);
      setSessionCookie(reply, token);
      return { user: service.toPublicUser(user), csrfToken: session.csrfToken };
    },
  );

  r.post('/api/auth/logout', { config: { action: 'account.self', allowPendingTotp: true }, schema: { tags } }, async (req, reply) => {
    const { user, session } = signedIn(req);
    await service.signOut(ctx, user, session, req.actor);
    clearSessionCookie(reply);
    return reply.status(204).send();
  });

  r.get('/api/auth/me', { config: { action: 'account.self', allowPendingTotp: true }, schema: { tags, summary: 'Compte connecté' } }, async (req) => {
    const { user, session } = signedIn(req);
    return { user: service.toPublicUser(user), csrfToken: session.csrfToken };
  });

  r.post('/api/auth/totp/setup', { config: { action: 'account.self', allowPendingTotp: true }, schema: { tags } }, async (req) => {
    return service.startTotpSetup(ctx, signedIn(req).user, req.actor);
  });

  r.post(
    '/api/auth/totp/enable',
    { config: { action: 'account.self', allowPendingTotp: true, ...strictLimit }, schema: { tags, body: z.object({ code: z.string().max(12) }) } },
    async (req) => ({ user: service.toPublicUser(await service.enableTotp(ctx, signedIn(req).user, req.body.code, req.actor)) }),
  );

  r.post(
    '/api/auth/totp/disable',
    { config: { action: 'account.self', ...strictLimit }, schema: { tags, body: z.object({ password }) } },
    async (req) => ({ user: service.toPublicUser(await service.disableTotp(ctx, signedIn(req).user, req.body.password, req.actor)) }),
  );

  r.get('/api/auth/sessions', { config: { action: 'account.self', allowPendingTotp: true }, schema: { tags } }, async (req) => {
    const { user, session } = signedIn(req);
    const rows = await store.listActiveSessions(ctx.db, user.id, ctx.now());
    return {
      sessions: rows.map((s) => ({
        id: s.id,
        createdAt: s.createdAt.toISOString(),
        lastSeenAt: s.lastSeenAt.toISOString(),
        ip: s.ip,
        userAgent: s.userAgent,
        current: s.id === session.id,
      })),
    };
  });

  r.delete('/api/auth/sessions/:id', { config: { action: 'account.self', allowPendingTotp: true }, schema: { tags, params: userId } }, async (req, reply) => {
    const { user } = signedIn(req);
    if (!(await store.revokeSession(ctx.db, user.id, req.params.id))) throw new DomainError('session_not_found', 404);
    await recordAudit(ctx.db, req.actor, { action: 'auth.session.revoked', targetType: 'session', targetId: req.params.id });
    return reply.status(204).send();
  });

  r.post('/api/auth/sessions/revoke-others', { config: { action: 'account.self', allowPendingTotp: true }, schema: { tags } }, async (req) => {
    const { user, session } = signedIn(req);
    const revoked = await store.revokeUserSessions(ctx.db, user.id, session.id);
    await recordAudit(ctx.db, req.actor, { action: 'auth.session.revoked_others', targetType: 'user', targetId: user.id, details: { revoked } });
    return { revoked };
  });

  r.post(
    '/api/auth/password',
    { config: { action: 'account.self', ...strictLimit }, schema: { tags, body: z.object({ currentPassword: password, newPassword: password }) } },
    async (req, reply) => {
      const { user, session } = signedIn(req);
      await service.changePassword(ctx, user, session, req.body, req.actor);
      return reply.status(204).send();
    },
  );

  r.post(
    '/api/auth/password-reset/request',
    { config: { public: true, rateLimit: { max: 5, timeWindow: '1 minute' } }, schema: { tags, body: z.object({ email }) } },
    async (req, reply) => {
      await service.requestPasswordReset(ctx, req.body.email, req.actor);
      return reply.status(202).send({ status: 'accepted' });
    },
  );

  r.post(
    '/api/auth/password-reset/confirm',
    { config: { public: true, ...strictLimit }, schema: { tags, body: z.object({ token: z.string().min(10).max(200), newPassword: password }) } },
    async (req, reply) => {
      await service.confirmPasswordReset(ctx, req.body, req.actor);
      return reply.status(204).send();
    },
  );

  // Administration of accounts
  const admin = ['administration'];
  r.get(
    '/api/admin/users',
    {
      config: { action: 'users.read' },
      schema: {
        tags: admin,
        querystring: z.object({
          q: z.string().max(100).optional(),
          role: z.enum(roles).optional(),
          active: z.enum(['true', 'false']).optional(),
        }),
      },
    },
    async (req) => {
      const { q, role, active } = req.query;
      const rows = await store.listUsers(ctx.db, { q, role, active: active === undefined ? undefined : active === 'true' });
      return { users: rows.map(service.toPublicUser) };
    },
  );

  r.post(
    '/api/admin/users',
    {
      config: { action: 'users.manage' },
      schema: {
        tags: admin,
        body: z.object({ email, displayName: z.string().trim().min(1).max(120), role: z.enum(roles), locale: z.enum(['fr', 'en']).optional() }),
      },
    },
    async (req, reply) => reply.status(201).send({ user: service.toPublicUser(await service.createAccount(ctx, req.body, req.actor)) }),
  );

  r.patch(
    '/api/admin/users/:id',
    {
      config: { action: 'users.manage' },
      schema: {
        tags: admin,
        params: userId,
        body: z.object({
          role: z.enum(roles).optional(),
          active: z.boolean().optional(),
          displayName: z.string().trim().min(1).max(120).optional(),
          /** The client record a client account acts for. */
          clientId: z.uuid().nullable().optional(),
          /** The directory entry a practitioner account stands for (consents name it). */
          practitionerId: z.uuid().nullable().optional(),
        }),
      },
    },
    async (req) => {
      if (req.body.clientId && !(await findClient(ctx.db, req.body.clientId))) throw new DomainError('client_not_found', 404);
      if (req.body.practitionerId && !(await findPractitioner(ctx.db, req.body.practitionerId))) throw new DomainError('practitioner_not_found', 404);
      return { user: service.toPublicUser(await service.updateAccount(ctx, req.params.id, req.body, req.actor)) };
    },
  );

  r.post('/api/admin/users/:id/reset-totp', { config: { action: 'users.manage' }, schema: { tags: admin, params: userId } }, async (req) => ({
    user: service.toPublicUser(await service.resetAccountTotp(ctx, req.params.id, req.actor)),
  }));
}
