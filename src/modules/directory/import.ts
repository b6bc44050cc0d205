/**
 * Import of the national extract into the directory, idempotent: a newer extract updates and adds,
 * and marks as inactive whoever it no longer lists. Team fields (network status, notes, languages,
 * fees, reviews) are never written here. Rows go in batches; memory stays bounded by the batch.
 */
import { and, eq, gte, lt, ne, sql } from 'drizzle-orm';
import type { Readable } from 'node:stream';
import type { Db } from '../../db/client.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../audit/domain.ts';
import { DomainError } from '../../platform/errors.ts';
import { recordAudit } from '../audit/store.ts';
import { foldName } from '../clients/domain.ts';
import { type RppsActivity, readRppsExtract } from './rpps.ts';
import { directoryImports, practicePlaces, practitioners } from './schema.ts';

const BATCH = 500;
const KEEP_ERRORS = 1000;

export interface ImportSummary {
  id: string;
  rows: number;
  added: number;
  updated: number;
  deactivated: number;
  errorCount: number;
  errors: { line: number; error: string }[];
}

async function writeBatch(db: Db, importId: string, batch: RppsActivity[]): Promise<void> {
  // One row per person in a statement (ON CONFLICT cannot touch a row twice): merge their activities.
  const people = new Map<string, { a: RppsActivity; specialties: Set<string> }>();
  for (const a of batch) {
    const p = people.get(a.rpps) ?? { a, specialties: new Set<string>() };
    if (a.specialty) p.specialties.add(a.specialty);
    people.set(a.rpps, p);
  }
  const rows = await db
    .insert(practitioners)
    .values(
      [...people.values()].map(({ a, specialties }) => ({
        rpps: a.rpps,
        civility: a.civility,
        sex: a.sex,
        lastName: a.lastName,
        firstName: a.firstName,
        professionCode: a.professionCode,
        profession: a.profession,
        specialties: [...specialties],
        lastSeenImport: importId,
        searchName: foldName(`${a.lastName} ${a.firstName}`),
      })),
    )
    .onConflictDoUpdate({
      target: practitioners.rpps,
      set: {
        civility: sql`excluded.civility`,
        sex: sql`excluded.sex`,
        lastName: sql`excluded.last_name`,
        firstName: sql`excluded.first_name`,
        professionCode: sql`excluded.profession_code`,
        profession: sql`excluded.profession`,
        // Within one import a person's rows add up; a new import starts from what it lists.
        specialties: sql`case when ${practitioners.lastSeenImport} = ${importId} then array(select distinct unnest(${practitioners.specialties} || excluded.specialties)) else excluded.specialties end`,
        searchName: sql`excluded.search_name`,
        lastSeenImport: importId,
        active: true,
        updatedAt: new Date(),
      },
    })
    .returning({ id: practitioners.id, rpps: practitioners.rpps });
  const idOf = new Map(rows.map((r) => [r.rpps, r.id]));
  const places = new Map<string, typeof practicePlaces.$inferInsert>();
  for (const a of batch) {
    const practitionerId = idOf.get(a.rpps);
    const structureKey = a.site.structureId ?? `${a.site.postalCode ?? ''}|${a.site.name ?? ''}`;
    if (!practitionerId) continue;
    places.set(`${practitionerId}|${structureKey}`, {
      practitionerId,
      structureKey,
      name: a.site.name,
      finess: a.site.finess,
      siret: a.site.siret,
      street: a.site.street,
      postalCode: a.site.postalCode,
      communeCode: a.site.communeCode,
      city: a.site.city,
      phone: a.site.phone,
      email: a.site.email,
      lastSeenImport: importId,
    });
  }
  if (!places.size) return;
  await db
    .insert(practicePlaces)
    .values([...places.values()])
    .onConflictDoUpdate({
      target: [practicePlaces.practitionerId, practicePlaces.structureKey],
      set: {
        name: sql`excluded.name`,
        finess: sql`excluded.finess`,
        siret: sql`excluded.siret`,
        street: sql`excluded.street`,
        postalCode: sql`excluded.postal_code`,
        communeCode: sql`excluded.commune_code`,
        city: sql`excluded.city`,
        phone: sql`excluded.phone`,
        email: sql`excluded.email`,
        lastSeenImport: importId,
        active: true,
        updatedAt: new Date(),
      },
    });
}

/** Progress is written to the run every this many batches, so a poller sees `rows` grow. */
const PROGRESS_EVERY = 10;

/**
 * Streams an extract into the directory. The run is recorded at once (status running, who started
 * it), its progress written as it goes, then `done`; if the input fails (an interrupted upload, an
 * unreadable header) the run becomes `failed` and the error is rethrown: nobody is deactivated then,
 * as deactivation only happens once the whole file was read.
 */
export async function importRpps(
  ctx: AppContext,
  input: Readable,
  actor: Actor,
  onProgress: (p: { rows: number; errors: number }) => void = () => {},
): Promise<ImportSummary> {
  const [run] = await ctx.db
    .insert(directoryImports)
    .values({ source: 'rpps', status: 'running', startedById: actor.id })
    .returning();
  if (!run) throw new Error('insert directory_imports returned nothing');
  const errors: { line: number; error: string }[] = [];
  let rows = 0;
  let errorCount = 0;
  let activities = 0;
  let batches = 0;
  let errorsWritten = 0;
  const saveProgress = async (extra: Partial<typeof directoryImports.$inferInsert> = {}) => {
    const withErrors = errors.length !== errorsWritten ? { errors } : {};
    errorsWritten = errors.length;
    await ctx.db
      .update(directoryImports)
      .set({ rows, errorCount, ...withErrors, ...extra })
      .where(eq(directoryImports.id, run.id));
  };
  try {
    let batch: RppsActivity[] = [];
    for await (const r of readRppsExtract(input)) {
      rows++;
      if ('error' in r) {
        errorCount++;
        if (errors.length < KEEP_ERRORS) errors.push(r);
      } else {
        activities++;
        batch.push(r.activity);
      }
      if (batch.length >= BATCH) {
        await writeBatch(ctx.db, run.id, batch);
        batch = [];
        onProgress({ rows, errors: errorCount });
        if (++batches % PROGRESS_EVERY === 0) await saveProgress();
      }
    }
    if (batch.length) await writeBatch(ctx.db, run.id, batch);
    onProgress({ rows, errors: errorCount });
    // An empty or wholly unreadable file must not empty the directory.
    if (!activities) throw new DomainError('import_no_rows', 400);

    // Only after the whole file was read: who is no longer listed becomes inactive (never deleted).
    const gone = await ctx.db
      .update(practitioners)
      .set({ active: false, updatedAt: new Date() })
      .where(and(eq(practitioners.source, 'rpps'), eq(practitioners.active, true), ne(practitioners.lastSeenImport, run.id)))
      .returning({ id: practitioners.id });
    await ctx.db
      .update(practicePlaces)
      .set({ active: false })
      .where(and(eq(practicePlaces.active, true), ne(practicePlaces.lastSeenImport, run.id)));
    const added = await ctx.db.$count(practitioners, and(eq(practitioners.lastSeenImport, run.id), gte(practitioners.createdAt, run.startedAt)));
    const updated = await ctx.db.$count(practitioners, and(eq(practitioners.lastSeenImport, run.id), lt(practitioners.createdAt, run.startedAt)));
    const summary = { rows, added, updated, deactivated: gone.length, errorCount, errors };
    await ctx.db
      .update(directoryImports)
      .set({ ...summary, status: 'done', finishedAt: new Date() })
      .where(eq(directoryImports.id, run.id));
    await recordAudit(ctx.db, actor, { action: 'directory.import', targetType: 'directory_import', targetId: run.id, details: { rows, added, updated, deactivated: gone.length, errorCount } });
    return { id: run.id, ...summary };
  } catch (err) {
    try {
      await saveProgress({ status: 'failed', finishedAt: new Date(), errors });
      await recordAudit(ctx.db, actor, {
        action: 'directory.import',
        outcome: 'failure',
        targetType: 'directory_import',
        targetId: run.id,
        details: { rows, errorCount, reason: String((err as { code?: unknown }).code ?? (err as Error).name) },
      });
    } catch {
      // The run stays "running" if even this fails; the original error matters more.
    }
    throw err;
  }
}
