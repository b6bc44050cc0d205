/** A Parcours app on a fresh database, driven over HTTP (Fastify inject), for each database engine. */
import { randomBytes } from 'node:crypto';
import { after, before, describe } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { generate } from 'otplib';
import type { DatabaseKind } from '../../src/db/client.ts';
import type { Role } from '../../src/modules/identity/domain.ts';
import { createAccount } from '../../src/modules/identity/service.ts';
import { system } from '../../src/modules/audit/domain.ts';
import { createGeocoder } from '../../src/modules/directory/geocoding.ts';
import { createMailer } from '../../src/modules/notifications/mailer.ts';
import { outboxSms, type SmsProvider } from '../../src/modules/notifications/sms.ts';
import { buildApp } from '../../src/server/app.ts';
import { type Config, loadConfig } from '../../src/platform/config.ts';
import type { AppContext } from '../../src/platform/context.ts';
import { createVault } from '../../src/platform/crypto.ts';
import { databaseKinds, freshDatabase } from './databases.ts';

export interface TestEnv {
  kind: DatabaseKind;
  ctx: AppContext;
  app: FastifyInstance;
  /** A browser-like client: keeps the session cookie and sends the CSRF token. */
  agent(): Agent;
  /** Creates an account with a password (and 2FA enrolled for roles that need it); returns a signed-in agent. */
  signedIn(role: Role, opts?: { email?: string }): Promise<Agent & { email: string; password: string; totpSecret: string | null }>;
  close(): Promise<void>;
}

export interface Response {
  status: number;
  body: any;
  headers: Record<string, string | string[] | number | undefined>;
}

export interface Agent {
  csrfToken: string | null;
  cookie: string | null;
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  get(url: string, headers?: Record<string, string>): Promise<Response>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  login(email: string, password: string, totp?: string): Promise<Response>;
}

export const PASSWORD = 'Correct-horse-battery-9';
export const uniqueEmail = (prefix = 'user') => `${prefix}.${randomBytes(4).toString('hex')}@example.test`;

export async function createTestEnv(kind: DatabaseKind, options: { smtpUrl?: string; config?: Partial<Config>; sms?: SmsProvider } = {}): Promise<TestEnv> {
  const database = await freshDatabase(kind);
  // No network in tests: geocoding answers from the cache, the map has no tiles.
  const config: Config = { ...loadConfig({ GEOCODER_URL: 'off', MAP_TILES_URL: 'off' }), publicUrl: 'https://parcours.test', smtpUrl: options.smtpUrl, demo: false, ...options.config };
  const mailer = createMailer({ smtpUrl: options.smtpUrl, from: 'Parcours <test@parcours.test>' });
  const geocoder = createGeocoder(database.db, { url: config.geocoderUrl });
  // SMS stay in the outbox unless a test brings its own provider.
  const ctx: AppContext = { db: database.db, dbKind: kind, database, vault: createVault(randomBytes(32)), mailer, sms: options.sms ?? outboxSms, geocoder, config, now: () => new Date() };
  const app = await buildApp(ctx, { serveWeb: false });
  await app.ready();

  const agent = (): Agent => {
    // Each agent comes from its own loopback address, as distinct browsers would (rate limits are per address).
    const remoteAddress = `127.0.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
    const a: Agent = {
      csrfToken: null,
      cookie: null,
      async request(method, url, body, headers = {}) {
        const res = await app.inject({
          method: method as 'GET',
          url,
          remoteAddress,
          headers: {
            ...(a.cookie ? { cookie: a.cookie } : {}),
            ...(a.csrfToken && method !== 'GET' ? { 'x-csrf-token': a.csrfToken } : {}),
            ...headers,
          },
          ...(body !== undefined ? { payload: body as object } : {}),
        });
        const set = res.cookies.find((c) => c.name === 'parcours_session');
        if (set) a.cookie = set.value ? `parcours_session=${set.value}` : null;
        const parsed = res.body && String(res.headers['content-type'] ?? '').includes('json') ? res.json() : res.body;
        if (parsed && typeof parsed === 'object' && 'csrfToken' in parsed) a.csrfToken = parsed.csrfToken;
        return { status: res.statusCode, body: parsed, headers: res.headers };
      },
      get: (url, headers) => a.request('GET', url, undefined, headers),
      post: (url, body, headers) => a.request('POST', url, body ?? {}, headers),
      login: (email, password, totp) => a.post('/api/auth/login', { email, password, ...(totp ? { totp } : {}) }),
    };
    return a;
  };

  return {
    kind,
    ctx,
    app,
    agent,
    async signedIn(role, opts = {}) {
      const email = opts.email ?? uniqueEmail(role);
      await createAccount(ctx, { email, displayName: `Test ${role}`, role, password: PASSWORD }, system);
      const a = agent();
      const res = await a.login(email, PASSWORD);
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
      let totpSecret: string | null = null;
      if (res.body.user.mustEnrolTotp) {
        const setup = await a.post('/api/auth/totp/setup');
        totpSecret = setup.body.secret as string;
        const enabled = await a.post('/api/auth/totp/enable', { code: await generate({ secret: totpSecret }) });
        if (enabled.status !== 200) throw new Error(`2FA enrolment failed: ${JSON.stringify(enabled.body)}`);
      }
      return Object.assign(a, { email, password: PASSWORD, totpSecret });
    },
    async close() {
      await app.close();
      mailer.close();
      await database.close();
    },
  };
}

/** Declares the same suite once per database engine (PGlite and PostgreSQL), each on a fresh database. */
export function describeEachDatabase(title: string, body: (env: () => TestEnv) => void, options: { smtp?: () => string } = {}): void {
  for (const kind of databaseKinds()) {
    describe(`${title} [${kind}]`, () => {
      let env: TestEnv | undefined;
      before(async () => {
        env = await createTestEnv(kind, options.smtp ? { smtpUrl: options.smtp() } : {});
      });
      after(async () => env?.close());
      body(() => {
        if (!env) throw new Error('test env not ready');
        return env;
      });
    });
  }
}
