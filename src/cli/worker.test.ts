import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const bin = join(import.meta.dirname, '../../bin/parcours.js');

test('parcours worker needs PostgreSQL: the embedded database opens in one process only', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parcours-worker-'));
  const run = promisify(execFile)(process.execPath, [bin, 'worker'], { env: { ...process.env, PARCOURS_DATA_DIR: dir, DATABASE_URL: '' } });
  await assert.rejects(run, (e: { code: number; stderr: string }) => e.code === 2 && /DATABASE_URL/.test(e.stderr));
  const help = await promisify(execFile)(process.execPath, [bin, 'help']);
  assert.match(help.stdout, /worker\s+exécute seulement les tâches planifiées/);
});
