/**
 * The team-wide KPIs, day by day: computed live from the source tables (one SQL pass per table over
 * index ranges), or read from the kpi_days rollup for closed days nobody has changed since.
 * The same SQL fills the rollup and computes the live days, so both give the same figures.
 *
 * A day is closed when it is before yesterday (Paris): by then no request of that day can still be
 * waiting for its first response (the longest target is 24 h). Later changes to a closed day — an
 * appointment booked for an old request, a no-show marked late — are flagged by triggers in
 * kpi_stale_days, and that day is computed live until the next refresh.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { parisDate } from '../../platform/context.ts';
import { type ClaimsDay, type DayFigures, daysOf, dayRanges, EXACT_BELOW, emptyDay, LOG_BASE, type ResponseDay } from './daily.ts';
import type { Period } from './domain.ts';
import { realAppointment, respondedAt, targetInterval } from './store.ts';

const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;
const num = (v: unknown): number => Number(v ?? 0);

/** Rollup rows are computed in chunks of this many days (one set of queries each). */
const CHUNK_DAYS = 31;
/** How far back the refresh keeps the rollup complete: the longest dashboard period. */
const HORIZON_DAYS = 400;

const parisDay = (column: SQL) => sql`to_char((${column} at time zone 'Europe/Paris')::date, 'YYYY-MM-DD')`;
/** The bucket of a duration (daily.ts bucketOf): to the unit below 100, else 'L' and its 4 % log bucket. */
const durationBucket = (v: SQL) =>
  sql`case when ${v} < ${sql.raw(String(EXACT_BELOW))} then round(greatest(${v}, 0))::int::text else 'L' || round(ln(${v}) / ln(${sql.raw(String(LOG_BASE))}::float8))::int::text end`;
/** Timestamps within any of the day ranges (Paris days), each an index range. */
const inRanges = (column: SQL, ranges: readonly Period[]) =>
  sql`(${sql.join(
    ranges.map((r) => sql`(${column} >= ((${r.from}::date)::timestamp at time zone 'Europe/Paris') and ${column} < ((${r.to}::date + 1)::timestamp at time zone 'Europe/Paris'))`),
    sql` or `,
  )})`;

const addTo = (m: Record<string, number>, k: string, n: number) => {
  m[k] = (m[k] ?? 0) + n;
};

/**
 * Whose figures: the whole team, one team member's requests, or one specialty's — a request's
 * appointments, surveys, invoices and claims count for its assignee and its specialty.
 */
export type Scope = 'all' | `member:${string}` | `specialty:${string}`;

/** The scope of a dashboard's filters; null when both are set (rare: the exact queries serve it). */
export function scopeOf(f: { assigneeId?: string | undefined; specialty?: string | undefined }): Scope | null {
  if (f.assigneeId && f.specialty) return null;
  return f.assigneeId ? `member:${f.assigneeId}` : f.specialty ? `specialty:${f.specialty}` : 'all';
}

/**
 * The SQL that tags each source row with its scope(s), given the row's request as `r`: every
 * scope at once (the refresh), or one scope (the live days of a dashboard; 'all' needs no request).
 */
function scoping(scopes: 'each' | Scope) {
  if (scopes === 'each') {
    return {
      needsRequest: true,
      tag: sql`cross join lateral (values ('all'), (case when r.id is not null then 'member:' || r.assignee_id::text end),
                                          (case when r.id is not null then 'specialty:' || coalesce(r.specialty, 'none') end)) sc(scope)`,
      where: sql`sc.scope is not null`,
    };
  }
  const [kind, value] = [scopes.slice(0, scopes.indexOf(':')), scopes.slice(scopes.indexOf(':') + 1)];
  return {
    needsRequest: scopes !== 'all',
    tag: sql`cross join (select ${scopes}::text as scope) sc`,
    where: kind === 'member' ? sql`r.assignee_id = ${value}::uuid` : kind === 'specialty' ? sql`r.specialty = ${value}` : sql`true`,
  };
}

/**
 * The figures of each day in `days` for each scope, computed from the source tables. `now` decides
 * what is still pending.
 */
export async function computeDays(db: Db, days: readonly string[], now: Date, scopes: 'each' | Scope, inTransaction = false): Promise<Map<string, Map<string, DayFigures>>> {
  const out = new Map<string, Map<string, DayFigures>>();
  if (scopes !== 'each') out.set(scopes, new Map(days.map((d) => [d, emptyDay()])));
  if (days.length === 0) return out;
  const ranges = dayRanges(days);
  const day = (r: Record<string, unknown>) => {
    const scope = String(r.scope);
    const byDay = out.get(scope) ?? out.set(scope, new Map()).get(scope)!;
    const d = String(r.day);
    return byDay.get(d) ?? byDay.set(d, emptyDay()).get(d)!;
  };
  const { needsRequest, tag, where } = scoping(scopes);
  // Each row's request looked up by its key: a day's rows are few next to a specialty's requests,
  // which a plain join would have PostgreSQL hash in full.
  const requestOf = (fk: SQL) => (needsRequest ? sql`left join lateral (select r.id, r.assignee_id, r.specialty from requests r where r.id = ${fk} limit 1) r on true` : sql``);

  // On the pool the five queries run at once; a transaction's single connection takes them in turn.
  const all = <T>(qs: (() => Promise<T>)[]) => (inTransaction ? qs.reduce<Promise<T[]>>(async (acc, q) => [...(await acc), await q()], Promise.resolve([])) : Promise.all(qs.map((q) => q())));
  const [requests, appointments, surveys, invoices, claims] = await all([
    // One pass over the requests, three groupings (grouping() bits: channel 16, specialty 8, urgency 4, rb 2, ab 1).
    () => db.execute(sql`
      select x.scope, x.day, x.channel, x.specialty, x.urgency, x.rb, x.ab, grouping(x.channel, x.specialty, x.urgency, x.rb, x.ab)::int as g,
             count(*)::int as n, count(x.responded_at)::int as responded,
             count(*) filter (where x.responded_at <= x.created_at + x.target)::int as within,
             count(*) filter (where x.responded_at is null and x.created_at + x.target > ${now.toISOString()}::timestamptz)::int as pending,
             count(x.first_at)::int as with_appointment
      from (select y.*, case when y.responded_at is null then null else ${durationBucket(sql`extract(epoch from y.responded_at - y.created_at)::float8 / 60`)} end as rb,
                   case when y.first_at is null then null else ${durationBucket(sql`extract(epoch from y.first_at - y.created_at)::float8 / 3600`)} end as ab
            from (select sc.scope, ${parisDay(sql`r.created_at`)} as day, r.channel, coalesce(r.specialty, 'none') as specialty, r.urgency, r.created_at,
                         ${respondedAt} as responded_at, ${targetInterval} as target, r.first_appointment_at as first_at
                  from requests r ${tag} where ${inRanges(sql`r.created_at`, ranges)} and ${where}) y) x
      group by grouping sets ((x.scope, x.day, x.channel, x.specialty, x.urgency), (x.scope, x.day, x.urgency, x.rb), (x.scope, x.day, x.ab))`),
    () => db.execute(sql`
      select sc.scope, ${parisDay(sql`a.starts_at`)} as day, count(*)::int as total,
             count(*) filter (where a.status = 'completed')::int as completed,
             count(*) filter (where a.status = 'no_show')::int as no_show,
             count(*) filter (where a.mode = 'teleconsultation')::int as tele
      from appointments a ${requestOf(sql`a.request_id`)} ${tag}
      where ${inRanges(sql`a.starts_at`, ranges)} and ${realAppointment} and ${where} group by 1, 2`),
    () => db.execute(sql`
      select sc.scope, ${parisDay(sql`s.answered_at`)} as day, count(*)::int as answers, coalesce(sum(s.csat), 0)::int as csat_sum, count(s.csat)::int as csat_answers,
             count(s.nps)::int as nps_answers, count(*) filter (where s.nps >= 9)::int as promoters, count(*) filter (where s.nps <= 6)::int as detractors
      from surveys s ${requestOf(sql`s.request_id`)} ${tag}
      where ${inRanges(sql`s.answered_at`, ranges)} and ${where} group by 1, 2`),
    // A credit note lowers the revenue whatever sign it is stored with.
    () => db.execute(sql`
      select sc.scope, ${parisDay(sql`i.issued_at`)} as day,
             sum(case when i.kind = 'credit_note' then -abs(i.total_excl_cents) else i.total_excl_cents end)::float8 as excl,
             sum(case when i.kind = 'credit_note' then -abs(i.total_incl_cents) else i.total_incl_cents end)::float8 as incl,
             count(*) filter (where i.kind = 'invoice')::int as invoices, count(*) filter (where i.kind = 'credit_note')::int as credit_notes
      from invoices i ${requestOf(sql`i.request_id`)} ${tag}
      where i.status = 'issued' and ${inRanges(sql`i.issued_at`, ranges)} and ${where} group by 1, 2`),
    () => db.execute(sql`
      select sc.scope, to_char(cl.paid_on, 'YYYY-MM-DD') as day, cl.insurer, (cl.paid_on - cl.sent_on)::int as delay, count(*)::int as n
      from claims cl ${needsRequest ? sql`left join lateral (select r.id, r.assignee_id, r.specialty from care_acts c join requests r on r.id = c.request_id where c.id = cl.act_id limit 1) r on true` : sql``} ${tag}
      where cl.status = 'paid' and cl.sent_on is not null and (${sql.join(
        ranges.map((r) => sql`(cl.paid_on >= ${r.from}::date and cl.paid_on <= ${r.to}::date)`),
        sql` or `,
      )}) and ${where}
      group by 1, 2, 3, 4`),
  ]);

  for (const r of rowsOf<Record<string, unknown>>(requests)) {
    const f = day(r);
    const n = num(r.n);
    const g = num(r.g);
    if (g === 3) {
      f.requests.total += n;
      addTo(f.requests.byChannel, String(r.channel), n);
      addTo(f.requests.bySpecialty, String(r.specialty), n);
      addTo(f.requests.byUrgency, String(r.urgency), n);
    } else if (g === 25) {
      const u = String(r.urgency);
      f.response[u] ??= { requests: 0, responded: 0, within: 0, pending: 0, minutes: {} };
      const resp: ResponseDay = f.response[u];
      resp.requests += n;
      resp.responded += num(r.responded);
      resp.within += num(r.within);
      resp.pending += num(r.pending);
      if (r.rb !== null) addTo(resp.minutes, String(r.rb), n);
    } else if (g === 30) {
      f.toAppointment.requests += n;
      f.toAppointment.withAppointment += num(r.with_appointment);
      if (r.ab !== null) addTo(f.toAppointment.hours, String(r.ab), n);
    }
  }
  for (const r of rowsOf<Record<string, unknown>>(appointments)) {
    day(r).appointments = { total: num(r.total), completed: num(r.completed), noShow: num(r.no_show), teleconsultation: num(r.tele) };
  }
  for (const r of rowsOf<Record<string, unknown>>(surveys)) {
    day(r).satisfaction = {
      answers: num(r.answers),
      csatSum: num(r.csat_sum),
      csatAnswers: num(r.csat_answers),
      npsAnswers: num(r.nps_answers),
      promoters: num(r.promoters),
      detractors: num(r.detractors),
    };
  }
  for (const r of rowsOf<Record<string, unknown>>(invoices)) {
    day(r).invoices = { revenueExclCents: num(r.excl), revenueInclCents: num(r.incl), invoices: num(r.invoices), creditNotes: num(r.credit_notes) };
  }
  for (const r of rowsOf<Record<string, unknown>>(claims)) {
    const f = day(r);
    f.claims[String(r.insurer)] ??= { paid: 0, days: {} };
    const c = f.claims[String(r.insurer)] as ClaimsDay;
    c.paid += num(r.n);
    addTo(c.days, String(num(r.delay)), num(r.n));
  }
  return out;
}

/** The first day that is not closed yet: yesterday, in Paris. */
export function openFrom(now: Date): string {
  return new Date(Date.parse(`${parisDate(now)}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * The period's days for one scope: closed, up-to-date days from the rollup, every other day computed
 * live. A day is in the rollup when its 'all' row is; a scope with no row that day had nothing.
 */
export async function periodDays(db: Db, p: Period, now: Date, scope: Scope = 'all'): Promise<Map<string, DayFigures>> {
  const rolled = rowsOf<{ day: string; figures: DayFigures | null }>(
    await db.execute(sql`
      select to_char(a.day, 'YYYY-MM-DD') as day, d.figures
      from kpi_days a left join kpi_days d on d.scope = ${scope} and d.day = a.day
      where a.scope = 'all' and a.day >= ${p.from}::date and a.day <= ${p.to}::date and a.day < ${openFrom(now)}::date
        and not exists (select 1 from kpi_stale_days s where s.day = a.day)`),
  );
  const have = new Map(rolled.map((r) => [r.day, r.figures ?? emptyDay()]));
  const live = (
    await computeDays(
      db,
      daysOf(p.from, p.to).filter((d) => !have.has(d)),
      now,
      scope,
    )
  ).get(scope);
  const out = new Map<string, DayFigures>();
  for (const d of daysOf(p.from, p.to)) out.set(d, have.get(d) ?? live?.get(d) ?? emptyDay());
  return out;
}

/**
 * Brings the rollup up to date: recomputes, for every scope, the closed days flagged stale and the
 * closed days of the horizon that have no row yet. Returns how many days were computed. Flags are
 * taken in the same transaction as the rows they cause, so a change is never lost; a change
 * committed meanwhile keeps its flag for the next run.
 */
export async function refreshRollup(db: Db, now: Date): Promise<number> {
  const open = openFrom(now);
  return db.transaction(async (tx) => {
    const stale = rowsOf<{ day: string }>(await tx.execute(sql`delete from kpi_stale_days returning to_char(day, 'YYYY-MM-DD') as day`)).map((r) => r.day);
    const missing = rowsOf<{ day: string }>(
      await tx.execute(sql`
        select to_char(g.d, 'YYYY-MM-DD') as day
        from generate_series(${open}::date - ${HORIZON_DAYS}::int, ${open}::date - 1, interval '1 day') g(d)
        where not exists (select 1 from kpi_days k where k.scope = 'all' and k.day = g.d::date)`),
    ).map((r) => r.day);
    const toCompute = [...new Set([...stale.filter((d) => d < open), ...missing])].sort();
    for (let i = 0; i < toCompute.length; i += CHUNK_DAYS) {
      const chunk = toCompute.slice(i, i + CHUNK_DAYS);
      const byScope = await computeDays(tx as unknown as Db, chunk, now, 'each', true);
      // Every day of the chunk gets its 'all' row (even empty: it marks the day as computed).
      const rows = chunk.map((day) => ({ scope: 'all', day, figures: byScope.get('all')?.get(day) ?? emptyDay() }));
      for (const [scope, days] of byScope) if (scope !== 'all') for (const [day, figures] of days) rows.push({ scope, day, figures });
      await tx.execute(sql`delete from kpi_days where day = any(${`{${chunk.join(',')}}`}::date[])`);
      await tx.execute(sql`
        insert into kpi_days (scope, day, figures, computed_at)
        select x->>'scope', (x->>'day')::date, x->'figures', ${now.toISOString()}::timestamptz
        from jsonb_array_elements(${JSON.stringify(rows)}::jsonb) x`);
    }
    return toCompute.length;
  });
}
