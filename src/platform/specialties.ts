/**
 * Specialty and urgency codes with their French and English labels: the one copy in the code of
 * ../shared/data/specialties.json (a test keeps them equal). Plain data, imported by the server
 * (triage, requests) and by the web app alike.
 */
export const specialties = [
  { code: 'general-practice', fr: 'Médecine générale', en: 'General practice' },
  { code: 'cardiology', fr: 'Cardiologie', en: 'Cardiology' },
  { code: 'dermatology', fr: 'Dermatologie', en: 'Dermatology' },
  { code: 'gastroenterology', fr: 'Gastro-entérologie', en: 'Gastroenterology' },
  { code: 'neurology', fr: 'Neurologie', en: 'Neurology' },
  { code: 'orthopedics', fr: 'Chirurgie orthopédique', en: 'Orthopedics' },
  { code: 'pediatrics', fr: 'Pédiatrie', en: 'Pediatrics' },
  { code: 'psychiatry', fr: 'Psychiatrie', en: 'Psychiatry' },
  { code: 'psychology', fr: 'Psychologie', en: 'Psychology' },
  { code: 'gynecology-obstetrics', fr: 'Gynécologie et obstétrique', en: 'Gynecology and obstetrics' },
  { code: 'ophthalmology', fr: 'Ophtalmologie', en: 'Ophthalmology' },
  { code: 'ent', fr: 'ORL (oto-rhino-laryngologie)', en: 'ENT (otorhinolaryngology)' },
  { code: 'endocrinology', fr: 'Endocrinologie, diabétologie', en: 'Endocrinology, diabetology' },
  { code: 'pulmonology', fr: 'Pneumologie', en: 'Pulmonology' },
  { code: 'rheumatology', fr: 'Rhumatologie', en: 'Rheumatology' },
  { code: 'urology', fr: 'Urologie', en: 'Urology' },
  { code: 'nephrology', fr: 'Néphrologie', en: 'Nephrology' },
  { code: 'oncology', fr: 'Oncologie', en: 'Oncology' },
  { code: 'allergology', fr: 'Allergologie', en: 'Allergology' },
  { code: 'radiology', fr: 'Radiologie et imagerie médicale', en: 'Radiology and imaging' },
  { code: 'medical-biology', fr: 'Biologie médicale (laboratoire)', en: 'Medical biology (laboratory)' },
  { code: 'dentistry', fr: 'Chirurgie dentaire', en: 'Dentistry' },
  { code: 'physiotherapy', fr: 'Masso-kinésithérapie', en: 'Physiotherapy' },
  { code: 'midwifery', fr: 'Sage-femme', en: 'Midwifery' },
  { code: 'nursing', fr: 'Soins infirmiers', en: 'Nursing' },
] as const;
export type Specialty = (typeof specialties)[number]['code'];
export const specialtyList = specialties.map((s) => s.code) as Specialty[];

export const urgencyLevels = [
  { code: 'emergency', fr: 'Urgence vitale — appeler le 15 ou le 112', en: 'Life-threatening emergency — call 15 or 112' },
  { code: 'urgent', fr: 'Urgent — à traiter dans les 24 heures', en: 'Urgent — within 24 hours' },
  { code: 'soon', fr: 'Rapide — dans la semaine', en: 'Soon — within a week' },
  { code: 'routine', fr: 'Programmé', en: 'Routine' },
] as const;

/** `{code: label}` in one language, as i18n resources want it. */
export const labelsIn = <T extends { code: string; fr: string; en: string }>(items: readonly T[], lang: 'fr' | 'en'): Record<T['code'], string> =>
  Object.fromEntries(items.map((i) => [i.code, i[lang]])) as Record<T['code'], string>;
