/**
 * Medical-file rules without I/O: document types and limits, what search matches on, and which
 * side of its reference range a value falls.
 */
import { type DocumentType, documentTypes } from '../consent/domain.ts';
import { foldName } from '../clients/domain.ts';

export { type DocumentType, documentTypes };

/** A scanned report or an imaging summary fits easily; a DICOM series does not belong here. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
export const MAX_DOCUMENT_MB = MAX_DOCUMENT_BYTES / 1024 / 1024;

export const documentSources = ['staff', 'client', 'practitioner', 'teleconsultation', 'import'] as const;
export type DocumentSource = (typeof documentSources)[number];

/** The words people type to find a type, in both languages ("ordonnance", "prescription"). */
const typeWords: Record<DocumentType, string> = {
  report: 'compte rendu report',
  result: 'resultat analyse biologie result',
  prescription: 'ordonnance prescription',
  imaging: 'imagerie radio echographie irm scanner imaging',
  care_sheet: 'feuille de soins care sheet',
  administrative: 'administratif administrative',
};

/** Lower-case, unaccented title + author + type words: what the trigram index matches on. */
export function documentSearchText(d: { title: string; author?: string | null; type: DocumentType; fileName?: string }): string {
  return foldName([d.title, d.author ?? '', typeWords[d.type], d.fileName?.replace(/\.[a-z0-9]+$/i, '') ?? ''].join(' ')).replace(/\s+/g, ' ');
}

/** What a search box typed becomes before it meets `search_text`. */
export const foldQuery = (q: string): string => foldName(q).slice(0, 100);

export type Direction = 'low' | 'high';

/** Outside the reference range: below its low bound or above its high bound (bounds are normal). */
export function outOfRange(value: number, low: number | null, high: number | null): Direction | null {
  if (low !== null && value < low) return 'low';
  if (high !== null && value > high) return 'high';
  return null;
}

/** Storage keys name nothing about the patient: a random id, sharded so no directory grows huge. */
export const storageKeyFor = (id: string): string => `${id.slice(0, 2)}/${id}`;
