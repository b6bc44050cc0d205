/**
 * Gapless, chronological numbering under concurrency, on the real PostgreSQL (a pool of
 * connections, so issues truly overlap; PGlite is one connection and serialises them anyway).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { createTestEnv, type TestEnv } from '../../../test/support/app.ts';
import { databaseKinds } from '../../../test/support/databases.ts';
import { system } from '../audit/domain.ts';
import { createDraft, issueInvoice } from './service.ts';
import { invoiceCounters, invoices } from './schema.ts';

describe('invoice numbering under 50 concurrent issues [postgres]', { skip: !databaseKinds().includes('postgres') }, () => {
  let env: TestEnv;
  before(async () => {
    env = await createTestEnv('postgres');
  });
  after(async () => env?.close());

  test('50 drafts issued at once get 1..50: no gap, no duplicate, numbers in the order of issue time', async () => {
    const { ctx } = env;
    const staff = await env.signedIn('coordinator');
    const clientId = (await staff.post('/api/clients', { birthName: 'Concurrent', firstNames: ['Alice'], birthDate: '1980-01-01', sex: 'F', confirmNotDuplicate: true })).body.client.id as string;
    const drafts = [];
    for (let i = 0; i < 50; i++) drafts.push(await createDraft(ctx, { clientId, lines: [{ label: `Prestation ${i}`, quantity: 1, unitPriceCents: 1_000 + i, vatRateBp: 2000 }] }, system));

    const issued = await Promise.all(drafts.map((d) => issueInvoice(ctx, d.id, system)));
    const numbers = issued.map((i) => i.sequence!).sort((a, b) => a - b);
    assert.deepEqual(
      numbers,
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    assert.equal(new Set(issued.map((i) => i.number)).size, 50);

    const rows = await ctx.db.select().from(invoices).where(eq(invoices.clientId, clientId));
    const byNumber = rows.sort((a, b) => a.number! - b.number!);
    for (let i = 1; i < byNumber.length; i++) assert.ok(byNumber[i]!.issuedAt!.getTime() >= byNumber[i - 1]!.issuedAt!.getTime(), `issue time of n°${i + 1} before n°${i}`);
    const [counter] = await ctx.db.select().from(invoiceCounters).where(eq(invoiceCounters.series, rows[0]!.series));
    assert.equal(counter!.nextNumber, 51);

    // A failed issue (here: already issued) consumes no number: the next one is 51.
    await assert.rejects(issueInvoice(ctx, drafts[0]!.id, system), /invoice_not_draft/);
    const next = await createDraft(ctx, { clientId, lines: [{ label: 'Suivante', quantity: 1, unitPriceCents: 100, vatRateBp: 0 }] }, system);
    assert.equal((await issueInvoice(ctx, next.id, system)).sequence, 51);
  });
});
