import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from './domain.ts';
import { listAudit, listAuditActions } from './store.ts';

export function auditRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['administration'];
  r.get(
    '/api/admin/audit',
    {
      config: { action: 'audit.read' },
      schema: {
        tags,
        summary: 'Journal d’accès (du plus récent au plus ancien)',
        querystring: z.object({
          actorId: z.uuid().optional(),
          clientId: z.uuid().optional(),
          action: z.string().max(80).optional(),
          from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
          to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
          cursor: z.string().max(40).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
    },
    async (req) => {
      const q = req.query;
      const beforeId = q.cursor ? decodeCursor(q.cursor) : undefined;
      if (beforeId === null) throw new DomainError('invalid_cursor', 400);
      // A bare date as "to" means the whole of that day.
      const to = q.to ? new Date(q.to.length === 10 ? `${q.to}T23:59:59.999Z` : q.to) : undefined;
      const { events, more } = await listAudit(ctx.db, {
        actorId: q.actorId,
        clientId: q.clientId,
        action: q.action,
        from: q.from ? new Date(q.from) : undefined,
        to,
        beforeId,
        limit: q.limit,
      });
      const last = events.at(-1);
      return {
        events: events.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() })),
        nextCursor: more && last ? encodeCursor(last.id) : null,
      };
    },
  );
  r.get('/api/admin/audit/actions', { config: { action: 'audit.read' }, schema: { tags } }, async () => ({
    actions: await listAuditActions(ctx.db),
  }));
}
