import { DEMO_PASSWORD, demoAccounts, isEmpty, seedDemo } from '../cli/seed.ts';
import type { Config } from '../platform/config.ts';
import { buildApp } from './app.ts';
import { closeContext, createContext } from './context.ts';

/** Migrates, seeds demo data on a first start (unless PARCOURS_DEMO=0), serves, and stops cleanly. */
export async function startServer(config: Config): Promise<void> {
  const ctx = await createContext(config);
  await ctx.database.migrate();
  const firstStart = await isEmpty(ctx);
  if (firstStart && config.demo) await seedDemo(ctx);
  const app = await buildApp(ctx, { logger: { level: config.logLevel } });
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
  ];
  if (config.demo) {
    lines.push(`  Comptes de démonstration (mot de passe « ${DEMO_PASSWORD} ») :`);
    for (const a of demoAccounts) lines.push(`    ${a.role.padEnd(13)} ${a.email}`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
    await closeContext(ctx);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
