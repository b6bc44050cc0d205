/**
 * Fresh databases for tests, fast. Migrations run once per test run (global setup): PGlite's
 * migrated data directory is dumped to a file and loaded by each test suite (~0.3 s instead of a
 * full start and migration); on PostgreSQL a migrated template database is copied with
 * CREATE DATABASE … TEMPLATE.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, type DatabaseKind, openPglite, openPostgres } from '../../src/db/client.ts';

export const cacheDir = join(import.meta.dirname, '../../.cache/test');
const pgliteDump = join(cacheDir, 'pglite-migrated.tar.gz');
/** Overridable so two checkouts (or a bench and a test run) can share the server without clashing. */
export const TEMPLATE_DB = process.env.PARCOURS_TEST_TEMPLATE ?? 'parcours_test_template';

/** The server every PostgreSQL test uses (the machine's, trust auth). */
export const postgresAdminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Both engines unless PARCOURS_TEST_DB names one (e.g. for a quick local run). */
export function databaseKinds(): DatabaseKind[] {
  const only = process.env.PARCOURS_TEST_DB;
  if (only === 'pglite' || only === 'postgres') return [only];
  return ['pglite', 'postgres'];
}

function urlFor(database: string): string {
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function prepareTemplates(): Promise<void> {
  mkdirSync(cacheDir, { recursive: true });
  const kinds = databaseKinds();
  if (kinds.includes('pglite')) {
    const db = await openPglite();
    await db.migrate();
    const client = (db.db as unknown as { $client: { dumpDataDir(c: 'gzip'): Promise<Blob> } }).$client;
    writeFileSync(pgliteDump, Buffer.from(await (await client.dumpDataDir('gzip')).arrayBuffer()));
    await db.close();
  }
  if (kinds.includes('postgres')) {
    const admin = new pg.Client({ connectionString: postgresAdminUrl });
    await admin.connect();
    try {
      await admin.query(`UPDATE pg_database SET datistemplate = false WHERE datname = '${TEMPLATE_DB}'`);
      await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
    } finally {
      await admin.end();
    }
    const db = await openPostgres(urlFor(TEMPLATE_DB), { max: 1 });
    await db.migrate();
    await db.close();
  }
}

/** A migrated, empty database of its own for one test suite; closing it drops it. */
export async function freshDatabase(kind: DatabaseKind): Promise<Database> {
  if (kind === 'pglite') {
    if (!existsSync(pgliteDump)) await prepareTemplates();
    const dump = new Blob([readFileSync(pgliteDump)]);
    return openPglite({ loadDataDir: dump });
  }
  const name = `parcours_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const db = await openPostgres(urlFor(name), { max: 5 });
  return {
    ...db,
    async close() {
      await db.close();
      const dropper = new pg.Client({ connectionString: postgresAdminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => dropper.end());
    },
  };
}
