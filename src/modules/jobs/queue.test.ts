import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { describeEachDatabase } from '../../../test/support/app.ts';
import { openPostgres } from '../../db/client.ts';
import type { AppContext } from '../../platform/context.ts';
import { cancelJobs, createWorker, enqueue, type JobHandlers, LeaseLostError, PermanentJobError, retryDelayMs, type WorkerLog } from './queue.ts';
import { jobs } from './schema.ts';

const quiet: WorkerLog = { info() {}, warn() {}, error() {} };
/** Each test has queues of its own: the suite shares one database. */
const queueName = (label: string) => `test.${label}.${randomBytes(3).toString('hex')}`;

/** A clock the test moves by hand. */
function clock(start = new Date('2026-12-01T08:00:00Z')) {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

const jobRow = async (ctx: AppContext, id: number) => (await ctx.db.select().from(jobs).where(eq(jobs.id, id)))[0]!;

test('the retry delay doubles from 30 s, is capped at one hour, and is spread by jitter', () => {
  assert.equal(retryDelayMs(1, () => 0), 30_000);
  assert.equal(retryDelayMs(2, () => 0), 60_000);
  assert.equal(retryDelayMs(3, () => 0), 120_000);
  assert.equal(retryDelayMs(8, () => 0), 3_600_000);
  assert.equal(retryDelayMs(30, () => 0), 3_600_000);
  assert.equal(retryDelayMs(1, () => 1), 24_000);
  for (let i = 0; i < 100; i++) {
    const d = retryDelayMs(4);
    assert.ok(d > 192_000 && d <= 240_000, String(d));
  }
});

describeEachDatabase('durable job queue', (env) => {
  test('an idempotency key makes enqueue safe to repeat; replace moves a pending job, not a finished one', async () => {
    const { ctx } = env();
    const c = clock();
    const q = queueName('idem');
    const key = `appointment:${randomBytes(4).toString('hex')}:reminder:1d`;
    const at = new Date(c.now().getTime() + 86_400_000);
    const first = await enqueue(ctx.db, { queue: q, payload: { n: 1 }, runAt: at, idempotencyKey: key });
    const again = await enqueue(ctx.db, { queue: q, payload: { n: 2 }, runAt: new Date(0), idempotencyKey: key });
    assert.equal(again, first);
    let row = await jobRow(ctx, first);
    assert.deepEqual(row.payload, { n: 1 }, 'a plain repeat changes nothing');
    assert.equal(row.runAt.getTime(), at.getTime());
    assert.equal((await ctx.db.select().from(jobs).where(eq(jobs.idempotencyKey, key))).length, 1);

    // The appointment moves two days later: its reminder moves with it.
    const later = new Date(at.getTime() + 2 * 86_400_000);
    assert.equal(await enqueue(ctx.db, { queue: q, payload: { n: 3 }, runAt: later, idempotencyKey: key, replace: true }), first);
    row = await jobRow(ctx, first);
    assert.deepEqual(row.payload, { n: 3 });
    assert.equal(row.runAt.getTime(), later.getTime());

    const seen: unknown[] = [];
    const worker = createWorker(ctx, { handlers: { [q]: async (p) => void seen.push(p.n) }, now: c.now, log: quiet });
    assert.equal(await worker.runDue(), 0, 'not due yet');
    c.advance(4 * 86_400_000);
    assert.equal(await worker.runDue(), 1);
    assert.deepEqual(seen, [3]);
    // Done: a later replace does not bring it back.
    await enqueue(ctx.db, { queue: q, payload: { n: 4 }, runAt: c.now(), idempotencyKey: key, replace: true });
    row = await jobRow(ctx, first);
    assert.equal(row.status, 'done');
    assert.deepEqual(row.payload, { n: 3 });
    assert.equal(await worker.runDue(), 0);
  });

  test('cancelling by key prefix removes the pending jobs of that prefix only', async () => {
    const { ctx } = env();
    const c = clock();
    const q = queueName('cancel');
    const appt = randomBytes(4).toString('hex');
    const ids = await Promise.all(
      ['email:7d', 'email:1d', 'sms:1d'].map((k) => enqueue(ctx.db, { queue: q, runAt: c.now(), idempotencyKey: `appointment:${appt}:${k}` })),
    );
    const other = await enqueue(ctx.db, { queue: q, runAt: c.now(), idempotencyKey: `appointment:${appt}x:email:1d` });
    const ran: number[] = [];
    const worker = createWorker(ctx, { handlers: { [q]: async (_p, job) => void ran.push(job.id) }, now: c.now, log: quiet });
    assert.equal(await cancelJobs(ctx.db, { keyPrefix: `appointment:${appt}:` }, c.now()), 3);
    assert.equal(await cancelJobs(ctx.db, { keyPrefix: `appointment:${appt}:` }, c.now()), 0, 'already cancelled');
    assert.equal(await worker.runDue(), 1);
    assert.deepEqual(ran, [other]);
    for (const id of ids) assert.equal((await jobRow(ctx, id)).status, 'cancelled');
    // A cancelled key stays taken: scheduling it again does nothing.
    await enqueue(ctx.db, { queue: q, runAt: c.now(), idempotencyKey: `appointment:${appt}:sms:1d` });
    assert.equal(await worker.runDue(), 0);
    await assert.rejects(cancelJobs(ctx.db, { keyPrefix: '' }));
  });

  test('a failing job is retried with exponential backoff, then succeeds', async () => {
    const { ctx } = env();
    const c = clock();
    const q = queueName('retry');
    let calls = 0;
    const attemptsSeen: number[] = [];
    const handlers: JobHandlers = {
      [q]: async (_p, job) => {
        calls++;
        attemptsSeen.push(job.attempts);
        if (calls < 3) throw new Error(`SMTP 451 for job ${job.id}`);
      },
    };
    const worker = createWorker(ctx, { handlers, now: c.now, log: quiet });
    const id = await enqueue(ctx.db, { queue: q, runAt: c.now() });
    const t0 = c.now().getTime();
    assert.equal(await worker.runDue(), 1);
    let row = await jobRow(ctx, id);
    assert.equal(row.status, 'pending');
    assert.equal(row.attempts, 1);
    assert.match(row.lastError ?? '', /SMTP 451/);
    assert.equal(row.lockedBy, null);
    const firstDelay = row.runAt.getTime() - t0;
    assert.ok(firstDelay >= 24_000 && firstDelay <= 30_000, `first retry after ${firstDelay} ms`);

    assert.equal(await worker.runDue(), 0, 'not before its time');
    c.advance(firstDelay);
    const t1 = c.now().getTime();
    assert.equal(await worker.runDue(), 1);
    row = await jobRow(ctx, id);
    const secondDelay = row.runAt.getTime() - t1;
    assert.ok(secondDelay >= 48_000 && secondDelay <= 60_000, `second retry after ${secondDelay} ms`);
    c.advance(secondDelay);
    assert.equal(await worker.runDue(), 1);
    row = await jobRow(ctx, id);
    assert.equal(row.status, 'done');
    assert.equal(row.attempts, 3);
    assert.equal(row.lastError, null);
    assert.ok(row.finishedAt);
    assert.deepEqual(attemptsSeen, [1, 2, 3]);
  });

  test('after maxAttempts the job is failed and keeps its error; a permanent error fails at once', async () => {
    const { ctx } = env();
    const c = clock();
    const q = queueName('fail');
    const last: boolean[] = [];
    const worker = createWorker(ctx, {
      handlers: {
        [q]: async (p, job) => {
          last.push(job.lastAttempt);
          if (p.permanent) throw new PermanentJobError('recipient refused');
          throw new Error('provider down');
        },
      },
      now: c.now,
      log: quiet,
    });
    const id = await enqueue(ctx.db, { queue: q, runAt: c.now(), maxAttempts: 3 });
    for (let i = 0; i < 3; i++) {
      assert.equal(await worker.runDue(), 1);
      c.advance(3_600_000);
    }
    const row = await jobRow(ctx, id);
    assert.equal(row.status, 'failed');
    assert.equal(row.attempts, 3);
    assert.equal(row.lastError, 'Error: provider down');
    assert.deepEqual(last, [false, false, true]);
    c.advance(86_400_000);
    assert.equal(await worker.runDue(), 0, 'a failed job is not run again');

    const perm = await enqueue(ctx.db, { queue: q, payload: { permanent: true }, runAt: c.now() });
    assert.equal(await worker.runDue(), 1);
    const p = await jobRow(ctx, perm);
    assert.equal(p.status, 'failed');
    assert.equal(p.attempts, 1);
    assert.equal(p.lastError, 'PermanentJobError: recipient refused');
  });

  test('a job whose worker died is claimed again when its lease runs out; the late worker cannot overwrite the outcome', async () => {
    const { ctx } = env();
    const c = clock();
    const q = queueName('lease');
    // A worker that "dies": its handler never returns by itself.
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let lateRenewal: unknown = null;
    const stuck = createWorker(ctx, {
      workerId: 'stuck',
      leaseMs: 60_000,
      now: c.now,
      log: quiet,
      handlers: {
        [q]: async (_p, job) => {
          await gate;
          lateRenewal = await job.renewLease().then(
            () => 'renewed',
            (e: Error) => e,
          );
          throw new Error('too late');
        },
      },
    });
    const id = await enqueue(ctx.db, { queue: q, runAt: c.now() });
    const stuckRun = stuck.runDue();
    // Wait until the stuck worker holds the job.
    for (let i = 0; i < 100 && (await jobRow(ctx, id)).status !== 'running'; i++) await new Promise((r) => setTimeout(r, 10));
    let row = await jobRow(ctx, id);
    assert.equal(row.status, 'running');
    assert.equal(row.lockedBy, 'stuck');

    const ran: string[] = [];
    const rescuer = createWorker(ctx, { workerId: 'rescuer', leaseMs: 60_000, now: c.now, log: quiet, handlers: { [q]: async () => void ran.push('rescuer') } });
    assert.equal(await rescuer.runDue(), 0, 'the lease still holds');
    c.advance(61_000);
    assert.equal(await rescuer.runDue(), 1, 'the lease ran out: claimed again');
    row = await jobRow(ctx, id);
    assert.equal(row.status, 'done');
    assert.equal(row.attempts, 2);

    release();
    await stuckRun;
    assert.ok(lateRenewal instanceof LeaseLostError, 'the stuck worker learns it lost the job');
    row = await jobRow(ctx, id);
    assert.equal(row.status, 'done', 'its late failure does not reschedule the job');
    assert.equal(row.lastError, null);
    assert.deepEqual(ran, ['rescuer']);
  });

  test('a job claimed again after its last attempt died is failed, not run forever', async () => {
    const { ctx } = env();
    const c = clock();
    const q = queueName('lastlease');
    const id = await enqueue(ctx.db, { queue: q, runAt: c.now(), maxAttempts: 2 });
    // As if two workers had died running it.
    await ctx.db.update(jobs).set({ status: 'running', attempts: 2, lockedBy: 'dead', lockedUntil: new Date(c.now().getTime() - 1) }).where(eq(jobs.id, id));
    let ran = 0;
    const worker = createWorker(ctx, { handlers: { [q]: async () => void ran++ }, now: c.now, log: quiet });
    assert.equal(await worker.runDue(), 1);
    const row = await jobRow(ctx, id);
    assert.equal(ran, 0);
    assert.equal(row.status, 'failed');
    assert.match(row.lastError ?? '', /lease expired on the last attempt/);
  });

  test('a started worker picks up a job enqueued now at once, and stop() waits for it', async () => {
    const { ctx } = env();
    const q = queueName('live');
    let finished = false;
    const worker = createWorker(ctx, {
      handlers: {
        [q]: async () => {
          await new Promise((r) => setTimeout(r, 150));
          finished = true;
        },
      },
      pollMs: 60_000,
      log: quiet,
    });
    worker.start();
    try {
      const started = Date.now();
      const id = await enqueue(ctx.db, { queue: q });
      for (let i = 0; i < 200 && (await jobRow(ctx, id)).status === 'pending'; i++) await new Promise((r) => setTimeout(r, 5));
      assert.ok(Date.now() - started < 5_000, 'woken by the enqueue, not by the 60 s poll');
    } finally {
      await worker.stop();
    }
    assert.equal(finished, true, 'stop() let the running job finish');
  });

  test('two workers on PostgreSQL never run the same job: each of 300 jobs runs exactly once', async (t) => {
    const { ctx, kind } = env();
    if (kind !== 'postgres') return t.skip('PGlite is one connection in one process');
    // Two pools, as two processes would have.
    const url = (ctx.db as unknown as { $client: { options: { connectionString: string } } }).$client.options.connectionString;
    const [a, b] = await Promise.all([openPostgres(url, { max: 5 }), openPostgres(url, { max: 5 })]);
    const q = queueName('race');
    const runs = new Map<number, string[]>();
    const handler =
      (name: string): JobHandlers[string] =>
      async (_p, job) => {
        runs.set(job.id, [...(runs.get(job.id) ?? []), name]);
        await new Promise((r) => setTimeout(r, Math.random() * 4));
      };
    const make = (name: string, db: typeof a.db) =>
      createWorker({ ...ctx, db }, { workerId: name, handlers: { [q]: handler(name) }, concurrency: 4, pollMs: 10, log: quiet });
    const total = 300;
    const now = new Date();
    await ctx.db.insert(jobs).values(Array.from({ length: total }, (_, i) => ({ queue: q, payload: { i }, runAt: now })));
    const workers = [make('w1', a.db), make('w2', b.db)];
    try {
      for (const w of workers) w.start();
      const deadline = Date.now() + 60_000;
      while (runs.size < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await Promise.all(workers.map((w) => w.stop()));
      assert.equal(runs.size, total, 'every job ran');
      const twice = [...runs].filter(([, by]) => by.length !== 1);
      assert.deepEqual(twice, [], 'no job ran twice');
      const perWorker: Record<string, number> = {};
      for (const w of [...runs.values()].flat()) perWorker[w] = (perWorker[w] ?? 0) + 1;
      assert.ok((perWorker.w1 ?? 0) > 0 && (perWorker.w2 ?? 0) > 0, `both workers took part: ${JSON.stringify(perWorker)}`);
      const done = await ctx.db.$count(jobs, eq(jobs.queue, q));
      assert.equal(done, total);
      const rows = await ctx.db.select({ status: jobs.status, attempts: jobs.attempts }).from(jobs).where(eq(jobs.queue, q));
      assert.ok(rows.every((r) => r.status === 'done' && r.attempts === 1));
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await Promise.all([a.close(), b.close()]);
    }
  });
});
