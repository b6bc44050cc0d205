/**
 * The Assurance Maladie and contrat-responsable figures, in one dated, versioned table (DESIGN §9).
 * Rates and tariffs change by decree or by a new medical convention: add a version with its
 * `validFrom`, never edit an old one, so an act recorded last year can be recomputed as it was.
 * Every stored act keeps the `version` it was computed with (care_acts.rules_version).
 *
 * Checking: "DESIGN §9" figures were gathered by the project in 2026-11 from ameli.fr; the others
 * come from the cited legal text or page and carry the date we last read them. "Assumption" marks a
 * choice we could not source and that a reviewer should confirm against ameli.fr.
 */

/** Conventional sector of a practitioner, as in the directory (directory/schema.ts `sector`). */
export type Sector = '1' | 'optam' | '2' | 'non_conventionne';
/** Which base applies: sector 1 and OPTAM share the convention tariff; sector 2 without OPTAM has its own. */
export type BaseColumn = 'conventional' | 'sector2' | 'unconventioned';
export const baseColumnOf = (sector: Sector): BaseColumn => (sector === '1' || sector === 'optam' ? 'conventional' : sector === '2' ? 'sector2' : 'unconventioned');

export const actCodes = ['G', 'APC', 'TCG', 'CS', 'TC'] as const;
export type ActCode = (typeof actCodes)[number];

export interface ActRule {
  label: { fr: string; en: string };
  /** GP acts follow the médecin-traitant rules; specialist acts may be in direct access. */
  discipline: 'gp' | 'specialist';
  mode: 'in_person' | 'teleconsultation';
  /** Base de remboursement (BR) in cents by base column. */
  base: Record<BaseColumn, number>;
  /** Base for a child under `childAge` (GP only: G + MEG). */
  childBase?: { underAge: number; cents: number };
  /** Always inside the parcours (the APC is by definition requested by the médecin traitant). */
  alwaysCoordinated?: boolean;
  source: string;
}

export interface RulesVersion {
  version: string;
  /** First day (Europe/Paris calendar date) on which these figures apply. */
  validFrom: string;
  acts: Record<ActCode, ActRule>;
  /** AMO rate in basis points (7000 = 70 %). */
  amoRateBp: { coordinated: number; outside: number };
  participation: { perActCents: number; yearlyCapCents: number; exemptUnderAge: number };
  /** Under this age the parcours de soins penalty does not apply. */
  parcoursExemptUnderAge: number;
  /** Specialties a patient may consult without referral at the full rate (accès direct spécifique). */
  directAccessSpecialties: readonly string[];
  /** Psychiatry is in direct access for patients aged 16 to 25 only. */
  psychiatryDirectAccessAges: { from: number; to: number };
  /** Contrats responsables on non-OPTAM overruns (CSS art. R871-2). */
  responsibleContract: { nonOptamOverrunCapPctOfBase: number; nonOptamGapBelowOptamPct: number };
}

const SPECIALIST_SOURCE =
  'CS 23 € + MPC 2 € + MCS 5 € = 30 € for a correspondent in the parcours (sector 1 / OPTAM); sector 2 without OPTAM: CS 23 € only — ' +
  'service-public.fr F17042 « Quels sont les tarifs d’un médecin » and SML nomenclature note on the MCS, read 2026-11-23. Assumption: same bases in direct access.';

/**
 * Version 2024-05-15: participation forfaitaire doubled to €2 (décret n° 2024-114 du 16 février 2024,
 * CSS art. R160-19; in force 15 May 2024); G still €26.50 (convention 2016, avenant 9: 1 Nov 2023).
 * Kept so acts from before the December 2024 revaluation recompute as they were billed.
 */
const v20240515: RulesVersion = {
  version: '2024-05-15',
  validFrom: '2024-05-15',
  acts: {
    G: {
      label: { fr: 'Consultation de médecine générale (G)', en: 'GP consultation (G)' },
      discipline: 'gp',
      mode: 'in_person',
      // G €26.50 since 1 Nov 2023 (avenant 9); sector 2 without OPTAM: €23 (assumption, service-public F17042), tarif d'autorité €0.61.
      base: { conventional: 2650, sector2: 2300, unconventioned: 61 },
      // G + MEG €5 for children under 6 (NGAP; ameli « tarifs des médecins généralistes »), read 2026-11-23.
      childBase: { underAge: 6, cents: 3150 },
      source: 'Convention médicale 2016, avenant 9 (JO 2023-09); service-public.fr F17042, read 2026-11-23',
    },
    APC: {
      label: { fr: 'Avis ponctuel de consultant (APC)', en: 'Specialist opinion requested by the GP (APC)' },
      discipline: 'specialist',
      mode: 'in_person',
      // APC €56.50 (avenant 9). Assumption: the same base in sector 2 without OPTAM.
      base: { conventional: 5650, sector2: 5650, unconventioned: 122 },
      alwaysCoordinated: true,
      source: 'Convention médicale 2016, avenant 9; ameli « avis ponctuel de consultant », read 2026-11-23',
    },
    TCG: {
      label: { fr: 'Téléconsultation de médecine générale (TCG)', en: 'GP teleconsultation (TCG)' },
      discipline: 'gp',
      mode: 'teleconsultation',
      base: { conventional: 2500, sector2: 2300, unconventioned: 61 },
      source: 'Avenant 9: teleconsultation valued at €25 from 1 Oct 2023; read 2026-11-23',
    },
    CS: {
      label: { fr: 'Consultation de spécialiste (CS)', en: 'Specialist consultation (CS)' },
      discipline: 'specialist',
      mode: 'in_person',
      base: { conventional: 3000, sector2: 2300, unconventioned: 122 },
      source: SPECIALIST_SOURCE,
    },
    TC: {
      label: { fr: 'Téléconsultation de spécialiste (TC)', en: 'Specialist teleconsultation (TC)' },
      discipline: 'specialist',
      mode: 'teleconsultation',
      // A teleconsultation is valued as the in-person consultation it replaces (avenant 6, art. 28.6.1.2).
      base: { conventional: 3000, sector2: 2300, unconventioned: 122 },
      source: `Avenant 6 (2018) art. 28.6.1.2; ${SPECIALIST_SOURCE}`,
    },
  },
  // 70 % in the parcours, 30 % outside it: CSS art. L162-5-3 and R322-1-1; ameli « parcours de soins coordonnés » (DESIGN §9).
  amoRateBp: { coordinated: 7000, outside: 3000 },
  // €2 per consultation, €50 a year, not charged to minors (CSS art. L160-13 II and R160-19; DESIGN §9).
  participation: { perActCents: 200, yearlyCapCents: 5000, exemptUnderAge: 18 },
  // No médecin traitant penalty under 16 (CSS art. L162-5-3 as amended by loi 2016-41 art. 76); DESIGN §9.
  parcoursExemptUnderAge: 16,
  // Accès direct spécifique: gynaecology, ophthalmology, stomatology/dentistry (CSS art. L162-5-3; service-public F17042, read 2026-11-23).
  directAccessSpecialties: ['gynecology-obstetrics', 'ophthalmology', 'dentistry'],
  psychiatryDirectAccessAges: { from: 16, to: 25 },
  // Décret n° 2014-1374 (CSS art. R871-2): non-OPTAM overruns covered at most 100 % of the base and at
  // least 20 points of the base below the OPTAM cover. Assumption: the contract uses the whole allowance.
  responsibleContract: { nonOptamOverrunCapPctOfBase: 100, nonOptamGapBelowOptamPct: 20 },
};

/**
 * Version 2024-12-22: convention médicale 2024 (arrêté du 20 juin 2024, JO 21 juin 2024) — G €30
 * (sector 1 and OPTAM), €35 under 6, APC €60, TCG €25 (DESIGN §9, checked 2026-11).
 */
const v20241222: RulesVersion = {
  ...v20240515,
  version: '2024-12-22',
  validFrom: '2024-12-22',
  acts: {
    ...v20240515.acts,
    G: {
      ...v20240515.acts.G,
      base: { conventional: 3000, sector2: 2300, unconventioned: 61 },
      childBase: { underAge: 6, cents: 3500 },
      source: 'Convention médicale 2024 (arrêté 20 juin 2024): G €30 from 22 Dec 2024, €35 under 6 — DESIGN §9, checked 2026-11',
    },
    APC: {
      ...v20240515.acts.APC,
      base: { conventional: 6000, sector2: 6000, unconventioned: 122 },
      source: 'Convention médicale 2024: APC €60 from 22 Dec 2024 — DESIGN §9, checked 2026-11',
    },
    TCG: {
      ...v20240515.acts.TCG,
      base: { conventional: 2500, sector2: 2300, unconventioned: 61 },
      source: 'Convention médicale 2024: TCG €25 — DESIGN §9, checked 2026-11',
    },
  },
};

/** Oldest first. A cut of the 70 % rate (60–65 % was debated for 2025–2026) would be a new entry here. */
export const rulesVersions: readonly RulesVersion[] = [v20240515, v20241222];

/** The version in force on a calendar date (YYYY-MM-DD); the oldest one for earlier dates. */
export function rulesFor(date: string): RulesVersion {
  let chosen = rulesVersions[0] as RulesVersion;
  for (const v of rulesVersions) if (v.validFrom <= date) chosen = v;
  return chosen;
}

export function rulesByVersion(version: string): RulesVersion | undefined {
  return rulesVersions.find((v) => v.version === version);
}

/**
 * When a claim is expected to be paid, counted from the day it is sent. Our own service targets, not
 * legal deadlines: the AMO pays a télétransmitted feuille de soins électronique in about 5 working
 * days (ameli « délais de remboursement », read 2026-11-23), so 7 calendar days; mutuelles usually
 * take one to two weeks after the AMO's NOEMIE feed, so 15 days.
 */
export const CLAIM_DUE_DAYS = { amo: 7, amc: 15 } as const;
/** An overdue claim is chased at most once a week. */
export const REMINDER_INTERVAL_DAYS = 7;
