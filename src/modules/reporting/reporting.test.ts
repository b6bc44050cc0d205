import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { type Agent, describeEachDatabase } from '../../../test/support/app.ts';
import { auditEvents } from '../audit/schema.ts';
import { checkPeriod, median, monthPeriod, nps, npsClass, percentileCont, toCsv } from './domain.ts';
import { bucketOf, bucketOfDay, dayRanges, histogramPercentile, LOG_ACCURACY, logPercentile } from './daily.ts';
import { FIXTURE_NOW, type Fixture, loadFixture, MARCH } from './fixtures.ts';
import { kpiDays, kpiStaleDays } from './schema.ts';
import { refreshRollup } from './rollup.ts';

describe('KPI maths', () => {
  test('percentiles interpolate between ranks as PostgreSQL percentile_cont does', () => {
    assert.equal(median([10, 1, 4, 3, 2]), 3);
    assert.equal(median([48, 48, 72, 240]), 60);
    assert.ok(Math.abs((percentileCont([1, 2, 3, 4, 10], 0.9) as number) - 7.6) < 1e-9);
    assert.equal(percentileCont([42], 0.9), 42);
    assert.equal(median([]), null);
  });

  test('NPS is % promoters (9–10) minus % detractors (0–6), passives count in the total', () => {
    assert.deepEqual([0, 6, 7, 8, 9, 10].map(npsClass), ['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
    assert.equal(nps([10, 10, 9, 7, 2]), 40);
    assert.equal(nps([7, 8]), 0);
    assert.equal(nps([0, 1]), -100);
    assert.equal(nps([]), null);
  });

  test('CSV: French spreadsheets get ; and a decimal comma, cells that need it are quoted, formulas are defused', () => {
    const rows = [
      ['Spécialité', 'Part'],
      ['Cardiologie; adulte', 0.25],
      ['Le "bon" choix', 12],
      ['ligne\ndeux', null],
      ['=HYPERLINK("x")', -3],
    ];
    assert.equal(toCsv(rows, 'fr'), 'Spécialité;Part\r\n"Cardiologie; adulte";0,25\r\n"Le ""bon"" choix";12\r\n"ligne\ndeux";\r\n"\'=HYPERLINK(""x"")";-3\r\n');
    assert.equal(toCsv([['a,b', 1.5]], 'en'), '"a,b",1.5\r\n');
  });

  test('periods: Paris calendar days, the end not before the start, at most 400 days; months as periods', () => {
    assert.deepEqual(monthPeriod('2026-02'), { from: '2026-02-01', to: '2026-02-28' });
    assert.deepEqual(monthPeriod('2028-02'), { from: '2028-02-01', to: '2028-02-29' });
    assert.throws(() => checkPeriod({ from: '2026-03-10', to: '2026-03-01' }), /validation_failed/);
    assert.throws(() => checkPeriod({ from: '2025-01-01', to: '2026-03-01' }), /validation_failed/);
    assert.throws(() => monthPeriod('2026-13'), /validation_failed/);
  });
});

describe('Day figures and their sums', () => {
  const histogram = (values: number[]) => values.reduce<Record<string, number>>((h, v) => ({ ...h, [bucketOf(v)]: (h[bucketOf(v)] ?? 0) + 1 }), {});

  test('whole-number histograms give percentile_cont exactly (delays in days)', () => {
    const days = [7, 14, 28, 3, 3, 45];
    const h = days.reduce<Record<string, number>>((m, d) => ({ ...m, [d]: (m[d] ?? 0) + 1 }), {});
    for (const p of [0.5, 0.9, 0.1]) assert.ok(Math.abs((histogramPercentile(h, p) as number) - (percentileCont(days, p) as number)) < 1e-9);
    assert.equal(histogramPercentile({}, 0.5), null);
  });

  test('durations: to the minute below 100, within 2 % above, on a spread of 5,000 response times', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const minutes = Array.from({ length: 5000 }, () => Math.exp(random() * 9)); // 1 minute to 5½ days
    const h = histogram(minutes);
    for (const p of [0.5, 0.9, 0.99]) {
      const exact = percentileCont(minutes, p) as number;
      const read = logPercentile(h, p) as number;
      assert.ok(exact < 99.5 ? Math.abs(read - exact) <= 0.5 : Math.abs(read - exact) / exact <= LOG_ACCURACY, `p${p}: ${read} vs ${exact}`);
    }
    assert.equal(logPercentile(histogram([42, 42, 60]), 0.5), 42);
    assert.ok(Object.keys(h).length < 250, 'a day or a year of durations stays a few hundred buckets');
  });

  test('days fall in their week (Monday) or month; consecutive days become ranges', () => {
    assert.deepEqual(['2026-03-01', '2026-03-02', '2026-03-08', '2026-03-09'].map((d) => bucketOfDay(d, 'week')), ['2026-02-23', '2026-03-02', '2026-03-02', '2026-03-09']);
    assert.equal(bucketOfDay('2026-03-31', 'month'), '2026-03-01');
    assert.deepEqual(dayRanges(['2026-03-03', '2026-03-01', '2026-03-02', '2026-03-05']), [
      { from: '2026-03-01', to: '2026-03-03' },
      { from: '2026-03-05', to: '2026-03-05' },
    ]);
  });
});

describeEachDatabase('The KPI rollup: closed days summed, changes seen at once', (env) => {
  let fx: Fixture;
  let coordinator: Agent;
  const kpis = async (query = '') => {
    const res = await coordinator.get(`/api/reporting/kpis?from=${MARCH.from}&to=${MARCH.to}${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };

  before(async () => {
    env().ctx.now = () => FIXTURE_NOW;
    fx = await loadFixture(env().ctx.db);
    coordinator = await env().signedIn('coordinator');
  });

  test('the refreshed rollup gives the figures computed live; a change to a closed day shows before the next refresh', async () => {
    const db = env().ctx.db;
    const live = await kpis();
    const views = [`&assigneeId=${fx.alice}`, `&assigneeId=${fx.bob}`, '&specialty=cardiology', '&specialty=dermatology'];
    const liveViews = await Promise.all(views.map((v) => kpis(v)));
    const computed = await refreshRollup(db, FIXTURE_NOW);
    assert.ok(computed >= 31, `every closed day of the horizon computed (${computed})`);
    assert.equal((await db.select().from(kpiStaleDays)).length, 0);
    const march = (await db.select().from(kpiDays)).filter((d) => d.scope === 'all' && d.day >= MARCH.from && d.day <= MARCH.to);
    // 31 March is yesterday at "now" (1 April): still open, never rolled up.
    assert.equal(march.length, 30);
    assert.deepEqual(await kpis(), live);
    assert.deepEqual(await Promise.all(views.map((v) => kpis(v))), liveViews, 'each team member and specialty too');
    assert.equal(await refreshRollup(db, FIXTURE_NOW), 0, 'nothing changed, nothing recomputed');

    // The missed appointment (5 March) of an old request (3 March) is cancelled: both days are flagged and read live.
    await db.execute(sql`update appointments set status = 'cancelled' where request_id = (select id from requests where client_id = ${fx.clientId} and created_at = '2026-03-03T09:00:00Z')`);
    const after = await kpis();
    assert.equal(after.timeToAppointment.withAppointment, live.timeToAppointment.withAppointment - 1);
    assert.equal(after.appointments.noShow, live.appointments.noShow - 1);
    assert.equal(await refreshRollup(db, FIXTURE_NOW), 2, 'the request’s day and the appointment’s day');
    assert.deepEqual(await kpis(), after);

    // r1 (2 March: two appointments, a survey, the invoices) passes from Alice to Bob: its other
    // days move with it at once, before any refresh.
    const [alice, bob] = [await kpis(views[0]), await kpis(views[1])];
    await db.execute(sql`update requests set assignee_id = ${fx.bob} where client_id = ${fx.clientId} and created_at = '2026-03-02T09:00:00Z'`);
    const [alice2, bob2] = [await kpis(views[0]), await kpis(views[1])];
    assert.deepEqual([alice2.volume.total, alice2.appointments.total, alice2.satisfaction.overall.answers], [alice.volume.total - 1, alice.appointments.total - 2, alice.satisfaction.overall.answers - 1]);
    assert.deepEqual([bob2.volume.total, bob2.appointments.total, bob2.satisfaction.overall.answers], [bob.volume.total + 1, bob.appointments.total + 2, bob.satisfaction.overall.answers + 1]);
    assert.ok((await refreshRollup(db, FIXTURE_NOW)) >= 4, 'the request’s, its appointments’, survey’s and invoices’ days');
    assert.deepEqual([await kpis(views[0]), await kpis(views[1])], [alice2, bob2]);
  });
});

describeEachDatabase('KPIs on a hand-built month (March 2026)', (env) => {
  let fx: Fixture;
  let coordinator: Agent;
  let admin: Agent;
  const kpis = async (query = '') => {
    const res = await coordinator.get(`/api/reporting/kpis?from=${MARCH.from}&to=${MARCH.to}${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };

  before(async () => {
    env().ctx.now = () => FIXTURE_NOW;
    fx = await loadFixture(env().ctx.db);
    coordinator = await env().signedIn('coordinator');
    admin = await env().signedIn('admin');
  });

  test('requests by channel, specialty and urgency count Paris days (1 March 00:30 in, 1 April 00:30 out)', async () => {
    const k = await kpis();
    assert.equal(k.volume.total, 7);
    assert.deepEqual(k.volume.byChannel, { phone: 3, email: 1, portal: 2, public_form: 1 });
    assert.deepEqual(k.volume.byUrgency, { urgent: 2, routine: 3, emergency: 1, soon: 1 });
    assert.deepEqual(k.volume.bySpecialty, { cardiology: 3, dermatology: 2, 'general-practice': 1, none: 1 });
    assert.equal(k.volume.series.reduce((n: number, s: { count: number }) => n + s.count, 0), 7);
  });

  test('first response vs target per urgency: exact median and p90, pending requests left out of the share', async () => {
    const k = await kpis();
    const urgent = k.firstResponse.byUrgency.find((r: { urgency: string }) => r.urgency === 'urgent');
    assert.deepEqual(
      { requests: urgent.requests, within: urgent.withinTarget, share: urgent.withinShare, median: urgent.medianMinutes, target: urgent.targetMinutes },
      { requests: 2, within: 1, share: 0.5, median: 60, target: 60 },
    );
    assert.ok(Math.abs(urgent.p90Minutes - 84) < 1e-6);
    const routine = k.firstResponse.byUrgency.find((r: { urgency: string }) => r.urgency === 'routine');
    assert.deepEqual({ requests: routine.requests, within: routine.withinTarget, pending: routine.pending, share: routine.withinShare }, { requests: 3, within: 1, pending: 1, share: 0.5 });
    // 3 within (r1, r3, r4) out of 6 that are answered or late.
    assert.equal(k.firstResponse.withinShare, 0.5);
    // The emergency's first protocol step (5 min) counts, within the 15-minute reading of "immediate".
    assert.deepEqual(k.emergencies, { requests: 1, withinTarget: 1, withinShare: 1, targetMinutes: 15 });
  });

  test('time from request to first appointment (cancelled ones ignored), no-show rate and teleconsultation share', async () => {
    const k = await kpis();
    assert.equal(k.timeToAppointment.requests, 7);
    assert.equal(k.timeToAppointment.withAppointment, 4);
    assert.equal(k.timeToAppointment.medianHours, 60);
    // Team-wide, durations above 100 are read from 4 %-wide buckets: within 2 % of the exact 189.6.
    assert.ok(Math.abs(k.timeToAppointment.p90Hours - 189.6) / 189.6 <= LOG_ACCURACY, String(k.timeToAppointment.p90Hours));
    const bob = await kpis(`&assigneeId=${fx.bob}`); // r3 +72 h, r5 +240 h
    assert.equal(bob.timeToAppointment.withAppointment, 2);
    assert.ok(Math.abs(bob.timeToAppointment.medianHours - 156) / 156 <= LOG_ACCURACY, String(bob.timeToAppointment.medianHours));
    // Both filters at once: the exact queries over the source tables.
    const exact = await kpis(`&assigneeId=${fx.bob}&specialty=dermatology`);
    assert.deepEqual([exact.timeToAppointment.withAppointment, exact.timeToAppointment.medianHours], [1, 72]);
    assert.deepEqual(
      { total: k.appointments.total, noShow: k.appointments.noShow, rate: k.appointments.noShowRate, tele: k.appointments.teleconsultationShare },
      { total: 5, noShow: 1, rate: 0.25, tele: 0.6 },
    );
  });

  test('satisfaction: CSAT mean and NPS overall and by week', async () => {
    const k = await kpis();
    const o = k.satisfaction.overall;
    assert.deepEqual({ answers: o.answers, nps: o.nps, promoters: o.promoters, detractors: o.detractors }, { answers: 5, nps: 40, promoters: 3, detractors: 1 });
    assert.ok(Math.abs(o.csatMean - 3.6) < 1e-9);
    assert.deepEqual(
      k.satisfaction.series.map((s: { bucket: string; answers: number; nps: number }) => [s.bucket, s.answers, s.nps]),
      [
        ['2026-03-02', 2, 100],
        ['2026-03-09', 1, 100],
        ['2026-03-16', 1, 0],
        ['2026-03-30', 1, -100],
      ],
    );
    const monthly = await kpis('&granularity=month');
    assert.deepEqual(
      monthly.satisfaction.series.map((s: { bucket: string }) => s.bucket),
      ['2026-03-01'],
    );
  });

  test('reimbursement delays: claims sent → paid in the period, median and p90 in days; overdue claims', async () => {
    const k = await kpis();
    const [all, amo, amc] = k.reimbursement.byInsurer;
    assert.deepEqual([all.paid, all.medianDays, amo.medianDays, amc.medianDays], [3, 14, 10.5, 28]);
    assert.ok(Math.abs(all.p90Days - 25.2) < 1e-6);
    assert.equal(k.reimbursement.overdue, 1);
  });

  test('filters: a team member, a specialty', async () => {
    const alice = await kpis(`&assigneeId=${fx.alice}`);
    assert.equal(alice.volume.total, 3);
    assert.deepEqual(alice.appointments.total, 3);
    const cardio = await kpis('&specialty=cardiology');
    assert.equal(cardio.volume.total, 3);
    assert.equal(cardio.satisfaction.overall.answers, 2);
    const team = await coordinator.get('/api/reporting/team');
    assert.ok(team.body.members.some((m: { id: string; displayName: string }) => m.id === fx.alice && m.displayName === 'Alice Conseil'));
  });

  test('revenue and receivables: admins only, and each read is in the audit log', async () => {
    const denied = await coordinator.get(`/api/reporting/finance?from=${MARCH.from}&to=${MARCH.to}`);
    assert.equal(denied.status, 403);
    const res = await admin.get(`/api/reporting/finance?from=${MARCH.from}&to=${MARCH.to}`);
    assert.equal(res.status, 200);
    assert.deepEqual(
      [res.body.revenueExclCents, res.body.revenueInclCents, res.body.invoices, res.body.creditNotes, res.body.outstandingCents, res.body.overdueCents, res.body.openInvoices],
      [13000, 15600, 2, 1, 11000, 2600, 2],
    );
    const audit = await env().ctx.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'reporting.finance.read')));
    assert.equal(audit.length, 1);
  });

  test('a bad period is a 400 in the user’s language; clients cannot read KPIs', async () => {
    const bad = await coordinator.get('/api/reporting/kpis?from=2026-03-10&to=2026-03-01', { 'accept-language': 'en' });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /Invalid period/);
    const fr = await coordinator.get('/api/reporting/kpis?from=2026-03-10&to=2026-02-01');
    assert.match(JSON.stringify(fr.body), /Période invalide/);
    const client = await env().signedIn('client');
    assert.equal((await client.get('/api/reporting/kpis')).status, 403);
  });

  test('the monthly report is a PDF of that month; the finance part only for admins', async () => {
    const res = await env().app.inject({ method: 'GET', url: '/api/reporting/monthly-report?month=2026-03', headers: { cookie: admin.cookie ?? '' } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    const pdf = res.rawPayload;
    assert.equal(pdf.subarray(0, 4).toString(), '%PDF');
    assert.ok(pdf.toString('latin1').includes('activity report 2026-03'));
    const byCoordinator = await env().app.inject({ method: 'GET', url: '/api/reporting/monthly-report?month=2026-03', headers: { cookie: coordinator.cookie ?? '' } });
    assert.equal(byCoordinator.statusCode, 200);
    assert.ok(byCoordinator.rawPayload.length < pdf.length, 'no finance table for a coordinator');
    assert.equal((await coordinator.get('/api/reporting/monthly-report?month=2026-13')).status, 400);
  });
});
