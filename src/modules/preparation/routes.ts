import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { consentChannels, packKinds, TEMPLATE_CODE } from './domain.ts';
import * as service from './service.ts';

const line = z.string().trim().min(1).max(200);
const templateBody = z.object({
  label: z.string().trim().min(1).max(80),
  bringFr: z.array(line).max(30),
  bringEn: z.array(line).max(30).default([]),
  instructionsFr: z.string().max(4000).default(''),
  instructionsEn: z.string().max(4000).default(''),
  active: z.boolean().default(true),
});

export function preparationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['préparation'];
  const id = z.object({ id: z.uuid() });
  const code = z.object({ code: z.string().regex(TEMPLATE_CODE) });

  r.get('/api/preparation/templates', { config: { action: 'requests.read' }, schema: { tags, summary: 'Modèles de préparation par type de consultation (documents à apporter, consignes)' } }, async () => ({
    templates: await service.listTemplates(ctx),
  }));
  r.put(
    '/api/preparation/templates/:code',
    { config: { action: 'preparation.configure' }, schema: { tags, summary: 'Enregistrer le modèle d’un type de consultation', params: code, body: templateBody } },
    async (req) => ({ template: await service.saveTemplate(ctx, req.params.code, req.body, req.actor) }),
  );
  r.delete(
    '/api/preparation/templates/:code',
    { config: { action: 'preparation.configure' }, schema: { tags, summary: 'Supprimer le modèle de l’équipe (un type prévu revient au modèle par défaut)', params: code } },
    async (req) => ({ template: await service.resetTemplate(ctx, req.params.code, req.actor) }),
  );

  r.get(
    '/api/appointments/:id/checklist',
    { config: { action: 'requests.read' }, schema: { tags, summary: 'Liste de préparation du client pour ce rendez-vous', params: id, querystring: z.object({ lang: z.enum(['fr', 'en']).optional() }) } },
    async (req) => ({ checklist: await service.appointmentChecklist(ctx, req.params.id, req.query.lang) }),
  );

  r.post(
    '/api/appointments/:id/packs',
    {
      config: { action: 'requests.write' },
      schema: {
        tags,
        summary: 'Dossier pré-rendez-vous au praticien : ce que le client accepte de partager, lien secret qui expire',
        params: id,
        body: z.object({
          items: z.array(z.enum(packKinds)).min(1).max(packKinds.length),
          note: z.string().max(4000).optional(),
          consentChannel: z.enum(consentChannels),
          consentConfirmed: z.boolean(),
        }),
      },
    },
    async (req, reply) => reply.code(201).send(await service.createPack(ctx, req.params.id, req.body, req.actor)),
  );
  r.get('/api/appointments/:id/packs', { config: { action: 'requests.read' }, schema: { tags, summary: 'Dossiers envoyés (jamais leur contenu)', params: id } }, async (req) => ({
    packs: await service.listPacks(ctx, req.params.id),
  }));
  r.post('/api/packs/:id/revoke', { config: { action: 'requests.write' }, schema: { tags, summary: 'Révoquer le lien (effet immédiat)', params: id } }, async (req) => ({
    pack: await service.revokePack(ctx, req.params.id, req.actor),
  }));

  // The practitioner's link: the token is the secret. Rate-limited like the other public token routes.
  r.get(
    '/api/public/packs/:token',
    { config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } }, schema: { tags: ['public'], params: z.object({ token: z.string().min(20).max(100) }) } },
    async (req, reply) => {
      const pack = await service.openPack(ctx, req.params.token, req.actor);
      // Health data: kept out of every cache and search index.
      return reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow').send({ pack });
    },
  );
}
