import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { COMMENT_MAX } from './domain.ts';
import * as service from './service.ts';

const token = z.object({ token: z.string().min(20).max(100) });

export function followupRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['suivi'];

  r.get('/api/requests/:id/followup', { config: { action: 'requests.read' }, schema: { tags, summary: 'Suivi post-consultation : plan, pharmacie, enquêtes', params: z.object({ id: z.uuid() }) } }, async (req) =>
    service.followupView(ctx, req.params.id, req.actor),
  );

  r.post(
    '/api/requests/:id/followup/steps/:taskId',
    {
      config: { action: 'requests.write' },
      schema: {
        tags,
        summary: 'Terminer une étape du plan (note d’explication, pharmacie — à défaut la pharmacie habituelle du client ; gardée comme habituelle sur demande) ou la déclarer sans objet (motif)',
        params: z.object({ id: z.uuid(), taskId: z.uuid() }),
        body: z.object({
          action: z.enum(['done', 'skip']),
          note: z.string().max(10_000).optional(),
          pharmacyId: z.uuid().optional(),
          saveAsUsual: z.boolean().optional(),
          reason: z.string().max(1000).optional(),
        }),
      },
    },
    async (req) => service.completeStep(ctx, req.params.id, req.params.taskId, req.body, req.actor),
  );

  const day = z.iso.date();
  r.get(
    '/api/surveys',
    {
      config: { action: 'requests.read' },
      schema: {
        tags,
        summary: 'Réponses aux enquêtes de satisfaction, et CSAT / NPS par mois',
        querystring: z.object({
          from: day.optional(),
          to: day.optional(),
          practitionerId: z.uuid().optional(),
          trigger: z.enum(['appointment', 'request_closed']).optional(),
          answered: z.enum(['true', 'false']).optional(),
          negative: z.enum(['true', 'false']).optional(),
        }),
      },
    },
    async (req) => {
      const q = req.query;
      return service.surveyAnswers(
        ctx,
        {
          from: q.from ? new Date(`${q.from}T00:00:00Z`) : undefined,
          // The whole last day, whatever the zone: a day later at midnight UTC.
          to: q.to ? new Date(new Date(`${q.to}T00:00:00Z`).getTime() + 86_400_000) : undefined,
          practitionerId: q.practitionerId,
          trigger: q.trigger,
          answered: q.answered === undefined ? undefined : q.answered === 'true',
          negative: q.negative === 'true',
        },
        req.actor,
      );
    },
  );

  // The client's survey link: no account, a secret in the address, rate-limited.
  const limited = { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } } as const;
  r.get('/api/public/surveys/:token', { config: limited, schema: { tags: ['public'], summary: 'Enquête de satisfaction (lien secret)', params: token } }, async (req) =>
    service.publicSurvey(ctx, req.params.token),
  );
  r.post(
    '/api/public/surveys/:token',
    {
      config: limited,
      schema: {
        tags: ['public'],
        summary: 'Répondre à l’enquête (une seule réponse)',
        params: token,
        body: z.object({ csat: z.number().int().min(1).max(5), nps: z.number().int().min(0).max(10), comment: z.string().max(COMMENT_MAX).optional() }),
      },
    },
    async (req) => service.answerSurvey(ctx, req.params.token, req.body, req.actor),
  );
}
