/**
 * `npm run bench -- kpis`: the KPI dashboard's queries on a year of activity for a large team, on
 * the real PostgreSQL. A database of its own (parcours_bench_kpis_<pid>, migrated here, dropped at
 * the end; the test template is never touched) is filled in SQL with INSERT … SELECT
 * generate_series — 1,000,000 requests over the last 365 days, 200 team members, 50,000 clients,
 * 2,000 practitioners, ~600,000 appointments, ~110,000 surveys, ~300,000 invoices, ~130,000 acts
 * with 2 claims each. Then the KPI rollup is built as the worker builds it (timed), and the whole
 * dashboard is timed for the last full month (its usual view) and for the last 365 days: team-wide,
 * for one team member and for one specialty (each from the rollup), then each exact query alone
 * (what serves a view filtered by a member and a specialty at once). Prints p50/p95 (`name: value unit`); the target is p95 < 200 ms.
 *
 * Knobs for investigation: KPIS_BENCH_REQUESTS (default 1000000), KPIS_BENCH_RUNS (default 40),
 * KPIS_BENCH_KEEP_DB=1 (keep the database and print its URL), KPIS_BENCH_DB=<url> (reuse a kept one).
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openPostgres } from '../src/db/client.ts';
import type { Filters } from '../src/modules/reporting/store.ts';
import * as store from '../src/modules/reporting/store.ts';
import { dashboard, financeFigures } from '../src/modules/reporting/service.ts';
import { refreshRollup } from '../src/modules/reporting/rollup.ts';
import type { AppContext } from '../src/platform/context.ts';
import { parisDate } from '../src/platform/context.ts';
import { postgresAdminUrl } from '../test/support/databases.ts';

type Print = (name: string, value: number, unit: string) => void;

const REQUESTS = Number(process.env.KPIS_BENCH_REQUESTS ?? 1_000_000);
const RUNS = Number(process.env.KPIS_BENCH_RUNS ?? 40);
const STAFF = 200;
const CLIENTS = 50_000;
const PRACTITIONERS = 2_000;

const TRIGGERED = ['requests', 'appointments', 'surveys', 'invoices', 'claims'];

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;

async function generate(pool: pg.Pool, print: Print): Promise<void> {
  const step = async (name: string, text: string) => {
    const t = performance.now();
    await pool.query(text);
    print(`kpis.generate_${name}`, (performance.now() - t) / 1000, 's');
  };
  // The exclusion constraint guards bookings, which this bench does not make; without it the
  // appointments load in seconds instead of building a GiST index over 600,000 ranges.
  await pool.query('alter table appointments drop constraint if exists appointments_no_overlap');
  // Row triggers (first appointment, stale KPI days) would fire a million times: off while loading,
  // then their effect is applied in one statement, as the migration does.
  for (const t of TRIGGERED) await pool.query(`alter table ${t} disable trigger user`);
  await step(
    'staff',
    `insert into users (email, display_name, role) select 'agent' || g || '@bench.test', 'Agent ' || g, case when g % 3 = 0 then 'coordinator' else 'advisor' end from generate_series(1, ${STAFF}) g`,
  );
  await step(
    'clients',
    `insert into clients (birth_name, first_names, birth_date, sex, search_name) select 'Client' || g, '{Camille}', date '1950-01-01' + (g % 20000), case when g % 2 = 0 then 'F' else 'M' end, 'client' || g from generate_series(1, ${CLIENTS}) g`,
  );
  await step(
    'practitioners',
    `insert into practitioners (last_name, first_name, profession_code, profession, search_name) select 'Praticien' || g, 'Dominique', '10', 'Médecin', 'praticien' || g from generate_series(1, ${PRACTITIONERS}) g`,
  );
  // Requests over the last 365 days with a realistic mix; the first response follows the urgency
  // (most within target, a tail late); 2 % never answered.
  await step(
    'requests',
    `with staff as (select array_agg(id order by email) ids from users where email like '%@bench.test'),
          cl as (select array_agg(id) ids from clients),
          sp as (select array['general-practice','general-practice','general-practice','cardiology','dermatology','gastroenterology','neurology','orthopedics','pediatrics','psychiatry','psychology','gynecology-obstetrics','ophthalmology','ent','endocrinology','pulmonology','rheumatology','urology','dentistry','physiotherapy', null] codes),
          base as (select g, now() - random() * interval '365 days' as created_at, random() as ru, random() as rr from generate_series(1, ${REQUESTS}) g)
     insert into requests (client_id, channel, kind, text_sealed, status, urgency, specialty, triage_sealed, assignee_id, first_response_due_at, first_responded_at, created_at, updated_at)
     select cl.ids[1 + (g % ${CLIENTS})], (array['portal','public_form','phone','email'])[1 + (g % 4)], 'specialist', 'x',
            (array['closed','closed','closed','follow_up','booked','searching','cancelled'])[1 + (g % 7)],
            u.urgency, sp.codes[1 + (g % 21)], 'x', staff.ids[1 + (g % ${STAFF})], created_at + u.target,
            case when rr < 0.02 then null else created_at + u.target * (case when rr < 0.85 then rr else 1 + rr * 3 end) end,
            created_at, created_at
     from base, staff, cl, sp,
          lateral (select case when ru < 0.01 then 'emergency' when ru < 0.15 then 'urgent' when ru < 0.45 then 'soon' else 'routine' end as urgency,
                          case when ru < 0.01 then interval '15 minutes' when ru < 0.15 then interval '1 hour' when ru < 0.45 then interval '4 hours' else interval '24 hours' end as target) u`,
  );
  // 60 % of requests get an appointment. Within a practitioner the delay is fixed and requests are
  // taken in time order, so one practitioner's appointments never overlap.
  await step(
    'appointments',
    `with pr as (select array_agg(id) ids from practitioners),
          x as (select r.id, r.client_id, r.created_at, r.number, row_number() over (order by r.created_at) - 1 as k from requests r where r.number % 10 < 6)
     insert into appointments (practitioner_id, client_id, request_id, type_code, mode, starts_at, ends_at, status)
     select pr.ids[1 + (k % ${PRACTITIONERS})], client_id, id, 'first', case when number % 4 = 0 then 'teleconsultation' else 'in_person' end, s, s + interval '30 minutes',
            case when s > now() then 'booked' when number % 50 < 3 then 'no_show' when number % 25 = 1 then 'cancelled' else 'completed' end
     from x, pr, lateral (select created_at + ((k % ${PRACTITIONERS}) % 240 + 2) * interval '1 hour' as s) t`,
  );
  await step(
    'surveys',
    `insert into surveys (client_id, trigger, appointment_id, request_id, practitioner_id, token_hash, sent_at, expires_at, answered_at, csat, nps)
     select a.client_id, 'appointment', a.id, a.request_id, a.practitioner_id, md5(a.id::text), a.ends_at + interval '2 hours', a.ends_at + interval '30 days',
            case when a.number % 10 < 6 then a.ends_at + interval '2 hours' + (a.number % 72) * interval '1 hour' end,
            case when a.number % 10 < 6 then 1 + ((a.number * 7) % 23) / 5 end,
            case when a.number % 10 < 6 then least(10, (a.number * 13) % 12) end
     from appointments a where a.status = 'completed' and a.number % 5 < 2`,
  );
  await step(
    'invoices',
    `insert into invoices (kind, series, number, status, client_id, request_id, issued_at, due_on, total_excl_cents, total_vat_cents, total_incl_cents, paid_cents)
     select 'invoice', 'F', row_number() over (order by r.created_at), 'issued', r.client_id, r.id, r.created_at + interval '3 days', (r.created_at + interval '33 days')::date,
            t.excl, t.excl / 5, t.excl * 6 / 5, case when r.number % 20 < 17 then t.excl * 6 / 5 when r.number % 20 < 19 then t.excl * 3 / 5 else 0 end
     from requests r, lateral (select 5000 + (r.number % 25) * 1000 as excl) t
     where r.number % 10 < 3 and r.created_at < now() - interval '3 days'`,
  );
  await step(
    'credit_notes',
    `insert into invoices (kind, series, number, status, client_id, request_id, corrects_id, issued_at, total_excl_cents, total_vat_cents, total_incl_cents)
     select 'credit_note', 'A', row_number() over (order by i.issued_at), 'issued', i.client_id, i.request_id, i.id, i.issued_at + interval '5 days', -(i.total_excl_cents / 2), -(i.total_vat_cents / 2), -(i.total_incl_cents / 2)
     from invoices i where i.number % 33 = 0 and i.issued_at < now() - interval '5 days'`,
  );
  // Credit notes carry negative amounts, and the corrected invoice keeps their total (as billing does).
  await step('credited', `update invoices i set credited_cents = c.total from (select corrects_id, sum(total_incl_cents) as total from invoices where kind = 'credit_note' group by corrects_id) c where i.id = c.corrects_id`);
  await step(
    'care_acts',
    `insert into care_acts (client_id, appointment_id, request_id, practitioner_id, act_code, performed_on, fee_cents, base_cents, amo_rate_bp, amo_expected_cents, amc_expected_cents, remainder_cents, rules_version)
     select a.client_id, a.id, a.request_id, a.practitioner_id, 'G', (a.starts_at at time zone 'Europe/Paris')::date, 3000, 3000, 7000, 1900, 900, 200, 'bench'
     from appointments a where a.status = 'completed' and a.number % 4 = 0`,
  );
  await step(
    'claims',
    `insert into claims (act_id, client_id, insurer, status, expected_cents, received_cents, sent_on, due_on, paid_on)
     select c.id, c.client_id, ins, case when p <= current_date then 'paid' else 'sent' end, 1900, case when p <= current_date then 1900 else 0 end, c.performed_on + 2, c.performed_on + 32, case when p <= current_date then p end
     from care_acts c, unnest(array['amo','amc']) ins, lateral (select c.performed_on + 2 + (5 + (hashtext(c.id::text || ins) & 63) % 40) as p) t`,
  );
  await step(
    'first_appointments',
    `update requests r set first_appointment_at = x.first_at
     from (select request_id, min(starts_at) as first_at from appointments where status in ('booked','completed','no_show') group by request_id) x
     where r.id = x.request_id`,
  );
  for (const t of TRIGGERED) await pool.query(`alter table ${t} enable trigger user`);
  await step('analyze', 'vacuum analyze requests, appointments, surveys, invoices, care_acts, claims, users');
  const counts = (await pool.query(`select (select count(*) from requests)::int r, (select count(*) from appointments)::int a, (select count(*) from surveys)::int s, (select count(*) from invoices)::int i, (select count(*) from claims)::int c`)).rows[0];
  print('kpis.rows_requests', counts.r, 'rows');
  print('kpis.rows_appointments', counts.a, 'rows');
  print('kpis.rows_surveys', counts.s, 'rows');
  print('kpis.rows_invoices', counts.i, 'rows');
  print('kpis.rows_claims', counts.c, 'rows');
}

export async function benchKpis(print: Print): Promise<void> {
  const reuse = process.env.KPIS_BENCH_DB;
  const name = `parcours_bench_kpis_${process.pid}`;
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  if (!reuse) {
    await admin.connect();
    await admin.query(`create database ${name}`);
  }
  const database = await openPostgres(reuse ?? url.toString(), { max: 10 });
  const pool = (database.db as unknown as { $client: pg.Pool }).$client;
  const keep = process.env.KPIS_BENCH_KEEP_DB === '1' || Boolean(reuse);
  try {
    if (!reuse) {
      const t = performance.now();
      await database.migrate();
      await generate(pool, print);
      print('kpis.generate_total', (performance.now() - t) / 1000, 's');
    }
    const db = database.db;
    const now = new Date();
    const today = parisDate(now);
    const firstOfMonth = `${today.slice(0, 7)}-01`;
    const lastMonthEnd = new Date(Date.parse(`${firstOfMonth}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const month = { from: `${lastMonthEnd.slice(0, 7)}-01`, to: lastMonthEnd };
    const year = { from: new Date(Date.parse(`${today}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10), to: today };
    const staff = (await pool.query(`select id from users where email like '%@bench.test' order by email`)).rows.map((r) => r.id as string);
    const specialties = ['general-practice', 'cardiology', 'dermatology', 'psychiatry', 'ophthalmology'];

    // The exact queries over the source tables, which serve a view filtered by a member and a specialty at once.
    const queries: [string, (p: { from: string; to: string }, f: Filters) => Promise<unknown>][] = [
      ['volume', (p, f) => store.requestVolume(db, p, f, 'week')],
      ['first_response', (p, f) => store.firstResponse(db, p, f, now)],
      ['time_to_appointment', (p, f) => store.timeToAppointment(db, p, f)],
      ['appointments', (p, f) => store.appointmentFigures(db, p, f, 'week')],
      ['satisfaction', (p, f) => store.satisfaction(db, p, f, 'week')],
      ['reimbursement', (p, f) => store.reimbursementDelays(db, p, f, today)],
      ['finance', (p, f) => store.finance(db, p, f, 'week', today)],
    ];
    const ctx = { db, now: () => now } as unknown as AppContext;
    const measure = async (label: string, run: (i: number) => Promise<unknown>, runs: number) => {
      for (let i = 0; i < 3; i++) await run(i);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await run(i);
        times.push(performance.now() - t);
      }
      print(`kpis.${label}_p50`, percentile(times, 0.5), 'ms');
      print(`kpis.${label}_p95`, percentile(times, 0.95), 'ms');
    };

    // The rollup as the worker keeps it: every closed day of the horizon at first, then the days
    // a day's work has changed (here: 30 days flagged, as bookings for old requests would).
    let t = performance.now();
    const days = await refreshRollup(db, now);
    print('kpis.rollup_refresh_all', (performance.now() - t) / 1000, 's');
    print('kpis.rollup_days', days, 'days');
    await pool.query(`insert into kpi_stale_days (day) select current_date - 2 - g * 11 from generate_series(0, 29) g`);
    t = performance.now();
    await refreshRollup(db, now);
    print('kpis.rollup_refresh_30_days', (performance.now() - t) / 1000, 's');

    // The dashboard as the page loads it (all sections at once on the pool), from the rollup and
    // the live days: team-wide, for a team member, for a specialty.
    const member = (i: number): Filters => ({ assigneeId: staff[i % staff.length] });
    const specialty = (i: number): Filters => ({ specialty: specialties[i % specialties.length] });
    const views: [string, (i: number) => Filters][] = [
      ['team', () => ({})],
      ['member', member],
      ['specialty', specialty],
    ];
    for (const [view, filter] of views) {
      await measure(`dashboard_${view}_month`, (i) => dashboard(ctx, { ...month, ...filter(i) }), RUNS);
      await measure(`dashboard_${view}_year`, (i) => dashboard(ctx, { ...year, granularity: 'month', ...filter(i) }), RUNS);
    }
    await measure('finance_team_year', () => financeFigures(ctx, { ...year, granularity: 'month' }, { id: null, role: 'system' } as never), RUNS);
    // Each exact query alone, on the specialty views (the widest filtered share).
    for (const [q, run] of queries) await measure(`${q}_specialty_month`, (i) => run(month, specialty(i)), RUNS);
    for (const [q, run] of queries) await measure(`${q}_specialty_year`, (i) => run(year, specialty(i)), Math.max(5, Math.floor(RUNS / 4)));
  } finally {
    await database.close();
    if (keep) console.error(`kpis bench database kept: ${reuse ?? url.toString()}`);
    else await admin.query(`drop database if exists ${name} with (force)`);
    if (!reuse) await admin.end();
  }
}
