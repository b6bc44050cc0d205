import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Actor } from '../audit/domain.ts';
import { foldName } from '../clients/domain.ts';
import { checkRpps, providerKinds } from './domain.ts';
import * as service from './service.ts';
import * as store from './store.ts';

/** Every directory route runs for a signed-in user: the guard has set the actor's id. */
const user = (actor: Actor) => actor as Actor & { id: string };

const cents = z.number().int().min(0).max(1_000_000);
const fees = z.object({ first: cents.optional(), followup: cents.optional(), teleconsultation: cents.optional() });
const sector = z.enum(['1', '2', 'optam', 'non_conventionne']);
const review = z.object({ rating: z.number().int().min(1).max(5), comment: z.string().max(2000).optional() });
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const providerFields = {
  kind: z.enum(providerKinds),
  name: z.string().trim().min(1).max(200),
  finess: optionalText(20),
  siret: z
    .string()
    .trim()
    .regex(/^(\d{14})?$/)
    .nullable()
    .optional(),
  street: optionalText(200),
  postalCode: z.string().regex(/^\d{5}$/),
  city: z.string().trim().min(1).max(100),
  phone: optionalText(30),
  email: z.email().nullable().optional(),
  website: z.url().max(300).nullable().optional(),
  services: z.array(z.string().trim().min(1).max(80)).max(30).optional(),
  networkStatus: z.enum(['none', 'partner']).optional(),
  teamNotes: optionalText(5000),
};

export function directoryRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['annuaire'];
  const id = z.object({ id: z.uuid() });
  const read = { action: 'directory.read' } as const;
  const write = { action: 'directory.write' } as const;

  r.get(
    '/api/directory',
    {
      config: read,
      schema: {
        tags,
        summary: 'Recherche dans l’annuaire (nom tolérant aux fautes ou RPPS, spécialité, lieu, langue, sexe, téléconsultation, partenaires)',
        querystring: z.object({
          q: z.string().max(100).optional(),
          specialty: z.string().max(40).optional(),
          postalCode: z
            .string()
            .regex(/^\d{2,5}$/)
            .optional(),
          city: z.string().max(100).optional(),
          language: z.string().max(10).optional(),
          sex: z.enum(['F', 'M']).optional(),
          teleconsultation: z.enum(['true', 'false']).optional(),
          partner: z.enum(['true', 'false']).optional(),
          includeInactive: z.enum(['true', 'false']).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(30),
        }),
      },
    },
    async (req) => {
      const q = req.query;
      const digits = q.q?.replace(/\s/g, '') ?? '';
      const byRpps = /^\d{11}$/.test(digits);
      if (byRpps && !checkRpps(digits).ok) throw new DomainError('validation_failed', 400, {}, [{ path: 'q', code: 'rpps_key' }]);
      const rows = await store.searchPractitioners(ctx.db, {
        name: !byRpps && q.q?.trim() ? foldName(q.q) : undefined,
        rpps: byRpps ? digits : undefined,
        specialty: q.specialty,
        postalCode: q.postalCode,
        city: q.city,
        language: q.language,
        sex: q.sex,
        teleconsultation: q.teleconsultation === undefined ? undefined : q.teleconsultation === 'true',
        partner: q.partner === 'true',
        includeInactive: q.includeInactive === 'true',
        limit: q.limit,
      });
      return { practitioners: await service.practitionerViews(ctx, rows) };
    },
  );

  r.get('/api/directory/map-config', { config: read, schema: { tags, summary: 'Fond de carte configuré (tuiles)' } }, async () => ({
    tileUrl: ctx.config.mapTilesUrl ?? null,
    attribution: ctx.config.mapAttribution,
  }));

  r.get('/api/directory/verifications/due', { config: read, schema: { tags, summary: 'Partenaires dont la vérification expire dans 30 jours ou a expiré' } }, async () => ({
    items: await service.dueVerifications(ctx),
  }));

  r.get('/api/directory/:id', { config: read, schema: { tags, params: id } }, async (req) => {
    const practitioner = await service.practitionerView(ctx, req.params.id);
    const [verifications, reviews] = await Promise.all([
      store.listVerifications(ctx.db, req.params.id).then((rows) => service.presentVerifications(ctx, rows)),
      store.listReviews(ctx.db, { practitionerId: req.params.id }).then((rows) => service.presentReviews(ctx, rows)),
    ]);
    return { practitioner, verifications, reviews };
  });

  // The team's own knowledge: what an import never overwrites.
  r.patch(
    '/api/directory/:id',
    {
      config: write,
      schema: {
        tags,
        params: id,
        body: z.object({
          networkStatus: z.enum(['none', 'partner']).optional(),
          teamNotes: z.string().max(5000).nullable().optional(),
          languages: z.array(z.string().min(2).max(10)).max(20).optional(),
          sector: sector.nullable().optional(),
          teleconsultation: z.boolean().optional(),
          acceptsNewPatients: z.boolean().nullable().optional(),
          fees: fees.optional(),
        }),
      },
    },
    async (req) => ({ practitioner: await service.updateTeamFields(ctx, req.params.id, req.body, req.actor) }),
  );

  r.patch(
    '/api/directory/:id/places/:placeId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Accessibilité d’un lieu, coordonnées saisies à la main',
        params: z.object({ id: z.uuid(), placeId: z.uuid() }),
        body: z
          .object({ accessible: z.boolean().nullable().optional(), latitude: z.number().min(-90).max(90).optional(), longitude: z.number().min(-180).max(180).optional() })
          .refine((b) => (b.latitude === undefined) === (b.longitude === undefined), { message: 'latitude and longitude go together', path: ['longitude'] }),
      },
    },
    async (req) => ({ practitioner: await service.updatePlace(ctx, req.params.id, req.params.placeId, req.body, req.actor) }),
  );

  r.post(
    '/api/directory/:id/verifications',
    {
      config: write,
      schema: {
        tags,
        summary: 'Enregistrer une vérification (RPPS, diplômes, certifications) avec sa durée de validité',
        params: id,
        body: z.object({
          rppsChecked: z.boolean(),
          licenceChecked: z.boolean(),
          certifications: z.string().max(2000).optional(),
          evidence: z.string().trim().min(1).max(2000),
          validMonths: z.number().int().min(1).max(36).default(12),
        }),
      },
    },
    async (req, reply) => reply.code(201).send(await service.recordVerification(ctx, req.params.id, req.body, user(req.actor))),
  );

  r.post('/api/directory/:id/reviews', { config: write, schema: { tags, summary: 'Retour de l’équipe (note 1–5)', params: id, body: review } }, async (req, reply) =>
    reply.code(201).send(await service.addReview(ctx, { practitionerId: req.params.id }, req.body, user(req.actor))),
  );

  // Providers (prestataires): clinics, labs, imaging, pharmacies, transport, lodging.
  r.get(
    '/api/directory/providers',
    {
      config: read,
      schema: {
        tags,
        summary: 'Recherche de prestataires',
        querystring: z.object({
          q: z.string().max(100).optional(),
          kind: z.enum(providerKinds).optional(),
          postalCode: z
            .string()
            .regex(/^\d{2,5}$/)
            .optional(),
          city: z.string().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(30),
        }),
      },
    },
    async (req) => {
      const q = req.query;
      const rows = await store.searchProviders(ctx.db, { name: q.q?.trim() ? foldName(q.q) : undefined, kind: q.kind, postalCode: q.postalCode, city: q.city, limit: q.limit });
      return { providers: rows.map(service.presentProvider) };
    },
  );

  r.post('/api/directory/providers', { config: write, schema: { tags, body: z.object(providerFields) } }, async (req, reply) =>
    reply.code(201).send({ provider: service.presentProvider(await service.createProvider(ctx, req.body, req.actor)) }),
  );

  r.get('/api/directory/providers/:id', { config: read, schema: { tags, params: id } }, async (req) => {
    const p = await store.findProvider(ctx.db, req.params.id);
    if (!p) throw new DomainError('provider_not_found', 404);
    return { provider: service.presentProvider(p), reviews: await service.presentReviews(ctx, await store.listReviews(ctx.db, { providerId: p.id })) };
  });

  r.patch('/api/directory/providers/:id', { config: write, schema: { tags, params: id, body: z.object({ ...providerFields, active: z.boolean() }).partial() } }, async (req) => ({
    provider: service.presentProvider(await service.editProvider(ctx, req.params.id, req.body, req.actor)),
  }));

  r.post('/api/directory/providers/:id/reviews', { config: write, schema: { tags, params: id, body: review } }, async (req, reply) =>
    reply.code(201).send(await service.addReview(ctx, { providerId: req.params.id }, req.body, user(req.actor))),
  );
}
