import { resolve } from 'node:path';

/** Everything the process reads from its environment, read once. */
export interface Config {
  port: number;
  host: string;
  /** PostgreSQL URL; when absent the embedded PGlite database under dataDir is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Base64 of 32 bytes; when absent a key is generated once into dataDir. */
  masterKey: string | undefined;
  /** e.g. smtp://user:pass@host:587 — when absent, e-mails stay in the outbox table. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Public URL used in e-mail links. */
  publicUrl: string;
  /** Seed demo data on the first start of an empty database. */
  demo: boolean;
  trustProxy: boolean;
  logLevel: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT invalide : ${env.PORT}`);
  const host = env.HOST ?? '0.0.0.0';
  return {
    port,
    host,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.PARCOURS_DATA_DIR ?? 'data'),
    masterKey: env.PARCOURS_MASTER_KEY || undefined,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? 'Parcours <no-reply@parcours.local>',
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    demo: env.PARCOURS_DEMO !== '0',
    trustProxy: env.TRUST_PROXY === '1',
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
