import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { hashToken, safeEqual } from '../../platform/crypto.ts';
import { anonymous, type Actor } from '../../modules/audit/domain.ts';
import { recordAudit } from '../../modules/audit/store.ts';
import { type Action, can, type Role, SESSION_MAX_MS, sessionExpired, totpRequired } from '../../modules/identity/domain.ts';
import { findSessionByTokenHash, type SessionRow, touchSession, type UserRow } from '../../modules/identity/store.ts';
import { requestLocale, sendError } from './errors.ts';

export const SESSION_COOKIE = 'parcours_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a session (sign-in, health, password reset). */
    public?: boolean;
    /** The permission a signed-in user needs; see the role → actions table in identity/domain.ts. */
    action?: Action;
    /** Reachable while a staff account has not yet enrolled its second factor. */
    allowPendingTotp?: boolean;
  }
  interface FastifyInstance {
    /** Every API route with its guard, as registered: the permission test walks it. */
    guardedRoutes: { method: string; url: string; action: Action | undefined; public: boolean }[];
  }
  interface FastifyRequest {
    auth: { user: UserRow; session: SessionRow } | null;
    actor: Actor;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const TOUCH_EVERY_MS = 60_000;

export function setSessionCookie(reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: 'auto', // Secure whenever the request came over HTTPS (behind a proxy: TRUST_PROXY=1)
    maxAge: SESSION_MAX_MS / 1000,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** Same-origin check for state-changing requests, including those made before any session exists. */
function crossOrigin(req: FastifyRequest): boolean {
  if (req.headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = req.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

/**
 * Loads the session from its cookie, then applies the route's guard: authentication, pending 2FA
 * enrolment, the role's permission for the route's action, and CSRF on state-changing requests.
 */
export function registerAuth(app: FastifyInstance, ctx: AppContext): void {
  app.decorate('guardedRoutes', []);
  app.decorateRequest('auth', null);
  app.decorateRequest('actor', null as unknown as Actor);

  // Every API route must say whether it is public or which action it needs: nothing is guarded by accident.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    const config = route.config as { public?: boolean; action?: Action } | undefined;
    if (!config?.public && !config?.action) throw new Error(`Route ${route.method} ${route.url} has neither config.public nor config.action`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') app.guardedRoutes.push({ method, url: route.url, action: config.action, public: config.public === true });
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    const ip = req.ip ?? null;
    const userAgent = req.headers['user-agent']?.slice(0, 300) ?? null;
    req.actor = anonymous(ip, userAgent);
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      const found = await findSessionByTokenHash(ctx.db, hashToken(token));
      const now = ctx.now();
      if (found && found.users.active && !sessionExpired(found.sessions, now)) {
        req.auth = { user: found.users, session: found.sessions };
        req.actor = { id: found.users.id, email: found.users.email, role: found.users.role, ip, userAgent };
        if (now.getTime() - found.sessions.lastSeenAt.getTime() > TOUCH_EVERY_MS) await touchSession(ctx.db, found.sessions.id, now);
      } else {
        clearSessionCookie(reply);
      }
    }

    // Unknown URLs fall through to the not-found handler; non-API URLs are the web app's pages.
    if (!req.url.startsWith('/api/') || req.routeOptions.url === undefined) return;
    const config = req.routeOptions.config;
    const locale = requestLocale(req);
    const unsafe = !SAFE_METHODS.has(req.method);
    if (unsafe && crossOrigin(req)) return sendError(reply, locale, 403, 'cross_origin');
    // The OpenAPI document and its viewer are public, like the sign-in page.
    if (config.public || req.routeOptions.url.startsWith('/api/docs')) return;
    if (!req.auth) return sendError(reply, locale, 401, 'unauthenticated');
    if (unsafe && !safeEqual(String(req.headers['x-csrf-token'] ?? ''), req.auth.session.csrfToken)) {
      return sendError(reply, locale, 403, 'csrf_failed');
    }
    const role = req.auth.user.role as Role;
    if (totpRequired(role) && !req.auth.user.totpEnabledAt && !config.allowPendingTotp) {
      return sendError(reply, locale, 403, 'totp_enrolment_required');
    }
    if (config.action && !can(role, config.action)) {
      await recordAudit(ctx.db, req.actor, {
        action: 'access.denied',
        outcome: 'denied',
        details: { method: req.method, route: req.routeOptions.url, needs: config.action },
      });
      return sendError(reply, locale, 403, 'forbidden');
    }
  });
}
