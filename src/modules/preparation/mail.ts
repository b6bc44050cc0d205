/**
 * The e-mail that brings the pack's link to the practitioner. Pure. Like every message of Parcours
 * (scheduling/messages.ts), it carries no health data: no client name, no reason, no specialty —
 * only the appointment's date and time, the link and until when it works.
 */
import { simpleHtml } from '../notifications/mailer.ts';
import { formatDateTime, formatShortDateTime } from '../scheduling/messages.ts';

export interface PackMailInput {
  startsAt: Date;
  expiresAt: Date;
  /** The secret link (http(s)). */
  link: string;
}

export function packMail(input: PackMailInput): { subject: string; text: string; html: string } {
  const url = new URL(input.link);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RangeError('pack link must be http(s)');
  // Practitioners in France: French first, a line of English for the others.
  const paragraphs = [
    'Bonjour,',
    `Des documents vous sont transmis pour votre rendez-vous du ${formatDateTime(input.startsAt, 'fr')}, avec l’accord du patient.`,
    `Ce lien personnel fonctionne jusqu’au ${formatDateTime(input.expiresAt, 'fr')}. Chaque consultation est enregistrée. Merci de ne pas le transférer.`,
    `Documents for your appointment on ${formatDateTime(input.startsAt, 'en')}, shared with the patient’s consent. The link works until ${formatDateTime(input.expiresAt, 'en')}.`,
  ];
  return {
    subject: `Documents pour votre rendez-vous du ${formatShortDateTime(input.startsAt, 'fr')}`,
    text: `${paragraphs.join('\n\n')}\n\nOuvrir les documents : ${input.link}\n`,
    html: simpleHtml(paragraphs, { href: input.link, label: 'Ouvrir les documents' }),
  };
}
