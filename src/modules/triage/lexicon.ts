/**
 * Triage lexicon: typed data only (no logic). French lay and medical words per specialty, clinical
 * concepts used by the red-flag and urgency rules, and the small word lists of the normaliser.
 *
 * Pattern syntax (compiled once by text.ts): slots separated by spaces; in a slot, alternatives
 * separated by `|`; an alternative ending with `*` is a stem (prefix match). Accents are folded, so
 * write normal French. Articles and prepositions ("de", "la", "au"…) are dropped from patterns and
 * skipped in texts, so "mal ventre" matches « mal au ventre », « mal o ventre », « mal de ventre ».
 * `=word` keeps a stop word as a literal slot ("=en finir"). Words of 5+ letters also match with
 * one typo (Damerau-Levenshtein ≤ 1).
 */

import { labelsIn, type Specialty, specialties, specialtyList } from '../../platform/specialties.ts';

export { type Specialty, specialtyList };
/** The same codes as plain strings, for membership checks on user input. */
export const specialtyCodes: readonly string[] = specialtyList;
export const specialtyLabels: Record<Specialty, string> = labelsIn(specialties, 'fr');

export const urgencyLabels = {
  emergency: 'Urgence vitale',
  urgent: 'Urgent (24 h)',
  soon: 'Rapide (dans la semaine)',
  routine: 'Programmé',
} as const;

/**
 * Share of a specialty's evidence that goes to pediatrics when the person is a child (< 16 years),
 * and when an infant (< 2 years). Organ-specific and procedural specialties keep the child
 * (dentist, eye, orthopaedic trauma, psychologist, imaging, laboratory, physiotherapy, nursing…);
 * general medical problems of a child go to the pediatrician.
 */
export const pediatricTransfer: Record<Specialty, [child: number, infant: number]> = {
  'general-practice': [1, 1],
  cardiology: [0.5, 0.8],
  dermatology: [0.4, 0.8],
  gastroenterology: [0.8, 1],
  neurology: [0.6, 0.8],
  orthopedics: [0.1, 0.3],
  pediatrics: [0, 0],
  psychiatry: [0.2, 0.5],
  psychology: [0, 0.3],
  'gynecology-obstetrics': [0.1, 0.5],
  ophthalmology: [0, 0.2],
  ent: [0.5, 0.8],
  endocrinology: [0.5, 0.8],
  pulmonology: [0.8, 1],
  rheumatology: [0.6, 0.9],
  urology: [0.3, 0.6],
  nephrology: [0.5, 0.8],
  oncology: [0.3, 0.5],
  allergology: [0.5, 0.8],
  radiology: [0, 0],
  'medical-biology': [0, 0],
  dentistry: [0, 0.3],
  physiotherapy: [0, 0],
  midwifery: [0, 0],
  nursing: [0, 0],
};

// ---------------------------------------------------------------------------------------------
// Normaliser word lists

/** Skipped when matching patterns (never carry meaning alone). Negation words are NOT here. */
export const stopWords: readonly string[] = [
  'le', 'la', 'les', 'l', 'un', 'une', 'des', 'de', 'du', 'd', 'au', 'aux', 'a', 'en', 'dans', 'sur', 'sous', 'par',
  'pour', 'avec', 'chez', 'et', 'ou', 'ce', 'cet', 'cette', 'ces', 'c', 'ca', 'cela', 'mon', 'ma', 'mes', 'ton',
  'ta', 'tes', 'son', 'sa', 'ses', 'notre', 'nos', 'votre', 'vos', 'leur', 'leurs', 'j', 'je', 'tu', 'il', 'elle',
  'on', 'nous', 'vous', 'ils', 'elles', 'me', 'm', 'te', 't', 's', 'se', 'lui', 'y', 'qu', 'que', 'qui', 'dont',
  'est', 'suis', 'es', 'sont', 'ai', 'as', 'avons', 'ont', 'ne', 'n', 'tres', 'trop', 'vraiment', 'super', 'hyper',
  'assez', 'peu', 'beaucoup', 'un', 'comme', 'si', 'aussi', 'fois', 'tellement', 'vachement', 'grave', 'bien',
];

/** SMS spellings and frequent contractions → canonical tokens. */
export const smsMap: Record<string, string[]> = {
  jai: ['j', 'ai'], jsuis: ['je', 'suis'], jsui: ['je', 'suis'], chui: ['je', 'suis'], chuis: ['je', 'suis'], jss: ['je', 'suis'],
  javais: ['j', 'avais'], jetais: ['j', 'etais'], jarrive: ['j', 'arrive'], jarrete: ['j', 'arrete'], jaimerais: ['j', 'aimerais'],
  jaurais: ['j', 'aurais'], jen: ['j', 'en'], jy: ['j', 'y'], jhabite: ['j', 'habite'], jentends: ['j', 'entends'], jessaie: ['j', 'essaie'],
  cest: ['c', 'est'], ct: ['c', 'etait'], ya: ['il', 'y', 'a'], yen: ['il', 'y', 'en'], kelle: ['qu', 'elle'], kil: ['qu', 'il'],
  o: ['au'], ds: ['dans'], dpuis: ['depuis'], dpui: ['depuis'], depui: ['depuis'], dps: ['depuis'], dp: ['depuis'], dep: ['depuis'],
  pdt: ['pendant'], pr: ['pour'], ac: ['avec'], tt: ['tout'], tte: ['toute'], ts: ['tous'], tjr: ['toujours'], tjrs: ['toujours'],
  tjs: ['toujours'], bcp: ['beaucoup'], bcq: ['beaucoup'], qd: ['quand'], qnd: ['quand'], kan: ['quand'], kand: ['quand'],
  ke: ['que'], ki: ['qui'], koi: ['quoi'], kwa: ['quoi'], pk: ['pourquoi'], pq: ['pourquoi'], pcq: ['parce', 'que'],
  pck: ['parce', 'que'], psk: ['parce', 'que'], paske: ['parce', 'que'], ptet: ['peut', 'etre'], ptetre: ['peut', 'etre'],
  ptit: ['petit'], ptite: ['petite'], nn: ['non'], bb: ['bebe'], mm: ['meme'], fo: ['faut'], tro: ['trop'], ns: ['nous'],
  vs: ['vous'], ms: ['mais'], qq: ['quelques'], qqs: ['quelques'], qlq: ['quelques'], qques: ['quelques'], qqch: ['quelque', 'chose'],
  qqc: ['quelque', 'chose'], qqn: ['quelqu', 'un'], tps: ['temps'], rdv: ['rendez', 'vous'], medoc: ['medicament'],
  medocs: ['medicaments'], toubib: ['medecin'], ordo: ['ordonnance'], pa: ['pas'], aujourdhui: ['aujourd', 'hui'], auj: ['aujourd', 'hui'],
  diare: ['diarrhee'], diaree: ['diarrhee'], diarhe: ['diarrhee'], fievr: ['fievre'], fivre: ['fievre'], tempe: ['temperature'],
  ophtalmo: ['ophtalmo'], bj: ['bonjour'], bjr: ['bonjour'], slt: ['salut'], stp: ['svp'], mtn: ['maintenant'], mnt: ['maintenant'],
  jcrois: ['je', 'crois'], grd: ['grand'], grd_mere: ['grand', 'mere'], mamy: ['mamie'], papy: ['papi'], mr: ['monsieur'], mme: ['madame'],
  mlle: ['madame'], vomie: ['vomi'], vomit: ['vomi'], gastroenterologue: ['gastro', 'enterologue'], gastro_enterologue: ['gastro', 'enterologue'],
};

/** Units glued to numbers in SMS style: "2j", "3h", "10min". */
export const unitMap: Record<string, string> = {
  j: 'jours', jr: 'jours', jrs: 'jours', jours: 'jours', jour: 'jours', h: 'heures', hr: 'heures', hrs: 'heures', heures: 'heures', heure: 'heures',
  mn: 'minutes', min: 'minutes', mins: 'minutes', minutes: 'minutes', sem: 'semaines', semaines: 'semaines', semaine: 'semaines', an: 'ans',
  ans: 'ans', mois: 'mois', kg: 'kg', kilos: 'kg', cm: 'cm', mm: 'mm', sa: 'sa', ml: 'ml', mg: 'mg', g: 'g', l: 'l', deg: 'degres', c: 'degres',
};

/** Bare body-part words: evidence for a specialty, but not a symptom by themselves. */
export const bodyParts: readonly string[] = [
  'dos', 'genou', 'genoux', 'hanche', 'hanches', 'epaule', 'epaules', 'cheville', 'chevilles', 'poignet', 'poignets', 'coude', 'coudes', 'pied', 'pieds',
  'main', 'mains', 'bras', 'jambe', 'jambes', 'cuisse', 'mollet', 'orteil', 'orteils', 'doigt', 'doigts', 'talon', 'os', 'ventre', 'abdomen', 'estomac',
  'tete', 'oeil', 'yeux', 'vue', 'peau', 'gorge', 'nez', 'oreille', 'oreilles', 'cou', 'nuque', 'poitrine', 'coeur', 'sein', 'seins', 'dent', 'dents',
  'bouche', 'machoire', 'cuir', 'cheveux', 'ongle', 'ongles', 'visage', 'joue', 'poumon', 'poumons', 'rein', 'reins', 'vessie', 'foie', 'intestin',
  'colon', 'anus', 'uterus', 'ovaire', 'ovaires', 'prostate', 'testicule', 'testicules', 'sinus', 'voix', 'vision', 'voir', 'vois', 'loin', 'pres', 'lumiere',
];

/** Common French words that must never be "corrected" into a lexicon word (fuzzy matching guard). */
export const commonWords: readonly string[] = [
  'signe', 'signes', 'signer', 'soigne', 'soigner', 'soignee', 'seule', 'seules', 'seuls', 'celles', 'vendre', 'vente', 'centre', 'cendre',
  'sentir', 'sentie', 'mince', 'manger', 'mange', 'faire', 'cette', 'depuis', 'avant', 'apres', 'encore', 'toujours', 'jamais', 'autre',
  'autres', 'matin', 'heure', 'heures', 'jours', 'semaine', 'semaines', 'annee', 'annees', 'petit', 'petite', 'petits', 'grand', 'grande',
  'enfant', 'enfants', 'madame', 'monsieur', 'bonjour', 'merci', 'besoin', 'voudrais', 'aimerais', 'pourrais', 'savoir', 'cherche',
  'trouver', 'rendez', 'parler', 'donne', 'donner', 'prendre', 'mettre', 'passe', 'passer', 'moins', 'assez', 'toute', 'toutes', 'parce',
  'pourquoi', 'comment', 'combien', 'quelque', 'quelques', 'chose', 'choses', 'femme', 'homme', 'fille', 'garcon', 'travail', 'maison',
  'ecole', 'college', 'lycee', 'voiture', 'cours', 'docteur', 'mieux', 'elles', 'notre', 'votre', 'leurs', 'celle', 'celui', 'poser',
  'boire', 'dormir', 'nuits', 'journee', 'prochain', 'derniere', 'dernier', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi',
  'dimanche', 'coupe', 'couper', 'coupee', 'pense', 'penser', 'crois', 'croire', 'faut', 'falloir', 'pouvez', 'pouvoir', 'possible', 'urgent',
  'rapide', 'depuis', 'quand', 'alors', 'ensuite', 'puis', 'mere', 'pere', 'frere', 'soeur', 'famille', 'ville', 'place', 'places', 'heureux',
  'porte', 'porter', 'portes', 'sortir', 'sortie', 'tenir', 'tient', 'venir', 'vient', 'viens', 'sais', 'savez', 'moment', 'temps', 'monde',
  'toute', 'entre', 'entrer', 'contre', 'comme', 'chaque', 'plein', 'pleine', 'meme', 'memes', 'selon', 'sinon', 'reste', 'rester',
  'essaye', 'essayer', 'fumer', 'fume', 'marche', 'marcher', 'courir', 'monter', 'descendre', 'lever', 'leve', 'bouger', 'aller', 'allez',
  'telephone', 'appel', 'appeler', 'message', 'adresse', 'suite', 'suivre', 'suivie', 'suivi', 'ordonnance', 'traitement', 'probleme',
  'problemes', 'souci', 'soucis', 'inquiet', 'inquiete', 'peur', 'vraiment', 'sportif', 'sports', 'velo', 'course', 'piscine', 'chien',
  'chat', 'chats', 'chiens', 'cheval', 'chevaux', 'jardin', 'repas', 'dernierement', 'derniers', 'tombe', 'tombee', 'semble', 'sembler',
  'serait', 'seraient', 'aurait', 'avait', 'avais', 'etait', 'etais', 'etre', 'avoir', 'fait', 'faits', 'faite', 'dites', 'disent', 'dire',
  'mains', 'gauche', 'droite', 'droit', 'haut', 'milieu', 'devant', 'derriere', 'dessus', 'dessous', 'cotes', 'cote', 'coude', 'coule',
  'bouche', 'bouger', 'boule', 'bulle', 'pilule', 'tenue', 'vendu', 'rendu', 'perdu', 'perdue', 'tordu', 'pendu', 'mordu', 'voir', 'voit',
];

// ---------------------------------------------------------------------------------------------
// Specialty terms

/** [weight, ...patterns] */
export type WeightedPatterns = [number, ...string[]];
export interface SpecialtyLexicon {
  /** The specialist or service named ("dermato", "kiné", "laboratoire"): strong, never negated. */
  named: string[];
  /** Symptoms and acute problems: count as "active symptoms" for urgency. */
  sym: WeightedPatterns[];
  /** Conditions, procedures, tests, treatments: evidence for the specialty, not symptoms. */
  cond: WeightedPatterns[];
}

export const specialtyLexicon: Record<Specialty, SpecialtyLexicon> = {
  'general-practice': {
    named: ['medecin traitant', 'generaliste*', 'medecin famille', 'medecine generale', 'medecin garde', 'sos medecin*'],
    sym: [
      [3, 'rhume', 'grippe', 'syndrome grippal', 'rhino*', 'covid*', 'angine'],
      [2.5, 'gastro'],
      [2, 'lumbago', 'tour rein*', 'torticolis', 'mal gorge', 'gorge irritee', 'courbature*', 'tique*', 'morsure tique'],
      [1.5, 'fatigue*', 'fatigu*', 'epuise*', 'toux', 'tousse*', 'fievre*', 'febrile', 'nez bouche', 'nez coule', 'nez qui coule', 'mal partout'],
      [1.5, 'sinusite', 'bronchite', 'mal dos', 'mal de dos', 'douleur* dos', 'porte* lourd|meuble|carton*', 'soulev* lourd|meuble|carton*'],
      [1, 'mal tete', 'maux tete', 'nausee*', 'vomi*', 'diarrh*', 'vertige*', 'insomnie*', 'dors mal', 'perte appetit', 'frisson*', 'plaie', 'coupure', 'pale', 'paleur', 'essouffl*'],
      [1, 'cystite', 'infection urinaire', 'tension', 'hypertension', 'poussee tension', 'conjonctivite', 'eruption*', 'bouton*', 'ganglion*'],
    ],
    cond: [
      [3, 'certificat*', 'arret travail', 'bilan sante', 'check up', 'checkup', 'suivi general', 'renouvel* ordonnance|traitement'],
      [3, 'arreter fumer', 'arret tabac', 'sevrage tabac*', 'tabacolog*'],
      [2, 'antibio*', 'vaccin*', 'rappel vaccin*', 'cholesterol', 'points suture', 'suture*', 'prise poids'],
    ],
  },
  cardiology: {
    named: ['cardiolog*', 'cardio', 'rythmolog*'],
    sym: [
      [3, 'douleur* thoraci*', 'oppression thoraci*', 'palpitation*', 'tachycard*', 'bradycard*', 'arythmi*', 'extrasystol*'],
      [3, 'douleur*|mal|serr*|oppress*|poids|barre|etau poitrine|thorax|sternum', 'poitrine serre*|oppress*|comprim*|ecras*'],
      [3, 'coeur bat|battre|tape|cogne vite|fort|irregulier*|chamade', 'coeur emball*|saute|accelere*|irregulier*', 'coeur qui s emballe'],
      [2, 'malaise effort', 'essouffl* effort', 'essouffl* escalier*', 'jambes gonfl*', 'chevilles gonfl*', 'oedeme* jambes|chevilles|membres'],
      [1.5, 'essouffl*', 'souffle court', 'syncope*', 'malaise*'],
      [3, 'mollet gonfl*|douloureux|rouge|dur', 'douleur*|mal mollet*', 'phlebite', 'thrombose', 'claudication', 'douleur*|mal jambe*|mollet* marche*', 'passe* arret', 'dort assis', 'orthopnee'],
      [1, 'poitrine', 'coeur', 'vertige*', 'fatigue effort'],
    ],
    cond: [
      [3, 'infarctus', 'crise cardiaque', 'angine poitrine', 'angor', 'stent*', 'pontage', 'pacemaker', 'pile cardiaque', 'stimulateur cardiaque'],
      [3, 'defibrillateur', 'fibrillation', 'flutter', 'insuffisance cardiaque', 'pericardite', 'myocardite', 'endocardite', 'souffle coeur', 'valve', 'valvul*'],
      [3, 'retrecissement aortique', 'electrocardiogramme', 'ecg', 'holter', 'epreuve effort', 'test effort', 'echographie cardiaque', 'echo cardiaque', 'coronar*'],
      [3, 'natispray', 'trinitrine', 'anevrisme', 'aorte', 'cardiaque', 'cardiomyopath*', 'arteriopathie', 'arteres bouchees', 'doppler arteriel'],
      [2, 'hypertension', 'tension elevee|haute|forte', 'hypertendu*', 'antihypertenseur*', 'anticoagul*', 'kardegic', 'statine*'],
      [1, 'cholesterol', 'tension', 'varice*', 'controle cardio*'],
    ],
  },
  dermatology: {
    named: ['dermato*', 'dermatolog*', 'venerolog*'],
    sym: [
      [3, 'grain* beaute', 'naevus', 'naevi', 'nevus', 'tache* brune*|noire*|pigment*', 'urticaire'],
      [3, 'plaque* rouge*', 'plaques peau', 'demangeaison*', 'prurit', 'gratte*', 'chute cheveux', 'perd* cheveux', 'alopeci*', 'pellicule*', 'cuir chevelu'],
      [3, 'rosacee', 'couperose', 'vitiligo', 'impetigo', 'gale', 'molluscum', 'zona', 'herpes', 'bouton* fievre', 'mycose* pied*|ongle*|peau', 'pied athlete'],
      [3, 'bouton*|lesion*|tache*|grain* saigne*|croute*', 'guerit pas', 'change* forme|couleur|taille|aspect', 'grossi*', 'ongle* incarne*', 'ongle*', 'cicatrice*', 'lipome', 'kyste* peau|sebace*', 'dartre*', 'coup soleil'],
      [2, 'peau', 'rougeur*', 'bouton*', 'eruption*', 'pele*', 'desquam*', 'croute*', 'lesion*', 'tache*', 'boutons', 'cloque*', 'brulure*', 'transpiration excessive', 'hyperhidrose', 'irritation*'],
      [1.5, 'plaques', 'seche*', 'angiome', 'poils', 'cheveux', 'verrue plantaire', 'mycose*', 'champignon*', 'ulcere jambe', 'escarre*', 'plaie cicatrise pas'],
    ],
    cond: [
      [3, 'verrue*', 'eczema', 'acne', 'psoriasis', 'melanome', 'cancer peau', 'carcinome*', 'cryotherap*', 'faire bruler', 'bruler verrue*', 'laser', 'epilation laser', 'depistage grains|naevus|peau'],
      [2, 'creme*', 'pommade*', 'cortisone creme'],
    ],
  },
  gastroenterology: {
    named: ['gastro enterolog*', 'gastroenterolog*', 'gastro entero', 'hepato gastro*', 'hepatolog*', 'proctolog*'],
    sym: [
      [3, 'brulure* estomac', 'remontee* acide*', 'reflux', 'rgo', 'sang selles', 'rectorragi*', 'selles noires', 'hemorroide*', 'fissure anale', 'ictere', 'jaunisse', 'jaune'],
      [3, 'sous cotes droite', 'vesicule', 'calcul* biliaire*|vesicule', 'colique hepatique', 'ballonn*', 'constip*', 'diarrh*', 'transit', 'glaire*', 'selles'],
      [2.5, 'mal ventre', 'maux ventre', 'douleur* ventre|abdo*|abdominal*|estomac|epigastr*', 'crampe* ventre|estomac', 'bas droite', 'fosse iliaque droite'],
      [2, 'gastro', 'ventre', 'abdomen', 'abdominal*', 'estomac', 'digestion', 'digere*', 'nausee*', 'vomi*', 'vomissement*', 'gaz', 'anus', 'mal avaler', 'avaler difficil*', 'intestin*', 'colon'],
      [1.5, 'perdu* kg|kilos|poids', 'maigri*', 'amaigri*', 'perte poids', 'anemi*', 'foie'],
    ],
    cond: [
      [3, 'coloscopie', 'fibroscopie', 'gastroscopie', 'endoscopie', 'ulcere estomac|gastrique', 'ulcere', 'hepatite*', 'cirrhose', 'pancrea*', 'crohn', 'rectocolite', 'mici'],
      [3, 'polype*', 'colopathie', 'intestin irritable', 'colon irritable', 'coeliaque', 'gluten', 'appendicite', 'diverticul*', 'helicobacter', 'cancer colon|colorectal|estomac|foie|pancreas', 'stomie'],
      [1.5, 'hernie', 'calcul*'],
    ],
  },
  neurology: {
    named: ['neurolog*', 'neuro'],
    sym: [
      [5, 'decharge* electrique*', 'nevralgie*'],
      [3, 'migraine*', 'trouve* plus|pas mots', 'bouche travers', 'visage paralys*', 'paralysie faciale', 'convuls*', 'crise* epilep*|convulsiv*'],
      [3, 'tremble* repos', 'tremblement*', 'ecriture* petite|rapetiss*', 'trous memoire', 'perte* memoire', 'oublie* tout', 'perd* memoire', 'paralys*', 'hemipleg*'],
      [2.5, 'mal tete', 'maux tete', 'cephale*', 'douleur* tete', 'engourdi*', 'fourmill*', 'picote*', 'faiblesse* bras|jambe|main|cote', 'perd* equilibre', 'trouble* equilibre|marche|parole|langage'],
      [2, 'tremble*', 'perte connaissance', 'perdu connaissance', 'evanoui*', 'confus*', 'desorient*', 'parle* bizarre*|mal|travers', 'bafouill*', 'vision double', 'vois double', 'nerf', 'nerfs'],
      [1.5, 'vertige*', 'equilibre', 'sciatique', 'malaise*', 'faiblesse', 'oublie*', 'insensib*', 'spasme*', 'tics'],
    ],
    cond: [
      [3, 'epilep*', 'parkinson', 'sclerose plaques', 'sep', 'alzheimer', 'demence', 'avc', 'accident vasculaire', 'neuropathie*', 'myasthenie', 'sla', 'charcot', 'narcolepsie'],
      [3, 'eeg', 'electroencephalogramme', 'emg', 'electromyogramme', 'irm cerebrale', 'commotion*', 'traumatisme cranien', 'canal carpien', 'hernie discale'],
    ],
  },
  orthopedics: {
    named: ['orthopedist*', 'chirurg* orthoped*', 'orthopedie', 'ortho', 'traumatolog*', 'chirurgien main', 'sos main'],
    sym: [
      [3, 'fractur*', 'casse|cassee|casses|cassees', 'luxation', 'deboit*', 'entorse', 'menisque', 'ligament*', 'croise*', 'derobe*', 'forme anormale', 'deform*', 'tordu*', 'os sort|depasse'],
      [2, 'genou*', 'hanche*', 'epaule*', 'cheville*', 'poignet*', 'coude*', 'pied*', 'talon', 'tendon*', 'rupture', 'chute', 'tombe*', 'traumatism*', 'bloque*', 'platre', 'attelle', 'boite*'],
      [2, 'peu* plus|pas poser pied', 'poser pied', 'double* volume', 'coupe* profond*', 'coupure profonde', 'plaie profonde', 'main', 'doigt*', 'os'],
      [1.5, 'arthrose', 'tendinite*', 'gonfl*', 'dos', 'bras', 'jambe*', 'cuisse', 'mollet', 'orteil*', 'scoliose', 'hallux', 'oignon pied'],
    ],
    cond: [
      [3, 'prothese* hanche|genou|epaule', 'prothese*', 'arthroscopie', 'avis chirurgical', 'hallux valgus', 'ligamentoplastie', 'osteosynthese', 'canal carpien', 'operer*', 'opere*'],
      [1.5, 'chirurgie', 'chirurgien', 'radio'],
    ],
  },
  pediatrics: {
    named: ['pediatr*', 'pedopsy*'],
    sym: [
      [3, 'bronchiolite', 'varicelle', 'rougeole', 'roseole', 'scarlatine', 'pied main bouche', 'coliques nourrisson', 'coliques', 'regurgit*', 'poussee* dentaire*', 'fontanelle'],
      [3, 'poux', 'lentes', 'pipi lit', 'enuresie', 'enuretique'],
      [2, 'biberon*', 'tetee*', 'couche*', 'creche', 'nounou', 'maternelle', 'pleure* tout temps|beaucoup|sans arret', 'croissance', 'courbe'],
    ],
    cond: [[3, 'carnet sante', 'vaccins bebe', 'visite obligatoire', 'retard croissance|langage|marche']],
  },
  psychiatry: {
    named: ['psychiatr*', 'pedopsychiatr*', 'cmp'],
    sym: [
      [2, 'psy'],
      [4, 'suicid*', 'idees noires', '=en finir', 'envie mourir', 'veu* mourir', 'plus envie vivre', 'mettre fin jours|vie', 'lettre* adieu', '=me|se tuer'],
      [3, 'hallucin*', 'entend* voix', 'delir*', 'paranoi*', 'persecut*', 'scarifi*', 'automutil*', '=se fait =du mal', '=se faire =du mal', '=me faire =du mal', '=se fait mal', 'crise* clastique*', 'maniaque', 'decompens*'],
      [2.5, 'anorexi*', 'boulimi*', 'vomit expres', 'toc', 'obsession*', 'addiction*', 'dependance*', 'alcool*', 'drogue*', 'cannabis', 'cocaine', 'heroine', 'sevrage'],
      [2, 'depression*', 'depressi*', 'deprim*', 'gout rien', 'envie rien', 'ne dort plus', 'dort plus', 'pleure tout temps', 'agressi*', 'violence*', 'devenu* violent*', 'comportement violent*', 'mutique', 'agite*'],
      [1.5, 'angoisse*', 'anxi*', 'panique', 'insomnie*', 'moral', 'triste*', 'vide', 'tdah', 'hyperactiv*', 'trouble* comportement'],
    ],
    cond: [
      [3, 'antidepresseur*', 'anxiolytique*', 'neuroleptique*', 'antipsychotique*', 'lithium', 'bipolaire', 'schizophren*', 'psychose', 'psychotique', 'depakote', 'xeroquel'],
      [2, 'arret progressif', 'diminuer traitement', 'hospitalisation psychiatrique', 'hdt', 'sdre', 'post partum', 'baby blues', 'depression post partum'],
    ],
  },
  psychology: {
    named: ['psychologue*', 'psy', 'psychotherap*', 'therapie', 'therapeute', 'tcc', 'neuropsycholog*'],
    sym: [
      [3, 'harcel*', 'burn out', 'burnout', 'epuisement professionnel', 'phobie scolaire', 'refuse* aller ecole|college|lycee', 'confiance soi', 'estime soi', 'parler quelqu un', 'besoin parler', 'mal etre'],
      [2, 'stress*', 'anxi*', 'angoisse*', 'crise* angoisse|panique', 'attaque* panique', 'deuil', 'separation', 'divorce', 'phobie*', 'peur*', 'traumatis*', 'choque*'],
      [1.5, 'pleure*', 'triste*', 'dort mal', 'cauchemar*', 'moral', 'vide', 'gout rien', 'deprim*', 'solitude', 'isole*', 'conflit*', 'couple', 'ecole'],
    ],
    cond: [[3, 'therapie couple', 'therapie familiale', 'bilan psychologique', 'bilan neuropsycholog*', 'test qi', 'accompagnement psycholog*', 'suivi psycholog*']],
  },
  'gynecology-obstetrics': {
    named: ['gyneco*', 'gynecolog*', 'obstetric*', 'maternite', 'gyne'],
    sym: [
      [3, 'regles', 'menstru*', 'ovaire*', 'uterus', 'pertes blanches|vaginales|marron', 'vagin*', 'vulv*', 'mycose vaginale', 'saignement* regles', 'retard regles', 'douleur* pelvienne*', 'bouffees chaleur'],
      [3, 'sein', 'seins', 'mamelon*', 'contraction*', 'perte* eaux', 'poche eaux', 'bebe bouge*', 'sens* plus|pas bebe', 'mouvements bebe', 'fausse couche', 'saign* enceinte'],
      [2.5, 'enceinte', 'grossesse', 'accouch*', 'cesarienne', 'post partum', 'bas ventre', 'cycle*', 'saign* entre'],
    ],
    cond: [
      [3, 'frottis', 'endometriose', 'fibrome*', 'kyste* ovaire|ovarien*', 'contraception', 'pilule', 'sterilet', 'implant contraceptif', 'menopause', 'ivg', 'fiv', 'pma', 'infertilit*', 'sopk'],
      [3, 'col uterus', 'colposcopie', 'hpv', 'papillomavirus', 'echographie pelvienne', 'test grossesse', 'mammographie', 'cancer sein', 'ovaires polykystiques', 'amniocentese', 'diabete gestationnel'],
    ],
  },
  ophthalmology: {
    named: ['ophtalmo*', 'ophtalmolog*', 'opthalmo*', 'ophtalmologiste', 'orthoptiste', 'oculiste'],
    sym: [
      [3, 'oeil', 'yeux', 'vue', 'vois flou', 'voit flou', 'vision floue|trouble|double|baisse', 'voit mal', 'vois mal', 'paupiere*', 'larmoi*', 'cornee', 'pupille*', 'retine'],
      [3, 'mouches volantes', 'corps flottants', 'eclair* lumineux', 'voile noir|sombre|gris', 'rideau', 'plisse* yeux', 'voi* loin|pres', 'vue loin|pres', 'orgelet', 'chalazion', 'strabisme', 'louche'],
      [2, 'flou', 'vision', 'voit mal tableau', 'conjonctivite', 'yeux rouges', 'oeil rouge', 'yeux secs', 'secheresse oculaire', 'eclat*', 'lumiere'],
    ],
    cond: [
      [3, 'lunettes', 'lentille*', 'myop*', 'presbyt*', 'astigmat*', 'hypermetrop*', 'cataracte', 'glaucome', 'dmla', 'decollement retine', 'fond oeil', 'champ visuel', 'correction'],
    ],
  },
  ent: {
    named: ['orl', 'oto rhino*', 'otorhino*', 'audioprothesiste'],
    sym: [
      [3, 'oreille*', 'otite*', 'acouphene*', 'bourdonnement*', 'siffle* oreille*', 'entend* mal|plus|rien', 'surdit*', 'sourd*', 'cerumen', 'bouchon oreille', 'oreille coule', 'mastoid*'],
      [3, 'amygdale*', 'voix', 'enroue*', 'aphone', 'cordes vocales', 'saign* nez', 'saignement* nez', 'epistaxis', 'nez bouche tout temps', 'sinus', 'odorat', 'gout', 'tourne* piece', 'tout tourne'],
      [2, 'vertige*', 'nez', 'sinusite', 'mal gorge', 'deglut*'],
      [1, 'gorge', 'avaler', 'angine'],
      [2, 'ronfle*', 'ganglion* cou', 'cou', 'vegetations', 'cloison', 'polype* nez|nasal*'],
    ],
    cond: [[3, 'audiogramme', 'audition', 'auditif', 'appareil* auditif*', 'aerateur*', 'yoyo*', 'amygdalectomie', 'septoplastie', 'deviation cloison']],
  },
  endocrinology: {
    named: ['endocrino*', 'diabetolog*', 'diabeto', 'nutritionniste'],
    sym: [
      [3, 'glycemie', 'hyperglyc*', 'hypoglyc*', 'soif', 'boi* =beaucoup', 'hba1c', 'hemoglobine glyquee', 'goitre', 'nodule thyroid*'],
      [2, 'prise poids', 'pris kilos|kg', 'grossi', 'perte poids', 'pilosite', 'poils', 'bouffees chaleur', 'leve nuit uriner', 'uriner nuit'],
    ],
    cond: [
      [3, 'diabete', 'diabetique*', 'insuline', 'metformine', 'pompe insuline', 'freestyle', 'capteur glycemie', 'thyroid*', 'hypothyroid*', 'hyperthyroid*', 'hashimoto', 'basedow', 'tsh', 'levothyrox'],
      [3, 'obesite', 'surpoids', 'chirurgie bariatrique', 'sleeve', 'bypass', 'surrenal*', 'hypophys*', 'cortisol', 'testosterone', 'hormon*', 'osteoporose', 'sopk'],
    ],
  },
  pulmonology: {
    named: ['pneumolog*', 'pneumo'],
    sym: [
      [3, 'crach* sang', 'tousse* sang', 'hemoptys*', 'apnee*', 'arrete* respirer nuit', 'pauses respiratoires', 'ronfle*', 'dyspnee', 'siffle*', 'sifflement*'],
      [2.5, 'essouffl*', 'souffle court', 'manque* souffle|air', 'mal respirer', 'difficult* respir*', 'respire* mal|difficilement', 'gene respiratoire', 'toux chronique', 'tousse tout temps', 'crachat*', 'expector*'],
      [1.5, 'toux', 'tousse*', 'poumon*', 'pulmonaire*', 'respir*', 'somnolence', 'endor* journee', 'fatigue journee', 'fatigue* journee'],
    ],
    cond: [
      [3, 'asthme', 'asthmatique', 'bpco', 'bronchite chronique', 'emphysem*', 'pneumonie', 'pneumopathie', 'pleuresie', 'embolie pulmonaire', 'tuberculose', 'nodule pulmonaire', 'fibrose pulmonaire'],
      [3, 'ventoline', 'inhalateur*', 'seretide', 'symbicort', 'spirometrie', 'efr', 'polygraphie', 'polysomnographie', 'enregistrement sommeil', 'ppc', 'oxygene'],
      [1.5, 'radio poumons|thorax', 'scanner thoracique'],
      [1, 'fumeur', 'fume*', 'tabac', 'cigarette*'],
    ],
  },
  rheumatology: {
    named: ['rhumatolog*', 'rhumato'],
    sym: [
      [3, 'douleurs articulaires', 'articulation*', 'articulaire*', 'raideur* matinale*', 'derouillage', 'doigts gonfl*', 'raide* matin|reveil|lever', 'raideur* lever|matin|reveil'],
      [2.5, 'bas dos', 'lombaire*', 'lombalgie*', 'sciatique', 'cruralgie', 'mal dos', 'douleur* dos', 'reveille* nuit', 'reveille* 4h|matin', 'mieux bougeant', 'mieux en bougeant'],
      [2, 'raideur*', 'raide*', 'genoux', 'mains', 'poignets', 'epaule*', 'nuque', 'cervical*', 'dos', 'gonfl*', 'tendinite*', 'talon'],
    ],
    cond: [
      [3, 'arthrose', 'arthrite*', 'polyarthrite', 'rhumatisme*', 'spondyl*', 'goutte', 'fibromyalgie', 'osteoporose', 'densitometrie', 'lupus', 'infiltration*', 'hernie discale', 'rachis', 'vertebre*', 'pseudo polyarthrite'],
    ],
  },
  urology: {
    named: ['urolog*', 'uro', 'androlog*'],
    sym: [
      [3, 'testicule*', 'bourse*', 'scrotum', 'penis', 'verge', 'erection*', 'impuissance', 'jet faible', 'jet urinaire', 'brul* urin*|pipi|uriner', 'sang urine*', 'urine* rouge*|sang', 'hematurie'],
      [3, 'colique nephretique', 'calcul* rein*|renal*|urinaire*', 'leve* nuit uriner|pipi', 'envie* uriner|pipi', 'fuite* urinaire*', 'incontinence', 'retention', 'peu* plus|pas uriner'],
      [2.5, 'prostate', 'vessie', 'urine*', 'uriner', 'pipi', 'infection urinaire', 'cystite', 'pyelonephrite', 'rein*', 'lombes', 'fosse lombaire'],
    ],
    cond: [[3, 'psa', 'vasectomie', 'phimosis', 'circoncision', 'varicocele', 'cancer prostate', 'sonde urinaire', 'bandelette urinaire', 'adenome', 'cystoscopie', 'lithotritie']],
  },
  nephrology: {
    named: ['nephrolog*', 'nephro'],
    sym: [[2, 'rein*', 'renal*', 'creatinine', 'proteine* urine*', 'proteinurie', 'albuminurie', 'potassium', 'kaliemie', 'uree', 'oedeme*']],
    cond: [
      [3, 'insuffisance renale', 'dialys*', 'polykystose', 'greffe rein', 'greffe* rein', 'transplant* renal*', 'dfg', 'filtration glomerulaire', 'nephrite*', 'glomerulo*', 'nephropathie', 'syndrome nephrotique'],
    ],
  },
  oncology: {
    named: ['oncolog*', 'cancerolog*', 'radiotherapeute', 'hematolog*'],
    sym: [[2, 'masse*', 'tumeur*', 'boule*', 'grosseur*', 'ganglion*', 'metastase*']],
    cond: [
      [3, 'cancer*', 'chimio*', 'radiotherapie', 'immunotherapie', 'hormonotherapie', 'therapie ciblee', 'lymphome', 'leucemie', 'myelome', 'sarcome', 'tumoral*', 'remission', 'recidive'],
      [2, 'melanome', 'carcinome*', 'biopsie', 'port cath', 'chambre implantable', 'marqueurs tumoraux', 'soins palliatifs', 'cancereu*', 'rcp'],
    ],
  },
  allergology: {
    named: ['allergolog*', 'allergo'],
    sym: [
      [3, 'allergi*', 'anaphyla*', 'quincke', 'rhume foins', 'pollen*', 'acarien*', 'poils chat|chien', 'eternue*', 'eternuement*'],
      [2.5, 'langue gonfl*|enfl*', 'levre* gonfl*|enfl*', 'gorge serre*|gonfl*', 'gonfl* levre*|langue|visage|yeux|paupiere*', 'visage gonfl*', 'yeux gonfl*', 'yeux piquent', 'yeux qui piquent'],
      [3, 'piqu* guepe|abeille|frelon|insecte|moustique*', 'guepe', 'abeille', 'frelon'],
      [2, 'urticaire', 'reaction*', 'apres avoir mange|pris', 'arachide*', 'cacahuete*', 'fruits coque', 'crevette*', 'fruits mer', 'intolerance*', 'voix change*'],
    ],
    cond: [[3, 'desensibilis*', 'tests allergiques', 'test* cutane*', 'prick', 'epipen', 'stylo adrenaline', 'adrenaline', 'antihistamin*', 'immunotherapie allerg*']],
  },
  radiology: {
    named: ['radiolog*', 'centre imagerie', 'imagerie', 'cabinet radio*', 'centre radio*'],
    sym: [],
    cond: [
      [2.5, 'scanner', 'irm', 'radio', 'radiographie', 'mammographie', 'echographie', 'echo', 'doppler', 'scintigraphie', 'densitometrie', 'tep', 'pet scan', 'arthroscanner', 'panoramique dentaire', 'cone beam'],
    ],
  },
  'medical-biology': {
    named: ['laboratoire*', 'labo', 'biolog*', 'labo analyses'],
    sym: [],
    cond: [
      [3, 'prise sang', 'bilan sanguin', 'analyse* sang|urine*', 'analyses', 'prelevement*', 'serologie*', 'beta hcg', 'hcg', 'ecbu', 'coproculture', 'pcr', 'jeun', 'nfs', 'bilan lipidique', 'bilan thyroid*', 'dosage*', 'test sanguin'],
    ],
  },
  dentistry: {
    named: ['dentist*', 'chirurgien dentiste', 'orthodont*', 'stomato*', 'parodont*', 'cabinet dentaire'],
    sym: [
      [3, 'dent', 'dents', 'molaire*', 'incisive*', 'canine*', 'dent* sagesse', 'carie*', 'gencive*', 'rage* dent*', 'abces dentaire', 'mal dent*', 'mal aux dents', 'douleur* dent*|dentaire*', 'dentaire*', 'machoire'],
      [2, 'joue gonfl*', 'gonfl* joue*', 'abces', 'bruxisme', 'dechauss*'],
      [1, 'mache*', 'mastication', 'bouche'],
    ],
    cond: [[3, 'couronne*', 'implant* dentaire*', 'implant', 'detartrage', 'bridge', 'dentier', 'prothese* dentaire*', 'appareil dentaire', 'plombage', 'devitalis*', 'blanchiment', 'extraction', 'soins dentaires']],
  },
  physiotherapy: {
    named: ['kine*', 'kinesi*', 'masseur kine*', 'physiotherap*'],
    sym: [[1.5, 'raideur*', 'tendinite*', 'entorse', 'mal dos']],
    cond: [
      [3, 'reeducation', 'reeduquer', 'seances', 'drainage lymphatique', 'kine respiratoire', 'renforcement musculaire', 'massage*', 'balneo*', 'reathletisation', 'post operatoire', 'apres operation'],
    ],
  },
  midwifery: {
    named: ['sage* femme*', 'maieuticien*'],
    sym: [[2, 'allaitement', 'allaite*', 'montee lait', 'crevasse*', 'engorgement', 'perinee']],
    cond: [
      [3, 'preparation accouchement|naissance', 'reeducation perinee|perineale', 'perineal*', 'entretien prenatal', 'suivi grossesse', 'monitoring', 'prado', 'cours preparation', 'projet naissance'],
      [1.5, 'grossesse', 'enceinte', 'accouchement', 'post partum', 'contraception', 'frottis'],
    ],
  },
  nursing: {
    named: ['infirmi*', 'ide', 'idel', 'soins infirmiers', 'cabinet infirmier'],
    sym: [[2, 'plaie* cicatrise* pas|mal', 'cicatrise* pas', 'escarre*', 'ulcere jambe', 'plaie', 'piqures']],
    cond: [
      [5, 'prise sang domicile', 'prelevement* domicile', 'soins domicile'],
      [3, 'pansement*', 'domicile', 'piqure* anticoag*|insuline|lovenox|domicile|ventre', 'injection*', 'perfusion*', 'sonde*', 'stomie', 'toilette', 'pilulier', 'retirer fils', 'ablation fils', 'agrafes', 'lovenox', 'bas contention', 'insuline domicile'],
    ],
  },
};

// ---------------------------------------------------------------------------------------------
// Clinical concepts for the rules (tags). Each tag: patterns; optional per-tag gap.

export interface ConceptDef {
  p: string[];
  gap?: number;
  /** Not negatable (the pattern itself carries the negation: « n'arrive plus à respirer »). */
  keep?: boolean;
}

export const concepts: Record<string, ConceptDef> = {
  // general
  fever: { p: ['fievre*', 'febrile*', 'fievreu*', 'temperature', 'hyperthermie', 'brulant*', 'thermometre'] },
  chills: { p: ['frisson*', 'grelott*', 'claque* dents'] },
  vomiting: { p: ['vomi*', 'vomissement*', 'rend tout', 'gerbe*', 'degobill*'] },
  nausea: { p: ['nausee*', 'envie vomir', 'mal coeur', 'barbouill*', 'ecoeure*'] },
  diarrhea: { p: ['diarrh*', 'selles liquides', 'courante', 'chiasse'] },
  severePain: {
    p: ['insupportable*', 'atroce*', 'intense*', 'violent*', 'horrible*', 'terrible*', 'hurle*', 'crie* douleur', 'pleure* douleur', 'tord* douleur', 'plie* deux', 'mal chien', '=tres mal', '=super mal', '=trop mal', '=tellement mal', 'enormement mal', 'fortes douleurs', 'forte douleur', 'douleur* forte*', 'douleur* =tres forte*', 'pire douleur'],
  },
  suddenOnset: { p: ['brutal*', 'brusque*', 'soudain*', 'subit*', '=d =un coup', '=d =un seul coup', '=tout =a coup', 'venu* =d =un coup', 'en quelques secondes'] },
  worsening: { p: ['=de plus =en plus', 'pire =en pire', 'aggrav*', 'empir*', 'flambe*', 'augment*', 'etend*', 'progress*', 'accentu*', 'intensifi*', 'aggrave*'] },
  nocturnal: { p: ['reveille* nuit', 'me reveille', 'reveille', 'douleur* nocturne*', 'reveille* vers'] },
  chronic: { p: ['=tous =les mois', 'chaque mois|printemps|hiver|annee|ete', 'depuis toujours', 'toujours eu', 'chronique*', 'regulierement', 'depuis des annees', 'tous les ans', '=toutes =les nuits', '=tous =les soirs', '=toutes =les semaines', '=tous =les jours'] },
  episodic: { p: ['passe =en', '=ca passe', 'passe tout seul*', '=par moments', 'temps =en temps', 'parfois', 'disparai*', 'quand stresse'] },
  cardiacExcluded: { p: ['coeur va bien', 'coeur rien', 'bilan cardiaque normal', 'ecg normal', 'rien coeur', 'cardiologue rien'] },
  anxietyContext: { p: ['angoisse*', 'anxi*', 'panique', 'stress*', 'spasmophil*', 'tetanie', 'crise* angoisse|panique'] },
  resolved: { p: ['gueri*', 'plus aucun symptome', 'aucun symptome', 'va =bien', 'vais =bien', 'tout va =bien', '=beaucoup mieux'] },

  // cardio-respiratory
  chestPain: {
    p: [
      'douleur*|doule*|mal|serr*|serrement*|oppress*|brulure*|poids|barre|etau|point|pincement*|ecras*|compress*|pression poitrine|thorax|thorac*|sternum|torse',
      'poitrine|thorax|sternum|torse serre*|brule*|comprim*|ecras*|oppress*|douloureu*',
      'poitrine|thorax|sternum fait mal',
      'douleur* coeur', 'serre* coeur', 'angine poitrine', 'angor', 'douleur* thoraci*', 'oppression*',
    ],
    gap: 2,
  },
  radiation: {
    p: ['irradi*', 'descend*|part*|remonte*|file*|diffuse*|lance*|va bras|epaule*|machoire|dos|cou|gorge|poignet*|dents', 'jusque|jusqu bras|machoire|cou|dos|epaule', 'bras gauche', 'machoire'],
    gap: 2,
  },
  sweating: { p: ['sueur*', 'transpir*', 'moite*', 'suant*', '=en nage', 'suer'] },
  atRest: { p: ['repos', 'sans effort', 'allonge*', 'assis', 'sans rien faire'] },
  nitrate: { p: ['natispray', 'trinitrine', 'nitro*', 'spray langue'] },
  coronaryHistory: { p: ['stent*', 'infarctus', 'pontage', 'angor', 'angine poitrine', 'coronar*', 'crise cardiaque', 'insuffisance cardiaque', 'cardiaque'] },
  feelsVeryUnwell: { p: ['sens =tres mal', 'sent =tres mal', 'malaise*', 'sens partir', 'sent partir', 'sensation mort', 'vais mourir', 'va mourir', 'angoisse mort', 'pas bien =du tout'] },
  palpitations: { p: ['palpitation*', 'coeur bat|battre|tape|cogne vite|fort|irregulier*|chamade', 'coeur emball*|accelere*', 'tachycard*'] },
  dyspnea: {
    p: ['essouffl*', 'souffle court', 'court souffle', 'manque* air|souffle', 'mal respirer', 'difficult* respir*', 'respir* mal|difficilement|vite', 'gene* respir*', 'dyspn*', 'souffle coupe', 'halet*', 'peine respirer', 'respire pas bien'],
  },
  severeDyspnea: {
    p: ['arrive* plus|pas respirer', 'peu* plus|pas respirer', 'etouff*', 'suffoqu*', 'asphyx*', 'detresse respiratoire', 'tirage', 'creuse* cotes|ventre|cou', 'finir* phrases', 'respire* =tres vite', 'battement* ailes nez', 'narines battent', 'respire* plus'],
  },
  notBreathing: { p: ['respire plus', 'respire pas'] },
  arrest: { p: ['arret cardiaque', 'arret cardio*', 'pas pouls', 'plus pouls', 'coeur arrete', 'massage cardiaque'] },
  cyanosis: { p: ['levre*|visage|bouche|doigts|ongles bleu*|violet*|bleute*', 'bleu* levre*', 'cyanos*'] },
  relieverFail: { p: ['ventoline|inhalateur|salbutamol|bronchodilatateur|pompe fait|marche|agit|soulage plus|pas|rien', 'ventoline|inhalateur|salbutamol efficace* plus|pas', 'ventoline|inhalateur sans effet'] },
  calf: { p: ['mollet* gonfl*|douloureu*|rouge*|dur*|chaud*', 'douleur*|mal mollet*', 'phlebite', 'thrombose'] },
  peRisk: { p: ['platre', 'long voyage', 'vol long', 'avion', 'operation recente', 'opere* recemment', 'alite*', 'immobilis*'] },

  // neuro
  faceDroop: {
    p: ['bouche|visage|levre*|sourire|figure|face travers|tordu*|tombe*|paralys*|deform*|affaiss*|asymetri*|devie*|pend*', 'visage|bouche|face paralys*|engourdi*', 'paralysie faciale', 'moitie visage'],
  },
  limbWeakness: {
    p: [
      'bras|jambe|main|cote retombe*|lourd*|paralys*|inerte*|faible*|engourdi*', 'retombe* tout seul*', 'leve* bras|jambe retombe*',
      'peu* plus|pas lever|bouger|serrer bras|jambe|main', 'arrive* plus|pas lever|bouger|serrer bras|jambe|main', 'plus force bras|jambe|main|cote',
      'hemipleg*', 'hemipar*', 'paralys* cote|moitie', 'cote paralys*', 'moitie corps', 'lache* objets|tout', 'engourdi*|fourmill*|insensib* cote|moitie',
    ],
    gap: 2,
  },
  speech: {
    p: [
      'trouve* plus|pas mots', 'cherche* mots', 'parle* bizarre*|difficil*|travers|incomprehensible*|charabia|brouill*', 'parole* difficil*|bizarre*|trouble*|pateuse',
      'bafouill*', 'articul* mal|plus|pas', 'arrive* plus|pas parler|articuler', 'peu* plus|pas parler|articuler', 'aphasi*', 'dysarthri*',
      'mots incomprehensibles|melanges|bizarres|inventes', 'melange* mots', 'propos incoherents', 'parle plus', 'difficulte* parler|articuler',
      'trouble* parole|langage|elocution', 'plus parler normalement', 'parler normalement',
    ],
  },
  strokeName: { p: ['avc', 'accident vasculaire cerebral', 'attaque cerebrale'] },
  headache: { p: ['mal|maux|douleur* tete|crane', 'cephal*', 'migraine*', 'tete explose*', 'tete qui explose'] },
  thunderclap: { p: ['coup tonnerre', 'coup massue|poignard|marteau|batte', 'pire vie', 'jamais eu aussi|si mal', 'explos* tete', 'tete explos*', 'jamais eu mal comme ca'] },
  stiffNeck: { p: ['nuque raide|bloquee|dure|rigide', 'raideur* nuque|cou|meningee', 'cou raide|bloque', 'peu* plus|pas baisser|plier|pencher tete|menton', 'arrive* plus|pas baisser|plier|pencher tete|menton'] },
  photophobia: { p: ['lumiere fait mal|gene|derange|insupportable', 'lumiere lui fait mal', 'supporte* plus|pas lumiere', 'photophob*'] },
  purpura: { p: ['purpura', 'tache*|point*|bouton*|plaque* violet*|violace*|pourpre*|noir*|noiratre*', 'tache* rouge* fonce*'] },
  nonBlanching: { p: ['efface* pas|plus', 'part* pas|plus quand appuie', 'partent pas', 'disparai* pas', 'test verre'] },
  loc: {
    p: ['perdu* connaissance', 'perte* connaissance|conscience', 'evanoui', 'evanouie', 'evanouis', 'evanouit', 'evanouissement*', 'syncope*', 'tombe* pommes', 'inconscient*', 'repond plus', 'repond pas', '=s =est effondre*', '=se reveille* pas|plus', 'arrive* pas|plus reveiller', 'difficile reveiller'],
  },
  nearFaint: { p: ['failli* evanouir|tomber', 'sens partir', 'sent partir', 'sur point evanouir', 'tete tourne', 'tete qui tourne', 'voile noir'] },
  confusion: { p: ['confus*', 'desorient*', 'reconnai* plus|pas', 'dit n importe quoi', 'incoherent*', 'sait plus ou', 'perdu* reperes'] },
  floppy: {
    p: ['tout mou', 'mou', 'molle', 'hypoton*', 'amorphe', 'reagit plus|pas|peu|moins', 'reagit presque plus', 'geint', 'geignement*', 'somnolent*', 'endormi* tout temps', 'difficile reveiller', 'regard vide|absent', 'yeux vide', 'inerte', 'joue plus'],
  },
  mottled: { p: ['teint|peau|visage gris*|grisatre|cireux', 'grisatre', 'marbrure*', 'marbre*', 'extremite* froide*|bleue*', 'livide'] },
  seizure: { p: ['convuls*', 'crise* epilep*|convulsiv*|tonico*', 'yeux revulse*', 'mord* langue', 'convulsion*'] },
  seizureWeak: { p: ['tremble* tout corps', 'secousse*', 'raidi*', 'bave*'] },
  epilepsyKnown: { p: ['epileptique connu*', 'epilepsie connue', '=est epileptique', '=suis epileptique'] },
  cauda: {
    p: ['insensib*|engourdi*|fourmill* entre jambes|fesses|entrejambe|parties|anus|perinee|sexe', 'anesthesie selle', 'sens* plus|pas quand urine|uriner|selles', 'perd* urines|selles', 'incontinence* recente*|nouvelle*'],
    gap: 2,
  },
  limbCold: { p: ['jambe|pied|bras|main|doigts|orteils froid*|glace*|blanc*|livide*|bleu*|violet*'], gap: 2 },
  // bleeding
  bleeding: { p: ['saign*', 'saignement*', 'perte* sang', 'perd* sang', 'hemorrag*', 'hemorragie*'] },
  heavyBleeding: {
    p: ['saign* beaucoup|abondamment|enormement|fort|abondant*|enorme*|partout|plus|arret*', 'saignement* abondant*|important*|massif*|enorme*|continu*', 'hemorragi*', 'pisse* sang', 'perd* beaucoup sang', 'sang partout|flots|gicle*', 'flaque* sang', 'serviette* pleine*|trempee*', 'caillot*', 'arrete* pas saign*', 'arrive* pas arreter saign*', 'grande quantite', '=beaucoup sang', 'plein sang'],
  },
  notStopping: { p: ['arrete* pas|plus', 'sans arret', 'continue*', 'malgre*'] },
  hematemesis: { p: ['vomi* sang', 'vomissement* sang', 'hematemes*', 'vomi* noir', 'vomi* marc cafe'] },
  melena: { p: ['selles noires', 'caca noir', 'melena'] },
  rectalBlood: { p: ['sang selles|anus|caca|papier|toilettes', 'rectorrag*', 'saign* anus|fesses'] },
  hemoptysis: { p: ['crach* sang', 'tousse* sang', 'hemopt*'] },
  hematuria: { p: ['sang urine*', 'urine* rouge*|sang', 'hematur*', 'pipi rouge'] },
  shock: { p: ['vertige*', 'tete tourne', 'tete qui tourne', 'pale', 'pales', 'paleur', 'blanc =comme', 'coeur bat|battre|tape =tres vite', 'coeur bat|battre|tape vite|fort', 'coeur qui bat vite', 'tachycard*', 'sueurs froides', 'sens partir', 'failli* evanouir', 'malaise*', 'tension basse', 'tension chute*'] },
  // allergy
  airwaySwelling: {
    p: ['langue|glotte|larynx gonfl*|enfl*|oedem*', 'gonflement*|oedeme langue|glotte|larynx', 'quincke'],
  },
  throatTight: {
    p: ['gorge gonfl*|enfl*|oedem*|serre*|serree|ferme*|bloque*', 'gonflement* gorge', 'voix change*|rauque|modifie*|bizarre|cassee', 'mal avaler', 'avale* difficil*'],
  },
  faceSwelling: { p: ['levre*|visage|paupiere*|yeux|bouche|figure gonfl*|enfl*|oedem*', 'gonfl* levre*|visage|yeux|paupiere*'] },
  hives: { p: ['urticaire', 'plaques* rouge* partout', 'plaques* rouge* tout corps', 'plaques* partout', 'plaques* tout corps', 'boutons partout', 'boutons tout corps', 'rouge* partout', 'demange* partout', 'gratte* partout', 'plaques rouges'] },
  allergen: {
    p: ['mange*', 'avoir mange', 'pris comprime*|medicament*|antibio*', 'comprime*', 'allergi*', 'arachide*', 'cacahuete*', 'noix', 'noisette*', 'crevette*', 'fruits mer', 'guepe', 'abeille', 'frelon', 'piqure*', 'piqu* guepe|abeille|frelon|insecte', 'amoxicilline', 'penicilline', 'antibiotique*', 'aspirine', 'ibuprofene', 'produit contraste'],
  },
  // psychiatry
  suicidal: {
    p: ['suicid*', '=me|se|te tuer', '=en finir', 'mettre fin jours|vie', 'fin mes|ses jours', 'envie mourir', 'veu*|voudr* mourir', 'plus envie vivre', 'envie disparaitre', 'mieux mort*', 'mieux si etais|etait plus', 'foutre air', 'sauter fenetre|pont|balcon|train', 'jeter fenetre|pont|train|sous', 'pendre', 'idees noires', 'lettre* adieu', 'dire adieu', 'adieux'],
  },
  suicidePlan: {
    p: ['lettre* adieu', 'tout faut', 'prevu', 'planifie*', 'prepare*', '=ce soir', '=cette nuit', 'achete* corde|arme|medicaments', 'corde', 'arme', 'fusil', 'pistolet', 'medicaments cote', 'stock*', 'donne* affaires', 'dit au revoir', 'dire adieu', 'va le faire', 'passer acte', 'passage acte', 'deja essaye', 'tentative'],
  },
  overdose: {
    p: ['avale*|pris|ingere* toute*|tous boite|plaquette*|flacon|medicaments|comprimes|cachets', 'overdose', 'surdose', 'tentative suicide', 'ouvert* veines', 'coupe* veines|poignets', 'pendu'],
    gap: 2,
  },
  toxic: {
    p: ['avale*|bu|bois|ingere*|mange*|leche* produit*|javel|detergent*|deboucheur|lessive|capsule*|essence|petrole|white|soude|acide|pile*|aimant*|champignon*|baies', 'intoxication* monoxyde|medicament*|medicamenteuse|champignon*|gaz|produit*', 'intoxique* monoxyde|gaz|medicament*', 'empoison*', 'monoxyde', 'poison'],
    gap: 2,
  },
  selfHarm: { p: ['scarifi*', 'automutil*', '=se fait =du mal', '=se coupe* volontairement|expres', '=se brule* expres', 'taillade*'] },
  safetyRisk: { p: ['=se perd*', 'perd* chemin', 'oublie* gaz', 'fugue*', 'erre* nuit', 'chutes repetees', 'tombe* souvent'] },
  agitation: { p: ['hallucin*', 'entend* voix', 'delir*', 'paranoi*', 'persecut*', 'menace*', 'violence*', 'devenu* violent*', 'agressi*', 'crise* clastique*', 'casse tout', 'decompens*', 'maniaque', 'dort plus depuis'] },
  // trauma and burns
  trauma: { p: ['casse|cassee|casses bras|jambe|poignet|cheville|pied|main|doigt*|cote*|clavicule|nez|dent*', 'tombe*', 'chute*', 'accident*', 'choc', 'cogne*', 'heurt*', 'percut*', 'renvers*', 'glisse*', 'bagarre', 'agress*', 'frappe*', 'traumatism*', 'entorse', 'luxation', 'fractur*', 'recre*', 'ski', 'rugby', 'foot', 'velo', 'tordu* cheville|genou|poignet|pied'] },
  deformity: { p: ['forme anormale|bizarre|etrange', 'deform*', 'tordu*', 'angle bizarre|anormal', 'deboit*', 'luxation', 'os sort|depasse|visible|perce', 'fracture ouverte', 'casse|cassee|casses|cassees', 'fractur*', 'double* volume'] },
  openFracture: { p: ['os sort|depasse|visible|perce', 'fracture ouverte'] },
  cannotUse: { p: ['peu* plus|pas poser|appuyer|marcher|bouger|plier|tendre|lever', 'arrive* plus|pas poser|appuyer|marcher|bouger|plier|tendre|lever', 'impossible poser|marcher|bouger|appuyer'], gap: 2 },
  headTrauma: { p: ['tombe*|cogne*|choc|coup|heurt* tete|crane', 'traumatisme* cranien*', 'tete heurt*|cogne*|tape*'], gap: 2 },
  majorTrauma: { p: ['accident* voiture|moto|route|scooter|circulation', 'renvers* voiture|camion|bus', 'chute* hauteur|toit|echelle|balcon|etage*|cheval|metres', 'defenestr*', 'poignard*', 'coup* couteau', 'balle', 'arme feu', 'ecrase*', 'polytraumat*', 'encastr*'], gap: 2 },
  anticoag: { p: ['anticoagul*', 'previscan', 'xarelto', 'eliquis', 'coumadine', 'sintrom', 'fluindione', 'apixaban', 'rivaroxaban', 'dabigatran', 'pradaxa', 'kardegic'] },
  burn: {
    p: ['brule*|ebouillant* eau|huile|casserole|four|fer|feu|flamme*|vapeur|barbecue|plaque', 'eau|huile bouillant*|chaude', 'ebouillant*', 'brulure* degre', 'brulure* 2e|3e|second*|troisieme', 'electrocut*', 'electris*', 'brulure* chimique', 'casserole', 'incendie', 'flamme*'],
    gap: 3,
  },
  burnSevere: { p: ['grande* surface', 'etendu*', 'tout|toute bras|jambe|dos|torse|ventre|visage', 'torse', 'visage', 'mains', 'sexe', '3e degre', 'troisieme degre', 'profonde*', 'peau blanche|noire|cartonne*', 'electri*', 'chimique', 'grosses cloques', 'hurle*'] },
  bite: { p: ['mordu*|morsure* chien|chat|animal|rat|singe|serpent|vipere|cheval', 'mordu*', 'morsure*'] },
  // eyes, ENT, teeth
  eye: { p: ['oeil', 'yeux', 'paupiere*', 'cornee', 'pupille*', 'oeuil'] },
  eyeForeignBody: { p: ['eclat*', 'copeau*', 'limaille', 'corps etranger', 'escarbille', 'poussiere*', 'meul*', 'metal*', 'sable', 'bout verre'] },
  chemical: { p: ['produit*', 'javel', 'chimique*', 'acide', 'soude', 'ciment', 'chaux', 'detergent*', 'menager*', 'deboucheur', 'ammoniaque', 'solvant*', 'projection*', 'gel hydroalcoolique'] },
  retinal: { p: ['eclair*', 'flash*', 'mouches volantes', 'voile noir|sombre|gris', 'rideau', 'corps flottants'] },
  visionLoss: { p: ['vois|voit|voir plus rien', 'vois|voit plus', 'perdu* vue|vision', 'perte* vue|vision', 'aveugle*', 'noir complet', 'vue noire', 'vois rien', 'voit rien'] },
  blurred: { p: ['flou*', 'trouble* vue|vision', 'vois|voit mal|trouble', 'vision floue|trouble|baisse', 'baisse* vue|vision', 'vois double', 'vision double'] },
  eyePain: { p: ['mal oeil|yeux', 'douleur* oeil|yeux|oculaire*', 'oeil|yeux douloureu*|rouge*|brule*'] },
  hearingLoss: { p: ['entend* plus|mal|rien', 'surdit*', 'sourd*', 'oreille bouchee'] },
  epistaxis: { p: ['saign* nez', 'saignement* nez', 'epistaxis'] },
  cantSwallow: { p: ['peu* plus|pas avaler', 'arrive* plus|pas avaler', 'peu*|arrive* plus|pas ouvrir bouche', 'avaler salive'] },
  toothTrauma: { p: ['dent* sorti*|tombee*|arrachee*|expulsee*|cassee*|fendue*|deplacee*|bouge', 'dent* casse|cassee|cassees'], gap: 3 },
  dentalPain: { p: ['rage* dent*', 'mal dent*|machoire', 'douleur* dent*|dentaire*', 'abces', 'dent* douloureuse*'] },
  facialSwelling: { p: ['joue* gonfl*|enfl*', 'gonfl* joue*|visage|machoire|gencive*', 'gencive* gonfl*', 'visage gonfl*', 'joue*', 'gonfler'] },
  // abdomen, urinary
  abdoPain: { p: ['mal|douleur*|doule*|crampe*|colique* ventre|abdo*|estomac|bide|nombril|cotes|flanc*', 'ventre douloureux|dur', 'ventre fait mal', 'douleur* abdo*', 'mal estomac'], gap: 2 },
  rigidAbdomen: { p: ['ventre dur|tendu|bois|rigide', 'defense abdo*'] },
  rlq: { p: ['bas droite', 'fosse iliaque droite'] },
  flankPain: { p: ['bas dos', 'lombaire*', 'lombes', 'flanc*', 'fosse lombaire', 'douleur* rein*', 'mal rein*', 'colique nephretique'] },
  renalColic: { p: ['colique nephretique', 'calcul* rein*|renal*|urinaire*'] },
  uti: { p: ['infection* urinaire*', 'cystite*', 'brul* urin*|pipi|uriner', 'envie* uriner|pipi', 'pyelo*', 'mal uriner', 'urine* trouble*|odeur*'] },
  retention: { p: ['peu* plus|pas uriner|pisser', 'arrive* plus|pas uriner|pisser|pipi', 'vessie pleine|bloquee', 'globe vesical', 'bloque* uriner'] },
  dehydration: {
    p: ['pas|plus|peu fait pipi', 'pas|plus|peu urine', 'couche* seche*', 'sans larmes', 'bouche seche', 'yeux creux|cernes', 'fontanelle creuse|enfoncee', 'boit plus|pas|rien|peu|moins', 'refuse* boire|biberon', 'vomit tout', 'garde rien'],
  },
  testicularPain: { p: ['douleur*|mal|doule* testicule*|bourse*|couille*|scrotum', 'testicule*|bourse* douloureu*|gonfl*|remonte*|rouge*', 'torsion testicul*', 'torsion'], gap: 2 },
  // pregnancy
  pregnancyWord: { p: ['enceinte', 'grossesse', 'test* grossesse positif', 'test positif', 'attend* bebe', 'semaines amenorrhee'] },
  lateMenses: { p: ['retard* regles', 'pas eu regles', 'pas eu mes regles', 'regles pas venues'] },
  postpartumWord: { p: ['accouch*', 'post partum', 'cesarienne'] },
  pelvicPain: { p: ['mal|douleur*|doule*|crampe* ventre|pelvi*|ovaire|uterus|abdomen|cote', 'douleur* pelvienne*', 'bas ventre'], gap: 2 },
  oneSided: { p: ['seul cote', '=un cote', 'cote droit|gauche', 'droite', 'gauche', 'epaule'] },
  fetalMovement: { p: ['sens* plus|pas|moins bebe', 'bebe bouge* plus|pas|moins|peu', 'mouvements bebe|foetus|actifs', 'bouge plus', 'bouge moins'] },
  waters: { p: ['perte* eaux', 'poche eaux', 'perd* liquide', 'eaux rompu*|perce*'] },
  contractions: { p: ['contraction*'] },
  visualDisturbance: { p: ['mouches', 'eclair*', 'flou*', 'vois mal', 'voit mal', 'trouble* visuel*', 'points lumineux|brillants|noirs', 'lumineux', 'etoiles', 'vois trouble'] },
  edema: { p: ['pieds|jambes|chevilles|mains|visage|doigts gonfl*|enfl*', 'gonfl* pieds|jambes|chevilles|mains|visage', 'oedeme*'] },
  // others
  immunosuppressed: { p: ['chimio*', 'chimiotherapie', 'greffe*', 'immunosupp*', 'neutropen*', 'aplasie'] },
  lump: { p: ['boule*', 'grosseur*', 'masse*', 'nodule*', 'ganglion* gonfl*|dur*|persist*', 'tumefaction*'] },
  weightLoss: { p: ['perdu* kg|kilos|poids', 'maigri*', 'amaigri*', 'perte* poids'] },
  anemia: { p: ['anemi*'] },
  moleChange: { p: ['change* forme|couleur|taille|aspect', 'grain* beaute change*|modifi*|grossi*|saigne*|evolu*|noirci*', 'naevus|tache* change*|modifi*|grossi*|saigne*|evolu*|noirci*'] },
  nonHealing: { p: ['cicatrise* pas|plus|mal', 'cicatrise* jamais', 'guerit pas|plus|jamais', 'part pas depuis'] },
  hyperglycemia: { p: ['acetone', 'cetose', 'acidocetose'] },
  highBP: { p: ['tension elevee|haute|forte', 'poussee hypertensive|tension', 'hypertension'] },
  infection: { p: ['infect*', 'abces', 'pus', 'rouge chaud', 'chaud rouge'] },
  swelling: { p: ['gonfl*', 'enfl*', 'bosse*', 'oedem*', 'tumefact*', 'double* volume', 'decolle*'] },
  generalised: { p: ['partout', 'tout corps', 'generalis*', 'etendu*'] },
  unwell: { p: ['sens =tres mal', 'tient plus debout', 'etat general', 'abattu*', 'prostre*', '=tres fatigue*'] },
  wellChild: { p: ['joue', 'sourit', 'boit =bien', 'mange =bien', 'eveille', 'suit regard', 'respire normalement', 'mange =peu'] },

  // urgency modifiers
  soonTimeframe: { p: ['=cette semaine', '=dans =la semaine', 'rapidement', 'vite', 'rapide', 'prochains jours', 'des =que possible', 'bientot', 'fin semaine', 'avant lundi|vendredi|weekend', 'avant week end', 'partir lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|demain'] },
  examIntent: { p: ['faire', 'prescrit*', 'ordonnance', 'passer', 'rendez =vous', 'creneau*', 'centre', 'cabinet', 'cherche*', 'laboratoire', 'labo', 'ouvert', 'jeun', 'programm*', 'prendre'] },
  distress: { p: ['gout rien', 'envie rien', 'dort plus', 'dors plus', 'pleure tout temps|souvent|soir', 'sens vide', 'deprim*', 'depression', 'crise* angoisse|panique', 'attaque* panique', 'harcel*', 'mal etre', 'burn out', 'epuise*', 'refuse* aller'] },
  urgentTimeframe: { p: ['tout suite', 'aujourd hui', 'immediatement', '=ce jour', '=dans =la journee', '=en urgence', 'urgence'] },
  notUrgent: { p: ['pas urgent*', 'rien presse', 'pas presse*', 'pas urgence', 'quand possible', '=votre convenance', 'sans urgence', 'rien urgent'], keep: true },
  routineMarker: {
    p: [
      'devis', 'renouvel*', 'bilan annuel|complet|sante|routine', 'check up', 'controle*', 'suivi', 'depistage', 'certificat*', 'vaccin*', 'rembours*', 'mutuelle', 'tarif*', 'prix',
      'creneau*', 'disponib*', 'horaire*', 'ouvert*', 'samedi', 'soir apres', 'apres 18', 'cherche*', 'trouver', 'prescrit*', 'ordonnance*', 'avis chirurgical', 'second avis', 'deuxieme avis',
      'tout va =bien', 'va =bien', 'vais =bien', '=beaucoup mieux', 'stable', 'equilibre*', 'arret progressif', 'premier controle', 'routine', 'programm*', 'rendez =vous', 'conseil*',
      'savoir =si', 'voyage', 'voudrais|aimerais|souhaite* voir|consulter|avis', 'specialiste', 'reprendre', 'competition', 'aucun symptome', 'gueri|guerie|gueris', 'demenag*', 'nouveau medecin', 'bilan', 'prevention', 'faire tests', 'changer traitement', 'changer de traitement',
    ],
    keep: true,
  },
  // clause context
  hist: { p: ['an dernier|passe', 'annee derniere|passee', 'autrefois', '=dans =le passe', 'antecedent*', 'quand etais|etait petit*', 'enfance', 'jeunesse', 'avais eu', 'avait eu'] },
  present: { p: ['depuis', 'maintenant', 'actuellement', 'aujourd hui', '=ce matin', '=ce soir', '=cette nuit', '=en =ce moment', 'nouveau', 'encore', 'recidiv*', 'revenu*', 'recommenc*', 'hier', '=ce moment'] },
  family: { p: ['famille', 'familial*', 'hereditaire*', 'genetique*', 'decede*', 'mort =de'] },
  hypothetical: { p: ['peur', 'crain*', 'risque*', 'prevention', 'eviter', '=si jamais', '=au cas', 'depistage', 'savoir =si'] },
};

/** Explanation labels for the red-flag codes (stable codes; the requests module shows them). */
export const redFlagText: Record<string, { fr: string; en: string }> = {
  'cardiac-arrest': { fr: 'Arrêt cardio-respiratoire suspecté', en: 'Suspected cardiac or respiratory arrest' },
  'chest-pain-cardiac': { fr: 'Douleur thoracique évocatrice d’un infarctus', en: 'Chest pain suggestive of a heart attack' },
  'stroke-signs': { fr: 'Signes d’AVC (visage, bras, parole)', en: 'Stroke signs (face, arm, speech)' },
  'thunderclap-headache': { fr: 'Mal de tête brutal et inhabituel (« coup de tonnerre »)', en: 'Sudden worst-ever headache (thunderclap)' },
  'meningitis-signs': { fr: 'Fièvre avec raideur de nuque ou taches (purpura)', en: 'Fever with stiff neck or purpura (meningitis signs)' },
  'loss-of-consciousness': { fr: 'Perte de connaissance', en: 'Loss of consciousness' },
  'altered-consciousness': { fr: 'Confusion ou somnolence inhabituelle', en: 'Confusion or abnormal drowsiness' },
  'sepsis-signs': { fr: 'Signes de gravité d’une infection (teint gris, marbrures, enfant mou)', en: 'Signs of severe infection (grey or mottled skin, floppy child)' },
  'respiratory-distress': { fr: 'Détresse respiratoire', en: 'Respiratory distress' },
  'pulmonary-embolism': { fr: 'Essoufflement brutal évocateur d’une embolie pulmonaire', en: 'Sudden breathlessness suggestive of pulmonary embolism' },
  anaphylaxis: { fr: 'Réaction allergique grave (gonflement de la gorge ou de la langue, gêne respiratoire)', en: 'Anaphylaxis (throat or tongue swelling, breathing trouble)' },
  'suicidal-intent': { fr: 'Intention suicidaire avec projet ou passage à l’acte', en: 'Suicidal intent with a plan or an attempt' },
  'severe-bleeding': { fr: 'Hémorragie importante ou avec signes de choc', en: 'Severe haemorrhage or bleeding with signs of shock' },
  'gi-bleeding': { fr: 'Saignement digestif (vomissement de sang, selles noires)', en: 'Gastro-intestinal bleeding (vomiting blood, black stools)' },
  'infant-fever': { fr: 'Fièvre chez un nourrisson de moins de 3 mois', en: 'Fever in an infant under 3 months' },
  'testicular-torsion': { fr: 'Douleur testiculaire brutale (torsion)', en: 'Sudden testicular pain (torsion)' },
  'ectopic-pregnancy': { fr: 'Début de grossesse avec douleur et saignement ou malaise (grossesse extra-utérine)', en: 'Early pregnancy with pain and bleeding or faintness (ectopic pregnancy)' },
  'obstetric-emergency': { fr: 'Urgence obstétricale', en: 'Obstetric emergency' },
  seizure: { fr: 'Convulsions', en: 'Seizure' },
  'severe-burn': { fr: 'Brûlure grave (étendue, profonde, visage ou enfant)', en: 'Severe burn (large, deep, face, or a child)' },
  poisoning: { fr: 'Intoxication ou surdosage', en: 'Poisoning or overdose' },
  'head-injury': { fr: 'Traumatisme crânien avec signe de gravité', en: 'Head injury with warning signs' },
  'major-trauma': { fr: 'Traumatisme grave', en: 'Major trauma' },
  'acute-abdomen': { fr: 'Ventre dur et très douloureux', en: 'Rigid, very painful abdomen' },
  'limb-ischaemia': { fr: 'Membre froid, pâle et douloureux', en: 'Cold, pale, painful limb' },
  'cauda-equina': { fr: 'Mal de dos avec perte de sensibilité du périnée ou troubles urinaires', en: 'Back pain with saddle numbness or bladder trouble (cauda equina)' },
  'eye-chemical-burn': { fr: 'Projection de produit chimique dans l’œil', en: 'Chemical splash in the eye' },
  'sudden-vision-loss': { fr: 'Perte brutale de la vue', en: 'Sudden loss of vision' },
  'fever-immunosuppressed': { fr: 'Fièvre sous chimiothérapie ou immunosuppression', en: 'Fever during chemotherapy or immunosuppression' },
};
