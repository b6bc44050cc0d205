/**
 * When a teleconsultation is booked, the practitioner gets their own link by e-mail (at their
 * practice's address in the directory), through the job queue so a booking never waits on it.
 * The client's way in is the appointment link of their confirmation (« Rejoindre ») and the portal.
 */
import { and, eq, isNotNull } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.ts';
import { system } from '../audit/domain.ts';
import { practicePlaces } from '../directory/schema.ts';
import { enqueue, type JobHandlers } from '../jobs/queue.ts';
import { queueMail } from '../notifications/mail-queue.ts';
import { simpleHtml } from '../notifications/mailer.ts';
import { formatDateTime } from '../scheduling/messages.ts';
import { appointmentNumber } from '../scheduling/present.ts';
import { findAppointment } from '../scheduling/store.ts';
import { issueLink } from './service.ts';

export const PRACTITIONER_LINK_QUEUE = 'teleconsultation.practitioner-link';

/** Called after a booking or a move: one e-mail per appointment time. */
export async function teleconsultationBooked(ctx: AppContext, appointment: { id: string; mode: string; startsAt: Date }): Promise<void> {
  if (appointment.mode !== 'teleconsultation') return;
  await enqueue(ctx.db, { queue: PRACTITIONER_LINK_QUEUE, payload: { appointmentId: appointment.id }, idempotencyKey: `teleconsult-link:${appointment.id}:${appointment.startsAt.toISOString()}` });
}

async function sendPractitionerLink(ctx: AppContext, appointmentId: string): Promise<void> {
  const a = await findAppointment(ctx.db, appointmentId);
  if (!a || a.mode !== 'teleconsultation' || a.status !== 'booked') return;
  const [place] = await ctx.db
    .select({ email: practicePlaces.email })
    .from(practicePlaces)
    .where(and(eq(practicePlaces.practitionerId, a.practitionerId), isNotNull(practicePlaces.email)))
    .limit(1);
  // No address in the directory: the team copies the link from the « Téléconsultations » page.
  if (!place?.email) return;
  const { url } = await issueLink(ctx, a.id, 'practitioner', system);
  const when = formatDateTime(a.startsAt, 'fr');
  // Who and why stay out of the message: the practitioner sees them in the room.
  const paragraphs = [
    'Bonjour,',
    `Voici votre lien personnel pour la téléconsultation ${appointmentNumber(a.number)} du ${when} (heure de Paris), organisée par Parcours.`,
    'La salle ouvre 15 minutes avant. Vous ferez entrer le patient depuis la salle d’attente. Ce lien vous est propre : ne le transférez pas.',
  ];
  await queueMail(ctx.db, {
    to: place.email,
    subject: `Parcours : téléconsultation du ${when}`,
    text: `${paragraphs.join('\n\n')}\n\n${url}\n`,
    html: simpleHtml(paragraphs, { href: url, label: 'Ouvrir la téléconsultation' }),
    template: 'teleconsultation.practitioner_link',
    idempotencyKey: `teleconsult-link-mail:${a.id}:${a.startsAt.toISOString()}`,
    appointmentId: a.id,
  });
}

export const teleconsultationJobHandlers: JobHandlers = {
  [PRACTITIONER_LINK_QUEUE]: async (payload, _job, ctx) => sendPractitionerLink(ctx, String(payload.appointmentId)),
};
