// Client registry endpoints (/api/clients) and their types.
import { api } from '../../app/api.ts';

export type IdentityStatus = 'PROV' | 'VALI' | 'RECUP' | 'QUAL';
export const IDENTITY_STATUSES: readonly IdentityStatus[] = ['PROV', 'VALI', 'RECUP', 'QUAL'];
export type IdentityDocumentType = 'id_card' | 'passport' | 'residence_permit' | 'family_record_book' | 'birth_certificate';
export const IDENTITY_DOCUMENT_TYPES: readonly IdentityDocumentType[] = [
  'id_card',
  'passport',
  'residence_permit',
  'family_record_book',
  'birth_certificate',
];
export type AmoScheme = 'general' | 'agricultural' | 'independent' | 'other';
export const AMO_SCHEMES: readonly AmoScheme[] = ['general', 'agricultural', 'independent', 'other'];
export type Sex = 'F' | 'M';

export interface ClientSummary {
  id: string;
  number: string;
  status: 'active' | 'pending';
  displayName: string;
  birthName: string;
  usedName: string | null;
  firstName: string;
  birthDate: string;
  sex: Sex;
  /** E.164 */
  phone: string | null;
  email: string | null;
  identityStatus: IdentityStatus;
}

export interface Contact {
  name: string;
  relation: string;
  phone: string | null;
  email: string | null;
}

export interface Address {
  line1: string;
  line2: string | null;
  postalCode: string;
  city: string;
  country: string;
}

export interface Insurance {
  nir: string | null;
  amoScheme: AmoScheme | null;
  amoFund: string | null;
  mutuelle: { organism: string; contractNumber: string | null; coverage: string | null } | null;
}

/** A pharmacy of the directory (providers of kind pharmacy), as the picker lists it. */
export interface PharmacyOption {
  id: string;
  name: string;
  city: string;
  postalCode: string;
  phone: string | null;
}

/** The client's usual pharmacy; `active` is false once the directory closed it. */
export interface ClientPharmacy extends PharmacyOption {
  active: boolean;
}

export interface Client extends ClientSummary {
  firstNames: string[];
  usedFirstName: string | null;
  birthplaceCode: string | null;
  identityDocument: { type: IdentityDocumentType; checkedAt: string | null; checkedBy: unknown } | null;
  ins: { nir: string; oid: string } | null;
  address: Address | null;
  preferredLanguage: string | null;
  trustedPerson: Contact | null;
  relatives: Contact[];
  gp: { name: string; phone: string | null; rpps: string | null } | null;
  insurance: Insurance;
  pharmacy: ClientPharmacy | null;
  createdAt: string;
  updatedAt: string;
}

export interface Medical {
  allergies: string[];
  treatments: string[];
  history: string;
}

export interface ClientInput {
  birthName: string;
  firstNames: string[];
  usedName: string | null;
  usedFirstName: string | null;
  birthDate: string;
  sex: Sex;
  birthplaceCode: string | null;
  identityStatus: IdentityStatus;
  identityDocument: { type: IdentityDocumentType } | null;
  email: string | null;
  phone: string | null;
  address: Address | null;
  preferredLanguage?: string;
  trustedPerson: Contact | null;
  relatives: Contact[];
  gp: { name: string; phone: string | null; rpps: string | null } | null;
  insurance: Insurance;
  /** The usual pharmacy; null clears it. */
  pharmacyId?: string | null;
}

export const CLIENTS_KEY = ['clients'] as const;

export const clientsApi = {
  search: (q: string, signal?: AbortSignal) => api<{ clients: ClientSummary[] }>('/api/clients', { query: { q }, signal }),
  get: (id: string) => api<{ client: Client }>(`/api/clients/${encodeURIComponent(id)}`),
  create: (input: ClientInput & { medical?: Medical; confirmNotDuplicate?: boolean }) =>
    api<{ client: Client }>('/api/clients', { method: 'POST', body: input }),
  update: (id: string, patch: Partial<ClientInput>) =>
    api<{ client: Client }>(`/api/clients/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch }),
  pharmacies: (q: string) =>
    api<{ providers: PharmacyOption[] }>('/api/directory/providers', { query: { kind: 'pharmacy', q: q.trim() || undefined, limit: 30 } }),
  medical: (id: string) => api<Medical & { updatedAt: string | null }>(`/api/clients/${encodeURIComponent(id)}/medical`),
  saveMedical: (id: string, medical: Medical) =>
    api<Medical & { updatedAt: string | null }>(`/api/clients/${encodeURIComponent(id)}/medical`, { method: 'PUT', body: medical }),
};
