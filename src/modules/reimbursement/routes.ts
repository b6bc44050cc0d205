/**
 * Reimbursement over HTTP: the team records care acts on a client and follows the claims; the client
 * sees « Mes remboursements » in the portal. Amounts are integer cents.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import { claimStatuses } from './domain.ts';
import { actCodes, rulesFor } from './rules.ts';
import * as service from './service.ts';

const tags = ['remboursements'];
const idParams = z.object({ id: z.uuid() });
const clientParams = z.object({ clientId: z.uuid() });
const cents = z.number().int().min(0).max(10_000_000);
const day = z.iso.date();
const actBody = z.object({
  appointmentId: z.uuid().nullish(),
  requestId: z.uuid().nullish(),
  practitionerId: z.uuid().nullish(),
  actCode: z.enum(actCodes).optional(),
  performedOn: day.optional(),
  feeCents: cents.optional(),
  sector: z.enum(['1', 'optam', '2', 'non_conventionne']).optional(),
  coordinated: z.boolean().optional(),
  participationExempt: z.boolean().optional(),
  documentIds: z.array(z.uuid()).max(20).optional(),
});
const claimsQuery = z.object({ status: z.enum([...claimStatuses, 'open']).optional(), overdue: z.enum(['true', 'false']).optional() });

function ownClientId(req: FastifyRequest): string {
  const clientId = req.auth?.user.clientId;
  if (!clientId) throw new DomainError('no_client_record', 403);
  return clientId;
}

export function reimbursementRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/reimbursement/rules', { config: { action: 'clients.read' }, schema: { tags, summary: 'Barème en vigueur (version datée, sources)' } }, async () => {
    const rules = rulesFor(new Date().toISOString().slice(0, 10));
    return { version: rules.version, validFrom: rules.validFrom, acts: Object.entries(rules.acts).map(([code, a]) => ({ code, label: a.label, mode: a.mode, base: a.base, source: a.source })) };
  });

  r.post('/api/clients/:clientId/care-acts/estimate', { config: { action: 'clients.read' }, schema: { tags, summary: 'Estimer un remboursement sans l’enregistrer', params: clientParams, body: actBody } }, async (req) => ({
    estimate: await service.estimate(ctx, req.params.clientId, req.body),
  }));
  r.post('/api/clients/:clientId/care-acts', { config: { action: 'clients.write' }, schema: { tags, summary: 'Enregistrer un acte : calcul AMO / mutuelle / reste à charge et demandes de remboursement', params: clientParams, body: actBody } }, async (req, reply) =>
    reply.code(201).send({ act: await service.recordAct(ctx, req.params.clientId, req.body, req.actor) }),
  );
  r.get('/api/clients/:clientId/reimbursements', { config: { action: 'clients.read' }, schema: { tags, summary: 'Actes et demandes de remboursement du client', params: clientParams } }, async (req) => ({
    acts: await service.clientReimbursements(ctx, req.params.clientId, req.actor),
  }));

  r.get('/api/reimbursement/claims', { config: { action: 'clients.read' }, schema: { tags, summary: 'Demandes de remboursement par statut, les retards en premier', querystring: claimsQuery } }, async (req) => ({
    claims: await service.listClaims(ctx, { status: req.query.status, overdue: req.query.overdue === 'true' }),
  }));
  r.post('/api/reimbursement/claims/:id/send', { config: { action: 'clients.write' }, schema: { tags, summary: 'Marquer comme envoyée (échéance calculée)', params: idParams, body: z.object({ sentOn: day.optional(), documentIds: z.array(z.uuid()).max(20).optional() }) } }, async (req) => ({
    claim: await service.sendClaim(ctx, req.params.id, req.body, req.actor),
  }));
  r.post('/api/reimbursement/claims/:id/payments', { config: { action: 'clients.write' }, schema: { tags, summary: 'Enregistrer un paiement reçu (partiel ou total)', params: idParams, body: z.object({ amountCents: z.number().int().max(10_000_000), paidOn: day.optional() }) } }, async (req) => ({
    claim: await service.recordPayment(ctx, req.params.id, req.body, req.actor),
  }));
  r.post('/api/reimbursement/claims/:id/reject', { config: { action: 'clients.write' }, schema: { tags, summary: 'Enregistrer un rejet et son motif', params: idParams, body: z.object({ reason: z.string().max(500) }) } }, async (req) => ({
    claim: await service.rejectClaim(ctx, req.params.id, req.body.reason, req.actor),
  }));
  r.put('/api/reimbursement/claims/:id/documents', { config: { action: 'clients.write' }, schema: { tags, summary: 'Joindre feuille de soins et facture (documents du dossier)', params: idParams, body: z.object({ documentIds: z.array(z.uuid()).max(20) }) } }, async (req) => ({
    claim: await service.setClaimDocuments(ctx, req.params.id, req.body.documentIds, req.actor),
  }));

  r.get('/api/portal/reimbursements', { config: { action: 'portal.use' }, schema: { tags: ['portail'], summary: 'Mes remboursements : ce qui est attendu et ce qui a été reçu' } }, async (req) => ({
    acts: await service.myReimbursements(ctx, ownClientId(req)),
  }));
}
