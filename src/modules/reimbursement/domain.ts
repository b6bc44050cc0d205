/**
 * Reimbursement rules, pure: what the Assurance Maladie (AMO) and the mutuelle (AMC) pay back for
 * one consultation, and how a claim moves. No I/O; the figures come from rules.ts.
 *
 * Exported for the billing helper (quotes' expected out-of-pocket): computeReimbursement,
 * parseMutuelleCoverage, rulesFor (rules.ts).
 */
import { type ActCode, baseColumnOf, type RulesVersion, type Sector } from './rules.ts';

/** What the mutuelle contract covers: the total (AMO included) as % of the base, plus a fixed amount per act. */
export interface MutuelleCover {
  /** "300 %" → 300: AMO + mutuelle together pay up to 3 × the base (AMO share deducted). */
  coveragePct: number;
  /** A fixed amount per consultation on top (e.g. a "forfait dépassements"), in cents. */
  fixedCents?: number;
  /** Contrat responsable (the vast majority, tax-favoured): no cover of the participation or of the parcours penalty, non-OPTAM cap. Default true. */
  responsible?: boolean;
}

export interface ReimbursementInput {
  actCode: ActCode;
  /** What the practitioner charged, in cents. */
  feeCents: number;
  sector: Sector;
  /** Age in whole years on the day of the act. */
  ageYears: number;
  /** Inside the parcours de soins coordonnés: the médecin traitant, referred by them, or an emergency / away from home. */
  coordinated: boolean;
  /** The practitioner's specialty code (shared/data/specialties.json), for direct access. */
  specialty?: string | null;
  /** Participation forfaitaire already charged this calendar year, in cents. */
  participationYearToDateCents: number;
  /** Complémentaire santé solidaire, maternity from the 6th month…: no participation forfaitaire. */
  participationExempt?: boolean;
  mutuelle: MutuelleCover | null;
}

export interface Reimbursement {
  rulesVersion: string;
  actCode: ActCode;
  feeCents: number;
  baseCents: number;
  amoRateBp: number;
  /** Whether the parcours rate applied (coordinated, or an exception to the rule). */
  coordinated: boolean;
  participationCents: number;
  /** What the AMO pays, participation deducted. */
  amoCents: number;
  overrunCents: number;
  amcCents: number;
  remainderCents: number;
  explanation: string[];
}

const euros = (cents: number) => `${(cents / 100).toFixed(2).replace('.', ',')} €`;
const pct = (bp: number) => `${bp / 100} %`;
/** Cents × basis points, rounded to the cent (half up), as the AMO's statements do. */
const ofBase = (cents: number, bp: number) => Math.round((cents * bp) / 10_000);

type Parcours = { coordinated: boolean; reason: string; reimbursable: boolean };

/** The parcours de soins rule and its exceptions (DESIGN §9, rules.ts). */
function parcoursOf(input: ReimbursementInput, rules: RulesVersion): Parcours {
  const act = rules.acts[input.actCode];
  if (act.alwaysCoordinated) return { coordinated: true, reason: 'Acte demandé par le médecin traitant : parcours de soins respecté.', reimbursable: true };
  if (input.coordinated) return { coordinated: true, reason: 'Parcours de soins coordonnés respecté.', reimbursable: true };
  if (input.ageYears < rules.parcoursExemptUnderAge) return { coordinated: true, reason: `Moins de ${rules.parcoursExemptUnderAge} ans : pas de majoration hors parcours.`, reimbursable: true };
  if (act.discipline === 'specialist' && input.specialty) {
    if (rules.directAccessSpecialties.includes(input.specialty)) return { coordinated: true, reason: 'Spécialité en accès direct : remboursement comme dans le parcours.', reimbursable: true };
    const { from, to } = rules.psychiatryDirectAccessAges;
    if (input.specialty === 'psychiatry' && input.ageYears >= from && input.ageYears <= to) return { coordinated: true, reason: `Psychiatre en accès direct de ${from} à ${to} ans.`, reimbursable: true };
  }
  // Teleconsultation is reimbursed only within the parcours, save the exceptions above (avenant 6, art. 28.6.1.1; DESIGN §9).
  if (act.mode === 'teleconsultation') return { coordinated: false, reason: 'Téléconsultation hors parcours de soins : non prise en charge par l’Assurance Maladie.', reimbursable: false };
  return { coordinated: false, reason: 'Hors parcours de soins coordonnés : taux réduit de l’Assurance Maladie.', reimbursable: true };
}

/** Computes the split of one act between the AMO, the mutuelle and the client. Amounts in integer cents. */
export function computeReimbursement(input: ReimbursementInput, rules: RulesVersion): Reimbursement {
  if (!Number.isInteger(input.feeCents) || input.feeCents < 0) throw new RangeError('feeCents must be a non-negative integer');
  const act = rules.acts[input.actCode];
  const lines: string[] = [];
  const column = baseColumnOf(input.sector);
  const fee = input.feeCents;

  let tariff = act.base[column];
  if (act.childBase && column === 'conventional' && input.ageYears < act.childBase.underAge) {
    tariff = act.childBase.cents;
    lines.push(`Enfant de moins de ${act.childBase.underAge} ans : base majorée à ${euros(tariff)}.`);
  }
  // The AMO never pays on more than what was charged.
  const base = Math.min(tariff, fee);
  lines.push(`${act.label.fr} : honoraires ${euros(fee)}, base de remboursement ${euros(base)}${sectorNote(input.sector)}.`);

  const parcours = parcoursOf(input, rules);
  lines.push(parcours.reason);
  const rateBp = parcours.reimbursable ? (parcours.coordinated ? rules.amoRateBp.coordinated : rules.amoRateBp.outside) : 0;
  const amoGross = ofBase(base, rateBp);

  const exemptParticipation = input.participationExempt || input.ageYears < rules.participation.exemptUnderAge || amoGross === 0;
  const capLeft = Math.max(0, rules.participation.yearlyCapCents - input.participationYearToDateCents);
  const participation = exemptParticipation ? 0 : Math.min(rules.participation.perActCents, capLeft, amoGross);
  const amo = amoGross - participation;
  if (rateBp > 0) lines.push(`Assurance Maladie : ${pct(rateBp)} de ${euros(base)} = ${euros(amoGross)}${participation ? `, moins ${euros(participation)} de participation forfaitaire` : ''} → ${euros(amo)}.`);
  if (!exemptParticipation && participation < rules.participation.perActCents)
    lines.push(`Participation forfaitaire limitée par le plafond annuel de ${euros(rules.participation.yearlyCapCents)} (${euros(input.participationYearToDateCents)} déjà retenus cette année).`);
  else if (exemptParticipation && amoGross > 0)
    lines.push(input.ageYears < rules.participation.exemptUnderAge ? `Pas de participation forfaitaire avant ${rules.participation.exemptUnderAge} ans.` : 'Exonéré(e) de participation forfaitaire.');

  const overrun = fee - base;
  if (overrun > 0) lines.push(`Dépassement d’honoraires : ${euros(overrun)}, jamais remboursé par l’Assurance Maladie.`);

  let amc = 0;
  const m = input.mutuelle;
  if (!m) lines.push('Pas de mutuelle connue : aucun remboursement complémentaire.');
  else if (!parcours.reimbursable) lines.push('La mutuelle ne complète que ce que l’Assurance Maladie rembourse.');
  else {
    const responsible = m.responsible !== false;
    // A contrat responsable tops up as if the parcours had been respected: the penalty stays with the client.
    const referenceAmo = responsible ? ofBase(base, rules.amoRateBp.coordinated) : amoGross;
    const penalty = responsible ? referenceAmo - amoGross : 0;
    const ticket = Math.max(0, ofBase(base, Math.min(m.coveragePct, 100) * 100) - referenceAmo);
    let overrunPct = Math.max(0, m.coveragePct - 100);
    const nonOptam = input.sector === '2' || input.sector === 'non_conventionne';
    if (responsible && nonOptam && overrunPct > 0) {
      const rc = rules.responsibleContract;
      overrunPct = Math.max(0, Math.min(rc.nonOptamOverrunCapPctOfBase, overrunPct - rc.nonOptamGapBelowOptamPct));
      lines.push(`Médecin non adhérent à l’OPTAM : contrat responsable plafonné à ${overrunPct} % de la base pour les dépassements.`);
    }
    const overrunCover = Math.min(overrun, ofBase(base, overrunPct * 100));
    const notCoverable = participation + penalty;
    const ceiling = Math.max(0, fee - amo - notCoverable);
    amc = Math.min(ticket + overrunCover + (m.fixedCents ?? 0), ceiling);
    lines.push(`Mutuelle (${m.coveragePct} % de la base, part Assurance Maladie déduite${m.fixedCents ? ` + forfait ${euros(m.fixedCents)}` : ''}) : ${euros(amc)}.`);
    if (penalty > 0) lines.push(`Majoration hors parcours (${euros(penalty)}) non prise en charge par un contrat responsable.`);
  }
  const remainder = fee - amo - amc;
  lines.push(`Reste à charge : ${euros(remainder)}.`);
  return {
    rulesVersion: rules.version,
    actCode: input.actCode,
    feeCents: fee,
    baseCents: base,
    amoRateBp: rateBp,
    coordinated: parcours.coordinated,
    participationCents: participation,
    amoCents: amo,
    overrunCents: Math.max(0, overrun),
    amcCents: amc,
    remainderCents: remainder,
    explanation: lines,
  };
}

function sectorNote(sector: Sector): string {
  if (sector === 'optam') return ' (secteur 2, OPTAM)';
  if (sector === '2') return ' (secteur 2 sans OPTAM)';
  if (sector === 'non_conventionne') return ' (non conventionné : tarif d’autorité)';
  return ' (secteur 1)';
}

/**
 * Reads the free-text coverage of the client's file ("300 %", "200% BR", "100 % + 20 €"): the
 * percentage and a fixed amount in euros. Null when nothing readable is there.
 */
export function parseMutuelleCoverage(text: string | null | undefined): { coveragePct: number; fixedCents: number } | null {
  if (!text) return null;
  const p = /(\d{2,4})\s*%/.exec(text);
  const f = /(\d+(?:[.,]\d{1,2})?)\s*(?:€|eur)/i.exec(text);
  if (!p && !f) return null;
  return { coveragePct: p ? Number(p[1]) : 100, fixedCents: f ? Math.round(Number(f[1]?.replace(',', '.')) * 100) : 0 };
}

/** Age in whole years on a date (both YYYY-MM-DD): string comparison of month-day is exact for ISO dates. */
export function ageOn(birthDate: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

// ——— Claims ———

export const claimStatuses = ['to_send', 'sent', 'partially_paid', 'paid', 'rejected'] as const;
export type ClaimStatus = (typeof claimStatuses)[number];
export type Insurer = 'amo' | 'amc';

/** Which moves are allowed: a rejected claim may be corrected and sent again; a paid one is closed. */
const transitions: Record<ClaimStatus, readonly ClaimStatus[]> = {
  to_send: ['sent'],
  sent: ['partially_paid', 'paid', 'rejected'],
  partially_paid: ['partially_paid', 'paid', 'rejected'],
  paid: [],
  rejected: ['sent'],
};
export const canMove = (from: ClaimStatus, to: ClaimStatus): boolean => transitions[from].includes(to);

export const statusLabels: Record<ClaimStatus, { fr: string; en: string }> = {
  to_send: { fr: 'à envoyer', en: 'to send' },
  sent: { fr: 'envoyée', en: 'sent' },
  partially_paid: { fr: 'partiellement payée', en: 'partially paid' },
  paid: { fr: 'payée', en: 'paid' },
  rejected: { fr: 'rejetée', en: 'rejected' },
};

/** After a payment: paid once the expected amount is reached, otherwise partially paid. */
export const statusAfterPayment = (receivedCents: number, expectedCents: number): ClaimStatus => (receivedCents >= expectedCents ? 'paid' : 'partially_paid');

/** Adds calendar days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export const isOverdue = (c: { status: string; dueOn: string | null }, today: string): boolean => (c.status === 'sent' || c.status === 'partially_paid') && c.dueOn !== null && c.dueOn < today;
