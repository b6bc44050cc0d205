/**
 * Facts read from the canonical text: who is concerned (self or a relative), age and sex, pregnancy
 * or recent delivery, durations and onset, temperature, pain intensity, blood pressure. Pure.
 */
import type { Token } from './text.ts';

export type Sex = 'F' | 'M';
export type Writer = 'self' | 'relative' | 'third-party';

export interface Duration {
  hours: number;
  kind: 'since' | 'ago';
  clause: number;
  quote: string;
}

export interface Features {
  writer: Writer;
  /** The relative's noun when someone writes for a relative (« ma fille »). */
  relative?: string;
  age?: number;
  ageQuote?: string;
  /** Child implied by words without an age (« mon bébé », « l'enfant »). */
  childNoun?: 'infant' | 'child';
  sex?: Sex;
  pregnant: boolean;
  gestationWeeks?: number;
  postpartumDays?: number;
  pregnancyQuote?: string;
  durations: Duration[];
  /** Shortest current duration (hours) of the complaint, outside historical clauses. */
  episodeHours?: number;
  episodeQuote?: string;
  temperature?: number;
  temperatureQuote?: string;
  intensity?: number;
  intensityQuote?: string;
  systolic?: number;
  glycemia?: number;
  /** Clauses that speak of the past (« l'an dernier », « en 2019 », « il y a 3 ans »). */
  pastClauses: Set<number>;
}

const FEMALE = new Set(['fille', 'mere', 'maman', 'femme', 'epouse', 'conjointe', 'compagne', 'copine', 'mamie', 'soeur', 'tante', 'niece', 'cousine', 'voisine', 'amie', 'fillette', 'patiente', 'madame', 'dame', 'gamine', 'adolescente', 'belle-mere', 'grand-mere', 'petite-fille']);
const MALE = new Set(['fils', 'pere', 'papa', 'mari', 'epoux', 'conjoint', 'compagnon', 'copain', 'papi', 'frere', 'oncle', 'neveu', 'cousin', 'voisin', 'ami', 'patient', 'monsieur', 'garcon', 'gamin', 'adolescent', 'beau-pere', 'grand-pere', 'petit-fils', 'homme']);
const INFANT = new Set(['bebe', 'nourrisson', 'nouveau-ne']);
const CHILD = new Set(['enfant', 'fillette', 'garcon', 'gamin', 'gamine', 'ado', 'adolescent', 'adolescente', 'petit-fils', 'petite-fille']);
const NUMBER_WORDS: Record<string, number> = {
  un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9, dix: 10, onze: 11, douze: 12, quinze: 15,
  vingt: 20, trente: 30, quarante: 40, quelques: 3, plusieurs: 4, des: 4, demi: 0.5,
};
const UNIT_HOURS: Record<string, number> = {
  minute: 1 / 60, minutes: 1 / 60, min: 1 / 60, heure: 1, heures: 1, h: 1, jour: 24, jours: 24, nuit: 24, nuits: 24, semaine: 168, semaines: 168,
  mois: 730, an: 8760, ans: 8760, annee: 8760, annees: 8760,
};
const RELATIVE_RE =
  /\b(?:(ma|mon|notre|nos|sa|son|votre|leur|mes|la|le|du|de|une|un|l)\s+)?(grand mere|grand pere|petite fille|petit fils|belle mere|beau pere|nouveau ne|fille|fils|enfant|bebe|nourrisson|fillette|garcon|gamine?|ado|adolescente?|pere|mere|papa|maman|mari|femme|epouse|epoux|conjointe?|compagne|compagnon|copine|copain|mamie|papi|soeur|frere|oncle|tante|neveu|niece|cousine?|voisine?|amie?|patiente?|monsieur|madame|dame|homme)\b/g;
const AGE_AFTER_RE = /^\s*(?:[,.]\s*)?(?:(?:de|d|qui a|a|agee? de|age de|ayant)\s+)?(\d{1,3}(?:\.\d)?|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|dix huit)\s+(ans|an|mois|semaines|jours)\b/;

function num(s: string): number | undefined {
  if (/^\d/.test(s)) return Number(s);
  if (s === 'dix huit') return 18;
  return NUMBER_WORDS[s];
}

/** Canonical text with punctuation marks, and a map from character offset to token index. */
export function canonical(tokens: Token[]): { text: string; at: Int32Array } {
  let text = '';
  const at: number[] = [];
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    let sep = i === 0 ? '' : ' ';
    if (prev && prev.sentence !== t.sentence) sep = ' . ';
    else if (prev && prev.clause !== t.clause) sep = ' , ';
    for (let k = 0; k < sep.length; k++) at.push(i);
    text += sep;
    for (let k = 0; k < t.w.length; k++) at.push(i);
    text += t.w;
  });
  at.push(tokens.length);
  return { text, at: Int32Array.from(at) };
}

export function extractFeatures(original: string, tokens: Token[], negated: (tokenIndex: number) => boolean): Features {
  const { text, at } = canonical(tokens);
  const quote = (from: number, to: number) => {
    const a = tokens[at[from] ?? 0];
    const b = tokens[Math.min(at[Math.max(from, to - 1)] ?? 0, tokens.length - 1)];
    return a && b ? original.slice(a.start, b.end) : '';
  };
  const f: Features = { writer: 'self', pregnant: false, durations: [], pastClauses: new Set() };

  // --- Who is concerned, age and sex --------------------------------------------------------
  let subjectFound = false;
  for (const m of text.matchAll(RELATIVE_RE)) {
    const det = m[1];
    const noun = m[2]!.replace(' ', '-');
    const after = text.slice(m.index + m[0].length);
    const age = AGE_AFTER_RE.exec(after);
    const possessive = det !== undefined && ['ma', 'mon', 'notre', 'nos', 'sa', 'son', 'votre', 'leur', 'mes'].includes(det);
    const atStart = m.index === 0 || /[.,]\s*$/.test(text.slice(0, m.index)) || /^(appel|message|demande|pour)\b/.test(text.slice(0, m.index).trim().split(' ').slice(-2).join(' '));
    const describesPerson = possessive || INFANT.has(noun) || CHILD.has(noun) || atStart || age !== null;
    if (!describesPerson) continue;
    // « je ne sens plus le bébé bouger »: during a pregnancy, the baby is the fetus.
    if (INFANT.has(noun) && !possessive && /\b(enceinte|grossesse)\b/.test(text) && !/\baccouch/.test(text)) continue;
    // "ma femme dit que je…": the relative reports, the writer is concerned.
    if (/^\s*(?:me\s+)?(dit|trouve|pense|remarque|trouve que|a remarque|me dit|dit que|pense que|trouve que)\b/.test(after) && !age) continue;
    if (['homme', 'madame', 'monsieur', 'dame', 'patient', 'patiente'].includes(noun) && !age && !atStart) continue;
    if (age) {
      const n = num(age[1]!);
      if (n !== undefined) {
        const unit = age[2]!;
        const years = unit === 'mois' ? n / 12 : unit === 'semaines' ? n / 52 : unit === 'jours' ? n / 365 : n;
        if (years < 120) {
          f.age = Math.round(years * 100) / 100;
          f.ageQuote = quote(m.index, m.index + m[0].length + age[0].length);
        }
      }
    }
    if (INFANT.has(noun)) f.childNoun = 'infant';
    else if (CHILD.has(noun)) f.childNoun = 'child';
    if (FEMALE.has(noun)) f.sex = 'F';
    else if (MALE.has(noun)) f.sex = 'M';
    f.writer = ['homme', 'madame', 'monsieur', 'dame', 'patient', 'patiente'].includes(noun) ? 'third-party' : possessive ? 'relative' : 'self';
    if (f.writer === 'relative' || f.writer === 'third-party') f.relative = m[0].trim();
    if (noun === 'nouveau-ne' && f.age === undefined) f.age = 0.02;
    subjectFound = true;
    if (f.ageQuote === undefined) f.ageQuote = quote(m.index, m.index + m[0].length);
    break;
  }
  if (!subjectFound || f.age === undefined) {
    // Own age: « j'ai 45 ans », « 64 ans, … » at a sentence start, « il/elle a 3 ans ».
    const own = /(?:^|[.,] |\bj ai |\b(?:il|elle) a |\bage de |\bagee de )(\d{1,3}) ans\b/.exec(text);
    if (own && !/(depuis|il y a|y a|fait|pendant|dans|en|tous les|avant|apres|plus de|moins de)\s*$/.test(text.slice(0, own.index + own[0].indexOf(own[1]!)))) {
      const n = Number(own[1]);
      if (n < 120 && f.age === undefined) {
        f.age = n;
        f.ageQuote = quote(own.index + own[0].indexOf(own[1]!), own.index + own[0].length);
      }
    }
  }
  if (f.sex === undefined) {
    if (/\bje suis (?:une femme|enceinte)\b|\b(?:^|[.,] )femme de \d/.test(text) || /\bje suis \w+ee\b/.test(text)) f.sex = 'F';
    else if (/\bje suis un homme\b|(?:^|[.,] )homme de \d/.test(text)) f.sex = 'M';
  }

  // --- Pregnancy and delivery ---------------------------------------------------------------
  for (const m of text.matchAll(/\b(enceinte|grossesse|semaines d amenorrhee|test de grossesse positif)\b/g)) {
    const ti = at[m.index] ?? 0;
    if (negated(ti)) continue;
    f.pregnant = true;
    f.pregnancyQuote ??= quote(m.index, m.index + m[0].length);
  }
  if (f.pregnant) {
    const g =
      /\benceinte (?:de )?(\d{1,2}) (mois|semaines|sa)\b/.exec(text) ??
      /\b(\d{1,2}) (mois|semaines|sa) (?:de grossesse|d amenorrhee)\b/.exec(text) ??
      /\bgrossesse , (\d{1,2}) (semaines|mois|sa)\b/.exec(text) ??
      /\ba (\d{1,2}) (sa|semaines)\b/.exec(text);
    if (g) {
      const n = Number(g[1]);
      f.gestationWeeks = g[2] === 'mois' ? Math.round(n * 4.3 + 2) : n;
      f.pregnancyQuote = quote(g.index, g.index + g[0].length);
    }
  }
  const pp = /\b(?:accouche|accouchee|accouchement|cesarienne)\b(?:[^.]{0,20}?)\b(?:il y a|depuis) (\d{1,2}|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|quinze) (jours|semaines|mois)\b/.exec(text);
  if (pp) {
    const n = num(pp[1]!) ?? 1;
    f.postpartumDays = pp[2] === 'jours' ? n : pp[2] === 'semaines' ? n * 7 : n * 30;
    f.pregnancyQuote ??= quote(pp.index, pp.index + pp[0].length);
  } else if (/\bvien[ts]? d accoucher\b/.test(text)) f.postpartumDays = 1;

  // --- Durations ------------------------------------------------------------------------------
  const DUR_RE =
    /\b(depuis|ca fait|cela fait|il y a|y a|voila|dure depuis)\s+(?:(?:plus|moins) d[e]?\s+|environ\s+|presque\s+|quasiment\s+|bientot\s+|au moins\s+|deja\s+|a peine\s+|seulement\s+)?(\d+(?:\.\d+)?|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente|quelques|plusieurs|des|1 demi)\s+(minutes?|min|heures?|h|jours?|nuits?|semaines?|mois|ans?|annees?)\b/g;
  for (const m of text.matchAll(DUR_RE)) {
    const n = num(m[2]!) ?? 1;
    const hours = n * (UNIT_HOURS[m[3]!] ?? 24);
    const ti = at[m.index] ?? 0;
    f.durations.push({ hours, kind: m[1] === 'il y a' || m[1] === 'y a' ? 'ago' : 'since', clause: tokens[ti]?.clause ?? 0, quote: quote(m.index, m.index + m[0].length) });
  }
  for (const m of text.matchAll(/\b(\d+|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|quinze|quelques|plusieurs) (minutes|heures|jours|semaines|mois|ans) (?:que|qu)\b/g)) {
    const hours = (num(m[1]!) ?? 1) * (UNIT_HOURS[m[2]!] ?? 24);
    const ti = at[m.index] ?? 0;
    f.durations.push({ hours, kind: 'since', clause: tokens[ti]?.clause ?? 0, quote: quote(m.index, m.index + m[0].length) });
  }
  const NAMED: [RegExp, number][] = [
    [/\bdepuis (?:toujours|des annees|tres longtemps|l enfance|l adolescence|ma naissance|sa naissance)\b/g, 5 * 8760],
    [/\bdepuis (?:longtemps|des mois|un bon moment)\b/g, 8760 / 2],
    [/\bdepuis (?:des semaines|quelque temps|un moment)\b/g, 3 * 168],
    [/\bdepuis (?:des jours|quelques jours|plusieurs jours|le debut de la semaine|la semaine derniere|le week end|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b/g, 96],
    [/\b(?:depuis )?(?:avant hier|hier soir|hier matin|hier apres midi|hier)\b/g, 24],
    [/\b(?:depuis )?(?:ce matin|cette nuit|la nuit derniere)\b|\bdepuis (?:cet apres midi|ce midi|le reveil|mon reveil|ce soir|tout a l heure)\b/g, 8],
    [/\bdepuis (?:quelques minutes|quelques secondes|maintenant|a l instant)\b|\ba l instant\b/g, 0.5],
  ];
  for (const [re, hours] of NAMED) {
    for (const m of text.matchAll(re)) {
      const ti = at[m.index] ?? 0;
      f.durations.push({ hours, kind: 'since', clause: tokens[ti]?.clause ?? 0, quote: quote(m.index, m.index + m[0].length) });
    }
  }
  // Past clauses: « il y a 2 ans », « l'an dernier », « en 2019 ».
  for (const d of f.durations) if (d.kind === 'ago' && d.hours >= 24 * 180) f.pastClauses.add(d.clause);
  for (const m of text.matchAll(/\b(?:en|depuis|de) (19[5-9]\d|20[0-3]\d)\b/g)) {
    const ti = at[m.index] ?? 0;
    const tok = tokens[ti];
    if (tok && !text.slice(m.index, m.index + 12).startsWith('depuis')) f.pastClauses.add(tok.clause);
  }
  for (const m of text.matchAll(/\b(?:l an dernier|l an passe|l annee derniere|l annee passee|autrefois|dans le passe|quand j etais petite?|dans mon enfance|il y a longtemps)\b/g)) {
    const tok = tokens[at[m.index] ?? 0];
    if (tok) f.pastClauses.add(tok.clause);
  }
  // The delivery date is not the onset of the complaint.
  if (pp) f.durations = f.durations.filter((d) => !(d.kind === 'ago' && pp[0].includes(fold2(d.quote).replace(/[^a-z0-9 ]/g, ' ').replace(/\s+/g, ' ').trim())));
  const current = f.durations.filter((d) => !f.pastClauses.has(d.clause) && !(d.kind === 'ago' && d.hours >= 24 * 180));
  if (current.length > 0) {
    const best = current.reduce((a, b) => (b.hours < a.hours ? b : a));
    f.episodeHours = best.hours;
    f.episodeQuote = best.quote;
  }

  // --- Numbers: temperature, intensity, blood pressure, glycaemia -----------------------------
  const folded = text;
  const temps: [number, number][] = [];
  for (const m of folded.matchAll(/(?:^|[^\d.])(3[5-9]|4[0-2])(?:\.(\d))?\s*(?:degres|deg|de fievre|de temperature|de temp|c\b)/g)) temps.push([Number(`${m[1]}.${m[2] ?? 0}`), m.index]);
  for (const m of folded.matchAll(/\b(?:fievre|temperature|temp|thermometre|febrile)\b[^.]{0,20}?\b(3[5-9]|4[0-2])(?:\.(\d))?\b/g)) temps.push([Number(`${m[1]}.${m[2] ?? 0}`), m.index]);
  for (const m of folded.matchAll(/(?:^|[^\d.])(3[7-9]|4[01])\.(\d)(?![\d.]|\s*(?:kg|cm|g|mg|sa|semaines|mmol|ans|%))/g)) temps.push([Number(`${m[1]}.${m[2]}`), m.index]);
  if (temps.length > 0) {
    const [t, idx] = temps.reduce((a, b) => (b[0] > a[0] ? b : a));
    f.temperature = t;
    f.temperatureQuote = quote(idx, idx + 14).replace(/\s+\S*$/, '') || String(t);
  }
  const intensity = /(?:\b(\d{1,2}) sur 10\b)/.exec(folded) ?? /(?:^|[^\d])(\d{1,2})\s*\/\s*10\b/.exec(original);
  if (intensity) {
    const n = Number(intensity[1]);
    if (n <= 10) {
      f.intensity = n;
      f.intensityQuote = `${n}/10`;
    }
  }
  const bp = /\b(?:tension|ta|pression)\b[^.]{0,15}?\b(\d{2,3})\s*[/ ]\s*(\d{1,3})\b/.exec(fold2(original));
  if (bp) {
    let sys = Number(bp[1]);
    if (sys < 30) sys *= 10;
    if (sys >= 70 && sys <= 300) f.systolic = sys;
  }
  const gly = /\bglycemie[^.]{0,20}?\b(\d(?:[.,]\d+)?)\s*g/.exec(fold2(original));
  if (gly) f.glycemia = Number(gly[1]!.replace(',', '.'));
  return f;
}

function fold2(s: string): string {
  return s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}
