/**
 * `parcours triage`: offline triage of JSON lines (DESIGN.md §5), or `--eval FILE.jsonl` on labelled
 * cases. No server, no database, no network: imports only the pure triage module.
 */
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { triage } from '../modules/triage/domain.ts';
import { evaluate, formatEvaluation, parseCases } from '../modules/triage/evaluate.ts';

const usage = `Usage : parcours triage [--eval FICHIER.jsonl]

  sans option   lit des lignes JSON {"id","text"} (et "age", "sex" facultatifs) sur l’entrée standard
                et écrit une ligne JSON par demande : {"id","urgency","specialty","alternatives","redFlags","reasons"}
  --eval F      évalue le triage sur des cas étiquetés {"id","text","urgency","specialty"}`;

type Line = { id: unknown; text: string; age?: number; sex?: 'F' | 'M' };

/** Parses one input line; returns an error message (French) when it is not usable. */
function parseLine(line: string): { ok: true; value: Line } | { ok: false; id: unknown; error: string } {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return { ok: false, id: null, error: 'ligne JSON invalide' };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { ok: false, id: null, error: 'un objet JSON est attendu' };
  const o = v as Record<string, unknown>;
  const id = typeof o.id === 'string' || typeof o.id === 'number' ? o.id : null;
  if (typeof o.text !== 'string' || o.text.trim() === '') return { ok: false, id, error: 'le champ "text" (texte non vide) est obligatoire' };
  if (o.age !== undefined && (typeof o.age !== 'number' || !Number.isFinite(o.age) || o.age < 0 || o.age > 130)) return { ok: false, id, error: 'le champ "age" doit être un nombre entre 0 et 130' };
  if (o.sex !== undefined && o.sex !== 'F' && o.sex !== 'M') return { ok: false, id, error: 'le champ "sex" doit valoir "F" ou "M"' };
  return { ok: true, value: { id, text: o.text, ...(o.age !== undefined ? { age: o.age as number } : {}), ...(o.sex !== undefined ? { sex: o.sex as 'F' | 'M' } : {}) } };
}

function write(s: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(s)) resolve();
    else process.stdout.once('drain', resolve);
  });
}

export async function runTriage(args: string[]): Promise<number> {
  let values: { eval?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({ args, options: { eval: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: false }));
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (values.eval !== undefined) {
    let cases: ReturnType<typeof parseCases>;
    try {
      cases = parseCases(await readFile(values.eval, 'utf8'));
    } catch (e) {
      console.error(`Erreur : ${values.eval} : ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'fichier introuvable' : (e as Error).message}`);
      return 2;
    }
    console.log(formatEvaluation(evaluate(cases)));
    return 0;
  }
  const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let out = '';
  for await (const line of rl) {
    if (!line.trim()) continue;
    const parsed = parseLine(line);
    if (!parsed.ok) out += `${JSON.stringify({ id: parsed.id, error: parsed.error })}\n`;
    else {
      const { id, text, age, sex } = parsed.value;
      const r = triage({ text, age, sex });
      out += `${JSON.stringify({ id, urgency: r.urgency, specialty: r.specialty, alternatives: r.alternatives, redFlags: r.redFlags, reasons: r.reasons })}\n`;
    }
    if (out.length > 64 * 1024) {
      await write(out);
      out = '';
    }
  }
  if (out) await write(out);
  return 0;
}
