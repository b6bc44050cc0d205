// The sentences of a score: one per criterion, built from the facts the server sent (`detail`),
// in the UI language ("Distance : à 3,2 km (max 30 km) — +27 pts"). Also number, money and
// language-name formatting shared by the matching components.
import type { TFunction } from 'i18next';
import { currentLanguage } from '../../app/i18n.ts';
import type { Criterion } from './api.ts';

const numberFormats = new Map<string, Intl.NumberFormat>();

/** "3,2" (fr) / "3.2" (en), at most `digits` decimals. */
export function formatNumber(value: number, digits = 1): string {
  const locale = currentLanguage() === 'en' ? 'en-GB' : 'fr-FR';
  const key = `${locale}:${digits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

/** Cents as "50 €" / "€50" (no decimals when whole). */
export function formatEuros(cents: number): string {
  const locale = currentLanguage() === 'en' ? 'en-GB' : 'fr-FR';
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'EUR',
    minimumFractionDigits: cents % 100 === 0 ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(cents / 100);
}

/** The name of a language code in the UI language ("anglais" / "English"). */
export function languageName(code: string, capitalised = false): string {
  let name = code;
  try {
    name = new Intl.DisplayNames([currentLanguage()], { type: 'language' }).of(code) ?? code;
  } catch {
    // An unknown code: show it as it is.
  }
  return capitalised ? name.charAt(0).toLocaleUpperCase() + name.slice(1) : name;
}

/** Languages offered in the filter (the codes the client form and the directory use). */
export const LANGUAGE_CODES = ['fr', 'en', 'es', 'de', 'it', 'pt', 'ar', 'zh', 'ru', 'tr', 'ro', 'pl', 'nl', 'vi', 'he', 'ja'] as const;

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** What the criterion says about this practitioner, without its label and points. */
export function reasonText(criterion: Criterion, t: TFunction<'matching'>): string {
  const detail = criterion.detail ?? {};
  switch (criterion.key) {
    case 'distance': {
      if (detail.mode === 'teleconsultation') return t('reason.distanceTele');
      const km = num(detail.km);
      if (km !== null) return t('reason.distanceKm', { km: formatNumber(km), maxKm: formatNumber(num(detail.maxKm) ?? 0, 0) });
      return criterion.value === null ? t('reason.distanceNoOrigin') : t('reason.distanceUnknown');
    }
    case 'availability':
      return t('reason.availability');
    case 'cost': {
      const sector = str(detail.sector);
      const key =
        sector === '2' ? (detail.covered ? '2covered' : '2uncovered') : sector === '1' || sector === 'optam' || sector === 'non_conventionne' ? sector : 'unknown';
      const text = t(`reason.cost.${key}`);
      const fee = num(detail.fee);
      return fee !== null ? `${text}, ${t('reason.fee', { fee: formatEuros(fee) })}` : text;
    }
    case 'network':
      return detail.partner ? t('reason.partner') : t('reason.notPartner');
    case 'rating': {
      const count = num(detail.count) ?? 0;
      const mean = num(detail.mean);
      return count > 0 && mean !== null ? t('reason.rating', { mean: formatNumber(mean), count }) : t('reason.noRating');
    }
    case 'language': {
      const language = str(detail.language);
      if (!language || criterion.value === null) return t('reason.languageFrench');
      if (detail.speaks === null || detail.speaks === undefined) return t('reason.speaksUnknown');
      return detail.speaks ? t('reason.speaks', { language: languageName(language) }) : t('reason.speaksNot', { language: languageName(language) });
    }
    default:
      return '';
  }
}

/** "+27 pts" (or "+26,7 pts"). */
export function pointsText(points: number, t: TFunction<'matching'>): string {
  return t('reason.points', { points: formatNumber(points) });
}

/**
 * How full the bar of a criterion is: its points against the most it could have brought
 * (weight × 100 / the weights of the criteria that count), i.e. its value, 0..100.
 */
export function criterionBar(criterion: Criterion, criteria: readonly Criterion[]): number {
  if (criterion.value === null) return 0;
  const total = criteria.reduce((sum, c) => sum + (c.value === null ? 0 : c.weight), 0);
  const max = total > 0 ? (criterion.weight * 100) / total : 0;
  if (max <= 0) return 0;
  return Math.max(0, Math.min(100, (criterion.points / max) * 100));
}
