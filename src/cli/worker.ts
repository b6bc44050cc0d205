import type { WorkerLog } from '../modules/jobs/queue.ts';
import type { Config } from '../platform/config.ts';

/** One JSON line per event on stderr: job ids, queues and error messages, never payloads. */
const log: WorkerLog = {
  info: (obj, msg) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg, ...obj })}\n`),
  warn: (obj, msg) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'warn', msg, ...obj })}\n`),
  error: (obj, msg) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', msg, ...obj })}\n`),
};

/**
 * `parcours worker`: runs the job queue only (no HTTP), until SIGINT or SIGTERM. Several can run
 * against one PostgreSQL, beside servers started with PARCOURS_WORKER=0. It does not migrate: the
 * server (or `parcours migrate`) does.
 */
export async function runWorker(config: Config): Promise<number> {
  if (!config.databaseUrl) {
    console.error('parcours worker demande PostgreSQL (DATABASE_URL) : la base intégrée PGlite ne s’ouvre que dans un seul processus, dont le serveur exécute déjà les tâches.');
    return 2;
  }
  const { closeContext, createContext } = await import('../server/context.ts');
  const { createAppWorker } = await import('../server/jobs.ts');
  const ctx = await createContext(config);
  const worker = createAppWorker(ctx, { log });
  worker.start();
  log.info({ workerId: worker.id, concurrency: config.jobConcurrency, leaseMs: config.jobLeaseMs }, 'worker started');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await worker.stop();
  await closeContext(ctx);
  log.info({ workerId: worker.id }, 'worker stopped');
  return 0;
}
