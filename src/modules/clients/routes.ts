import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { amoSchemes, identityDocumentTypes, identityStatuses } from './domain.ts';
import * as service from './service.ts';

const text = (max = 200) => z.string().trim().max(max);
const optionalText = (max = 200) => text(max).nullish();
const contact = z.object({ name: text().min(1), relation: text(80), phone: optionalText(40).transform((v) => v ?? null), email: optionalText(254).transform((v) => v ?? null) });
const medical = z.object({
  allergies: z.array(text(200)).max(100),
  treatments: z.array(text(300)).max(100),
  history: z.string().max(20_000),
});

export const clientBody = z.object({
  birthName: text(100).min(1),
  firstNames: z.array(text(60).min(1)).min(1).max(10),
  usedName: optionalText(100),
  usedFirstName: optionalText(60),
  birthDate: z.iso.date(),
  sex: z.enum(['F', 'M']),
  birthplaceCode: optionalText(5),
  identityStatus: z.enum(identityStatuses).optional(),
  identityDocument: z.object({ type: z.enum(identityDocumentTypes) }).nullish(),
  email: z.email().max(254).nullish().or(z.literal('')),
  phone: optionalText(40),
  address: z
    .object({ line1: text().min(1), line2: optionalText().transform((v) => v ?? null), postalCode: text(10).min(1), city: text(100).min(1), country: text(60).default('France') })
    .nullish(),
  preferredLanguage: text(10).optional(),
  trustedPerson: contact.nullish(),
  relatives: z.array(contact).max(20).optional(),
  gp: z.object({ name: text().min(1), phone: optionalText(40).transform((v) => v ?? null), rpps: optionalText(11).transform((v) => v ?? null) }).nullish(),
  insurance: z
    .object({
      nir: optionalText(21),
      amoScheme: z.enum(amoSchemes).nullish(),
      amoFund: optionalText(120),
      mutuelle: z
        .object({ organism: text(120).min(1), contractNumber: optionalText(60).transform((v) => v ?? null), coverage: optionalText(120).transform((v) => v ?? null) })
        .nullish(),
    })
    .optional(),
  /** The usual pharmacy (directory provider of kind pharmacy); null clears it. */
  pharmacyId: z.uuid().nullish(),
});

const id = z.object({ id: z.uuid() });

export function clientRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['clients'];

  r.get(
    '/api/clients',
    { config: { action: 'clients.read' }, schema: { tags, summary: 'Recherche (nom tolérant aux fautes, n° PC-…, téléphone, date de naissance, NIR)', querystring: z.object({ q: z.string().max(100).optional() }) } },
    async (req) => ({ clients: (await service.searchClients(ctx, req.query.q, req.actor)).map(service.toClientSummary) }),
  );

  r.post(
    '/api/clients',
    {
      config: { action: 'clients.write' },
      schema: { tags, summary: 'Enregistrer un client (détection des doublons)', body: clientBody.extend({ medical: medical.optional(), confirmNotDuplicate: z.boolean().optional() }) },
    },
    async (req, reply) => {
      const { email, ...rest } = req.body;
      const row = await service.registerClient(ctx, { ...rest, email: email || null }, req.actor);
      return reply.status(201).send({ client: await service.clientView(ctx, row) });
    },
  );

  r.get('/api/clients/:id', { config: { action: 'clients.read' }, schema: { tags, params: id } }, async (req) => ({
    client: await service.clientView(ctx, await service.getClient(ctx, req.params.id, req.actor)),
  }));

  r.patch('/api/clients/:id', { config: { action: 'clients.write' }, schema: { tags, params: id, body: clientBody.partial() } }, async (req) => {
    const { email, ...rest } = req.body;
    const patch = email === undefined ? rest : { ...rest, email: email || null };
    return { client: await service.clientView(ctx, await service.editClient(ctx, req.params.id, patch, req.actor)) };
  });

  r.get('/api/clients/:id/medical', { config: { action: 'clients.medical' }, schema: { tags, summary: 'Allergies, antécédents, traitements (chiffrés ; lecture tracée)', params: id } }, async (req) =>
    service.readMedical(ctx, req.params.id, req.actor),
  );

  r.put('/api/clients/:id/medical', { config: { action: 'clients.medical' }, schema: { tags, params: id, body: medical } }, async (req) =>
    service.writeMedical(ctx, req.params.id, req.body, req.actor),
  );
}
