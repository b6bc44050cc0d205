/**
 * Specialty and urgency codes with their French and English labels: the one copy in the code of
 * ../shared/data/specialties.json (a test keeps them equal). Plain data, imported by the server
 * (triage, requests, directory) and by the web app alike. rppsSavoirFaire / rppsProfession map the
 * national directory's « Code savoir-faire » and « Code profession » (TRE_R38, TRE_G15) to our codes.
 */
export const specialties = [
  { code: 'general-practice', fr: 'Médecine générale', en: 'General practice', rppsSavoirFaire: ['SM26', 'SM53', 'SM54'], rppsProfession: '10' },
  { code: 'cardiology', fr: 'Cardiologie', en: 'Cardiology', rppsSavoirFaire: ['SM04', 'SM73', 'SM79', 'SM80', 'SM81'], rppsProfession: '10' },
  { code: 'dermatology', fr: 'Dermatologie', en: 'Dermatology', rppsSavoirFaire: ['SM15'], rppsProfession: '10' },
  { code: 'gastroenterology', fr: 'Gastro-entérologie', en: 'Gastroenterology', rppsSavoirFaire: ['SM24'], rppsProfession: '10' },
  { code: 'neurology', fr: 'Neurologie', en: 'Neurology', rppsSavoirFaire: ['SM32', 'SM84'], rppsProfession: '10' },
  { code: 'orthopedics', fr: 'Chirurgie orthopédique', en: 'Orthopedics', rppsSavoirFaire: ['SM08', 'SM70'], rppsProfession: '10' },
  { code: 'pediatrics', fr: 'Pédiatrie', en: 'Pediatrics', rppsSavoirFaire: ['SM40', 'SM87', 'SM88', 'SM89', 'SM90'], rppsProfession: '10' },
  { code: 'psychiatry', fr: 'Psychiatrie', en: 'Psychiatry', rppsSavoirFaire: ['SM42', 'SM43', 'SM92', 'SM93', 'SM33'], rppsProfession: '10' },
  { code: 'psychology', fr: 'Psychologie', en: 'Psychology', rppsSavoirFaire: [], rppsProfession: null },
  { code: 'gynecology-obstetrics', fr: 'Gynécologie et obstétrique', en: 'Gynecology and obstetrics', rppsSavoirFaire: ['SM19', 'SM20', 'SM51', 'SM52'], rppsProfession: '10' },
  { code: 'ophthalmology', fr: 'Ophtalmologie', en: 'Ophthalmology', rppsSavoirFaire: ['SM38', 'SM85'], rppsProfession: '10' },
  { code: 'ent', fr: 'ORL (oto-rhino-laryngologie)', en: 'ENT (otorhinolaryngology)', rppsSavoirFaire: ['SM34', 'SM39', 'SM86'], rppsProfession: '10' },
  { code: 'endocrinology', fr: 'Endocrinologie, diabétologie', en: 'Endocrinology, diabetology', rppsSavoirFaire: ['SM16', 'SM62'], rppsProfession: '10' },
  { code: 'pulmonology', fr: 'Pneumologie', en: 'Pulmonology', rppsSavoirFaire: ['SM41', 'SM91'], rppsProfession: '10' },
  { code: 'rheumatology', fr: 'Rhumatologie', en: 'Rheumatology', rppsSavoirFaire: ['SM48'], rppsProfession: '10' },
  { code: 'urology', fr: 'Urologie', en: 'Urology', rppsSavoirFaire: ['SM12'], rppsProfession: '10' },
  { code: 'nephrology', fr: 'Néphrologie', en: 'Nephrology', rppsSavoirFaire: ['SM30', 'SM83'], rppsProfession: '10' },
  { code: 'oncology', fr: 'Oncologie', en: 'Oncology', rppsSavoirFaire: ['SM35', 'SM36', 'SM37', 'SM23'], rppsProfession: '10' },
  { code: 'allergology', fr: 'Allergologie', en: 'Allergology', rppsSavoirFaire: ['SM57'], rppsProfession: '10' },
  { code: 'radiology', fr: 'Radiologie et imagerie médicale', en: 'Radiology and imaging', rppsSavoirFaire: ['SM44', 'SM55', 'SM74', 'SM94'], rppsProfession: '10' },
  { code: 'medical-biology', fr: 'Biologie médicale (laboratoire)', en: 'Medical biology (laboratory)', rppsSavoirFaire: ['SM03', 'SM63', 'SM64', 'SM65', 'SM66', 'SM67'], rppsProfession: '10' },
  { code: 'dentistry', fr: 'Chirurgie dentaire', en: 'Dentistry', rppsSavoirFaire: ['SCD01', 'SCD02', 'SCD03'], rppsProfession: '40' },
  { code: 'physiotherapy', fr: 'Masso-kinésithérapie', en: 'Physiotherapy', rppsSavoirFaire: [], rppsProfession: '70' },
  { code: 'midwifery', fr: 'Sage-femme', en: 'Midwifery', rppsSavoirFaire: [], rppsProfession: '50' },
  { code: 'nursing', fr: 'Soins infirmiers', en: 'Nursing', rppsSavoirFaire: [], rppsProfession: '60' },
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
