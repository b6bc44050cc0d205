import { DEMO_PASSWORD, demoAccounts, isEmpty, seedDemo } from '../cli/seed.ts';
import { remindVerifications } from '../modules/directory/service.ts';
import type { Config } from '../platform/config.ts';
import { buildApp } from './app.ts';
import { closeContext, createContext } from './context.ts';
import { createAppWorker } from './jobs.ts';

/** Migrates, seeds demo data on a first start (unless PARCOURS_DEMO=0), serves, and stops cleanly. */
export async function startServer(config: Config): Promise<void> {
  const ctx = await createContext(config);
  await ctx.database.migrate();
  const firstStart = await isEmpty(ctx);
  if (firstStart && config.demo) await seedDemo(ctx);
  const app = await buildApp(ctx, { logger: { level: config.logLevel } });
  // PGlite lives in this process only: no other process can run its jobs, whatever PARCOURS_WORKER says.
  const runWorker = config.worker || !config.databaseUrl;
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite intégré (${config.dataDir}/pglite)`;
  const lines = [
    '',
    `  Parcours est prêt : http://localhost:${port}`,
    `  Base de données : ${where}`,
    `  Documentation de l’API : http://localhost:${port}/api/docs`,
    `  E-mails : ${ctx.mailer.smtpConfigured ? 'envoyés par SMTP' : 'non envoyés (pas de SMTP_URL) — lisibles dans Administration › Boîte d’envoi'}`,
    `  SMS : ${ctx.sms.configured ? `envoyés par ${ctx.sms.name}` : 'non envoyés (pas de SMS_PROVIDER) — conservés dans la boîte d’envoi'}`,
    `  Tâches planifiées : ${runWorker ? 'exécutées par ce serveur' : 'laissées aux processus « parcours worker » (PARCOURS_WORKER=0)'}`,
  ];
  if (config.demo) {
    lines.push(`  Comptes de démonstration (mot de passe « ${DEMO_PASSWORD} ») :`);
    for (const a of demoAccounts) lines.push(`    ${a.role.padEnd(13)} ${a.email}`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);

  // Partner checks that lapse within 30 days: the team is told once, at start and then hourly.
  // (Moves to the durable job queue when scheduling lands.)
  const remind = () => remindVerifications(ctx).catch((err: Error) => app.log.error({ err: err.message }, 'verification reminders failed'));
  void remind();
  const reminders = setInterval(remind, 3_600_000);
  reminders.unref();

  // The durable job queue (mails, SMS, reminders): a worker in this process unless PARCOURS_WORKER=0.
  const worker = runWorker ? createAppWorker(ctx, { log: app.log }) : null;
  worker?.start();

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(reminders);
    await app.close();
    // Running jobs finish (or their lease lapses and another worker resumes them) before the database closes.
    await worker?.stop();
    await closeContext(ctx);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
