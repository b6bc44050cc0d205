/** Directory rules: national identifiers (RPPS, FINESS) and the mapping of RPPS codes to our specialties. Pure. */
import { type Specialty, specialties } from '../../platform/specialties.ts';

/** Luhn (mod 10) over a string of digits: the check digit of RPPS numbers. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** RPPS: 11 digits, the last one a Luhn check digit (DESIGN.md §9). */
export type RppsCheck = { ok: true; rpps: string } | { ok: false; code: 'rpps_format' | 'rpps_key' };
export function checkRpps(input: string): RppsCheck {
  const rpps = input.replace(/\s/g, '');
  if (!/^\d{11}$/.test(rpps)) return { ok: false, code: 'rpps_format' };
  return luhnValid(rpps) ? { ok: true, rpps } : { ok: false, code: 'rpps_key' };
}

/**
 * FINESS: 9 characters, starting with the department (2A/2B for Corsica). Only the format is
 * checked: we have no cited source for its check-digit rule (DESIGN.md §9).
 */
export const isFinessFormat = (input: string): boolean => /^(?:\d{2}|2A|2B)\d{7}$/i.test(input.replace(/\s/g, ''));

const bySavoirFaire = new Map<string, Specialty>(specialties.flatMap((s) => s.rppsSavoirFaire.map((c) => [c, s.code] as [string, Specialty])));
// Professions whose practitioners all share one of our codes (dentists, midwives, nurses, physiotherapists).
const byProfession = new Map<string, Specialty>(
  specialties.filter((s) => s.rppsProfession && s.rppsProfession !== '10' && s.rppsSavoirFaire.length === 0).map((s) => [s.rppsProfession as string, s.code]),
);

/** Our specialty for an RPPS activity row: its savoir-faire first, else its profession; null when neither maps. */
export function specialtyFromRpps(professionCode: string, savoirFaireCode: string): Specialty | null {
  return bySavoirFaire.get(savoirFaireCode) ?? byProfession.get(professionCode) ?? null;
}

export const providerKinds = ['clinic', 'hospital', 'laboratory', 'imaging', 'pharmacy', 'taxi', 'vsl', 'ambulance', 'lodging'] as const;
export type ProviderKind = (typeof providerKinds)[number];

/** A partner's check must be renewed; the team is warned this many days before it lapses. */
export const VERIFICATION_WARNING_DAYS = 30;

export type VerificationStatus = 'none' | 'valid' | 'expiring' | 'expired';
/** Dates are calendar days (YYYY-MM-DD, Paris): a check valid "until 12 March" holds all that day. */
export function verificationStatus(expiresOn: string | null, today: string): VerificationStatus {
  if (!expiresOn) return 'none';
  if (expiresOn < today) return 'expired';
  const warnFrom = new Date(`${expiresOn}T00:00:00Z`);
  warnFrom.setUTCDate(warnFrom.getUTCDate() - VERIFICATION_WARNING_DAYS);
  return today >= warnFrom.toISOString().slice(0, 10) ? 'expiring' : 'valid';
}

/** Count and mean as they are: no review, no mean (never a made-up mark). */
export function ratingSummary(count: number, sum: number): { count: number; mean: number | null } {
  return { count, mean: count ? Math.round((sum / count) * 10) / 10 : null };
}

/** Department of a postal code: two digits, three overseas (971…976); Corsica's codes start with 20. */
export const departmentOf = (postalCode: string | null | undefined): string | null =>
  postalCode && /^\d{5}$/.test(postalCode) ? (postalCode.startsWith('97') ? postalCode.slice(0, 3) : postalCode.slice(0, 2)) : null;
