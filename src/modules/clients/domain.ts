/** Client registry rules: NIR and INS (DESIGN.md §9), phone numbers, identity traits, duplicates. Pure. */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { MessageCode } from '../../platform/messages.ts';

export const identityStatuses = ['PROV', 'VALI', 'RECUP', 'QUAL'] as const;
export type IdentityStatus = (typeof identityStatuses)[number];
export const identityDocumentTypes = ['id_card', 'passport', 'residence_permit', 'family_record_book', 'birth_certificate'] as const;
export const amoSchemes = ['general', 'agricultural', 'independent', 'other'] as const;
export type Sex = 'F' | 'M';

export const INS_OID = { nir: '1.2.250.1.213.1.4.8', nia: '1.2.250.1.213.1.4.9' } as const;

export type FieldError = { path: string; code: MessageCode };

/** `PC-000123`: the identifier people read out on the phone. */
export const clientNumber = (n: number): string => `PC-${String(n).padStart(6, '0')}`;
export function parseClientNumber(q: string): number | null {
  const m = /^(?:pc-?)?0*(\d{1,9})$/i.exec(q.trim());
  return m?.[1] ? Number(m[1]) : null;
}

/**
 * NIR (or NIA): sex 1 + year 2 + month 2 + birthplace 5 (Corsica 2A/2B) + order 3 + key 2.
 * Key = 97 − (first 13 digits mod 97), with 2A → 19 and 2B → 18 before computing.
 */
export function nirKey(body13: string): number {
  const digits = body13.toUpperCase().replace('2A', '19').replace('2B', '18');
  return 97 - Number(BigInt(digits) % 97n);
}

export type NirCheck = { ok: true; nir: string; provisional: boolean } | { ok: false; code: 'nir_format' | 'nir_key' };

export function checkNir(input: string): NirCheck {
  const nir = input.replace(/[\s.-]/g, '').toUpperCase();
  // Position 6–7 is the birth department: digits, or 2A/2B for Corsica.
  if (!/^[1-478]\d{4}(?:\d{2}|2A|2B)\d{8}$/.test(nir)) return { ok: false, code: 'nir_format' };
  if (nirKey(nir.slice(0, 13)) !== Number(nir.slice(13))) return { ok: false, code: 'nir_key' };
  // 3/4/7/8 and months ≥ 20 mark provisional or special numbers (NIA): valid, not hard-rejected.
  return { ok: true, nir, provisional: '3478'.includes(nir[0] as string) };
}

/** A NIR's own sex, year and month must agree with the identity, where the NIR states them. */
export function nirMatchesIdentity(nir: string, sex: Sex, birthDate: string): FieldError[] {
  const errors: FieldError[] = [];
  const sexDigit = nir[0];
  if ((sexDigit === '1' && sex !== 'M') || (sexDigit === '2' && sex !== 'F')) errors.push({ path: 'insurance.nir', code: 'nir_sex_mismatch' });
  if (nir.slice(1, 3) !== birthDate.slice(2, 4)) errors.push({ path: 'insurance.nir', code: 'nir_birth_mismatch' });
  const month = Number(nir.slice(3, 5));
  if (month >= 1 && month <= 12 && nir.slice(3, 5) !== birthDate.slice(5, 7)) errors.push({ path: 'insurance.nir', code: 'nir_birth_mismatch' });
  return errors.slice(0, 1);
}

/** INSEE (COG) code of the birthplace: department (2 digits or 2A/2B) + commune; 99 + country code abroad. */
export const isBirthplaceCode = (code: string): boolean => /^(?:\d{2}|2A|2B)\d{3}$/i.test(code);

/** Any French or international way of writing a phone number → E.164, or null when it is not one. */
export function toE164(input: string): string | null {
  const phone = parsePhoneNumberFromString(input.trim(), 'FR');
  return phone?.isValid() ? phone.number : null;
}

/** Names compared as the INS compares traits: case, accents, hyphens, apostrophes and spaces ignored. */
export function foldName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** What search and trigram matching work on: every name of the person, folded. */
export function searchName(c: { birthName: string; usedName?: string | null; firstNames: string[]; usedFirstName?: string | null }): string {
  return foldName([c.birthName, c.usedName ?? '', ...c.firstNames, c.usedFirstName ?? ''].join(' ')).replace(/\s+/g, ' ');
}

export interface Traits {
  birthName: string;
  firstNames: string[];
  birthDate: string;
  sex: Sex;
  birthplaceCode?: string | null;
}

/** Same strict INS traits: birth name, first birth first name, date of birth, sex (and birthplace when both have one). */
export function sameStrictTraits(a: Traits, b: Traits): boolean {
  return (
    foldName(a.birthName) === foldName(b.birthName) &&
    foldName(a.firstNames[0] ?? '') === foldName(b.firstNames[0] ?? '') &&
    a.birthDate === b.birthDate &&
    a.sex === b.sex &&
    (!a.birthplaceCode || !b.birthplaceCode || a.birthplaceCode.toUpperCase() === b.birthplaceCode.toUpperCase())
  );
}

export const displayName = (c: { birthName: string; usedName: string | null; firstNames: string[]; usedFirstName: string | null }): string =>
  `${(c.usedName || c.birthName).toUpperCase()} ${c.usedFirstName || c.firstNames[0] || ''}`.trim();

/** The INS may only be shown and sent for a qualified identity (RNIV). */
export function ins(nir: string | null, status: IdentityStatus): { nir: string; oid: string } | null {
  if (!nir || status !== 'QUAL') return null;
  return { nir, oid: '3478'.includes(nir[0] as string) ? INS_OID.nia : INS_OID.nir };
}

/** RNIV: a validated or qualified identity was checked on an identity document. */
export function identityStatusErrors(status: IdentityStatus, hasDocument: boolean, hasNir: boolean): FieldError[] {
  if ((status === 'VALI' || status === 'QUAL') && !hasDocument) return [{ path: 'identityDocument', code: 'identity_document_required' }];
  if ((status === 'RECUP' || status === 'QUAL') && !hasNir) return [{ path: 'insurance.nir', code: 'ins_requires_nir' }];
  return [];
}

/** The usual pharmacy must be a directory provider of kind pharmacy, still active. */
export function pharmacyErrors(provider: { kind: string; active: boolean } | undefined): FieldError[] {
  return provider?.kind === 'pharmacy' && provider.active ? [] : [{ path: 'pharmacyId', code: 'client_pharmacy_invalid' }];
}

/** Interprets a search box: client number, NIR, phone, birth date (JJ/MM/AAAA or ISO), else a name. */
export type ClientQuery =
  | { kind: 'number'; number: number }
  | { kind: 'nir'; nir: string }
  | { kind: 'phone'; phone: string }
  | { kind: 'birthDate'; date: string }
  | { kind: 'name'; text: string };

export function parseClientQuery(q: string): ClientQuery {
  const text = q.trim();
  const compact = text.replace(/[\s.-]/g, '');
  const date = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (date) return { kind: 'birthDate', date: `${date[3]}-${date[2]?.padStart(2, '0')}-${date[1]?.padStart(2, '0')}` };
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return { kind: 'birthDate', date: text };
  if (/^[1-478]\d{4}(?:\d{2}|2A|2B)\d{6}(?:\d{2})?$/i.test(compact)) {
    const body = compact.slice(0, 13).toUpperCase();
    return { kind: 'nir', nir: `${body}${String(nirKey(body)).padStart(2, '0')}` };
  }
  if (/^(?:pc-?)\d+$/i.test(compact) || /^\d{1,6}$/.test(compact)) return { kind: 'number', number: parseClientNumber(compact) as number };
  const phone = /^[+\d][\d\s.()-]{7,}$/.test(text) ? toE164(text) : null;
  if (phone) return { kind: 'phone', phone };
  return { kind: 'name', text: foldName(text) };
}
