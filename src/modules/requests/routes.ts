import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import { onChange } from '../../platform/events.ts';
import { system } from '../audit/domain.ts';
import { registerClient } from '../clients/service.ts';
import { listInbox, markRead } from '../notifications/inbox.ts';
import { channels, emergencySteps, kinds, requestNumber, statuses, urgencies } from './domain.ts';
import * as service from './service.ts';

const id = z.object({ id: z.uuid() });
const optional = (max: number) => z.string().trim().max(max).nullish();

export function requestRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['demandes'];
  const read = { action: 'requests.read' as const };
  const write = { action: 'requests.write' as const };
  const detail = async (requestId: string, actor: Parameters<typeof service.requestDetail>[2]) => (await service.requestDetail(ctx, requestId, actor)).request;

  r.get(
    '/api/requests',
    {
      config: read,
      schema: {
        tags,
        summary: 'File des demandes (urgence puis ancienneté) et compteurs',
        querystring: z.object({
          scope: z.enum(['all', 'mine', 'unassigned']).default('all'),
          status: z.enum(statuses).optional(),
          specialty: z.string().max(40).optional(),
          urgency: z.enum(urgencies).optional(),
          clientId: z.uuid().optional(),
        }),
      },
    },
    async (req) => service.queue(ctx, req.query, req.actor),
  );

  r.post(
    '/api/requests',
    {
      config: write,
      schema: {
        tags,
        summary: 'Nouvelle demande (triage proposé à l’enregistrement)',
        body: z.object({
          clientId: z.uuid(),
          channel: z.enum(channels),
          kind: z.enum(kinds),
          text: z.string().trim().min(3).max(5000),
          requester: optional(120),
          preferredDates: optional(500),
          constraints: optional(1000),
        }),
      },
    },
    async (req, reply) => {
      const row = await service.createRequest(ctx, req.body, req.actor);
      return reply.status(201).send({ request: await detail(row.id, req.actor) });
    },
  );

  // Server-Sent Events: ids of what changed, so open screens refetch. No content goes down this pipe.
  r.get('/api/requests/stream', { config: read, schema: { tags, hide: true } }, (req, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    reply.raw.write(': connecté\n\n');
    const userId = req.auth?.user.id;
    const stop = onChange((notice) => {
      if (notice.type === 'inbox.changed' && notice.id !== userId) return;
      reply.raw.write(`data: ${JSON.stringify(notice)}\n\n`);
    });
    const heartbeat = setInterval(() => reply.raw.write(': ping\n\n'), 25_000);
    req.raw.on('close', () => {
      clearInterval(heartbeat);
      stop();
    });
  });

  r.get('/api/requests/:id', { config: read, schema: { tags, params: id } }, async (req) => service.requestDetail(ctx, req.params.id, req.actor));

  r.post(
    '/api/requests/:id/status',
    { config: write, schema: { tags, params: id, body: z.object({ to: z.enum(statuses), reason: z.string().max(1000).optional() }) } },
    async (req) => {
      await service.changeStatus(ctx, req.params.id, req.body.to, req.body.reason, req.actor);
      return { request: await detail(req.params.id, req.actor) };
    },
  );

  r.post('/api/requests/:id/assign', { config: write, schema: { tags, params: id, body: z.object({ assigneeId: z.uuid().nullable() }) } }, async (req) => {
    await service.assign(ctx, req.params.id, req.body.assigneeId, req.actor);
    return { request: await detail(req.params.id, req.actor) };
  });

  r.post(
    '/api/requests/:id/triage',
    {
      config: write,
      schema: { tags, summary: 'Confirmer ou modifier le triage (motif obligatoire si modifié)', params: id, body: z.object({ urgency: z.enum(urgencies), specialty: z.string().max(40), reason: z.string().max(1000).optional() }) },
    },
    async (req) => {
      await service.decideTriage(ctx, req.params.id, req.body, req.actor);
      return { request: await detail(req.params.id, req.actor) };
    },
  );

  r.post('/api/requests/:id/notes', { config: write, schema: { tags, params: id, body: z.object({ body: z.string().trim().min(1).max(10_000) }) } }, async (req, reply) => {
    const { note, body, mentioned } = await service.addNote(ctx, req.params.id, req.body.body, req.actor);
    return reply.status(201).send({
      note: { id: note.id, body, createdAt: note.createdAt.toISOString(), mentions: mentioned.map((u) => ({ id: u.id, displayName: u.displayName })) },
    });
  });

  r.post(
    '/api/requests/:id/tasks',
    { config: write, schema: { tags, params: id, body: z.object({ title: z.string().trim().min(1).max(300), dueAt: z.iso.datetime({ offset: true }).nullish(), ownerId: z.uuid().nullish() }) } },
    async (req, reply) => reply.status(201).send({ task: await service.addTask(ctx, req.params.id, req.body, req.actor) }),
  );

  r.patch(
    '/api/requests/:id/tasks/:taskId',
    { config: write, schema: { tags, params: z.object({ id: z.uuid(), taskId: z.uuid() }), body: z.object({ done: z.boolean() }) } },
    async (req) => ({ task: await service.completeTask(ctx, req.params.id, req.params.taskId, req.body.done, req.actor) }),
  );

  r.post('/api/requests/:id/emergency', { config: write, schema: { tags, summary: 'Déclencher le protocole d’urgence', params: id, body: z.object({ reason: z.string().max(1000).optional() }) } }, async (req) => {
    await service.activateEmergency(ctx, req.params.id, req.body.reason, req.actor);
    return { request: await detail(req.params.id, req.actor) };
  });

  r.post('/api/requests/:id/emergency/steps', { config: write, schema: { tags, params: id, body: z.object({ step: z.enum(emergencySteps) }) } }, async (req) => {
    await service.emergencyStep(ctx, req.params.id, req.body.step, req.actor);
    return { request: await detail(req.params.id, req.actor) };
  });

  // In-app notifications of the signed-in user.
  r.get('/api/inbox', { config: { action: 'account.self' }, schema: { tags: ['notifications'] } }, async (req) => {
    const { items, unread } = await listInbox(ctx.db, req.auth?.user.id as string);
    return { items: items.map((i) => ({ ...i, createdAt: i.createdAt.toISOString(), readAt: i.readAt?.toISOString() ?? null })), unread };
  });
  r.post('/api/inbox/:id/read', { config: { action: 'account.self' }, schema: { tags: ['notifications'], params: id } }, async (req, reply) => {
    if (!(await markRead(ctx.db, req.auth?.user.id as string, req.params.id))) throw new DomainError('not_found', 404);
    return reply.status(204).send();
  });

  // The client's own portal.
  const portal = { action: 'portal.use' as const };
  r.get('/api/portal/requests', { config: portal, schema: { tags: ['portail'], summary: 'Mes demandes' } }, async (req) =>
    service.portalRequests(ctx, req.auth?.user.clientId ?? null, req.actor),
  );
  r.post(
    '/api/portal/requests',
    {
      config: portal,
      schema: {
        tags: ['portail'],
        summary: 'Nouvelle demande du client (urgence vitale signalée aussitôt)',
        body: z.object({ kind: z.enum(kinds), text: z.string().trim().min(3).max(5000), preferredDates: optional(500), constraints: optional(1000) }),
      },
    },
    async (req, reply) => reply.status(201).send(await service.createPortalRequest(ctx, req.auth?.user.clientId ?? null, req.body, req.actor)),
  );

  // The public form: anyone may ask; it creates a pending client for the team to verify.
  r.post(
    '/api/public/requests',
    {
      config: { public: true, rateLimit: { max: 5, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Formulaire public de demande',
        body: z.object({
          birthName: z.string().trim().min(1).max(100),
          firstName: z.string().trim().min(1).max(60),
          birthDate: z.iso.date(),
          sex: z.enum(['F', 'M']),
          email: z.email().max(254),
          phone: z.string().trim().max(40).optional(),
          kind: z.enum(kinds),
          text: z.string().trim().min(3).max(5000),
          consent: z.boolean(),
        }),
      },
    },
    async (req, reply) => {
      const b = req.body;
      if (!b.consent) throw new DomainError('validation_failed', 400, {}, [{ path: 'consent', code: 'consent_required' }]);
      const client = await registerClient(
        ctx,
        { birthName: b.birthName, firstNames: [b.firstName], birthDate: b.birthDate, sex: b.sex, email: b.email, phone: b.phone || null, confirmNotDuplicate: true, status: 'pending' },
        req.actor.ip ? { ...system, email: 'formulaire public', ip: req.actor.ip, userAgent: req.actor.userAgent } : system,
      );
      const row = await service.createRequest(ctx, { clientId: client.id, channel: 'public_form', kind: b.kind, text: b.text }, { ...req.actor, email: 'formulaire public' });
      return reply.status(202).send({ number: requestNumber(row.number) });
    },
  );
}
