/** KPI use-cases: the dashboard's figures, the finance figures (audited), the monthly report. */
import { enqueue, type JobHandlers } from '../jobs/queue.ts';
import type { AppContext } from '../../platform/context.ts';
import { parisDate } from '../../platform/context.ts';
import type { Actor } from '../audit/domain.ts';
import { recordAudit } from '../audit/store.ts';
import { can, type Role } from '../identity/domain.ts';
import { checkPeriod, type Granularity, monthPeriod, npsFromCounts, type Period, share } from './domain.ts';
import { dashboardOfDays } from './daily.ts';
import { monthlyReportPdf } from './report-pdf.ts';
import { periodDays, refreshRollup, scopeOf } from './rollup.ts';
import * as store from './store.ts';

export interface KpiQuery extends store.Filters {
  from?: string | undefined;
  to?: string | undefined;
  granularity?: Granularity | undefined;
}

/** Without dates: the current month in Paris, up to today. */
export function resolvePeriod(q: KpiQuery, now: Date): Period {
  const today = parisDate(now);
  return checkPeriod({ from: q.from ?? `${today.slice(0, 7)}-01`, to: q.to ?? today });
}

const filtersOf = (q: KpiQuery): store.Filters => ({ assigneeId: q.assigneeId, specialty: q.specialty });

/**
 * A view — the team, one team member, one specialty — sums the period's days: the rollup for closed
 * days, the source tables for the others, so a year costs about what a month does. Medians and p90s
 * of durations are read from histograms (to the unit below 100, within 2 % above). Both filters at
 * once narrow the requests enough for the exact queries over the source tables.
 */
async function sections(ctx: AppContext, period: Period, f: store.Filters, g: Granularity) {
  const today = parisDate(ctx.now());
  const scope = scopeOf(f);
  if (scope) {
    const [days, overdue] = await Promise.all([periodDays(ctx.db, period, ctx.now(), scope), store.overdueClaims(ctx.db, f, today)]);
    const d = dashboardOfDays(days, g);
    return { ...d, claims: { byInsurer: d.claims, overdue } };
  }
  const [volume, firstResponse, timeToAppointment, appointments, satisfaction, claims] = await Promise.all([
    store.requestVolume(ctx.db, period, f, g),
    store.firstResponse(ctx.db, period, f, ctx.now()),
    store.timeToAppointment(ctx.db, period, f),
    store.appointmentFigures(ctx.db, period, f, g),
    store.satisfaction(ctx.db, period, f, g),
    store.reimbursementDelays(ctx.db, period, f, today),
  ]);
  return { volume, firstResponse, timeToAppointment, appointments, satisfaction, claims, revenue: null };
}

export async function dashboard(ctx: AppContext, q: KpiQuery) {
  const period = resolvePeriod(q, ctx.now());
  const g = q.granularity ?? 'week';
  const f = filtersOf(q);
  const { volume, firstResponse: responses, timeToAppointment: toAppointment, appointments, satisfaction: sat, claims } = await sections(ctx, period, f, g);
  const withShare = responses.map((r) => ({ ...r, withinShare: share(r.withinTarget, r.requests - r.pending) }));
  const emergency = withShare.find((r) => r.urgency === 'emergency');
  const npsOf = (s: store.SatisfactionPoint) => ({ ...s, nps: npsFromCounts(s.promoters, s.detractors, s.npsAnswers) });
  const answered = withShare.reduce((n, r) => n + r.requests - r.pending, 0);
  return {
    period,
    granularity: g,
    filters: f,
    volume,
    firstResponse: {
      byUrgency: withShare,
      withinShare: share(
        withShare.reduce((n, r) => n + r.withinTarget, 0),
        answered,
      ),
    },
    emergencies: { requests: emergency?.requests ?? 0, withinTarget: emergency?.withinTarget ?? 0, withinShare: emergency?.withinShare ?? null, targetMinutes: emergency?.targetMinutes ?? 0 },
    timeToAppointment: toAppointment,
    appointments: {
      ...appointments,
      noShowRate: share(appointments.noShow, appointments.completed + appointments.noShow),
      teleconsultationShare: share(appointments.teleconsultation, appointments.total),
    },
    satisfaction: { overall: npsOf(sat.overall), series: sat.series.map(npsOf) },
    reimbursement: claims,
  };
}
export type Dashboard = Awaited<ReturnType<typeof dashboard>>;

/** Revenue and receivables: admins only, and every read is in the audit log. */
export async function financeFigures(ctx: AppContext, q: KpiQuery, actor: Actor) {
  const period = resolvePeriod(q, ctx.now());
  const f = filtersOf(q);
  const g = q.granularity ?? 'week';
  const today = parisDate(ctx.now());
  let figures: store.Finance;
  const scope = scopeOf(f);
  if (scope) {
    const [days, open] = await Promise.all([periodDays(ctx.db, period, ctx.now(), scope), store.receivables(ctx.db, f, today)]);
    const { revenue } = dashboardOfDays(days, g);
    figures = { ...revenue, ...open };
  } else figures = await store.finance(ctx.db, period, f, g, today);
  await recordAudit(ctx.db, actor, { action: 'reporting.finance.read', targetType: 'reporting', details: { ...period, ...f } });
  return { period, ...figures };
}
export type FinanceFigures = Awaited<ReturnType<typeof financeFigures>>;

export const teamMembers = (ctx: AppContext) => store.teamMembers(ctx.db);

/** The monthly activity report; its finance page only for those allowed to see finance figures. */
export async function monthlyReport(ctx: AppContext, month: string, lang: 'fr' | 'en', actor: Actor): Promise<Buffer> {
  const period = monthPeriod(month);
  const q: KpiQuery = { ...period, granularity: 'week' };
  const kpis = await dashboard(ctx, q);
  const withFinance = actor.role !== null && actor.role !== 'system' && can(actor.role as Role, 'reporting.finance');
  const money = withFinance ? await financeFigures(ctx, q, actor) : null;
  await recordAudit(ctx.db, actor, { action: 'reporting.report', targetType: 'reporting', details: { month, finance: withFinance } });
  return monthlyReportPdf({ month, lang, kpis, finance: money, generatedAt: ctx.now() });
}

const ROLLUP_QUEUE = 'reporting.rollup';
/** Every ten minutes: a change to a closed day is read live meanwhile, so this only sets the speed. */
const ROLLUP_EVERY_MS = 10 * 60_000;

/** Plans the next rollup refresh (one job per ten-minute slot, whatever the number of workers). */
export async function scheduleRollup(ctx: AppContext, delayMs = ROLLUP_EVERY_MS): Promise<void> {
  const slot = Math.ceil((ctx.now().getTime() + delayMs) / ROLLUP_EVERY_MS) * ROLLUP_EVERY_MS;
  await enqueue(ctx.db, { queue: ROLLUP_QUEUE, runAt: new Date(slot), idempotencyKey: `${ROLLUP_QUEUE}:${new Date(slot).toISOString()}`, maxAttempts: 3 });
}

export const reportingJobHandlers: JobHandlers = {
  [ROLLUP_QUEUE]: async (_payload, _job, ctx) => {
    await refreshRollup(ctx.db, ctx.now());
    await scheduleRollup(ctx);
  },
};
