import { asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Template } from './domain.ts';
import { appointmentPacks, packItems, preparationTemplates } from './schema.ts';

export type TemplateRow = typeof preparationTemplates.$inferSelect;
export type PackRow = typeof appointmentPacks.$inferSelect;
export type PackItemRow = typeof packItems.$inferSelect;

export const toTemplate = (r: TemplateRow): Template => ({
  typeCode: r.typeCode,
  label: r.label,
  bringFr: r.bringFr,
  bringEn: r.bringEn,
  instructionsFr: r.instructionsFr,
  instructionsEn: r.instructionsEn,
  active: r.active,
});

export async function listTemplateRows(db: Db): Promise<TemplateRow[]> {
  return db.select().from(preparationTemplates).orderBy(asc(preparationTemplates.typeCode));
}

export async function upsertTemplate(db: Db, t: Template, userId: string | null, now: Date): Promise<TemplateRow> {
  const values = { label: t.label, bringFr: t.bringFr, bringEn: t.bringEn, instructionsFr: t.instructionsFr, instructionsEn: t.instructionsEn, active: t.active, updatedById: userId, updatedAt: now };
  const [row] = await db
    .insert(preparationTemplates)
    .values({ typeCode: t.typeCode, ...values })
    .onConflictDoUpdate({ target: preparationTemplates.typeCode, set: values })
    .returning();
  if (!row) throw new Error('upsert preparation_templates returned nothing');
  return row;
}

/** Inserts the templates whose code has no row yet; returns how many were added. */
export async function insertMissingTemplates(db: Db, templates: Template[]): Promise<number> {
  if (!templates.length) return 0;
  const rows = await db
    .insert(preparationTemplates)
    .values(templates.map((t) => ({ ...t })))
    .onConflictDoNothing({ target: preparationTemplates.typeCode })
    .returning({ id: preparationTemplates.id });
  return rows.length;
}

export async function deleteTemplate(db: Db, typeCode: string): Promise<boolean> {
  const rows = await db.delete(preparationTemplates).where(eq(preparationTemplates.typeCode, typeCode)).returning({ id: preparationTemplates.id });
  return rows.length > 0;
}

/** A pack and its items, all or nothing. */
export async function insertPack(db: Db, pack: typeof appointmentPacks.$inferInsert, items: Omit<typeof packItems.$inferInsert, 'packId'>[]): Promise<PackRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(appointmentPacks).values(pack).returning();
    if (!row) throw new Error('insert appointment_packs returned nothing');
    await tx.insert(packItems).values(items.map((i) => ({ ...i, packId: row.id })));
    return row;
  });
}

export async function findPack(db: Db, id: string): Promise<PackRow | undefined> {
  const [row] = await db.select().from(appointmentPacks).where(eq(appointmentPacks.id, id));
  return row;
}

export async function findPackByTokenHash(db: Db, tokenHash: string): Promise<PackRow | undefined> {
  const [row] = await db.select().from(appointmentPacks).where(eq(appointmentPacks.tokenHash, tokenHash));
  return row;
}

export async function listPacks(db: Db, appointmentId: string): Promise<PackRow[]> {
  return db.select().from(appointmentPacks).where(eq(appointmentPacks.appointmentId, appointmentId)).orderBy(desc(appointmentPacks.createdAt));
}

/** What was shared and how, never the content: for the staff's list of packs. */
export async function itemSummaries(db: Db, packIds: string[]) {
  if (!packIds.length) return [];
  return db
    .select({ packId: packItems.packId, kind: packItems.kind, consentChannel: packItems.consentChannel, sharedById: packItems.sharedById, sharedAt: packItems.sharedAt })
    .from(packItems)
    .where(inArray(packItems.packId, packIds))
    .orderBy(asc(packItems.sharedAt));
}

/** The sealed items, for the practitioner's page only. */
export async function sealedItems(db: Db, packId: string): Promise<PackItemRow[]> {
  return db.select().from(packItems).where(eq(packItems.packId, packId)).orderBy(asc(packItems.sharedAt), asc(packItems.kind));
}

/** Counts an open (atomically: two practitioners' tabs opening at once both count). */
export async function countOpen(db: Db, id: string, at: Date): Promise<number> {
  const [row] = await db
    .update(appointmentPacks)
    .set({ openCount: sql`${appointmentPacks.openCount} + 1`, lastOpenedAt: at })
    .where(eq(appointmentPacks.id, id))
    .returning({ openCount: appointmentPacks.openCount });
  return row?.openCount ?? 0;
}

/** Revokes once: a second revocation keeps the first one's time and author. */
export async function revokePack(db: Db, id: string, userId: string | null, at: Date): Promise<PackRow | undefined> {
  const [row] = await db
    .update(appointmentPacks)
    .set({ revokedAt: sql`coalesce(${appointmentPacks.revokedAt}, ${at.toISOString()}::timestamptz)`, revokedById: sql`coalesce(${appointmentPacks.revokedById}, ${userId}::uuid)` })
    .where(eq(appointmentPacks.id, id))
    .returning();
  return row;
}
