/**
 * The shortlist query. Hard filters and the weighted score run in the database so that the top 20
 * out of 250,000 practitioners come back without shipping thousands of candidates to Node; the
 * numbers come from domain.ts, and domain.explain() recomputes each result's breakdown from the
 * same facts (a test checks both agree).
 *
 * Around a big city the candidates are too many to score them all within 20 ms, so findMatches
 * prunes, exactly: the `match_points` projection (migration 0008, kept by triggers) holds one row
 * per place × specialty with a tier (0 plain, 1 reviewed, 2 partner). What a candidate can score
 * apart from distance is bounded by its tier (and whether it speaks the client's language), so:
 *  1. the nearest points of the specialty give a threshold t0 that the limit-th result reaches;
 *  2. a candidate of tier t can only reach t0 within radius(t) = maxKm·(1 − (t0 − ceiling(t))/w_distance);
 *     only those are scored, each at its nearest eligible place, exactly as rankAll() does.
 * rankAll() scores every candidate: the reference, and the path for queries without distance.
 */
import { and, asc, eq, ne, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { practitioners } from '../directory/schema.ts';
import { applicable, type CandidateFacts, type MatchQuery, RATING_PRIOR, SECTOR_VALUE } from './domain.ts';
import { matchingSettings, shortlistItems } from './schema.ts';

const KM_PER_DEGREE = 111.2;
/** Phase 1 reads at most SEED_SCAN nearest points per stream and keeps SEED_PLAIN / SEED_FEATURED eligible ones. */
const SEED_SCAN = 1000;
const SEED_PLAIN = 100;
const SEED_FEATURED = 150;

export interface MatchRow extends CandidateFacts {
  practitionerId: string;
  placeId: string | null;
}

type Origin = { latitude: number; longitude: number };

/** Great-circle distance in km (haversine) from the origin. */
function haversine(o: Origin, lat: SQL, lon: SQL): SQL {
  return sql`(12742 * asin(sqrt(power(sin(radians(${lat} - ${o.latitude}::float8) / 2), 2) + cos(radians(${o.latitude}::float8)) * cos(radians(${lat})) * power(sin(radians(${lon} - ${o.longitude}::float8) / 2), 2))))`;
}
/** The box around the origin that the GiST index answers; the exact distance then trims its corners. */
function box(o: Origin, km: number): SQL {
  const dLat = km / KM_PER_DEGREE;
  const dLon = km / (KM_PER_DEGREE * Math.max(0.2, Math.cos((o.latitude * Math.PI) / 180)));
  return sql`box(point(${o.longitude - dLon}::float8, ${o.latitude - dLat}::float8), point(${o.longitude + dLon}::float8, ${o.latitude + dLat}::float8))`;
}
/** A box that surely holds the circle of radius km (for pruning radii, where the edge must not cut). */
function outerBox(o: Origin, km: number): SQL {
  const dLat = (km * 1.001 + 0.001) / 111.19;
  const dLon = dLat / Math.max(0.05, Math.cos(((Math.abs(o.latitude) + dLat) * Math.PI) / 180));
  return sql`box(point(${o.longitude - dLon}::float8, ${o.latitude - dLat}::float8), point(${o.longitude + dLon}::float8, ${o.latitude + dLat}::float8))`;
}

const rowsOf = (r: unknown) => (r as { rows: Record<string, unknown>[] }).rows;
const toMatch = (r: Record<string, unknown>): MatchRow => ({
  practitionerId: r.id as string,
  placeId: (r.place_id as string | null) ?? null,
  distanceKm: r.km === null ? null : Number(r.km),
  sector: (r.sector as string | null) ?? null,
  networkStatus: r.network_status as string,
  ratingCount: Number(r.rating_count),
  ratingSum: Number(r.rating_sum),
  speaksPreferred: r.speaks === null ? null : Boolean(r.speaks),
  fee: r.fee === null ? null : Number(r.fee),
});

/** The hard filters (on practitioners, places and the projection) and the score terms of a query. */
function parts(q: MatchQuery) {
  const on = applicable(q);
  const where: SQL[] = [sql`p.active`, sql`p.specialties @> array[${q.specialty}]::text[]`, sql`p.accepts_new_patients is not false`];
  const mpWhere: SQL[] = [sql`mp.accepting`];
  if (q.language) {
    where.push(sql`p.languages @> array[${q.language}]::text[]`);
    mpWhere.push(sql`mp.languages @> array[${q.language}]::text[]`);
  }
  if (q.sex) {
    where.push(sql`p.sex = ${q.sex}`);
    mpWhere.push(sql`mp.sex = ${q.sex}`);
  }
  if (q.sectors?.length) {
    const list = sql.join(
      q.sectors.map((s) => sql`${s}`),
      sql`, `,
    );
    where.push(sql`p.sector in (${list})`);
    mpWhere.push(sql`mp.sector in (${list})`);
  }
  const feeKey = q.mode === 'teleconsultation' ? 'teleconsultation' : 'first';
  const fee = sql`(p.fees ->> ${feeKey})::int`;
  if (q.maxFee !== undefined) where.push(sql`(${fee} is null or ${fee} <= ${q.maxFee})`);
  if (q.mode === 'teleconsultation') where.push(sql`p.teleconsultation`);
  if (q.only?.length)
    where.push(
      sql`p.id in (${sql.join(
        q.only.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    );
  const placeWhere: SQL[] = [sql`pl.active`];
  if (q.accessible) {
    placeWhere.push(sql`pl.accessible`);
    mpWhere.push(sql`mp.accessible`);
  }
  const w = q.weights;
  const covered = q.coversOverruns ? SECTOR_VALUE['2'].covered : SECTOR_VALUE['2'].uncovered;
  const terms: SQL[] = [
    sql`${w.cost}::float8 * (case c.sector when '1' then ${SECTOR_VALUE['1']}::float8 when 'optam' then ${SECTOR_VALUE.optam}::float8 when '2' then ${covered}::float8 when 'non_conventionne' then ${SECTOR_VALUE.non_conventionne}::float8 else ${SECTOR_VALUE.unknown}::float8 end)`,
    sql`${w.network}::float8 * (case when c.network_status = 'partner' then 1 else 0 end)`,
    sql`${w.rating}::float8 * (case when c.rating_count = 0 then 0.5 else ((c.rating_sum + ${RATING_PRIOR.mean * RATING_PRIOR.weight})::float8 / (c.rating_count + ${RATING_PRIOR.weight}) - 1) / 4 end)`,
  ];
  if (on.distance) terms.push(sql`${w.distance}::float8 * (case when c.km is null then 0.5 else greatest(0, 1 - c.km / ${q.maxKm}::float8) end)`);
  if (on.language) terms.push(sql`${w.language}::float8 * (case when c.speaks then 1 else 0 end)`);
  const speaks = q.preferredLanguage ? sql`p.languages @> array[${q.preferredLanguage}]::text[]` : sql`null::boolean`;
  // The most a candidate can score apart from distance, by tier and language.
  const maxSector = Math.max(SECTOR_VALUE['1'], SECTOR_VALUE.optam, SECTOR_VALUE['2'].covered, SECTOR_VALUE['2'].uncovered, SECTOR_VALUE.non_conventionne, SECTOR_VALUE.unknown);
  const ceiling = (tier: number, speaking: boolean) => w.cost * maxSector + (tier === 2 ? w.network : 0) + w.rating * (tier === 0 ? 0.5 : 1) + (on.language && speaking ? w.language : 0);
  return { on, where, mpWhere, placeWhere, fee, terms, speaks, ceiling };
}
type Parts = ReturnType<typeof parts>;

/** Places of the practitioner that count: in range of the origin, or without coordinates in its department. */
function inRange(q: MatchQuery, o: Origin): SQL {
  const km = haversine(o, sql`pl.latitude`, sql`pl.longitude`);
  const near = sql`(point(pl.longitude, pl.latitude) <@ ${box(o, q.maxKm)} and ${km} <= ${q.maxKm})`;
  return q.department ? sql`(${near} or (pl.latitude is null and pl.postal_code like ${`${q.department}%`}))` : near;
}

/** Candidates → the ranking: each practitioner at its nearest eligible place, best score first. */
function ranked(x: Parts, km: SQL, from: SQL, limit: number): SQL {
  return sql`
    with c as (
      select distinct on (p.id) p.id, pl.id as place_id, ${km} as km, p.sector, p.network_status, p.rating_count, p.rating_sum,
        ${x.speaks} as speaks, ${x.fee} as fee, p.last_name
      from ${from}
      where ${sql.join(x.where, sql` and `)}
      order by p.id, ${km} nulls last, pl.id
    )
    select c.*, (${sql.join(x.terms, sql` + `)}) as weighted from c
    order by weighted desc, c.km nulls last, c.last_name, c.id
    limit ${limit}`;
}

/** Scores every candidate: the reference ranking, and the path for queries without an origin. */
export async function rankAll(db: Db, q: MatchQuery): Promise<MatchRow[]> {
  const x = parts(q);
  const placeWhere = [...x.placeWhere];
  let km: SQL = sql`null::float8`;
  if (q.mode === 'in_person' && q.origin) {
    km = haversine(q.origin, sql`pl.latitude`, sql`pl.longitude`);
    placeWhere.push(inRange(q, q.origin));
  } else if (q.mode === 'in_person' && q.department) placeWhere.push(sql`pl.postal_code like ${`${q.department}%`}`);
  // In teleconsultation the place is only shown, never required.
  const join = q.mode === 'in_person' ? sql`join` : sql`left join`;
  const from = sql`practitioners p ${join} practice_places pl on pl.practitioner_id = p.id and ${sql.join(placeWhere, sql` and `)}`;
  return rowsOf(await db.execute(ranked(x, km, from, q.limit))).map(toMatch);
}

export async function findMatches(db: Db, q: MatchQuery): Promise<MatchRow[]> {
  const x = parts(q);
  if (q.only?.length || q.mode !== 'in_person' || !q.origin || !x.on.distance || q.weights.distance <= 0) return q.mode === 'teleconsultation' && !q.only?.length ? teleconsultation(db, q, x) : rankAll(db, q);
  const o = q.origin;
  const km = haversine(o, sql`pl.latitude`, sql`pl.longitude`);
  const mpKm = haversine(o, sql`mp.location[1]`, sql`mp.location[0]`);
  const here = sql`point(${o.longitude}::float8, ${o.latitude}::float8)`;
  const mpWhere = sql.join(x.mpWhere, sql` and `);
  const placeOk = sql.join(x.placeWhere, sql` and `);
  const joined = (places: SQL) => sql`${places} m join practitioners p on p.id = m.practitioner_id join practice_places pl on pl.id = m.place_id`;

  // Phase 1: the nearest points of the specialty (an ordered, bounded GiST scan), the eligible ones scored.
  const nearest = (featured: boolean, take: number) => sql`
    (select place_id, practitioner_id from (
       select * from match_points mp where mp.specialty = ${q.specialty}${featured ? sql` and mp.tier > 0` : sql``}
       order by mp.location <-> ${here} limit ${SEED_SCAN}) mp
     where ${mpWhere} limit ${take})`;
  const seedPlaces = sql`(select s.place_id, s.practitioner_id from (${nearest(true, SEED_FEATURED)} union all ${nearest(false, SEED_PLAIN)}) s
    join practice_places pl on pl.id = s.place_id and ${placeOk} and ${km} <= ${q.maxKm})`;
  const seed = rowsOf(await db.execute(ranked(x, km, joined(seedPlaces), q.limit)));
  const t0 = seed.length >= q.limit ? Number(seed[q.limit - 1]?.weighted) - 1e-9 : Number.NEGATIVE_INFINITY;

  // Phase 2: who can still reach t0.
  const w = q.weights;
  const radius = (ceiling: number) => (t0 === Number.NEGATIVE_INFINITY ? q.maxKm : Math.min(q.maxKm, q.maxKm * (1 - (t0 - ceiling) / w.distance) + 1e-6));
  const groups: { speaking: boolean; cond: SQL }[] = x.on.language
    ? [
        { speaking: true, cond: sql` and mp.languages @> array[${q.preferredLanguage}]::text[]` },
        { speaking: false, cond: sql` and not (mp.languages @> array[${q.preferredLanguage}]::text[])` },
      ]
    : [{ speaking: false, cond: sql`` }];
  const sets: SQL[] = [];
  for (const g of groups)
    for (const tier of [0, 1, 2]) {
      const r = radius(x.ceiling(tier, g.speaking));
      if (r <= 0) continue;
      sets.push(sql`(select mp.practitioner_id from match_points mp
        where mp.specialty = ${q.specialty} and mp.tier = ${tier}${g.cond} and mp.location <@ ${outerBox(o, r)} and ${mpKm} <= ${r} and ${mpWhere})`);
    }
  // Places without coordinates score a neutral distance (0.5): in only if that can still reach t0.
  if (q.department && Math.max(...[0, 1, 2].map((t) => x.ceiling(t, true))) + 0.5 * w.distance >= t0)
    sets.push(sql`(select mp.practitioner_id from match_points mp
      where mp.specialty = ${q.specialty} and mp.location is null and mp.postal_code like ${`${q.department}%`} and ${mpWhere})`);
  if (!sets.length) return seed.map(toMatch);
  const places = sql`(select pl.id as place_id, pl.practitioner_id
    from (select distinct practitioner_id from (${sql.join(sets, sql` union all `)}) s) s
    join practice_places pl on pl.practitioner_id = s.practitioner_id and ${placeOk} and ${inRange(q, o)})`;
  return rowsOf(await db.execute(ranked(x, km, joined(places), q.limit))).map(toMatch);
}

/** No distance: partners and reviewed practitioners first; the others only if they can still reach the threshold. */
async function teleconsultation(db: Db, q: MatchQuery, x: Parts): Promise<MatchRow[]> {
  const top = (featuredOnly: boolean) => sql`
    with c as (
      select p.id, p.sector, p.network_status, p.rating_count, p.rating_sum, ${x.speaks} as speaks, ${x.fee} as fee, p.last_name, null::float8 as km
      from practitioners p
      where ${sql.join(x.where, sql` and `)}${featuredOnly ? sql` and (p.network_status = 'partner' or p.rating_count > 0)` : sql``}
    ), top as (
      select c.*, (${sql.join(x.terms, sql` + `)}) as weighted from c order by weighted desc, c.km nulls last, c.last_name, c.id limit ${q.limit}
    )
    select top.*, pl.id as place_id from top
    left join lateral (select pl.id from practice_places pl where pl.practitioner_id = top.id and ${sql.join(x.placeWhere, sql` and `)} order by pl.id limit 1) pl on true
    order by weighted desc, top.last_name, top.id`;
  const seed = rowsOf(await db.execute(top(true)));
  const plainMax = Math.max(x.ceiling(0, true), x.ceiling(0, false));
  if (seed.length >= q.limit && Number(seed[q.limit - 1]?.weighted) > plainMax + 1e-9) return seed.map(toMatch);
  return rowsOf(await db.execute(top(false))).map(toMatch);
}

export async function loadWeights(db: Db) {
  const [row] = await db.select().from(matchingSettings).where(eq(matchingSettings.id, 'default'));
  return row;
}

export async function saveWeights(db: Db, weights: MatchQuery['weights'], userId: string) {
  const [row] = await db
    .insert(matchingSettings)
    .values({ id: 'default', weights, updatedById: userId, updatedAt: new Date() })
    .onConflictDoUpdate({ target: matchingSettings.id, set: { weights, updatedById: userId, updatedAt: new Date() } })
    .returning();
  return row;
}

export async function shortlistedIds(db: Db, requestId: string): Promise<Set<string>> {
  const rows = await db.select({ id: shortlistItems.practitionerId }).from(shortlistItems).where(eq(shortlistItems.requestId, requestId));
  return new Set(rows.map((r) => r.id));
}

export async function listShortlist(db: Db, requestId: string) {
  return db
    .select({ item: shortlistItems, practitioner: practitioners })
    .from(shortlistItems)
    .innerJoin(practitioners, eq(practitioners.id, shortlistItems.practitionerId))
    .where(eq(shortlistItems.requestId, requestId))
    .orderBy(asc(shortlistItems.addedAt));
}

/** Undefined when the practitioner is already on this request's shortlist. */
export async function insertShortlistItem(db: Db, values: typeof shortlistItems.$inferInsert) {
  const [row] = await db.insert(shortlistItems).values(values).onConflictDoNothing().returning();
  return row;
}

export async function deleteShortlistItem(db: Db, requestId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(shortlistItems)
    .where(and(eq(shortlistItems.id, id), eq(shortlistItems.requestId, requestId)))
    .returning({ id: shortlistItems.id });
  return rows.length > 0;
}

/** Choosing one practitioner puts any earlier choice back to "proposed", in the same transaction. */
export async function decideShortlistItem(
  db: Db,
  requestId: string,
  id: string,
  values: { status: 'proposed' | 'chosen' | 'declined'; note: string | null; decidedById: string; decidedAt: Date },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (values.status === 'chosen')
      await tx
        .update(shortlistItems)
        .set({ status: 'proposed' })
        .where(and(eq(shortlistItems.requestId, requestId), eq(shortlistItems.status, 'chosen'), ne(shortlistItems.id, id)));
    const rows = await tx
      .update(shortlistItems)
      .set(values)
      .where(and(eq(shortlistItems.id, id), eq(shortlistItems.requestId, requestId)))
      .returning({ id: shortlistItems.id });
    return rows.length > 0;
  });
}
