// Preparation endpoints (served by src/modules/preparation/routes.ts, documented at /api/docs):
// templates by consultation type, the client's checklist of an appointment, and the pre-appointment
// pack sent to the practitioner (created, listed without its contents, revoked; opened by its link).
import { api } from '../../app/api.ts';

export type ChecklistSectionKind = 'where' | 'bring' | 'instructions';

export interface ChecklistSection {
  kind: ChecklistSectionKind;
  /** The language of the lines (a template without English lines falls back to French). */
  lang: 'fr' | 'en';
  items: string[];
}

export interface Checklist {
  lang: 'fr' | 'en';
  templateCode: string;
  mode: 'in_person' | 'teleconsultation';
  sections: ChecklistSection[];
}

export interface PreparationTemplate {
  typeCode: string;
  label: string;
  bringFr: string[];
  bringEn: string[];
  instructionsFr: string;
  instructionsEn: string;
  active: boolean;
  /** custom: the team's version; default: the built-in one. */
  source: 'custom' | 'default';
  builtIn: boolean;
  updatedAt: string | null;
  updatedBy: { id: string; name: string } | null;
}

export type TemplateInput = Pick<PreparationTemplate, 'label' | 'bringFr' | 'bringEn' | 'instructionsFr' | 'instructionsEn' | 'active'>;

export const PACK_KINDS = ['allergies', 'treatments', 'history', 'note'] as const;
export type PackKind = (typeof PACK_KINDS)[number];
export const MEDICAL_KINDS: readonly PackKind[] = ['allergies', 'treatments', 'history'];
export const CONSENT_CHANNELS = ['phone', 'portal', 'email', 'in_person'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

export interface Pack {
  id: string;
  appointmentId: string;
  status: 'active' | 'expired' | 'revoked';
  kinds: PackKind[];
  consentChannel: ConsentChannel | null;
  createdAt: string;
  createdBy: { id: string; name: string } | null;
  expiresAt: string;
  revokedAt: string | null;
  revokedBy: { id: string; name: string } | null;
  openCount: number;
  lastOpenedAt: string | null;
}

export interface NewPack {
  items: PackKind[];
  note?: string;
  consentChannel: ConsentChannel;
  consentConfirmed: boolean;
}

export interface CreatedPack {
  pack: Pack;
  /** Shown once: the server keeps only its hash. */
  link: string;
  emailedTo: string | null;
}

export type PackItem = ({ kind: 'allergies' | 'treatments'; items: string[] } | { kind: 'history' | 'note'; text: string }) & { sharedAt: string; consentChannel: ConsentChannel };

export interface PublicPack {
  expiresAt: string;
  client: { name: string; birthDate: string | null };
  appointment: { number: string; startsAt: string; endsAt: string; mode: 'in_person' | 'teleconsultation'; status: string; practitionerName: string; address: string | null } | null;
  items: PackItem[];
}

const enc = encodeURIComponent;

export const preparationApi = {
  templates: () => api<{ templates: PreparationTemplate[] }>('/api/preparation/templates'),
  saveTemplate: (code: string, input: TemplateInput) => api<{ template: PreparationTemplate }>(`/api/preparation/templates/${enc(code)}`, { method: 'PUT', body: input }),
  deleteTemplate: (code: string) => api<{ template: PreparationTemplate | null }>(`/api/preparation/templates/${enc(code)}`, { method: 'DELETE' }),
  checklist: (appointmentId: string) => api<{ checklist: Checklist | null }>(`/api/appointments/${enc(appointmentId)}/checklist`),
  packs: (appointmentId: string) => api<{ packs: Pack[] }>(`/api/appointments/${enc(appointmentId)}/packs`),
  createPack: (appointmentId: string, input: NewPack) => api<CreatedPack>(`/api/appointments/${enc(appointmentId)}/packs`, { method: 'POST', body: input }),
  revokePack: (id: string) => api<{ pack: Pack }>(`/api/packs/${enc(id)}/revoke`, { method: 'POST' }),
  publicPack: (token: string) => api<{ pack: PublicPack }>(`/api/public/packs/${enc(token)}`),
};

export const PREPARATION_KEY = ['preparation'] as const;
export const TEMPLATES_KEY = [...PREPARATION_KEY, 'templates'] as const;
export const checklistKey = (appointmentId: string) => [...PREPARATION_KEY, 'checklist', appointmentId] as const;
export const packsKey = (appointmentId: string) => [...PREPARATION_KEY, 'packs', appointmentId] as const;
export const publicPackKey = (token: string) => [...PREPARATION_KEY, 'public', token] as const;
