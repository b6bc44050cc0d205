// i18next setup: French by default, English available. One resource file per language and
// per capability (app/locales, features/<capability>/locales), assembled here.
// The choice is kept in localStorage and mirrored on <html lang>.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { adminEn } from '../features/admin/locales/en.ts';
import { adminFr } from '../features/admin/locales/fr.ts';
import { clientsEn } from '../features/clients/locales/en.ts';
import { consentEn } from '../features/consent/locales/en.ts';
import { consentFr } from '../features/consent/locales/fr.ts';
import { clientsFr } from '../features/clients/locales/fr.ts';
import { directoryEn } from '../features/directory/locales/en.ts';
import { directoryFr } from '../features/directory/locales/fr.ts';
import { identityEn } from '../features/identity/locales/en.ts';
import { identityFr } from '../features/identity/locales/fr.ts';
import { matchingEn } from '../features/matching/locales/en.ts';
import { matchingFr } from '../features/matching/locales/fr.ts';
import { portalEn } from '../features/portal/locales/en.ts';
import { portalFr } from '../features/portal/locales/fr.ts';
import { preparationEn } from '../features/preparation/locales/en.ts';
import { preparationFr } from '../features/preparation/locales/fr.ts';
import { privacyEn } from '../features/privacy/locales/en.ts';
import { privacyFr } from '../features/privacy/locales/fr.ts';
import { recordsEn } from '../features/records/locales/en.ts';
import { recordsFr } from '../features/records/locales/fr.ts';
import { reimbursementEn } from '../features/reimbursement/locales/en.ts';
import { reimbursementFr } from '../features/reimbursement/locales/fr.ts';
import { followupEn } from '../features/followup/locales/en.ts';
import { followupFr } from '../features/followup/locales/fr.ts';
import { requestsEn } from '../features/requests/locales/en.ts';
import { requestsFr } from '../features/requests/locales/fr.ts';
import { reportingEn } from '../features/reporting/locales/en.ts';
import { reportingFr } from '../features/reporting/locales/fr.ts';
import { schedulingEn } from '../features/scheduling/locales/en.ts';
import { schedulingFr } from '../features/scheduling/locales/fr.ts';
import { teleconsultationEn } from '../features/teleconsultation/locales/en.ts';
import { teleconsultationFr } from '../features/teleconsultation/locales/fr.ts';
import { billingEn } from '../features/billing/locales/en.ts';
import { billingFr } from '../features/billing/locales/fr.ts';
import { commonEn } from './locales/en.ts';
import { commonFr } from './locales/fr.ts';

export type Language = 'fr' | 'en';
export const LANGUAGES: readonly Language[] = ['fr', 'en'];
const STORAGE_KEY = 'parcours.language';

function storedLanguage(): Language {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (value === 'en' || value === 'fr') return value;
  } catch {
    // Storage can be unavailable (private mode, sandboxed frame): fall back to French.
  }
  return 'fr';
}

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: {
    fr: { common: commonFr, identity: identityFr, admin: adminFr, clients: clientsFr, requests: requestsFr, portal: portalFr, matching: matchingFr, directory: directoryFr, scheduling: schedulingFr, teleconsultation: teleconsultationFr, preparation: preparationFr, records: recordsFr, reimbursement: reimbursementFr, followup: followupFr, consent: consentFr, privacy: privacyFr, reporting: reportingFr, billing: billingFr },
    en: { common: commonEn, identity: identityEn, admin: adminEn, clients: clientsEn, requests: requestsEn, portal: portalEn, matching: matchingEn, directory: directoryEn, scheduling: schedulingEn, teleconsultation: teleconsultationEn, preparation: preparationEn, records: recordsEn, reimbursement: reimbursementEn, followup: followupEn, consent: consentEn, privacy: privacyEn, reporting: reportingEn, billing: billingEn },
  },
  lng: storedLanguage(),
  fallbackLng: 'fr',
  supportedLngs: LANGUAGES,
  ns: ['common', 'identity', 'admin', 'clients', 'requests', 'portal', 'matching', 'directory', 'scheduling', 'teleconsultation', 'preparation', 'records', 'reimbursement', 'followup', 'consent', 'privacy', 'reporting', 'billing'],
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

function applyLanguage(language: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

applyLanguage(i18n.language);
i18n.on('languageChanged', (language) => {
  applyLanguage(language);
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, language);
  } catch {
    // Not persisted: the choice still applies to this page.
  }
});

export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'fr';
}
