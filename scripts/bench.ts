/**
 * Benchmarks: `npm run bench` prints one line per figure (`name: value unit`);
 * `npm run bench -- auth` runs one group. Figures, not pass/fail: compare them across commits.
 */
import { performance } from 'node:perf_hooks';
import { createTestEnv } from '../test/support/app.ts';
import { prepareTemplates } from '../test/support/databases.ts';
import { hashPassword } from '../src/modules/identity/service.ts';
import type { DatabaseKind } from '../src/db/client.ts';
import { benchTriage } from '../src/modules/triage/bench.ts';
import { benchMatching } from './bench-matching.ts';
import { benchBooking } from './bench-scheduling.ts';
import { benchKpis } from './bench-kpis.ts';
import { readRppsExtract } from '../src/modules/directory/rpps.ts';
import { importRpps } from '../src/modules/directory/import.ts';
import { luhnValid } from '../src/modules/directory/domain.ts';
import { system } from '../src/modules/audit/domain.ts';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';

const print = (name: string, value: number, unit: string) => console.log(`${name}: ${Number(value.toPrecision(4))} ${unit}`);
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;

const groups: Record<string, () => Promise<void>> = {
  triage: () => benchTriage(print),
  async import() {
    // import-rpps into the real PostgreSQL: 500,000 synthetic rows in the real format, ~2 places per person.
    const sample = readFileSync(new URL('../../shared/data/rpps-sample.txt', import.meta.url), 'utf8').trim().split('\n');
    const [header, ...rows] = sample;
    const template = rows[0] as string;
    const total = 500_000;
    const luhn = (body: string) => {
      for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return body + d;
      return body;
    };
    async function* lines() {
      yield `${header}\n`;
      for (let i = 0; i < total; i += 1000) {
        const chunk: string[] = [];
        for (let j = i; j < i + 1000; j++) {
          const rpps = luhn(String(2_000_000_000 + Math.floor(j / 2)));
          chunk.push(template.replaceAll('10009990002', rpps).replace('R1010990002', `R${j}`));
        }
        yield `${chunk.join('\n')}\n`;
      }
    }
    const env = await createTestEnv('postgres');
    let peak = 0;
    const start = performance.now();
    const summary = await importRpps(env.ctx, Readable.from(lines()), system, () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    });
    print('import.rpps_postgres_rate', summary.rows / ((performance.now() - start) / 1000), 'rows/s');
    print('import.rpps_peak_rss', peak / 1024 / 1024, 'MiB');
    await env.close();
  },
  async rpps() {
    // Parse-only rate of the national extract reader on 500,000 synthetic rows in the real format.
    const sample = readFileSync(new URL('../../shared/data/rpps-sample.txt', import.meta.url), 'utf8').trim().split('\n');
    const [header, ...rows] = sample;
    const total = 500_000;
    async function* lines() {
      yield `${header}\n`;
      for (let i = 0; i < total; i += 1000) yield `${Array.from({ length: 1000 }, (_, j) => rows[(i + j) % rows.length]).join('\n')}\n`;
    }
    let peak = 0;
    let count = 0;
    const start = performance.now();
    for await (const r of readRppsExtract(Readable.from(lines()))) {
      if ('activity' in r) count++;
      if (count % 50_000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    print('rpps.parse_rate', count / ((performance.now() - start) / 1000), 'rows/s');
    print('rpps.parse_peak_rss', peak / 1024 / 1024, 'MiB');
  },
  // The shortlist query over 250,000 synthetic practitioners on a fresh PostgreSQL database (dropped at the end).
  matching: () => benchMatching(print),
  // service.book with 50 concurrent clients next to pgbench's raw INSERT rate, and slot search over
  // 20,000 agendas, on a fresh PostgreSQL database (dropped at the end).
  booking: () => benchBooking(print),
  // The KPI dashboard's queries over 1,000,000 requests (a year, 200 team members) on a database of its own (dropped at the end).
  kpis: () => benchKpis(print),
  async password() {
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      await hashPassword(`password-${i}-benchmark`);
      times.push(performance.now() - t);
    }
    print('password.argon2id_hash_p50', percentile(times, 0.5), 'ms');
  },
  async auth() {
    for (const kind of ['pglite', 'postgres'] as DatabaseKind[]) {
      const env = await createTestEnv(kind);
      const agent = await env.signedIn('client');
      // Authenticated request: cookie → session lookup → guard → handler.
      const n = 2000;
      const lat: number[] = [];
      const start = performance.now();
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await agent.get('/api/auth/me');
        lat.push(performance.now() - t);
      }
      print(`auth.me_${kind}_throughput`, n / ((performance.now() - start) / 1000), 'req/s');
      print(`auth.me_${kind}_p95`, percentile(lat, 0.95), 'ms');
      const logins: number[] = [];
      for (let i = 0; i < 8; i++) {
        const t = performance.now();
        await env.agent().login(agent.email, agent.password);
        logins.push(performance.now() - t);
      }
      print(`auth.login_${kind}_p50`, percentile(logins, 0.5), 'ms');
      print(`process.rss_after_${kind}`, process.memoryUsage().rss / 1024 / 1024, 'MiB');
      await env.close();
    }
  },
};

const wanted = process.argv.slice(2);
if (wanted.length === 0 || ['auth', 'import', 'matching', 'booking'].some((g) => wanted.includes(g))) await prepareTemplates();
for (const [name, run] of Object.entries(groups)) {
  if (wanted.length === 0 || wanted.includes(name)) await run();
}
