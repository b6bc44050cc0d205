/** KPIs over HTTP: the dashboard's figures, the finance figures (admins), the monthly PDF report. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { requestLocale } from '../../server/plugins/errors.ts';
import { specialtyList } from '../../platform/specialties.ts';
import { granularities } from './domain.ts';
import * as service from './service.ts';

const tags = ['indicateurs'];
const day = z.iso.date();
const kpiQuery = z.object({
  from: day.optional(),
  to: day.optional(),
  granularity: z.enum(granularities).optional(),
  assigneeId: z.uuid().optional(),
  specialty: z.enum([...specialtyList] as [string, ...string[]]).optional(),
});

export function reportingRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = { action: 'requests.read' as const };

  r.get(
    '/api/reporting/kpis',
    { config: read, schema: { tags, summary: 'Indicateurs d’activité d’une période (jours de Paris, bornes incluses), filtrables par membre de l’équipe et spécialité', querystring: kpiQuery } },
    async (req) => service.dashboard(ctx, req.query),
  );
  r.get(
    '/api/reporting/finance',
    { config: { action: 'reporting.finance' }, schema: { tags, summary: 'Chiffre d’affaires de la période et créances en cours (administrateurs ; lecture tracée)', querystring: kpiQuery } },
    async (req) => service.financeFigures(ctx, req.query, req.actor),
  );
  r.get('/api/reporting/team', { config: read, schema: { tags, summary: 'Membres de l’équipe (filtre des indicateurs)' } }, async () => ({ members: await service.teamMembers(ctx) }));
  r.get(
    '/api/reporting/monthly-report',
    {
      config: read,
      schema: {
        tags,
        summary: 'Rapport d’activité mensuel (PDF)',
        querystring: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/), lang: z.enum(['fr', 'en']).optional() }),
      },
    },
    async (req, reply) => {
      const lang = req.query.lang ?? requestLocale(req);
      const pdf = await service.monthlyReport(ctx, req.query.month, lang, req.actor);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="parcours-rapport-${req.query.month}.pdf"`)
        .header('cache-control', 'no-store, private')
        .send(pdf);
    },
  );
}
