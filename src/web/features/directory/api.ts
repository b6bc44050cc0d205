// Directory endpoints (/api/directory…): practitioners, their places, verifications and reviews,
// providers (prestataires), the verifications due, the map configuration. Types follow the API
// contract; money is in cents here and in euros only on screen.
import { keepPreviousData, type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { specialtyList } from '../../../platform/specialties.ts';
import { api } from '../../app/api.ts';

/** Specialty codes, from the one table shared with the server. */
export const SPECIALTIES = specialtyList;
/** Languages offered in the filters and the team's fields (ISO 639-1). */
export const LANGUAGE_CODES = ['fr', 'en', 'es', 'de', 'it', 'pt', 'ar', 'zh', 'ru', 'tr', 'nl', 'pl', 'ro', 'he', 'ja'] as const;

export type Sector = '1' | '2' | 'optam' | 'non_conventionne';
export const SECTORS: readonly Sector[] = ['1', '2', 'optam', 'non_conventionne'];
export type NetworkStatus = 'none' | 'partner';
export type VerificationStatus = 'none' | 'valid' | 'expiring' | 'expired';
export type FeeKind = 'first' | 'followup' | 'teleconsultation';
export const FEE_KINDS: readonly FeeKind[] = ['first', 'followup', 'teleconsultation'];
/** Cents per consultation type. */
export type Fees = Partial<Record<FeeKind, number>>;

export interface Rating {
  count: number;
  /** null when there is no review: never a made-up figure. */
  mean: number | null;
}

export interface Place {
  id: string;
  name: string | null;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  phone: string | null;
  finess: string | null;
  latitude: number | null;
  longitude: number | null;
  accessible: boolean | null;
}

export interface Practitioner {
  id: string;
  rpps: string | null;
  civility: string | null;
  lastName: string;
  firstName: string;
  displayName: string;
  profession: string;
  specialties: string[];
  languages: string[];
  sex: 'F' | 'M' | null;
  sector: Sector | null;
  teleconsultation: boolean;
  acceptsNewPatients: boolean | null;
  networkStatus: NetworkStatus;
  teamNotes: string | null;
  active: boolean;
  fees: Fees;
  rating: Rating;
  verification: { status: VerificationStatus; expiresOn: string | null; checkedAt: string | null };
  places: Place[];
}

export interface PersonRef {
  id: string;
  name: string;
}

export interface Verification {
  id: string;
  checkedAt: string;
  checkedBy: PersonRef;
  rppsChecked: boolean;
  licenceChecked: boolean;
  certifications: string | null;
  evidence: string;
  /** YYYY-MM-DD */
  expiresOn: string;
}

export interface Review {
  id: string;
  source: 'staff' | 'survey';
  rating: number;
  comment: string | null;
  author: PersonRef | null;
  createdAt: string;
}

export interface PractitionerDetail {
  practitioner: Practitioner;
  verifications: Verification[];
  reviews: Review[];
}

export interface PractitionerFilters {
  q?: string;
  specialty?: string;
  postalCode?: string;
  city?: string;
  language?: string;
  sex?: 'F' | 'M';
  teleconsultation?: boolean;
  partner?: boolean;
  limit?: number;
}

export interface PractitionerPatch {
  networkStatus?: NetworkStatus;
  teamNotes?: string | null;
  languages?: string[];
  sector?: Sector | null;
  teleconsultation?: boolean;
  acceptsNewPatients?: boolean | null;
  fees?: Fees;
}

export interface NewVerification {
  rppsChecked: boolean;
  licenceChecked: boolean;
  certifications?: string;
  evidence: string;
  validMonths: number;
}

export interface NewReview {
  rating: number;
  comment?: string;
}

export interface DueItem {
  practitioner: Practitioner;
  status: 'expiring' | 'expired';
  expiresOn: string;
}

export interface MapConfig {
  /** null: no tiles configured (markers on a neutral background). */
  tileUrl: string | null;
  attribution: string;
}

export type ProviderKind = 'clinic' | 'hospital' | 'laboratory' | 'imaging' | 'pharmacy' | 'taxi' | 'vsl' | 'ambulance' | 'lodging';
export const PROVIDER_KINDS: readonly ProviderKind[] = ['clinic', 'hospital', 'laboratory', 'imaging', 'pharmacy', 'taxi', 'vsl', 'ambulance', 'lodging'];

export interface Provider {
  id: string;
  kind: ProviderKind;
  name: string;
  finess: string | null;
  siret: string | null;
  street: string | null;
  postalCode: string;
  city: string;
  phone: string | null;
  email: string | null;
  website: string | null;
  latitude: number | null;
  longitude: number | null;
  services: string[];
  networkStatus: NetworkStatus;
  teamNotes: string | null;
  active: boolean;
  rating: Rating;
}

export interface ProviderFilters {
  q?: string;
  kind?: ProviderKind;
  postalCode?: string;
  city?: string;
  limit?: number;
}

export interface ProviderInput {
  kind: ProviderKind;
  name: string;
  finess?: string | null;
  siret?: string | null;
  street?: string | null;
  postalCode: string;
  city: string;
  phone?: string | null;
  email?: string | null;
  website?: string | null;
  services?: string[];
  networkStatus?: NetworkStatus;
  teamNotes?: string | null;
}

export type ProviderPatch = Partial<ProviderInput> & { active?: boolean };

const enc = encodeURIComponent;

export const directoryApi = {
  search: (filters: PractitionerFilters, signal?: AbortSignal) =>
    api<{ practitioners: Practitioner[] }>('/api/directory', {
      query: {
        ...filters,
        teleconsultation: filters.teleconsultation === undefined ? undefined : String(filters.teleconsultation),
        partner: filters.partner ? 'true' : undefined,
      },
      signal,
    }),
  get: (id: string) => api<PractitionerDetail>(`/api/directory/${enc(id)}`),
  update: (id: string, patch: PractitionerPatch) => api<{ practitioner: Practitioner }>(`/api/directory/${enc(id)}`, { method: 'PATCH', body: patch }),
  updatePlace: (id: string, placeId: string, patch: { accessible?: boolean | null; latitude?: number; longitude?: number }) =>
    api<{ practitioner: Practitioner }>(`/api/directory/${enc(id)}/places/${enc(placeId)}`, { method: 'PATCH', body: patch }),
  addVerification: (id: string, input: NewVerification) =>
    api<{ verification: Verification; practitioner: Practitioner }>(`/api/directory/${enc(id)}/verifications`, { method: 'POST', body: input }),
  addReview: (id: string, input: NewReview) =>
    api<{ review: Review; rating: Rating }>(`/api/directory/${enc(id)}/reviews`, { method: 'POST', body: input }),
  due: () => api<{ items: DueItem[] }>('/api/directory/verifications/due'),
  mapConfig: () => api<MapConfig>('/api/directory/map-config'),

  providers: (filters: ProviderFilters, signal?: AbortSignal) =>
    api<{ providers: Provider[] }>('/api/directory/providers', { query: { ...filters }, signal }),
  provider: (id: string) => api<{ provider: Provider; reviews: Review[] }>(`/api/directory/providers/${enc(id)}`),
  createProvider: (input: ProviderInput) => api<{ provider: Provider }>('/api/directory/providers', { method: 'POST', body: input }),
  updateProvider: (id: string, patch: ProviderPatch) =>
    api<{ provider: Provider }>(`/api/directory/providers/${enc(id)}`, { method: 'PATCH', body: patch }),
  addProviderReview: (id: string, input: NewReview) =>
    api<{ review: Review; rating: Rating }>(`/api/directory/providers/${enc(id)}/reviews`, { method: 'POST', body: input }),
};

export const DIRECTORY_KEY = ['directory'] as const;
export const practitionerKey = (id: string) => [...DIRECTORY_KEY, 'practitioner', id] as const;
export const providerKey = (id: string) => [...DIRECTORY_KEY, 'provider', id] as const;
const PROVIDERS_KEY = [...DIRECTORY_KEY, 'providers'] as const;
const SEARCH_KEY = [...DIRECTORY_KEY, 'search'] as const;
const DUE_KEY = [...DIRECTORY_KEY, 'due'] as const;

export function usePractitionerSearch(filters: PractitionerFilters) {
  return useQuery({
    queryKey: [...SEARCH_KEY, filters],
    queryFn: ({ signal }) => directoryApi.search(filters, signal),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function usePractitioner(id: string) {
  return useQuery({ queryKey: practitionerKey(id), queryFn: () => directoryApi.get(id) });
}

export function useVerificationsDue() {
  return useQuery({ queryKey: DUE_KEY, queryFn: () => directoryApi.due() });
}

export function useMapConfig(enabled = true) {
  return useQuery({ queryKey: [...DIRECTORY_KEY, 'map-config'], queryFn: () => directoryApi.mapConfig(), staleTime: Number.POSITIVE_INFINITY, enabled });
}

export function useProviderSearch(filters: ProviderFilters) {
  return useQuery({
    queryKey: [...PROVIDERS_KEY, filters],
    queryFn: ({ signal }) => directoryApi.providers(filters, signal),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useProvider(id: string) {
  return useQuery({ queryKey: providerKey(id), queryFn: () => directoryApi.provider(id) });
}

/** A changed practitioner goes straight into its cached page; lists and the due list are refetched. */
export function storePractitioner(queryClient: QueryClient, practitioner: Practitioner): void {
  queryClient.setQueryData<PractitionerDetail>(practitionerKey(practitioner.id), (previous) => (previous ? { ...previous, practitioner } : previous));
  void queryClient.invalidateQueries({ queryKey: SEARCH_KEY });
  void queryClient.invalidateQueries({ queryKey: DUE_KEY });
}

export function storeProvider(queryClient: QueryClient, provider: Provider): void {
  queryClient.setQueryData<{ provider: Provider; reviews: Review[] }>(providerKey(provider.id), (previous) => (previous ? { ...previous, provider } : previous));
  void queryClient.invalidateQueries({ queryKey: PROVIDERS_KEY });
}

export function useUpdatePractitioner(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: PractitionerPatch) => directoryApi.update(id, patch),
    onSuccess: ({ practitioner }) => storePractitioner(queryClient, practitioner),
  });
}

export function useUpdatePlace(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ placeId, patch }: { placeId: string; patch: { accessible?: boolean | null; latitude?: number; longitude?: number } }) =>
      directoryApi.updatePlace(id, placeId, patch),
    onSuccess: ({ practitioner }) => storePractitioner(queryClient, practitioner),
  });
}

export function useAddVerification(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewVerification) => directoryApi.addVerification(id, input),
    onSuccess: ({ practitioner }) => {
      storePractitioner(queryClient, practitioner);
      void queryClient.invalidateQueries({ queryKey: practitionerKey(id) });
    },
  });
}

export function useAddPractitionerReview(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewReview) => directoryApi.addReview(id, input),
    onSuccess: ({ review, rating }) => {
      queryClient.setQueryData<PractitionerDetail>(practitionerKey(id), (previous) =>
        previous ? { ...previous, practitioner: { ...previous.practitioner, rating }, reviews: [review, ...previous.reviews] } : previous,
      );
      void queryClient.invalidateQueries({ queryKey: practitionerKey(id) });
      void queryClient.invalidateQueries({ queryKey: SEARCH_KEY });
    },
  });
}

export function useCreateProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ProviderInput) => directoryApi.createProvider(input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: PROVIDERS_KEY }),
  });
}

export function useUpdateProvider(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: ProviderPatch) => directoryApi.updateProvider(id, patch),
    onSuccess: ({ provider }) => storeProvider(queryClient, provider),
  });
}

export function useAddProviderReview(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewReview) => directoryApi.addProviderReview(id, input),
    onSuccess: ({ review, rating }) => {
      queryClient.setQueryData<{ provider: Provider; reviews: Review[] }>(providerKey(id), (previous) =>
        previous ? { ...previous, provider: { ...previous.provider, rating }, reviews: [review, ...previous.reviews] } : previous,
      );
      void queryClient.invalidateQueries({ queryKey: providerKey(id) });
      void queryClient.invalidateQueries({ queryKey: PROVIDERS_KEY });
    },
  });
}
