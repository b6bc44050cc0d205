import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const bin = join(import.meta.dirname, '../../bin/parcours.js');
const sample = join(import.meta.dirname, '../../../shared/data/triage-sample.jsonl');

function run(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // No database, no server: an unreachable DATABASE_URL proves the command never connects.
    const child = spawn(process.execPath, [bin, 'triage', ...args], { env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

test('parcours triage: one JSON line per input line, errors reported and processing goes on', async () => {
  const input = [
    JSON.stringify({ id: 'a', text: 'douleur dans la poitrine qui serre et irradie dans le bras gauche, sueurs' }),
    'ceci n’est pas du JSON',
    JSON.stringify({ id: 'b', text: 'un grain de beauté qui a changé de forme et de couleur', age: 52, sex: 'F' }),
    JSON.stringify({ id: 'c' }),
    JSON.stringify({ id: 42, text: 'jai mal o ventre dpuis 2j' }),
  ].join('\n');
  const { code, stdout, stderr } = await run([], `${input}\n`);
  assert.equal(code, 0, stderr);
  const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 5);
  const [a, bad, b, c, d] = lines;
  assert.deepEqual(Object.keys(a), ['id', 'urgency', 'specialty', 'alternatives', 'redFlags', 'reasons']);
  assert.equal(a.id, 'a');
  assert.equal(a.urgency, 'emergency');
  assert.equal(a.specialty, 'cardiology');
  assert.ok(a.redFlags.length > 0);
  assert.ok(a.alternatives.every((x: { specialty: string; score: number }) => Object.keys(x).join() === 'specialty,score'));
  assert.deepEqual(Object.keys(bad), ['id', 'error']);
  assert.equal(bad.id, null);
  assert.match(bad.error, /JSON/);
  assert.equal(b.specialty, 'dermatology');
  assert.notEqual(b.urgency, 'emergency');
  assert.equal(c.id, 'c');
  assert.match(c.error, /text/);
  assert.equal(d.id, 42);
  assert.equal(d.specialty, 'gastroenterology');
});

test('parcours triage --eval prints the figures, the confusion matrix and the misclassified cases', async () => {
  const { code, stdout, stderr } = await run(['--eval', sample]);
  assert.equal(code, 0, stderr);
  const figures = Object.fromEntries([...stdout.matchAll(/^(\w+): ([\d.]+)$/gm)].map((m) => [m[1], Number(m[2])]));
  for (const k of ['urgency_accuracy', 'red_flag_recall', 'specialty_top1', 'specialty_top3']) assert.ok(k in figures, k);
  assert.equal(figures.red_flag_recall, 1);
  assert.match(stdout, /^urgency_accuracy: \d\.\d{3}$/m);
  assert.match(stdout, /rows = expected, columns = predicted/);
  assert.match(stdout, /^emergency\s+\d+\s+\d+\s+\d+\s+\d+$/m);
  assert.match(stdout, /Misclassified \(\d+\)/);
  assert.equal((await run(['--eval', '/nonexistent.jsonl'])).code, 2);
});
