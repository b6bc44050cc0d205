/** Request rules: the status workflow, urgency order and first-response targets, mentions. Pure. */
import { DomainError } from '../../platform/errors.ts';

export const channels = ['portal', 'public_form', 'phone', 'email'] as const;
export const kinds = ['specialist', 'teleconsultation', 'exam', 'admin_help', 'information'] as const;
export const statuses = ['new', 'qualified', 'searching', 'proposed', 'booked', 'follow_up', 'closed', 'cancelled'] as const;
export type Status = (typeof statuses)[number];
export const urgencies = ['emergency', 'urgent', 'soon', 'routine'] as const;
export type Urgency = (typeof urgencies)[number];

/** Where each status may go next. Booked can go back to proposed when an appointment is moved. */
export const transitions: Record<Status, readonly Status[]> = {
  new: ['qualified', 'cancelled'],
  qualified: ['searching', 'cancelled'],
  searching: ['proposed', 'cancelled'],
  proposed: ['booked', 'searching', 'cancelled'],
  booked: ['follow_up', 'proposed', 'cancelled'],
  follow_up: ['closed'],
  closed: [],
  cancelled: [],
};

export function checkTransition(from: Status, to: Status, reason: string | undefined): void {
  if (!transitions[from].includes(to)) throw new DomainError('illegal_transition', 409, { from, to });
  if (to === 'cancelled' && !reason?.trim()) throw new DomainError('validation_failed', 400, {}, [{ path: 'reason', code: 'cancel_reason_required' }]);
}

/**
 * First-response targets per urgency, as in shared/data/specialties.json (emergency: immediate).
 * Kept here as data the domain owns; a test checks they match the shared file.
 */
export const firstResponseMinutes: Record<Urgency, number> = { emergency: 0, urgent: 60, soon: 240, routine: 1440 };

export const firstResponseDue = (createdAt: Date, urgency: Urgency): Date => new Date(createdAt.getTime() + firstResponseMinutes[urgency] * 60_000);

export const isOverdue = (r: { firstResponseDueAt: Date | null; firstRespondedAt: Date | null; status: string }, now: Date): boolean =>
  r.firstRespondedAt === null && r.firstResponseDueAt !== null && r.firstResponseDueAt < now && r.status !== 'cancelled' && r.status !== 'closed';

const rank: Record<Urgency, number> = { emergency: 0, urgent: 1, soon: 2, routine: 3 };

/** The queue: an active emergency first, then by urgency, then the oldest first. */
export function queueOrder<T extends { urgency: string; createdAt: Date; emergencyActive: boolean }>(a: T, b: T): number {
  return (
    Number(b.emergencyActive) - Number(a.emergencyActive) ||
    rank[a.urgency as Urgency] - rank[b.urgency as Urgency] ||
    a.createdAt.getTime() - b.createdAt.getTime()
  );
}

/** The emergency protocol's steps, in the order staff usually take them. */
export const emergencySteps = ['guidance_given', 'samu_called', 'coordinator_reached', 'family_informed', 'resolved'] as const;
export type EmergencyStep = (typeof emergencySteps)[number];

/** `@handle` mentions in a note, where a handle is the part of a colleague's e-mail before the @. */
export function mentionedHandles(body: string): string[] {
  return [...new Set([...body.matchAll(/(?:^|[\s(])@([a-z0-9][a-z0-9._-]*[a-z0-9]|[a-z0-9])/gi)].map((m) => (m[1] as string).toLowerCase()))];
}

export const handleOf = (email: string): string => (email.split('@')[0] ?? '').toLowerCase();

export const requestNumber = (n: number): string => `DM-${String(n).padStart(6, '0')}`;
