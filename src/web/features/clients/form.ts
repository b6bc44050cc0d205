// The client form's state (strings, as inputs hold them), its conversion to the API body and back,
// client-side checks, and where the server's field errors (`insurance.nir`, `relatives.0.phone`…) go.
import type { AmoScheme, Client, ClientInput, Contact, IdentityDocumentType, IdentityStatus, Medical, PharmacyOption, Sex } from './api.ts';

export interface ContactDraft {
  name: string;
  relation: string;
  phone: string;
  email: string;
}

export interface ClientDraft {
  birthName: string;
  firstName: string;
  otherFirstNames: string;
  usedName: string;
  usedFirstName: string;
  birthDate: string;
  sex: Sex | '';
  birthplaceCode: string;
  identityStatus: IdentityStatus;
  documentType: IdentityDocumentType | '';
  email: string;
  phone: string;
  line1: string;
  line2: string;
  postalCode: string;
  city: string;
  country: string;
  preferredLanguage: string;
  trusted: ContactDraft;
  relatives: ContactDraft[];
  gpName: string;
  gpPhone: string;
  gpRpps: string;
  nir: string;
  amoScheme: AmoScheme | '';
  amoFund: string;
  mutOrganism: string;
  mutContract: string;
  mutCoverage: string;
  /** The usual pharmacy, as picked from the directory. */
  pharmacy: PharmacyOption | null;
  allergies: string[];
  treatments: string[];
  history: string;
}

export const EMPTY_CONTACT: ContactDraft = { name: '', relation: '', phone: '', email: '' };

export const EMPTY_DRAFT: ClientDraft = {
  birthName: '',
  firstName: '',
  otherFirstNames: '',
  usedName: '',
  usedFirstName: '',
  birthDate: '',
  sex: '',
  birthplaceCode: '',
  identityStatus: 'PROV',
  documentType: '',
  email: '',
  phone: '',
  line1: '',
  line2: '',
  postalCode: '',
  city: '',
  country: 'France',
  preferredLanguage: 'fr',
  trusted: EMPTY_CONTACT,
  relatives: [],
  gpName: '',
  gpPhone: '',
  gpRpps: '',
  nir: '',
  amoScheme: '',
  amoFund: '',
  mutOrganism: '',
  mutContract: '',
  mutCoverage: '',
  pharmacy: null,
  allergies: [],
  treatments: [],
  history: '',
};

const orNull = (value: string): string | null => (value.trim() ? value.trim() : null);

function contactOf(draft: ContactDraft): Contact | null {
  if (!draft.name.trim()) return null;
  return { name: draft.name.trim(), relation: draft.relation.trim(), phone: orNull(draft.phone), email: orNull(draft.email) };
}

function draftOf(contact: Contact | null): ContactDraft {
  return contact
    ? { name: contact.name, relation: contact.relation ?? '', phone: contact.phone ?? '', email: contact.email ?? '' }
    : EMPTY_CONTACT;
}

export function splitFirstNames(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

export function toInput(draft: ClientDraft): ClientInput {
  const needsDocument = draft.identityStatus === 'VALI' || draft.identityStatus === 'QUAL';
  const hasAddress = draft.line1.trim() || draft.postalCode.trim() || draft.city.trim();
  return {
    birthName: draft.birthName.trim(),
    firstNames: [draft.firstName.trim(), ...splitFirstNames(draft.otherFirstNames)].filter(Boolean),
    usedName: orNull(draft.usedName),
    usedFirstName: orNull(draft.usedFirstName),
    birthDate: draft.birthDate,
    sex: draft.sex as Sex,
    birthplaceCode: orNull(draft.birthplaceCode.toUpperCase()),
    identityStatus: draft.identityStatus,
    identityDocument: needsDocument && draft.documentType ? { type: draft.documentType } : null,
    email: orNull(draft.email),
    phone: orNull(draft.phone),
    address: hasAddress
      ? {
          line1: draft.line1.trim(),
          line2: orNull(draft.line2),
          postalCode: draft.postalCode.trim(),
          city: draft.city.trim(),
          country: draft.country.trim() || 'France',
        }
      : null,
    preferredLanguage: draft.preferredLanguage || undefined,
    trustedPerson: contactOf(draft.trusted),
    relatives: draft.relatives.map(contactOf).filter((contact): contact is Contact => contact !== null),
    gp: draft.gpName.trim() ? { name: draft.gpName.trim(), phone: orNull(draft.gpPhone), rpps: orNull(draft.gpRpps) } : null,
    insurance: {
      nir: orNull(draft.nir.replace(/[\s.-]/g, '').toUpperCase()),
      amoScheme: draft.amoScheme || null,
      amoFund: orNull(draft.amoFund),
      mutuelle: draft.mutOrganism.trim()
        ? { organism: draft.mutOrganism.trim(), contractNumber: orNull(draft.mutContract), coverage: orNull(draft.mutCoverage) }
        : null,
    },
    pharmacyId: draft.pharmacy?.id ?? null,
  };
}

export function medicalOf(draft: ClientDraft): Medical | undefined {
  const medical = { allergies: draft.allergies, treatments: draft.treatments, history: draft.history.trim() };
  return medical.allergies.length || medical.treatments.length || medical.history ? medical : undefined;
}

export function fromClient(client: Client): ClientDraft {
  return {
    ...EMPTY_DRAFT,
    birthName: client.birthName,
    firstName: client.firstNames[0] ?? client.firstName,
    otherFirstNames: client.firstNames.slice(1).join(', '),
    usedName: client.usedName ?? '',
    usedFirstName: client.usedFirstName ?? '',
    birthDate: client.birthDate,
    sex: client.sex,
    birthplaceCode: client.birthplaceCode ?? '',
    identityStatus: client.identityStatus,
    documentType: client.identityDocument?.type ?? '',
    email: client.email ?? '',
    phone: client.phone ?? '',
    line1: client.address?.line1 ?? '',
    line2: client.address?.line2 ?? '',
    postalCode: client.address?.postalCode ?? '',
    city: client.address?.city ?? '',
    country: client.address?.country ?? 'France',
    preferredLanguage: client.preferredLanguage ?? '',
    trusted: draftOf(client.trustedPerson),
    relatives: client.relatives.map(draftOf),
    gpName: client.gp?.name ?? '',
    gpPhone: client.gp?.phone ?? '',
    gpRpps: client.gp?.rpps ?? '',
    nir: client.insurance.nir ?? '',
    amoScheme: client.insurance.amoScheme ?? '',
    amoFund: client.insurance.amoFund ?? '',
    mutOrganism: client.insurance.mutuelle?.organism ?? '',
    mutContract: client.insurance.mutuelle?.contractNumber ?? '',
    mutCoverage: client.insurance.mutuelle?.coverage ?? '',
    pharmacy: client.pharmacy,
  };
}

/** The NIR key: 97 − (first 13 digits mod 97), Corsica 2A → 19, 2B → 18. */
export function nirKeyOk(nir: string): boolean {
  const compact = nir.replace(/[\s.-]/g, '').toUpperCase();
  if (!/^[1-478]\d{4}(?:\d{2}|2A|2B)\d{8}$/.test(compact)) return false;
  const body = compact.slice(0, 13).replace('2A', '19').replace('2B', '18');
  return 97 - Number(BigInt(body) % 97n) === Number(compact.slice(13));
}

export type LocalErrors = Record<string, string>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks worth doing before the round trip; keys are the server's field paths. */
export function checkDraft(draft: ClientDraft, t: (key: string) => string): LocalErrors {
  const errors: LocalErrors = {};
  if (!draft.birthName.trim()) errors.birthName = t('validation.required');
  if (!draft.firstName.trim()) errors['firstNames.0'] = t('validation.required');
  if (!draft.birthDate) errors.birthDate = t('validation.required');
  if (!draft.sex) errors.sex = t('validation.required');
  if (draft.birthplaceCode.trim() && !/^(?:\d{2}|2A|2B)\d{3}$/i.test(draft.birthplaceCode.trim()))
    errors.birthplaceCode = t('validation.birthplace');
  if ((draft.identityStatus === 'VALI' || draft.identityStatus === 'QUAL') && !draft.documentType)
    errors.identityDocument = t('validation.document');
  if (draft.email.trim() && !EMAIL.test(draft.email.trim())) errors.email = t('validation.email');
  const nir = draft.nir.replace(/[\s.-]/g, '');
  if (nir) {
    if (!/^[1-478]\d{4}(?:\d{2}|2A|2B|2a|2b)\d{8}$/.test(nir)) errors['insurance.nir'] = t('validation.nir');
    else if (!nirKeyOk(nir)) errors['insurance.nir'] = t('validation.nirKey');
  }
  return errors;
}

/** The field paths the form has an input for (the server's paths). */
export const INPUT_PATHS: ReadonlySet<string> = new Set([
  'birthName',
  'firstNames.0',
  'firstNames',
  'usedName',
  'usedFirstName',
  'birthDate',
  'sex',
  'birthplaceCode',
  'identityStatus',
  'identityDocument',
  'email',
  'phone',
  'address.line1',
  'address.line2',
  'address.postalCode',
  'address.city',
  'address.country',
  'preferredLanguage',
  'trustedPerson.name',
  'trustedPerson.relation',
  'trustedPerson.phone',
  'trustedPerson.email',
  'gp.name',
  'gp.phone',
  'gp.rpps',
  'insurance.nir',
  'insurance.amoScheme',
  'insurance.amoFund',
  'insurance.mutuelle.organism',
  'insurance.mutuelle.contractNumber',
  'insurance.mutuelle.coverage',
  'pharmacyId',
  'medical.allergies',
  'medical.treatments',
  'medical.history',
]);

/** The input a server field path is shown next to, or null when the form has none for it. */
export function placeOf(path: string): string | null {
  if (INPUT_PATHS.has(path)) return path;
  if (/^firstNames\.[1-9]\d*$/.test(path)) return 'firstNames';
  if (/^relatives\.\d+\.(name|relation|phone|email)$/.test(path)) return path;
  if (path === 'identityDocument.type') return 'identityDocument';
  const item = /^(medical\.(?:allergies|treatments))\.\d+$/.exec(path);
  if (item?.[1]) return item[1];
  return null;
}
