import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { explainMatches, normalise, readFeatures, redFlagLabels, triage } from './domain.ts';
import { specialtyCodes, specialtyLexicon, specialtyList } from './lexicon.ts';

const CHEST = 'douleur dans la poitrine qui serre et irradie dans le bras gauche, sueurs';
const MOLE = 'un grain de beauté qui a changé de forme et de couleur';

const matched = (text: string, tag: string) => explainMatches(text).filter((m) => m.tags.includes(tag));

describe('codes', () => {
  test('the specialty codes are exactly those of shared/data/specialties.json', () => {
    const shared = JSON.parse(readFileSync(join(import.meta.dirname, '../../../../shared/data/specialties.json'), 'utf8')) as { specialties: { code: string }[] };
    assert.deepEqual([...specialtyCodes].sort(), shared.specialties.map((s) => s.code).sort());
    assert.deepEqual(Object.keys(specialtyLexicon).sort(), [...specialtyList].sort());
  });
  test('every red flag code has a French and an English label', () => {
    for (const [code, l] of Object.entries(redFlagLabels)) assert.ok(l.fr && l.en, code);
  });
});

describe('normalisation', () => {
  test('lower case, no accents, SMS spellings and glued units expanded', () => {
    assert.equal(normalise('jai mal o ventre dpuis 2j').text, 'j ai mal au ventre depuis 2 jours');
    assert.equal(normalise('Fièvre à 38,5 ; ŒIL rouge').text, 'fievre a 38.5 oeil rouge');
    assert.equal(normalise('jsuis tt le tps fatigué, g mal ds le dos').text, 'je suis tout le temps fatigue j ai mal dans le dos');
    assert.equal(normalise('maaaal à la têêête depuis 3h').text, 'mal a la tete depuis 3 heures');
  });
  test('typos one letter away still match (5+ letters), short words do not', () => {
    assert.equal(triage({ text: 'jai mal au vantre depuis hier' }).specialty, 'gastroenterology');
    assert.ok(matched('douleur dans la poitrinne qui serre', 'chestPain').length > 0);
    assert.ok(matched('forte fiévre et frisons', 'chills').length > 0);
    // « électriques » is not « électrisé » (typo on the last letter of a stem is refused)
    assert.equal(matched('décharges électriques dans la joue', 'burn').length, 0);
  });
});

describe('negation', () => {
  test('negated signs do not count', () => {
    assert.ok(matched('pas de fièvre', 'fever').every((m) => m.negated));
    assert.ok(matched('sans douleur dans la poitrine', 'chestPain').every((m) => m.negated));
    assert.ok(matched('je ne tousse pas', 'fever').length === 0);
    assert.ok(explainMatches('je ne tousse pas').filter((m) => m.quote.startsWith('tousse')).every((m) => m.negated));
    assert.ok(matched('Il ne parle pas de se faire du mal.', 'suicidal').length === 0 || matched('Il ne parle pas de se faire du mal.', 'suicidal').every((m) => m.negated));
    assert.ok(matched("il n'a plus de fièvre", 'fever').every((m) => m.negated));
  });
  test('a negation does not cross a comma or « mais »', () => {
    assert.ok(matched("pas de toux, mais de la fièvre", 'fever').every((m) => !m.negated));
  });
  test('negated abilities are symptoms: « n’arrive plus à respirer » is distress, « pas mal de » is not a negation', () => {
    assert.ok(matched("je n'arrive plus à respirer", 'severeDyspnea').some((m) => !m.negated));
    assert.ok(explainMatches("j'ai pas mal de douleurs au ventre").some((m) => m.tags.includes('abdoPain') && !m.negated));
  });
  test('negated red flags do not raise an emergency', () => {
    const r = triage({ text: 'Toux depuis 5 jours, pas de fièvre, pas de douleur dans la poitrine, je respire bien' });
    assert.notEqual(r.urgency, 'emergency');
    assert.ok(r.reasons.some((x) => /signe absent/.test(x)));
  });
});

describe('who is concerned: age, sex, pregnancy', () => {
  test('relatives and ages', () => {
    const fille = readFeatures('ma fille de 3 ans a de la fièvre');
    assert.equal(fille.age, 3);
    assert.equal(fille.sex, 'F');
    assert.equal(fille.writer, 'relative');
    const pere = readFeatures('mon père, 82 ans, est tombé');
    assert.equal(pere.age, 82);
    assert.equal(pere.sex, 'M');
    const bebe = readFeatures('bébé de 2 mois qui tousse');
    assert.ok(bebe.age !== undefined && Math.abs(bebe.age - 2 / 12) < 0.01);
    assert.equal(readFeatures("j'ai 45 ans et mal au dos").age, 45);
    assert.equal(readFeatures('64 ans, ma main tremble').age, 64);
  });
  test('durations are not ages', () => {
    assert.equal(readFeatures("j'ai mal au dos depuis 3 ans").age, undefined);
    assert.equal(readFeatures('il y a 2 ans, opérée du genou').age, undefined);
  });
  test('pregnancy and its term; « pas enceinte » is not a pregnancy', () => {
    const p = readFeatures('je suis enceinte de 5 mois');
    assert.equal(p.pregnant, true);
    assert.ok(p.gestationWeeks! >= 20 && p.gestationWeeks! <= 24);
    assert.equal(readFeatures('Pas enceinte, fièvre à 39').pregnant, false);
    assert.equal(readFeatures("J'ai accouché il y a 5 jours").postpartumDays, 5);
  });
  test('the text beats the file: a parent writing about a child', () => {
    const r = triage({ text: 'Mon fils de 4 ans tousse et a 38,5 depuis 2 jours, il joue', age: 40, sex: 'F' });
    assert.equal(r.age, 4);
    assert.equal(r.sex, 'M');
    assert.equal(r.specialty, 'pediatrics');
    assert.ok(r.reasons.some((x) => /pédiatrique/.test(x)));
  });
  test('child routing: general problems to pediatrics, organ problems to the specialist', () => {
    assert.equal(triage({ text: 'ma fille de 6 ans a de la diarrhée et vomit depuis hier' }).specialty, 'pediatrics');
    assert.equal(triage({ text: 'mon fils de 8 ans a une carie, il a mal à une dent' }).specialty, 'dentistry');
    assert.equal(triage({ text: 'ma fille de 7 ans louche depuis quelques semaines' }).specialty, 'ophthalmology');
    assert.equal(triage({ text: 'le dossier dit 5 ans : toux et fièvre depuis hier', age: 5 }).specialty, 'pediatrics');
  });
  test('pregnancy goes to gynecology-obstetrics; a male subject never does', () => {
    assert.equal(triage({ text: 'Enceinte de 30 semaines, des contractions depuis une heure' }).specialty, 'gynecology-obstetrics');
    assert.notEqual(triage({ text: 'mon mari a une douleur dans le bas ventre depuis hier' }).specialty, 'gynecology-obstetrics');
  });
});

describe('the product journeys', () => {
  test('chest pain radiating to the left arm with sweats: emergency, cardiology, chest-pain red flag', () => {
    const r = triage({ text: CHEST });
    assert.equal(r.urgency, 'emergency');
    assert.equal(r.specialty, 'cardiology');
    assert.ok(r.redFlags.includes('chest-pain-cardiac'));
    assert.ok(r.reasons.some((x) => /poitrine/.test(x) && /irradie/.test(x)), r.reasons.join(' | '));
  });
  test('a changing mole: dermatology, not an emergency, with reasons', () => {
    const r = triage({ text: MOLE });
    assert.equal(r.specialty, 'dermatology');
    assert.notEqual(r.urgency, 'emergency');
    assert.ok(r.reasons.some((x) => /grain de beauté/.test(x)));
  });
  test('alternatives: chosen first, scores in 0..1 summing to at most 1', () => {
    for (const text of [CHEST, MOLE, 'fatigue', '']) {
      const r = triage({ text });
      assert.equal(r.alternatives[0]!.specialty, r.specialty);
      const sum = r.alternatives.reduce((s, a) => s + a.score, 0);
      assert.ok(sum <= 1 && r.alternatives.every((a) => a.score >= 0 && a.score <= 1));
      assert.ok(specialtyCodes.includes(r.specialty));
    }
  });
});

describe('red-flag families', () => {
  const cases: [string, string, string?][] = [
    ['chest-pain-cardiac', "oppression dans la poitrine depuis 30 min au repos, j'ai des nausées et je transpire", 'cardiology'],
    ['stroke-signs', 'mon mari a la bouche de travers et il bafouille depuis 20 minutes', 'neurology'],
    ['stroke-signs', "ma mère ne trouve plus ses mots et son bras droit retombe tout seul", 'neurology'],
    ['thunderclap-headache', 'mal de tête brutal, comme un coup de tonnerre, le pire de ma vie', 'neurology'],
    ['meningitis-signs', 'fièvre à 39,5, mal à la tête et la nuque raide', 'neurology'],
    ['meningitis-signs', "mon fils de 5 ans a 40 de fièvre et des taches violettes qui ne s'effacent pas", 'pediatrics'],
    ['loss-of-consciousness', "mon père s'est évanoui il y a 10 minutes dans la cuisine"],
    ['respiratory-distress', "j'étouffe, je n'arrive plus à respirer, mes lèvres sont bleues", 'pulmonology'],
    ['anaphylaxis', 'piqûre de guêpe, ma langue gonfle et j ai du mal à respirer', 'allergology'],
    ['suicidal-intent', "je veux en finir, j'ai acheté une corde", 'psychiatry'],
    ['severe-bleeding', "je me suis coupé à la cuisse, ça saigne beaucoup et ça ne s'arrête pas, je me sens partir"],
    ['infant-fever', 'bébé de 5 semaines, 38,4 de fièvre', 'pediatrics'],
    ['testicular-torsion', "douleur brutale au testicule gauche depuis 2 heures, 16 ans", 'urology'],
    ['ectopic-pregnancy', "retard de règles, test positif, douleur violente à droite du ventre et je saigne", 'gynecology-obstetrics'],
    ['seizure', 'ma fille convulse, les yeux révulsés, elle ne répond plus'],
    ['severe-burn', "brûlé par de l'huile bouillante sur tout le bras, la peau est blanche"],
    ['poisoning', "mon fils de 2 ans a avalé de l'eau de javel", 'pediatrics'],
    ['sepsis-signs', 'fièvre à 40, il a des marbrures sur les genoux et il est tout mou'],
    ['gi-bleeding', "j'ai vomi du sang ce matin"],
    ['head-injury', 'chute dans l escalier, il s est cogné la tête et depuis il vomit et il est confus'],
    ['eye-chemical-burn', "projection d'eau de javel dans l'oeil il y a 5 minutes", 'ophthalmology'],
    ['fever-immunosuppressed', 'sous chimiothérapie, 38,7 de fièvre depuis ce soir', 'oncology'],
  ];
  for (const [code, text, specialty] of cases) {
    test(`${code}: ${text}`, () => {
      const r = triage({ text });
      assert.equal(r.urgency, 'emergency', JSON.stringify(r));
      assert.ok(r.redFlags.includes(code), `${r.redFlags.join(',')} — ${r.reasons.join(' | ')}`);
      if (specialty) assert.equal(r.specialty, specialty, JSON.stringify(r.alternatives));
      assert.ok(r.reasons.some((x) => /signe d’alerte/.test(x)));
    });
  }
  test('look-alikes are not emergencies', () => {
    for (const text of [
      "J'ai fait un infarctus il y a 5 ans, tout va bien, je voudrais mon contrôle annuel",
      'Boule sur un testicule, pas douloureuse, depuis un mois',
      'Ma femme dit que je ronfle et que j arrête de respirer la nuit',
      'je tombe de fatigue ces temps-ci',
      "j'ai peur de faire un AVC comme mon père, je voudrais un bilan",
      'Tombé au ski, je ne peux plus bouger le bras, il a une forme anormale',
      'brûlures d’estomac après les repas depuis des mois',
    ]) {
      const r = triage({ text });
      assert.notEqual(r.urgency, 'emergency', `${text} → ${r.redFlags.join(',')}`);
    }
  });
});

describe('urgency modifiers', () => {
  test('recent onset and intensity push up, old durations and administrative words push down', () => {
    assert.equal(triage({ text: 'douleur au ventre 9/10 depuis 2 heures' }).urgency, 'urgent');
    assert.equal(triage({ text: "mal au genou depuis 3 mois quand je cours" }).urgency, 'routine');
    assert.equal(triage({ text: 'je voudrais un devis pour un détartrage' }).urgency, 'routine');
    assert.equal(triage({ text: 'renouvellement de mes lunettes, rien de pressé' }).urgency, 'routine');
    assert.equal(triage({ text: 'toux et nez qui coule depuis 4 jours' }).urgency, 'soon');
  });
});

test('the specialty and urgency table of the code equals shared/data/specialties.json', async () => {
  const { readFileSync } = await import('node:fs');
  const { specialties, urgencyLevels } = await import('../../platform/specialties.ts');
  const shared = JSON.parse(readFileSync(new URL('../../../../shared/data/specialties.json', import.meta.url), 'utf8')) as {
    specialties: { code: string; fr: string; en: string; rppsSavoirFaire?: string[]; rppsProfession?: string }[];
    urgency: { code: string; fr: string; en: string }[];
  };
  assert.deepEqual(
    specialties.map(({ code, fr, en, rppsSavoirFaire, rppsProfession }) => ({ code, fr, en, rppsSavoirFaire: [...rppsSavoirFaire], rppsProfession })),
    shared.specialties.map(({ code, fr, en, rppsSavoirFaire, rppsProfession }) => ({ code, fr, en, rppsSavoirFaire: rppsSavoirFaire ?? [], rppsProfession: rppsProfession ?? null })),
  );
  assert.deepEqual(
    urgencyLevels.map(({ code, fr, en }) => ({ code, fr, en })),
    shared.urgency.map(({ code, fr, en }) => ({ code, fr, en })),
  );
});
