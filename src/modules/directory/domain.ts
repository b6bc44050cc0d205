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
