import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { describeEachDatabase } from '../../../test/support/app.ts';
import { system } from '../audit/domain.ts';
import { createGeocoder, geocodeKey, geocodePending, postalCentroid, seedGeocodeCache } from './geocoding.ts';
import { importRpps } from './import.ts';
import { geocodeCache, practicePlaces, practitioners, providers } from './schema.ts';

const SAMPLE = new URL('../../../../shared/data/rpps-sample.txt', import.meta.url);

type Mode = 'ok' | 'reset' | 'hang' | 'busy-once';

/** A stand-in for the Base Adresse Nationale over real HTTP: a point derived from the postcode. */
async function banServer(mode: { current: Mode }) {
  const calls: URL[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://ban.test');
    calls.push(url);
    if (mode.current === 'reset') return req.socket.destroy();
    if (mode.current === 'hang') return; // never answers
    if (mode.current === 'busy-once') {
      mode.current = 'ok';
      res.writeHead(429, { 'retry-after': '1' }).end();
      return;
    }
    if (url.pathname !== '/search/') {
      res.writeHead(404).end();
      return;
    }
    const q = url.searchParams.get('q') ?? '';
    const postcode = url.searchParams.get('postcode') ?? '75001';
    const features = /VIDE/i.test(q)
      ? []
      : [
          {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [1 + Number(postcode.slice(2)) / 1000, 40 + Number(postcode.slice(0, 2)) / 10] },
            properties: { label: `${q} (BAN)`, score: /INCONNUE/i.test(q) ? 0.31 : 0.87, postcode },
          },
        ];
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'FeatureCollection', features }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port where nothing listens. */
async function closedPort(): Promise<string> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

test('the cache key folds case, accents and punctuation', () => {
  assert.equal(geocodeKey({ street: '12, Rue de la République', postalCode: '69002', city: 'LYON' }), geocodeKey({ street: '12 rue de la republique', postalCode: '69 002', city: 'Lyon' }));
  assert.equal(geocodeKey({}), null);
});

describeEachDatabase('geocoding', (env) => {
  const mode: { current: Mode } = { current: 'ok' };
  let ban: Awaited<ReturnType<typeof banServer>>;
  before(async () => {
    ban = await banServer(mode);
  });
  after(async () => ban.close());

  test('a found address returns its point; the same address again is a cache hit', async () => {
    mode.current = 'ok';
    const { db } = env().ctx;
    const geocoder = createGeocoder(db, { url: ban.url });
    const before = ban.calls.length;
    const point = await geocoder.geocode({ street: '12 Rue de la République', postalCode: '69002', city: 'Lyon' });
    assert.ok(point);
    assert.equal(point.source, 'ban');
    assert.equal(point.latitude, 46.9);
    assert.equal(point.longitude, 1.002);
    assert.equal(point.score, 0.87);
    assert.equal(ban.calls.length, before + 1);
    const asked = ban.calls.at(-1) as URL;
    assert.equal(asked.searchParams.get('q'), '12 Rue de la République 69002 Lyon');
    assert.equal(asked.searchParams.get('postcode'), '69002');
    assert.equal(asked.searchParams.get('limit'), '1');

    // Another geocoder (another process) on the same database: the cache answers.
    const again = await createGeocoder(db, { url: ban.url }).geocode({ street: '12 RUE DE LA REPUBLIQUE', postalCode: '69002', city: 'LYON' });
    assert.deepEqual(again, point);
    assert.equal(ban.calls.length, before + 1, 'answered from the cache');
  });

  test('a low score or no feature is a miss, kept in the cache; a miss older than 30 days is asked again', async () => {
    mode.current = 'ok';
    const { db } = env().ctx;
    const geocoder = createGeocoder(db, { url: ban.url });
    const before = ban.calls.length;
    const q = { street: '1 Rue Inconnue', postalCode: '75009', city: 'Paris' };
    assert.equal(await geocoder.geocode(q), null);
    assert.equal(await geocoder.geocode({ street: '2 Impasse Vide', postalCode: '75009', city: 'Paris' }), null);
    assert.equal(ban.calls.length, before + 2);
    assert.equal(await geocoder.geocode(q), null);
    assert.equal(ban.calls.length, before + 2, 'a recent miss is not asked again');
    const [row] = await db.select().from(geocodeCache).where(eq(geocodeCache.key, geocodeKey(q) as string));
    assert.equal(row?.latitude, null);
    assert.equal(row?.score, 0.31);

    await db
      .update(geocodeCache)
      .set({ createdAt: new Date(Date.now() - 31 * 24 * 3600 * 1000) })
      .where(eq(geocodeCache.key, geocodeKey(q) as string));
    assert.equal(await geocoder.geocode(q), null);
    assert.equal(ban.calls.length, before + 3, 'an old miss is retried');
  });

  test('an unreachable service answers null quickly, and after 3 failures it is not asked for 5 minutes', async () => {
    const { db } = env().ctx;
    const down = createGeocoder(db, { url: await closedPort() });
    const t0 = Date.now();
    assert.equal(await down.geocode({ street: '4 Boulevard Haussmann', postalCode: '75009', city: 'Paris' }), null);
    assert.ok(Date.now() - t0 < 1500, `answered in ${Date.now() - t0} ms`);

    // A server that hangs: the timeout ends the wait.
    mode.current = 'hang';
    const slow = createGeocoder(db, { url: ban.url, timeoutMs: 200 });
    const t1 = Date.now();
    assert.equal(await slow.geocode({ street: '5 Rue Lente', postalCode: '75009', city: 'Paris' }), null);
    assert.ok(Date.now() - t1 < 1500, `timed out after ${Date.now() - t1} ms`);

    // A server that drops connections: three failures open the breaker.
    mode.current = 'reset';
    let clock = Date.now();
    const geocoder = createGeocoder(db, { url: ban.url, now: () => clock });
    const before = ban.calls.length;
    for (let i = 0; i < 3; i++) assert.equal(await geocoder.geocode({ street: `${i} Rue Coupée`, postalCode: '75009', city: 'Paris' }), null);
    assert.equal(ban.calls.length, before + 3);
    assert.equal(geocoder.status?.(), 'suspended');
    for (let i = 3; i < 8; i++) assert.equal(await geocoder.geocode({ street: `${i} Rue Coupée`, postalCode: '75009', city: 'Paris' }), null);
    assert.equal(ban.calls.length, before + 3, 'the breaker stops further calls');
    // Failures are not cached as misses.
    assert.equal(await db.$count(geocodeCache, sql`${geocodeCache.key} like '%rue coupee%'`), 0);

    // Five minutes later the service is asked again, and it is back.
    mode.current = 'ok';
    clock += 5 * 60_000 + 1;
    assert.equal(geocoder.status?.(), 'ok');
    const back = await geocoder.geocode({ street: '0 Rue Coupée', postalCode: '75009', city: 'Paris' });
    assert.equal(back?.latitude, 47.5);
    assert.equal(ban.calls.length, before + 4);
  });

  test('a rate-limited request waits as told and tries again, without counting as a failure', async () => {
    mode.current = 'busy-once';
    const geocoder = createGeocoder(env().ctx.db, { url: ban.url });
    const before = ban.calls.length;
    const t0 = Date.now();
    const point = await geocoder.geocode({ street: '6 Rue de la Paix', postalCode: '06000', city: 'Nice' });
    assert.equal(point?.latitude, 40.6);
    assert.equal(ban.calls.length, before + 2);
    assert.ok(Date.now() - t0 >= 900, 'waited for Retry-After');
    assert.equal(geocoder.status?.(), 'ok');
  });

  test('seeded cache entries answer without any service (offline demo)', async () => {
    const { db } = env().ctx;
    const n = await seedGeocodeCache(db, [{ street: '8 place Bellecour', postalCode: '69002', city: 'Lyon', latitude: 45.7578, longitude: 4.832, label: 'Place Bellecour' }]);
    assert.equal(n, 1);
    const offline = createGeocoder(db, { url: undefined });
    assert.equal(offline.status?.(), 'off');
    const p = await offline.geocode({ street: '8 Place BELLECOUR', postalCode: '69002', city: 'LYON' });
    assert.deepEqual(p, { latitude: 45.7578, longitude: 4.832, label: 'Place Bellecour', score: 1, source: 'demo' });
    assert.equal(await offline.geocode({ street: '9 Place Bellecour', postalCode: '69002', city: 'Lyon' }), null);
  });

  test('geocodePending places imported practice places and providers, leaves manual ones alone; postalCentroid', async () => {
    mode.current = 'ok';
    const { db } = env().ctx;
    await importRpps(env().ctx, createReadStream(SAMPLE), system);
    const [leroy] = await db.select().from(practitioners).where(eq(practitioners.rpps, '10009990002'));
    assert.ok(leroy);
    const leroyPlaces = await db.select().from(practicePlaces).where(eq(practicePlaces.practitionerId, leroy.id));
    const handPlaced = leroyPlaces.find((p) => p.postalCode === '69004');
    const markedManual = leroyPlaces.find((p) => p.postalCode === '69002');
    assert.ok(handPlaced && markedManual);
    await db.update(practicePlaces).set({ latitude: 45.75, longitude: 4.85, geocodeSource: 'manual' }).where(eq(practicePlaces.id, handPlaced.id));
    await db.update(practicePlaces).set({ geocodeSource: 'manual' }).where(eq(practicePlaces.id, markedManual.id));
    const [provider] = await db
      .insert(providers)
      .values([
        { kind: 'laboratory', name: 'Laboratoire de la Loire', street: '3 Rue Michelet', postalCode: '42000', city: 'Saint-Étienne', searchName: 'laboratoire de la loire' },
        { kind: 'imaging', name: 'Imagerie Lyon 3', street: '10 Cours Gambetta', postalCode: '69003', city: 'LYON 3E ARRONDISSEMENT', searchName: 'imagerie lyon 3' },
      ])
      .returning();
    assert.ok(provider);
    const pending = await db.$count(practicePlaces, sql`${practicePlaces.active} and ${practicePlaces.latitude} is null`);

    const geocoder = createGeocoder(db, { url: ban.url });
    const progress: { done: number; total: number; placed: number }[] = [];
    const placed = await geocodePending({ db, geocoder }, { batchSize: 4, onProgress: (p) => progress.push(p) });
    assert.equal(placed, pending - 1 + 2, 'every pending place but the manual one, and the providers');
    assert.deepEqual(progress.at(-1), { done: pending - 1 + 2, total: pending - 1 + 2, placed });
    assert.ok(progress.length > 1, 'in batches');

    const [kept] = await db.select().from(practicePlaces).where(eq(practicePlaces.id, handPlaced.id));
    assert.deepEqual([kept?.latitude, kept?.longitude, kept?.geocodeSource], [45.75, 4.85, 'manual']);
    const [untouched] = await db.select().from(practicePlaces).where(eq(practicePlaces.id, markedManual.id));
    assert.deepEqual([untouched?.latitude, untouched?.geocodeSource], [null, 'manual']);
    const placedRows = await db.select().from(practicePlaces).where(eq(practicePlaces.geocodeSource, 'ban'));
    assert.equal(placedRows.length, pending - 1);
    assert.ok(placedRows.every((p) => p.latitude !== null && p.longitude !== null));
    const [lab] = await db.select().from(providers).where(eq(providers.id, provider.id));
    assert.deepEqual([lab?.latitude, lab?.longitude, lab?.geocodeSource], [44.2, 1, 'ban']);

    const calls = ban.calls.length;
    assert.equal(await geocodePending({ db, geocoder }), 0, 'nothing left to place');
    assert.equal(ban.calls.length, calls);

    // Centroids: by postal code, else by city whatever its case, accents or arrondissement.
    assert.deepEqual(await postalCentroid(db, { postalCode: '69004', city: 'Lyon' }), { latitude: 45.75, longitude: 4.85, label: '69004 Lyon', score: 0.5, source: 'centroid' });
    assert.deepEqual(await postalCentroid(db, { postalCode: '69003' }), { latitude: 46.9, longitude: 1.003, label: '69003', score: 0.5, source: 'centroid' });
    // 69002 has no known point: the mean of Lyon's (the hand-placed 69004 place and the 69003 provider).
    assert.deepEqual(await postalCentroid(db, { postalCode: '69002', city: 'LYON' }), {
      latitude: Math.round(((45.75 + 46.9) / 2) * 1e6) / 1e6,
      longitude: Math.round(((4.85 + 1.003) / 2) * 1e6) / 1e6,
      label: 'LYON',
      score: 0.3,
      source: 'centroid',
    });
    assert.equal((await postalCentroid(db, { city: 'saint etienne' }))?.latitude, 44.2);
    assert.equal(await postalCentroid(db, { postalCode: '97400', city: 'Saint-Denis' }), null);
  });

  test('a suspended geocoder stops geocodePending early, leaving the rest for later', async () => {
    const { db } = env().ctx;
    await db.update(practicePlaces).set({ latitude: null, longitude: null, geocodeSource: null }).where(eq(practicePlaces.geocodeSource, 'ban'));
    await db.delete(geocodeCache);
    const geocoder = createGeocoder(db, { url: await closedPort() });
    const placed = await geocodePending({ db, geocoder }, { batchSize: 3 });
    assert.equal(placed, 0);
    assert.equal(geocoder.status?.(), 'suspended');
  });
});
