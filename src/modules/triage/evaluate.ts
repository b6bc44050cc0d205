/** Evaluation of the triage on labelled cases: the figures the issue asks for. Pure. */
import { type TriageResult, triage, type Urgency, urgencyLevels } from './domain.ts';

export interface LabelledCase {
  id: string;
  text: string;
  urgency: Urgency;
  specialty: string;
  age?: number;
  sex?: 'F' | 'M';
}

export interface Miss {
  id: string;
  expected: { urgency: string; specialty: string };
  predicted: { urgency: string; specialty: string };
}

export interface Evaluation {
  cases: number;
  urgencyAccuracy: number;
  /** Share of `emergency` cases predicted `emergency`. */
  redFlagRecall: number;
  emergencies: number;
  specialtyTop1: number;
  specialtyTop3: number;
  /** rows = expected, columns = predicted, in the order of urgencyLevels. */
  confusion: number[][];
  misclassified: Miss[];
}

export function evaluate(cases: LabelledCase[], run: (c: LabelledCase) => TriageResult = (c) => triage(c)): Evaluation {
  const idx = (u: string) => urgencyLevels.indexOf(u as Urgency);
  const confusion = urgencyLevels.map(() => urgencyLevels.map(() => 0));
  let urgencyOk = 0;
  let emergencies = 0;
  let caught = 0;
  let top1 = 0;
  let top3 = 0;
  const misclassified: Miss[] = [];
  for (const c of cases) {
    const r = run(c);
    const e = idx(c.urgency);
    const p = idx(r.urgency);
    if (e >= 0 && p >= 0) confusion[e]![p]!++;
    if (r.urgency === c.urgency) urgencyOk++;
    if (c.urgency === 'emergency') {
      emergencies++;
      if (r.urgency === 'emergency') caught++;
    }
    if (r.specialty === c.specialty) top1++;
    if (r.alternatives.slice(0, 3).some((a) => a.specialty === c.specialty)) top3++;
    if (r.urgency !== c.urgency || r.specialty !== c.specialty) {
      misclassified.push({ id: c.id, expected: { urgency: c.urgency, specialty: c.specialty }, predicted: { urgency: r.urgency, specialty: r.specialty } });
    }
  }
  const n = cases.length || 1;
  return {
    cases: cases.length,
    urgencyAccuracy: urgencyOk / n,
    redFlagRecall: emergencies === 0 ? 1 : caught / emergencies,
    emergencies,
    specialtyTop1: top1 / n,
    specialtyTop3: top3 / n,
    confusion,
    misclassified,
  };
}

/** `name: value` lines first, then the confusion matrix and the misclassified cases. */
export function formatEvaluation(ev: Evaluation): string {
  const lines = [
    `cases: ${ev.cases}`,
    `urgency_accuracy: ${ev.urgencyAccuracy.toFixed(3)}`,
    `red_flag_recall: ${ev.redFlagRecall.toFixed(3)}`,
    `specialty_top1: ${ev.specialtyTop1.toFixed(3)}`,
    `specialty_top3: ${ev.specialtyTop3.toFixed(3)}`,
    '',
    'Urgency confusion matrix (rows = expected, columns = predicted):',
  ];
  const w = Math.max(...urgencyLevels.map((u) => u.length)) + 2;
  lines.push(`${'expected \\ predicted'.padEnd(22)}${urgencyLevels.map((u) => u.padStart(w)).join('')}`);
  urgencyLevels.forEach((u, i) => {
    lines.push(`${u.padEnd(22)}${ev.confusion[i]!.map((v) => String(v).padStart(w)).join('')}`);
  });
  lines.push('', `Misclassified (${ev.misclassified.length}):`);
  for (const m of ev.misclassified) {
    const parts: string[] = [];
    if (m.expected.urgency !== m.predicted.urgency) parts.push(`urgency ${m.expected.urgency} → ${m.predicted.urgency}`);
    if (m.expected.specialty !== m.predicted.specialty) parts.push(`specialty ${m.expected.specialty} → ${m.predicted.specialty}`);
    lines.push(`  ${m.id}: ${parts.join('; ')}`);
  }
  return lines.join('\n');
}

/** Parses labelled JSON lines; throws on a malformed line with its number. */
export function parseCases(jsonl: string): LabelledCase[] {
  const out: LabelledCase[] = [];
  jsonl.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new Error(`ligne ${i + 1} : JSON invalide`);
    }
    const c = v as Partial<LabelledCase>;
    if (typeof c.text !== 'string' || typeof c.urgency !== 'string' || typeof c.specialty !== 'string') throw new Error(`ligne ${i + 1} : champs text, urgency et specialty attendus`);
    out.push({ id: String(c.id ?? i + 1), text: c.text, urgency: c.urgency, specialty: c.specialty, ...(typeof c.age === 'number' ? { age: c.age } : {}), ...(c.sex === 'F' || c.sex === 'M' ? { sex: c.sex } : {}) });
  });
  return out;
}
