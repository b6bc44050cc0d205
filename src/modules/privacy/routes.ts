import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import { requestLocale } from '../../server/plugins/errors.ts';
import { recordAudit } from '../audit/store.ts';
import { clientNumber, parseClientNumber } from '../clients/domain.ts';
import { retentionKinds } from './domain.ts';
import * as service from './service.ts';
import * as store from './store.ts';

const page = z.object({ cursor: z.string().max(40).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) });
const clientParams = z.object({ id: z.uuid() });

function ownClientId(req: FastifyRequest): string {
  const clientId = req.auth?.user.clientId;
  if (!clientId) throw new DomainError('no_client_record', 409);
  return clientId;
}

async function sendArchive(reply: FastifyReply, archive: { stream: NodeJS.ReadableStream; fileName: string }) {
  return reply
    .header('content-type', 'application/zip')
    .header('content-disposition', `attachment; filename="${archive.fileName}"`)
    .header('cache-control', 'no-store')
    .send(archive.stream);
}

export function privacyRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const portal = { action: 'portal.use' } as const;
  const manage = { action: 'privacy.manage' } as const;
  const ptags = ['portail'];
  const atags = ['administration'];

  // ---- The client ----
  r.get('/api/portal/access-history', { config: portal, schema: { tags: ptags, summary: 'Qui a consulté quoi et quand (journal d’accès)', querystring: page } }, async (req) =>
    service.accessHistory(ctx, ownClientId(req), req.query, requestLocale(req)),
  );
  r.get('/api/portal/export', { config: portal, schema: { tags: ptags, summary: 'Télécharger toutes mes données (zip : JSON, FHIR R4, documents)' } }, async (req, reply) =>
    sendArchive(reply, await service.exportArchive(ctx, ownClientId(req), req.actor, 'client')),
  );

  // ---- The team, on the client page ----
  r.get(
    '/api/clients/:id/access-history',
    { config: { action: 'clients.read' }, schema: { tags: ['clients'], summary: 'Historique des accès au dossier du client', params: clientParams, querystring: page } },
    async (req) => {
      const history = await service.accessHistory(ctx, req.params.id, req.query, requestLocale(req));
      // Reading the trail is itself a trace the client will see.
      if (!req.query.cursor) await recordAudit(ctx.db, req.actor, { action: 'privacy.history.read', targetType: 'client', targetId: req.params.id, clientId: req.params.id });
      return history;
    },
  );

  // ---- Admin: export, erasure, retention ----
  r.get('/api/admin/clients/:id/export', { config: manage, schema: { tags: atags, summary: 'Export RGPD des données d’un client (zip)', params: clientParams } }, async (req, reply) =>
    sendArchive(reply, await service.exportArchive(ctx, req.params.id, req.actor, 'admin')),
  );
  r.get('/api/admin/clients/:id/erasure', { config: manage, schema: { tags: atags, summary: 'Effacement du client (s’il a eu lieu)', params: clientParams } }, async (req) => ({
    erasure: await service.erasureStatus(ctx, req.params.id),
  }));
  r.post(
    '/api/admin/clients/:id/erase',
    {
      config: manage,
      schema: {
        tags: atags,
        summary: 'Effacer les données personnelles du client (droit à l’effacement) — irréversible',
        params: clientParams,
        body: z.object({
          reason: z.string().trim().min(3).max(500),
          requestedAt: z.iso.date().or(z.iso.datetime({ offset: true })).optional(),
          /** The client number typed again (PC-000123): an erasure cannot be undone. */
          confirmNumber: z.string().trim().min(1).max(20),
        }),
      },
    },
    async (req) => {
      const row = await store.clientRow(ctx.db, req.params.id);
      if (!row) throw new DomainError('client_not_found', 404);
      if (parseClientNumber(req.body.confirmNumber) !== row.number) {
        throw new DomainError('erasure_confirm_mismatch', 400, { number: clientNumber(row.number) }, [{ path: 'confirmNumber', code: 'erasure_confirm_mismatch' }]);
      }
      const requestedAt = req.body.requestedAt ? new Date(req.body.requestedAt) : undefined;
      return { erasure: await service.eraseClient(ctx, req.params.id, { reason: req.body.reason, requestedAt }, req.actor) };
    },
  );
  r.get('/api/admin/erasures', { config: manage, schema: { tags: atags, summary: 'Registre des effacements' } }, async () => ({
    erasures: (await store.listErasures(ctx.db)).map(service.toErasureView),
  }));
  r.get('/api/admin/retention', { config: manage, schema: { tags: atags, summary: 'Durées de conservation' } }, async () => ({ retention: await service.retentionView(ctx) }));
  r.put(
    '/api/admin/retention',
    {
      config: manage,
      schema: { tags: atags, summary: 'Modifier les durées de conservation (jours)', body: z.object(Object.fromEntries(retentionKinds.map((k) => [k, z.number().int().min(1).max(36_600).optional()]))) },
    },
    async (req) => ({ retention: await service.setRetention(ctx, req.body, req.actor) }),
  );
  r.post('/api/admin/retention/run', { config: manage, schema: { tags: atags, summary: 'Appliquer les durées de conservation maintenant' } }, async (req) => ({
    report: await service.applyRetention(ctx, req.actor),
  }));
}
