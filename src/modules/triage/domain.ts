/**
 * Triage (pure, offline, explainable): from a French free-text request (lay words, typos, SMS style,
 * relatives writing for someone) to an urgency level, red flags, a specialty with ranked
 * alternatives, and the reasons (the words and facts that led there).
 *
 * How it works
 * - text.ts folds and tokenises the text (spans kept for quoting), expands SMS spellings, computes
 *   negation scopes, and matches the compiled lexicon with one-typo tolerance.
 * - features.ts reads who is concerned (self or relative), age, sex, pregnancy, durations, onset,
 *   temperature, pain intensity.
 * - Clinical rules (below) turn concepts + facts into red flags (→ emergency) and urgent signals;
 *   an acuity score (recent onset, worsening, intensity, routine words) separates soon/routine.
 * - Specialty: weighted term evidence (negated terms dropped, past or family-history clauses
 *   weakened, a specialist named after « par » is the prescriber, not the target), plus syndrome
 *   bonuses from the rules; a child's general medical evidence moves to pediatrics
 *   (see pediatricTransfer in lexicon.ts), pregnancy to gynecology-obstetrics / midwifery.
 */
import { type Features, extractFeatures, type Sex } from './features.ts';
import {
  bodyParts,
  concepts,
  pediatricTransfer,
  redFlagText,
  type Specialty,
  specialtyLabels,
  specialtyLexicon,
  specialtyList,
  urgencyLabels,
} from './lexicon.ts';
import { fold, Matcher, negationScopes, type Token, tokenise } from './text.ts';

export { normalise, fold } from './text.ts';
export type { Features } from './features.ts';

export type Urgency = 'emergency' | 'urgent' | 'soon' | 'routine';
export const urgencyLevels: readonly Urgency[] = ['emergency', 'urgent', 'soon', 'routine'];

export interface TriageInput {
  text: string;
  age?: number | undefined;
  sex?: 'F' | 'M' | undefined;
}

export interface TriageResult {
  urgency: Urgency;
  specialty: string;
  /** Top ranked specialties, the chosen one first; scores 0..1, summing to at most 1. */
  alternatives: { specialty: string; score: number }[];
  /** Stable codes of the signs of a life-threatening emergency found (non-empty ⇒ emergency). */
  redFlags: string[];
  /** Short French sentences naming the words and facts that led there. */
  reasons: string[];
  age?: number;
  sex?: 'F' | 'M';
}

/** Labels of the red-flag codes, in French and English. */
export const redFlagLabels: Record<string, { fr: string; en: string }> = redFlagText;

// ---------------------------------------------------------------------------------------------
// Compiled lexicon (once, at module load)

type Category = 'named' | 'sym' | 'cond' | 'concept';
interface Term {
  id: number;
  /** A bare body part ("dos", "genou"): evidence for a specialty, not a symptom. */
  bodyPart: boolean;
  weights: Partial<Record<Specialty, number>>;
  cat: Category;
  tags: string[];
  /** Never negated (service names, routine markers). */
  keep: boolean;
}

const terms: Term[] = [];
const BODY = new Set(bodyParts);
const matcher = new Matcher();
{
  const byPattern = new Map<string, Term>();
  const addTerm = (pattern: string, cat: Category, spec: Specialty | null, weight: number, tag: string | null, gap: number, keep: boolean) => {
    const key = `${cat === 'named' ? 'named' : cat === 'concept' ? `c:${tag}` : 'spec'}|${pattern}|${gap}`;
    let term = byPattern.get(key);
    if (!term) {
      const slots = fold(pattern).split(/\s+/).filter(Boolean);
      const bodyPart = slots.length === 1 && slots[0]!.split('|').every((a) => BODY.has(a.replace(/\*$/, '')));
      term = { id: terms.length, bodyPart, weights: {}, cat, tags: [], keep };
      terms.push(term);
      byPattern.set(key, term);
      matcher.add(pattern, term.id, gap);
    }
    if (spec) term.weights[spec] = Math.max(term.weights[spec] ?? 0, weight);
    if (cat === 'sym') term.cat = 'sym';
    if (tag && !term.tags.includes(tag)) term.tags.push(tag);
  };
  for (const spec of specialtyList) {
    const lex = specialtyLexicon[spec];
    for (const p of lex.named) addTerm(p, 'named', spec, 5, null, 1, true);
    for (const [w, ...ps] of lex.sym) for (const p of ps) addTerm(p, 'sym', spec, w, null, 1, false);
    for (const [w, ...ps] of lex.cond) for (const p of ps) addTerm(p, 'cond', spec, w, null, 1, false);
  }
  for (const [tag, def] of Object.entries(concepts)) for (const p of def.p) addTerm(p, 'concept', null, 0, tag, def.gap ?? 1, def.keep ?? false);
}

/** Concepts that are symptoms (count as "active symptoms" for urgency). */
const SYMPTOM_TAGS = new Set([
  'fever', 'chills', 'vomiting', 'nausea', 'diarrhea', 'severePain', 'chestPain', 'dyspnea', 'severeDyspnea', 'headache', 'abdoPain', 'bleeding',
  'faceDroop', 'limbWeakness', 'speech', 'loc', 'confusion', 'floppy', 'seizure', 'hives', 'faceSwelling', 'airwaySwelling', 'testicularPain',
  'pelvicPain', 'dentalPain', 'eyePain', 'blurred', 'hearingLoss', 'cannotUse', 'swelling', 'distress', 'palpitations', 'uti', 'flankPain', 'lump',
]);

// ---------------------------------------------------------------------------------------------

interface Hit {
  term: Term;
  start: number;
  end: number;
  negated: boolean;
  cue: number;
  past: boolean;
  family: boolean;
  hypothetical: boolean;
  prescriber: boolean;
  quote: string;
}

interface Signal {
  code: string;
  level: 'emergency' | 'urgent';
  quotes: string[];
  why: string;
  bonus: Partial<Record<Specialty, number>>;
}

const STOP_BEFORE = new Set(['mon', 'ma', 'mes', 'le', 'la', 'les', 'l', 'un', 'une', 'son', 'sa', 'notre', 'votre', 'des', 'du', 'de', 'd']);
const POSSESSIVES = new Set(['mon', 'ma', 'mes', 'son', 'sa', 'notre', 'votre']);
const PRESCRIBING = /^(prescrit|prescrite|prescrits|prescrites|adresse|adressee|envoye|envoyee|oriente|orientee|demande|demandee|conseille|conseillee|recommande|recommandee|fait)$/;
/** Signals whose specialty stays the organ specialist even for a child. */
const ORGAN_SIGNALS = new Set([
  'testicular-torsion', 'testicular-pain', 'ectopic-pregnancy', 'obstetric-emergency', 'pregnancy', 'postpartum', 'eye-chemical-burn', 'sudden-vision-loss',
  'eye-foreign-body', 'retina', 'eye-acute', 'sudden-deafness', 'dental-trauma', 'dental-abscess', 'injury', 'major-trauma', 'epistaxis', 'suicidal-intent', 'suicidal-ideation',
]);
const q = (s: string) => `« ${s.trim()} »`;

function analyse(text: string) {
  const tokens: Token[] = tokenise(text);
  const neg = negationScopes(tokens);
  const raw = matcher.match(tokens);
  const clauseTags = new Map<number, Set<string>>();
  for (const m of raw) {
    const term = terms[m.pattern.term]!;
    if (term.cat !== 'concept') continue;
    const c = tokens[m.start]!.clause;
    const set = clauseTags.get(c) ?? new Set<string>();
    for (const t of term.tags) set.add(t);
    clauseTags.set(c, set);
  }
  const negatedAt = (i: number) => neg[i]! >= 0;
  const features = extractFeatures(text, tokens, negatedAt);
  const hits: Hit[] = [];
  for (const m of raw) {
    const term = terms[m.pattern.term]!;
    const cue = neg[m.start]!;
    let negated = cue >= 0 && (cue < m.start || cue > m.end);
    if (term.keep) negated = negated && tokens[cue]?.w === 'plutot';
    const clause = tokens[m.start]!.clause;
    const ctags = clauseTags.get(clause);
    const past = features.pastClauses.has(clause) || (!!ctags?.has('hist') && !ctags.has('present'));
    // "ne répond pas au traitement" is not unconsciousness.
    if (term.tags.includes('loc') && tokens[m.end]?.w === 'pas' && ['au', 'aux', 'a', 'traitement'].includes(tokens[m.end + 1]?.w ?? '')) continue;
    let prescriber = false;
    if (term.cat === 'named') {
      // « prescrit par mon ORL », « adressée par son cardiologue »: the prescriber, not the target.
      let k = m.start - 1;
      let possessive = false;
      while (k >= 0 && STOP_BEFORE.has(tokens[k]!.w)) {
        if (POSSESSIVES.has(tokens[k]!.w)) possessive = true;
        k--;
      }
      prescriber = tokens[k]?.w === 'par' && (possessive || PRESCRIBING.test(tokens[k - 1]?.w ?? ''));
    }
    const from = negated && cue < m.start ? cue : m.start;
    hits.push({
      term,
      start: m.start,
      end: m.end,
      negated,
      cue,
      past,
      family: !!ctags?.has('family'),
      hypothetical: !!ctags?.has('hypothetical'),
      prescriber,
      quote: text.slice(tokens[from]!.start, tokens[m.end]!.end),
    });
  }
  return { tokens, hits, features };
}

function isActive(h: Hit): boolean {
  return !h.negated && !h.past && !h.family;
}

export function triage(input: TriageInput): TriageResult {
  const text = (input.text ?? '').slice(0, 10_000);
  const { hits, features: f } = analyse(text);

  const active = (tag: string) => hits.filter((h) => isActive(h) && h.term.tags.includes(tag));
  const has = (tag: string) => hits.some((h) => isActive(h) && h.term.tags.includes(tag));
  const quoteOf = (tag: string) => active(tag)[0]?.quote ?? '';
  const quotes = (...tags: string[]) => tags.map(quoteOf).filter(Boolean);

  // ---- Who: text facts beat the file (a parent writes about a child). --------------------------
  const aboutOther = f.writer === 'relative' || f.writer === 'third-party';
  let age = f.age ?? (aboutOther ? undefined : input.age);
  let sex: Sex | undefined = f.sex ?? (aboutOther ? undefined : input.sex);
  if (age === undefined && f.childNoun === 'infant') age = undefined;
  if (f.pregnant || f.postpartumDays !== undefined) sex = 'F';
  const infant = age !== undefined ? age < 2 : f.childNoun === 'infant';
  const child = age !== undefined ? age < 16 : f.childNoun !== undefined;
  const under3Months = age !== undefined && age < 0.25;
  const elderly = age !== undefined && age >= 75;

  const fever = has('fever') || (f.temperature ?? 0) >= 38;
  const feverQuote = f.temperature !== undefined && f.temperature >= 38 ? f.temperatureQuote ?? `${f.temperature}` : quoteOf('fever');
  const episode = f.episodeHours;
  const recent = (h: number) => episode === undefined || episode <= h;
  const severe = has('severePain') || (f.intensity ?? 0) >= 8;
  const anxietyEpisodes = has('anxietyContext') && (has('episodic') || has('cardiacExcluded'));

  const signals: Signal[] = [];
  const flag = (code: string, qs: string[], bonus: Partial<Record<Specialty, number>> = {}) =>
    signals.push({ code, level: 'emergency', quotes: qs, why: redFlagText[code]?.fr ?? code, bonus });
  const urgent = (code: string, qs: string[], why: string, bonus: Partial<Record<Specialty, number>> = {}) =>
    signals.push({ code, level: 'urgent', quotes: qs, why, bonus });

  // ---- Red flags --------------------------------------------------------------------------------
  if (has('arrest') || (has('notBreathing') && (has('loc') || has('floppy')))) flag('cardiac-arrest', quotes('arrest', 'notBreathing', 'loc'), { cardiology: 3 });

  if (has('chestPain')) {
    const features = ['radiation', 'sweating', 'dyspnea', 'severeDyspnea', 'nausea', 'vomiting', 'feelsVeryUnwell', 'atRest', 'nitrate', 'severePain'].filter(has);
    const risk = has('coronaryHistory') || (age ?? 0) >= 50;
    const strong = features.length > 0 || (f.intensity ?? 0) >= 7 || (risk && recent(24));
    if (strong && recent(24 * 7) && !(anxietyEpisodes && !has('radiation') && !has('sweating'))) {
      flag('chest-pain-cardiac', [quoteOf('chestPain'), ...features.slice(0, 2).map(quoteOf)], { cardiology: 4 });
    } else urgent('chest-pain', [quoteOf('chestPain')], 'douleur thoracique à évaluer le jour même', { cardiology: 3 });
  }

  const strokeFace = has('faceDroop');
  const strokeSpeech = has('speech') && !has('severeDyspnea');
  const strokeLimb = has('limbWeakness') && !has('trauma') && !has('cannotUse');
  const strokeNamed = hits.some((h) => isActive(h) && !h.hypothetical && h.term.tags.includes('strokeName'));
  if ((strokeFace || strokeSpeech || strokeLimb || (strokeNamed && recent(24))) && recent(24 * 14)) {
    flag('stroke-signs', quotes('faceDroop', 'speech', 'limbWeakness', 'strokeName').slice(0, 3), { neurology: 4 });
  }

  if (has('headache') && (has('thunderclap') || has('suddenOnset')) && recent(72)) {
    flag('thunderclap-headache', quotes('headache', 'thunderclap', 'suddenOnset'), { neurology: 4 });
  } else if (has('thunderclap') && recent(72) && hits.some((h) => isActive(h) && h.term.tags.includes('thunderclap') && /t[eê]te|cr[aâ]ne/i.test(h.quote))) {
    flag('thunderclap-headache', quotes('thunderclap'), { neurology: 4 });
  }

  if ((fever && has('stiffNeck')) || (has('purpura') && (fever || has('nonBlanching'))) || (fever && has('headache') && has('photophobia') && (has('vomiting') || has('confusion')))) {
    flag('meningitis-signs', [feverQuote, ...quotes('stiffNeck', 'purpura', 'nonBlanching', 'photophobia')].slice(0, 3), { neurology: 4 });
  }

  if (has('loc')) {
    if (recent(48)) flag('loss-of-consciousness', quotes('loc'), { neurology: 2, cardiology: 2 });
    else urgent('syncope', quotes('loc'), 'perte de connaissance récente à explorer', { cardiology: 2, neurology: 2 });
  }

  const sepsis = has('mottled') && (fever || has('floppy') || child);
  if (sepsis || (has('floppy') && fever)) flag('sepsis-signs', [feverQuote, ...quotes('floppy', 'mottled')].filter(Boolean), { pediatrics: child ? 3 : 0, 'general-practice': child ? 0 : 2 });
  else if ((has('confusion') || has('floppy')) && recent(24 * 7)) flag('altered-consciousness', quotes('confusion', 'floppy'), { neurology: 2 });

  const breathing = has('severeDyspnea') || has('cyanosis') || (has('dyspnea') && (has('relieverFail') || has('suddenOnset')));
  if (breathing && !(anxietyEpisodes && !has('cyanosis'))) {
    flag('respiratory-distress', quotes('severeDyspnea', 'cyanosis', 'relieverFail', 'dyspnea').slice(0, 3), { pulmonology: 3 });
  } else if (has('dyspnea') && (has('atRest') || (has('worsening') && recent(72)))) {
    urgent('dyspnea', quotes('dyspnea', 'atRest', 'worsening'), 'essoufflement au repos ou qui s’aggrave', { pulmonology: 2, cardiology: 1 });
  }
  if ((has('dyspnea') || has('chestPain')) && (has('calf') || has('peRisk')) && (has('suddenOnset') || recent(72))) {
    flag('pulmonary-embolism', quotes('dyspnea', 'chestPain', 'calf', 'peRisk').slice(0, 3), { pulmonology: 3, cardiology: 1 });
  }

  const allergyContext = has('allergen') || has('faceSwelling') || has('hives');
  // Anaphylaxis: airway swelling, or skin/face signs with breathing trouble or faintness (WAO criteria).
  const breathingOrFaint = has('dyspnea') || has('severeDyspnea') || has('nearFaint') || has('feelsVeryUnwell') || has('loc');
  if (has('airwaySwelling') || (has('throatTight') && allergyContext) || ((has('faceSwelling') || has('hives')) && breathingOrFaint && (allergyContext || has('faceSwelling')))) {
    flag('anaphylaxis', quotes('airwaySwelling', 'throatTight', 'faceSwelling', 'hives').slice(0, 3), { allergology: 5 });
  } else if ((has('faceSwelling') || (has('hives') && has('generalised'))) && has('allergen') && recent(48)) {
    urgent('allergy', quotes('faceSwelling', 'hives', 'allergen'), 'réaction allergique aiguë sans gêne respiratoire', { allergology: 3 });
  }

  if (has('suicidal') && (has('suicidePlan') || has('overdose'))) flag('suicidal-intent', quotes('suicidal', 'suicidePlan', 'overdose').slice(0, 3), { psychiatry: 5 });
  else if (has('suicidal')) urgent('suicidal-ideation', quotes('suicidal'), 'idées suicidaires sans projet : évaluation psychiatrique rapide', { psychiatry: 4 });
  if (has('overdose') || has('toxic')) flag('poisoning', quotes('overdose', 'toxic'), has('overdose') && !child ? { psychiatry: 3 } : { 'general-practice': 1 });
  if (has('selfHarm') && !has('suicidal')) urgent('self-harm', quotes('selfHarm'), 'automutilation : évaluation psychiatrique rapide', { psychiatry: 3 });

  const shockSigns = has('shock') || has('nearFaint') || has('loc');
  if (has('heavyBleeding') && (shockSigns || has('notStopping')) && recent(24 * 14)) {
    flag('severe-bleeding', quotes('heavyBleeding', 'notStopping', 'shock', 'nearFaint').slice(0, 3), f.postpartumDays !== undefined || f.pregnant ? { 'gynecology-obstetrics': 4 } : {});
  } else if (has('heavyBleeding') && recent(72)) urgent('bleeding', quotes('heavyBleeding'), 'saignement abondant récent');
  if (has('hemoptysis') && (has('heavyBleeding') || (has('dyspnea') && recent(24)))) flag('severe-bleeding', quotes('hemoptysis', 'heavyBleeding', 'dyspnea'), { pulmonology: 4 });
  if (has('hematemesis') || (has('melena') && shockSigns)) flag('gi-bleeding', quotes('hematemesis', 'melena', 'shock'), { gastroenterology: 4 });
  else if (has('melena')) urgent('melena', quotes('melena'), 'selles noires : saignement digestif possible', { gastroenterology: 3 });

  if (fever && under3Months) flag('infant-fever', [feverQuote, f.ageQuote ?? ''].filter(Boolean), { pediatrics: 4 });

  if (has('testicularPain') && sex !== 'F' && (has('suddenOnset') || severe || has('vomiting') || (episode !== undefined && episode <= 24))) {
    flag('testicular-torsion', quotes('testicularPain', 'suddenOnset', 'severePain'), { urology: 5 });
  } else if (has('testicularPain') && sex !== 'F') urgent('testicular-pain', quotes('testicularPain'), 'douleur testiculaire à examiner le jour même', { urology: 3 });

  const earlyPregnancy = (f.pregnant && (f.gestationWeeks === undefined || f.gestationWeeks <= 14)) || has('lateMenses');
  if (earlyPregnancy && has('pelvicPain') && (has('bleeding') || shockSigns) && (severe || has('oneSided') || shockSigns)) {
    flag('ectopic-pregnancy', [f.pregnancyQuote ?? quoteOf('lateMenses'), ...quotes('pelvicPain', 'bleeding', 'nearFaint')].filter(Boolean).slice(0, 4), { 'gynecology-obstetrics': 5 });
  } else if (f.pregnant && (f.gestationWeeks ?? 0) >= 20 && (has('heavyBleeding') || has('seizure') || (has('headache') && (has('visualDisturbance') || has('highBP') || has('edema'))))) {
    flag('obstetric-emergency', [f.pregnancyQuote ?? '', ...quotes('heavyBleeding', 'seizure', 'headache', 'visualDisturbance')].filter(Boolean), { 'gynecology-obstetrics': 5 });
  } else if (f.pregnant && (has('bleeding') || has('pelvicPain') || has('waters') || has('contractions') || has('fetalMovement') || has('abdoPain'))) {
    urgent('pregnancy', [f.pregnancyQuote ?? '', ...quotes('bleeding', 'pelvicPain', 'waters', 'contractions', 'fetalMovement')].filter(Boolean).slice(0, 3), 'symptôme pendant la grossesse : maternité ou gynécologue le jour même', { 'gynecology-obstetrics': 4 });
  } else if (f.postpartumDays !== undefined && f.postpartumDays <= 42 && (fever || has('bleeding') || has('pelvicPain'))) {
    urgent('postpartum', [f.pregnancyQuote ?? '', ...quotes('bleeding', 'pelvicPain')].filter(Boolean), 'symptôme après l’accouchement', { 'gynecology-obstetrics': 4 });
  }

  if (has('seizure') || (has('seizureWeak') && (has('loc') || has('floppy')))) {
    if (has('epilepsyKnown') && !recent(1)) urgent('seizure-known', quotes('seizure', 'epilepsyKnown'), 'crise chez une personne épileptique connue', { neurology: 3 });
    else if (recent(24 * 3)) flag('seizure', quotes('seizure', 'seizureWeak', 'loc'), { neurology: 4 });
  }

  if (has('burn')) {
    if (has('burnSevere') || child || (f.intensity ?? 0) >= 8) flag('severe-burn', quotes('burn', 'burnSevere'), child ? { pediatrics: 3 } : { dermatology: 3 });
    else urgent('burn', quotes('burn'), 'brûlure à examiner', { dermatology: 3, nursing: 1 });
  }

  const headInjury = has('headTrauma') || (has('trauma') && (elderly || has('anticoag')));
  if (headInjury && (has('loc') || has('confusion') || has('anticoag') || has('seizure') || (has('headTrauma') && has('vomiting')))) {
    flag('head-injury', quotes('headTrauma', 'trauma', 'confusion', 'anticoag', 'loc').slice(0, 3), { neurology: 4 });
  } else if (has('headTrauma') && recent(48)) urgent('head-trauma', quotes('headTrauma'), 'choc à la tête récent', { neurology: 2 });

  if (has('openFracture') || (has('majorTrauma') && (has('loc') || has('confusion') || has('severeDyspnea') || has('heavyBleeding') || has('cannotUse') || severe))) {
    flag('major-trauma', quotes('majorTrauma', 'openFracture', 'cannotUse'), { orthopedics: 3 });
  } else if (has('majorTrauma') && recent(72)) urgent('trauma', quotes('majorTrauma'), 'accident récent', { orthopedics: 2 });

  if (has('abdoPain') && has('rigidAbdomen') && (severe || fever || has('vomiting'))) flag('acute-abdomen', quotes('abdoPain', 'rigidAbdomen'), { gastroenterology: 3 });
  if (has('limbCold') && (severe || has('suddenOnset')) && !has('trauma')) flag('limb-ischaemia', quotes('limbCold', 'severePain', 'suddenOnset'), { cardiology: 3 });
  if (has('cauda') && (has('flankPain') || hits.some((h) => isActive(h) && /\bdos\b/i.test(h.quote)))) flag('cauda-equina', quotes('cauda', 'flankPain'), { neurology: 2, orthopedics: 2 });
  if (has('eye') && has('chemical') && recent(24)) flag('eye-chemical-burn', quotes('chemical', 'eye'), { ophthalmology: 5 });
  if (has('visionLoss') && (has('suddenOnset') || (episode !== undefined && episode <= 24))) flag('sudden-vision-loss', quotes('visionLoss', 'suddenOnset'), { ophthalmology: 4 });
  if (fever && has('immunosuppressed')) flag('fever-immunosuppressed', [feverQuote, quoteOf('immunosuppressed')], { oncology: 4 });

  // ---- Urgent signals (see within 24 h) --------------------------------------------------------
  const localSigns = ['chills', 'abdoPain', 'flankPain', 'swelling', 'unwell', 'rigidAbdomen', 'cantSwallow'].filter(has);
  if (fever && ((f.temperature ?? 0) >= 40 || (infant && (f.temperature ?? 0) >= 39) || (age !== undefined && age < 0.5))) {
    urgent('high-fever', [feverQuote, f.ageQuote ?? ''].filter(Boolean), 'forte fièvre (ou fièvre d’un nourrisson)', { pediatrics: child ? 2 : 0 });
  } else if (fever && (localSigns.length > 0 || severe)) {
    urgent('fever-local', [feverQuote, ...localSigns.slice(0, 2).map(quoteOf)], 'fièvre avec un foyer douloureux ou des frissons');
  }
  if ((has('trauma') || has('deformity')) && (has('deformity') || has('cannotUse') || (has('swelling') && severe)) && recent(72)) {
    urgent('injury', quotes('trauma', 'deformity', 'cannotUse').slice(0, 3), 'traumatisme avec déformation ou impotence : radio le jour même', { orthopedics: 3 });
  }
  if (has('eye') && has('eyeForeignBody')) urgent('eye-foreign-body', quotes('eyeForeignBody', 'eye'), 'corps étranger dans l’œil', { ophthalmology: 4 });
  if (has('retinal') && recent(24 * 7)) urgent('retina', quotes('retinal'), 'éclairs, mouches ou voile : décollement de rétine possible', { ophthalmology: 4 });
  else if (has('eye') && (has('eyePain') || has('blurred')) && recent(72) && episode !== undefined) urgent('eye-acute', quotes('eyePain', 'blurred'), 'œil douloureux ou vision brouillée récente', { ophthalmology: 3 });
  if (has('hearingLoss') && (has('suddenOnset') || (episode !== undefined && episode <= 72))) urgent('sudden-deafness', quotes('hearingLoss', 'suddenOnset'), 'baisse brutale de l’audition', { ent: 4 });
  if (has('toothTrauma') && (has('trauma') || child)) urgent('dental-trauma', quotes('toothTrauma', 'trauma'), 'dent cassée ou expulsée : dentiste au plus vite', { dentistry: 4 });
  if (has('dentalPain') && (has('facialSwelling') || fever)) urgent('dental-abscess', quotes('dentalPain', 'facialSwelling'), 'douleur dentaire avec gonflement ou fièvre', { dentistry: 3 });
  if (has('dehydration') && (child || elderly || infant)) urgent('dehydration', quotes('dehydration'), 'signes de déshydratation', { pediatrics: child ? 3 : 0 });
  if (infant && (age ?? 1) < 0.5 && (has('vomiting') || has('diarrhea') || has('floppy'))) urgent('young-infant', quotes('vomiting', 'diarrhea'), 'nourrisson de moins de 6 mois', { pediatrics: 3 });
  if (has('uti') && (fever || has('flankPain'))) urgent('pyelonephritis', quotes('uti', 'flankPain', 'chills').concat(feverQuote).filter(Boolean).slice(0, 3), 'infection urinaire avec fièvre ou douleur lombaire', { urology: 4 });
  if (has('renalColic') || (has('flankPain') && severe && recent(48))) urgent('renal-colic', quotes('renalColic', 'flankPain'), 'colique néphrétique', { urology: 3 });
  if (has('retention') && !child) urgent('retention', quotes('retention'), 'impossible d’uriner', { urology: 4 });
  if (has('agitation')) urgent('psychiatric-crisis', quotes('agitation'), 'troubles du comportement aigus', { psychiatry: 3 });
  if (severe && recent(48) && !signals.length) urgent('severe-pain', quotes('severePain'), 'douleur intense et récente');
  if (has('bite')) urgent('bite', quotes('bite'), 'morsure', { 'general-practice': 1 });
  if (has('calf') && !has('dyspnea')) urgent('phlebitis', quotes('calf', 'peRisk'), 'mollet douloureux : phlébite possible', { cardiology: 3 });
  if (has('dyspnea') && has('edema') && (has('worsening') || recent(24 * 21)) && (elderly || has('coronaryHistory') || has('atRest'))) urgent('heart-failure', quotes('dyspnea', 'edema'), 'essoufflement avec œdèmes : insuffisance cardiaque possible', { cardiology: 3 });
  if (has('epistaxis') && has('notStopping')) urgent('epistaxis', quotes('epistaxis', 'notStopping'), 'saignement de nez qui ne s’arrête pas', { ent: 3 });
  if (has('cantSwallow') && fever) urgent('throat', quotes('cantSwallow'), 'impossible d’avaler avec fièvre', { ent: 3 });
  if ((f.systolic ?? 0) >= 180 && (has('headache') || has('chestPain') || has('visualDisturbance') || has('confusion'))) urgent('hypertension', [`${f.systolic}`], 'tension très élevée avec symptômes', { cardiology: 2 });
  if ((f.glycemia ?? 0) >= 3 || has('hyperglycemia')) urgent('hyperglycemia', quotes('hyperglycemia'), 'glycémie très élevée', { endocrinology: 3 });
  if (elderly && has('trauma') && recent(72)) urgent('elderly-fall', quotes('trauma'), 'chute d’une personne âgée');

  const redFlags = [...new Set(signals.filter((s) => s.level === 'emergency').map((s) => s.code))];
  const urgentSignals = signals.filter((s) => s.level === 'urgent');

  // ---- Acuity: soon vs routine ----------------------------------------------------------------
  const symptomatic = hits.some((h) => isActive(h) && ((h.term.cat === 'sym' && !h.term.bodyPart) || h.term.tags.some((t) => SYMPTOM_TAGS.has(t))));
  let acuity = 0;
  const acuityReasons: string[] = [];
  if (symptomatic) acuity += 1;
  if (episode !== undefined) {
    const dq = f.episodeQuote ? q(f.episodeQuote) : 'la durée';
    if (episode <= 24) {
      acuity += symptomatic ? 1.5 : 0.5;
      acuityReasons.push(`${dq} : début récent`);
    } else if (episode <= 24 * 14) acuity += 1;
    else if (episode <= 24 * 42) acuity += 0.5;
    else if (episode > 24 * 61) {
      acuity -= 1;
      acuityReasons.push(`${dq} : évolution ancienne`);
    }
  } else if (has('chronic')) {
    acuity -= 1;
    acuityReasons.push(`${q(quoteOf('chronic'))} : problème ancien ou récurrent`);
  } else if (symptomatic) acuity += 0.5;
  if (has('worsening')) {
    acuity += 0.5;
    acuityReasons.push(`${q(quoteOf('worsening'))} : aggravation`);
  }
  if (has('nocturnal')) acuity += 0.5;
  if (severe) acuity += 1;
  else if ((f.intensity ?? 0) >= 6) acuity += 0.5;
  if (has('urgentTimeframe')) acuity += 1;
  const routineHits = hits.filter((h) => !h.negated && h.term.tags.includes('routineMarker'));
  const routineWords = [...new Set(routineHits.map((h) => h.quote))];
  acuity -= Math.min(2, routineWords.length);
  if (has('notUrgent')) acuity -= 2;
  if (routineWords.length > 0) acuityReasons.push(`${routineWords.slice(0, 2).map(q).join(', ')} : demande programmée ou administrative`);

  const soonFloor: string[] = [];
  for (const tag of ['lump', 'weightLoss', 'anemia', 'rectalBlood', 'hematuria', 'hemoptysis', 'moleChange', 'nonHealing', 'soonTimeframe', 'distress', 'safetyRisk']) {
    if (has(tag) && !(tag === 'lump' && has('resolved'))) soonFloor.push(quoteOf(tag));
  }
  if ((f.systolic ?? 0) >= 160) soonFloor.push(`${f.systolic}`);
  // Pain that wakes at night is a warning sign (inflammatory, infectious or tumoral cause).
  if (has('nocturnal') && hits.some((h) => isActive(h) && /douleur|douloureu|\bmal\b/i.test(h.quote))) soonFloor.push(quoteOf('nocturnal'));
  if ((f.glycemia ?? 0) >= 2) soonFloor.push(`glycémie ${f.glycemia} g/L`);
  if (fever) soonFloor.push(feverQuote);

  let urgency: Urgency;
  if (redFlags.length > 0) urgency = 'emergency';
  else if (urgentSignals.length > 0 || acuity >= 3) urgency = 'urgent';
  else if (acuity >= 1.5 || soonFloor.length > 0) urgency = 'soon';
  else urgency = 'routine';

  // ---- Specialty --------------------------------------------------------------------------------
  const score = Object.fromEntries(specialtyList.map((s) => [s, 0])) as Record<Specialty, number>;
  score['general-practice'] = 0.4;
  const contributions = new Map<Specialty, { w: number; quote: string; start: number; end: number }[]>();
  const best = new Map<string, { w: number; h: Hit }>();
  for (const h of hits) {
    if (h.negated) continue;
    let factor = h.past ? 0.6 : h.family ? 0.5 : 1;
    if (h.prescriber) factor *= 0.3;
    for (const [spec, w] of Object.entries(h.term.weights) as [Specialty, number][]) {
      const key = `${h.term.id}|${spec}`;
      const v = w * factor;
      const prev = best.get(key);
      if (!prev || v > prev.w) best.set(key, { w: v, h });
    }
  }
  for (const [key, { w, h }] of best) {
    const spec = key.split('|')[1] as Specialty;
    const list = contributions.get(spec) ?? [];
    list.push({ w, quote: h.quote, start: h.start, end: h.end });
    contributions.set(spec, list);
  }
  const named = new Set<Specialty>();
  for (const [spec, list] of contributions) {
    // Overlapping matches of one specialty count once (the strongest).
    list.sort((a, b) => b.w - a.w);
    const taken: { start: number; end: number }[] = [];
    for (const c of list) {
      if (taken.some((t) => c.start <= t.end && t.start <= c.end)) continue;
      taken.push(c);
      score[spec] += c.w;
    }
  }
  for (const h of hits) if (!h.negated && h.term.cat === 'named' && !h.prescriber) for (const s of Object.keys(h.term.weights)) named.add(s as Specialty);

  // Exam requests: an imaging or lab test to be done goes to radiology or the laboratory.
  const sentencesWithIntent = new Set(active('examIntent').map((h) => h.start));
  const intentSentence = (h: Hit) => [...sentencesWithIntent].some((i) => Math.abs(i - h.start) < 25);
  const exam = (spec: Specialty) => hits.some((h) => !h.negated && h.term.cat === 'cond' && (h.term.weights[spec] ?? 0) > 0 && intentSentence(h));
  if (exam('radiology')) score.radiology += 4;
  if (exam('medical-biology')) score['medical-biology'] += 4;
  // Panic attacks with the heart already checked: a psychological, not a cardiac, problem.
  if (anxietyEpisodes) {
    score.cardiology *= 0.5;
    score.psychology += 3;
    score.psychiatry += 1;
  }
  // Distress after a delivery: perinatal psychiatry.
  if (f.postpartumDays !== undefined && has('distress')) score.psychiatry += 2;

  const reasons: string[] = [];
  if (f.pregnant || (f.postpartumDays !== undefined && f.postpartumDays <= 60)) {
    score['gynecology-obstetrics'] += 2;
    score.midwifery += 1;
  }
  if (sex === 'M') {
    score['gynecology-obstetrics'] *= 0.1;
    score.midwifery *= 0.1;
  }

  let pediatricShift = 0;
  if (child) {
    for (const spec of specialtyList) {
      if (named.has(spec)) continue;
      const share = pediatricTransfer[spec][infant ? 1 : 0] * score[spec];
      score[spec] -= share;
      score.pediatrics += share;
      pediatricShift += share;
    }
    score.pediatrics += infant ? 2 : 1;
  }
  // Syndrome bonuses of the rules. A child's general medical emergency goes to pediatrics like the
  // rest of the evidence; organ-specific ones (torsion, eye, teeth, injury, pregnancy) stay.
  for (const s of signals) {
    for (const [spec, b] of Object.entries(s.bonus) as [Specialty, number][]) {
      const share = child && !ORGAN_SIGNALS.has(s.code) ? pediatricTransfer[spec][infant ? 1 : 0] * b : 0;
      score[spec] += b - share;
      score.pediatrics += share;
    }
  }

  const ranked = specialtyList.map((s) => ({ specialty: s, raw: Math.max(0, score[s]) })).sort((a, b) => b.raw - a.raw);
  const total = ranked.reduce((sum, r) => sum + r.raw, 0) + 1;
  const top = ranked[0]!;
  const alternatives = ranked
    .filter((r, i) => i === 0 || (i < 4 && r.raw / total >= 0.05))
    .map((r) => ({ specialty: r.specialty as string, score: Math.floor((r.raw / total) * 1000) / 1000 }));
  const specialty = top.specialty;

  // ---- Reasons (French, quoting the words) ------------------------------------------------------
  for (const s of signals.filter((x) => x.level === 'emergency')) {
    const qs = [...new Set(s.quotes.filter(Boolean))].slice(0, 3);
    reasons.push(`${qs.length ? `${qs.map(q).join(' + ')} → ` : ''}signe d’alerte : ${s.why.charAt(0).toLowerCase()}${s.why.slice(1)}`);
  }
  if (redFlags.length === 0) {
    for (const s of urgentSignals.slice(0, 2)) {
      const qs = [...new Set(s.quotes.filter(Boolean))].slice(0, 3);
      reasons.push(`${qs.length ? `${qs.map(q).join(' + ')} → ` : ''}à voir dans les 24 h : ${s.why}`);
    }
  }
  const ageFromFile = f.age === undefined && age !== undefined;
  if (ageFromFile) {
    reasons.push(`Âge du dossier : ${age! < 2 ? `${Math.round(age! * 12)} mois` : `${Math.floor(age!)} ans`}${child && specialty === 'pediatrics' ? ' → orientation pédiatrique' : ''}`);
  } else if (age !== undefined || f.childNoun || f.relative) {
    const who = f.relative ? `${f.relative}` : 'la personne';
    const ageText = age === undefined ? '' : age < 2 ? `${Math.max(0, Math.round(age * 12))} mois` : `${Math.floor(age)} ans`;
    const quoteAge = f.ageQuote ? ` (${q(f.ageQuote)})` : '';
    const orient = child && specialty === 'pediatrics' && pediatricShift > 0 ? ' → orientation pédiatrique' : child && specialty !== 'pediatrics' ? ` → problème d’organe : ${specialtyLabels[specialty]} même chez l’enfant` : '';
    if (ageText || orient) reasons.push(`Personne concernée : ${f.relative ? who : ageText ? `${ageText}` : who}${f.relative && ageText ? `, ${ageText}` : ''}${quoteAge}${orient}`);
    else if (f.relative) reasons.push(`Demande écrite pour un proche : ${q(f.relative)}`);
  }
  if (f.pregnant && f.pregnancyQuote) reasons.push(`${q(f.pregnancyQuote)} : grossesse prise en compte`);
  else if (f.postpartumDays !== undefined && f.pregnancyQuote) reasons.push(`${q(f.pregnancyQuote)} : suites de couches prises en compte`);

  const why = (contributions.get(specialty) ?? []).filter((c) => c.w > 0).sort((a, b) => b.w - a.w);
  const distinct = [...new Set(why.map((c) => c.quote))];
  // Keep the most telling quotes, without one that is a part of another (« poitrine » in « douleur dans la poitrine »).
  const words = distinct.filter((w) => !distinct.some((o) => o !== w && fold(o).includes(fold(w)))).slice(0, 4);
  if (words.length > 0) reasons.push(`${words.map(q).join(', ')} → ${specialtyLabels[specialty]}`);
  else if (specialty === 'pediatrics' && child) reasons.push(`Enfant → ${specialtyLabels.pediatrics}`);
  else reasons.push(`Pas de mot spécifique d’une spécialité → ${specialtyLabels[specialty]} par défaut`);
  const prescriberHit = hits.find((h) => h.prescriber);
  if (prescriberHit) reasons.push(`${q(prescriberHit.quote)} : prescripteur, pas la spécialité demandée`);

  // A negated match whose negation word belongs to an affirmed pattern (« ne sens plus le bébé bouger ») is not "absent".
  const negatedHits = hits.filter((h) => h.negated && (h.term.cat === 'sym' || h.term.tags.some((t) => SYMPTOM_TAGS.has(t))) && !hits.some((o) => !o.negated && o.start <= h.cue && h.cue <= o.end));
  const negWords = [...new Set(negatedHits.map((h) => h.quote))].slice(0, 2);
  if (negWords.length > 0) reasons.push(`${negWords.map(q).join(', ')} : signe absent, non retenu`);
  const pastHits = hits.filter((h) => h.past && !h.negated && (h.term.cat === 'sym' || h.term.tags.some((t) => SYMPTOM_TAGS.has(t))));
  if (pastHits.length > 0 && redFlags.length === 0) reasons.push(`${q(pastHits[0]!.quote)} : antécédent, pas un symptôme actuel`);
  if (redFlags.length === 0 && urgentSignals.length === 0) {
    if (urgency === 'soon' && soonFloor.length > 0) reasons.push(`${[...new Set(soonFloor.filter(Boolean))].slice(0, 2).map(q).join(', ')} → à voir dans la semaine`);
    for (const r of acuityReasons.slice(0, 2)) reasons.push(r);
  }
  reasons.push(`Urgence proposée : ${urgencyLabels[urgency]}`);

  const result: TriageResult = { urgency, specialty, alternatives, redFlags, reasons };
  if (age !== undefined) result.age = age;
  if (sex !== undefined) result.sex = sex;
  return result;
}

/** The facts read from a text (for tests and explanations). */
export function readFeatures(text: string): Features {
  return analyse(text).features;
}

/** The lexicon matches found in a text, with their negation and context (for tests and tuning). */
export function explainMatches(text: string): { quote: string; tags: string[]; weights: Partial<Record<Specialty, number>>; negated: boolean; past: boolean }[] {
  return analyse(text).hits.map((h) => ({ quote: h.quote, tags: h.term.tags, weights: h.term.weights, negated: h.negated, past: h.past }));
}
