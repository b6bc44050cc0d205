import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { evaluate, formatEvaluation, parseCases } from './evaluate.ts';

const files = {
  'shared sample': join(import.meta.dirname, '../../../../shared/data/triage-sample.jsonl'),
  'own cases': join(import.meta.dirname, 'cases.jsonl'),
};

for (const [name, file] of Object.entries(files)) {
  test(`triage targets on the ${name}: red-flag recall 100 %, specialty top-1 ≥ 90 %, urgency ≥ 85 %`, () => {
    const cases = parseCases(readFileSync(file, 'utf8'));
    assert.ok(cases.length >= 30, `${cases.length} cases`);
    const ev = evaluate(cases);
    const report = formatEvaluation(ev);
    assert.equal(ev.redFlagRecall, 1, report);
    assert.ok(ev.specialtyTop1 >= 0.9, report);
    assert.ok(ev.urgencyAccuracy >= 0.85, report);
  });
}

test('own cases are well formed and cover every urgency level', () => {
  const cases = parseCases(readFileSync(files['own cases'], 'utf8'));
  const ids = new Set(cases.map((c) => c.id));
  assert.equal(ids.size, cases.length, 'unique ids');
  for (const u of ['emergency', 'urgent', 'soon', 'routine']) assert.ok(cases.some((c) => c.urgency === u), u);
});
