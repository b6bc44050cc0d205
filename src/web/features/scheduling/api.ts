// Scheduling endpoints (served by src/modules/scheduling/routes.ts, documented at /api/docs): practitioners' schedules, free slots,
// appointments (book, phone booking, cancel, move, outcome), proposals of several slots, what was
// sent about an appointment, and the client's side (portal and the public link of a proposal).
// Times are ISO instants (UTC); the pages show them in Europe/Paris.
import { api } from '../../app/api.ts';

export type Mode = 'in_person' | 'teleconsultation';
export const MODES: readonly Mode[] = ['in_person', 'teleconsultation'];

export type AppointmentStatus = 'held' | 'booked' | 'completed' | 'no_show' | 'cancelled' | 'released';
export const LIVE_STATUSES: readonly AppointmentStatus[] = ['held', 'booked'];
export const FREE_STATUSES: readonly AppointmentStatus[] = ['cancelled', 'released'];

export interface AppointmentPlace {
  name: string | null;
  street: string | null;
  postalCode: string | null;
  city: string | null;
}

export interface Appointment {
  id: string;
  /** RDV-000123 */
  number: string;
  practitionerId: string;
  placeId: string | null;
  clientId: string;
  requestId: string | null;
  proposalId: string | null;
  typeCode: string;
  mode: Mode;
  startsAt: string;
  endsAt: string;
  status: AppointmentStatus;
  holdExpiresAt: string | null;
  source: 'platform' | 'phone';
  externalNote: string | null;
  cancelReason: string | null;
  rescheduledFromId: string | null;
  /** Embedded by the server (the contract); optional so that an older server still renders. */
  practitioner?: { id: string; displayName: string } | null;
  place?: AppointmentPlace | null;
  client?: { id: string; name: string; number: string } | null;
}

export interface WeeklyHours {
  placeId: string | null;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  startTime: string;
  endTime: string;
  modes: Mode[];
  validFrom?: string | null;
  validUntil?: string | null;
  timeZone?: string;
}

export interface ConsultationType {
  code: string;
  label: string;
  durationMinutes: number;
  mode: Mode;
}

export type ReminderChannel = 'email' | 'sms';
export const REMINDER_CHANNELS: readonly ReminderChannel[] = ['email', 'sms'];

export interface ReminderRule {
  channel: ReminderChannel;
  minutesBefore: number;
}

export interface BookingRules {
  minNoticeMinutes: number;
  bufferMinutes: number;
  slotStepMinutes: number;
  cancellationNoticeHours: number;
  /** The practitioner's own reminders; null: the team's policy (absent from an older server). */
  reminders?: ReminderRule[] | null;
}

/** The team's reminders for one mode (GET /api/reminder-policies). */
export interface ReminderPolicy {
  mode: Mode;
  rules: ReminderRule[];
  defaults: ReminderRule[];
  /** false: the built-in defaults apply. */
  custom: boolean;
  updatedAt: string | null;
  updatedBy: { id: string; name: string } | null;
}

export type WaitlistStatus = 'waiting' | 'offered' | 'done' | 'cancelled';

export interface WaitlistEntry {
  id: string;
  clientId: string;
  client: { id: string; name: string; number: string };
  practitionerId: string;
  requestId: string | null;
  appointmentId: string | null;
  earliest: string | null;
  latest: string | null;
  status: WaitlistStatus;
  createdAt: string;
  offeredAt: string | null;
}

export interface NewWaitlistEntry {
  clientId: string;
  practitionerId: string;
  requestId: string;
  appointmentId?: string;
  earliest?: string;
  latest?: string;
}

export type LogisticsKind = 'taxi' | 'vsl' | 'ambulance' | 'train' | 'lodging' | 'other';
export const LOGISTICS_KINDS: readonly LogisticsKind[] = ['taxi', 'vsl', 'ambulance', 'train', 'lodging'];
export type LogisticsStatus = 'requested' | 'confirmed' | 'done' | 'cancelled';

export interface Logistics {
  id: string;
  appointmentId: string;
  kind: LogisticsKind;
  providerId: string | null;
  providerName: string | null;
  details: string | null;
  startsAt: string | null;
  endsAt: string | null;
  costCents: number | null;
  status: LogisticsStatus;
  createdAt: string;
}

export interface LogisticsInput {
  kind: LogisticsKind;
  providerId?: string | null;
  details?: string | null;
  startsAt?: string | null;
  endsAt?: string | null;
  costCents?: number | null;
}

export interface ScheduleException {
  id: string;
  kind: 'closed' | 'open';
  placeId: string | null;
  startsAt: string;
  endsAt: string;
  reason: string | null;
}

export interface Schedule {
  hours: WeeklyHours[];
  types: ConsultationType[];
  rules: BookingRules;
  exceptions: ScheduleException[];
}

export interface ScheduleInput {
  hours: WeeklyHours[];
  types: ConsultationType[];
  rules: BookingRules;
}

export interface NewException {
  kind: 'closed' | 'open';
  placeId?: string | null;
  startsAt: string;
  endsAt: string;
  reason?: string;
}

export interface Slot {
  startsAt: string;
  endsAt: string;
  placeId: string | null;
}

export interface PractitionerSlots {
  practitionerId: string;
  typeCode: string;
  durationMinutes: number;
  slots: Slot[];
}

export interface SlotQuery {
  practitionerIds: string[];
  typeCode?: string;
  mode: Mode;
  /** ISO instant */
  from?: string;
  days?: number;
  perPractitioner?: number;
  /** 1 = Monday … 7 = Sunday */
  weekdays?: number[];
  earliestTime?: string;
  latestTime?: string;
}

export interface NewBooking {
  practitionerId: string;
  clientId: string;
  requestId?: string;
  typeCode?: string;
  mode: Mode;
  startsAt: string;
  placeId?: string;
}

export interface NewExternalBooking extends NewBooking {
  durationMinutes: number;
  confirmedWith: string;
}

export type ProposalStatus = 'open' | 'accepted' | 'expired' | 'cancelled';

export interface Proposal {
  id: string;
  status: ProposalStatus;
  expiresAt: string;
  createdAt?: string;
  slots: Appointment[];
}

export interface NewProposal {
  holdHours: number;
  slots: { practitionerId: string; startsAt: string; typeCode?: string; mode: Mode; placeId?: string }[];
}

export interface SentMessage {
  id: string;
  channel: 'email' | 'sms';
  to: string;
  template: string;
  subject: string | null;
  status: string;
  createdAt: string;
  sentAt: string | null;
}

export interface AppointmentFilter {
  from?: string;
  to?: string;
  practitionerId?: string;
  clientId?: string;
  requestId?: string;
  includeCancelled?: boolean;
  limit?: number;
}

export interface PublicSlot {
  id: string;
  startsAt: string;
  endsAt: string;
  mode: Mode;
  practitionerName: string;
  address: string | null;
}

export interface PublicProposal {
  status: ProposalStatus;
  expiresAt: string;
  slots: PublicSlot[];
}

export interface PublicAppointment {
  id: string;
  number: string;
  startsAt: string;
  endsAt: string;
  mode: Mode;
  practitionerName: string;
  address: string | null;
  /** On the client's own appointment link (GET /api/public/appointments/:token). */
  status?: AppointmentStatus;
}

const enc = encodeURIComponent;

export const schedulingApi = {
  schedule: (practitionerId: string) => api<Schedule>(`/api/practitioners/${enc(practitionerId)}/schedule`),
  saveSchedule: (practitionerId: string, input: ScheduleInput) =>
    api<{ ok: true }>(`/api/practitioners/${enc(practitionerId)}/schedule`, { method: 'PUT', body: input }),
  addException: (practitionerId: string, input: NewException) =>
    api<{ exception: { id: string } }>(`/api/practitioners/${enc(practitionerId)}/exceptions`, { method: 'POST', body: input }),
  deleteException: (practitionerId: string, exceptionId: string) =>
    api<void>(`/api/practitioners/${enc(practitionerId)}/exceptions/${enc(exceptionId)}`, { method: 'DELETE' }),

  slots: (query: SlotQuery, signal?: AbortSignal) =>
    api<{ practitioners: PractitionerSlots[] }>('/api/slots', {
      query: {
        practitionerIds: query.practitionerIds.join(','),
        typeCode: query.typeCode,
        mode: query.mode,
        from: query.from,
        days: query.days,
        perPractitioner: query.perPractitioner,
        weekdays: query.weekdays?.length ? query.weekdays.join(',') : undefined,
        earliestTime: query.earliestTime,
        latestTime: query.latestTime,
      },
      signal,
    }),

  appointments: (filter: AppointmentFilter, signal?: AbortSignal) =>
    api<{ appointments: Appointment[] }>('/api/appointments', {
      query: { ...filter, includeCancelled: filter.includeCancelled ? 'true' : undefined },
      signal,
    }),
  appointment: (id: string) => api<{ appointment: Appointment }>(`/api/appointments/${enc(id)}`),
  book: (input: NewBooking) => api<{ appointment: Appointment }>('/api/appointments', { method: 'POST', body: input }),
  bookExternal: (input: NewExternalBooking) => api<{ appointment: Appointment }>('/api/appointments/external', { method: 'POST', body: input }),
  cancel: (id: string, reason: string) => api<{ appointment: Appointment }>(`/api/appointments/${enc(id)}/cancel`, { method: 'POST', body: { reason } }),
  reschedule: (id: string, startsAt: string, reason?: string) =>
    api<{ appointment: Appointment }>(`/api/appointments/${enc(id)}/reschedule`, { method: 'POST', body: reason ? { startsAt, reason } : { startsAt } }),
  outcome: (id: string, status: 'completed' | 'no_show') =>
    api<{ appointment: Appointment }>(`/api/appointments/${enc(id)}/outcome`, { method: 'POST', body: { status } }),

  propose: (requestId: string, input: NewProposal) =>
    api<{ proposal: Proposal }>(`/api/requests/${enc(requestId)}/proposals`, { method: 'POST', body: input }),
  proposals: (requestId: string) => api<{ proposals: Proposal[] }>(`/api/requests/${enc(requestId)}/proposals`),

  messages: (appointmentId: string) => api<{ messages: SentMessage[] }>('/api/messages', { query: { appointmentId } }),

  portal: () => api<{ appointments: Appointment[]; proposals: Proposal[] }>('/api/portal/appointments'),
  portalAccept: (proposalId: string, appointmentId: string) =>
    api<{ appointment: Appointment }>(`/api/portal/proposals/${enc(proposalId)}/accept`, { method: 'POST', body: { appointmentId } }),
  portalCancel: (id: string, reason: string) =>
    api<{ appointment: Appointment }>(`/api/portal/appointments/${enc(id)}/cancel`, { method: 'POST', body: { reason } }),

  publicProposal: (token: string) => api<{ proposal: PublicProposal }>(`/api/public/proposals/${enc(token)}`),
  publicAccept: (token: string, appointmentId: string) =>
    api<{ appointment: PublicAppointment }>(`/api/public/proposals/${enc(token)}/accept`, { method: 'POST', body: { appointmentId } }),
  /** The client's own appointment, from the link of the confirmation (/rdv/:token). */
  publicAppointment: (token: string) => api<{ appointment: PublicAppointment }>(`/api/public/appointments/${enc(token)}`),
  publicCancel: (token: string, reason: string) =>
    api<{ appointment: PublicAppointment }>(`/api/public/appointments/${enc(token)}/cancel`, { method: 'POST', body: { reason } }),

  reminderPolicies: () => api<{ policies: ReminderPolicy[] }>('/api/reminder-policies'),
  saveReminderPolicy: (mode: Mode, rules: ReminderRule[]) => api<{ policies: ReminderPolicy[] }>(`/api/reminder-policies/${mode}`, { method: 'PUT', body: { rules } }),
  resetReminderPolicy: (mode: Mode) => api<{ policies: ReminderPolicy[] }>(`/api/reminder-policies/${mode}`, { method: 'DELETE' }),

  requestWaitlist: (requestId: string) => api<{ entries: WaitlistEntry[] }>(`/api/requests/${enc(requestId)}/waitlist`),
  practitionerWaitlist: (practitionerId: string) => api<{ entries: WaitlistEntry[] }>(`/api/practitioners/${enc(practitionerId)}/waitlist`, { query: { status: 'active' } }),
  joinWaitlist: (input: NewWaitlistEntry) => api<{ entry: { id: string; status: WaitlistStatus } }>('/api/waitlist', { method: 'POST', body: input }),
  cancelWaitlist: (id: string) => api<{ entry: WaitlistEntry }>(`/api/waitlist/${enc(id)}/cancel`, { method: 'POST', body: {} }),

  logistics: (appointmentId: string) => api<{ logistics: Logistics[] }>(`/api/appointments/${enc(appointmentId)}/logistics`),
  addLogistics: (appointmentId: string, input: LogisticsInput) => api<{ logistics: Logistics }>(`/api/appointments/${enc(appointmentId)}/logistics`, { method: 'POST', body: input }),
  updateLogistics: (id: string, patch: Partial<LogisticsInput> & { status?: LogisticsStatus }) => api<{ logistics: Logistics }>(`/api/logistics/${enc(id)}`, { method: 'PATCH', body: patch }),

  /** Calendar feeds: each call makes a new secret address (the previous one stops working). */
  myCalendarFeed: () => api<{ url: string }>('/api/calendar-feeds/me', { method: 'POST', body: {} }),
  practitionerCalendarFeed: (practitionerId: string) => api<{ url: string }>(`/api/practitioners/${enc(practitionerId)}/calendar-feed`, { method: 'POST', body: {} }),
  portalCalendarFeed: () => api<{ url: string }>('/api/portal/calendar-feed', { method: 'POST', body: {} }),
};

export const SCHEDULING_KEY = ['scheduling'] as const;
export const scheduleKey = (practitionerId: string) => [...SCHEDULING_KEY, 'schedule', practitionerId] as const;
export const slotsKey = (query: SlotQuery) => [...SCHEDULING_KEY, 'slots', query] as const;
export const APPOINTMENTS_KEY = [...SCHEDULING_KEY, 'appointments'] as const;
export const appointmentsKey = (filter: AppointmentFilter) => [...APPOINTMENTS_KEY, filter] as const;
export const proposalsKey = (requestId: string) => [...SCHEDULING_KEY, 'proposals', requestId] as const;
export const messagesKey = (appointmentId: string) => [...SCHEDULING_KEY, 'messages', appointmentId] as const;
export const PORTAL_APPOINTMENTS_KEY = [...SCHEDULING_KEY, 'portal'] as const;
export const publicProposalKey = (token: string) => [...SCHEDULING_KEY, 'public', token] as const;
export const publicAppointmentKey = (token: string) => [...SCHEDULING_KEY, 'public-appointment', token] as const;
export const REMINDER_POLICIES_KEY = [...SCHEDULING_KEY, 'reminder-policies'] as const;
export const WAITLIST_KEY = [...SCHEDULING_KEY, 'waitlist'] as const;
export const requestWaitlistKey = (requestId: string) => [...WAITLIST_KEY, 'request', requestId] as const;
export const practitionerWaitlistKey = (practitionerId: string) => [...WAITLIST_KEY, 'practitioner', practitionerId] as const;
export const logisticsKey = (appointmentId: string) => [...SCHEDULING_KEY, 'logistics', appointmentId] as const;
