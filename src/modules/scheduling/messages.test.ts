import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type AppointmentMessage,
  cancellationMessage,
  changeMessage,
  confirmationMessage,
  formatDateTime,
  formatShortDateTime,
  gsm7Length,
  isGsm7,
  type MessageAppointment,
  proposalMessage,
  reminderMessage,
  SMS_MAX_LENGTH,
  toGsm7,
  waitlistOfferMessage,
} from './messages.ts';

const shortLink = 'https://parcours.example.fr/r/Ab12Cd34';
// A 32-byte token in base64url is 43 characters: the longest link we expect in an SMS.
const longLink = `https://parcours.example.fr/r/${'Zx9_'.repeat(10)}Zx9`;

const doctor = 'Dr Jeanne Martin';
const address = '12 rue de la Paix, 75002 Paris';
// Monday 30 March 2026, 9:30 Paris (CEST).
const tele: MessageAppointment = { startsAt: new Date('2026-03-30T07:30:00Z'), mode: 'teleconsultation', address, practitionerName: doctor };
// Wednesday 30 September 2026, 14:00 Paris.
const visit: MessageAppointment = { startsAt: new Date('2026-09-30T12:00:00Z'), mode: 'in_person', address, practitionerName: doctor };
const expiresAt = new Date('2026-03-28T17:00:00Z');

function everyMessage(lang: 'fr' | 'en', link: string): Record<string, AppointmentMessage> {
  return {
    confirmation: confirmationMessage({ lang, link, appointment: tele, clientName: 'Camille' }),
    confirmationVisit: confirmationMessage({ lang, link, appointment: visit }),
    reminder: reminderMessage({ lang, link, appointments: [tele] }),
    reminderTwo: reminderMessage({ lang, link, appointments: [visit, tele] }),
    reminderThree: reminderMessage({ lang, link, appointments: [visit, tele, { ...visit, startsAt: new Date('2026-10-01T08:15:00Z') }] }),
    change: changeMessage({ lang, link, appointment: visit, previousStartsAt: tele.startsAt }),
    cancellation: cancellationMessage({ lang, link, appointment: tele }),
    proposal: proposalMessage({ lang, link, slots: [visit, tele, { ...visit, startsAt: new Date('2026-04-01T12:00:00Z') }], expiresAt }),
    proposalOne: proposalMessage({ lang, link, slots: [visit], expiresAt }),
    waitlist: waitlistOfferMessage({ lang, link, appointment: tele, expiresAt }),
  };
}

test('dates in Europe/Paris, French and English, across DST', () => {
  assert.equal(formatDateTime(tele.startsAt, 'fr'), 'lundi 30 mars à 9 h 30');
  assert.equal(formatDateTime(tele.startsAt, 'en'), 'Monday 30 March at 9:30');
  assert.equal(formatShortDateTime(tele.startsAt, 'fr'), '30/03 à 9 h 30');
  assert.equal(formatShortDateTime(tele.startsAt, 'en'), '30/03 at 9:30');
  assert.equal(formatDateTime(new Date('2026-04-01T12:00:00Z'), 'fr'), 'mercredi 1er avril à 14 h');
  assert.equal(formatDateTime(new Date('2026-04-01T12:00:00Z'), 'en'), 'Wednesday 1 April at 14:00');
  // Winter time: 08:00 UTC is 9:00 in Paris after the fall-back.
  assert.equal(formatDateTime(new Date('2026-10-26T08:00:00Z'), 'fr'), 'lundi 26 octobre à 9 h');
  // 23:30 UTC in winter is 00:30 the next day in Paris.
  assert.equal(formatShortDateTime(new Date('2026-01-15T23:30:00Z'), 'fr'), '16/01 à 0 h 30');
});

test('confirmation in French: the subject and SMS carry only the date, time and link', () => {
  const m = confirmationMessage({ lang: 'fr', link: shortLink, appointment: tele, clientName: 'Camille Durand' });
  assert.equal(m.email.subject, 'Votre rendez-vous du 30/03 à 9 h 30');
  assert.match(m.email.text, /^Bonjour Camille Durand,/);
  assert.ok(m.email.text.includes('Date : lundi 30 mars à 9 h 30'));
  assert.ok(m.email.text.includes(`Avec : ${doctor}`), 'the practitioner is named in the e-mail body');
  assert.ok(m.email.text.includes('Téléconsultation'));
  assert.ok(!m.email.text.includes(address), 'a teleconsultation has no address');
  assert.ok(m.email.text.trimEnd().endsWith(`Voir mon rendez-vous : ${shortLink}`));
  assert.ok(m.email.html.includes(`href="${shortLink}"`));
  assert.equal(m.sms.body, `Parcours : rendez-vous confirmé lundi 30 mars à 9 h 30 (téléconsultation). Détails : ${shortLink}`);

  const v = confirmationMessage({ lang: 'fr', link: shortLink, appointment: visit });
  assert.ok(v.email.text.startsWith('Bonjour,'));
  assert.ok(v.email.text.includes(`Adresse : ${address}`));
  assert.ok(!v.sms.body.includes('téléconsultation'));
});

test('English versions', () => {
  const m = everyMessage('en', shortLink);
  assert.equal(m.confirmation!.email.subject, 'Your appointment on 30/03 at 9:30');
  assert.ok(m.confirmation!.email.text.includes('When: Monday 30 March at 9:30'));
  assert.ok(m.confirmationVisit!.email.text.includes(`Address: ${address}`));
  assert.equal(m.reminder!.email.subject, 'Reminder: your appointment on 30/03 at 9:30');
  assert.equal(m.reminderTwo!.email.subject, 'Reminder: your appointments on 30/03 at 9:30 and 30/09 at 14:00');
  assert.equal(m.reminderThree!.email.subject, 'Reminder: your next 3 appointments');
  assert.equal(m.change!.email.subject, 'Your appointment has moved to 30/09 at 14:00');
  assert.ok(m.change!.email.text.includes('Your appointment planned on Monday 30 March at 9:30 has moved'));
  assert.equal(m.cancellation!.email.subject, 'Your appointment on 30/03 at 9:30 is cancelled');
  assert.equal(m.proposal!.email.subject, 'Appointment times are offered to you');
  assert.equal(m.waitlist!.email.subject, 'An earlier time is available: 30/03 at 9:30');
  assert.ok(m.waitlist!.email.text.includes('It is held for you until Saturday 28 March at 18:00.'));
  assert.match(m.cancellation!.sms.body, /^Parcours: your appointment on Monday 30 March at 9:30 is cancelled\./);
  for (const msg of Object.values(m)) {
    assert.match(msg.email.text, /^Hello/);
    assert.ok(!/[àéèêç]/.test(msg.email.subject + msg.sms.body), 'no French left in English');
  }
});

test('French subjects for every kind', () => {
  const m = everyMessage('fr', shortLink);
  assert.equal(m.reminder!.email.subject, 'Rappel : votre rendez-vous du 30/03 à 9 h 30');
  assert.equal(m.reminderTwo!.email.subject, 'Rappel : vos rendez-vous du 30/03 à 9 h 30 et du 30/09 à 14 h');
  assert.equal(m.change!.email.subject, 'Votre rendez-vous est déplacé au 30/09 à 14 h');
  assert.equal(m.cancellation!.email.subject, 'Votre rendez-vous du 30/03 à 9 h 30 est annulé');
  assert.equal(m.proposal!.email.subject, 'Des créneaux de rendez-vous vous sont proposés');
  assert.equal(m.proposalOne!.email.subject, 'Un créneau de rendez-vous vous est proposé');
  assert.equal(m.waitlist!.email.subject, 'Un créneau s’est libéré le 30/03 à 9 h 30');
  // A proposal lists its slots in order, with the deadline.
  const text = m.proposal!.email.text;
  assert.ok(text.indexOf('lundi 30 mars') < text.indexOf('mercredi 1er avril') && text.indexOf('mercredi 1er avril') < text.indexOf('mercredi 30 septembre'));
  assert.ok(text.includes('avant le samedi 28 mars à 18 h'));
  assert.match(m.proposal!.sms.body, /^Parcours : 3 créneaux de rendez-vous vous sont proposés, à choisir avant le 28\/03 à 18 h : https:/);
  // Two reminders in one SMS (one SMS a day) name both.
  assert.ok(m.reminderTwo!.sms.body.includes('30 mars') && m.reminderTwo!.sms.body.includes('30 septembre'));
});

test('every SMS is GSM-7 and fits in 160 characters, with short and long links, in both languages', () => {
  for (const lang of ['fr', 'en'] as const) {
    for (const link of [shortLink, longLink]) {
      for (const [kind, m] of Object.entries(everyMessage(lang, link))) {
        const where = `${lang} ${kind} ${link.length}: ${m.sms.body}`;
        assert.ok(isGsm7(m.sms.body), where);
        assert.ok((gsm7Length(m.sms.body) ?? Infinity) <= SMS_MAX_LENGTH, where);
        assert.ok(m.sms.body.endsWith(link), `the link is whole: ${where}`);
        assert.ok(!m.sms.body.includes('’'), where);
      }
    }
  }
  // The waiting-list SMS has an apostrophe, transliterated for GSM-7.
  const wl = waitlistOfferMessage({ lang: 'fr', link: 'https://p.fr/o/1', appointment: visit, expiresAt });
  assert.ok(wl.sms.body.includes("s'est libéré"), wl.sms.body);
});

test('no health data where it shows on a lock screen: no practitioner or address in subjects and SMS', () => {
  for (const lang of ['fr', 'en'] as const) {
    for (const m of Object.values(everyMessage(lang, shortLink))) {
      for (const s of [m.email.subject, m.sms.body]) {
        assert.ok(!s.includes('Martin'), s);
        assert.ok(!s.includes('rue de la Paix'), s);
        assert.ok(!s.includes('Camille'), s);
      }
    }
  }
});

test('HTML is escaped: names, addresses and links cannot inject markup', () => {
  const evil = '<script>alert("x")</script> Dr O\'Neil & Co';
  const m = confirmationMessage({
    lang: 'fr',
    link: 'https://parcours.example.fr/r/a?b=1&c="2"',
    clientName: '<img src=x onerror=alert(1)>',
    appointment: { ...visit, practitionerName: evil, address: '1 rue <b>du</b> Bac & fils' },
  });
  assert.ok(!m.email.html.includes('<script>'));
  assert.ok(!m.email.html.includes('<img'));
  assert.ok(!m.email.html.includes('<b>du'));
  assert.ok(m.email.html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Dr O&#39;Neil &amp; Co'));
  assert.ok(m.email.html.includes('href="https://parcours.example.fr/r/a?b=1&amp;c=&quot;2&quot;"'));
  assert.ok(m.email.text.includes(evil), 'the text part stays plain');
  assert.ok(!m.sms.body.includes('script'));
});

test('links must be absolute http(s) URLs; lists must not be empty', () => {
  assert.throws(() => confirmationMessage({ lang: 'fr', link: 'javascript:alert(1)', appointment: visit }), RangeError);
  assert.throws(() => confirmationMessage({ lang: 'fr', link: '/r/abc', appointment: visit }), RangeError);
  assert.throws(() => reminderMessage({ lang: 'fr', link: shortLink, appointments: [] }), RangeError);
  assert.throws(() => proposalMessage({ lang: 'en', link: shortLink, slots: [], expiresAt }), RangeError);
  assert.doesNotThrow(() => confirmationMessage({ lang: 'en', link: 'http://localhost:3000/r/abc', appointment: visit }));
});

test('GSM-7 helpers', () => {
  assert.equal(toGsm7('l’août, « ça » — être… naïf'), 'l\'aout, " ca " - etre... naif');
  assert.equal(toGsm7('Élodie, Zoë, à 9\u202Fh\u00A030'), 'Élodie, Zoe, à 9 h 30');
  assert.equal(toGsm7('RDV 😀'), 'RDV ?');
  assert.equal(gsm7Length('abc'), 3);
  assert.equal(gsm7Length('€[]'), 6, 'extension characters count twice');
  assert.equal(gsm7Length('ê'), null);
  assert.ok(isGsm7('téléconsultation à 9 h'));
  assert.ok(!isGsm7('août'));
});
