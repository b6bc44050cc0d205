/**
 * The KPI queries. Reporting is a read model: it reads the tables of requests, scheduling,
 * follow-up, billing and reimbursement directly in SQL — the one documented exception to "modules
 * talk through functions" (DESIGN §3) — because a dashboard's figures are aggregates that no
 * module's API returns, and one SQL pass over an indexed range is what keeps them fast on a year
 * of activity. It only reads, never writes those tables.
 *
 * Periods are Paris calendar days: the bounds are built by PostgreSQL (`date::timestamp AT TIME
 * ZONE 'Europe/Paris'`), never by hand. Every figure is cast in SQL (::int, ::float8) so PGlite
 * and node-postgres hand back the same JavaScript numbers.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type Granularity, granularities, type Period, responseTargetMinutes, urgencies } from './domain.ts';

export interface Filters {
  assigneeId?: string | undefined;
  specialty?: string | undefined;
}

const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;
const num = (v: unknown): number => Number(v ?? 0);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

const start = (p: Period) => sql`((${p.from}::date)::timestamp at time zone 'Europe/Paris')`;
const end = (p: Period) => sql`((${p.to}::date + 1)::timestamp at time zone 'Europe/Paris')`;
const inPeriod = (column: SQL, p: Period) => sql`${column} >= ${start(p)} and ${column} < ${end(p)}`;
/** The week (Monday) or month a timestamp falls in, in Paris, as YYYY-MM-DD. */
// The unit is inlined (checked against the list): a parameter would make the SELECT and GROUP BY
// expressions differ ($1 vs $2) and PostgreSQL would refuse the grouping.
const bucket = (column: SQL, g: Granularity) => {
  if (!granularities.includes(g)) throw new Error(`granularity ${g}`);
  return sql`to_char(date_trunc(${sql.raw(`'${g}'`)}, ${column} at time zone 'Europe/Paris'), 'YYYY-MM-DD')`;
};

/** Conditions on a requests row `r` for the team-member and specialty filters. */
function requestFilters(f: Filters): SQL {
  const parts: SQL[] = [sql`true`];
  if (f.assigneeId) parts.push(sql`r.assignee_id = ${f.assigneeId}`);
  if (f.specialty) parts.push(sql`r.specialty = ${f.specialty}`);
  return sql.join(parts, sql` and `);
}
const filtered = (f: Filters) => Boolean(f.assigneeId || f.specialty);

/** Constants only (minutes from the domain), so inlined: one plan for every urgency. */
export const targetInterval = sql.raw(
  `(case r.urgency ${urgencies.map((u) => `when '${u}' then ${Math.trunc(responseTargetMinutes[u])}`).join(' ')} end * interval '1 minute')`,
);
/** An emergency counts as answered at its first protocol step if that came before any other response. */
export const respondedAt = sql.raw(`(case when r.emergency is null then r.first_responded_at else least(r.first_responded_at, (r.emergency->'steps'->0->>'at')::timestamptz) end)`);

export interface Volume {
  total: number;
  byChannel: Record<string, number>;
  bySpecialty: Record<string, number>;
  byUrgency: Record<string, number>;
  series: { bucket: string; count: number }[];
}

export async function requestVolume(db: Db, p: Period, f: Filters, g: Granularity): Promise<Volume> {
  const rows = rowsOf<{ channel: string | null; specialty: string | null; urgency: string | null; bucket: string | null; g: number; n: number }>(
    await db.execute(sql`
      select r.channel, coalesce(r.specialty, 'none') as specialty, r.urgency, ${bucket(sql`r.created_at`, g)} as bucket,
             grouping(r.channel, coalesce(r.specialty, 'none'), r.urgency, ${bucket(sql`r.created_at`, g)})::int as g, count(*)::int as n
      from requests r
      where ${inPeriod(sql`r.created_at`, p)} and ${requestFilters(f)}
      group by grouping sets ((r.channel), (coalesce(r.specialty, 'none')), (r.urgency), (${bucket(sql`r.created_at`, g)}), ())`),
  );
  const v: Volume = { total: 0, byChannel: {}, bySpecialty: {}, byUrgency: {}, series: [] };
  // grouping() bits, left to right: channel 8, specialty 4, urgency 2, bucket 1 (1 = not grouped by it).
  for (const row of rows) {
    const n = num(row.n);
    if (row.g === 15) v.total = n;
    else if (row.g === 7) v.byChannel[row.channel as string] = n;
    else if (row.g === 11) v.bySpecialty[row.specialty as string] = n;
    else if (row.g === 13) v.byUrgency[row.urgency as string] = n;
    else if (row.g === 14) v.series.push({ bucket: row.bucket as string, count: n });
  }
  v.series.sort((a, b) => a.bucket.localeCompare(b.bucket));
  return v;
}

export interface ResponseRow {
  urgency: string;
  targetMinutes: number;
  requests: number;
  responded: number;
  withinTarget: number;
  /** Not answered yet and not yet late: left out of the share. */
  pending: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export async function firstResponse(db: Db, p: Period, f: Filters, now: Date): Promise<ResponseRow[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select x.urgency, count(*)::int as requests,
             count(x.responded_at)::int as responded,
             count(*) filter (where x.responded_at <= x.created_at + x.target)::int as within,
             count(*) filter (where x.responded_at is null and x.created_at + x.target > ${now.toISOString()}::timestamptz)::int as pending,
             (percentile_cont(0.5) within group (order by extract(epoch from x.responded_at - x.created_at) / 60))::float8 as median,
             (percentile_cont(0.9) within group (order by extract(epoch from x.responded_at - x.created_at) / 60))::float8 as p90
      from (select r.urgency, r.created_at, ${respondedAt} as responded_at, ${targetInterval} as target
            from requests r where ${inPeriod(sql`r.created_at`, p)} and ${requestFilters(f)}) x
      group by x.urgency`),
  );
  const byUrgency = new Map(rows.map((r) => [r.urgency as string, r]));
  return urgencies.map((u) => {
    const r = byUrgency.get(u);
    return {
      urgency: u,
      targetMinutes: responseTargetMinutes[u],
      requests: num(r?.requests),
      responded: num(r?.responded),
      withinTarget: num(r?.within),
      pending: num(r?.pending),
      medianMinutes: numOrNull(r?.median),
      p90Minutes: numOrNull(r?.p90),
    };
  });
}

/** Appointments that took place or are planned: not held by a proposal, not cancelled or released. */
export const realAppointment = sql.raw(`a.status in ('booked','completed','no_show')`);

export interface TimeToAppointment {
  requests: number;
  withAppointment: number;
  medianHours: number | null;
  p90Hours: number | null;
}

export async function timeToAppointment(db: Db, p: Period, f: Filters): Promise<TimeToAppointment> {
  const [row] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select count(*)::int as requests, count(x.first_at)::int as with_appointment,
             (percentile_cont(0.5) within group (order by extract(epoch from x.first_at - x.created_at) / 3600))::float8 as median,
             (percentile_cont(0.9) within group (order by extract(epoch from x.first_at - x.created_at) / 3600))::float8 as p90
      -- first_appointment_at is kept by a trigger on appointments (booked, completed or missed ones).
      from (select r.created_at, r.first_appointment_at as first_at
            from requests r where ${inPeriod(sql`r.created_at`, p)} and ${requestFilters(f)}) x`),
  );
  return { requests: num(row?.requests), withAppointment: num(row?.with_appointment), medianHours: numOrNull(row?.median), p90Hours: numOrNull(row?.p90) };
}

export interface AppointmentFigures {
  total: number;
  completed: number;
  noShow: number;
  teleconsultation: number;
  series: { bucket: string; inPerson: number; teleconsultation: number; noShow: number }[];
}

export async function appointmentFigures(db: Db, p: Period, f: Filters, g: Granularity): Promise<AppointmentFigures> {
  const join = filtered(f) ? sql`join requests r on r.id = a.request_id and ${requestFilters(f)}` : sql``;
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select ${bucket(sql`a.starts_at`, g)} as bucket, grouping(${bucket(sql`a.starts_at`, g)})::int as g,
             count(*)::int as total,
             count(*) filter (where a.status = 'completed')::int as completed,
             count(*) filter (where a.status = 'no_show')::int as no_show,
             count(*) filter (where a.mode = 'teleconsultation')::int as tele
      from appointments a ${join}
      where ${inPeriod(sql`a.starts_at`, p)} and ${realAppointment}
      group by grouping sets ((${bucket(sql`a.starts_at`, g)}), ())`),
  );
  const out: AppointmentFigures = { total: 0, completed: 0, noShow: 0, teleconsultation: 0, series: [] };
  for (const r of rows) {
    if (num(r.g) === 1) Object.assign(out, { total: num(r.total), completed: num(r.completed), noShow: num(r.no_show), teleconsultation: num(r.tele) });
    else out.series.push({ bucket: r.bucket as string, inPerson: num(r.total) - num(r.tele), teleconsultation: num(r.tele), noShow: num(r.no_show) });
  }
  out.series.sort((a, b) => a.bucket.localeCompare(b.bucket));
  return out;
}

export interface SatisfactionPoint {
  bucket: string | null;
  answers: number;
  csatMean: number | null;
  npsAnswers: number;
  promoters: number;
  detractors: number;
}

export async function satisfaction(db: Db, p: Period, f: Filters, g: Granularity): Promise<{ overall: SatisfactionPoint; series: SatisfactionPoint[] }> {
  // Follow-up keeps the request on every survey (closure, or the appointment's request).
  const join = filtered(f) ? sql`join requests r on r.id = s.request_id and ${requestFilters(f)}` : sql``;
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select ${bucket(sql`s.answered_at`, g)} as bucket, grouping(${bucket(sql`s.answered_at`, g)})::int as g,
             count(*)::int as answers, avg(s.csat)::float8 as csat,
             count(s.nps)::int as nps_answers,
             count(*) filter (where s.nps >= 9)::int as promoters,
             count(*) filter (where s.nps <= 6)::int as detractors
      from surveys s ${join}
      where ${inPeriod(sql`s.answered_at`, p)}
      group by grouping sets ((${bucket(sql`s.answered_at`, g)}), ())`),
  );
  const point = (r: Record<string, unknown> | undefined, b: string | null): SatisfactionPoint => ({
    bucket: b,
    answers: num(r?.answers),
    csatMean: numOrNull(r?.csat),
    npsAnswers: num(r?.nps_answers),
    promoters: num(r?.promoters),
    detractors: num(r?.detractors),
  });
  const overall = point(
    rows.find((r) => num(r.g) === 1),
    null,
  );
  const series = rows
    .filter((r) => num(r.g) === 0)
    .map((r) => point(r, r.bucket as string))
    .sort((a, b) => (a.bucket ?? '').localeCompare(b.bucket ?? ''));
  return { overall, series };
}

export interface ClaimDelays {
  insurer: string;
  paid: number;
  medianDays: number | null;
  p90Days: number | null;
}

export async function reimbursementDelays(db: Db, p: Period, f: Filters, today: string): Promise<{ byInsurer: ClaimDelays[]; overdue: number }> {
  const join = filtered(f) ? sql`join care_acts c on c.id = cl.act_id join requests r on r.id = c.request_id and ${requestFilters(f)}` : sql``;
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select coalesce(cl.insurer, 'all') as insurer, count(*)::int as paid,
             (percentile_cont(0.5) within group (order by cl.paid_on - cl.sent_on))::float8 as median,
             (percentile_cont(0.9) within group (order by cl.paid_on - cl.sent_on))::float8 as p90
      from claims cl ${join}
      where cl.status = 'paid' and cl.sent_on is not null and cl.paid_on >= ${p.from}::date and cl.paid_on <= ${p.to}::date
      group by grouping sets ((cl.insurer), ())`),
  );
  const overdue = await overdueClaims(db, f, today);
  const byInsurer = ['all', 'amo', 'amc'].map((insurer) => {
    const r = rows.find((x) => x.insurer === insurer);
    return { insurer, paid: num(r?.paid), medianDays: numOrNull(r?.median), p90Days: numOrNull(r?.p90) };
  });
  return { byInsurer, overdue };
}

/** Claims sent and not (fully) paid past their due date, as of today. */
export async function overdueClaims(db: Db, f: Filters, today: string): Promise<number> {
  // Late claims are few: a lookup of each one's request (a subquery per row), where a join would
  // make PostgreSQL hash every care act.
  const ofRequest = filtered(f) ? sql`and (select ${requestFilters(f)} from care_acts c join requests r on r.id = c.request_id where c.id = cl.act_id)` : sql``;
  const [late] = rowsOf<{ n: number }>(
    await db.execute(sql`
      select count(*)::int as n from claims cl
      where cl.status in ('sent','partially_paid') and cl.due_on < ${today}::date ${ofRequest}`),
  );
  return num(late?.n);
}

export interface Finance {
  revenueExclCents: number;
  revenueInclCents: number;
  invoices: number;
  creditNotes: number;
  series: { bucket: string; revenueExclCents: number }[];
  outstandingCents: number;
  overdueCents: number;
  openInvoices: number;
}

/**
 * Revenue of the period (issued invoices minus issued credit notes, whatever sign the note is
 * stored with) and the receivables as of today: per issued invoice, the total minus what was paid
 * and minus the credit notes that correct it.
 */
export async function finance(db: Db, p: Period, f: Filters, g: Granularity, today: string): Promise<Finance> {
  const join = filtered(f) ? sql`join requests r on r.id = i.request_id and ${requestFilters(f)}` : sql``;
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select ${bucket(sql`i.issued_at`, g)} as bucket, grouping(${bucket(sql`i.issued_at`, g)})::int as g,
             coalesce(sum(case when i.kind = 'credit_note' then -abs(i.total_excl_cents) else i.total_excl_cents end), 0)::float8 as excl,
             coalesce(sum(case when i.kind = 'credit_note' then -abs(i.total_incl_cents) else i.total_incl_cents end), 0)::float8 as incl,
             count(*) filter (where i.kind = 'invoice')::int as invoices,
             count(*) filter (where i.kind = 'credit_note')::int as credit_notes
      from invoices i ${join}
      where i.status = 'issued' and ${inPeriod(sql`i.issued_at`, p)}
      group by grouping sets ((${bucket(sql`i.issued_at`, g)}), ())`),
  );
  const open = await receivables(db, f, today);
  const all = rows.find((r) => num(r.g) === 1);
  return {
    revenueExclCents: num(all?.excl),
    revenueInclCents: num(all?.incl),
    invoices: num(all?.invoices),
    creditNotes: num(all?.credit_notes),
    series: rows
      .filter((r) => num(r.g) === 0)
      .map((r) => ({ bucket: r.bucket as string, revenueExclCents: num(r.excl) }))
      .sort((a, b) => a.bucket.localeCompare(b.bucket)),
    ...open,
  };
}

/** What clients owe as of today: per issued invoice, the total minus payments and credit notes. */
export async function receivables(db: Db, f: Filters, today: string): Promise<{ outstandingCents: number; overdueCents: number; openInvoices: number }> {
  const join = filtered(f) ? sql`join requests r on r.id = i.request_id and ${requestFilters(f)}` : sql``;
  const [open] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select coalesce(sum(x.due), 0)::float8 as outstanding, coalesce(sum(x.due) filter (where x.due_on < ${today}::date), 0)::float8 as overdue, count(*)::int as n
      -- credited_cents (≤ 0) is kept by billing as credit notes are issued; the condition is the partial index's.
      from (select i.due_on, i.total_incl_cents + i.credited_cents - i.paid_cents as due
            from invoices i ${join}
            where i.kind = 'invoice' and i.status = 'issued' and i.total_incl_cents + i.credited_cents - i.paid_cents > 0) x`),
  );
  return { outstandingCents: num(open?.outstanding), overdueCents: num(open?.overdue), openInvoices: num(open?.n) };
}

/** The team members a dashboard can be filtered on. */
export async function teamMembers(db: Db): Promise<{ id: string; displayName: string; role: string }[]> {
  return rowsOf<{ id: string; displayName: string; role: string }>(
    await db.execute(sql`select id, display_name as "displayName", role from users where role in ('admin','advisor','coordinator') and active order by display_name`),
  );
}
