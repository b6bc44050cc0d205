import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../audit/domain.ts';
import { weightsSchema } from './domain.ts';
import * as service from './service.ts';

const user = (actor: Actor) => actor as Actor & { id: string };
const sectors = z.enum(['1', '2', 'optam', 'non_conventionne']);
const shared = {
  specialty: z.string().max(40).optional(),
  mode: z.enum(['in_person', 'teleconsultation']).optional(),
  maxKm: z.coerce.number().int().min(1).max(200).default(30),
  postalCode: z
    .string()
    .regex(/^\d{5}$/)
    .optional(),
};

export function matchingRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['matching'];
  const id = z.object({ id: z.uuid() });
  const item = z.object({ id: z.uuid(), itemId: z.uuid() });

  r.get(
    '/api/requests/:id/matches',
    {
      config: { action: 'requests.read' },
      schema: {
        tags,
        summary: 'Praticiens classés pour une demande : filtres stricts, score pondéré et ses raisons',
        params: id,
        querystring: z.object({
          ...shared,
          language: z.string().min(2).max(10).optional(),
          sex: z.enum(['F', 'M']).optional(),
          sectors: z
            .string()
            .transform((s) => s.split(',').filter(Boolean))
            .pipe(z.array(sectors))
            .optional(),
          maxFee: z.coerce.number().min(0).max(10_000).optional(),
          accessible: z.enum(['true', 'false']).optional(),
          limit: z.coerce.number().int().min(1).max(50).default(20),
        }),
      },
    },
    async (req) => service.matchesForRequest(ctx, req.params.id, { ...req.query, accessible: req.query.accessible === 'true' ? true : undefined }),
  );

  r.get('/api/matching/weights', { config: { action: 'requests.read' }, schema: { tags, summary: 'Pondérations du score' } }, async () => service.weightsView(ctx));

  r.put('/api/matching/weights', { config: { action: 'matching.configure' }, schema: { tags, body: weightsSchema } }, async (req) => service.setWeights(ctx, req.body, user(req.actor)));

  r.get('/api/requests/:id/shortlist', { config: { action: 'requests.read' }, schema: { tags, summary: 'Sélection de praticiens de la demande', params: id } }, async (req) => ({
    items: await service.shortlist(ctx, req.params.id),
  }));

  r.post(
    '/api/requests/:id/shortlist',
    { config: { action: 'requests.write' }, schema: { tags, params: id, body: z.object({ practitionerId: z.uuid(), placeId: z.uuid().optional(), ...shared }) } },
    async (req, reply) => reply.code(201).send({ item: await service.addToShortlist(ctx, req.params.id, req.body, user(req.actor)) }),
  );

  r.delete('/api/requests/:id/shortlist/:itemId', { config: { action: 'requests.write' }, schema: { tags, params: item } }, async (req, reply) => {
    await service.removeFromShortlist(ctx, req.params.id, req.params.itemId, req.actor);
    return reply.code(204).send();
  });

  r.post(
    '/api/requests/:id/shortlist/:itemId/decision',
    {
      config: { action: 'requests.write' },
      schema: { tags, summary: 'Choix du client', params: item, body: z.object({ status: z.enum(['proposed', 'chosen', 'declined']), note: z.string().max(2000).optional() }) },
    },
    async (req) => ({ items: await service.decide(ctx, req.params.id, req.params.itemId, req.body, user(req.actor)) }),
  );
}
