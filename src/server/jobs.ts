import type { JobHandlers, Worker, WorkerLog } from '../modules/jobs/queue.ts';
import { createWorker } from '../modules/jobs/queue.ts';
import { notificationJobHandlers } from '../modules/notifications/jobs.ts';
import { schedulingJobHandlers } from '../modules/scheduling/notify.ts';
import { teleconsultationJobHandlers } from '../modules/teleconsultation/notify.ts';
import type { AppContext } from '../platform/context.ts';

/**
 * Every queue a worker serves, and its handler. A module exports its handlers (a map keyed by queue
 * name); they are gathered here, for the server's worker and for `parcours worker` alike.
 */
export function jobHandlers(): JobHandlers {
  return {
    ...notificationJobHandlers,
    ...schedulingJobHandlers,
    ...teleconsultationJobHandlers,
  };
}

/** A worker with every handler and the configured concurrency, poll interval and lease. */
export function createAppWorker(ctx: AppContext, options: { log?: WorkerLog; handlers?: JobHandlers } = {}): Worker {
  return createWorker(ctx, {
    handlers: options.handlers ?? jobHandlers(),
    concurrency: ctx.config.jobConcurrency,
    pollMs: ctx.config.jobPollMs,
    leaseMs: ctx.config.jobLeaseMs,
    ...(options.log ? { log: options.log } : {}),
  });
}
