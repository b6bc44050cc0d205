import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { recordAudit } from '../audit/store.ts';
import { listMessagesAbout } from './history.ts';
import { listMail } from './mailer.ts';
import { listSms } from './sms.ts';

export function notificationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const limit = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });
  r.get(
    '/api/admin/outbox',
    {
      config: { action: 'outbox.read' },
      schema: { tags: ['administration'], summary: 'E-mails produits (boîte d’envoi)', querystring: limit },
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
          attempts: m.attempts,
          attachments: m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType })),
          createdAt: m.createdAt.toISOString(),
          sentAt: m.sentAt?.toISOString() ?? null,
        })),
      };
    },
  );

  r.get(
    '/api/admin/sms',
    {
      config: { action: 'outbox.read' },
      schema: { tags: ['administration'], summary: 'SMS produits (boîte d’envoi)', querystring: limit },
    },
    async (req) => {
      const rows = await listSms(ctx.db, req.query.limit);
      await recordAudit(ctx.db, req.actor, { action: 'outbox.read', details: { channel: 'sms', count: rows.length } });
      return {
        provider: ctx.sms.name,
        providerConfigured: ctx.sms.configured,
        messages: rows.map((m) => ({
          id: m.id,
          to: m.toNumber,
          body: m.body,
          template: m.template,
          status: m.status,
          provider: m.provider,
          providerMessageId: m.providerMessageId,
          error: m.error,
          attempts: m.attempts,
          createdAt: m.createdAt.toISOString(),
          sentAt: m.sentAt?.toISOString() ?? null,
        })),
      };
    },
  );

  r.get(
    '/api/messages',
    {
      config: { action: 'clients.read' },
      schema: {
        tags: ['notifications'],
        summary: 'E-mails et SMS envoyés au sujet d’un client ou d’un rendez-vous (destinataire, modèle, objet, statut — jamais le contenu)',
        querystring: z
          .object({ clientId: z.uuid().optional(), appointmentId: z.uuid().optional() })
          .refine((q) => q.clientId || q.appointmentId, { message: 'clientId or appointmentId', path: ['clientId'] }),
      },
    },
    async (req) => {
      const { clientId, appointmentId } = req.query;
      const messages = await listMessagesAbout(ctx.db, { ...(clientId ? { clientId } : {}), ...(appointmentId ? { appointmentId } : {}) });
      await recordAudit(ctx.db, req.actor, {
        action: 'messages.read',
        ...(clientId ? { targetType: 'client', targetId: clientId, clientId } : { targetType: 'appointment', targetId: appointmentId as string }),
        details: { count: messages.length },
      });
      return {
        messages: messages.map((m) => ({ ...m, createdAt: m.createdAt.toISOString(), sentAt: m.sentAt?.toISOString() ?? null })),
      };
    },
  );
}
