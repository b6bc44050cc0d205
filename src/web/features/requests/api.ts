// Request endpoints (/api/requests, /api/inbox, /api/public/requests) and their types.
import { specialtyList } from '../../../platform/specialties.ts';
import { api, type Role, type User } from '../../app/api.ts';

export type Channel = 'portal' | 'public_form' | 'phone' | 'email';
export const CHANNELS: readonly Channel[] = ['phone', 'email', 'portal', 'public_form'];
export type Kind = 'specialist' | 'teleconsultation' | 'exam' | 'admin_help' | 'information';
export const KINDS: readonly Kind[] = ['specialist', 'teleconsultation', 'exam', 'admin_help', 'information'];
export type Status = 'new' | 'qualified' | 'searching' | 'proposed' | 'booked' | 'follow_up' | 'closed' | 'cancelled';
export const STATUSES: readonly Status[] = ['new', 'qualified', 'searching', 'proposed', 'booked', 'follow_up', 'closed', 'cancelled'];
export type Urgency = 'emergency' | 'urgent' | 'soon' | 'routine';
export const URGENCIES: readonly Urgency[] = ['emergency', 'urgent', 'soon', 'routine'];
export type Scope = 'all' | 'mine' | 'unassigned';

/** Specialty codes, from the one table shared with the server. */
export const SPECIALTIES = specialtyList;

/** Emergency protocol steps, in the order they are usually done. */
export const EMERGENCY_STEPS = ['guidance_given', 'samu_called', 'coordinator_reached', 'family_informed', 'resolved'] as const;
export type EmergencyStep = (typeof EMERGENCY_STEPS)[number];

export interface Person {
  id: string;
  displayName: string;
}

export interface Triage {
  urgency: Urgency;
  specialty: string | null;
  alternatives: { specialty: string; score: number }[];
  redFlags: string[];
  redFlagLabels: { code: string; fr: string; en: string }[];
  reasons: string[];
}

export interface Emergency {
  activatedAt: string;
  /** null: activated by triage */
  activatedBy: Person | null;
  source?: 'triage' | 'staff';
  steps: { code: string; at: string; by: Person | null }[];
  resolvedAt: string | null;
}

export interface Request {
  id: string;
  number: string;
  client: { id: string; number: string; displayName: string; birthDate: string };
  channel: Channel;
  kind: Kind;
  text: string;
  requester: string | null;
  preferredDates: string | null;
  constraints: string | null;
  status: Status;
  urgency: Urgency;
  specialty: string | null;
  triage: Triage | null;
  triageDecision: {
    urgency: Urgency;
    specialty: string | null;
    overridden: boolean;
    reason: string | null;
    by: Person | null;
    at: string;
  } | null;
  assignee: Person | null;
  createdAt: string;
  updatedAt: string;
  firstResponseDueAt: string | null;
  firstRespondedAt: string | null;
  overdue: boolean;
  emergency: Emergency | null;
  cancelReason: string | null;
}

export interface Counters {
  total: number;
  unassigned: number;
  overdue: number;
  emergency: number;
  byStatus: Partial<Record<Status, number>>;
  byUrgency: Partial<Record<Urgency, number>>;
}

export type HistoryEntry = {
  id: string;
  at: string;
  actor: Person | null;
} & (
  | { type: 'created'; data: { channel?: Channel } }
  | { type: 'status'; data: { from?: Status; to?: Status; reason?: string | null } }
  | { type: 'assigned'; data: { to?: Person | null } }
  | { type: 'triage'; data: { urgency?: Urgency; specialty?: string | null; overridden?: boolean; reason?: string | null } }
  | { type: 'emergency'; data: { step?: string; source?: 'triage' | 'staff'; reason?: string | null } }
  | { type: 'note'; data: { noteId?: string } }
  | { type: 'task'; data: { taskId?: string; title?: string; done?: boolean } }
);

export interface Note {
  id: string;
  author: Person | null;
  body: string;
  mentions: { id: string; displayName: string; handle: string }[];
  createdAt: string;
}

export interface Task {
  id: string;
  title: string;
  dueAt: string | null;
  owner: Person | null;
  doneAt: string | null;
  createdAt: string;
}

export interface RequestDetail {
  request: Request;
  allowedTransitions: Status[];
  history: HistoryEntry[];
  notes: Note[];
  tasks: Task[];
}

export interface QueueFilters {
  scope: Scope;
  status?: Status | '';
  specialty?: string;
  urgency?: Urgency | '';
  clientId?: string;
}

export interface NewRequest {
  clientId: string;
  channel: Channel;
  kind: Kind;
  text: string;
  requester?: string;
  preferredDates?: string;
  constraints?: string;
}

export interface InboxItem {
  id: string;
  kind: 'mention' | 'emergency' | 'assigned' | 'verification' | 'support' | 'result' | 'reimbursement' | 'feedback';
  title: string;
  /** null for assignments and mentions (the title says it all). */
  body: string | null;
  requestId: string | null;
  /** Where a non-request item leads (e.g. a practitioner to re-check). */
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface PublicRequest {
  birthName: string;
  firstName: string;
  birthDate: string;
  sex: 'F' | 'M';
  email: string;
  phone: string;
  kind: Kind;
  text: string;
  consent: true;
}

export const REQUESTS_KEY = ['requests'] as const;
export const INBOX_KEY = ['inbox'] as const;
export const requestKey = (id: string) => [...REQUESTS_KEY, 'detail', id] as const;

const base = (id: string) => `/api/requests/${encodeURIComponent(id)}`;

export const requestsApi = {
  queue: (filters: QueueFilters) =>
    api<{ requests: Request[]; counters: Counters }>('/api/requests', { query: { ...filters } }),
  get: (id: string) => api<RequestDetail>(base(id)),
  create: (input: NewRequest) => api<{ request: Request }>('/api/requests', { method: 'POST', body: input }),
  transition: (id: string, to: Status, reason?: string) =>
    api<{ request: Request }>(`${base(id)}/status`, { method: 'POST', body: reason ? { to, reason } : { to } }),
  assign: (id: string, assigneeId: string | null) =>
    api<{ request: Request }>(`${base(id)}/assign`, { method: 'POST', body: { assigneeId } }),
  decideTriage: (id: string, decision: { urgency: Urgency; specialty: string; reason?: string }) =>
    api<{ request: Request }>(`${base(id)}/triage`, { method: 'POST', body: decision }),
  addNote: (id: string, body: string) => api<{ note: Note }>(`${base(id)}/notes`, { method: 'POST', body: { body } }),
  addTask: (id: string, task: { title: string; dueAt: string | null; ownerId?: string | null }) =>
    api<{ task: Task }>(`${base(id)}/tasks`, { method: 'POST', body: task }),
  setTaskDone: (id: string, taskId: string, done: boolean) =>
    api<{ task: Task }>(`${base(id)}/tasks/${encodeURIComponent(taskId)}`, { method: 'PATCH', body: { done } }),
  activateEmergency: (id: string, reason?: string) =>
    api<{ request: Request }>(`${base(id)}/emergency`, { method: 'POST', body: reason ? { reason } : {} }),
  emergencyStep: (id: string, step: EmergencyStep) =>
    api<{ request: Request }>(`${base(id)}/emergency/steps`, { method: 'POST', body: { step } }),
  inbox: () => api<{ items: InboxItem[]; unread: number }>('/api/inbox'),
  markRead: (itemId: string) => api<void>(`/api/inbox/${encodeURIComponent(itemId)}/read`, { method: 'POST', body: {} }),
  submitPublic: (input: PublicRequest) => api<{ number: string }>('/api/public/requests', { method: 'POST', body: input }),
  staff: (role: Role) => api<{ users: User[] }>('/api/admin/users', { query: { role, active: 'true' } }),
};
