/**
 * The durable job queue on the `jobs` table (DESIGN.md §2): reminders, e-mails, SMS, sweeps.
 *
 * - `enqueue` inserts a job; an idempotency key makes "schedule this" safe to repeat.
 * - A worker claims due jobs with one statement, `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP
 *   LOCKED LIMIT n) RETURNING`, which sets a lease (`locked_by`, `locked_until`). Two workers never
 *   claim the same job: the second one skips the rows the first has locked, and once the first
 *   commits the rows are `running` with a lease in the future, so they no longer match.
 * - The handler runs outside any transaction (PGlite is one connection: a transaction held across a
 *   handler would block every other query of the process). While it runs, the lease is renewed; if
 *   the worker dies, the lease runs out and another worker claims the job again.
 * - A failed attempt is retried with exponential backoff and jitter (≈30 s, 1 min, 2 min … at most
 *   1 h); after `maxAttempts` the job is `failed`, with the error's message (handlers keep health
 *   data out of their error messages: only identifiers and reasons).
 *
 * Times come from the caller's clock (`ctx.now`), so tests move time forward instead of waiting.
 * Every update after the claim is fenced by (id, locked_by, attempts): a worker that lost its lease
 * cannot overwrite the outcome of the worker that took the job over.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { and, asc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { AppContext } from '../../platform/context.ts';
import { jobs } from './schema.ts';

export type JobPayload = Record<string, unknown>;

export interface EnqueueInput {
  queue: string;
  payload?: JobPayload;
  /** When the job becomes due; now when omitted. */
  runAt?: Date;
  /** One job per key, whatever its state: repeating an enqueue with the same key does nothing. */
  idempotencyKey?: string;
  /** Attempts before the job is `failed` (default 8: about 1 h 04 of retries). */
  maxAttempts?: number;
  /**
   * With an existing key: if that job is still `pending`, move it to this runAt and payload (an
   * appointment rescheduled moves its reminders). A job already running, done, failed or cancelled
   * is left as it is.
   */
  replace?: boolean;
}

export const DEFAULT_MAX_ATTEMPTS = 8;

/** Local workers of this process wake up at once when a job is due now, instead of at their next poll. */
const wakeups = new EventEmitter();
wakeups.setMaxListeners(0);
const signalDue = () => setImmediate(() => wakeups.emit('due'));

/** Adds a job; returns its id (the existing job's id when the idempotency key is already taken). */
export async function enqueue(db: Db, input: EnqueueInput): Promise<number> {
  // The application's clock, as the workers' (not the database's now()): one clock for due times and leases.
  const runAt = input.runAt ?? new Date();
  const values = {
    queue: input.queue,
    payload: input.payload ?? {},
    runAt,
    ...(input.idempotencyKey !== undefined ? { idempotencyKey: input.idempotencyKey } : {}),
    maxAttempts: input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  };
  const due = runAt.getTime() <= Date.now();
  if (input.idempotencyKey === undefined) {
    const [row] = await db.insert(jobs).values(values).returning({ id: jobs.id });
    if (due) signalDue();
    return row!.id;
  }
  const insert = db.insert(jobs).values(values);
  const rows = input.replace
    ? await insert
        .onConflictDoUpdate({
          target: jobs.idempotencyKey,
          set: { payload: values.payload, runAt, maxAttempts: values.maxAttempts },
          setWhere: eq(jobs.status, 'pending'),
        })
        .returning({ id: jobs.id })
    : await insert.onConflictDoNothing({ target: jobs.idempotencyKey }).returning({ id: jobs.id });
  if (rows[0]) {
    if (due) signalDue();
    return rows[0].id;
  }
  const [existing] = await db.select({ id: jobs.id }).from(jobs).where(eq(jobs.idempotencyKey, input.idempotencyKey));
  if (!existing) throw new Error(`job ${input.idempotencyKey} neither inserted nor found`);
  return existing.id;
}

/**
 * Cancels the pending jobs whose idempotency key starts with `keyPrefix` (an appointment cancelled
 * removes its reminders: `appointment:<id>:`). A job already running finishes. Returns how many.
 */
export async function cancelJobs(db: Db, filter: { keyPrefix: string }, now: Date = new Date()): Promise<number> {
  if (!filter.keyPrefix) throw new Error('cancelJobs needs a non-empty keyPrefix');
  const rows = await db
    .update(jobs)
    .set({ status: 'cancelled', finishedAt: now })
    .where(and(eq(jobs.status, 'pending'), sql`starts_with(${jobs.idempotencyKey}, ${filter.keyPrefix})`))
    .returning({ id: jobs.id });
  return rows.length;
}

/** What a handler learns about the job it runs. */
export interface JobRun {
  id: number;
  queue: string;
  payload: JobPayload;
  /** This attempt's number, from 1. */
  attempts: number;
  maxAttempts: number;
  idempotencyKey: string | null;
  runAt: Date;
  /** No retry after this one if it fails: a handler can mark its own records as failed. */
  lastAttempt: boolean;
  /**
   * Renews the lease and proves this worker still holds the job; throws LeaseLostError when another
   * worker has taken it over. Call it right before an irreversible side effect (sending a message).
   */
  renewLease(): Promise<void>;
}

export type JobHandler = (payload: JobPayload, job: JobRun, ctx: AppContext) => Promise<void>;
export type JobHandlers = Record<string, JobHandler>;

/** Thrown by a handler when retrying cannot help (e.g. an address the mail server refuses): the job fails now. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

export class LeaseLostError extends Error {
  constructor(jobId: number) {
    super(`lease of job ${jobId} lost to another worker`);
    this.name = 'LeaseLostError';
  }
}

const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 3_600_000;

/**
 * Delay before retrying after failed attempt number `attempt` (from 1): 30 s, 1 min, 2 min, 4 min …
 * capped at 1 h, each shortened by up to 20 % at random so that jobs failing together (a mail
 * server down) do not all come back in the same second.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1), BACKOFF_CAP_MS);
  return Math.round(base * (1 - 0.2 * random()));
}

/** Pino-style; Fastify's logger fits. Jobs log identifiers and error messages, never payloads. */
export interface WorkerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const stderrLog: WorkerLog = {
  info: () => {},
  warn: (obj, msg) => process.stderr.write(`${JSON.stringify({ level: 'warn', msg, ...obj })}\n`),
  error: (obj, msg) => process.stderr.write(`${JSON.stringify({ level: 'error', msg, ...obj })}\n`),
};

export interface WorkerOptions {
  /** One handler per queue; the worker only claims jobs of these queues. */
  handlers: JobHandlers;
  /** Shown in `locked_by`; defaults to host:pid:random. */
  workerId?: string;
  /** How often an idle worker looks for due jobs (default 1 s). */
  pollMs?: number;
  /** How long a claim holds without renewal (default 60 s); renewed every third of it while the handler runs. */
  leaseMs?: number;
  /** Jobs run at once by this worker (default 4). */
  concurrency?: number;
  /** The clock; defaults to ctx.now. */
  now?: () => Date;
  log?: WorkerLog;
  /** How long stop() waits for running handlers (default 25 s, under the usual 30 s grace before SIGKILL); after that their leases lapse and another worker resumes them. */
  stopTimeoutMs?: number;
}

export interface Worker {
  readonly id: string;
  /** Polls in the background until stop(). */
  start(): void;
  /** Stops claiming, waits for the running handlers (up to stopTimeoutMs). */
  stop(): Promise<void>;
  /** Runs the due jobs now, until none is left (or `max` ran); resolves to how many ran. For tests and one-shot runs. */
  runDue(options?: { max?: number }): Promise<number>;
}

type JobRow = typeof jobs.$inferSelect;

export function createWorker(ctx: AppContext, options: WorkerOptions): Worker {
  const handlers = options.handlers;
  const queues = Object.keys(handlers);
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const pollMs = options.pollMs ?? 1000;
  const leaseMs = options.leaseMs ?? 60_000;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const now = options.now ?? (() => ctx.now());
  const log = options.log ?? stderrLog;
  const stopTimeoutMs = options.stopTimeoutMs ?? 25_000;
  const db = ctx.db;

  const owned = (job: JobRow) => and(eq(jobs.id, job.id), eq(jobs.status, 'running'), eq(jobs.lockedBy, workerId), eq(jobs.attempts, job.attempts));

  async function claim(limit: number): Promise<JobRow[]> {
    if (!queues.length || limit < 1) return [];
    const at = now();
    const due = db
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        and(
          inArray(jobs.queue, queues),
          // Due, or claimed by a worker whose lease ran out (it died or hung).
          or(and(eq(jobs.status, 'pending'), lte(jobs.runAt, at)), and(eq(jobs.status, 'running'), lt(jobs.lockedUntil, at))),
        ),
      )
      .orderBy(asc(jobs.runAt), asc(jobs.id))
      .limit(limit)
      .for('update', { skipLocked: true });
    return db
      .update(jobs)
      .set({ status: 'running', lockedBy: workerId, lockedUntil: new Date(at.getTime() + leaseMs), attempts: sql`${jobs.attempts} + 1` })
      .where(inArray(jobs.id, due))
      .returning();
  }

  async function renew(job: JobRow): Promise<boolean> {
    const rows = await db
      .update(jobs)
      .set({ lockedUntil: new Date(now().getTime() + leaseMs) })
      .where(owned(job))
      .returning({ id: jobs.id });
    return rows.length > 0;
  }

  async function settle(job: JobRow, outcome: { error?: unknown }): Promise<void> {
    const at = now();
    if (!('error' in outcome)) {
      await db.update(jobs).set({ status: 'done', finishedAt: at, lockedBy: null, lockedUntil: null, lastError: null }).where(owned(job));
      return;
    }
    const err = outcome.error;
    const message = (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 500);
    const final = err instanceof PermanentJobError || job.attempts >= job.maxAttempts;
    if (final) {
      await db.update(jobs).set({ status: 'failed', finishedAt: at, lockedBy: null, lockedUntil: null, lastError: message }).where(owned(job));
      log.error({ jobId: job.id, queue: job.queue, attempts: job.attempts, err: message }, 'job failed');
    } else {
      const delay = retryDelayMs(job.attempts);
      await db
        .update(jobs)
        .set({ status: 'pending', runAt: new Date(at.getTime() + delay), lockedBy: null, lockedUntil: null, lastError: message })
        .where(owned(job));
      log.warn({ jobId: job.id, queue: job.queue, attempts: job.attempts, retryInMs: delay, err: message }, 'job attempt failed, will retry');
    }
  }

  async function execute(job: JobRow): Promise<void> {
    const handler = handlers[job.queue];
    try {
      if (!handler) throw new PermanentJobError(`no handler for queue ${job.queue}`);
      if (job.attempts > job.maxAttempts) {
        // Claimed again after its last allowed attempt's worker died: give up rather than loop.
        throw new PermanentJobError(`lease expired on the last attempt (${job.maxAttempts})`);
      }
    } catch (error) {
      await settle(job, { error }).catch((e: Error) => log.error({ jobId: job.id, err: e.message }, 'job bookkeeping failed'));
      return;
    }
    const heartbeat = setInterval(
      () => {
        renew(job).then(
          (held) => held || log.warn({ jobId: job.id, queue: job.queue }, 'job lease lost while running'),
          (e: Error) => log.warn({ jobId: job.id, err: e.message }, 'job lease renewal failed'),
        );
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    heartbeat.unref();
    const run: JobRun = {
      id: job.id,
      queue: job.queue,
      payload: job.payload,
      attempts: job.attempts,
      maxAttempts: job.maxAttempts,
      idempotencyKey: job.idempotencyKey,
      runAt: job.runAt,
      lastAttempt: job.attempts >= job.maxAttempts,
      async renewLease() {
        if (!(await renew(job))) throw new LeaseLostError(job.id);
      },
    };
    let outcome: { error?: unknown } = {};
    try {
      await handler(job.payload, run, ctx);
    } catch (error) {
      outcome = { error };
    } finally {
      clearInterval(heartbeat);
    }
    if (outcome.error instanceof LeaseLostError) {
      log.warn({ jobId: job.id, queue: job.queue }, 'job abandoned: another worker holds it');
      return;
    }
    // If this bookkeeping fails (database unreachable), the lease lapses and the job runs again:
    // handlers are idempotent, so "at least once" is safe.
    await settle(job, outcome).catch((e: Error) => log.error({ jobId: job.id, err: e.message }, 'job bookkeeping failed'));
  }

  let running = false;
  let loop: Promise<void> | null = null;
  let poked = false;
  let wake: (() => void) | null = null;
  const active = new Set<Promise<void>>();
  /** Something changed (a job finished, a job is due): look again now rather than at the next poll. */
  const poke = () => {
    poked = true;
    wake?.();
  };

  async function pollLoop(): Promise<void> {
    while (running) {
      poked = false;
      const free = concurrency - active.size;
      let claimed: JobRow[] = [];
      if (free > 0) {
        try {
          claimed = await claim(free);
        } catch (e) {
          log.error({ err: (e as Error).message }, 'job claim failed');
        }
      }
      for (const job of claimed) {
        const p: Promise<void> = execute(job).finally(() => {
          active.delete(p);
          poke();
        });
        active.add(p);
      }
      // A full batch means more may be due: the next claim comes when a slot frees up (a poke).
      if (!running || poked) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, pollMs);
        function done() {
          clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = done;
      });
    }
  }

  return {
    id: workerId,
    start() {
      if (running) return;
      running = true;
      wakeups.on('due', poke);
      loop = pollLoop();
    },
    async stop() {
      if (!running) return;
      running = false;
      wakeups.off('due', poke);
      poke();
      await loop;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...active]),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, stopTimeoutMs);
        }),
      ]);
      clearTimeout(timer);
    },
    async runDue(runOptions = {}) {
      const max = runOptions.max ?? 1000;
      let count = 0;
      while (count < max) {
        const batch = await claim(Math.min(concurrency, max - count));
        if (!batch.length) break;
        await Promise.all(batch.map(execute));
        count += batch.length;
      }
      return count;
    },
  };
}
