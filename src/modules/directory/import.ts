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

export async function importRpps(
  ctx: AppContext,
  input: Readable,
  actor: Actor,
  onProgress: (p: { rows: number; errors: number }) => void = () => {},
): Promise<ImportSummary> {
  const [run] = await ctx.db.insert(directoryImports).values({ source: 'rpps' }).returning();
  if (!run) throw new Error('insert directory_imports returned nothing');
  const errors: { line: number; error: string }[] = [];
  let rows = 0;
  let errorCount = 0;
  let batch: RppsActivity[] = [];
  for await (const r of readRppsExtract(input)) {
    rows++;
    if ('error' in r) {
      errorCount++;
      if (errors.length < KEEP_ERRORS) errors.push(r);
    } else batch.push(r.activity);
    if (batch.length >= BATCH) {
      await writeBatch(ctx.db, run.id, batch);
      batch = [];
      onProgress({ rows, errors: errorCount });
    }
  }
  if (batch.length) await writeBatch(ctx.db, run.id, batch);
  onProgress({ rows, errors: errorCount });

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
    .set({ ...summary, finishedAt: new Date() })
    .where(eq(directoryImports.id, run.id));
  await recordAudit(ctx.db, actor, { action: 'directory.import', targetType: 'directory_import', targetId: run.id, details: { rows, added, updated, deactivated: gone.length, errorCount } });
  return { id: run.id, ...summary };
}
