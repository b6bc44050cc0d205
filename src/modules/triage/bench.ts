/** Triage benchmark: throughput and p99 latency over ~20,000 triages of the labelled sample texts. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { triage } from './domain.ts';

function texts(): string[] {
  const sample = join(import.meta.dirname, '../../../../shared/data/triage-sample.jsonl');
  const file = existsSync(sample) ? sample : join(import.meta.dirname, 'cases.jsonl');
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text: string }).text);
}

export async function benchTriage(print: (name: string, value: number, unit: string) => void): Promise<void> {
  const all = texts();
  for (const t of all) triage({ text: t }); // warm-up (JIT, token cache)
  const n = 20_000;
  const lat = new Float64Array(n);
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    triage({ text: all[i % all.length]! });
    lat[i] = performance.now() - t0;
  }
  const elapsed = performance.now() - start;
  lat.sort();
  print('triage.throughput', n / (elapsed / 1000), 'texts/s');
  print('triage.p99', lat[Math.floor(n * 0.99)] ?? 0, 'ms');
}
