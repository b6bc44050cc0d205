/**
 * Geocoding of addresses behind one interface: the Base Adresse Nationale when the server has
 * internet, a cache table so an address is asked once, and a fallback that never blocks (an address
 * that cannot be placed stays searchable by postal code and city).
 */
import { and, asc, eq, gt, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../../db/client.ts';
import type { AppContext } from '../../platform/context.ts';
import { foldName } from '../clients/domain.ts';
import { geocodeCache, practicePlaces, providers } from './schema.ts';

export interface AddressQuery {
  street?: string | null | undefined;
  postalCode?: string | null | undefined;
  city?: string | null | undefined;
}

export interface GeoPoint {
  latitude: number;
  longitude: number;
  /** The address as the geocoder understood it. */
  label: string | null;
  /** 0..1 confidence of the geocoder; 1 for manual or demo points. */
  score: number;
  source: 'ban' | 'manual' | 'demo' | 'centroid';
}

export interface Geocoder {
  /** Never throws: null when the address cannot be placed (or the service is unreachable). */
  geocode(q: AddressQuery): Promise<GeoPoint | null>;
  /** Same as geocode for many addresses at once (one cache query for all); never throws. */
  geocodeMany?(qs: AddressQuery[]): Promise<(GeoPoint | null)[]>;
  /** 'off': cache only (no URL); 'suspended': the service failed repeatedly and is not asked for a while. */
  status?(): 'off' | 'ok' | 'suspended';
}

export interface GeocoderOptions {
  /** Base URL of the BAN API (e.g. https://api-adresse.data.gouv.fr); undefined = cache only. */
  url: string | undefined;
  /** Per request; an offline server must never hold a user's request for long. */
  timeoutMs?: number;
  /** Consecutive network failures after which the service is not asked for cooldownMs. */
  failureThreshold?: number;
  cooldownMs?: number;
  /** Simultaneous requests to the service. */
  concurrency?: number;
  /** Requests per second at most (the public service allows 50 per second and address). */
  maxPerSecond?: number;
  /** Clock in ms (tests move it to end a cooldown). */
  now?: () => number;
}

/** Minimal BAN score accepted as a place; below, the answer is kept as a miss. */
export const MIN_SCORE = 0.5;
/** A miss is asked again after this long (the national base grows). */
export const MISS_TTL_MS = 30 * 24 * 3600 * 1000;

const collapse = (s: string | null | undefined) => foldName(s ?? '').replace(/\s+/g, ' ');

/** The cache key of an address: folded (case, accents, punctuation), null when there is nothing to look up. */
export function geocodeKey(q: AddressQuery): string | null {
  const street = collapse(q.street);
  const postal = (q.postalCode ?? '').replace(/\s/g, '');
  const city = collapse(q.city);
  if (!street && !postal && !city) return null;
  return `${street}|${postal}|${city}`;
}

type CacheRow = typeof geocodeCache.$inferSelect;
const SOURCES = new Set(['ban', 'manual', 'demo', 'centroid']);

function fromCache(row: CacheRow): GeoPoint | null {
  if (row.latitude === null || row.longitude === null) return null;
  return {
    latitude: row.latitude,
    longitude: row.longitude,
    label: row.label,
    score: row.score ?? 1,
    source: (SOURCES.has(row.source) ? row.source : 'ban') as GeoPoint['source'],
  };
}

/** What one call to the service gave: a point, a definitive miss (cached), or a failure (not cached). */
type Answer =
  | { kind: 'hit'; point: GeoPoint }
  | { kind: 'miss'; label: string | null; score: number | null }
  | { kind: 'failure' }
  | { kind: 'busy'; retryAfterMs: number };

async function askBan(url: string, q: AddressQuery, timeoutMs: number): Promise<Answer> {
  const postal = q.postalCode?.replace(/\s/g, '') ?? '';
  const text = [q.street, postal, q.city]
    .map((s) => s?.trim())
    .filter(Boolean)
    .join(' ')
    .slice(0, 200);
  // The service refuses queries shorter than 3 characters or not starting with a letter or digit.
  if (text.length < 3 || !/^[\p{L}\p{N}]/u.test(text)) return { kind: 'miss', label: null, score: null };
  const params = new URLSearchParams({ q: text, limit: '1' });
  if (/^\d{5}$/.test(postal)) params.set('postcode', postal);
  let res: Response;
  try {
    res = await fetch(`${url}/search/?${params}`, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  } catch {
    return { kind: 'failure' };
  }
  // 400: the query itself is unusable, asking again will not help. Anything else (404 of a wrong
  // URL, 429, 5xx) says the service is not answering as it should.
  if (res.status === 400) {
    await res.body?.cancel();
    return { kind: 'miss', label: null, score: null };
  }
  if (res.status === 429) {
    await res.body?.cancel();
    const seconds = Number(res.headers.get('retry-after'));
    return { kind: 'busy', retryAfterMs: Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, 5000) : 1000 };
  }
  if (!res.ok) {
    await res.body?.cancel();
    return { kind: 'failure' };
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    return { kind: 'failure' };
  }
  if (!body || typeof body !== 'object' || !Array.isArray((body as { features?: unknown }).features)) return { kind: 'failure' };
  const feature = (body as { features: unknown[] }).features[0] as
    | { geometry?: { coordinates?: unknown }; properties?: { score?: unknown; label?: unknown } }
    | undefined;
  if (!feature) return { kind: 'miss', label: null, score: null };
  const coordinates = feature.geometry?.coordinates;
  const score = typeof feature.properties?.score === 'number' ? feature.properties.score : null;
  const label = typeof feature.properties?.label === 'string' ? feature.properties.label.slice(0, 300) : null;
  const [lon, lat] = Array.isArray(coordinates) ? coordinates : [];
  const valid = typeof lon === 'number' && typeof lat === 'number' && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
  if (!valid || score === null || score < MIN_SCORE) return { kind: 'miss', label, score };
  return { kind: 'hit', point: { latitude: lat, longitude: lon, label, score, source: 'ban' } };
}

async function storeAnswer(db: Db, key: string, answer: Answer): Promise<void> {
  if (answer.kind === 'failure' || answer.kind === 'busy') return;
  const values =
    answer.kind === 'hit'
      ? { key, latitude: answer.point.latitude, longitude: answer.point.longitude, label: answer.point.label, score: answer.point.score, source: 'ban' }
      : { key, latitude: null, longitude: null, label: answer.label, score: answer.score, source: 'ban' };
  await db
    .insert(geocodeCache)
    .values({ ...values, createdAt: new Date() })
    .onConflictDoUpdate({
      target: geocodeCache.key,
      set: { latitude: values.latitude, longitude: values.longitude, label: values.label, score: values.score, source: values.source, createdAt: new Date() },
    });
}

async function readCache(db: Db, keys: string[]): Promise<Map<string, CacheRow>> {
  const out = new Map<string, CacheRow>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db
      .select()
      .from(geocodeCache)
      .where(inArray(geocodeCache.key, keys.slice(i, i + 500)));
    for (const r of rows) out.set(r.key, r);
  }
  return out;
}

/**
 * The geocoder of the server: cache first (hits, and misses younger than 30 days), then the Base
 * Adresse Nationale when a URL is configured, with a short timeout and a circuit breaker (after a few
 * consecutive network failures it stops asking for a while), so an offline server never waits on it.
 */
export function createGeocoder(db: Db, options: GeocoderOptions): Geocoder {
  const url = options.url?.replace(/\/$/, '');
  const timeoutMs = options.timeoutMs ?? 3000;
  const threshold = options.failureThreshold ?? 3;
  const cooldownMs = options.cooldownMs ?? 5 * 60_000;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const now = options.now ?? Date.now;
  const spacingMs = 1000 / Math.max(1, options.maxPerSecond ?? 40);
  let nextSlot = 0;
  const pace = async () => {
    const at = Date.now();
    const wait = nextSlot - at;
    nextSlot = Math.max(at, nextSlot) + spacingMs;
    if (wait > 0) await sleep(wait);
  };

  let failures = 0;
  let openUntil = 0;
  const suspended = () => failures >= threshold && now() < openUntil;

  // A small semaphore: never more than `concurrency` requests to the service at once.
  let active = 0;
  const waiting: (() => void)[] = [];
  const acquire = async () => {
    if (active < concurrency) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve)); // the releaser hands its slot over
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };

  // The same address asked twice at once goes out once.
  const inFlight = new Map<string, Promise<GeoPoint | null>>();

  const remote = (key: string, q: AddressQuery): Promise<GeoPoint | null> => {
    const pending = inFlight.get(key);
    if (pending) return pending;
    const run = (async () => {
      await acquire();
      try {
        if (!url || suspended()) return null;
        let answer: Answer = { kind: 'failure' };
        // Rate-limited: wait as told and try again, twice; then it counts as a failure.
        for (let attempt = 0; attempt < 3; attempt++) {
          await pace();
          answer = await askBan(url, q, timeoutMs);
          if (answer.kind !== 'busy') break;
          if (attempt < 2) await sleep(answer.retryAfterMs);
        }
        if (answer.kind === 'failure' || answer.kind === 'busy') {
          failures++;
          if (failures >= threshold) openUntil = now() + cooldownMs;
          return null;
        }
        failures = 0;
        try {
          await storeAnswer(db, key, answer);
        } catch {
          // The answer is still good for this caller; it will be asked again next time.
        }
        return answer.kind === 'hit' ? answer.point : null;
      } catch {
        return null;
      } finally {
        release();
      }
    })();
    inFlight.set(key, run);
    void run.finally(() => inFlight.delete(key));
    return run;
  };

  const geocodeMany = async (qs: AddressQuery[]): Promise<(GeoPoint | null)[]> => {
    try {
      const keys = qs.map(geocodeKey);
      const queryOf = new Map<string, AddressQuery>();
      keys.forEach((k, i) => {
        if (k !== null && !queryOf.has(k)) queryOf.set(k, qs[i] as AddressQuery);
      });
      const unique = [...queryOf.keys()];
      const cached = await readCache(db, unique);
      const staleBefore = now() - MISS_TTL_MS;
      const answers = new Map<string, Promise<GeoPoint | null>>();
      for (const key of unique) {
        const row = cached.get(key);
        if (row && (row.latitude !== null || row.createdAt.getTime() >= staleBefore)) {
          answers.set(key, Promise.resolve(fromCache(row)));
        } else if (url && !suspended()) {
          answers.set(key, remote(key, queryOf.get(key) as AddressQuery));
        } else answers.set(key, Promise.resolve(null));
      }
      return await Promise.all(keys.map((k) => (k === null ? null : (answers.get(k) ?? null))));
    } catch {
      return qs.map(() => null);
    }
  };

  return {
    geocode: async (q) => (await geocodeMany([q]))[0] ?? null,
    geocodeMany,
    status: () => (!url ? 'off' : suspended() ? 'suspended' : 'ok'),
  };
}

// Case- and accent-insensitive comparison in SQL without the unaccent extension: the same folding
// as foldName for the letters of French (and neighbouring) addresses.
const ACCENTED = 'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝŸàáâãäåçèéêëìíîïñòóôõöùúûüýÿ';
const PLAIN = [...ACCENTED].map((c) => c.normalize('NFD')[0]).join('');
const foldSql = (column: unknown) => sql`trim(regexp_replace(lower(translate(${column}, ${ACCENTED}, ${PLAIN})), '[^a-z0-9]+', ' ', 'g'))`;

/**
 * Where an address that cannot be placed exactly probably is: the mean of the known points of active
 * practice places and providers with that postal code, else in that city (case- and
 * accent-insensitive; "Lyon" also covers "Lyon 2e Arrondissement"), else null. Score 0.5 for a
 * postal-code centroid, 0.3 for a city one: approximate, never to be shown as an exact address.
 */
export async function postalCentroid(db: Db, q: { postalCode?: string | null | undefined; city?: string | null | undefined }): Promise<GeoPoint | null> {
  const mean = async (placeWhere: SQL, providerWhere: SQL) => {
    const result = await db.execute(sql`
      select avg(lat)::float8 as lat, avg(lon)::float8 as lon, count(*)::int as n from (
        select latitude as lat, longitude as lon from practice_places
          where active and latitude is not null and longitude is not null and geocode_source is distinct from 'centroid' and ${placeWhere}
        union all
        select latitude, longitude from providers
          where active and latitude is not null and longitude is not null and geocode_source is distinct from 'centroid' and ${providerWhere}
      ) known`);
    const row = (result as unknown as { rows: { lat: unknown; lon: unknown; n: unknown }[] }).rows[0];
    if (!row || !Number(row.n) || row.lat === null || row.lon === null) return null;
    return { latitude: Math.round(Number(row.lat) * 1e6) / 1e6, longitude: Math.round(Number(row.lon) * 1e6) / 1e6 };
  };
  const postal = q.postalCode?.replace(/\s/g, '');
  const city = q.city?.trim();
  try {
    if (postal) {
      const at = await mean(sql`postal_code = ${postal}`, sql`postal_code = ${postal}`);
      if (at) return { ...at, label: [postal, city].filter(Boolean).join(' '), score: 0.5, source: 'centroid' };
    }
    const folded = collapse(city);
    if (folded) {
      const sameCity = (column: string) =>
        sql`(${foldSql(sql.raw(column))} = ${folded} or ${foldSql(sql.raw(column))} like ${`${folded} % arrondissement`})`;
      const at = await mean(sameCity('practice_places.city'), sameCity('providers.city'));
      if (at) return { ...at, label: city ?? null, score: 0.3, source: 'centroid' };
    }
  } catch {
    return null;
  }
  return null;
}

/** Preloads the cache (e.g. the demo seed, so an offline demo has coordinates). Returns how many were stored. */
export async function seedGeocodeCache(
  db: Db,
  entries: { street?: string | null; postalCode: string; city: string; latitude: number; longitude: number; label?: string | null }[],
  source: 'demo' | 'manual' | 'ban' = 'demo',
): Promise<number> {
  const rows = new Map<string, typeof geocodeCache.$inferInsert>();
  for (const e of entries) {
    const key = geocodeKey(e);
    if (key) rows.set(key, { key, latitude: e.latitude, longitude: e.longitude, label: e.label ?? null, score: 1, source });
  }
  const values = [...rows.values()];
  for (let i = 0; i < values.length; i += 500) {
    await db
      .insert(geocodeCache)
      .values(values.slice(i, i + 500))
      .onConflictDoUpdate({
        target: geocodeCache.key,
        set: {
          latitude: sql`excluded.latitude`,
          longitude: sql`excluded.longitude`,
          label: sql`excluded.label`,
          score: sql`excluded.score`,
          source: sql`excluded.source`,
          createdAt: new Date(),
        },
      });
  }
  return values.length;
}

export interface GeocodeProgress {
  /** Rows looked at so far, of total (places and providers without coordinates at the start). */
  done: number;
  total: number;
  placed: number;
}

/**
 * Fills the coordinates of active practice places and providers that have none, through
 * ctx.geocoder, batch by batch; rows placed by hand ('manual') are never touched. Stops early when
 * the geocoder is suspended (the service is down): the rest stays pending for the next run.
 * Returns how many rows were placed.
 */
export async function geocodePending(
  ctx: Pick<AppContext, 'db' | 'geocoder'>,
  options: { limit?: number; batchSize?: number; onProgress?: (p: GeocodeProgress) => void } = {},
): Promise<number> {
  const { db, geocoder } = ctx;
  const batchSize = options.batchSize ?? 200;
  const geocodeMany =
    geocoder.geocodeMany?.bind(geocoder) ??
    (async (qs: AddressQuery[]) => {
      // A geocoder without batch support: about four at a time.
      const out: (GeoPoint | null)[] = new Array(qs.length).fill(null);
      let next = 0;
      const worker = async () => {
        while (next < qs.length) {
          const i = next++;
          out[i] = await geocoder.geocode(qs[i] as AddressQuery).catch(() => null);
        }
      };
      await Promise.all(Array.from({ length: 4 }, worker));
      return out;
    });
  const tables = [
    { table: practicePlaces, name: 'practice_places' },
    { table: providers, name: 'providers' },
  ] as const;
  const pendingWhere = (t: typeof practicePlaces | typeof providers) =>
    and(eq(t.active, true), or(isNull(t.latitude), isNull(t.longitude)), sql`${t.geocodeSource} is distinct from 'manual'`);

  let total = 0;
  for (const { table } of tables) total += await db.$count(table, pendingWhere(table));
  if (options.limit !== undefined) total = Math.min(total, options.limit);
  let budget = options.limit ?? Number.POSITIVE_INFINITY;
  let done = 0;
  let placed = 0;

  for (const { table, name } of tables) {
    let after: string | null = null;
    while (budget > 0) {
      if (geocoder.status?.() === 'suspended') return placed;
      const rows: { id: string; street: string | null; postalCode: string | null; city: string | null }[] = await db
        .select({ id: table.id, street: table.street, postalCode: table.postalCode, city: table.city })
        .from(table)
        .where(after ? and(pendingWhere(table), gt(table.id, after)) : pendingWhere(table))
        .orderBy(asc(table.id))
        .limit(Math.min(batchSize, budget));
      if (!rows.length) break;
      after = (rows.at(-1) as { id: string }).id;
      budget -= rows.length;
      const points = await geocodeMany(rows);
      const found = rows.flatMap((r, i) => {
        const p = points[i];
        return p ? [{ id: r.id, p }] : [];
      });
      if (found.length) {
        const values = sql.join(
          found.map(({ id, p }) => sql`(${id}::uuid, ${p.latitude}::float8, ${p.longitude}::float8, ${p.source}::text)`),
          sql`, `,
        );
        // Checked again in the statement: a hand-placed point set meanwhile wins.
        const result = await db.execute(sql`
          update ${sql.identifier(name)} t
          set latitude = v.lat, longitude = v.lon, geocode_source = v.src, updated_at = now()
          from (values ${values}) as v(id, lat, lon, src)
          where t.id = v.id and (t.latitude is null or t.longitude is null) and t.geocode_source is distinct from 'manual'
          returning t.id`);
        placed += (result as unknown as { rows: unknown[] }).rows.length;
      }
      done += rows.length;
      options.onProgress?.({ done, total, placed });
    }
  }
  return placed;
}
