/**
 * Upload of the national extract by an administrator. The request body is the file itself, streamed
 * into the import (never buffered: the real file is about 2 GB), so the browser's upload progress is
 * the import's progress; a poller reads the run's row count meanwhile.
 */
import { Readable } from 'node:stream';
import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { AppContext } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import { geocodePending } from './geocoding.ts';
import { importRpps } from './import.ts';
import { readHeader } from './rpps.ts';
import { directoryImports, practicePlaces } from './schema.ts';

/** The largest extract accepted (the real one is about 2 GB). */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;
/** The header line must come within this many bytes. */
const MAX_HEADER_BYTES = 64 * 1024;

type ImportRow = typeof directoryImports.$inferSelect;

const present = (r: ImportRow, geocoded: number) => ({
  id: r.id,
  source: r.source,
  status: r.status,
  startedAt: r.startedAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
  rows: r.rows,
  added: r.added,
  updated: r.updated,
  deactivated: r.deactivated,
  errorCount: r.errorCount,
  errors: r.errors,
  geocoded,
});

/**
 * Places with coordinates among those a run was the last to list: for the latest run, its places that
 * can be shown on a map and ranked by distance (it grows while geocoding runs in the background).
 */
async function geocodedCounts(db: Db, ids: string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select({ id: practicePlaces.lastSeenImport, n: sql<number>`count(*)::int` })
    .from(practicePlaces)
    .where(and(inArray(practicePlaces.lastSeenImport, ids), isNotNull(practicePlaces.latitude), isNotNull(practicePlaces.longitude)))
    .groupBy(practicePlaces.lastSeenImport);
  return new Map(rows.map((r) => [r.id as string, Number(r.n)]));
}

async function loadRun(db: Db, id: string) {
  const [row] = await db.select().from(directoryImports).where(eq(directoryImports.id, id));
  if (!row) throw new DomainError('import_not_found', 404);
  return present(row, (await geocodedCounts(db, [id])).get(id) ?? 0);
}

// One import at a time in this process: two at once would deactivate each other's practitioners.
const importing = new WeakSet<AppContext>();

// Geocoding after an import runs in the background, one pass at a time (a pass asked for meanwhile
// runs once the current one ends, so rows added by a later import are not missed).
const geocoding = new WeakMap<AppContext, { again: boolean; done: Promise<void> }>();

/** Starts (or queues) geocoding of what has no coordinates yet; errors are logged without any data. */
export function scheduleGeocoding(ctx: AppContext, log: FastifyBaseLogger): Promise<void> {
  const current = geocoding.get(ctx);
  if (current) {
    current.again = true;
    return current.done;
  }
  const state = { again: true, done: Promise.resolve() };
  state.done = (async () => {
    while (state.again) {
      state.again = false;
      try {
        const placed = await geocodePending(ctx);
        log.info({ placed }, 'directory geocoding pass done');
      } catch (err) {
        // Never the message: a database error can quote the rows it failed on.
        log.error({ error: (err as Error).name, code: (err as { code?: unknown }).code }, 'directory geocoding failed');
      }
    }
    geocoding.delete(ctx);
  })();
  geocoding.set(ctx, state);
  return state.done;
}

/** Resolves when no background geocoding runs for this context (tests, shutdown). */
export function geocodingIdle(ctx: AppContext): Promise<void> {
  return geocoding.get(ctx)?.done ?? Promise.resolve();
}

/**
 * Reads the upload up to its first line (to check the header before anything is written), then gives
 * back the whole body as one stream, counting bytes against the limit. An interrupted upload makes
 * that stream fail, so the import fails instead of finishing on half a file.
 */
async function openUpload(source: Readable, limit: number): Promise<{ head: Buffer; stream: Readable }> {
  const it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const chunks: Buffer[] = [];
  let size = 0;
  let ended = false;
  for (;;) {
    const next = await it.next();
    if (next.done) {
      ended = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    chunks.push(chunk);
    size += chunk.length;
    if (chunk.includes(10) || size >= MAX_HEADER_BYTES) break;
  }
  const head = Buffer.concat(chunks);
  let bytes = head.length;
  async function* body(): AsyncGenerator<Buffer> {
    if (head.length) yield head;
    if (ended) return;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      bytes += chunk.length;
      if (bytes > limit) throw new DomainError('body_too_large', 413);
      yield chunk;
    }
  }
  return { head, stream: Readable.from(body(), { objectMode: false }) };
}

const missingColumns = (err: unknown) =>
  [...String((err as Error).message).matchAll(/«\s*([^»]+?)\s*»/g)].map((m) => `« ${m[1]} »`).join(', ') || '?';

export function importRoutes(app: FastifyInstance, ctx: AppContext): void {
  // A plugin of its own, so that the raw-stream body parser applies to these routes only.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(['application/octet-stream', 'text/plain'], (_req, payload, done) => done(null, payload));
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const tags = ['annuaire'];

    r.post(
      '/api/directory/imports',
      {
        config: { action: 'directory.import' },
        bodyLimit: MAX_UPLOAD_BYTES,
        schema: {
          tags,
          summary: 'Import de l’extraction RPPS (fichier PS_LibreAcces_Personne_activite_*.txt envoyé tel quel, jusqu’à 2 Gio)',
          description:
            'Corps : le fichier brut (Content-Type application/octet-stream ou text/plain), lu en flux. Répond une fois l’import terminé ; le géocodage des adresses suit en arrière-plan.',
        },
      },
      async (req, reply) => {
        const source = req.body as Readable | undefined;
        if (!(source instanceof Readable) || req.headers['content-length'] === '0') throw new DomainError('import_file_empty', 400);
        const limit = req.routeOptions.bodyLimit ?? MAX_UPLOAD_BYTES;
        // When the import cannot start, the rest of the upload is not read: close the connection after answering.
        const refuse = (err: DomainError) => {
          reply.header('connection', 'close');
          return err;
        };
        if (Number(req.headers['content-length']) > limit) throw refuse(new DomainError('body_too_large', 413));
        if (importing.has(ctx)) throw refuse(new DomainError('import_in_progress', 409));
        importing.add(ctx);
        try {
          const upload = await openUpload(source, limit);
          if (!upload.head.length) throw new DomainError('import_file_empty', 400);
          const newline = upload.head.indexOf(10);
          try {
            readHeader(
              upload.head
                .subarray(0, newline < 0 ? upload.head.length : newline)
                .toString('utf8')
                .replace(/\r$/, ''),
            );
          } catch (err) {
            throw refuse(new DomainError('import_header_invalid', 400, { columns: missingColumns(err) }));
          }
          const summary = await importRpps(ctx, upload.stream, req.actor);
          void scheduleGeocoding(ctx, req.log);
          return { import: await loadRun(ctx.db, summary.id) };
        } catch (err) {
          if (err instanceof DomainError) throw err.status === 413 ? refuse(err) : err;
          const code = (err as { code?: unknown }).code;
          // The client went away mid-upload: a started run is already marked failed; nobody will read this answer.
          if (req.raw.readableAborted || code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE') throw new DomainError('import_interrupted', 400);
          throw err;
        } finally {
          importing.delete(ctx);
        }
      },
    );

    r.get('/api/directory/imports', { config: { action: 'directory.import' }, schema: { tags, summary: 'Derniers imports de l’annuaire (20)' } }, async () => {
      const rows = await ctx.db.select().from(directoryImports).orderBy(desc(directoryImports.startedAt)).limit(20);
      const counts = await geocodedCounts(
        ctx.db,
        rows.map((row) => row.id),
      );
      return { imports: rows.map((row) => present(row, counts.get(row.id) ?? 0)) };
    });

    r.get(
      '/api/directory/imports/:id',
      { config: { action: 'directory.import' }, schema: { tags, summary: 'Un import de l’annuaire (à interroger pendant qu’il tourne)', params: z.object({ id: z.uuid() }) } },
      async (req) => ({ import: await loadRun(ctx.db, req.params.id) }),
    );
  });
}
