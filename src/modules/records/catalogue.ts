/**
 * The measurements the team enters or receives, with their LOINC code, unit and a default adult
 * reference range. A lab's own range (sent with the result) always wins over these defaults,
 * which are the usual adult values of French labs — a prompt to look, not a diagnosis.
 */
export interface CatalogueEntry {
  code: string;
  loinc: string;
  label: { fr: string; en: string };
  unit: string;
  low: number | null;
  high: number | null;
  kind: 'lab' | 'vital';
  /** Digits worth showing. */
  decimals: number;
}

export const catalogue: readonly CatalogueEntry[] = [
  { code: 'glucose', loinc: '2345-7', label: { fr: 'Glycémie à jeun', en: 'Fasting glucose' }, unit: 'g/L', low: 0.7, high: 1.1, kind: 'lab', decimals: 2 },
  { code: 'hba1c', loinc: '4548-4', label: { fr: 'Hémoglobine glyquée (HbA1c)', en: 'Glycated haemoglobin (HbA1c)' }, unit: '%', low: 4, high: 6, kind: 'lab', decimals: 1 },
  { code: 'ldl', loinc: '13457-7', label: { fr: 'Cholestérol LDL', en: 'LDL cholesterol' }, unit: 'g/L', low: null, high: 1.6, kind: 'lab', decimals: 2 },
  { code: 'creatinine', loinc: '2160-0', label: { fr: 'Créatinine', en: 'Creatinine' }, unit: 'µmol/L', low: 45, high: 110, kind: 'lab', decimals: 0 },
  { code: 'hemoglobin', loinc: '718-7', label: { fr: 'Hémoglobine', en: 'Haemoglobin' }, unit: 'g/dL', low: 12, high: 17, kind: 'lab', decimals: 1 },
  { code: 'potassium', loinc: '2823-3', label: { fr: 'Potassium (kaliémie)', en: 'Potassium' }, unit: 'mmol/L', low: 3.5, high: 5, kind: 'lab', decimals: 1 },
  { code: 'weight', loinc: '29463-7', label: { fr: 'Poids', en: 'Weight' }, unit: 'kg', low: null, high: null, kind: 'vital', decimals: 1 },
  { code: 'systolic', loinc: '8480-6', label: { fr: 'Pression artérielle systolique', en: 'Systolic blood pressure' }, unit: 'mmHg', low: 90, high: 140, kind: 'vital', decimals: 0 },
  { code: 'diastolic', loinc: '8462-4', label: { fr: 'Pression artérielle diastolique', en: 'Diastolic blood pressure' }, unit: 'mmHg', low: 60, high: 90, kind: 'vital', decimals: 0 },
  { code: 'heart_rate', loinc: '8867-4', label: { fr: 'Fréquence cardiaque', en: 'Heart rate' }, unit: '/min', low: 50, high: 100, kind: 'vital', decimals: 0 },
  { code: 'temperature', loinc: '8310-5', label: { fr: 'Température', en: 'Body temperature' }, unit: '°C', low: 36, high: 38, kind: 'vital', decimals: 1 },
  { code: 'spo2', loinc: '59408-5', label: { fr: 'Saturation en oxygène (SpO2)', en: 'Oxygen saturation (SpO2)' }, unit: '%', low: 94, high: 100, kind: 'vital', decimals: 0 },
];

const byCode = new Map(catalogue.map((e) => [e.code, e]));
const byLoinc = new Map(catalogue.map((e) => [e.loinc, e]));
// SpO2 is also sent under the pulse-oximetry code by many devices.
byLoinc.set('2708-6', byCode.get('spo2') as CatalogueEntry);

export const catalogueEntry = (code: string): CatalogueEntry | undefined => byCode.get(code);
export const catalogueByLoinc = (loinc: string): CatalogueEntry | undefined => byLoinc.get(loinc);

/** Units written differently by different senders ("mm[Hg]" in UCUM, "umol/L" without the µ). */
export function sameUnit(a: string, b: string): boolean {
  const norm = (u: string) =>
    u
      .trim()
      .toLowerCase()
      .replace(/^mm\[hg\]$/, 'mmhg')
      .replace(/^u(mol)/, 'µ$1')
      .replace(/^cel$/, '°c')
      .replace(/^\/?min$|^beats\/min$|^\{beats\}\/min$/, '/min');
  return norm(a) === norm(b);
}
