/**
 * A small, hand-built month of activity (March 2026, Paris) whose KPIs are known by hand: the
 * tests check the SQL against it, and the figures are written next to each row. "Now" is
 * 2026-04-01 08:00 UTC. Written straight into the tables (a test fixture, not a use-case).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

export const FIXTURE_NOW = new Date('2026-04-01T08:00:00Z');
export const MARCH = { from: '2026-03-01', to: '2026-03-31' };

export interface Fixture {
  alice: string;
  bob: string;
  clientId: string;
  practitionerId: string;
}

const id = () => crypto.randomUUID();
const minutesAfter = (iso: string, m: number) => new Date(Date.parse(iso) + m * 60_000).toISOString();

export async function loadFixture(db: Db): Promise<Fixture> {
  const f: Fixture = { alice: id(), bob: id(), clientId: id(), practitionerId: id() };
  const tag = f.alice.slice(0, 8);
  await db.execute(sql`insert into users (id, email, display_name, role) values
    (${f.alice}, ${`alice.${tag}@example.test`}, 'Alice Conseil', 'advisor'), (${f.bob}, ${`bob.${tag}@example.test`}, 'Bob Coordination', 'coordinator')`);
  await db.execute(sql`insert into clients (id, birth_name, first_names, birth_date, sex, search_name)
    values (${f.clientId}, 'Durand', '{Claire}', '1980-05-04', 'F', 'durand claire')`);
  await db.execute(sql`insert into practitioners (id, last_name, first_name, profession_code, profession, search_name)
    values (${f.practitionerId}, 'Martin', 'Paul', '10', 'Médecin', 'martin paul')`);

  // Requests: [key, created_at (UTC), urgency, channel, specialty, assignee, minutes to first response].
  const requests: [string, string, string, string, string | null, string, number | null][] = [
    ['r1', '2026-03-02T09:00:00Z', 'urgent', 'phone', 'cardiology', f.alice, 30], // target 60: within
    ['r2', '2026-03-03T09:00:00Z', 'urgent', 'email', 'cardiology', f.alice, 90], // late
    ['r3', '2026-03-10T09:00:00Z', 'routine', 'portal', 'dermatology', f.bob, 600], // target 1440: within
    ['r4', '2026-03-15T09:00:00Z', 'emergency', 'phone', 'general-practice', f.alice, 20], // protocol step at +5 min: within 15
    ['r5', '2026-03-20T09:00:00Z', 'soon', 'public_form', null, f.bob, 300], // target 240: late
    ['r6', '2026-03-31T22:30:00Z', 'routine', 'phone', 'cardiology', f.bob, 10], // 1 April 00:30 in Paris: not March
    ['r7', '2026-02-28T23:30:00Z', 'routine', 'phone', 'dermatology', f.bob, null], // 1 March 00:30 in Paris; never answered, late
    ['r8', '2026-03-31T20:00:00Z', 'routine', 'portal', 'cardiology', f.bob, null], // not answered, not yet due at "now": pending
  ];
  const ids: Record<string, string> = {};
  for (const [key, at, urgency, channel, specialty, assignee, minutes] of requests) {
    ids[key] = id();
    const emergency =
      urgency === 'emergency' ? JSON.stringify({ activatedAt: at, activatedById: null, source: 'triage', steps: [{ code: 'guidance_given', at: minutesAfter(at, 5), byId: assignee }], resolvedAt: null }) : null;
    await db.execute(sql`insert into requests (id, client_id, channel, kind, text_sealed, urgency, specialty, triage_sealed, assignee_id, emergency, first_responded_at, created_at)
      values (${ids[key]}, ${f.clientId}, ${channel}, 'specialist', 'x', ${urgency}, ${specialty}, 'x', ${assignee}, ${emergency}::jsonb,
              ${minutes === null ? null : minutesAfter(at, minutes)}::timestamptz, ${at}::timestamptz)`);
  }

  // Appointments: [request, starts_at, status, mode]. First appointments: r1 +48 h, r2 +48 h, r3 +72 h, r5 +240 h.
  const appointments: [string, string, string, string][] = [
    ['r1', '2026-03-04T09:00:00Z', 'completed', 'in_person'],
    ['r1', '2026-03-20T14:00:00Z', 'completed', 'teleconsultation'],
    ['r2', '2026-03-05T09:00:00Z', 'no_show', 'teleconsultation'],
    ['r3', '2026-03-11T09:00:00Z', 'cancelled', 'in_person'], // cancelled: neither first nor counted
    ['r3', '2026-03-13T09:00:00Z', 'completed', 'in_person'],
    ['r5', '2026-03-30T09:00:00Z', 'booked', 'teleconsultation'],
    ['r6', '2026-04-03T09:00:00Z', 'booked', 'in_person'], // April
  ];
  const appointmentIds: string[] = [];
  for (const [key, at, status, mode] of appointments) {
    const aid = id();
    appointmentIds.push(aid);
    await db.execute(sql`insert into appointments (id, practitioner_id, client_id, request_id, type_code, mode, starts_at, ends_at, status)
      values (${aid}, ${f.practitionerId}, ${f.clientId}, ${ids[key]}, 'first', ${mode}, ${at}::timestamptz, ${minutesAfter(at, 30)}::timestamptz, ${status})`);
  }

  // Surveys answered in March: CSAT 5 5 4 3 1 (mean 3.6), NPS 10 10 9 7 2 (3 promoters, 1 detractor: 40).
  const surveys: [string | null, number | null, number | null, string | null][] = [
    ['2026-03-02T10:00:00Z', 5, 10, 'r1'], // week of 2 March
    ['2026-03-04T10:00:00Z', 5, 10, 'r2'], // week of 2 March
    ['2026-03-11T10:00:00Z', 4, 9, 'r3'], // week of 9 March
    ['2026-03-16T10:00:00Z', 3, 7, 'r3'], // week of 16 March
    ['2026-03-30T10:00:00Z', 1, 2, 'r5'], // week of 30 March
    ['2026-04-02T10:00:00Z', 1, 0, 'r1'], // April
    [null, null, null, 'r1'], // not answered
  ];
  for (const [at, csat, nps, key] of surveys) {
    await db.execute(sql`insert into surveys (client_id, trigger, request_id, token_hash, sent_at, expires_at, answered_at, csat, nps)
      values (${f.clientId}, 'request_closed', ${key ? ids[key] : null}, ${id()}, '2026-03-01T00:00:00Z', '2026-06-01T00:00:00Z', ${at}::timestamptz, ${csat}, ${nps})`);
  }

  // Claims: paid in March after 7, 14 (AMO) and 28 days (mutuelle): median 14, p90 25.2; one overdue.
  const actId = id();
  await db.execute(sql`insert into care_acts (id, client_id, request_id, act_code, performed_on, fee_cents, base_cents, amo_rate_bp, amo_expected_cents, amc_expected_cents, remainder_cents, rules_version)
    values (${actId}, ${f.clientId}, ${ids.r1}, 'G', '2026-03-01', 3000, 3000, 7000, 1900, 900, 200, 'test')`);
  const claims: [string, string, string | null, string | null, string | null][] = [
    ['amo', 'paid', '2026-03-01', '2026-03-08', null],
    ['amo', 'paid', '2026-03-01', '2026-03-15', null],
    ['amc', 'paid', '2026-03-02', '2026-03-30', null],
    ['amc', 'paid', '2026-03-02', '2026-04-02', null], // paid in April
    ['amo', 'sent', '2026-03-01', null, '2026-03-20'], // overdue at "now"
    ['amc', 'to_send', null, null, null],
  ];
  for (const [insurer, status, sent, paid, due] of claims) {
    await db.execute(sql`insert into claims (act_id, client_id, insurer, status, expected_cents, received_cents, sent_on, paid_on, due_on)
      values (${actId}, ${f.clientId}, ${insurer}, ${status}, 1000, ${status === 'paid' ? 1000 : 0}, ${sent}::date, ${paid}::date, ${due}::date)`);
  }

  // Invoices: March revenue = 100 € + 50 € − 20 € (credit note) = 130 € excl. VAT (156 € incl.).
  // Receivables: i2 60 − 10 paid − 24 credited = 26 € (overdue), i4 84 € (not yet due): 110 €.
  const i2 = id();
  const invoices: [string, string, string, number | null, string, string | null, string | null, number, number, number, string | null][] = [
    [id(), 'invoice', 'F', 1, 'issued', '2026-03-05T10:00:00Z', '2026-04-04', 10000, 12000, 12000, null],
    [i2, 'invoice', 'F', 2, 'issued', '2026-03-10T10:00:00Z', '2026-03-25', 5000, 6000, 1000, null],
    [id(), 'credit_note', 'A', 1, 'issued', '2026-03-12T10:00:00Z', null, -2000, -2400, 0, i2],
    [id(), 'invoice', 'F', null, 'draft', null, null, 9900, 11880, 0, null],
    [id(), 'invoice', 'F', 3, 'issued', '2026-02-20T10:00:00Z', '2026-04-20', 7000, 8400, 0, null],
  ];
  for (const [iid, kind, series, number, status, issued, due, excl, incl, paid, corrects] of invoices) {
    await db.execute(sql`insert into invoices (id, kind, series, number, status, client_id, request_id, corrects_id, issued_at, due_on, total_excl_cents, total_vat_cents, total_incl_cents, paid_cents)
      values (${iid}, ${kind}, ${series}, ${number}, ${status}, ${f.clientId}, ${ids.r1}, ${corrects}::uuid, ${issued}::timestamptz, ${due}::date, ${excl}, ${incl - excl}, ${incl}, ${paid})`);
  }
  // As billing does when it issues a credit note: the corrected invoice keeps the credited total.
  await db.execute(sql`update invoices i set credited_cents = c.total from (select corrects_id, sum(total_incl_cents) as total from invoices where kind = 'credit_note' and status = 'issued' group by corrects_id) c where i.id = c.corrects_id`);
  return f;
}
