import type { JobHandlers, Worker, WorkerLog } from '../modules/jobs/queue.ts';
import { createWorker } from '../modules/jobs/queue.ts';
import { billingJobHandlers, scheduleBillingDaily } from '../modules/billing/notify.ts';
import { notificationJobHandlers } from '../modules/notifications/jobs.ts';
import { privacyJobHandlers, scheduleRetention } from '../modules/privacy/service.ts';
import { reimbursementJobHandlers, scheduleClaimReminders } from '../modules/reimbursement/service.ts';
import { reportingJobHandlers, scheduleRollup } from '../modules/reporting/service.ts';
import { followupJobHandlers } from '../modules/followup/service.ts';
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
    ...privacyJobHandlers,
    ...billingJobHandlers,
    ...reimbursementJobHandlers,
    ...followupJobHandlers,
    ...reportingJobHandlers,
  };
}

/** A worker with every handler and the configured concurrency, poll interval and lease. */
export function createAppWorker(ctx: AppContext, options: { log?: WorkerLog; handlers?: JobHandlers } = {}): Worker {
  const worker = createWorker(ctx, {
    handlers: options.handlers ?? jobHandlers(),
    concurrency: ctx.config.jobConcurrency,
    pollMs: ctx.config.jobPollMs,
    leaseMs: ctx.config.jobLeaseMs,
    ...(options.log ? { log: options.log } : {}),
  });
  // A long-running worker plans the daily retention run (one job per day whatever the number of
  // workers: the key is the date); each run plans the next. One-shot runDue() plans nothing.
  const start = worker.start.bind(worker);
  return Object.assign(worker, {
    start() {
      if (!options.handlers) void scheduleBillingDaily(ctx).catch((err: Error) => options.log?.error({ err: err.message }, 'billing scheduling failed'));
      if (!options.handlers) void scheduleRetention(ctx).catch((err: Error) => options.log?.error({ err: err.message }, 'retention scheduling failed'));
      if (!options.handlers) void scheduleClaimReminders(ctx).catch((err: Error) => options.log?.error({ err: err.message }, 'claim reminders scheduling failed'));
      if (!options.handlers) void scheduleRollup(ctx, 0).catch((err: Error) => options.log?.error({ err: err.message }, 'KPI rollup scheduling failed'));
      start();
    },
  });
}
