/**
 * Preparing an appointment, pure rules (no I/O):
 * - templates by consultation type code (documents to bring, instructions, in French and English),
 *   with built-in French defaults that apply whenever the team has not saved its own;
 * - the client's checklist for one appointment (where, how to get in, what to bring, what to do);
 * - the pack sent to the practitioner: what may be shared, how consent was given, when the link dies.
 */
import type { Locale } from '../../platform/errors.ts';

export const TEMPLATE_CODE = /^[a-z_]{2,30}$/;
export const DEFAULT_CODE = 'default';

export interface TemplateContent {
  label: string;
  /** Documents to bring, one line each. */
  bringFr: string[];
  bringEn: string[];
  /** Instructions, one per line. */
  instructionsFr: string;
  instructionsEn: string;
  /** Inactive: this type has no template of its own, the `default` one applies. */
  active: boolean;
}

export interface Template extends TemplateContent {
  typeCode: string;
}

const VITALE = { fr: 'Carte Vitale (ou attestation de droits)', en: 'Carte Vitale (health insurance card) or proof of cover' };
const MUTUELLE = { fr: 'Carte de mutuelle (complémentaire santé)', en: 'Top-up health insurance card (mutuelle)' };
const ID = { fr: 'Pièce d’identité', en: 'Identity document' };
const TREATMENTS = { fr: 'Liste de vos traitements en cours', en: 'List of your current treatments' };
const PREVIOUS = { fr: 'Résultats et comptes rendus d’examens antérieurs', en: 'Previous test results and reports' };
const PRESCRIPTION = { fr: 'Ordonnance de l’examen', en: 'Prescription for the test' };

function template(typeCode: string, label: string, bring: { fr: string; en: string }[], instructions: { fr: string[]; en: string[] }): Template {
  return {
    typeCode,
    label,
    bringFr: bring.map((b) => b.fr),
    bringEn: bring.map((b) => b.en),
    instructionsFr: instructions.fr.join('\n'),
    instructionsEn: instructions.en.join('\n'),
    active: true,
  };
}

/** What a new installation starts with (the seed saves them; they also apply when no row exists). */
export function defaultPreparationTemplates(): Template[] {
  return [
    template(DEFAULT_CODE, 'Par défaut', [VITALE, MUTUELLE, ID, { fr: 'Ordonnances en cours', en: 'Current prescriptions' }, PREVIOUS, TREATMENTS], {
      fr: ['Arrivez 15 min en avance.', 'Un empêchement ? Prévenez-nous au plus tôt.'],
      en: ['Arrive 15 minutes early.', 'Cannot make it? Let us know as soon as possible.'],
    }),
    template(
      'first_visit',
      'Première consultation',
      [VITALE, MUTUELLE, ID, { fr: 'Courrier de votre médecin traitant, s’il vous en a remis un', en: 'Referral letter from your GP, if you have one' }, PREVIOUS, TREATMENTS],
      {
        fr: ['Arrivez 15 min en avance pour les formalités.', 'Notez vos questions et vos symptômes (depuis quand, à quel moment) pour ne rien oublier.'],
        en: ['Arrive 15 minutes early for the paperwork.', 'Write down your questions and symptoms (since when, at what time) so as not to forget anything.'],
      },
    ),
    template('follow_up', 'Consultation de suivi', [VITALE, MUTUELLE, { fr: 'Résultats des examens demandés à la dernière consultation', en: 'Results of the tests asked for at the last visit' }, TREATMENTS], {
      fr: ['Arrivez 10 min en avance.', 'Notez comment vous allez depuis la dernière consultation.'],
      en: ['Arrive 10 minutes early.', 'Write down how you have been since the last visit.'],
    }),
    template(
      'teleconsultation',
      'Téléconsultation',
      [
        { fr: 'Carte Vitale à portée de main (son numéro peut vous être demandé)', en: 'Carte Vitale at hand (its number may be asked)' },
        MUTUELLE,
        { fr: 'Ordonnances et résultats récents à portée de main (ou en photo)', en: 'Recent prescriptions and results at hand (or as photos)' },
        TREATMENTS,
      ],
      {
        fr: ['Connectez-vous 5 min avant l’heure.', 'Installez-vous au calme, dans un endroit bien éclairé.', 'Chargez la batterie de votre appareil.'],
        en: ['Join 5 minutes before the time.', 'Settle somewhere quiet and well lit.', 'Charge your device’s battery.'],
      },
    ),
    template('exam', 'Examen', [VITALE, MUTUELLE, ID, PRESCRIPTION, PREVIOUS], {
      fr: ['Arrivez 15 min en avance.', 'Suivez les consignes de préparation du centre (jeûne, arrêt de médicaments) ; en cas de doute, appelez-nous.'],
      en: ['Arrive 15 minutes early.', 'Follow the centre’s preparation instructions (fasting, stopping medicines); if in doubt, call us.'],
    }),
    template('blood_test', 'Prise de sang', [VITALE, MUTUELLE, { fr: 'Ordonnance du bilan sanguin', en: 'Prescription for the blood test' }, { fr: 'Résultats du dernier bilan, pour comparaison', en: 'Results of the last blood test, for comparison' }], {
      fr: ['Venez à jeun depuis 12 h (eau autorisée), sauf avis contraire de votre médecin.', 'Prenez vos médicaments habituels, sauf avis contraire de votre médecin.', 'Évitez un effort physique intense la veille.'],
      en: ['Come fasting for 12 hours (water allowed), unless your doctor says otherwise.', 'Take your usual medicines, unless your doctor says otherwise.', 'Avoid intense physical effort the day before.'],
    }),
    template(
      'imaging',
      'Imagerie',
      [VITALE, MUTUELLE, ID, PRESCRIPTION, { fr: 'Anciens clichés et comptes rendus d’imagerie (CD, films)', en: 'Previous images and imaging reports (CD, films)' }],
      {
        fr: [
          'Arrivez 15 min en avance.',
          'Signalez une grossesse possible, une allergie à un produit de contraste, un pacemaker ou un implant métallique.',
          'Évitez bijoux et objets métalliques.',
        ],
        en: ['Arrive 15 minutes early.', 'Tell the team about a possible pregnancy, an allergy to contrast agents, a pacemaker or a metal implant.', 'Leave jewellery and metal objects at home.'],
      },
    ),
  ];
}

/** Codes the agendas use for the same kinds of visit (scheduling names them `first`, `followup`). */
const ALIASES: Record<string, string> = { first: 'first_visit', followup: 'follow_up', tele: 'teleconsultation' };

export type TemplateSource = 'custom' | 'default';
export type EffectiveTemplate = Template & { source: TemplateSource; builtIn: boolean };

/** The built-in defaults overlaid with the team's own rows (a saved row wins over its default). */
export function effectiveTemplates(saved: readonly Template[]): EffectiveTemplate[] {
  const defaults = defaultPreparationTemplates();
  const builtIn = new Set(defaults.map((d) => d.typeCode));
  const byCode = new Map<string, EffectiveTemplate>(defaults.map((d) => [d.typeCode, { ...d, source: 'default', builtIn: true }]));
  for (const row of saved) byCode.set(row.typeCode, { ...row, source: 'custom', builtIn: builtIn.has(row.typeCode) });
  // `default` first, then by label, as the team reads them.
  return [...byCode.values()].sort((a, b) => Number(b.typeCode === DEFAULT_CODE) - Number(a.typeCode === DEFAULT_CODE) || a.label.localeCompare(b.label, 'fr'));
}

const EMPTY: Template = { typeCode: DEFAULT_CODE, label: 'Par défaut', bringFr: [], bringEn: [], instructionsFr: '', instructionsEn: '', active: true };

/**
 * The template for an appointment: its own type code, the usual name of that code, then any
 * teleconsultation's template for a remote visit, then `default`. Inactive templates are skipped.
 */
export function pickTemplate(templates: readonly Template[], typeCode: string, mode: 'in_person' | 'teleconsultation'): Template {
  const candidates = [typeCode, ALIASES[typeCode], mode === 'teleconsultation' ? 'teleconsultation' : undefined, DEFAULT_CODE];
  for (const code of candidates) {
    const found = code ? templates.find((t) => t.typeCode === code && t.active) : undefined;
    if (found) return found;
  }
  return EMPTY;
}

export interface ChecklistPlace {
  name: string | null;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  /** Step-free access; null when the directory does not know. */
  accessible: boolean | null;
}

export interface ChecklistInput {
  lang: Locale;
  mode: 'in_person' | 'teleconsultation';
  place: ChecklistPlace | null;
  template: Template;
}

export type ChecklistSectionKind = 'where' | 'bring' | 'instructions';

export interface ChecklistSection {
  kind: ChecklistSectionKind;
  /** The language of the lines: a template without English lines falls back to French. */
  lang: Locale;
  items: string[];
}

export interface Checklist {
  lang: Locale;
  /** The template that applied (after fallbacks). */
  templateCode: string;
  mode: 'in_person' | 'teleconsultation';
  sections: ChecklistSection[];
}

const lines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

const WHERE = {
  fr: {
    noPlace: 'Adresse : votre conseiller vous la confirmera.',
    accessible: 'Accès de plain-pied ou adapté aux personnes à mobilité réduite.',
    notAccessible: 'Accès non adapté aux fauteuils roulants : appelez-nous pour organiser votre venue.',
    unknownAccess: 'Accessibilité non renseignée : appelez-nous si vous avez besoin d’un accès adapté.',
    teleLink: 'Téléconsultation : un lien vous sera envoyé avant le rendez-vous.',
    teleTest: 'Testez votre caméra, votre micro et votre connexion avant l’heure du rendez-vous.',
  },
  en: {
    noPlace: 'Address: your advisor will confirm it.',
    accessible: 'Step-free access, suitable for reduced mobility.',
    notAccessible: 'Not wheelchair accessible: call us to arrange your visit.',
    unknownAccess: 'Accessibility unknown: call us if you need step-free access.',
    teleLink: 'Teleconsultation: a link will be sent to you before the appointment.',
    teleTest: 'Test your camera, microphone and connection before the appointment time.',
  },
} as const;

/** One line of address: name, street, postal code and city, whatever is known. */
export function placeLine(p: Pick<ChecklistPlace, 'name' | 'street' | 'postalCode' | 'city'>): string | null {
  const line = [p.name, p.street, `${p.postalCode ?? ''} ${p.city ?? ''}`.trim()].map((s) => s?.trim()).filter(Boolean);
  return line.length ? line.join(', ') : null;
}

/** The client's checklist for one appointment, in the client's language. */
export function buildChecklist(input: ChecklistInput): Checklist {
  const { lang, template: t } = input;
  const w = WHERE[lang];
  const where: string[] = [];
  if (input.mode === 'teleconsultation') where.push(w.teleLink, w.teleTest);
  else {
    const address = input.place ? placeLine(input.place) : null;
    where.push(address ?? w.noPlace);
    if (address) where.push(input.place?.accessible === true ? w.accessible : input.place?.accessible === false ? w.notAccessible : w.unknownAccess);
  }
  const bringEn = t.bringEn.map((l) => l.trim()).filter(Boolean);
  const bring = lang === 'en' && bringEn.length ? { lang, items: bringEn } : { lang: 'fr' as Locale, items: t.bringFr.map((l) => l.trim()).filter(Boolean) };
  const stepsEn = lines(t.instructionsEn);
  const steps = lang === 'en' && stepsEn.length ? { lang, items: stepsEn } : { lang: 'fr' as Locale, items: lines(t.instructionsFr) };
  const sections: ChecklistSection[] = [
    { kind: 'where', lang, items: where },
    { kind: 'bring', ...bring },
    { kind: 'instructions', ...steps },
  ];
  return { lang, templateCode: t.typeCode, mode: input.mode, sections: sections.filter((s) => s.items.length > 0) };
}

// ---------------------------------------------------------------- the pack to the practitioner

/** What a pack can carry. `document` (files of the medical file) comes with the records module. */
export const packKinds = ['allergies', 'treatments', 'history', 'note'] as const;
export type PackKind = (typeof packKinds)[number];
/** Read from the sealed medical basics: only medical advisors may share them (action clients.medical). */
export const medicalKinds: readonly PackKind[] = ['allergies', 'treatments', 'history'];
export const consentChannels = ['portal', 'phone', 'email', 'in_person'] as const;
export type ConsentChannel = (typeof consentChannels)[number];

/** The link works until a week after the appointment's end: long enough for the letter back. */
export const PACK_DAYS_AFTER = 7;
export const packExpiry = (endsAt: Date): Date => new Date(endsAt.getTime() + PACK_DAYS_AFTER * 86_400_000);

export type PackState = 'active' | 'expired' | 'revoked';
export function packState(p: { expiresAt: Date; revokedAt: Date | null }, now: Date): PackState {
  if (p.revokedAt) return 'revoked';
  return p.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
}

export const needsMedicalAccess = (kinds: readonly PackKind[]): boolean => kinds.some((k) => medicalKinds.includes(k));

export interface MedicalBasics {
  allergies: string[];
  treatments: string[];
  history: string;
}

/** One shared item as sealed, and as the practitioner reads it: a list, or a text. */
export type PackContent = { kind: 'allergies' | 'treatments'; items: string[] } | { kind: 'history' | 'note'; text: string };

/** A copy of what the client agreed to share, as it is now (later edits of the file do not change it). */
export function snapshot(kind: PackKind, medical: MedicalBasics | null, note: string): PackContent {
  switch (kind) {
    case 'allergies':
      return { kind, items: [...(medical?.allergies ?? [])] };
    case 'treatments':
      return { kind, items: [...(medical?.treatments ?? [])] };
    case 'history':
      return { kind, text: medical?.history ?? '' };
    case 'note':
      return { kind, text: note };
  }
}
