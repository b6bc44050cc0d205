import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import { foldName } from '../clients/domain.ts';
import { findClient } from '../clients/store.ts';
import { searchPractitioners } from '../directory/store.ts';
import { consentChannels, documentTypes, practitionerName } from './domain.ts';
import * as service from './service.ts';

const grantBody = z.object({
  granteeType: z.enum(['team', 'practitioner']),
  practitionerId: z.uuid().nullish(),
  /** null: the whole file. */
  documentTypes: z.array(z.enum(documentTypes)).max(documentTypes.length).nullable(),
  purpose: z.string().trim().min(3).max(300),
  startsAt: z.iso.datetime({ offset: true }).optional(),
  endsAt: z.iso.datetime({ offset: true }).or(z.iso.date()).nullish(),
});
const staffChannel = z.enum(consentChannels.filter((c) => c !== 'portal') as ['phone', 'email', 'in_person', 'paper']);
const instruction = z.string().trim().min(3).max(2000);
const clientParams = z.object({ id: z.uuid() });
const consentParams = z.object({ id: z.uuid(), consentId: z.uuid() });

/** The client record a portal account acts for; a client account without one has nothing to share. */
function ownClientId(req: FastifyRequest): string {
  const clientId = req.auth?.user.clientId;
  if (!clientId) throw new DomainError('no_client_record', 409);
  return clientId;
}

export function consentRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const portal = { action: 'portal.use' } as const;
  const ptags = ['portail'];

  // ---- The client, in the portal ----
  r.get('/api/portal/consents', { config: portal, schema: { tags: ptags, summary: 'Mes partages (en cours, expirés, retirés)' } }, async (req) => ({
    consents: await service.listClientConsents(ctx, ownClientId(req)),
  }));
  r.post('/api/portal/consents', { config: portal, schema: { tags: ptags, summary: 'Donner accès à mon dossier', body: grantBody } }, async (req, reply) =>
    reply.status(201).send({ consent: await service.grantConsent(ctx, ownClientId(req), req.body, 'client', req.actor) }),
  );
  r.post(
    '/api/portal/consents/:id/revoke',
    { config: portal, schema: { tags: ptags, summary: 'Retirer un accès (effet immédiat)', params: clientParams } },
    async (req) => ({ consent: await service.revokeConsentOf(ctx, ownClientId(req), req.params.id, 'client', req.actor) }),
  );
  // The directory is public data (RPPS): the client looks up the practitioner they want to name.
  r.get(
    '/api/portal/consents/practitioners',
    { config: portal, schema: { tags: ptags, summary: 'Chercher un praticien à qui donner accès', querystring: z.object({ q: z.string().trim().min(2).max(100) }) } },
    async (req) => {
      ownClientId(req);
      const q = req.query.q;
      const rows = await searchPractitioners(ctx.db, /^\d{11}$/.test(q) ? { rpps: q, limit: 1 } : { name: foldName(q), limit: 15 });
      return { practitioners: rows.map((p) => ({ id: p.id, name: practitionerName(p), profession: p.profession, specialties: p.specialties })) };
    },
  );

  // ---- Staff, on the client's explicit instruction ----
  const tags = ['clients'];
  const known = async (id: string) => {
    if (!(await findClient(ctx.db, id))) throw new DomainError('client_not_found', 404);
    return id;
  };
  r.get('/api/clients/:id/consents', { config: { action: 'clients.read' }, schema: { tags, summary: 'Consentements du client', params: clientParams } }, async (req) => ({
    consents: await service.listClientConsents(ctx, await known(req.params.id)),
  }));
  r.post(
    '/api/clients/:id/consents',
    {
      config: { action: 'clients.write' },
      schema: {
        tags,
        summary: 'Enregistrer un consentement sur instruction explicite du client (canal et texte de l’instruction)',
        params: clientParams,
        body: grantBody.extend({ channel: staffChannel, instruction }),
      },
    },
    async (req, reply) => reply.status(201).send({ consent: await service.grantConsent(ctx, req.params.id, req.body, 'staff', req.actor) }),
  );
  r.post(
    '/api/clients/:id/consents/:consentId/revoke',
    {
      config: { action: 'clients.write' },
      schema: { tags, summary: 'Retirer un consentement sur instruction du client', params: consentParams, body: z.object({ channel: staffChannel, instruction }) },
    },
    async (req) => ({
      consent: await service.revokeConsentOf(ctx, req.params.id, req.params.consentId, 'staff', req.actor, { channel: req.body.channel, text: req.body.instruction }),
    }),
  );
}
