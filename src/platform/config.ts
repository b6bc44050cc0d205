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
  /**
   * Former master keys (PARCOURS_PREVIOUS_MASTER_KEYS, comma-separated base64): documents wrapped
   * under them stay readable until `parcours rotate-keys` re-wraps them under the current key.
   */
  previousMasterKeys: string[];
  /** Bearer tokens of the labs and devices allowed to post observations (RECORDS_IMPORT_TOKENS, comma-separated). */
  recordsImportTokens: string[];
  /** e.g. smtp://user:pass@host:587 — when absent, e-mails stay in the outbox table. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Public URL used in e-mail links. */
  publicUrl: string;
  /** Seed demo data on the first start of an empty database. */
  demo: boolean;
  trustProxy: boolean;
  logLevel: string;
  /** Base Adresse Nationale API; undefined (GEOCODER_URL=off) keeps geocoding to the cache and fallbacks. */
  geocoderUrl: string | undefined;
  /** Map tiles of the directory's map view ({z}/{x}/{y}); "off" shows markers on a blank map. */
  mapTilesUrl: string | undefined;
  mapAttribution: string;
  /** SMS_PROVIDER=brevo sends SMS through Brevo; when absent, SMS stay in the outbox table. */
  smsProvider: 'brevo' | undefined;
  smsApiKey: string | undefined;
  /** Sender shown on the phone: up to 11 letters or 15 digits, as registered with the provider. */
  smsSender: string | undefined;
  smsApiUrl: string;
  /** Run the job worker inside the server (PARCOURS_WORKER=0 leaves jobs to `parcours worker` processes). */
  worker: boolean;
  /** Jobs a worker runs at once (JOB_CONCURRENCY). */
  jobConcurrency: number;
  /** How often an idle worker looks for due jobs (JOB_POLL_MS). */
  jobPollMs: number;
  /** How long a worker's claim on a job lasts without renewal: a dead worker's jobs resume after it (JOB_LEASE_MS). */
  jobLeaseMs: number;
  /** STUN servers for teleconsultation (STUN_URLS, comma-separated; none by default: same network only). */
  stunUrls: string[];
  /** TURN relays (TURN_URLS) with coturn's `use-auth-secret` (TURN_SECRET): credentials per call. */
  turnUrls: string[];
  turnSecret: string | undefined;
  /** A teleconsultation room opens this many minutes before the appointment (TELECONSULT_OPEN_MINUTES). */
  teleconsultOpenMinutes: number;
  /** …and closes this many minutes after its planned end (TELECONSULT_GRACE_MINUTES). */
  teleconsultGraceMinutes: number;
}

const list = (raw: string | undefined) => (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} invalide : ${raw}`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT invalide : ${env.PORT}`);
  const host = env.HOST ?? '0.0.0.0';
  const smsProvider = env.SMS_PROVIDER || undefined;
  if (smsProvider !== undefined && smsProvider !== 'brevo') throw new Error(`SMS_PROVIDER invalide : ${smsProvider} (seul « brevo » est pris en charge)`);
  if (smsProvider && (!env.SMS_API_KEY || !env.SMS_SENDER)) throw new Error('SMS_PROVIDER=brevo demande SMS_API_KEY et SMS_SENDER.');
  for (const k of list(env.PARCOURS_PREVIOUS_MASTER_KEYS)) if (Buffer.from(k, 'base64').length !== 32) throw new Error('PARCOURS_PREVIOUS_MASTER_KEYS : chaque clé doit faire 32 octets encodés en base64.');
  // A short token is guessable: an integration's token is a secret like a password.
  if (list(env.RECORDS_IMPORT_TOKENS).some((t) => t.length < 24)) throw new Error('RECORDS_IMPORT_TOKENS : chaque jeton doit faire au moins 24 caractères.');
  if (list(env.TURN_URLS).length && !env.TURN_SECRET) throw new Error('TURN_URLS demande TURN_SECRET (le static-auth-secret de coturn).');
  return {
    port,
    host,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.PARCOURS_DATA_DIR ?? 'data'),
    masterKey: env.PARCOURS_MASTER_KEY || undefined,
    previousMasterKeys: list(env.PARCOURS_PREVIOUS_MASTER_KEYS),
    recordsImportTokens: list(env.RECORDS_IMPORT_TOKENS),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? 'Parcours <no-reply@parcours.local>',
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    demo: env.PARCOURS_DEMO !== '0',
    trustProxy: env.TRUST_PROXY === '1',
    logLevel: env.LOG_LEVEL ?? 'info',
    geocoderUrl: env.GEOCODER_URL === 'off' ? undefined : (env.GEOCODER_URL ?? 'https://api-adresse.data.gouv.fr').replace(/\/$/, ''),
    mapTilesUrl: env.MAP_TILES_URL === 'off' ? undefined : (env.MAP_TILES_URL ?? 'https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
    mapAttribution: env.MAP_ATTRIBUTION ?? '© OpenStreetMap contributors',
    smsProvider,
    smsApiKey: env.SMS_API_KEY || undefined,
    smsSender: env.SMS_SENDER || undefined,
    smsApiUrl: (env.SMS_API_URL || 'https://api.brevo.com').replace(/\/$/, ''),
    worker: env.PARCOURS_WORKER !== '0',
    jobConcurrency: positiveInt(env, 'JOB_CONCURRENCY', 4),
    jobPollMs: positiveInt(env, 'JOB_POLL_MS', 1000),
    jobLeaseMs: positiveInt(env, 'JOB_LEASE_MS', 60_000),
    stunUrls: list(env.STUN_URLS),
    turnUrls: list(env.TURN_URLS),
    turnSecret: env.TURN_SECRET || undefined,
    teleconsultOpenMinutes: positiveInt(env, 'TELECONSULT_OPEN_MINUTES', 15),
    teleconsultGraceMinutes: positiveInt(env, 'TELECONSULT_GRACE_MINUTES', 30),
  };
}
