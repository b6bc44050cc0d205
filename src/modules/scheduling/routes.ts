import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Actor } from '../audit/domain.ts';
import { recordAudit } from '../audit/store.ts';
import * as service from './service.ts';
import * as store from './store.ts';
import { regenerateFeed, renderFeed } from './feeds.ts';
import { listLogistics, logisticsKinds, logisticsStatuses, requestLogistics, updateLogistics } from './logistics.ts';
import { addressOf, appointmentViews } from './present.ts';
import { assertReminderRules, policiesView, resetTeamPolicy, setTeamPolicy } from './reminder-policies.ts';
import { sortReminderRules } from './reminders.ts';
import { cancelWaitlist, findWaitlist, joinWaitlist, listWaitlist, waitlistViews } from './waitlist.ts';
import type { AppointmentRow } from './store.ts';
import { appointmentChecklist, withChecklists } from '../preparation/service.ts';

const user = (actor: Actor) => actor as Actor & { id: string };
const mode = z.enum(['in_person', 'teleconsultation']);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/);
const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
// Bounds and duplicates are checked by reminderRuleIssues (pure), with the French messages.
const reminderRule = z.object({ channel: z.enum(['email', 'sms']), minutesBefore: z.number().int() });

export function schedulingRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const one = async (a: AppointmentRow) => (await appointmentViews(ctx, [a]))[0];
  const tags = ['agenda'];
  const id = z.object({ id: z.uuid() });

  r.get('/api/practitioners/:id/schedule', { config: { action: 'directory.read' }, schema: { tags, summary: 'Horaires, types de consultation, règles et exceptions', params: id } }, async (req) => {
    const s = (await store.schedulesOf(ctx.db, [req.params.id], ctx.now(), new Date(ctx.now().getTime() + 365 * 86_400_000))).get(req.params.id);
    return {
      hours: s?.hours.map(({ id: _id, practitionerId: _p, ...h }) => h) ?? [],
      types: s?.types.map((t) => ({ code: t.code, label: t.label, durationMinutes: t.durationMinutes, mode: t.mode })) ?? [],
      // reminders: the practitioner's own list, or null for the team's policy.
      rules: s?.rules
        ? { minNoticeMinutes: s.rules.minNoticeMinutes, bufferMinutes: s.rules.bufferMinutes, slotStepMinutes: s.rules.slotStepMinutes, cancellationNoticeHours: s.rules.cancellationNoticeHours, reminders: s.rules.reminders ?? null }
        : { ...service.DEFAULT_RULES, reminders: null },
      exceptions: s?.exceptions.map((e) => ({ id: e.id, kind: e.kind, placeId: e.placeId, startsAt: e.startsAt.toISOString(), endsAt: e.endsAt.toISOString(), reason: e.reason })) ?? [],
    };
  });

  r.put(
    '/api/practitioners/:id/schedule',
    {
      config: { action: 'directory.write' },
      schema: {
        tags,
        params: id,
        body: z.object({
          hours: z
            .array(
              z
                .object({ placeId: z.uuid().nullable(), weekday: z.number().int().min(1).max(7), startTime: hhmm, endTime: hhmm, modes: z.array(mode).min(1), validFrom: z.iso.date().nullable().optional(), validUntil: z.iso.date().nullable().optional() })
                .refine((h) => h.startTime < h.endTime, { message: 'start before end', path: ['endTime'] }),
            )
            .max(100),
          types: z.array(z.object({ code: z.string().regex(/^[a-z_]{2,30}$/), label: z.string().trim().min(1).max(80), durationMinutes: z.number().int().min(5).max(480), mode })).max(20),
          rules: z.object({
            minNoticeMinutes: z.number().int().min(0).max(43_200),
            bufferMinutes: z.number().int().min(0).max(120),
            slotStepMinutes: z.number().int().min(5).max(120),
            cancellationNoticeHours: z.number().int().min(0).max(168),
            /** null: the team's policy; absent: unchanged. */
            reminders: z.array(reminderRule).max(20).nullable().optional(),
          }),
        }),
      },
    },
    async (req) => {
      if (req.body.rules.reminders) assertReminderRules(req.body.rules.reminders, 'rules.reminders');
      const reminders = req.body.rules.reminders ? sortReminderRules(req.body.rules.reminders) : req.body.rules.reminders;
      await store.replaceSchedule(ctx.db, req.params.id, { ...req.body, rules: { ...req.body.rules, reminders } });
      await recordAudit(ctx.db, req.actor, { action: 'schedule.updated', targetType: 'practitioner', targetId: req.params.id });
      return { ok: true };
    },
  );

  r.post(
    '/api/practitioners/:id/exceptions',
    { config: { action: 'directory.write' }, schema: { tags, summary: 'Fermeture (congés) ou ouverture exceptionnelle', params: id, body: z.object({ kind: z.enum(['closed', 'open']), placeId: z.uuid().nullable().optional(), startsAt: instant, endsAt: instant, reason: z.string().max(200).optional() }) } },
    async (req, reply) => {
      if (req.body.startsAt >= req.body.endsAt) throw new DomainError('validation_failed', 400, {}, [{ path: 'endsAt', code: 'field_required' }]);
      const row = await store.insertException(ctx.db, { practitionerId: req.params.id, kind: req.body.kind, placeId: req.body.placeId ?? null, startsAt: req.body.startsAt, endsAt: req.body.endsAt, reason: req.body.reason ?? null });
      return reply.code(201).send({ exception: { id: row.id } });
    },
  );

  r.delete('/api/practitioners/:id/exceptions/:exceptionId', { config: { action: 'directory.write' }, schema: { tags, params: z.object({ id: z.uuid(), exceptionId: z.uuid() }) } }, async (req, reply) => {
    if (!(await store.deleteException(ctx.db, req.params.id, req.params.exceptionId))) throw new DomainError('not_found', 404);
    return reply.code(204).send();
  });

  r.get(
    '/api/slots',
    {
      config: { action: 'requests.read' },
      schema: {
        tags,
        summary: 'Premiers créneaux libres de plusieurs praticiens sur une période',
        querystring: z.object({
          practitionerIds: z
            .string()
            .transform((s) => s.split(',').filter(Boolean))
            .pipe(z.array(z.uuid()).min(1).max(50)),
          typeCode: z.string().max(30).optional(),
          mode: mode.default('in_person'),
          from: instant.optional(),
          days: z.coerce.number().int().min(1).max(90).default(30),
          perPractitioner: z.coerce.number().int().min(1).max(20).default(5),
          weekdays: z
            .string()
            .transform((s) => s.split(',').filter(Boolean).map(Number))
            .pipe(z.array(z.number().int().min(1).max(7)))
            .optional(),
          earliestTime: hhmm.optional(),
          latestTime: hhmm.optional(),
        }),
      },
    },
    async (req) => {
      const q = req.query;
      const from = q.from && q.from > ctx.now() ? q.from : ctx.now();
      const results = await service.searchSlots(ctx, {
        practitionerIds: q.practitionerIds,
        typeCode: q.typeCode,
        mode: q.mode,
        from,
        to: new Date(from.getTime() + q.days * 86_400_000),
        perPractitioner: q.perPractitioner,
        constraints: { weekdays: q.weekdays, earliestTime: q.earliestTime, latestTime: q.latestTime },
      });
      return {
        practitioners: results.map((p) => ({ ...p, slots: p.slots.map((s) => ({ startsAt: s.start.toISOString(), endsAt: s.end.toISOString(), placeId: s.placeId })) })),
      };
    },
  );

  const booking = {
    practitionerId: z.uuid(),
    clientId: z.uuid(),
    requestId: z.uuid().optional(),
    typeCode: z.string().max(30).optional(),
    mode: mode.default('in_person'),
    startsAt: instant,
    placeId: z.uuid().optional(),
  };

  r.post('/api/appointments', { config: { action: 'requests.write' }, schema: { tags, summary: 'Réserver un créneau (jamais de double réservation)', body: z.object(booking) } }, async (req, reply) => {
    const { appointment } = await service.book(ctx, req.body, req.actor);
    return reply.code(201).send({ appointment: await one(appointment) });
  });

  r.post(
    '/api/appointments/external',
    {
      config: { action: 'requests.write' },
      schema: { tags, summary: 'Rendez-vous obtenu par téléphone auprès du secrétariat', body: z.object({ ...booking, durationMinutes: z.number().int().min(5).max(480), confirmedWith: z.string().trim().min(2).max(200) }) },
    },
    async (req, reply) => {
      const { appointment } = await service.bookExternal(ctx, req.body, req.actor);
      return reply.code(201).send({ appointment: await one(appointment) });
    },
  );

  r.get(
    '/api/appointments',
    {
      config: { action: 'requests.read' },
      schema: {
        tags,
        querystring: z.object({
          from: instant.optional(),
          to: instant.optional(),
          practitionerId: z.uuid().optional(),
          clientId: z.uuid().optional(),
          requestId: z.uuid().optional(),
          includeCancelled: z.enum(['true', 'false']).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(200),
        }),
      },
    },
    async (req) => {
      const q = req.query;
      const rows = await store.listAppointments(ctx.db, { ...q, includeFree: q.includeCancelled === 'true' });
      return { appointments: await appointmentViews(ctx, rows) };
    },
  );

  r.get('/api/appointments/:id', { config: { action: 'requests.read' }, schema: { tags, params: id } }, async (req) => ({ appointment: await one(await service.loadAppointment(ctx, req.params.id)) }));

  r.post('/api/appointments/:id/cancel', { config: { action: 'requests.write' }, schema: { tags, params: id, body: z.object({ reason: z.string().trim().min(1).max(500) }) } }, async (req) => ({
    appointment: await one(await service.cancel(ctx, req.params.id, req.body.reason, req.actor)),
  }));

  r.post('/api/appointments/:id/reschedule', { config: { action: 'requests.write' }, schema: { tags, params: id, body: z.object({ startsAt: instant, reason: z.string().max(500).optional() }) } }, async (req) => {
    const { appointment } = await service.reschedule(ctx, req.params.id, req.body.startsAt, req.actor, { reason: req.body.reason });
    return { appointment: await one(appointment) };
  });

  r.post('/api/appointments/:id/outcome', { config: { action: 'requests.write' }, schema: { tags, summary: 'Honoré ou absence (no-show)', params: id, body: z.object({ status: z.enum(['completed', 'no_show']) }) } }, async (req) => ({
    appointment: await one(await service.setOutcome(ctx, req.params.id, req.body.status, req.actor)),
  }));

  r.post(
    '/api/requests/:id/proposals',
    {
      config: { action: 'requests.write' },
      schema: {
        tags,
        summary: 'Proposer plusieurs créneaux au client (retenus pendant le délai)',
        params: id,
        body: z.object({
          holdHours: z.number().int().min(1).max(168).default(48),
          slots: z.array(z.object({ practitionerId: z.uuid(), startsAt: instant, typeCode: z.string().max(30).optional(), mode: mode.default('in_person'), placeId: z.uuid().optional() })).min(1).max(6),
        }),
      },
    },
    async (req, reply) => {
      const { proposal, held } = await service.propose(ctx, { requestId: req.params.id, ...req.body }, user(req.actor));
      return reply.code(201).send({ proposal: { id: proposal.id, status: proposal.status, expiresAt: proposal.expiresAt.toISOString(), slots: await appointmentViews(ctx, held) } });
    },
  );

  r.get('/api/requests/:id/proposals', { config: { action: 'requests.read' }, schema: { tags, params: id } }, async (req) => ({
    proposals: await service.proposalViews(ctx, await store.listProposals(ctx.db, { requestId: req.params.id })),
  }));

  // The client's portal: their appointments and the proposals waiting for their choice.
  const portal = { action: 'portal.use' } as const;
  const ownClient = (clientId: string | null | undefined) => {
    if (!clientId) throw new DomainError('client_not_found', 404);
    return clientId;
  };
  r.get('/api/portal/appointments', { config: portal, schema: { tags: ['portail'], summary: 'Mes rendez-vous et propositions' } }, async (req) => {
    const clientId = ownClient(req.auth?.user.clientId);
    await store.releaseExpiredHolds(ctx.db, ctx.now());
    const rows = (await store.listAppointments(ctx.db, { clientId, limit: 200 })).filter((a) => a.status !== 'held');
    return { appointments: await withChecklists(ctx, await appointmentViews(ctx, rows)), proposals: await service.proposalViews(ctx, await store.listProposals(ctx.db, { clientId, openOnly: true })) };
  });
  r.post(
    '/api/portal/proposals/:id/accept',
    { config: portal, schema: { tags: ['portail'], params: id, body: z.object({ appointmentId: z.uuid() }) } },
    async (req) => {
      const clientId = ownClient(req.auth?.user.clientId);
      const proposal = await store.findProposal(ctx.db, req.params.id);
      if (!proposal || proposal.clientId !== clientId) throw new DomainError('proposal_not_found', 404);
      const { appointment } = await service.acceptProposal(ctx, proposal.id, req.body.appointmentId, req.actor);
      return { appointment: await one(appointment) };
    },
  );
  r.post(
    '/api/portal/appointments/:id/cancel',
    { config: portal, schema: { tags: ['portail'], params: id, body: z.object({ reason: z.string().trim().min(1).max(500) }) } },
    async (req) => {
      const clientId = ownClient(req.auth?.user.clientId);
      const a = await store.findAppointment(ctx.db, req.params.id);
      if (!a || a.clientId !== clientId) throw new DomainError('appointment_not_found', 404);
      return { appointment: await one(await service.cancel(ctx, a.id, req.body.reason, req.actor, { byClient: true })) };
    },
  );

  // The link sent to the client: the token is the secret; it shows no health data.
  const token = z.object({ token: z.string().min(20).max(100) });
  const publicSlot = (v: Awaited<ReturnType<typeof appointmentViews>>[number]) => ({
    id: v.id,
    number: v.number,
    startsAt: v.startsAt,
    endsAt: v.endsAt,
    mode: v.mode,
    practitionerName: v.practitioner.displayName,
    address: addressOf(v),
  });
  const limited = { rateLimit: { max: 30, timeWindow: '1 minute' } };
  r.get('/api/public/proposals/:token', { config: { public: true, ...limited }, schema: { tags: ['public'], params: token } }, async (req) => {
    const proposal = await service.proposalByToken(ctx, req.params.token);
    const slots = proposal.status === 'open' && proposal.expiresAt > ctx.now() ? await store.listAppointments(ctx.db, { proposalId: proposal.id, limit: 10 }) : [];
    return {
      proposal: {
        status: proposal.status === 'open' && proposal.expiresAt <= ctx.now() ? 'expired' : proposal.status,
        expiresAt: proposal.expiresAt.toISOString(),
        slots: (await appointmentViews(ctx, slots.filter((a) => a.status === 'held'))).map(publicSlot),
      },
    };
  });
  r.post('/api/public/proposals/:token/accept', { config: { public: true, ...limited }, schema: { tags: ['public'], params: token, body: z.object({ appointmentId: z.uuid() }) } }, async (req) => {
    const proposal = await service.proposalByToken(ctx, req.params.token);
    const { appointment } = await service.acceptProposal(ctx, proposal.id, req.body.appointmentId, req.actor);
    return { appointment: publicSlot((await appointmentViews(ctx, [appointment]))[0] as Awaited<ReturnType<typeof appointmentViews>>[number]) };
  });

  // Waiting list: offered the first slot that frees up.
  r.post(
    '/api/waitlist',
    {
      config: { action: 'requests.write' },
      schema: { tags, summary: 'Liste d’attente : proposer au client le premier créneau libéré', body: z.object({ clientId: z.uuid(), practitionerId: z.uuid(), requestId: z.uuid(), appointmentId: z.uuid().optional(), earliest: instant.optional(), latest: instant.optional() }) },
    },
    async (req, reply) => {
      const row = await joinWaitlist(ctx, req.body, req.actor);
      return reply.code(201).send({ entry: { id: row.id, status: row.status } });
    },
  );
  r.get(
    '/api/practitioners/:id/waitlist',
    {
      config: { action: 'requests.read' },
      schema: { tags, summary: 'Clients en liste d’attente (par défaut ceux qui attendent ; active : aussi ceux à qui un créneau est proposé)', params: id, querystring: z.object({ status: z.enum(['waiting', 'active']).default('waiting') }) },
    },
    async (req) => {
      const rows = req.query.status === 'active' ? await findWaitlist(ctx, { practitionerId: req.params.id, activeOnly: true }) : await listWaitlist(ctx, req.params.id);
      await recordAudit(ctx.db, req.actor, { action: 'appointment.waitlist_read', targetType: 'practitioner', targetId: req.params.id, details: { count: rows.length } });
      return { entries: await waitlistViews(ctx, rows) };
    },
  );
  r.get('/api/requests/:id/waitlist', { config: { action: 'requests.read' }, schema: { tags, summary: 'Inscriptions en liste d’attente de la demande', params: id } }, async (req) => {
    const rows = await findWaitlist(ctx, { requestId: req.params.id });
    await recordAudit(ctx.db, req.actor, { action: 'appointment.waitlist_read', targetType: 'request', targetId: req.params.id, details: { count: rows.length } });
    return { entries: await waitlistViews(ctx, rows) };
  });
  r.post('/api/waitlist/:id/cancel', { config: { action: 'requests.write' }, schema: { tags, summary: 'Retirer le client de la liste d’attente', params: id } }, async (req) => ({
    entry: (await waitlistViews(ctx, [await cancelWaitlist(ctx, req.params.id, req.actor)]))[0],
  }));

  // The team's reminder policy per mode (a practitioner's own list wins over it).
  const policyBody = z.object({ rules: z.array(reminderRule).max(20) });
  r.get('/api/reminder-policies', { config: { action: 'requests.read' }, schema: { tags, summary: 'Rappels de l’équipe par mode de consultation' } }, async () => policiesView(ctx));
  r.put(
    '/api/reminder-policies/:mode',
    { config: { action: 'scheduling.configure' }, schema: { tags, summary: 'Modifier les rappels de l’équipe pour un mode', params: z.object({ mode }), body: policyBody } },
    async (req) => setTeamPolicy(ctx, req.params.mode, req.body.rules, req.actor),
  );
  r.delete('/api/reminder-policies/:mode', { config: { action: 'scheduling.configure' }, schema: { tags, summary: 'Revenir aux rappels par défaut', params: z.object({ mode }) } }, async (req) =>
    resetTeamPolicy(ctx, req.params.mode, req.actor),
  );

  // Logistics: transport and lodging around an appointment.
  const logisticsBody = {
    kind: z.enum(logisticsKinds),
    providerId: z.uuid().nullable().optional(),
    details: z.string().max(2000).nullable().optional(),
    startsAt: instant.nullable().optional(),
    endsAt: instant.nullable().optional(),
    costCents: z.number().int().min(0).max(10_000_000).nullable().optional(),
  };
  r.get('/api/appointments/:id/logistics', { config: { action: 'requests.read' }, schema: { tags, params: id } }, async (req) => ({ logistics: await listLogistics(ctx, req.params.id, req.actor) }));
  r.post('/api/appointments/:id/logistics', { config: { action: 'requests.write' }, schema: { tags, summary: 'Transport ou hébergement (tâche créée pour le coordinateur)', params: id, body: z.object(logisticsBody) } }, async (req, reply) =>
    reply.code(201).send({ logistics: await requestLogistics(ctx, req.params.id, req.body, req.actor) }),
  );
  r.patch(
    '/api/logistics/:id',
    { config: { action: 'requests.write' }, schema: { tags, params: id, body: z.object({ ...logisticsBody, kind: logisticsBody.kind.optional(), status: z.enum(logisticsStatuses).optional() }) } },
    async (req) => ({ logistics: await updateLogistics(ctx, req.params.id, req.body, req.actor) }),
  );

  // The client's own appointment link (from the confirmation): see it, cancel it within the rules.
  r.get('/api/public/appointments/:token', { config: { public: true, ...limited }, schema: { tags: ['public'], params: token } }, async (req) => {
    const a = await service.appointmentByToken(ctx, req.params.token);
    return { appointment: { ...publicSlot((await appointmentViews(ctx, [a]))[0] as Awaited<ReturnType<typeof appointmentViews>>[number]), status: a.status, checklist: await appointmentChecklist(ctx, a.id) } };
  });
  r.post(
    '/api/public/appointments/:token/cancel',
    { config: { public: true, ...limited }, schema: { tags: ['public'], params: token, body: z.object({ reason: z.string().trim().min(1).max(500) }) } },
    async (req) => {
      const a = await service.appointmentByToken(ctx, req.params.token);
      const row = await service.cancel(ctx, a.id, req.body.reason, req.actor, { byClient: true });
      return { appointment: { ...publicSlot((await appointmentViews(ctx, [row]))[0] as Awaited<ReturnType<typeof appointmentViews>>[number]), status: row.status } };
    },
  );

  // Calendar feeds: a secret URL per staff member, practitioner and client.
  r.post('/api/calendar-feeds/me', { config: { action: 'shell.staff' }, schema: { tags, summary: 'Mon agenda (ICS) : nouvelle adresse secrète' } }, async (req) => ({
    url: await regenerateFeed(ctx, 'user', req.auth?.user.id as string, req.actor),
  }));
  r.post('/api/practitioners/:id/calendar-feed', { config: { action: 'directory.write' }, schema: { tags, params: id } }, async (req) => ({
    url: await regenerateFeed(ctx, 'practitioner', req.params.id, req.actor),
  }));
  r.post('/api/portal/calendar-feed', { config: portal, schema: { tags: ['portail'] } }, async (req) => ({
    url: await regenerateFeed(ctx, 'client', ownClient(req.auth?.user.clientId), req.actor),
  }));
  r.get('/api/calendar/:file', { config: { public: true, ...limited }, schema: { tags: ['public'], params: z.object({ file: z.string().regex(/^[\w-]{20,100}\.ics$/) }) } }, async (req, reply) => {
    const body = await renderFeed(ctx, req.params.file.replace(/\.ics$/, ''));
    return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(body);
  });
}
