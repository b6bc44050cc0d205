/**
 * What the client is sent about an appointment, through the durable queue: confirmation, change,
 * cancellation (e-mail with an ICS file, SMS to a mobile), proposals, and reminders scheduled as
 * jobs — moved or removed with the appointment. Idempotency keys make every send happen once.
 */
// The full metadata knows which numbers are mobiles (the default one does not).
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { AppContext } from '../../platform/context.ts';
import type { Locale } from '../../platform/errors.ts';
import { findClient } from '../clients/store.ts';
import { cancelJobs, enqueue, type JobHandlers, PermanentJobError } from '../jobs/queue.ts';
import { queueMail } from '../notifications/mail-queue.ts';
import { queueSms } from '../notifications/sms.ts';
import { appointmentEvent, type IcsAppointment, type IcsMethod } from './ics.ts';
import { type AppointmentMessage, cancellationMessage, changeMessage, confirmationMessage, type MessageAppointment, proposalMessage, reminderMessage, waitlistOfferMessage } from './messages.ts';
import { addressOf, type AppointmentView, appointmentViews } from './present.ts';
import { reminderRulesFor } from './reminder-policies.ts';
import { parisDay, planReminders } from './reminders.ts';
import * as store from './store.ts';
import type { AppointmentRow } from './store.ts';
import { teleconsultationBooked } from '../teleconsultation/notify.ts';

export const REMINDER_QUEUE = 'appointment.reminder';

async function recipient(ctx: AppContext, clientId: string) {
  const c = await findClient(ctx.db, clientId);
  if (!c) return null;
  const phone = c.phone ? parsePhoneNumberFromString(c.phone) : undefined;
  const mobile = phone?.getType() === 'MOBILE' || phone?.getType() === 'FIXED_LINE_OR_MOBILE' ? phone.number : null;
  return { email: c.email, mobile, lang: (c.preferredLanguage === 'en' ? 'en' : 'fr') as Locale, name: c.usedFirstName ?? c.firstNames[0] ?? null };
}

const messageAppointment = (v: AppointmentView): MessageAppointment => ({ startsAt: new Date(v.startsAt), mode: v.mode, address: addressOf(v), practitionerName: v.practitioner.displayName });

function ics(v: AppointmentView, row: AppointmentRow, method: IcsMethod): IcsAppointment & { method: IcsMethod } {
  return {
    method,
    id: v.id,
    number: row.number,
    startsAt: new Date(v.startsAt),
    endsAt: new Date(v.endsAt),
    status: method === 'CANCEL' ? 'cancelled' : (v.status as IcsAppointment['status']),
    sequence: method === 'CANCEL' ? 1 : 0,
    title: `Rendez-vous — ${v.practitioner.displayName}`,
    location: v.mode === 'teleconsultation' ? 'Téléconsultation' : addressOf(v),
    description: null,
    url: null,
  };
}

async function send(ctx: AppContext, key: string, row: AppointmentRow | null, clientId: string, m: AppointmentMessage, template: string, calendar: (IcsAppointment & { method: IcsMethod })[] = []) {
  const to = await recipient(ctx, clientId);
  if (!to) return;
  const about = { clientId, ...(row ? { appointmentId: row.id } : {}) };
  if (to.email)
    await queueMail(ctx.db, {
      to: to.email,
      ...m.email,
      template,
      idempotencyKey: `${key}:email`,
      attachments: calendar.map(({ method, ...event }, i) => ({ filename: `rendez-vous-${i + 1}.ics`, contentType: `text/calendar; method=${method}`, content: appointmentEvent(event, method) })),
      ...about,
    });
  if (to.mobile) await queueSms(ctx.db, { to: to.mobile, body: m.sms.body, template, idempotencyKey: `${key}:sms`, ...about });
}

const link = (ctx: AppContext, path: string) => `${ctx.config.publicUrl}${path}`;

/** After a booking (or the client's pick): confirmation now, reminders on the queue. */
export async function appointmentBooked(ctx: AppContext, row: AppointmentRow, clientToken: string, previous?: AppointmentRow): Promise<void> {
  const [v] = await appointmentViews(ctx, [row]);
  if (!v) return;
  const to = await recipient(ctx, row.clientId);
  const lang = to?.lang ?? 'fr';
  const href = link(ctx, `/rdv/${clientToken}`);
  if (previous) {
    const [old] = await appointmentViews(ctx, [previous]);
    await cancelJobs(ctx.db, { keyPrefix: `reminder:${previous.id}:` });
    await send(ctx, `appointment:${row.id}:change`, row, row.clientId, changeMessage({ lang, link: href, clientName: to?.name ?? null, appointment: messageAppointment(v), previousStartsAt: previous.startsAt }), 'appointment.change', [
      ...(old ? [ics(old, previous, 'CANCEL')] : []),
      ics(v, row, 'REQUEST'),
    ]);
  } else await send(ctx, `appointment:${row.id}:confirmation`, row, row.clientId, confirmationMessage({ lang, link: href, clientName: to?.name ?? null, appointment: messageAppointment(v) }), 'appointment.confirmation', [ics(v, row, 'REQUEST')]);

  // A teleconsultation: the practitioner's own link, by e-mail (queued).
  await teleconsultationBooked(ctx, row);

  // Practitioner's own list > the team's policy for the mode > built-in defaults.
  const { rules } = await reminderRulesFor(ctx.db, row.practitionerId, row.mode as 'in_person' | 'teleconsultation');
  for (const r of planReminders({ startsAt: row.startsAt, bookedAt: ctx.now(), mode: row.mode as 'in_person' | 'teleconsultation', now: ctx.now(), policy: rules }))
    await enqueue(ctx.db, { queue: REMINDER_QUEUE, runAt: r.sendAt, idempotencyKey: `reminder:${row.id}:${r.key}`, payload: { appointmentId: row.id, channel: r.channel, key: r.key, link: href } });
}

export async function appointmentCancelled(ctx: AppContext, row: AppointmentRow): Promise<void> {
  await cancelJobs(ctx.db, { keyPrefix: `reminder:${row.id}:` });
  const [v] = await appointmentViews(ctx, [row]);
  const to = await recipient(ctx, row.clientId);
  if (!v) return;
  await send(ctx, `appointment:${row.id}:cancellation`, row, row.clientId, cancellationMessage({ lang: to?.lang ?? 'fr', link: link(ctx, '/demande'), clientName: to?.name ?? null, appointment: messageAppointment(v) }), 'appointment.cancellation', [ics(v, row, 'CANCEL')]);
}

export async function proposalSent(ctx: AppContext, proposal: { id: string; clientId: string; expiresAt: Date }, held: AppointmentRow[], token: string, kind: 'proposal' | 'waitlist' = 'proposal'): Promise<void> {
  const views = await appointmentViews(ctx, held);
  const to = await recipient(ctx, proposal.clientId);
  const first = views[0];
  if (kind === 'waitlist' && first) {
    // The waiting-list offer says why this slot comes unasked (and that it goes to someone else without an answer).
    const m = waitlistOfferMessage({ lang: to?.lang ?? 'fr', link: link(ctx, `/proposition/${token}`), clientName: to?.name ?? null, appointment: messageAppointment(first), expiresAt: proposal.expiresAt });
    await send(ctx, `proposal:${proposal.id}`, null, proposal.clientId, m, 'appointment.waitlist_offer');
    return;
  }
  await send(ctx, `proposal:${proposal.id}`, null, proposal.clientId, proposalMessage({ lang: to?.lang ?? 'fr', link: link(ctx, `/proposition/${token}`), clientName: to?.name ?? null, slots: views.map(messageAppointment), expiresAt: proposal.expiresAt }), 'appointment.proposal');
}

/**
 * A due reminder. E-mail: one per appointment and offset. SMS: one per client and Paris day — the
 * first reminder job of the day sends one SMS for all that day's appointments (its key is the day).
 */
async function remind(ctx: AppContext, payload: Record<string, unknown>): Promise<void> {
  const row = await store.findAppointment(ctx.db, String(payload.appointmentId));
  if (!row) throw new PermanentJobError('appointment gone');
  if (row.status !== 'booked') return; // cancelled or moved since: nothing to send
  const to = await recipient(ctx, row.clientId);
  if (!to) return;
  const href = String(payload.link ?? link(ctx, '/mes-demandes'));
  if (payload.channel === 'email') {
    const [v] = await appointmentViews(ctx, [row]);
    if (!v || !to.email) return;
    const m = reminderMessage({ lang: to.lang, link: href, clientName: to.name, appointments: [messageAppointment(v)] });
    await queueMail(ctx.db, { to: to.email, ...m.email, template: 'appointment.reminder', idempotencyKey: `reminder-mail:${row.id}:${String(payload.key)}`, clientId: row.clientId, appointmentId: row.id });
    return;
  }
  if (!to.mobile) return;
  const day = parisDay(row.startsAt);
  const sameDay = (await store.listAppointments(ctx.db, { clientId: row.clientId, from: new Date(row.startsAt.getTime() - 86_400_000), to: new Date(row.startsAt.getTime() + 86_400_000), limit: 20 })).filter(
    (a) => a.status === 'booked' && parisDay(a.startsAt) === day,
  );
  const views = await appointmentViews(ctx, sameDay);
  const m = reminderMessage({ lang: to.lang, link: href, clientName: to.name, appointments: views.map(messageAppointment) });
  await queueSms(ctx.db, { to: to.mobile, body: m.sms.body, template: 'appointment.reminder', idempotencyKey: `reminder-sms:${row.clientId}:${day}`, clientId: row.clientId, appointmentId: row.id });
}

export const schedulingJobHandlers: JobHandlers = {
  [REMINDER_QUEUE]: (payload, _job, ctx) => remind(ctx, payload),
};
