/**
 * Appointment messages for clients, in French or English: e-mail `{subject, text, html}` and SMS
 * `{body}`. Pure: no sending, no database.
 *
 * What a message may carry (DESIGN §10, as French peers practise): the date and time (Europe/Paris),
 * the place's postal address or "téléconsultation", the practitioner's name, and a link. Never a
 * specialty, a reason, a result or anything else about health: the caller has no field to pass one.
 * - Subjects and SMS show on lock screens and in previews: date, time and link only, and the word
 *   "téléconsultation" in an SMS. No practitioner name (it often tells the specialty) and no address
 *   (a place's name or address can tell it too: "Institut de cancérologie…"); both are in the
 *   e-mail body, behind the screen lock.
 * - SMS are written in GSM-7 (other characters, such as ’ or ê, are transliterated: a single
 *   non-GSM-7 character would switch the SMS to UCS-2 and cut it to 70 characters) and pick the
 *   longest wording that fits in one 160-character SMS, down to a terse one.
 * - HTML is built by `simpleHtml`, which escapes every value; links must be http(s).
 */
import type { Locale } from '../../platform/errors.ts';
import { simpleHtml } from '../notifications/mailer.ts';

export type AppointmentMode = 'in_person' | 'teleconsultation';

export interface MessageAppointment {
  startsAt: Date;
  mode: AppointmentMode;
  /** Postal address of the place, e-mail body only. Ignored for a teleconsultation. */
  address?: string | null;
  /** E-mail body only: never in a subject or an SMS. */
  practitionerName?: string | null;
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export interface SmsContent {
  body: string;
}

export interface AppointmentMessage {
  email: EmailContent;
  sms: SmsContent;
}

interface Common {
  lang: Locale;
  /** The client's own page (appointment, proposal or offer): http(s) only. */
  link: string;
  /** For the e-mail greeting; never in an SMS. */
  clientName?: string | null;
}

export const MESSAGE_TIME_ZONE = 'Europe/Paris';
const BRAND = 'Parcours';
export const SMS_MAX_LENGTH = 160;

// ---------------------------------------------------------------- dates

const INTL_LOCALE: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Locale, kind: 'day' | 'time' | 'short'): Intl.DateTimeFormat {
  const id = `${lang}:${kind}`;
  let f = formatters.get(id);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'day'
        ? { weekday: 'long', day: 'numeric', month: 'long' }
        : kind === 'time'
          ? { hour: 'numeric', minute: '2-digit', hourCycle: 'h23' }
          : { day: '2-digit', month: '2-digit' };
    f = new Intl.DateTimeFormat(INTL_LOCALE[lang], { ...options, timeZone: MESSAGE_TIME_ZONE });
    formatters.set(id, f);
  }
  return f;
}

function part(parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): string {
  return parts.find((p) => p.type === type)?.value ?? '';
}

/** "9 h 30", "14 h" / "9:30", "14:00", Paris time. */
export function formatTime(d: Date, lang: Locale): string {
  const parts = formatter(lang, 'time').formatToParts(d);
  const hour = String(Number(part(parts, 'hour')));
  const minute = part(parts, 'minute');
  if (lang === 'fr') return minute === '00' ? `${hour} h` : `${hour} h ${minute}`;
  return `${hour}:${minute}`;
}

/** "lundi 30 mars", "mercredi 1er avril" / "Monday 30 March". */
export function formatDay(d: Date, lang: Locale): string {
  const parts = formatter(lang, 'day').formatToParts(d);
  const day = part(parts, 'day');
  return `${part(parts, 'weekday')} ${lang === 'fr' && day === '1' ? '1er' : day} ${part(parts, 'month')}`;
}

/** "lundi 30 mars à 9 h 30" / "Monday 30 March at 9:30". */
export function formatDateTime(d: Date, lang: Locale): string {
  return `${formatDay(d, lang)} ${lang === 'fr' ? 'à' : 'at'} ${formatTime(d, lang)}`;
}

/** "30/03 à 9 h 30" / "30/03 at 9:30", for subjects and short SMS. */
export function formatShortDateTime(d: Date, lang: Locale): string {
  return `${formatter(lang, 'short').format(d)} ${lang === 'fr' ? 'à' : 'at'} ${formatTime(d, lang)}`;
}

// ---------------------------------------------------------------- GSM-7

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENDED = '^{}\\[~]|€\f';
const BASIC = new Set(GSM7_BASIC);
const EXTENDED = new Set(GSM7_EXTENDED);
const REPLACEMENTS: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201C': '"',
  '\u201D': '"',
  '«': '"',
  '»': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2026': '...',
  '\u00A0': ' ',
  '\u202F': ' ',
  '\u2009': ' ',
  œ: 'oe',
  Œ: 'OE',
};

/** Septets needed in GSM-7 (extension characters take two), or null when a character is not GSM-7. */
export function gsm7Length(s: string): number | null {
  let n = 0;
  for (const c of s) {
    if (BASIC.has(c)) n += 1;
    else if (EXTENDED.has(c)) n += 2;
    else return null;
  }
  return n;
}

export function isGsm7(s: string): boolean {
  return gsm7Length(s) !== null;
}

/** Transliterates into GSM-7: typographic punctuation to ASCII, ê → e, ç → c; anything else left becomes "?". */
export function toGsm7(s: string): string {
  let out = '';
  for (const c of s) {
    if (BASIC.has(c) || EXTENDED.has(c)) out += c;
    else if (REPLACEMENTS[c] !== undefined) out += REPLACEMENTS[c];
    else {
      const base = c.normalize('NFD').replace(/\p{M}/gu, '');
      out += base.length > 0 && isGsm7(base) ? base : '?';
    }
  }
  return out;
}

/** The first wording that fits in one SMS once transliterated, or the last (the shortest) if none does. */
function fitSms(candidates: string[]): SmsContent {
  const bodies = candidates.map((c) => toGsm7(c.replace(/\s+/g, ' ').trim()));
  const body = bodies.find((b) => (gsm7Length(b) ?? Number.POSITIVE_INFINITY) <= SMS_MAX_LENGTH) ?? (bodies.at(-1) as string);
  return { body };
}

// ---------------------------------------------------------------- building blocks

function checkLink(link: string): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new RangeError('message link must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RangeError('message link must be http(s)');
  return link;
}

function greeting(lang: Locale, name: string | null | undefined): string {
  const n = name?.trim();
  if (lang === 'fr') return n ? `Bonjour ${n},` : 'Bonjour,';
  return n ? `Hello ${n},` : 'Hello,';
}

/** Lines describing one appointment in an e-mail body. */
function detailLines(a: MessageAppointment, lang: Locale): string[] {
  const fr = lang === 'fr';
  const colon = fr ? ' : ' : ': ';
  const lines = [`${fr ? 'Date' : 'When'}${colon}${formatDateTime(a.startsAt, lang)}`];
  const name = a.practitionerName?.trim();
  if (name) lines.push(`${fr ? 'Avec' : 'With'}${colon}${name}`);
  if (a.mode === 'teleconsultation') lines.push(fr ? 'Téléconsultation : vous la rejoindrez depuis le lien ci-dessous.' : 'Teleconsultation: join it from the link below.');
  else if (a.address?.trim()) lines.push(`${fr ? 'Adresse' : 'Address'}${colon}${a.address.trim()}`);
  return lines;
}

/** One line per appointment in a list (proposal, several reminders). */
function summaryLine(a: MessageAppointment, lang: Locale): string {
  const bits = [formatDateTime(a.startsAt, lang)];
  const name = a.practitionerName?.trim();
  if (name) bits.push(name);
  if (a.mode === 'teleconsultation') bits.push(lang === 'fr' ? 'téléconsultation' : 'teleconsultation');
  else if (a.address?.trim()) bits.push(a.address.trim());
  return `• ${bits.join(' — ')}`;
}

function email(lang: Locale, subject: string, paragraphs: string[], link: string, button: string): EmailContent {
  const colon = lang === 'fr' ? ' : ' : ': ';
  return {
    subject,
    text: `${paragraphs.join('\n\n')}\n\n${button}${colon}${link}\n`,
    html: simpleHtml(paragraphs, { href: link, label: button }),
  };
}

/** "(téléconsultation)" after a date in an SMS, or nothing. */
function smsMode(a: MessageAppointment, lang: Locale): string {
  return a.mode === 'teleconsultation' ? (lang === 'fr' ? ' (téléconsultation)' : ' (teleconsultation)') : '';
}

function sortByStart(list: readonly MessageAppointment[]): MessageAppointment[] {
  if (list.length === 0) throw new RangeError('at least one appointment is needed');
  return [...list].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

function joinList(items: string[], lang: Locale): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${lang === 'fr' ? 'et' : 'and'} ${items.at(-1)}`;
}

// ---------------------------------------------------------------- messages

/** The appointment is booked. */
export function confirmationMessage(input: Common & { appointment: MessageAppointment }): AppointmentMessage {
  const { lang, appointment: a } = input;
  const link = checkLink(input.link);
  const long = formatDateTime(a.startsAt, lang);
  const short = formatShortDateTime(a.startsAt, lang);
  const mode = smsMode(a, lang);
  if (lang === 'fr') {
    return {
      email: email(
        lang,
        `Votre rendez-vous du ${short}`,
        [greeting(lang, input.clientName), 'Votre rendez-vous est confirmé.', ...detailLines(a, lang), 'Vous pouvez le consulter, le déplacer ou l’annuler depuis le lien ci-dessous.'],
        link,
        'Voir mon rendez-vous',
      ),
      sms: fitSms([
        `${BRAND} : votre rendez-vous du ${long}${mode} est confirmé. Détails, modification ou annulation : ${link}`,
        `${BRAND} : rendez-vous confirmé ${long}${mode}. Détails : ${link}`,
        `${BRAND} : RDV confirmé le ${short}${mode} : ${link}`,
        `${BRAND} : RDV ${short} : ${link}`,
      ]),
    };
  }
  return {
    email: email(
      lang,
      `Your appointment on ${short}`,
      [greeting(lang, input.clientName), 'Your appointment is confirmed.', ...detailLines(a, lang), 'You can view, move or cancel it from the link below.'],
      link,
      'View my appointment',
    ),
    sms: fitSms([
      `${BRAND}: your appointment on ${long}${mode} is confirmed. Details, changes or cancellation: ${link}`,
      `${BRAND}: appointment confirmed ${long}${mode}. Details: ${link}`,
      `${BRAND}: appointment confirmed ${short}${mode}: ${link}`,
      `${BRAND}: appointment ${short}: ${link}`,
    ]),
  };
}

/**
 * A reminder of one appointment, or of several when one SMS a day names all of that day's
 * appointments (see `oneSmsPerDay`); the link then leads to the client's list of appointments.
 */
export function reminderMessage(input: Common & { appointments: readonly MessageAppointment[] }): AppointmentMessage {
  const { lang } = input;
  const link = checkLink(input.link);
  const list = sortByStart(input.appointments);
  const first = list[0]!;
  const fr = lang === 'fr';
  const longs = list.map((a) => `${formatDateTime(a.startsAt, lang)}${smsMode(a, lang)}`);
  const shorts = list.map((a) => formatShortDateTime(a.startsAt, lang));
  let subject: string;
  let paragraphs: string[];
  let sms: string[];
  if (list.length === 1) {
    const short = shorts[0]!;
    subject = fr ? `Rappel : votre rendez-vous du ${short}` : `Reminder: your appointment on ${short}`;
    paragraphs = [
      greeting(lang, input.clientName),
      fr ? 'Nous vous rappelons votre rendez-vous.' : 'This is a reminder of your appointment.',
      ...detailLines(first, lang),
      fr ? 'Un empêchement ? Déplacez ou annulez-le depuis le lien ci-dessous.' : 'Cannot make it? Move or cancel it from the link below.',
    ];
    sms = fr
      ? [
          `${BRAND} : rappel de votre rendez-vous ${longs[0]}. Détails, modification ou annulation : ${link}`,
          `${BRAND} : rappel de votre rendez-vous ${longs[0]}. Détails : ${link}`,
          `${BRAND} : rappel RDV ${shorts[0]}${smsMode(first, lang)} : ${link}`,
          `${BRAND} : rappel RDV ${shorts[0]} : ${link}`,
        ]
      : [
          `${BRAND}: reminder of your appointment on ${longs[0]}. Details, changes or cancellation: ${link}`,
          `${BRAND}: reminder of your appointment on ${longs[0]}. Details: ${link}`,
          `${BRAND}: reminder, appointment ${shorts[0]}${smsMode(first, lang)}: ${link}`,
          `${BRAND}: reminder, appointment ${shorts[0]}: ${link}`,
        ];
  } else {
    subject =
      list.length === 2
        ? fr
          ? `Rappel : vos rendez-vous du ${shorts[0]} et du ${shorts[1]}`
          : `Reminder: your appointments on ${shorts[0]} and ${shorts[1]}`
        : fr
          ? `Rappel : vos ${list.length} prochains rendez-vous`
          : `Reminder: your next ${list.length} appointments`;
    paragraphs = [
      greeting(lang, input.clientName),
      fr ? 'Nous vous rappelons vos rendez-vous :' : 'This is a reminder of your appointments:',
      ...list.map((a) => summaryLine(a, lang)),
      fr ? 'Un empêchement ? Déplacez ou annulez-les depuis le lien ci-dessous.' : 'Cannot make it? Move or cancel them from the link below.',
    ];
    sms = fr
      ? [
          `${BRAND} : rappel de vos rendez-vous ${joinList(longs, lang)}. Détails : ${link}`,
          `${BRAND} : rappel de vos RDV ${joinList(shorts, lang)} : ${link}`,
          `${BRAND} : rappel, vous avez ${list.length} RDV à partir du ${shorts[0]} : ${link}`,
        ]
      : [
          `${BRAND}: reminder of your appointments on ${joinList(longs, lang)}. Details: ${link}`,
          `${BRAND}: reminder, appointments ${joinList(shorts, lang)}: ${link}`,
          `${BRAND}: reminder, ${list.length} appointments from ${shorts[0]}: ${link}`,
        ];
  }
  return { email: email(lang, subject, paragraphs, link, fr ? 'Voir mes rendez-vous' : 'View my appointments'), sms: fitSms(sms) };
}

/** The appointment was moved (rescheduled) to a new time, and maybe a new place. */
export function changeMessage(input: Common & { appointment: MessageAppointment; previousStartsAt: Date }): AppointmentMessage {
  const { lang, appointment: a } = input;
  const link = checkLink(input.link);
  const long = formatDateTime(a.startsAt, lang);
  const short = formatShortDateTime(a.startsAt, lang);
  const before = formatShortDateTime(input.previousStartsAt, lang);
  const mode = smsMode(a, lang);
  if (lang === 'fr') {
    return {
      email: email(
        lang,
        `Votre rendez-vous est déplacé au ${short}`,
        [
          greeting(lang, input.clientName),
          `Votre rendez-vous prévu le ${formatDateTime(input.previousStartsAt, lang)} est déplacé. Nouveau rendez-vous :`,
          ...detailLines(a, lang),
          'Si ce nouvel horaire ne vous convient pas, vous pouvez le modifier ou l’annuler depuis le lien ci-dessous.',
        ],
        link,
        'Voir mon rendez-vous',
      ),
      sms: fitSms([
        `${BRAND} : votre rendez-vous du ${before} est déplacé au ${long}${mode}. Détails : ${link}`,
        `${BRAND} : rendez-vous déplacé au ${long}${mode}. Détails : ${link}`,
        `${BRAND} : RDV déplacé au ${short}${mode} : ${link}`,
        `${BRAND} : RDV déplacé au ${short} : ${link}`,
      ]),
    };
  }
  return {
    email: email(
      lang,
      `Your appointment has moved to ${short}`,
      [
        greeting(lang, input.clientName),
        `Your appointment planned on ${formatDateTime(input.previousStartsAt, lang)} has moved. New appointment:`,
        ...detailLines(a, lang),
        'If the new time does not suit you, change or cancel it from the link below.',
      ],
      link,
      'View my appointment',
    ),
    sms: fitSms([
      `${BRAND}: your appointment on ${before} has moved to ${long}${mode}. Details: ${link}`,
      `${BRAND}: appointment moved to ${long}${mode}. Details: ${link}`,
      `${BRAND}: appointment moved to ${short}${mode}: ${link}`,
      `${BRAND}: appointment moved to ${short}: ${link}`,
    ]),
  };
}

/** The appointment is cancelled; the link leads to booking another or to the concierge. The reason is never shown. */
export function cancellationMessage(input: Common & { appointment: MessageAppointment }): AppointmentMessage {
  const { lang, appointment: a } = input;
  const link = checkLink(input.link);
  const long = formatDateTime(a.startsAt, lang);
  const short = formatShortDateTime(a.startsAt, lang);
  if (lang === 'fr') {
    return {
      email: email(
        lang,
        `Votre rendez-vous du ${short} est annulé`,
        [greeting(lang, input.clientName), 'Le rendez-vous suivant est annulé :', ...detailLines(a, lang), 'Pour prendre un autre rendez-vous ou nous écrire, utilisez le lien ci-dessous.'],
        link,
        'Prendre un autre rendez-vous',
      ),
      sms: fitSms([
        `${BRAND} : votre rendez-vous du ${long} est annulé. Pour en prendre un autre : ${link}`,
        `${BRAND} : rendez-vous du ${long} annulé. ${link}`,
        `${BRAND} : RDV du ${short} annulé : ${link}`,
      ]),
    };
  }
  return {
    email: email(
      lang,
      `Your appointment on ${short} is cancelled`,
      [greeting(lang, input.clientName), 'The following appointment is cancelled:', ...detailLines(a, lang), 'To book another appointment or write to us, use the link below.'],
      link,
      'Book another appointment',
    ),
    sms: fitSms([
      `${BRAND}: your appointment on ${long} is cancelled. To book another one: ${link}`,
      `${BRAND}: appointment on ${long} cancelled. ${link}`,
      `${BRAND}: appointment ${short} cancelled: ${link}`,
    ]),
  };
}

/** Several slots offered (held until `expiresAt`); the client picks one from the link. */
export function proposalMessage(input: Common & { slots: readonly MessageAppointment[]; expiresAt: Date }): AppointmentMessage {
  const { lang } = input;
  const link = checkLink(input.link);
  const slots = sortByStart(input.slots);
  const n = slots.length;
  const until = formatShortDateTime(input.expiresAt, lang);
  const untilLong = formatDateTime(input.expiresAt, lang);
  if (lang === 'fr') {
    const what = n === 1 ? 'un créneau de rendez-vous vous est proposé' : `${n} créneaux de rendez-vous vous sont proposés`;
    return {
      email: email(
        lang,
        n === 1 ? 'Un créneau de rendez-vous vous est proposé' : 'Des créneaux de rendez-vous vous sont proposés',
        [
          greeting(lang, input.clientName),
          n === 1 ? 'Nous vous proposons ce créneau :' : 'Nous vous proposons ces créneaux :',
          ...slots.map((s) => summaryLine(s, lang)),
          `Choisissez depuis le lien ci-dessous avant le ${untilLong} ; passé ce délai, ${n === 1 ? 'il est libéré' : 'ils sont libérés'}.`,
        ],
        link,
        n === 1 ? 'Voir le créneau' : 'Choisir un créneau',
      ),
      sms: fitSms([
        `${BRAND} : ${what}, à choisir avant le ${until} : ${link}`,
        `${BRAND} : ${n} créneau${n === 1 ? '' : 'x'} proposé${n === 1 ? '' : 's'}, avant le ${until} : ${link}`,
        `${BRAND} : créneaux proposés : ${link}`,
      ]),
    };
  }
  const what = n === 1 ? 'an appointment time is offered to you' : `${n} appointment times are offered to you`;
  return {
    email: email(
      lang,
      n === 1 ? 'An appointment time is offered to you' : 'Appointment times are offered to you',
      [
        greeting(lang, input.clientName),
        n === 1 ? 'We can offer you this time:' : 'We can offer you these times:',
        ...slots.map((s) => summaryLine(s, lang)),
        `Choose from the link below before ${untilLong}; after that, ${n === 1 ? 'it is' : 'they are'} released.`,
      ],
      link,
      n === 1 ? 'View the time' : 'Choose a time',
    ),
    sms: fitSms([
      `${BRAND}: ${what}, choose before ${until}: ${link}`,
      `${BRAND}: ${n} time${n === 1 ? '' : 's'} offered, before ${until}: ${link}`,
      `${BRAND}: times offered: ${link}`,
    ]),
  };
}

/** From the waiting list: an earlier slot freed up, held for the client until `expiresAt`. */
export function waitlistOfferMessage(input: Common & { appointment: MessageAppointment; expiresAt: Date }): AppointmentMessage {
  const { lang, appointment: a } = input;
  const link = checkLink(input.link);
  const long = formatDateTime(a.startsAt, lang);
  const short = formatShortDateTime(a.startsAt, lang);
  const until = formatShortDateTime(input.expiresAt, lang);
  const mode = smsMode(a, lang);
  if (lang === 'fr') {
    return {
      email: email(
        lang,
        `Un créneau s’est libéré le ${short}`,
        [
          greeting(lang, input.clientName),
          'Vous êtes sur liste d’attente : un créneau plus tôt s’est libéré.',
          ...detailLines(a, lang),
          `Il vous est réservé jusqu’au ${formatDateTime(input.expiresAt, lang)}. Acceptez-le ou refusez-le depuis le lien ci-dessous ; sans réponse, il sera proposé à quelqu’un d’autre.`,
        ],
        link,
        'Répondre',
      ),
      sms: fitSms([
        `${BRAND} : un créneau plus tôt s’est libéré, ${long}${mode}. Réservé pour vous jusqu’au ${until} : ${link}`,
        `${BRAND} : créneau libéré ${long}${mode}, réponse avant le ${until} : ${link}`,
        `${BRAND} : créneau libéré ${short}, avant le ${until} : ${link}`,
        `${BRAND} : créneau libéré ${short} : ${link}`,
      ]),
    };
  }
  return {
    email: email(
      lang,
      `An earlier time is available: ${short}`,
      [
        greeting(lang, input.clientName),
        'You are on the waiting list: an earlier time has become available.',
        ...detailLines(a, lang),
        `It is held for you until ${formatDateTime(input.expiresAt, lang)}. Accept or decline it from the link below; without an answer, it will be offered to someone else.`,
      ],
      link,
      'Answer',
    ),
    sms: fitSms([
      `${BRAND}: an earlier time is available, ${long}${mode}. Held for you until ${until}: ${link}`,
      `${BRAND}: time available ${long}${mode}, answer before ${until}: ${link}`,
      `${BRAND}: time available ${short}, answer before ${until}: ${link}`,
      `${BRAND}: time available ${short}: ${link}`,
    ]),
  };
}
