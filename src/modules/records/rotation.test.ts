import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { describeEachDatabase } from '../../../test/support/app.ts';
import { system } from '../audit/domain.ts';
import { clients } from '../clients/schema.ts';
import type { AppContext } from '../../platform/context.ts';
import { createVault } from '../../platform/crypto.ts';
import { DomainError } from '../../platform/errors.ts';
import { DirectoryBlobStore, useBlobStore } from './blobs.ts';
import { minimalPdf, tinyPng } from './pdf.ts';
import { documents } from './schema.ts';
import { addDocument, readDocumentBytes, rotateKeys } from './service.ts';

describeEachDatabase('master-key rotation re-wraps data keys, files untouched', (env) => {
  let dir: string;
  let clientId: string;
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  /** The same database and blob directory under another master key (and former keys). */
  const withKeys = (master: Buffer, previous: Buffer[] = []): AppContext => {
    const base = env().ctx;
    const ctx = { ...base, vault: createVault(master), config: { ...base.config, previousMasterKeys: previous.map((k) => k.toString('base64')) } };
    useBlobStore(ctx, new DirectoryBlobStore(dir));
    return ctx;
  };
  const rowOf = async (id: string) => {
    const [row] = await env().ctx.db.select().from(documents).where(eq(documents.id, id));
    assert.ok(row);
    return row;
  };
  const unreadable = (code: string) => (e: unknown) => e instanceof DomainError && e.code === code;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parcours-rotation-'));
    const [c] = await env().ctx.db.insert(clients).values({ birthName: 'CLE', firstNames: ['Rotation'], birthDate: '1980-01-01', sex: 'F', searchName: 'cle rotation' }).returning();
    clientId = c?.id as string;
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  test('after rotation the blobs are byte-identical and open with the new key alone; a wrong key fails clearly', async () => {
    const before = withKeys(oldKey);
    const pdf = minimalPdf(['Compte rendu', 'à chiffrer']);
    const a = await addDocument(before, { clientId, type: 'report', title: 'Compte rendu', fileName: 'cr.pdf', bytes: pdf, source: 'staff' }, system);
    const b = await addDocument(before, { clientId, type: 'imaging', title: 'Image', fileName: 'i.png', bytes: tinyPng(), source: 'staff' }, system);
    const rowsBefore = [await rowOf(a.id), await rowOf(b.id)];
    const blobsBefore = await Promise.all(rowsBefore.map((r) => readFile(join(dir, r.storageKey))));

    // A new master key with the old one kept as "previous": still readable before the rotation.
    const rotating = withKeys(newKey, [oldKey]);
    assert.deepEqual(await readDocumentBytes(rotating, rowsBefore[0] as typeof documents.$inferSelect), pdf);
    const report = await rotateKeys(rotating, system);
    assert.deepEqual(report, { total: 2, rewrapped: 2, alreadyCurrent: 0, failed: [] });

    const rowsAfter = [await rowOf(a.id), await rowOf(b.id)];
    const blobsAfter = await Promise.all(rowsAfter.map((r) => readFile(join(dir, r.storageKey))));
    for (const [i, blob] of blobsAfter.entries()) assert.ok(blob.equals(blobsBefore[i] as Buffer), 'the file was not re-encrypted');
    rowsAfter.forEach((r, i) => {
      assert.notEqual(r.wrappedKey, rowsBefore[i]?.wrappedKey);
      assert.notEqual(r.keyId, rowsBefore[i]?.keyId);
      assert.equal(r.storageKey, rowsBefore[i]?.storageKey);
    });

    const onlyNew = withKeys(newKey);
    assert.deepEqual(await readDocumentBytes(onlyNew, rowsAfter[0] as typeof documents.$inferSelect), pdf);
    assert.deepEqual(await readDocumentBytes(onlyNew, rowsAfter[1] as typeof documents.$inferSelect), tinyPng());
    assert.deepEqual(await rotateKeys(onlyNew, system), { total: 2, rewrapped: 0, alreadyCurrent: 2, failed: [] }, 'idempotent');

    // The old key alone no longer opens anything, and says why.
    await assert.rejects(readDocumentBytes(withKeys(oldKey), rowsAfter[0] as typeof documents.$inferSelect), (e: unknown) => {
      assert.ok(e instanceof DomainError);
      assert.equal(e.code, 'document_key_unknown');
      assert.equal(e.params.keyId, rowsAfter[0]?.keyId);
      return true;
    });
    const stranger = withKeys(randomBytes(32));
    const strangerReport = await rotateKeys(stranger, system);
    assert.equal(strangerReport.rewrapped, 0);
    assert.deepEqual(
      strangerReport.failed.map((f) => f.reason),
      ['unknown_key', 'unknown_key'],
    );
    assert.deepEqual(await readDocumentBytes(onlyNew, await rowOf(a.id)), pdf, 'a failed rotation changed nothing');
  });

  test('an altered blob or a wrapped key copied from another document does not open', async () => {
    const ctx = withKeys(newKey);
    const a = await addDocument(ctx, { clientId, type: 'result', title: 'Bilan', fileName: 'b.pdf', bytes: minimalPdf(['Bilan']), source: 'import' }, system);
    const b = await addDocument(ctx, { clientId, type: 'result', title: 'Bilan 2', fileName: 'b2.pdf', bytes: minimalPdf(['Bilan 2']), source: 'import' }, system);
    const rowA = await rowOf(a.id);
    const rowB = await rowOf(b.id);
    await assert.rejects(readDocumentBytes(ctx, { ...rowA, wrappedKey: rowB.wrappedKey }), unreadable('document_unreadable'));
    const path = join(dir, rowA.storageKey);
    const blob = await readFile(path);
    blob[blob.length - 3] = (blob[blob.length - 3] ?? 0) ^ 0xff;
    await writeFile(path, blob);
    await assert.rejects(readDocumentBytes(ctx, rowA), unreadable('document_unreadable'));
    await rm(path);
    await assert.rejects(readDocumentBytes(ctx, rowA), unreadable('document_unreadable'));
  });
});
