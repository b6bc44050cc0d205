/**
 * FHIR R4 Observation (or a Bundle of them) → our observations, pure. What a lab or a connected
 * device sends: a LOINC code, a valueQuantity, an optional referenceRange, the client's number as
 * subject (`{identifier:{value:'PC-000123'}}` or `{reference:'Patient/PC-000123'}`).
 */
import { catalogueByLoinc, sameUnit } from './catalogue.ts';

export interface ParsedObservation {
  clientNumber: string;
  code: string;
  loinc: string;
  label: string;
  value: number;
  unit: string;
  referenceLow: number | null;
  referenceHigh: number | null;
  observedAt: Date;
  source: 'lab' | 'device';
}

export class FhirError extends Error {}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function subjectNumber(subject: unknown, at: string): string {
  if (isObject(subject)) {
    const id = isObject(subject.identifier) ? subject.identifier.value : undefined;
    if (typeof id === 'string' && id.trim()) return id.trim();
    if (typeof subject.reference === 'string') {
      const m = /^Patient\/(.+)$/.exec(subject.reference.trim());
      if (m?.[1]) return m[1];
    }
  }
  throw new FhirError(`${at}.subject : numéro du client absent (identifier.value « PC-000123 »)`);
}

function parseObservation(o: Json, at: string): ParsedObservation {
  if (o.resourceType !== 'Observation') throw new FhirError(`${at} : Observation attendue, reçu ${String(o.resourceType)}`);
  if (o.status === 'entered-in-error' || o.status === 'cancelled') throw new FhirError(`${at}.status : ${o.status} ne peut pas être importé`);
  const codings = isObject(o.code) && Array.isArray(o.code.coding) ? o.code.coding.filter(isObject) : [];
  const loincCoding = codings.find((c) => c.system === 'http://loinc.org' && typeof c.code === 'string');
  if (!loincCoding) throw new FhirError(`${at}.code : un code LOINC (system http://loinc.org) est requis`);
  const loinc = String(loincCoding.code);
  const q = o.valueQuantity;
  const value = isObject(q) ? num(q.value) : null;
  if (!isObject(q) || value === null) throw new FhirError(`${at}.valueQuantity.value : nombre requis`);
  const unit = typeof q.unit === 'string' && q.unit.trim() ? q.unit.trim() : typeof q.code === 'string' ? q.code : '';
  if (!unit) throw new FhirError(`${at}.valueQuantity.unit : unité requise`);
  const when = typeof o.effectiveDateTime === 'string' ? o.effectiveDateTime : isObject(o.effectivePeriod) && typeof o.effectivePeriod.start === 'string' ? o.effectivePeriod.start : typeof o.issued === 'string' ? o.issued : null;
  const observedAt = when ? new Date(when) : null;
  if (!observedAt || Number.isNaN(observedAt.getTime())) throw new FhirError(`${at}.effectiveDateTime : date requise`);

  const entry = catalogueByLoinc(loinc);
  const range = Array.isArray(o.referenceRange) ? o.referenceRange.find(isObject) : undefined;
  const sentLow = range && isObject(range.low) ? num(range.low.value) : null;
  const sentHigh = range && isObject(range.high) ? num(range.high.value) : null;
  // The sender's range wins; our default range only applies in our unit (no silent conversion).
  const defaults = entry && sameUnit(entry.unit, unit) && !range ? { low: entry.low, high: entry.high } : { low: null, high: null };
  const categories = Array.isArray(o.category) ? o.category.filter(isObject) : [];
  const vital = categories.some((c) => Array.isArray(c.coding) && c.coding.some((x) => isObject(x) && x.code === 'vital-signs'));
  const text = isObject(o.code) && typeof o.code.text === 'string' ? o.code.text : typeof loincCoding.display === 'string' ? loincCoding.display : `LOINC ${loinc}`;
  return {
    clientNumber: subjectNumber(o.subject, at),
    code: entry?.code ?? `loinc-${loinc}`,
    loinc,
    label: entry?.label.fr ?? text.slice(0, 200),
    value,
    unit: entry && sameUnit(entry.unit, unit) ? entry.unit : unit.slice(0, 40),
    referenceLow: range ? sentLow : defaults.low,
    referenceHigh: range ? sentHigh : defaults.high,
    observedAt,
    source: vital ? 'device' : 'lab',
  };
}

/** Every Observation of the payload, or a FhirError naming the faulty element. */
export function parseFhirObservations(payload: unknown): ParsedObservation[] {
  if (!isObject(payload)) throw new FhirError('un objet JSON est attendu');
  if (payload.resourceType === 'Bundle') {
    const entries = Array.isArray(payload.entry) ? payload.entry : [];
    if (!entries.length) throw new FhirError('Bundle.entry : vide');
    if (entries.length > 500) throw new FhirError('Bundle.entry : 500 observations au plus par envoi');
    return entries.map((e, i) => {
      const resource = isObject(e) ? e.resource : undefined;
      if (!isObject(resource)) throw new FhirError(`Bundle.entry[${i}].resource : absente`);
      return parseObservation(resource, `Bundle.entry[${i}].resource`);
    });
  }
  return [parseObservation(payload, 'Observation')];
}
