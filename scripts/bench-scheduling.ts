/**
 * `npm run bench -- booking`: bookings per second through the real path (service.book: parties,
 * computed availability, insert under the exclusion constraint, audit, confirmation and reminders
 * queued) on the real PostgreSQL with 50 concurrent clients, next to the same machine's raw
 * single-row INSERT rate (pgbench, 50 clients, a plain table and a table with an exclusion
 * constraint like appointments_no_overlap) and the plain insert path alone; a conflict-heavy
 * variant (50 clients racing for a few overlapping slots), then a check that no two live
 * appointments of one practitioner overlap; and slot search time (searchSlots, first 5 slots over
 * 30 days) for one specialty in one city: a 20-practitioner shortlist, all cardiologists of Paris,
 * all general practitioners of Paris, and the shortlist again once its agendas have a year of past.
 *
 * The agendas are generated in SQL on a fresh migrated database (dropped at the end): 20,000
 * practitioners with a realistic mix of specialties, ~30 % of them in Paris (arrondissements),
 * one place each, consultation types, booking rules, weekly hours (Mon–Fri 09:00–12:30 and
 * 14:00–18:00 with variants, some Saturday mornings), 10,000 clients, and the next 30 days
 * already ~20 % booked on average (~1.5 million appointments; the occupancy differs per
 * practitioner: some are nearly full, some empty). Generation takes about a minute, most of it
 * building the exclusion constraint's GiST index; the whole group takes 2–3 minutes.
 *
 * The machine's load is printed at the start and the end: on a shared machine the rates move with
 * it, compare booking.rate with the raw rates measured in the same run.
 *
 * Knobs for investigation only: BOOKING_BENCH_SIZE (practitioners, default 20000),
 * BOOKING_BENCH_SECONDS (booking phase, default 12), BOOKING_BENCH_PHASES (comma-separated among
 * search,book,insert,conflict,raw; default all), BOOKING_BENCH_KEEP_DB=1 (keep the database and
 * print its URL), BOOKING_BENCH_DB=<url> (reuse a kept database, no generation, kept),
 * BOOKING_BENCH_TRACE=1 (time each generation statement), BOOKING_BENCH_PROFILE=1 (the statements
 * of 20 sequential bookings, with their time, on stderr).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import pg from 'pg';
import { type Database, openPostgres, sqlState } from '../src/db/client.ts';
import { system } from '../src/modules/audit/domain.ts';
import { createGeocoder } from '../src/modules/directory/geocoding.ts';
import { createMailer } from '../src/modules/notifications/mailer.ts';
import { outboxSms } from '../src/modules/notifications/sms.ts';
import * as service from '../src/modules/scheduling/service.ts';
import * as store from '../src/modules/scheduling/store.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { AppContext } from '../src/platform/context.ts';
import { createVault, hashToken, newToken } from '../src/platform/crypto.ts';
import { DomainError } from '../src/platform/errors.ts';
import { freshDatabase } from '../test/support/databases.ts';
import { mulberry32 } from './bench-matching.ts';

type Print = (name: string, value: number, unit: string) => void;

const PRACTITIONERS = Number(process.env.BOOKING_BENCH_SIZE ?? 20_000);
const CLIENTS = 10_000;
const BOOKING_SECONDS = Number(process.env.BOOKING_BENCH_SECONDS ?? 12);
const INSERT_SECONDS = 5;
const CONFLICT_SECONDS = 5;
const PGBENCH_SECONDS = 10;
const CONCURRENCY = 50;
const DAYS = 30;
const PARIS_SHARE = 0.3;
const SEARCH_RUNS = 100;
const SEARCH_WARMUP = 10;

type Kind = 'gp' | 'medical' | 'psy' | 'care';
/** Code, share of the directory (%), kind, RPPS profession code and label. */
const SPECIALTIES: [code: string, share: number, kind: Kind, profession: string, label: string][] = [
  ['general-practice', 40, 'gp', '10', 'Médecin'],
  ['nursing', 14, 'care', '60', 'Infirmier'],
  ['physiotherapy', 11, 'care', '70', 'Masseur-Kinésithérapeute'],
  ['dentistry', 7, 'care', '40', 'Chirurgien-Dentiste'],
  ['psychology', 4, 'psy', '93', 'Psychologue'],
  ['midwifery', 2.5, 'care', '50', 'Sage-Femme'],
  ['psychiatry', 2.6, 'psy', '10', 'Médecin'],
  ['radiology', 2, 'medical', '10', 'Médecin'],
  ['gynecology-obstetrics', 1.8, 'medical', '10', 'Médecin'],
  ['cardiology', 1.6, 'medical', '10', 'Médecin'],
  ['pediatrics', 1.4, 'medical', '10', 'Médecin'],
  ['ophthalmology', 1.4, 'medical', '10', 'Médecin'],
  ['dermatology', 0.9, 'medical', '10', 'Médecin'],
  ['orthopedics', 0.9, 'medical', '10', 'Médecin'],
  ['gastroenterology', 0.8, 'medical', '10', 'Médecin'],
  ['ent', 0.8, 'medical', '10', 'Médecin'],
  ['neurology', 0.7, 'medical', '10', 'Médecin'],
  ['pulmonology', 0.6, 'medical', '10', 'Médecin'],
  ['rheumatology', 0.6, 'medical', '10', 'Médecin'],
  ['endocrinology', 0.5, 'medical', '10', 'Médecin'],
  ['urology', 0.4, 'medical', '10', 'Médecin'],
];
/** First visit and follow-up durations (minutes) by kind. */
const DURATIONS: Record<Kind, [number, number]> = { gp: [20, 15], medical: [30, 20], psy: [45, 30], care: [30, 30] };
/** The rest of the country (70 %): name, postal code, lat, lon, weight. Paris gets arrondissements 75001–75020. */
const CITIES: [string, string, number, number, number][] = [
  ['Lyon', '69003', 45.764, 4.8357, 10],
  ['Marseille', '13001', 43.2965, 5.3698, 10],
  ['Toulouse', '31000', 43.6047, 1.4442, 8],
  ['Bordeaux', '33000', 44.8378, -0.5792, 7],
  ['Lille', '59000', 50.6292, 3.0573, 7],
  ['Nice', '06000', 43.7102, 7.262, 6],
  ['Nantes', '44000', 47.2184, -1.5536, 6],
  ['Strasbourg', '67000', 48.5734, 7.7521, 5],
  ['Montpellier', '34000', 43.6108, 3.8767, 5],
  ['Rennes', '35000', 48.1173, -1.6778, 4],
  ['Grenoble', '38000', 45.1885, 5.7245, 4],
  ['Toulon', '83000', 43.1242, 5.928, 4],
  ['Dijon', '21000', 47.322, 5.0415, 3],
  ['Angers', '49000', 47.4784, -0.5632, 3],
  ['Reims', '51100', 49.2583, 4.0317, 3],
  ['Clermont-Ferrand', '63000', 45.7772, 3.087, 3],
  ['Tours', '37000', 47.3941, 0.6848, 3],
  ['Limoges', '87000', 45.8336, 1.2611, 3],
  ['Brest', '29200', 48.3904, -4.4861, 3],
  ['Metz', '57000', 49.1193, 6.1757, 3],
];
const LAST_NAMES = 'Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefèvre Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Muller Faure André Mercier Blanc Guérin Boyer Garnier Chevalier Legrand Gauthier Garcia Perrin Robin Clément Morin Nicolas Henry Roussel Mathieu Masson Marchand Duval Denis Dumont Lemaire Noël Meyer Dufour Meunier Brun Blanchard Giraud Joly Rivière Lucas Brunet Gaillard Barbier Arnaud Martinez Roche Renard Schmitt Roy Colin Vidal Caron Picard Roger Fabre Aubert Lemoine Renaud Dumas Lacroix Olivier Nguyen Cohen Haddad'.split(' ');
const FIRST_NAMES = 'Marie Nathalie Isabelle Sylvie Catherine Sophie Christine Julie Camille Claire Anne Hélène Léa Manon Chloé Inès Sarah Lucie Fatima Leïla Jean Pierre Michel Philippe Alain Nicolas Laurent Éric Thomas Antoine François Julien Hugo Lucas Louis Arthur Paul Karim Mehdi Youssef'.split(' ');

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;

function bounds(weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  return weights.map((w) => {
    const lo = acc / total;
    acc += w;
    return lo;
  });
}

/** Generates the directory and its agendas into the (empty, migrated) database behind `pool`. */
export async function generateAgendas(pool: pg.Pool, n = PRACTITIONERS): Promise<{ appointments: number }> {
  const c = await pool.connect();
  const q = async (text: string, values: unknown[] = []) => {
    const t = performance.now();
    const r = await c.query(text, values);
    if (process.env.BOOKING_BENCH_TRACE) console.error(`${((performance.now() - t) / 1000).toFixed(2)} s  ${text.trim().slice(0, 70).replace(/\s+/g, ' ')}`);
    return r;
  };
  try {
    await q(`set maintenance_work_mem = '256MB'`);
    await q(`set work_mem = '64MB'`);
    await q(`select setseed(0.2027)`);

    await q(
      `create temp table bench_p as
       select g, gen_random_uuid() as id, gen_random_uuid() as place_id,
         width_bucket(random(), $1::float8[]) as spec,
         case when random() < $3::float8 then 0 else width_bucket(random(), $2::float8[]) end as city,
         random() < 0.5 as female, random() < 0.3 as tele, random() as r1, random() as r2, random() as r3, random() as r4,
         -- Share of the next 30 days' slots already taken: exponential, mean 20 %, some nearly full.
         least(0.95, -0.2 * ln(1 - random())) as occupancy
       from generate_series(1, $4::int) g`,
      [bounds(SPECIALTIES.map((s) => s[1])), bounds(CITIES.map((x) => x[4])), PARIS_SHARE, n],
    );
    await q(
      `create temp table bench_spec as
       select i::int, code, kind, profession_code, profession, first_min, followup_min
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[]) with ordinality as u(code, kind, profession_code, profession, first_min, followup_min, i)`,
      [
        SPECIALTIES.map((s) => s[0]),
        SPECIALTIES.map((s) => s[2]),
        SPECIALTIES.map((s) => s[3]),
        SPECIALTIES.map((s) => s[4]),
        SPECIALTIES.map((s) => DURATIONS[s[2]][0]),
        SPECIALTIES.map((s) => DURATIONS[s[2]][1]),
      ],
    );
    await q(
      `insert into practitioners (id, rpps, civility, last_name, first_name, profession_code, profession, specialties, languages, sex, sector,
         teleconsultation, accepts_new_patients, source, active, search_name)
       select p.id, (80000000000 + g)::text, case when s.kind in ('gp', 'medical', 'psy') and s.profession_code = '10' then 'DR' when female then 'MME' else 'M' end,
         ln, fn, s.profession_code, s.profession, array[s.code], case when r2 < 0.25 then '{fr,en}'::text[] else '{fr}'::text[] end,
         case when female then 'F' else 'M' end, case when r3 < 0.6 then '1' when r3 < 0.8 then 'optam' else '2' end,
         tele, true, 'rpps', true, lower(ln || ' ' || fn)
       from (select b.*, ($1::text[])[1 + (g * 7919) % $2::int] as ln, ($3::text[])[1 + (g * 104729) % $4::int] as fn from bench_p b) p
       join bench_spec s on s.i = p.spec`,
      [LAST_NAMES, LAST_NAMES.length, FIRST_NAMES, FIRST_NAMES.length],
    );
    await q(
      `create temp table bench_city as
       select i::int, name, postal, lat, lon from unnest($1::text[], $2::text[], $3::float8[], $4::float8[]) with ordinality as u(name, postal, lat, lon, i)
       union all select 0, 'Paris', '75001', 48.8566, 2.3522`,
      [CITIES.map((x) => x[0]), CITIES.map((x) => x[1]), CITIES.map((x) => x[2]), CITIES.map((x) => x[3])],
    );
    await q(
      `insert into practice_places (id, practitioner_id, structure_key, street, postal_code, city, latitude, longitude, geocode_source, active)
       select p.place_id, p.id, 'BS' || g, (1 + floor(r1 * 120)::int) || ' rue de la République',
         case when p.city = 0 then '750' || lpad((1 + floor(r4 * 20))::int::text, 2, '0') else c.postal end,
         c.name, c.lat + (r1 - 0.5) * 0.06, c.lon + (r4 - 0.5) * 0.09, 'ban', true
       from bench_p p join bench_city c on c.i = p.city`,
    );
    await q(
      `insert into consultation_types (practitioner_id, code, label, duration_minutes, mode)
       select p.id, t.code, t.label, t.minutes, t.mode
       from bench_p p join bench_spec s on s.i = p.spec
       cross join lateral (values ('first', 'Première consultation', s.first_min, 'in_person'), ('followup', 'Consultation de suivi', s.followup_min, 'in_person'),
         ('teleconsultation', 'Téléconsultation', 15, case when p.tele then 'teleconsultation' end)) t(code, label, minutes, mode)
       where t.mode is not null`,
    );
    // 90 % have rules (else the defaults): notice 2 h (20 %: a day), buffer 5 min for 10 %, a 15-minute grid for half of those whose visits last a multiple of 15.
    await q(
      `insert into booking_rules (practitioner_id, min_notice_minutes, buffer_minutes, slot_step_minutes, cancellation_notice_hours)
       select p.id, case when r2 < 0.2 then 1440 else 120 end, case when r3 < 0.1 then 5 else 0 end,
         case when s.first_min % 15 = 0 and r4 < 0.5 then 15 else s.first_min end, 24
       from bench_p p join bench_spec s on s.i = p.spec where r1 < 0.9`,
    );
    // Mon–Fri 09:00–12:30 and 14:00–18:00 (30 % from 08:30, 15 % without Wednesday afternoon), 25 % Saturday 09:00–12:00.
    await q(
      `insert into weekly_hours (practitioner_id, place_id, weekday, start_time, end_time, modes)
       select p.id, p.place_id, h.weekday, h.start_time, h.end_time, case when p.tele then '{in_person,teleconsultation}'::text[] else '{in_person}'::text[] end
       from bench_p p
       cross join lateral (
         select d as weekday, case when p.r2 < 0.3 then '08:30' else '09:00' end as start_time, '12:30' as end_time from generate_series(1, 5) d
         union all select d, '14:00', '18:00' from generate_series(1, 5) d where not (d = 3 and p.r3 < 0.15)
         union all select 6, '09:00', '12:00' where p.r4 < 0.25
       ) h`,
    );
    await q(
      `insert into clients (birth_name, first_names, birth_date, sex, email, phone, search_name)
       select upper(($1::text[])[1 + (g * 31) % $2::int]), array[($3::text[])[1 + (g * 17) % $4::int]], date '1940-01-01' + (g * 3371) % 25000, case when g % 2 = 0 then 'F' else 'M' end,
         'client' || g || '@example.test', '+336' || lpad(((g * 7919) % 100000000)::text, 8, '0'), lower(($1::text[])[1 + (g * 31) % $2::int] || ' ' || ($3::text[])[1 + (g * 17) % $4::int])
       from generate_series(1, $5::int) g`,
      [LAST_NAMES, LAST_NAMES.length, FIRST_NAMES, FIRST_NAMES.length, CLIENTS],
    );
    await q(`create temp table bench_client as select row_number() over (order by id)::int as i, id from clients`);

    // The appointments already taken: on the first-visit grid of each opening, a share `occupancy` of
    // the positions over the next 30 days (5 % of them cancelled since, which frees the time).
    // Loaded with the secondary indexes and the exclusion and unique constraints dropped and rebuilt
    // once, and without the foreign-key triggers (the rows are consistent by construction).
    const { rows: indexes } = await q(
      `select indexname, indexdef from pg_indexes i
       where schemaname = 'public' and tablename = 'appointments' and not exists (select 1 from pg_constraint k where k.conname = i.indexname)`,
    );
    // The exclusion constraint and the unique ones (not the primary key: other tables refer to it).
    const { rows: exclusions } = await q(`select conname, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'appointments'::regclass and contype in ('x', 'u')`);
    for (const x of exclusions) await q(`alter table appointments drop constraint "${x.conname}"`);
    for (const ix of indexes) await q(`drop index "${ix.indexname}"`);
    await q(`set session_replication_role = replica`);
    const inserted = await q(
      `insert into appointments (practitioner_id, place_id, client_id, type_code, mode, starts_at, ends_at, status, source, client_token_hash)
       select a.id, a.place_id, c.id, 'first', 'in_person', a.starts_at, a.starts_at + a.minutes * interval '1 minute',
         case when a.r < 0.05 then 'cancelled' else 'booked' end, 'platform', md5(a.id::text || a.starts_at::text)
       from (
         select p.id, p.place_id, s.first_min as minutes, 1 + floor(random() * $2::int)::int as ci, random() as r,
           ((d::date + h.start_time::time) + k * s.first_min * interval '1 minute') at time zone 'Europe/Paris' as starts_at
         from bench_p p
         join bench_spec s on s.i = p.spec
         join weekly_hours h on h.practitioner_id = p.id
         join generate_series(current_date + 1, current_date + $1::int, interval '1 day') d on extract(isodow from d) = h.weekday
         cross join lateral generate_series(0, ((extract(epoch from h.end_time::time - h.start_time::time) / 60)::int / s.first_min) - 1) k
         where random() < p.occupancy
       ) a join bench_client c on c.i = a.ci
       -- Day by day: a practitioner's rows of one day together, its days spread over the table (as
       -- when agendas fill up over time), and a GiST build faster than from a random order.
       order by a.starts_at::date, a.id, a.starts_at`,
      [DAYS, CLIENTS],
    );
    await q(`set session_replication_role = origin`);
    for (const ix of indexes) await q(ix.indexdef);
    for (const x of exclusions) await q(`alter table appointments add constraint "${x.conname}" ${x.def}`);
    await q('vacuum analyze');
    return { appointments: inserted.rowCount ?? 0 };
  } finally {
    await q('discard all').catch(() => {});
    c.release();
  }
}

function contextFor(database: Database): AppContext {
  const config = { ...loadConfig({ GEOCODER_URL: 'off', MAP_TILES_URL: 'off' }), publicUrl: 'https://parcours.test', smtpUrl: undefined, demo: false };
  const mailer = createMailer({ smtpUrl: undefined, from: 'Parcours <bench@parcours.test>' });
  return {
    db: database.db,
    dbKind: 'postgres',
    database,
    vault: createVault(randomBytes(32)),
    mailer,
    sms: outboxSms,
    geocoder: createGeocoder(database.db, { url: config.geocoderUrl }),
    config,
    now: () => new Date(),
  };
}

/** Runs `worker(i)` in `n` concurrent loops until it returns false or `seconds` have passed; returns the elapsed seconds. */
async function loops(n: number, seconds: number, worker: (loop: number) => Promise<boolean>): Promise<number> {
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      while (performance.now() < deadline) if (!(await worker(i))) break;
    }),
  );
  return (performance.now() - start) / 1000;
}

/** Live appointments of one practitioner that overlap: 0 whenever the exclusion constraint holds. */
async function countOverlaps(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query(
    `select count(*)::int as n from (
       select starts_at, max(ends_at) over (partition by practitioner_id order by starts_at, id rows between unbounded preceding and 1 preceding) as prev_end
       from appointments where status not in ('cancelled', 'released')
     ) x where starts_at < prev_end`,
  );
  return rows[0].n as number;
}

async function pgbenchRate(url: string, dir: string, name: string, script: string): Promise<number> {
  const file = join(dir, `${name}.sql`);
  writeFileSync(file, script);
  const u = new URL(url);
  const { stdout } = await promisify(execFile)(
    'pgbench',
    ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres'), '-n', '-c', String(CONCURRENCY), '-j', '2', '-T', String(PGBENCH_SECONDS), '-f', file, u.pathname.slice(1)],
    // The test server's URL (trust auth): a password only if the URL carries one.
    { env: u.password ? { ...process.env, PGPASSWORD: decodeURIComponent(u.password) } : process.env },
  );
  const tps = /tps = ([\d.]+) \((?:without initial connection time|excluding connections establishing)\)/.exec(stdout);
  if (!tps) throw new Error(`pgbench: no tps in\n${stdout}`);
  return Number(tps[1]);
}

/** The same inserts from Node (when pgbench is not installed): 50 connections, one row per statement. */
async function nodeInsertRate(url: string, statement: string, args: (i: number) => unknown[]): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY });
  let i = 0;
  let n = 0;
  try {
    const seconds = await loops(CONCURRENCY, PGBENCH_SECONDS, async () => {
      await pool.query(statement, args(i++));
      n++;
      return true;
    });
    return n / seconds;
  } finally {
    await pool.end();
  }
}

async function hasPgbench(): Promise<boolean> {
  try {
    await promisify(execFile)('pgbench', ['--version']);
    return true;
  } catch {
    return false;
  }
}

interface Bench {
  print: Print;
  admin: pg.Pool;
  ctx: AppContext;
  someClient: () => string;
}
type Booking = { practitionerId: string; startsAt: Date };

/** Practitioners of one specialty with a place in Paris, in a stable order. */
async function parisIds(admin: pg.Pool, specialty: string): Promise<string[]> {
  const { rows } = await admin.query<{ id: string }>(
    `select p.id from practitioners p where p.specialties @> array[$1::text] and p.active
       and exists (select 1 from practice_places pl where pl.practitioner_id = p.id and pl.postal_code like '75%') order by p.rpps`,
    [specialty],
  );
  return rows.map((r) => r.id);
}

/** Practitioners outside Paris (the slot searches' city), in a stable pseudo-random order. */
async function elsewhereIds(admin: pg.Pool, offset: number, limit: number): Promise<string[]> {
  const { rows } = await admin.query<{ id: string }>(
    `select p.id from practitioners p where not exists (select 1 from practice_places pl where pl.practitioner_id = p.id and pl.postal_code like '75%')
     order by md5(p.id::text) offset $1 limit $2`,
    [offset, limit],
  );
  return rows.map((r) => r.id);
}

/** searchSlots as /api/slots calls it: first 5 slots of each practitioner over the next 30 days. */
async function timeSearch(b: Bench, name: string, ids: string[], runs: number, warmup = SEARCH_WARMUP, budgetMs = Number.POSITIVE_INFINITY): Promise<void> {
  const lat: number[] = [];
  let slots = 0;
  const begin = performance.now();
  for (let i = 0; i < warmup + runs && (lat.length === 0 || performance.now() - begin < budgetMs); i++) {
    const now = new Date();
    const t = performance.now();
    const res = await service.searchSlots(b.ctx, { practitionerIds: ids, mode: 'in_person', from: now, to: new Date(now.getTime() + DAYS * 86_400_000), perPractitioner: 5 });
    if (i >= warmup) lat.push(performance.now() - t);
    slots = res.reduce((a, r) => a + r.slots.length, 0);
  }
  b.print(`slots.${name} p50`, percentile(lat, 0.5), 'ms');
  b.print(`slots.${name} p95`, percentile(lat, 0.95), 'ms');
  if (lat.length < runs) b.print(`slots.${name}_runs`, lat.length, 'runs (time budget)');
  b.print(`slots.${name}_practitioners`, ids.length, 'practitioners');
  b.print(`slots.${name}_slots`, slots, 'slots');
}

async function searchPhase(b: Bench): Promise<void> {
  const cardiology = await parisIds(b.admin, 'cardiology');
  await timeSearch(b, 'shortlist20', cardiology.slice(0, 20), SEARCH_RUNS);
  await timeSearch(b, 'city_all', cardiology, SEARCH_RUNS);
  // The largest city list: general practice in Paris (~2,500 agendas), within a time budget.
  await timeSearch(b, 'city_all_gp', await parisIds(b.admin, 'general-practice'), 10, 0, 5_000);
  // The same shortlist once the agendas have a past: a year of completed consultations each.
  const t = performance.now();
  await b.admin.query(
    `insert into appointments (practitioner_id, place_id, client_id, type_code, mode, starts_at, ends_at, status, source)
     select h.practitioner_id, h.place_id, (select id from clients order by id limit 1), 'first', 'in_person', s, s + t.duration_minutes * interval '1 minute', 'completed', 'platform'
     from weekly_hours h
     join consultation_types t on t.practitioner_id = h.practitioner_id and t.code = 'first'
     join generate_series(current_date - 365, current_date - 1, interval '1 day') d on extract(isodow from d) = h.weekday
     cross join lateral generate_series(0, ((extract(epoch from h.end_time::time - h.start_time::time) / 60)::int / t.duration_minutes) - 1) k
     cross join lateral (select ((d::date + h.start_time::time) + k * t.duration_minutes * interval '1 minute') at time zone 'Europe/Paris' as s) x
     where h.practitioner_id = any($1::uuid[]) and random() < 0.8
       and not exists (select 1 from appointments a where a.practitioner_id = h.practitioner_id and a.status = 'completed')
     order by random()`,
    [cardiology.slice(0, 20)],
  );
  await b.admin.query('analyze appointments');
  if (process.env.BOOKING_BENCH_TRACE) console.error(`${((performance.now() - t) / 1000).toFixed(2)} s  a year of history for 20 agendas`);
  await timeSearch(b, 'shortlist20_1y_history', cardiology.slice(0, 20), SEARCH_RUNS);
}

/** Free slots of these practitioners, non-overlapping, at most `perPractitioner` each, dealt to `loops` queues. */
async function freeBookings(b: Bench, ids: string[], perPractitioner: number, loops: number): Promise<Booking[][]> {
  const queues: Booking[][] = Array.from({ length: loops }, () => []);
  const now = Date.now();
  // From tomorrow: clear of every notice (a day at most) while the phase runs.
  const from = new Date(now + 86_400_000 + 3_600_000);
  for (let i = 0; i < ids.length; i += 250) {
    const found = await service.searchSlots(b.ctx, { practitionerIds: ids.slice(i, i + 250), mode: 'in_person', from, to: new Date(now + DAYS * 86_400_000), perPractitioner: 40 });
    found.forEach((f, k) => {
      const mine: Booking[] = [];
      let end = 0;
      for (const s of f.slots) {
        if (s.start.getTime() < end) continue; // grid slots overlap when the step is shorter than the visit
        mine.push({ practitionerId: f.practitionerId, startsAt: s.start });
        end = s.end.getTime() + 10 * 60_000; // clear of any buffer
      }
      queues[(i + k) % loops]?.push(...mine.slice(0, perPractitioner));
    });
  }
  // Each loop owns its practitioners and takes their slots in time order: consecutive bookings go to different agendas.
  for (const q of queues) q.sort((x, y) => x.startsAt.getTime() - y.startsAt.getTime() || x.practitionerId.localeCompare(y.practitionerId));
  return queues;
}

/** Bookings/s: 50 clients booking distinct free slots through service.book, the real path. */
async function bookPhase(b: Bench): Promise<void> {
  const queues = await freeBookings(b, await elsewhereIds(b.admin, 0, 1500), 8, CONCURRENCY);
  if (process.env.BOOKING_BENCH_PROFILE) await profileBookings(b.ctx, queues, b.someClient);
  const numberBefore = Number((await b.admin.query('select coalesce(max(number), 0) as n from appointments')).rows[0].n);
  let booked = 0;
  const failures = new Map<string, number>();
  const lat: number[] = [];
  const cpu0 = process.cpuUsage();
  const seconds = await loops(CONCURRENCY, BOOKING_SECONDS, async (i) => {
    const next = queues[i]?.shift();
    if (!next) return false;
    const t = performance.now();
    try {
      await service.book(b.ctx, { practitionerId: next.practitionerId, clientId: b.someClient(), typeCode: 'first', mode: 'in_person', startsAt: next.startsAt }, system);
      booked++;
      lat.push(performance.now() - t);
    } catch (err) {
      const code = err instanceof DomainError ? err.code : String((err as Error).message).slice(0, 80);
      failures.set(code, (failures.get(code) ?? 0) + 1);
    }
    return true;
  });
  const cpu = process.cpuUsage(cpu0);
  if (queues.every((q) => q.length === 0)) console.error('booking: the prepared slots ran out before the end of the phase (the rate stands)');
  b.print('booking.rate', booked / seconds, 'bookings/s');
  b.print('booking.p50', percentile(lat, 0.5), 'ms');
  b.print('booking.p95', percentile(lat, 0.95), 'ms');
  b.print('booking.node_cpu', ((cpu.user + cpu.system) / 1000 / (seconds * 1000)) * 100, '% of one core');
  b.print('booking.unexpected_failures', [...failures.values()].reduce((x, y) => x + y, 0), 'bookings');
  if (failures.size) console.error(`booking: failures ${JSON.stringify(Object.fromEntries(failures))}`);
  const { rows } = await b.admin.query(`select count(*)::int as n from appointments where number > $1 and status = 'booked'`, [numberBefore]);
  if (rows[0].n !== booked) throw new Error(`booking: ${booked} bookings reported, ${rows[0].n} rows`);
}

/** The plain insert path (store.insertAppointment, what book ends with), without the availability check. */
async function insertPhase(b: Bench): Promise<void> {
  const { rows: places } = await b.admin.query<{ id: string; place_id: string }>(
    'select practitioner_id as id, id as place_id from practice_places order by md5(id::text) limit $1',
    [CONCURRENCY * 4],
  );
  // Far in the future, one 30-minute slot after the other per loop: never overlapping.
  const base = Date.UTC(2031, 0, 1);
  const counters = new Array<number>(CONCURRENCY).fill(0);
  let inserted = 0;
  const seconds = await loops(CONCURRENCY, INSERT_SECONDS, async (i) => {
    const k = counters[i]!++;
    const p = places[(i + k * CONCURRENCY) % places.length]!;
    const startsAt = new Date(base + (i * 1_000_000 + k) * 30 * 60_000);
    await store.insertAppointment(b.ctx.db, {
      practitionerId: p.id,
      clientId: b.someClient(),
      placeId: p.place_id,
      typeCode: 'first',
      mode: 'in_person',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 30 * 60_000),
      status: 'booked',
      source: 'platform',
      bookedById: null,
      clientTokenHash: hashToken(newToken()),
    });
    inserted++;
    return true;
  });
  b.print('booking.insert_rate', inserted / seconds, 'rows/s');
}

/**
 * Conflict-heavy: in each round the 50 clients race for 4 overlapping grid slots of one practitioner
 * (30-minute visits on a 15-minute grid, e.g. 9:00, 9:15, 9:30, 9:45): one or two win, the others
 * are refused (by the availability check or by the exclusion constraint).
 */
async function conflictPhase(b: Bench): Promise<void> {
  const { rows: hot } = await b.admin.query<{ id: string }>(
    `select p.id from practitioners p
     join booking_rules r on r.practitioner_id = p.id and r.slot_step_minutes = 15 and r.buffer_minutes = 0
     join consultation_types t on t.practitioner_id = p.id and t.code = 'first' and t.duration_minutes = 30
     where not exists (select 1 from practice_places pl where pl.practitioner_id = p.id and pl.postal_code like '75%')
     order by md5(p.id::text) desc limit 10`,
  );
  const from = new Date(Date.now() + 86_400_000 + 3_600_000);
  const found = await service.searchSlots(b.ctx, { practitionerIds: hot.map((r) => r.id), mode: 'in_person', from, to: new Date(from.getTime() + (DAYS - 2) * 86_400_000), perPractitioner: 400 });
  const rounds: { practitionerId: string; starts: Date[] }[] = [];
  for (const f of found)
    for (let k = 0; k + 3 < f.slots.length; k += 4) {
      const four = f.slots.slice(k, k + 4).map((s) => s.start);
      if (four[3]!.getTime() - four[0]!.getTime() === 45 * 60_000) rounds.push({ practitionerId: f.practitionerId, starts: four });
    }
  let won = 0;
  let refused = 0;
  let deadlocks = 0;
  let other = 0;
  let attempts = 0;
  let r = 0;
  const start = performance.now();
  while (performance.now() - start < CONFLICT_SECONDS * 1000 && r < rounds.length) {
    const round = rounds[r++]!;
    const outcomes = await Promise.allSettled(
      Array.from({ length: CONCURRENCY }, (_, i) =>
        service.book(b.ctx, { practitionerId: round.practitionerId, clientId: b.someClient(), typeCode: 'first', mode: 'in_person', startsAt: round.starts[i % 4]! }, system),
      ),
    );
    attempts += outcomes.length;
    for (const o of outcomes) {
      if (o.status === 'fulfilled') won++;
      else if (o.reason instanceof DomainError && o.reason.code === 'slot_unavailable') refused++;
      // Two overlapping inserts checking each other under the exclusion constraint: PostgreSQL aborts one after deadlock_timeout.
      else if (sqlState(o.reason) === '40P01') deadlocks++;
      else if (++other <= 3) console.error(`booking.conflict: unexpected ${sqlState(o.reason) ?? ''} ${String((o.reason as Error)?.message).slice(0, 200)}`);
    }
  }
  const seconds = (performance.now() - start) / 1000;
  b.print('booking.conflict_success_rate', won / seconds, 'bookings/s');
  b.print('booking.conflict_attempt_rate', attempts / seconds, 'attempts/s');
  b.print('booking.conflict_won_per_round', won / Math.max(1, r), 'bookings (of 50 attempts on 4 overlapping slots)');
  b.print('booking.conflict_refused', refused, 'attempts (slot_unavailable)');
  b.print('booking.conflict_deadlocks', deadlocks, 'attempts (40P01, an error to the user)');
  b.print('booking.conflict_unexpected', other, 'attempts');
}

/** The machine's raw single-row INSERT rate: pgbench, 50 clients, 10 s, plain and with an exclusion constraint like appointments_no_overlap. */
async function rawPhase(b: Bench, url: string): Promise<void> {
  await b.admin.query('drop table if exists bench_raw, bench_raw_excl');
  await b.admin.query('create table bench_raw (x int)');
  await b.admin.query('create table bench_raw_excl (p uuid not null, during tstzrange not null, exclude using gist (p with =, during with &&))');
  if (await hasPgbench()) {
    const dir = mkdtempSync(join(tmpdir(), 'parcours-pgbench-'));
    try {
      const raw = await pgbenchRate(url, dir, 'raw', '\\set x random(1, 1000000000)\nINSERT INTO bench_raw (x) VALUES (:x);\n');
      // 20,000 agendas, one-minute ranges at random minutes over ~1,900 years: two rows practically never collide.
      const excl = await pgbenchRate(
        url,
        dir,
        'raw_excl',
        "\\set p random(1, 20000)\n\\set n random(1, 1000000000)\nINSERT INTO bench_raw_excl (p, during) VALUES (md5(:p::text)::uuid, tstzrange(timestamptz '2030-01-01' + :n * interval '1 minute', timestamptz '2030-01-01' + (:n + 1) * interval '1 minute'));\n",
      );
      b.print('booking.raw_insert_rate', raw, 'rows/s');
      b.print('booking.raw_insert_exclusion_rate', excl, 'rows/s');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    const raw = await nodeInsertRate(url, 'insert into bench_raw (x) values ($1)', (i) => [i]);
    const excl = await nodeInsertRate(
      url,
      `insert into bench_raw_excl (p, during) values (md5(($1::int % 20000)::text)::uuid, tstzrange(timestamptz '2030-01-01' + $1::int * interval '1 minute', timestamptz '2030-01-01' + ($1::int + 1) * interval '1 minute'))`,
      (i) => [i],
    );
    b.print('booking.raw_insert_rate_node_no_pgbench', raw, 'rows/s');
    b.print('booking.raw_insert_exclusion_rate_node_no_pgbench', excl, 'rows/s');
  }
}

export async function benchBooking(print: Print): Promise<void> {
  const started = performance.now();
  print('booking.loadavg_1m_start', loadavg()[0] ?? 0, '(machine load)');
  // BOOKING_BENCH_DB: an agenda generated by an earlier run (kept with BOOKING_BENCH_KEEP_DB=1), used as it is and kept.
  const reuse = process.env.BOOKING_BENCH_DB;
  const fresh = reuse ? await openPostgres(reuse, { max: 5 }) : await freshDatabase('postgres');
  const admin = (fresh.db as unknown as { $client: pg.Pool }).$client;
  const url = (admin as unknown as { options: { connectionString: string } }).options.connectionString;
  const keep = process.env.BOOKING_BENCH_KEEP_DB === '1' || Boolean(reuse);
  const phases = new Set((process.env.BOOKING_BENCH_PHASES ?? 'search,book,insert,conflict,raw').split(','));
  let database: Database | undefined;
  try {
    if (!reuse) {
      const t0 = performance.now();
      const { appointments } = await generateAgendas(admin);
      print('booking.generate', (performance.now() - t0) / 1000, 's');
      print('booking.existing_appointments', appointments, 'rows');
    }
    // The app's path: drizzle over a pg pool, here one connection per concurrent client.
    database = await openPostgres(url, { max: CONCURRENCY });
    const clientIds = (await admin.query<{ id: string }>('select id from clients order by id')).rows.map((r) => r.id);
    const rand = mulberry32(20261124);
    const b: Bench = { print, admin, ctx: contextFor(database), someClient: () => clientIds[Math.floor(rand() * clientIds.length)] as string };

    if (phases.has('search')) await searchPhase(b);
    if (phases.has('book')) await bookPhase(b);
    if (phases.has('insert')) await insertPhase(b);
    if (phases.has('conflict')) await conflictPhase(b);
    const overlaps = await countOverlaps(admin);
    print('booking.overlaps', overlaps, 'pairs');
    if (overlaps !== 0) throw new Error(`booking: ${overlaps} overlapping live appointments`);
    // pgbench brings its own 50 connections: the app's pool is closed first.
    await database.close();
    database = undefined;
    if (phases.has('raw')) await rawPhase(b, url);
    print('booking.loadavg_1m_end', loadavg()[0] ?? 0, '(machine load)');
    print('booking.total_time', (performance.now() - started) / 1000, 's');
  } finally {
    if (database) await database.close().catch(() => {});
    if (keep) {
      console.error(`booking: database kept: ${url}`);
      await admin.end();
    } else await fresh.close();
  }
}

/** BOOKING_BENCH_PROFILE=1: the statements of a few bookings, alone, with their time (stderr). */
async function profileBookings(ctx: AppContext, queues: { practitionerId: string; startsAt: Date }[][], someClient: () => string): Promise<void> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const seen: { text: string; ms: number }[] = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    const text = typeof first === 'string' ? first : (first?.text ?? '?');
    const t = performance.now();
    // The pool calls query(text, values, callback); drizzle's transactions await the promise form.
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function')
      args[last] = (...r: unknown[]) => {
        seen.push({ text, ms: performance.now() - t });
        return (callback as (...x: unknown[]) => unknown)(...r);
      };
    const out = original.apply(this, args) as Promise<unknown> | undefined;
    if (typeof callback !== 'function' && out && typeof out.then === 'function') return out.finally(() => seen.push({ text, ms: performance.now() - t }));
    return out;
  };
  const samples = 20;
  let total = 0;
  try {
    for (let i = 0; i < samples; i++) {
      const next = queues[i % queues.length]?.pop();
      if (!next) continue;
      const t = performance.now();
      await service.book(ctx, { practitionerId: next.practitionerId, clientId: someClient(), typeCode: 'first', mode: 'in_person', startsAt: next.startsAt }, system);
      total += performance.now() - t;
    }
  } finally {
    proto.query = original;
  }
  const byText = new Map<string, { n: number; ms: number }>();
  for (const s of seen) {
    const key = s.text.replace(/\s+/g, ' ').slice(0, 110);
    const e = byText.get(key) ?? { n: 0, ms: 0 };
    e.n++;
    e.ms += s.ms;
    byText.set(key, e);
  }
  console.error(`profile: ${samples} sequential bookings, ${(total / samples).toFixed(2)} ms each, ${(seen.length / samples).toFixed(1)} statements each`);
  for (const [text, e] of [...byText].sort((a, b) => b[1].ms - a[1].ms)) console.error(`  ${(e.n / samples).toFixed(1)} × ${(e.ms / e.n).toFixed(2)} ms  ${text}`);
}
