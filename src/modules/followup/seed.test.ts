import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { describeEachDatabase } from '../../../test/support/app.ts';
import { seedDirectory } from '../../cli/seed-directory.ts';
import { seedClientPharmacies, seedJourney } from '../../cli/seed-journey.ts';
import { clients } from '../clients/schema.ts';
import { providers } from '../directory/schema.ts';
import { requests, requestTasks } from '../requests/schema.ts';
import { surveys } from './schema.ts';
import { seedFollowup } from './seed.ts';

describeEachDatabase('demo follow-up data', (env) => {
  test('a request in follow-up with its plan, months of answers including a negative one; twice is once', async () => {
    const { ctx } = env();
    await seedJourney(ctx);
    await seedDirectory(ctx);
    assert.equal(await seedClientPharmacies(ctx), 3);
    assert.equal(await seedClientPharmacies(ctx), 0, 'once');
    await seedFollowup(ctx);
    await seedFollowup(ctx);
    const inFollowup = await ctx.db.select().from(requests).where(eq(requests.status, 'follow_up'));
    assert.equal(inFollowup.length, 1);
    const tasks = await ctx.db.select().from(requestTasks).where(eq(requestTasks.requestId, inFollowup[0]?.id as string));
    assert.equal(tasks.length, 4);
    assert.equal(tasks.filter((t) => t.doneAt).length, 1);
    const all = await ctx.db.select().from(surveys);
    assert.equal(all.length, 11);
    assert.ok(all.some((s) => s.csat !== null && s.csat <= 2));
    const callBacks = await ctx.db.select().from(requestTasks);
    assert.equal(callBacks.filter((t) => t.title.startsWith('Avis client négatif')).length, 1);
    // Demo clients with an address have the demo pharmacy of their postal code; the others none.
    const usual = await ctx.db.select({ name: clients.birthName, pharmacy: providers.name }).from(clients).leftJoin(providers, eq(providers.id, clients.pharmacyId));
    assert.deepEqual(
      usual.map((u) => [u.name, u.pharmacy]).sort(),
      [['Benali', 'Pharmacie du Marché'], ['Da Silva', null], ['Fontaine', 'Pharmacie des Terreaux'], ['Martin', null], ['Rossi', 'Pharmacie Lecourbe']],
    );
  });
});
