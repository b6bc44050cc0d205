import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { auditRoutes } from '../modules/audit/routes.ts';
import { billingRoutes } from '../modules/billing/routes.ts';
import { clientRoutes } from '../modules/clients/routes.ts';
import { consentRoutes } from '../modules/consent/routes.ts';
import { privacyRoutes } from '../modules/privacy/routes.ts';
import { followupRoutes } from '../modules/followup/routes.ts';
import { importRoutes } from '../modules/directory/import-routes.ts';
import { directoryRoutes } from '../modules/directory/routes.ts';
import { matchingRoutes } from '../modules/matching/routes.ts';
import { schedulingRoutes } from '../modules/scheduling/routes.ts';
import { preparationRoutes } from '../modules/preparation/routes.ts';
import { identityRoutes } from '../modules/identity/routes.ts';
import { notificationRoutes } from '../modules/notifications/routes.ts';
import { requestRoutes } from '../modules/requests/routes.ts';
import type { AppContext } from '../platform/context.ts';
import { teleconsultationRoutes } from '../modules/teleconsultation/routes.ts';
import { recordsRoutes } from '../modules/records/routes.ts';
import { reimbursementRoutes } from '../modules/reimbursement/routes.ts';
import { reportingRoutes } from '../modules/reporting/routes.ts';
import { registerAuth } from './plugins/auth.ts';
import { registerErrorHandling, requestLocale, sendError } from './plugins/errors.ts';

export const webDist = join(dirname(fileURLToPath(import.meta.url)), '../../dist/web');

/** A request's URL as logged: no query string, no link secret (/rdv/…, /proposition/…, /teleconsultation/…). */
export const redactUrl = (url: string): string => (url.split('?')[0] ?? '').replace(/^\/(rdv|proposition|teleconsultation|dossier-rdv|avis)\/[^/]+/, '/$1/…');

export interface AppOptions {
  logger?: boolean | { level: string };
  /** Serve the built web app (dist/web) when present. */
  serveWeb?: boolean;
}

export async function buildApp(ctx: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger
      ? {
          ...(typeof options.logger === 'object' ? options.logger : {}),
          // Query strings can hold reset tokens and search terms about patients, and some pages carry
          // a link's secret in their path: neither is logged.
          serializers: { req: (req) => ({ method: req.method, url: redactUrl(req.url), id: req.id }) },
        }
      : false,
    trustProxy: ctx.config.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"], // Mantine sets CSS variables inline
        // The directory's map tiles come from the configured tile server.
        imgSrc: ["'self'", 'data:', 'blob:', ...(ctx.config.mapTilesUrl ? [new URL(ctx.config.mapTilesUrl.replace(/[{}]/g, '')).origin] : [])],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Parcours API', description: 'API de la plateforme de conciergerie médicale Parcours.', version: '0.1.0' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'parcours_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  registerAuth(app, ctx);

  app.get(
    '/api/health',
    { config: { public: true }, schema: { tags: ['système'], summary: 'État du service' } },
    async () => {
      await ctx.database.db.execute('select 1');
      return { status: 'ok', database: ctx.dbKind };
    },
  );
  identityRoutes(app, ctx);
  auditRoutes(app, ctx);
  notificationRoutes(app, ctx);
  clientRoutes(app, ctx);
  requestRoutes(app, ctx);
  directoryRoutes(app, ctx);
  importRoutes(app, ctx);
  matchingRoutes(app, ctx);
  schedulingRoutes(app, ctx);
  await teleconsultationRoutes(app, ctx);
  preparationRoutes(app, ctx);
  recordsRoutes(app, ctx);
  consentRoutes(app, ctx);
  privacyRoutes(app, ctx);
  billingRoutes(app, ctx);
  reimbursementRoutes(app, ctx);
  followupRoutes(app, ctx);
  reportingRoutes(app, ctx);

  const serveWeb = (options.serveWeb ?? true) && existsSync(join(webDist, 'index.html'));
  if (serveWeb) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      // Vite names built assets by content hash: cache them for good; index.html never.
      setHeaders: (res, path) => {
        res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  app.setNotFoundHandler((req, reply) => {
    if (serveWeb && req.method === 'GET' && !req.url.startsWith('/api/')) {
      // Client-side routes (/connexion, /compte…) all load the single-page app.
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendError(reply, requestLocale(req), 404, 'route_not_found', { method: req.method, url: req.url.split('?')[0] ?? '' });
  });

  return app;
}
