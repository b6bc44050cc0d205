import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { desc, eq } from 'drizzle-orm';
import { describeEachDatabase } from '../../../test/support/app.ts';
import { users } from '../identity/schema.ts';
import { seedGeocodeCache } from './geocoding.ts';
import { geocodingIdle } from './import-routes.ts';
import { directoryImports, practicePlaces, practitioners } from './schema.ts';

const SAMPLE = readFileSync(new URL('../../../../shared/data/rpps-sample.txt', import.meta.url), 'utf8');
const [HEADER, ...ROWS] = SAMPLE.trim().split('\n') as [string, ...string[]];
const OCTETS = { 'content-type': 'application/octet-stream' };

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describeEachDatabase('RPPS import upload', (env) => {
  test('an admin uploads the extract: the summary is right, the run is listed, its places geocode in the background', async () => {
    const { ctx } = env();
    // The offline cache knows one address of the sample.
    await seedGeocodeCache(ctx.db, [{ street: '12 rue de la République', postalCode: '69002', city: 'Lyon 2e arrondissement', latitude: 45.7602, longitude: 4.8357 }]);
    const admin = await env().signedIn('admin');
    const res = await admin.post('/api/directory/imports', SAMPLE, OCTETS);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const run = res.body.import;
    assert.deepEqual(
      { source: run.source, status: run.status, rows: run.rows, added: run.added, updated: run.updated, deactivated: run.deactivated, errorCount: run.errorCount, errors: run.errors },
      { source: 'rpps', status: 'done', rows: 11, added: 10, updated: 0, deactivated: 0, errorCount: 0, errors: [] },
    );
    assert.ok(run.finishedAt && run.startedAt);
    const [row] = await ctx.db.select().from(directoryImports).where(eq(directoryImports.id, run.id));
    const [me] = await ctx.db.select().from(users).where(eq(users.email, admin.email));
    assert.equal(row?.startedById, me?.id, 'who started it is recorded');

    await geocodingIdle(ctx);
    const [placed] = await ctx.db.select().from(practicePlaces).where(eq(practicePlaces.postalCode, '69002'));
    assert.deepEqual([placed?.latitude, placed?.longitude, placed?.geocodeSource], [45.7602, 4.8357, 'demo']);
    const one = await admin.get(`/api/directory/imports/${run.id}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.import.geocoded, 1, 'places of this run that have coordinates');

    const list = await admin.get('/api/directory/imports');
    assert.equal(list.status, 200);
    assert.equal(list.body.imports[0].id, run.id);
    assert.equal(list.body.imports[0].geocoded, 1);
  });

  test('a malformed line is reported with its line number (text/plain works too)', async () => {
    const admin = await env().signedIn('admin');
    const res = await admin.post('/api/directory/imports', `${[HEADER, ...ROWS, 'ligne|cassée'].join('\r\n')}\r\n`, { 'content-type': 'text/plain; charset=utf-8' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.import.rows, 12);
    assert.equal(res.body.import.updated, 10);
    assert.equal(res.body.import.deactivated, 0);
    assert.equal(res.body.import.errorCount, 1);
    assert.equal(res.body.import.errors[0].line, 13);
    assert.match(res.body.import.errors[0].error, /nombre de champs/);
  });

  test('refusals: a coordinator (403), an empty body, a file that is not the extract, JSON, an unknown run', async () => {
    const { ctx } = env();
    const runs = await ctx.db.$count(directoryImports);
    const coordinator = await env().signedIn('coordinator');
    assert.equal((await coordinator.post('/api/directory/imports', SAMPLE, OCTETS)).status, 403);
    assert.equal((await coordinator.get('/api/directory/imports')).status, 403);

    const admin = await env().signedIn('admin');
    const empty = await admin.post('/api/directory/imports', '', OCTETS);
    assert.equal(empty.status, 400);
    assert.equal(empty.body.code, 'import_file_empty');
    assert.match(empty.body.message, /fichier envoyé est vide/);
    const bare = await admin.request('POST', '/api/directory/imports');
    assert.equal(bare.status, 400);
    assert.equal(bare.body.code, 'import_file_empty');

    const wrong = await admin.post('/api/directory/imports', 'nom;prenom;ville\nDupont;Jean;Paris\n', { ...OCTETS, 'accept-language': 'en' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.code, 'import_header_invalid');
    assert.match(wrong.body.message, /missing columns « Type d'identifiant PP »/);

    // A header and no readable row would deactivate everyone: refused, nothing changes.
    const headerOnly = await admin.post('/api/directory/imports', `${HEADER}\n`, OCTETS);
    assert.equal(headerOnly.status, 400);
    assert.equal(headerOnly.body.code, 'import_no_rows');
    assert.equal(await ctx.db.$count(practitioners, eq(practitioners.active, false)), 0);

    assert.equal((await admin.post('/api/directory/imports', { file: 'x' })).status, 415);
    assert.equal(await ctx.db.$count(directoryImports), runs + 1, 'only the header-only upload left a (failed) run');

    const missing = await admin.get('/api/directory/imports/00000000-0000-4000-8000-000000000000');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { code: 'import_not_found', message: 'Import introuvable.' });
  });

  test('an interrupted upload fails the run and deactivates nobody', async () => {
    const { ctx, app } = env();
    const admin = await env().signedIn('admin');
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const before = new Set((await ctx.db.select({ id: directoryImports.id }).from(directoryImports)).map((r) => r.id));
    assert.equal(await ctx.db.$count(practitioners, eq(practitioners.active, false)), 0);

    // Half the file, announced as the whole one, then the connection drops.
    const half = Buffer.from(`${[HEADER, ...ROWS.slice(0, 5)].join('\n')}\n`);
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/directory/imports',
      headers: { ...OCTETS, 'content-length': Buffer.byteLength(SAMPLE), cookie: admin.cookie ?? '', 'x-csrf-token': admin.csrfToken ?? '' },
    });
    req.on('error', () => {}); // the socket is destroyed on purpose
    req.on('response', (res) => assert.fail(`no answer expected, got ${res.statusCode}`));
    req.write(half);
    const running = await until('the run to start', async () => {
      const [latest] = await ctx.db.select().from(directoryImports).orderBy(desc(directoryImports.startedAt)).limit(1);
      return latest && !before.has(latest.id) ? latest : undefined;
    });
    assert.equal(running.status, 'running');
    req.destroy();

    const failed = await until('the run to fail', async () => {
      const [r] = await ctx.db.select().from(directoryImports).where(eq(directoryImports.id, running.id));
      return r?.status === 'failed' ? r : undefined;
    });
    assert.ok(failed.finishedAt);
    assert.equal(await ctx.db.$count(practitioners, eq(practitioners.active, false)), 0, 'nobody deactivated');
    const listed = await admin.get(`/api/directory/imports/${running.id}`);
    assert.equal(listed.body.import.status, 'failed');

    // The lock is released: the next upload goes through.
    const again = await admin.post('/api/directory/imports', SAMPLE, OCTETS);
    assert.equal(again.status, 200);
    assert.equal(again.body.import.deactivated, 0);
    await geocodingIdle(ctx);
  });
});
