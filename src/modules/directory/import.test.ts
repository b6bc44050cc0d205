import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { test } from 'node:test';
import { desc, eq } from 'drizzle-orm';
import { describeEachDatabase } from '../../../test/support/app.ts';
import { system } from '../audit/domain.ts';
import { importRpps } from './import.ts';
import { directoryImports, practicePlaces, practitioners } from './schema.ts';

const [header, ...rows] = readFileSync(new URL('../../../../shared/data/rpps-sample.txt', import.meta.url), 'utf8').trim().split('\n');
const file = (lines: string[]) => Readable.from([`${[header, ...lines].join('\n')}\n`]);
/** A valid synthetic RPPS (Luhn) for a row added by the "newer extract". */
const NEW_RPPS = '10009991000'.slice(0, 10);
const withLuhn = (body: string) => {
  for (let d = 0; d <= 9; d++) {
    const n = body + d;
    const sum = [...n].reverse().reduce((s, c, i) => s + (i % 2 ? ((Number(c) * 2) % 10) + Math.floor((Number(c) * 2) / 10) : Number(c)), 0);
    if (sum % 10 === 0) return n;
  }
  throw new Error('unreachable');
};

describeEachDatabase('import of the national directory extract', (env) => {
  test('the sample imports into people with their places; a re-import updates, adds, deactivates and keeps the team’s notes', async () => {
    const { ctx } = env();
    const progress: number[] = [];
    const first = await importRpps(ctx, file(rows as string[]), system, (p) => progress.push(p.rows));
    assert.deepEqual({ rows: first.rows, added: first.added, updated: first.updated, deactivated: first.deactivated, errors: first.errorCount }, { rows: 11, added: 10, updated: 0, deactivated: 0, errors: 0 });
    assert.ok(progress.length >= 1 && progress.at(-1) === 11);
    const [leroy] = await ctx.db.select().from(practitioners).where(eq(practitioners.rpps, '10009990002'));
    assert.ok(leroy);
    assert.deepEqual(leroy.specialties, ['cardiology']);
    assert.equal(leroy.sex, 'F');
    const places = await ctx.db.select().from(practicePlaces).where(eq(practicePlaces.practitionerId, leroy.id));
    assert.equal(places.length, 2, 'one person, two places of work');

    // The team's own knowledge about a practitioner.
    await ctx.db.update(practitioners).set({ networkStatus: 'partner', teamNotes: 'Très disponible le mardi', languages: ['fr', 'en'] }).where(eq(practitioners.id, leroy.id));

    // A newer extract: Nguyen is gone, Leroy's name changed, a new practitioner, a broken line.
    const newer = (rows as string[])
      .filter((r) => !r.includes('|10009990101|'))
      .map((r) => r.replace('|LEROY|CAMILLE|', '|LEROY-DURAND|CAMILLE|'));
    const newcomer = (rows[1] as string).replaceAll('10009990101', withLuhn(NEW_RPPS)).replace('|NGUYEN|THOMAS|', '|MOREAU|LISE|');
    const second = await importRpps(ctx, file([...newer, newcomer, 'ligne|cassée']), system);
    assert.equal(second.added, 1);
    assert.equal(second.updated, 9);
    assert.equal(second.deactivated, 1);
    assert.equal(second.errorCount, 1);
    assert.equal(second.errors[0]?.line, 13);

    const [after] = await ctx.db.select().from(practitioners).where(eq(practitioners.id, leroy.id));
    assert.equal(after?.lastName, 'LEROY-DURAND');
    assert.equal(after?.networkStatus, 'partner');
    assert.equal(after?.teamNotes, 'Très disponible le mardi');
    assert.deepEqual(after?.languages, ['fr', 'en']);
    assert.deepEqual(after?.specialties, ['cardiology'], 'a re-import does not double the specialties');
    const [nguyen] = await ctx.db.select().from(practitioners).where(eq(practitioners.rpps, '10009990101'));
    assert.equal(nguyen?.active, false, 'deactivated, never deleted');

    const again = await importRpps(ctx, file([...newer, newcomer]), system);
    assert.deepEqual({ added: again.added, deactivated: again.deactivated }, { added: 0, deactivated: 0 }, 'idempotent');
  });
});

describeEachDatabase('import progress and failure', (env) => {
  test('a poller sees the row count grow; a stream that fails leaves the run failed and nobody deactivated', async () => {
    const { ctx } = env();
    const template = rows[0] as string;
    const line = (i: number) => {
      const rpps = withLuhn(`2000${String(i).padStart(6, '0')}`);
      return template.replaceAll('10009990002', rpps).replace('R1010990002', `R${rpps}`);
    };
    // 5,000 rows (ten batches), then the source waits: the run must already show them.
    const input = new PassThrough();
    input.write(`${header}\n`);
    for (let i = 0; i < 5000; i++) input.write(`${line(i)}\n`);
    let runId = '';
    const done = importRpps(ctx, input, system).catch((err: Error) => err);
    for (let t = 0; t < 600; t++) {
      const [run] = await ctx.db.select().from(directoryImports).orderBy(desc(directoryImports.startedAt)).limit(1);
      if (run && run.rows >= 5000) {
        assert.equal(run.status, 'running');
        assert.equal(run.finishedAt, null);
        runId = run.id;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(runId, 'progress written while the import runs');
    const active = await ctx.db.$count(practitioners, eq(practitioners.active, true));
    assert.equal(active, 5000);

    input.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    const outcome = await done;
    assert.ok(outcome instanceof Error && (outcome as Error & { code?: string }).code === 'ECONNRESET');
    const [failed] = await ctx.db.select().from(directoryImports).where(eq(directoryImports.id, runId));
    assert.equal(failed?.status, 'failed');
    assert.ok(failed?.finishedAt);
    assert.equal(failed?.rows, 5000);
    assert.equal(await ctx.db.$count(practitioners, eq(practitioners.active, false)), 0, 'nobody deactivated');
  });
});
