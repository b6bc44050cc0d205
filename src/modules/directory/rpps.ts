/**
 * Reader of the public Annuaire Santé extract (PS_LibreAcces_Personne_activite_*.txt): UTF-8,
 * `|`-separated with a trailing `|`, one row per activity (a person appears once per place of work).
 * It streams line by line, so two million rows read in bounded memory; unreadable rows are reported
 * with their line number and reason, and reading goes on.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { checkRpps, isFinessFormat, specialtyFromRpps } from './domain.ts';

export interface RppsActivity {
  rpps: string;
  civility: string | null;
  sex: 'F' | 'M' | null;
  lastName: string;
  firstName: string;
  professionCode: string;
  profession: string;
  savoirFaireCode: string | null;
  savoirFaire: string | null;
  specialty: string | null;
  practiceMode: string | null;
  site: {
    structureId: string | null;
    name: string | null;
    finess: string | null;
    siret: string | null;
    street: string | null;
    postalCode: string | null;
    communeCode: string | null;
    city: string | null;
    phone: string | null;
    email: string | null;
  };
}

export type RppsLine = { line: number; activity: RppsActivity } | { line: number; error: string };

const REQUIRED = [
  "Type d'identifiant PP",
  'Identifiant PP',
  "Libellé civilité d'exercice",
  'Code civilité',
  "Nom d'exercice",
  "Prénom d'exercice",
  'Code profession',
  'Libellé profession',
  'Code savoir-faire',
  'Libellé savoir-faire',
  'Libellé mode exercice',
  'Numéro SIRET site',
  'Numéro FINESS site',
  'Identifiant technique de la structure',
  'Raison sociale site',
  'Numéro Voie (coord. structure)',
  'Indice répétition voie (coord. structure)',
  'Libellé type de voie (coord. structure)',
  'Libellé Voie (coord. structure)',
  'Code postal (coord. structure)',
  'Code commune (coord. structure)',
  'Libellé commune (coord. structure)',
  'Téléphone (coord. structure)',
  'Adresse e-mail (coord. structure)',
] as const;
type Column = (typeof REQUIRED)[number];

/** Column positions from the header line; throws (in French) when a needed column is missing. */
export function readHeader(line: string): Record<Column, number> {
  const names = line.replace(/^\uFEFF/, '').split('|');
  const missing = REQUIRED.filter((c) => !names.includes(c));
  if (missing.length) throw new Error(`En-tête inattendu : colonnes absentes ${missing.map((m) => `« ${m} »`).join(', ')}.`);
  return Object.fromEntries(REQUIRED.map((c) => [c, names.indexOf(c)])) as Record<Column, number>;
}

const clean = (v: string | undefined): string | null => {
  const t = v?.trim();
  return t ? t : null;
};
const titleCase = (s: string) => s.toLowerCase().replace(/(^|[\s'-])\p{L}/gu, (m) => m.toUpperCase());

export function parseActivity(fields: string[], col: Record<Column, number>, columns: number): RppsActivity | string {
  // The trailing `|` makes one empty field more than there are columns.
  if (fields.length !== columns && fields.length !== columns + 1) return `nombre de champs ${fields.length} au lieu de ${columns}`;
  const get = (c: Column) => clean(fields[col[c]]);
  if (get("Type d'identifiant PP") !== '8') return 'identifiant qui n’est pas un RPPS (type ≠ 8)';
  const checked = checkRpps(get('Identifiant PP') ?? '');
  if (!checked.ok) return checked.code === 'rpps_key' ? 'numéro RPPS dont la clé de Luhn est fausse' : 'numéro RPPS absent ou mal formé';
  const lastName = get("Nom d'exercice");
  const firstName = get("Prénom d'exercice");
  const professionCode = get('Code profession');
  if (!lastName || !firstName || !professionCode) return 'nom, prénom ou profession manquant';
  const finess = get('Numéro FINESS site');
  const street = [get('Numéro Voie (coord. structure)'), get('Indice répétition voie (coord. structure)'), get('Libellé type de voie (coord. structure)'), get('Libellé Voie (coord. structure)')]
    .filter(Boolean)
    .join(' ');
  return {
    rpps: checked.rpps,
    civility: get("Libellé civilité d'exercice"),
    sex: get('Code civilité') === 'M' ? 'M' : get('Code civilité') === 'MME' ? 'F' : null,
    lastName,
    firstName: titleCase(firstName),
    professionCode,
    profession: get('Libellé profession') ?? professionCode,
    savoirFaireCode: get('Code savoir-faire'),
    savoirFaire: get('Libellé savoir-faire'),
    specialty: specialtyFromRpps(professionCode, get('Code savoir-faire') ?? ''),
    practiceMode: get('Libellé mode exercice'),
    site: {
      structureId: get('Identifiant technique de la structure'),
      name: get('Raison sociale site'),
      finess: finess && isFinessFormat(finess) ? finess : null,
      siret: get('Numéro SIRET site'),
      street: street || null,
      postalCode: get('Code postal (coord. structure)'),
      communeCode: get('Code commune (coord. structure)'),
      city: get('Libellé commune (coord. structure)'),
      phone: get('Téléphone (coord. structure)'),
      email: get('Adresse e-mail (coord. structure)'),
    },
  };
}

/** Yields each activity row, or the reason a row could not be read, in file order. */
export async function* readRppsExtract(input: Readable): AsyncGenerator<RppsLine> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let col: Record<Column, number> | null = null;
  let columns = 0;
  let n = 0;
  for await (const line of lines) {
    n++;
    if (!col) {
      col = readHeader(line);
      columns = line.replace(/\|$/, '').split('|').length;
      continue;
    }
    if (!line.trim()) continue;
    const parsed = parseActivity(line.split('|'), col, columns);
    yield typeof parsed === 'string' ? { line: n, error: parsed } : { line: n, activity: parsed };
  }
}
