/**
 * Text engine of the triage: folding (lower case, no accents), tokenising with spans back to the
 * original text, SMS spellings, negation scopes, clauses, and a compiled pattern matcher with
 * typo tolerance (Damerau-Levenshtein ≤ 1 for words of 5+ letters). Pure; indexes built once.
 */
import { commonWords, smsMap, stopWords, unitMap } from './lexicon.ts';

export interface Token {
  /** Canonical form: folded, SMS-expanded. */
  w: string;
  /** Span in the original text (for quoting). */
  start: number;
  end: number;
  sentence: number;
  clause: number;
  stop: boolean;
}

const STOP = new Set(stopWords);
const COMMON = new Set(commonWords);
const NEGATORS = new Set(['pas', 'sans', 'aucun', 'aucune', 'jamais', 'ni', 'rien', 'plutot', 'absence']);
const SCOPE_BREAKERS = new Set(['mais', 'et', 'sauf', 'cependant', 'pourtant', 'car', 'parce', 'alors', 'puis', 'quand', 'qui', 'depuis']);
const CLAUSE_WORDS = new Set(['mais', 'cependant', 'pourtant', 'sauf']);

const charCache = new Map<string, string>();
/** Lower-case and strip diacritics of one character (œ → oe). */
function foldChar(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 128) return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : c;
  let f = charCache.get(c);
  if (f === undefined) {
    const lc = c.toLowerCase();
    f = lc === 'œ' ? 'oe' : lc === 'æ' ? 'ae' : lc === 'ß' ? 'ss' : /[’‘`´ʼ]/.test(lc) ? "'" : lc.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    charCache.set(c, f);
  }
  return f;
}

/** Folds a string: lower case, no accents (NFD, combining marks removed), œ → oe. */
export function fold(text: string): string {
  let out = '';
  for (const c of text) out += foldChar(c);
  return out;
}

const TOKEN_RE = /\d+(?:[.,]\d+)?[a-z]*|[a-z][a-z0-9]*|[.!?;\n:,()/]/g;
const NUM_UNIT_RE = /^(\d+(?:[.,]\d+)?)([a-z]+)$/;
const G_NEXT = new Set(['mal', 'eu', 'vomi', 'des', 'une', 'un', 'la', 'le', 'tres', 'trop', 'pas', 'plus', 'du', 'de', 'besoin', 'peur', 'froid', 'chaud', 'fait', 'l', 'super', 'vraiment', 'encore', 'toujours', 'tjrs', 'hyper', 'tellement']);

/** Tokenises a text: folded words with spans, sentence and clause indexes, SMS spellings expanded. */
export function tokenise(text: string): Token[] {
  // Fold while keeping a map folded index → original index.
  let folded = '';
  const pos: number[] = [];
  let i = 0;
  for (const c of text) {
    const f = foldChar(c);
    for (let k = 0; k < f.length; k++) {
      folded += f[k];
      pos.push(i);
    }
    i += c.length;
  }
  pos.push(text.length);
  const tokens: Token[] = [];
  let sentence = 0;
  let clause = 0;
  let pendingBreak = 0;
  const push = (w: string, start: number, end: number) => {
    if (pendingBreak === 2) {
      sentence++;
      clause++;
    } else if (pendingBreak === 1) clause++;
    pendingBreak = 0;
    if (CLAUSE_WORDS.has(w) && tokens.length > 0) clause++;
    tokens.push({ w, start, end, sentence, clause, stop: STOP.has(w) });
  };
  for (const m of folded.matchAll(TOKEN_RE)) {
    const raw = m[0];
    const start = pos[m.index] ?? 0;
    const end = pos[m.index + raw.length] ?? text.length;
    if (raw.length === 1 && '.!?;\n:,()/'.includes(raw)) {
      // A decimal or time written "38.5" is one token already; punctuation breaks clauses.
      const level = '.!?;\n'.includes(raw) ? 2 : raw === '/' || raw === '(' || raw === ')' ? 0 : 1;
      if (level > pendingBreak) pendingBreak = level;
      continue;
    }
    // Letters repeated for emphasis: "maaal", "trèèès".
    const w = raw.replace(/([a-z])\1{2,}/g, '$1');
    const nu = NUM_UNIT_RE.exec(w);
    if (nu) {
      push(nu[1]!.replace(',', '.'), start, end);
      const unit = unitMap[nu[2]!];
      push(unit ?? nu[2]!, start, end);
      continue;
    }
    if (/^\d/.test(w)) {
      push(w.replace(',', '.'), start, end);
      continue;
    }
    const sms = smsMap[w];
    if (sms) {
      for (const s of sms) push(s, start, end);
      continue;
    }
    if (w === 'g') {
      const next = /^[\s']*([a-z]+)/.exec(folded.slice(m.index + 1))?.[1];
      const prev = tokens[tokens.length - 1];
      if (next && G_NEXT.has(next) && !(prev && /^\d/.test(prev.w))) {
        push('j', start, end);
        push('ai', start, end);
        continue;
      }
    }
    // "jme", "jpeux", "jsens": j + consonant is never a French word start.
    if (w.length >= 3 && w[0] === 'j' && /[bcdfgjklmnpqrstvwxz]/.test(w[1]!)) {
      push('je', start, end);
      push(w.slice(1), start, end);
      continue;
    }
    push(w, start, end);
  }
  return tokens;
}

export interface Normalised {
  /** Canonical text: folded, SMS-expanded tokens joined by spaces. */
  text: string;
  tokens: string[];
}

/** Lower-case, strip accents, fix common SMS spellings, tokenise. */
export function normalise(text: string): Normalised {
  const tokens = tokenise(text).map((t) => t.w);
  return { text: tokens.join(' '), tokens };
}

/**
 * Negation scopes: for each token, the index of the negation word that covers it, or -1.
 * Forward scope: up to 6 tokens after « pas, sans, aucun, jamais, ni, rien, plutôt (que) », « plus »
 * after « ne », until punctuation or « mais, et… ». Backward: « ne VERBE pas » negates the verb.
 * « pas mal de » (= a lot of) is not a negation.
 */
export function negationScopes(tokens: Token[]): Int32Array {
  const by = new Int32Array(tokens.length).fill(-1);
  for (let c = 0; c < tokens.length; c++) {
    const t = tokens[c]!;
    let cue = NEGATORS.has(t.w);
    if (t.w === 'plus') {
      // "ne … plus" only; not "de plus en plus", "plus de 39".
      const prev = [tokens[c - 1]?.w, tokens[c - 2]?.w, tokens[c - 3]?.w];
      cue = (prev.includes('ne') || prev.includes('n')) && tokens[c + 1]?.w !== 'en' && tokens[c - 1]?.w !== 'de';
    }
    if (t.w === 'plutot') cue = tokens[c + 1]?.w === 'que' || tokens[c + 1]?.w === 'qu';
    if (t.w === 'pas' && tokens[c + 1]?.w === 'mal' && (tokens[c + 2]?.w === 'de' || tokens[c + 2]?.w === 'd')) cue = false;
    if (!cue) continue;
    let budget = 6;
    for (let j = c + 1; j < tokens.length && budget > 0; j++) {
      const u = tokens[j]!;
      if (u.clause !== t.clause) break;
      if (SCOPE_BREAKERS.has(u.w)) break;
      if (by[j] === -1) by[j] = c;
      budget--;
    }
    // ne VERB pas: the verb before the cue.
    const p1 = tokens[c - 1];
    const p2 = tokens[c - 2];
    const p3 = tokens[c - 3];
    if (p1 && p2 && (p2.w === 'ne' || p2.w === 'n') && p1.clause === t.clause && by[c - 1] === -1) by[c - 1] = c;
    else if (p1 && p3 && (p3.w === 'ne' || p3.w === 'n') && p1.clause === t.clause && p2?.stop && by[c - 1] === -1) by[c - 1] = c;
  }
  return by;
}

// ---------------------------------------------------------------------------------------------
// Pattern compilation and matching

interface Alt {
  id: number;
  s: string;
  prefix: boolean;
}

export interface CompiledPattern {
  /** Index of the owning term. */
  term: number;
  /** Alternatives (alt ids) per slot. */
  slots: number[][];
  gap: number;
  /** The pattern contains a negation word itself ("n'arrive plus à respirer"). */
  selfNegated: boolean;
}

export interface PatternMatch {
  pattern: CompiledPattern;
  start: number;
  end: number;
  fuzzy: boolean;
}

function dl1(a: string, b: string): boolean {
  // Damerau-Levenshtein distance ≤ 1.
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // transposition
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** A compiled set of patterns with an alt index and a per-token cache. */
export class Matcher {
  private alts: Alt[] = [];
  private exact = new Map<string, number>();
  private prefixes = new Map<string, number>();
  private minPrefix = 99;
  private fuzzyExact = new Map<string, Alt[]>(); // by first letter
  private fuzzyPrefix = new Map<string, Alt[]>();
  private byFirstAlt = new Map<number, CompiledPattern[]>();
  private cache = new Map<string, { ids: number[]; fuzzy: Set<number> }>();
  readonly patterns: CompiledPattern[] = [];
  private known: Set<string>;

  constructor() {
    this.known = new Set([...COMMON, ...STOP]);
  }

  private alt(raw: string): number {
    const prefix = raw.endsWith('*');
    const s = prefix ? raw.slice(0, -1) : raw;
    const key = (prefix ? 'p:' : 'e:') + s;
    const map = prefix ? this.prefixes : this.exact;
    const existing = map.get(s);
    if (existing !== undefined) return existing;
    const a: Alt = { id: this.alts.length, s, prefix };
    this.alts.push(a);
    map.set(s, a.id);
    if (prefix) this.minPrefix = Math.min(this.minPrefix, s.length);
    else this.known.add(s);
    if (s.length >= 5 && /^[a-z]+$/.test(s)) {
      const bucket = prefix ? this.fuzzyPrefix : this.fuzzyExact;
      const first = s[0]!;
      bucket.set(first, [...(bucket.get(first) ?? []), a]);
    }
    void key;
    return a.id;
  }

  /** Compiles a pattern string (see lexicon.ts for the syntax). Returns null when empty. */
  add(pattern: string, term: number, gap = 1): CompiledPattern | null {
    const slots: number[][] = [];
    let selfNegated = false;
    for (const rawSlot of fold(pattern).split(/\s+/)) {
      if (!rawSlot) continue;
      const literal = rawSlot.startsWith('=');
      const alts = (literal ? rawSlot.slice(1) : rawSlot).split('|').filter(Boolean);
      if (!literal && alts.every((a) => STOP.has(a))) continue;
      if (alts.some((a) => NEGATORS.has(a) || a === 'plus')) selfNegated = true;
      slots.push(alts.map((a) => this.alt(a)));
    }
    if (slots.length === 0) return null;
    const p: CompiledPattern = { term, slots, gap, selfNegated };
    this.patterns.push(p);
    for (const id of new Set(slots[0])) this.byFirstAlt.set(id, [...(this.byFirstAlt.get(id) ?? []), p]);
    return p;
  }

  /** Alt ids that a token matches (exact, stem, or one typo away), cached. */
  private lookup(w: string): { ids: number[]; fuzzy: Set<number> } {
    let hit = this.cache.get(w);
    if (hit) return hit;
    const ids: number[] = [];
    const fuzzy = new Set<number>();
    const e = this.exact.get(w);
    if (e !== undefined) ids.push(e);
    for (let k = this.minPrefix; k <= w.length; k++) {
      const p = this.prefixes.get(w.slice(0, k));
      if (p !== undefined) ids.push(p);
    }
    if (ids.length === 0 && w.length >= 5 && !this.known.has(w) && /^[a-z]+$/.test(w)) {
      for (const a of this.fuzzyExact.get(w[0]!) ?? []) {
        if (!ids.includes(a.id) && dl1(w, a.s)) {
          ids.push(a.id);
          fuzzy.add(a.id);
        }
      }
      for (const a of this.fuzzyPrefix.get(w[0]!) ?? []) {
        if (ids.includes(a.id) || a.s.length < 6) continue;
        const n = a.s.length;
        // The typo must not sit on the stem's last letter ("electriq…" is not "electris…").
        const ok = [w.slice(0, n), w.slice(0, n + 1), w.slice(0, n - 1)].some((x) => x.length >= n - 1 && x[x.length - 1] === a.s[n - 1] && dl1(x, a.s));
        if (ok) {
          ids.push(a.id);
          fuzzy.add(a.id);
        }
      }
    }
    hit = { ids, fuzzy };
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(w, hit);
    return hit;
  }

  /** All pattern matches in a token list (one per pattern start). */
  match(tokens: Token[]): PatternMatch[] {
    const looked = tokens.map((t) => this.lookup(t.w));
    const out: PatternMatch[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const first = looked[i]!;
      if (first.ids.length === 0) continue;
      const seen = new Set<CompiledPattern>();
      for (const id of first.ids) {
        for (const p of this.byFirstAlt.get(id) ?? []) {
          if (seen.has(p)) continue;
          seen.add(p);
          let fuzzy = first.fuzzy.has(id);
          let pos = i;
          let ok = true;
          for (let s = 1; s < p.slots.length && ok; s++) {
            const slot = p.slots[s]!;
            let budget = p.gap;
            let skipped = 0;
            let j = pos + 1;
            ok = false;
            // A pattern never bridges a clause break or a negation word (« testicule, pas douloureuse »).
            while (j < tokens.length && tokens[j]!.clause === tokens[i]!.clause) {
              const lk = looked[j]!;
              const m = slot.find((a) => lk.ids.includes(a));
              if (m !== undefined) {
                if (lk.fuzzy.has(m)) fuzzy = true;
                pos = j;
                ok = true;
                break;
              }
              if (NEGATORS.has(tokens[j]!.w)) break;
              if (tokens[j]!.stop) {
                if (++skipped > 4) break;
              } else if (budget-- <= 0) break;
              j++;
            }
          }
          if (ok) out.push({ pattern: p, start: i, end: pos, fuzzy });
        }
      }
    }
    return out;
  }
}
