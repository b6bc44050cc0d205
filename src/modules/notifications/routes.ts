import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { recordAudit } from '../audit/store.ts';
import { listMail } from './mailer.ts';

export function notificationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/admin/outbox',
    {
      config: { action: 'outbox.read' },
      schema: { tags: ['administration'], summary: 'E-mails produits (boîte d’envoi)', querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }) },
    },
    async (req) => {
      const rows = await listMail(ctx.db, req.query.limit);
      // Mail bodies can carry account links: reading them is traced.
      await recordAudit(ctx.db, req.actor, { action: 'outbox.read', details: { count: rows.length } });
      return {
        smtpConfigured: ctx.mailer.smtpConfigured,
        messages: rows.map((m) => ({
          id: m.id,
          to: m.toAddress,
          subject: m.subject,
          textBody: m.textBody,
          htmlBody: m.htmlBody,
          template: m.template,
          status: m.status,
          error: m.error,
          createdAt: m.createdAt.toISOString(),
          sentAt: m.sentAt?.toISOString() ?? null,
        })),
      };
    },
  );
}
