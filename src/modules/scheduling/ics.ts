/**
 * Calendar files (RFC 5545) for appointments: one event as an e-mail attachment (iTIP, RFC 5546),
 * and a whole calendar for a secret subscription URL. Pure: no database, no HTTP.
 *
 * Choices:
 * - Times are written in UTC (`DTSTART:20260330T070000Z`). An instant in UTC needs no VTIMEZONE
 *   block, cannot be misread across a DST change, and every client shows it in its own zone.
 * - The UID is stable per appointment (`appointment-<id>@parcours`), so a change or a cancellation
 *   updates the event the client already has instead of adding a second one; SEQUENCE (kept by the
 *   caller, +1 on each change of time, place or status) tells which version is newer.
 * - The module writes only what the caller gives it. Titles for a client are generic
 *   ("Rendez-vous médical"): no specialty, reason or result, since calendars sync to phones, lock
 *   screens and shared agendas. Events are also marked CLASS:PRIVATE, which shared calendars
 *   (Outlook, Google delegates) show as "busy" without details.
 *
 * To attach: nodemailer's `icalEvent: { method, content }` sets the matching
 * `text/calendar; method=…` content type, which Outlook and Gmail need to treat it as an invitation.
 */
import ical, { ICalCalendarMethod, type ICalEventData, ICalEventClass, ICalEventStatus } from 'ical-generator';

export type AppointmentStatus = 'held' | 'booked' | 'completed' | 'no_show' | 'cancelled' | 'released';

export interface IcsPerson {
  name: string;
  email: string;
}

export interface IcsAppointment {
  id: string;
  number: number;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  /** Version of the appointment as the client knows it: 0 when booked, +1 on each change. */
  sequence: number;
  /** Generic for a client ("Rendez-vous médical"); the caller decides, the module adds nothing. */
  title: string;
  location: string | null;
  description: string | null;
  url: string | null;
  /**
   * RFC 5546 wants an ORGANIZER (and an ATTENDEE) on REQUEST and CANCEL: pass them for e-mail
   * invitations, or some clients show the file as a plain event they cannot update.
   */
  organizer?: IcsPerson;
  attendee?: IcsPerson;
}

export type IcsMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH';

export interface IcsOptions {
  /** DTSTAMP; defaults to now. Fixed in tests. */
  stamp?: Date;
}

const PROD_ID = { company: 'Parcours', product: 'Parcours', language: 'FR' };

/** Clients poll a subscribed feed on their own schedule; this asks for about once an hour. */
const FEED_REFRESH_SECONDS = 3600;

export function appointmentUid(id: string): string {
  return `appointment-${id}@parcours`;
}

function isCancelled(status: AppointmentStatus): boolean {
  return status === 'cancelled' || status === 'released';
}

function eventStatus(status: AppointmentStatus, method: IcsMethod): ICalEventStatus {
  if (method === 'CANCEL' || isCancelled(status)) return ICalEventStatus.CANCELLED;
  if (status === 'held') return ICalEventStatus.TENTATIVE;
  return ICalEventStatus.CONFIRMED;
}

function eventData(a: IcsAppointment, method: IcsMethod, stamp: Date): ICalEventData {
  if (!(a.startsAt.getTime() < a.endsAt.getTime())) throw new RangeError('appointment must end after it starts');
  if (!Number.isInteger(a.sequence) || a.sequence < 0) throw new RangeError('sequence must be a non-negative integer');
  const status = eventStatus(a.status, method);
  return {
    id: appointmentUid(a.id),
    sequence: a.sequence,
    stamp,
    start: a.startsAt,
    end: a.endsAt,
    summary: a.title,
    location: a.location,
    description: a.description,
    url: a.url,
    status,
    class: ICalEventClass.PRIVATE,
    organizer: a.organizer ? { name: a.organizer.name, email: a.organizer.email } : null,
    attendees: a.attendee ? [{ name: a.attendee.name, email: a.attendee.email, rsvp: false }] : [],
    x: { 'X-PARCOURS-NUMBER': String(a.number) },
  };
}

/**
 * One appointment as an ICS string for an e-mail attachment: REQUEST on booking and on each change
 * (same UID, higher SEQUENCE), CANCEL on cancellation (STATUS:CANCELLED), PUBLISH for a download.
 */
export function appointmentEvent(a: IcsAppointment, method: IcsMethod, options: IcsOptions = {}): string {
  const calendar = ical({ prodId: PROD_ID, method: ICalCalendarMethod[method] });
  calendar.createEvent(eventData(a, method, options.stamp ?? new Date()));
  return calendar.toString();
}

/**
 * A calendar for a secret subscription URL (METHOD:PUBLISH, X-WR-CALNAME, REFRESH-INTERVAL and
 * X-PUBLISHED-TTL). Cancelled and released appointments are left out: a subscribed calendar drops
 * an event that disappears from the feed, whereas several clients (Outlook among them) ignore
 * STATUS:CANCELLED in a subscription and would keep showing the appointment.
 */
export function calendarFeed(name: string, events: IcsAppointment[], options: IcsOptions = {}): string {
  const stamp = options.stamp ?? new Date();
  const calendar = ical({ prodId: PROD_ID, method: ICalCalendarMethod.PUBLISH, name, ttl: FEED_REFRESH_SECONDS });
  const live = events.filter((e) => !isCancelled(e.status)).sort((x, y) => x.startsAt.getTime() - y.startsAt.getTime());
  for (const e of live) calendar.createEvent(eventData(e, 'PUBLISH', stamp));
  return calendar.toString();
}
