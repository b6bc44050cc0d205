/**
 * Teleconsultation over HTTP and WebSocket (contract: the room's messages are described in
 * room.ts). Links are the only way in: the token in `?token=` names one participant of one
 * appointment; the room's id alone opens nothing.
 */
import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { DomainError, translate } from '../../platform/errors.ts';
import { requestLocale } from '../../server/plugins/errors.ts';
import { documentTypes } from '../consent/domain.ts';
import { appointmentByToken, loadAppointment } from '../scheduling/service.ts';
import { cleanFileName, isOpen, MAX_DOCUMENT_BYTES, sniffDocumentType } from './domain.ts';
import { CLOSE, type Connection, Rooms } from './room.ts';
import * as service from './service.ts';

const tokenQuery = z.object({ token: z.string().min(20).max(2000) });
const tags = ['téléconsultation'];
// By address; an in-process test socket has none.
const limited = { rateLimit: { max: 60, timeWindow: '1 minute', keyGenerator: (req: FastifyRequest) => req.ip || 'local' } };

const clientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('admit'), id: z.uuid() }),
  z.object({ type: z.literal('signal'), to: z.uuid(), data: z.unknown() }),
  z.object({ type: z.literal('chat'), body: z.string().trim().min(1).max(2000) }),
  z.object({ type: z.literal('help') }),
  z.object({ type: z.literal('invite'), name: z.string().trim().min(1).max(80) }),
  z.object({ type: z.literal('end') }),
  z.object({ type: z.literal('ping') }),
]);

export async function teleconsultationRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const rooms = new Rooms();
  await app.register(websocket, { options: { maxPayload: 256 * 1024 } });
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/teleconsultation/session', { config: { public: true, ...limited }, schema: { tags, summary: 'Ma téléconsultation (par mon lien)', querystring: tokenQuery } }, async (req) => {
    const entry = await service.resolveLink(ctx, req.query.token, req.actor);
    return service.sessionView(ctx, entry, rooms);
  });

  // Documents shared in the call: the raw file as the body, its name in X-Filename.
  await app.register(async (scope) => {
    scope.addContentTypeParser(['application/pdf', 'image/jpeg', 'image/png', 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: MAX_DOCUMENT_BYTES }, (_req, body, done) => done(null, body));
    const s = scope.withTypeProvider<ZodTypeProvider>();
    s.post(
      '/api/teleconsultation/documents',
      {
        bodyLimit: MAX_DOCUMENT_BYTES,
        config: { public: true, ...limited },
        schema: { tags, summary: 'Partager un document pendant l’appel (PDF, JPEG, PNG ; 10 Mo) : il rejoint le dossier médical', querystring: tokenQuery.extend({ type: z.enum(documentTypes).optional() }) },
      },
      async (req, reply) => {
        const entry = await service.resolveLink(ctx, req.query.token, req.actor);
        if (rooms.peek(entry.appointment.id)?.stateOf(entry.peer.id) !== 'in_room') throw new DomainError('teleconsult_not_in_room', 403);
        const bytes = req.body as Buffer;
        const type = Buffer.isBuffer(bytes) ? sniffDocumentType(bytes) : null;
        if (!type) throw new DomainError('file_type_unsupported', 415);
        const document = await service.storeDocument(ctx, entry, { kind: 'shared', name: cleanFileName(String(req.headers['x-filename'] ?? ''), type), bytes, type: req.query.type }, req.actor);
        rooms.peek(entry.appointment.id)?.toRoom({ type: 'document', document });
        return reply.code(201).send({ document });
      },
    );
  });

  r.get('/api/teleconsultation/documents/:id', { config: { public: true, ...limited }, schema: { tags, params: z.object({ id: z.uuid() }), querystring: tokenQuery } }, async (req, reply) => {
    const entry = await service.resolveLink(ctx, req.query.token, req.actor);
    const file = await service.readDocument(ctx, entry, req.params.id, req.actor);
    return reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
      .header('cache-control', 'no-store')
      .send(file.bytes);
  });

  r.post(
    '/api/teleconsultation/report',
    {
      config: { public: true, ...limited },
      schema: { tags, summary: 'Compte rendu et ordonnance du praticien', querystring: tokenQuery, body: z.object({ summary: z.string().trim().min(1).max(20_000), prescription: z.string().max(20_000).optional() }) },
    },
    async (req, reply) => {
      const entry = await service.resolveLink(ctx, req.query.token, req.actor);
      const documents = await service.writeReport(ctx, entry, req.body, req.actor);
      for (const document of documents) rooms.peek(entry.appointment.id)?.toRoom({ type: 'document', document });
      return reply.code(201).send({ documents });
    },
  );

  // The team.
  r.get('/api/teleconsultations', { config: { action: 'requests.read' }, schema: { tags, summary: 'Les téléconsultations du jour, en direct', querystring: z.object({ date: z.iso.date().optional() }) } }, async (req) => ({
    teleconsultations: await service.listDay(ctx, req.query.date, rooms),
  }));
  const role = z.object({ role: z.enum(['practitioner', 'client']) });
  r.post('/api/appointments/:id/teleconsultation/links', { config: { action: 'requests.write' }, schema: { tags, params: z.object({ id: z.uuid() }), body: role } }, async (req, reply) => {
    const { url, expiresAt } = await service.issueLink(ctx, req.params.id, req.body.role, req.actor);
    return reply.code(201).send({ url, expiresAt });
  });
  r.post('/api/appointments/:id/teleconsultation/revoke', { config: { action: 'requests.write' }, schema: { tags, params: z.object({ id: z.uuid() }), body: role } }, async (req) => ({
    revoked: await service.revokeLinks(ctx, req.params.id, req.body.role, req.actor),
  }));

  // The client: from the portal, or from the appointment link of the confirmation.
  r.post('/api/portal/appointments/:id/teleconsultation', { config: { action: 'portal.use' }, schema: { tags: ['portail'], params: z.object({ id: z.uuid() }) } }, async (req, reply) => {
    const a = await loadAppointment(ctx, req.params.id);
    if (!req.auth?.user.clientId || a.clientId !== req.auth.user.clientId) throw new DomainError('appointment_not_found', 404);
    const { url, expiresAt } = await service.issueLink(ctx, a.id, 'client', req.actor);
    return reply.code(201).send({ url, expiresAt });
  });
  r.post('/api/public/appointments/:token/teleconsultation', { config: { public: true, ...limited }, schema: { tags: ['public'], params: z.object({ token: z.string().min(20).max(200) }) } }, async (req, reply) => {
    const a = await appointmentByToken(ctx, req.params.token);
    const { url, expiresAt } = await service.issueLink(ctx, a.id, 'client', req.actor);
    return reply.code(201).send({ url, expiresAt });
  });

  r.get('/api/teleconsultation/ws', { websocket: true, config: { public: true, ...limited }, schema: { tags, summary: 'La salle (WebSocket)' } }, (socket: WebSocket, req: FastifyRequest) => {
    const locale = requestLocale(req);
    const send = (message: object) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    };
    const conn: Connection = { send, close: (code, reason) => socket.close(code, reason) };
    const fail = (code: string, message: string, closeCode: number) => {
      send({ type: 'error', code, message });
      socket.close(closeCode, code);
    };
    // Messages can arrive before the link is checked: queue them until it is.
    const queue: string[] = [];
    let handle: ((raw: string) => Promise<void>) | null = null;
    socket.on('message', (data) => {
      const raw = data.toString();
      if (handle) void handle(raw);
      else queue.push(raw);
    });

    const query = req.query as Record<string, unknown>;
    // The device check's network test: reaching the socket is all it asks (no room, no audit).
    if (query.probe === '1' && !query.token) {
      send({ type: 'pong' });
      socket.close(1000, 'probe');
      return;
    }

    void (async () => {
      const token = String(query.token ?? '');
      let entry: service.Entry;
      try {
        entry = await service.resolveLink(ctx, token, req.actor);
      } catch (error) {
        if (error instanceof DomainError) return fail(error.code, translate(error.code, locale, error.params), error.status === 401 ? CLOSE.badToken : CLOSE.closed);
        throw error;
      }
      const appointmentId = entry.appointment.id;
      if (!isOpen(entry.window, ctx.now())) {
        const fmt = (d: Date) => new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(d);
        return fail('teleconsult_room_closed', translate('teleconsult_room_closed', locale, { opensAt: fmt(entry.window.opensAt), closesAt: fmt(entry.window.closesAt) }), CLOSE.closed);
      }
      const room = rooms.get(appointmentId);
      const past = await service.history(ctx, appointmentId);
      const presenceId = await service.recordJoin(ctx, entry, req.actor);
      room.join(entry.peer, conn, ctx.now(), past);
      // Someone is at the door (or the practitioner is in): the call is at least "waiting".
      await service.setCallStatus(ctx, appointmentId, room.inProgress() ? 'in_progress' : 'waiting');
      const clientCame = () => room.inRoom().some((p) => p.role === 'client');
      let clientWasIn = clientCame();

      socket.on('close', () => {
        void (async () => {
          room.leave(entry.peer.id, conn);
          await service.recordLeave(ctx, presenceId);
          rooms.release(appointmentId);
        })().catch((error) => req.log.error({ err: error }, 'teleconsultation leave failed'));
      });

      handle = async (raw: string) => {
        let parsed: z.infer<typeof clientMessage>;
        try {
          parsed = clientMessage.parse(JSON.parse(raw));
        } catch {
          return send({ type: 'error', code: 'bad_request', message: translate('bad_request', locale) });
        }
        const me = entry.peer;
        const inRoom = room.stateOf(me.id) === 'in_room';
        const practitioner = me.role === 'practitioner';
        switch (parsed.type) {
          case 'ping':
            return send({ type: 'pong' });
          case 'signal':
            room.signal(me.id, parsed.to, parsed.data);
            return;
          case 'admit': {
            if (!practitioner) return send({ type: 'error', code: 'teleconsult_practitioner_only', message: translate('teleconsult_practitioner_only', locale) });
            const admitted = room.admit(me.id, parsed.id, await service.history(ctx, appointmentId));
            if (admitted && room.inProgress()) await service.setCallStatus(ctx, appointmentId, 'in_progress');
            clientWasIn ||= clientCame();
            return;
          }
          case 'chat': {
            if (!inRoom) return send({ type: 'error', code: 'teleconsult_not_in_room', message: translate('teleconsult_not_in_room', locale) });
            room.toRoom({ type: 'chat', message: await service.addChat(ctx, entry, parsed.body) });
            return;
          }
          case 'help':
            await service.askForHelp(ctx, entry, req.actor);
            return send({ type: 'help-sent' });
          case 'invite': {
            if (!practitioner) return send({ type: 'error', code: 'teleconsult_practitioner_only', message: translate('teleconsult_practitioner_only', locale) });
            const { url } = await service.issueLink(ctx, appointmentId, 'guest', req.actor, parsed.name);
            return send({ type: 'invited', name: parsed.name, url });
          }
          case 'end': {
            if (!practitioner) return send({ type: 'error', code: 'teleconsult_practitioner_only', message: translate('teleconsult_practitioner_only', locale) });
            clientWasIn ||= clientCame();
            await service.endCall(ctx, entry, clientWasIn, req.actor);
            room.end();
            return;
          }
        }
      };
      for (const raw of queue.splice(0)) await handle(raw);
    })().catch((error) => {
      req.log.error({ err: error }, 'teleconsultation socket failed');
      fail('internal', translate('internal_error', locale), 1011);
    });
  });
}

