/**
 * The medical file over HTTP. Three doors, one set of rules (service.ts):
 * - the team: /api/clients/:clientId/…, /api/documents/…, /api/records/alerts — reads under a team consent;
 * - a practitioner account: /api/practitioner/… — reads under a consent naming that practitioner;
 * - the client: /api/portal/… — their own file.
 * Uploads are the raw file as the body (its name in X-Filename, the metadata in the query string,
 * which is never logged): a browser sends it with XMLHttpRequest and shows the upload progress.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { safeEqual } from '../../platform/crypto.ts';
import { DomainError } from '../../platform/errors.ts';
import { requestLocale, sendError } from '../../server/plugins/errors.ts';
import { anonymous } from '../audit/domain.ts';
import { recordAudit } from '../audit/store.ts';
import { cleanFileName, sniffDocumentType } from '../teleconsultation/domain.ts';
import { catalogue } from './catalogue.ts';
import { documentTypes, MAX_DOCUMENT_BYTES, MAX_DOCUMENT_MB } from './domain.ts';
import { FhirError, parseFhirObservations } from './fhir.ts';
import * as service from './service.ts';

const tags = ['dossier médical'];
const idParams = z.object({ id: z.uuid() });
const clientParams = z.object({ clientId: z.uuid() });
const documentType = z.enum(documentTypes);
const listQuery = z.object({
  q: z.string().trim().max(100).optional(),
  type: documentType.optional(),
  includeSuperseded: z.enum(['true', 'false']).optional(),
});
const uploadQuery = z.object({
  type: documentType,
  title: z.string().trim().min(1).max(200),
  documentDate: z.iso.date().optional(),
  author: z.string().trim().max(200).optional(),
  practitionerId: z.uuid().optional(),
  appointmentId: z.uuid().optional(),
  requestId: z.uuid().optional(),
  previousId: z.uuid().optional(),
});
const portalUploadQuery = uploadQuery.pick({ type: true, title: true, documentDate: true, author: true, previousId: true });
const contentQuery = z.object({ disposition: z.enum(['inline', 'attachment']).default('inline') });
const observationBody = z.object({
  code: z.string().min(1).max(40),
  value: z.number(),
  unit: z.string().max(40).optional(),
  observedAt: z.iso.datetime({ offset: true }),
  referenceLow: z.number().nullable().optional(),
  referenceHigh: z.number().nullable().optional(),
  documentId: z.uuid().nullable().optional(),
});

const listArgs = (q: z.infer<typeof listQuery>): service.DocumentQuery => ({ q: q.q, type: q.type, includeSuperseded: q.includeSuperseded === 'true' });

/** The file as the answer: inline for the browser's viewer, attachment for a download; never cached. */
function sendFile(reply: FastifyReply, file: { row: service.DocumentRow; bytes: Buffer }, disposition: 'inline' | 'attachment') {
  return reply
    .header('content-type', file.row.contentType)
    .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.row.fileName)}`)
    .header('cache-control', 'no-store, private')
    .header('x-content-type-options', 'nosniff')
    // Our own pages show the PDF in a frame, nobody else may frame it. No object-src 'none' here:
    // Chromium's PDF viewer counts as a plugin of this document and would refuse to render.
    .header('content-security-policy', "frame-ancestors 'self'")
    .header('x-frame-options', 'SAMEORIGIN')
    .send(file.bytes);
}

function viewerOf(req: FastifyRequest): service.Viewer {
  const user = req.auth?.user;
  if (user?.role === 'client') {
    if (!user.clientId) throw new DomainError('no_client_record', 403);
    return { kind: 'client', clientId: user.clientId };
  }
  if (user?.role === 'practitioner') {
    if (!user.practitionerId) throw new DomainError('practitioner_account_unlinked', 403);
    return { kind: 'practitioner', practitionerId: user.practitionerId };
  }
  return { kind: 'staff' };
}

export function recordsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // ——— Uploads (raw body), in their own scope: any content type is read as bytes, then sniffed. ———
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_DOCUMENT_BYTES }, (_req, body, done) => done(null, body));
    scope.setErrorHandler((err: FastifyError, req, reply) => {
      // Fastify stops reading at the limit: say so with the limit, in the user's language.
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, requestLocale(req), 413, 'file_too_large', { max: MAX_DOCUMENT_MB });
      throw err;
    });
    const s = scope.withTypeProvider<ZodTypeProvider>();
    const bytesOf = (req: FastifyRequest) => {
      const body = req.body;
      if (!Buffer.isBuffer(body) || !body.length || !sniffDocumentType(body)) throw new DomainError('file_type_unsupported', 415);
      return body;
    };
    const fileNameOf = (req: FastifyRequest, bytes: Buffer) => cleanFileName(String(req.headers['x-filename'] ?? ''), sniffDocumentType(bytes) ?? 'application/pdf');
    const summary = `Déposer un document (PDF, JPEG, PNG ; ${MAX_DOCUMENT_MB} Mo) : le fichier brut en corps, son nom dans X-Filename`;

    s.post('/api/clients/:clientId/documents', { bodyLimit: MAX_DOCUMENT_BYTES, config: { action: 'clients.write' }, schema: { tags, summary, params: clientParams, querystring: uploadQuery } }, async (req, reply) => {
      const bytes = bytesOf(req);
      const document = await service.addDocument(ctx, { ...req.query, clientId: req.params.clientId, fileName: fileNameOf(req, bytes), bytes, source: 'staff' }, req.actor);
      return reply.code(201).send({ document });
    });
    s.post('/api/portal/documents', { bodyLimit: MAX_DOCUMENT_BYTES, config: { action: 'portal.use' }, schema: { tags: ['portail'], summary, querystring: portalUploadQuery } }, async (req, reply) => {
      const viewer = viewerOf(req);
      if (viewer.kind !== 'client') throw new DomainError('no_client_record', 403);
      const bytes = bytesOf(req);
      const document = await service.addDocument(ctx, { ...req.query, clientId: viewer.clientId, fileName: fileNameOf(req, bytes), bytes, source: 'client' }, req.actor);
      return reply.code(201).send({ document });
    });
  });

  // ——— The team ———
  r.get('/api/clients/:clientId/documents', { config: { action: 'clients.read' }, schema: { tags, summary: 'Documents du dossier (consentement de l’équipe requis)', params: clientParams, querystring: listQuery } }, async (req) =>
    service.listDocuments(ctx, req.params.clientId, { kind: 'staff' }, listArgs(req.query), req.actor),
  );
  r.get('/api/documents/:id/content', { config: { action: 'clients.read' }, schema: { tags, summary: 'Voir (inline) ou télécharger (attachment) un document', params: idParams, querystring: contentQuery } }, async (req, reply) =>
    sendFile(reply, await service.openDocument(ctx, req.params.id, { kind: 'staff' }, req.query.disposition, req.actor), req.query.disposition),
  );
  r.get('/api/documents/:id/versions', { config: { action: 'clients.read' }, schema: { tags, params: idParams } }, async (req) => ({
    versions: await service.documentVersions(ctx, req.params.id, { kind: 'staff' }, req.actor),
  }));
  r.delete('/api/documents/:id', { config: { action: 'clients.write' }, schema: { tags, summary: 'Retirer un document (suppression logique)', params: idParams } }, async (req, reply) => {
    await service.deleteDocument(ctx, req.params.id, { kind: 'staff' }, req.actor);
    return reply.code(204).send();
  });

  r.get('/api/records/catalogue', { config: { action: 'clients.read' }, schema: { tags, summary: 'Mesures connues (LOINC, unités, plages par défaut)' } }, async () => ({ catalogue }));
  r.get('/api/clients/:clientId/observations', { config: { action: 'clients.read' }, schema: { tags, params: clientParams } }, async (req) => ({
    observations: await service.listObservations(ctx, req.params.clientId, { kind: 'staff' }, req.actor),
  }));
  r.post('/api/clients/:clientId/observations', { config: { action: 'clients.write' }, schema: { tags, summary: 'Saisir une mesure (alerte si hors des valeurs de référence)', params: clientParams, body: observationBody } }, async (req, reply) => {
    const { observation, alert } = await service.addObservation(ctx, req.params.clientId, req.body, req.actor);
    return reply.code(201).send({ observation, alert: alert ? { id: alert.id, direction: alert.direction } : null });
  });

  const alertsQuery = z.object({ status: z.enum(['open', 'acknowledged', 'all']).default('open'), mine: z.enum(['true', 'false']).optional(), clientId: z.uuid().optional() });
  r.get('/api/records/alerts', { config: { action: 'requests.read' }, schema: { tags, summary: 'Alertes de résultats hors normes', querystring: alertsQuery } }, async (req) => ({
    alerts: await service.listAlerts(
      ctx,
      { status: req.query.status === 'all' ? undefined : req.query.status, clientId: req.query.clientId, assigneeId: req.query.mine === 'true' ? (req.auth?.user.id ?? undefined) : undefined },
      req.actor,
    ),
  }));
  r.post('/api/records/alerts/:id/acknowledge', { config: { action: 'requests.write' }, schema: { tags, summary: 'Prendre en compte une alerte (tracé)', params: idParams, body: z.object({ note: z.string().max(2000).optional() }) } }, async (req) => {
    const alert = await service.acknowledgeAlert(ctx, req.params.id, req.body.note ?? null, req.actor);
    return { alert: { id: alert.id, status: alert.status, acknowledgedAt: alert.acknowledgedAt?.toISOString() ?? null, note: alert.note } };
  });

  // ——— Labs and devices: FHIR R4 Observation or Bundle, with a per-integration bearer token ———
  app.register(async (scope) => {
    // Labs send FHIR's own media type; parse it as the JSON it is.
    scope.addContentTypeParser('application/fhir+json', { parseAs: 'string' }, scope.getDefaultJsonParser('error', 'error'));
    scope.withTypeProvider<ZodTypeProvider>().post(
    '/api/records/observations/import',
    {
      bodyLimit: 2 * 1024 * 1024,
      config: { public: true, rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: { tags, summary: 'Importer des observations FHIR R4 (Observation ou Bundle), jeton d’intégration en Bearer', body: z.unknown() },
    },
    async (req, reply) => {
      const bearer = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1]?.trim() ?? '';
      // Every configured token is compared (in constant time each), so timing says nothing about which matched.
      let integration = -1;
      ctx.config.recordsImportTokens.forEach((t, i) => {
        if (safeEqual(bearer, t) && integration < 0) integration = i;
      });
      const actor = { ...anonymous(req.ip ?? null, req.headers['user-agent']?.slice(0, 300) ?? null), email: integration >= 0 ? `integration-${integration + 1}` : null, role: 'integration' };
      if (!bearer || integration < 0) {
        await recordAudit(ctx.db, actor, { action: 'records.import_refused', outcome: 'denied', details: { reason: bearer ? 'token_invalid' : 'token_missing' } });
        return sendError(reply.header('www-authenticate', 'Bearer'), requestLocale(req), 401, 'import_token_invalid');
      }
      let parsed: ReturnType<typeof parseFhirObservations>;
      try {
        parsed = parseFhirObservations(req.body);
      } catch (error) {
        if (error instanceof FhirError) return sendError(reply, requestLocale(req), 400, 'fhir_invalid', { detail: error.message });
        throw error;
      }
      const result = await service.importObservations(ctx, parsed, integration + 1, actor);
      return reply.code(201).send(result);
    },
  );
  });

  // ——— A practitioner account ———
  const practitionerId = (req: FastifyRequest) => {
    const v = viewerOf(req);
    if (v.kind !== 'practitioner') throw new DomainError('practitioner_account_unlinked', 403);
    return v;
  };
  r.get('/api/practitioner/clients', { config: { action: 'records.shared' }, schema: { tags, summary: 'Les dossiers que des clients me partagent' } }, async (req) => ({
    clients: await service.sharedWithPractitioner(ctx, practitionerId(req).practitionerId, req.actor),
  }));
  r.get('/api/practitioner/clients/:clientId/documents', { config: { action: 'records.shared' }, schema: { tags, params: clientParams, querystring: listQuery } }, async (req) =>
    service.listDocuments(ctx, req.params.clientId, practitionerId(req), listArgs(req.query), req.actor),
  );
  r.get('/api/practitioner/clients/:clientId/observations', { config: { action: 'records.shared' }, schema: { tags, params: clientParams } }, async (req) => ({
    observations: await service.listObservations(ctx, req.params.clientId, practitionerId(req), req.actor),
  }));
  r.get('/api/practitioner/documents/:id/content', { config: { action: 'records.shared' }, schema: { tags, params: idParams, querystring: contentQuery } }, async (req, reply) =>
    sendFile(reply, await service.openDocument(ctx, req.params.id, practitionerId(req), req.query.disposition, req.actor), req.query.disposition),
  );
  r.get('/api/practitioner/documents/:id/versions', { config: { action: 'records.shared' }, schema: { tags, params: idParams } }, async (req) => ({
    versions: await service.documentVersions(ctx, req.params.id, practitionerId(req), req.actor),
  }));

  // ——— The client, in the portal ———
  const me = (req: FastifyRequest) => {
    const v = viewerOf(req);
    if (v.kind !== 'client') throw new DomainError('no_client_record', 403);
    return v;
  };
  r.get('/api/portal/documents', { config: { action: 'portal.use' }, schema: { tags: ['portail'], summary: 'Mon dossier : mes documents', querystring: listQuery } }, async (req) => {
    const v = me(req);
    return service.listDocuments(ctx, v.clientId, v, listArgs(req.query), req.actor);
  });
  r.get('/api/portal/documents/:id/content', { config: { action: 'portal.use' }, schema: { tags: ['portail'], params: idParams, querystring: contentQuery } }, async (req, reply) =>
    sendFile(reply, await service.openDocument(ctx, req.params.id, me(req), req.query.disposition, req.actor), req.query.disposition),
  );
  r.get('/api/portal/documents/:id/versions', { config: { action: 'portal.use' }, schema: { tags: ['portail'], params: idParams } }, async (req) => ({
    versions: await service.documentVersions(ctx, req.params.id, me(req), req.actor),
  }));
  r.delete('/api/portal/documents/:id', { config: { action: 'portal.use' }, schema: { tags: ['portail'], summary: 'Retirer un document que j’ai déposé', params: idParams } }, async (req, reply) => {
    await service.deleteDocument(ctx, req.params.id, me(req), req.actor);
    return reply.code(204).send();
  });
  r.get('/api/portal/observations', { config: { action: 'portal.use' }, schema: { tags: ['portail'], summary: 'Mon dossier : mes mesures' } }, async (req) => {
    const v = me(req);
    return { observations: await service.listObservations(ctx, v.clientId, v, req.actor) };
  });
}

