import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '../../bin/parcours.js');

async function parcours(dataDir: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, PARCOURS_DATA_DIR: dataDir, DATABASE_URL: '' } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

test('the parcours CLI seeds demo data idempotently and creates accounts that persist across runs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parcours-cli-'));
  const seeded = await parcours(dir, 'seed', '--demo');
  assert.equal(seeded.code, 0, seeded.stderr);
  assert.match(seeded.stdout, /5 compte\(s\) créé\(s\)/);
  assert.match((await parcours(dir, 'seed', '--demo')).stdout, /0 compte\(s\) créé\(s\)/);

  const created = await parcours(dir, 'create-user', '--role', 'coordinator', '--email', 'Zoe@Example.test', '--name', 'Zoé', '--password', 'Coordination-2026!');
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /zoe@example\.test \(coordinator\)/);
  // A second process sees the first one's data: the embedded database persisted on disk.
  const again = await parcours(dir, 'create-user', '--role', 'client', '--email', 'zoe@example.test');
  assert.equal(again.code, 1);
  assert.match(again.stderr, /Un compte existe déjà avec cet e-mail/);

  const badRole = await parcours(dir, 'create-user', '--role', 'surgeon', '--email', 'x@example.test');
  assert.equal(badRole.code, 2);
  assert.match(badRole.stderr, /--role/);
  const weak = await parcours(dir, 'create-user', '--role', 'client', '--email', 'w@example.test', '--password', 'short');
  assert.equal(weak.code, 1);
  assert.match(weak.stderr, /au moins 12 caractères/);
});

test('parcours import-rpps imports the national extract sample and reports what it did', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parcours-rpps-'));
  const sample = join(import.meta.dirname, '../../../shared/data/rpps-sample.txt');
  const first = await parcours(dir, 'import-rpps', sample);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /11 lignes, 10 ajouté\(s\), 0 mis à jour, 0 désactivé\(s\), 0 ligne\(s\) illisible\(s\)/);
  assert.match(first.stderr, /Import RPPS \[#+\] 100 %/);
  const again = await parcours(dir, 'import-rpps', sample);
  assert.match(again.stdout, /0 ajouté\(s\), 10 mis à jour/);
  const missing = await parcours(dir, 'import-rpps');
  assert.equal(missing.code, 2);
});
