import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  buildChecklist,
  defaultPreparationTemplates,
  effectiveTemplates,
  needsMedicalAccess,
  packExpiry,
  packState,
  pickTemplate,
  snapshot,
  TEMPLATE_CODE,
  type Template,
} from './domain.ts';
import { packMail } from './mail.ts';

const defaults = defaultPreparationTemplates();
const place = { name: 'Cabinet du Marais', street: '12 rue de Turenne', postalCode: '75004', city: 'Paris', accessible: true };
const section = (c: ReturnType<typeof buildChecklist>, kind: string) => c.sections.find((s) => s.kind === kind);

test('the defaults cover the usual visit types, in French and English, with the French essentials', () => {
  const codes = defaults.map((t) => t.typeCode);
  for (const code of ['default', 'first_visit', 'follow_up', 'teleconsultation', 'exam', 'blood_test', 'imaging']) assert.ok(codes.includes(code), code);
  for (const t of defaults) {
    assert.match(t.typeCode, TEMPLATE_CODE);
    assert.equal(t.bringFr.length, t.bringEn.length, `${t.typeCode}: one English line per French line`);
    assert.ok(t.instructionsEn.trim(), t.typeCode);
  }
  const byCode = (code: string) => defaults.find((t) => t.typeCode === code) as Template;
  const fallback = byCode('default');
  assert.ok(fallback.bringFr.some((l) => l.startsWith('Carte Vitale')));
  assert.ok(fallback.bringFr.some((l) => l.startsWith('Carte de mutuelle')));
  assert.ok(fallback.bringFr.some((l) => /ordonnance/i.test(l)));
  assert.ok(fallback.bringFr.some((l) => /résultats/i.test(l)));
  assert.ok(fallback.bringFr.some((l) => /traitements/i.test(l)));
  assert.match(fallback.instructionsFr, /Arrivez 15 min en avance/);
  assert.match(byCode('blood_test').instructionsFr, /à jeun depuis 12 h/);
});

test('template choice: own code, then its usual alias, then teleconsultation for a remote visit, then default', () => {
  const all = effectiveTemplates([]);
  assert.equal(pickTemplate(all, 'blood_test', 'in_person').typeCode, 'blood_test');
  assert.equal(pickTemplate(all, 'first', 'in_person').typeCode, 'first_visit', 'the agendas call a first visit "first"');
  assert.equal(pickTemplate(all, 'followup', 'in_person').typeCode, 'follow_up');
  assert.equal(pickTemplate(all, 'video_followup', 'teleconsultation').typeCode, 'teleconsultation');
  assert.equal(pickTemplate(all, 'osteopathy', 'in_person').typeCode, 'default');
  // The team's row wins over the built-in default; an inactive one hands over to `default`.
  const custom: Template = { typeCode: 'blood_test', label: 'Bilan', bringFr: ['Ordonnance'], bringEn: [], instructionsFr: 'À jeun 8 h.', instructionsEn: '', active: true };
  const withCustom = effectiveTemplates([custom]);
  assert.equal(pickTemplate(withCustom, 'blood_test', 'in_person').instructionsFr, 'À jeun 8 h.');
  assert.equal(withCustom.find((t) => t.typeCode === 'blood_test')?.source, 'custom');
  assert.equal(pickTemplate(effectiveTemplates([{ ...custom, active: false }]), 'blood_test', 'in_person').typeCode, 'default');
  // A new code of the team's own is listed, not built in.
  const own = effectiveTemplates([{ ...custom, typeCode: 'osteopathy', label: 'Ostéopathie' }]).find((t) => t.typeCode === 'osteopathy');
  assert.deepEqual([own?.source, own?.builtIn], ['custom', false]);
  assert.equal(effectiveTemplates([])[0]?.typeCode, 'default', 'default is listed first');
});

test('in-person checklist: address with access, documents and instructions in the client’s language', () => {
  const fr = buildChecklist({ lang: 'fr', mode: 'in_person', place, template: pickTemplate(defaults, 'blood_test', 'in_person') });
  assert.equal(fr.templateCode, 'blood_test');
  assert.deepEqual(section(fr, 'where')?.items, ['Cabinet du Marais, 12 rue de Turenne, 75004 Paris', 'Accès de plain-pied ou adapté aux personnes à mobilité réduite.']);
  assert.ok(section(fr, 'bring')?.items.includes('Ordonnance du bilan sanguin'));
  assert.match(section(fr, 'instructions')?.items[0] ?? '', /^Venez à jeun depuis 12 h/);
  assert.equal(section(fr, 'instructions')?.items.length, 3, 'one item per line of instructions');

  const en = buildChecklist({ lang: 'en', mode: 'in_person', place: { ...place, accessible: false }, template: pickTemplate(defaults, 'blood_test', 'in_person') });
  assert.equal(en.lang, 'en');
  assert.match(section(en, 'where')?.items[1] ?? '', /^Not wheelchair accessible/);
  assert.ok(section(en, 'bring')?.items.includes('Prescription for the blood test'));
  assert.match(section(en, 'instructions')?.items[0] ?? '', /^Come fasting for 12 hours/);

  const unknown = buildChecklist({ lang: 'fr', mode: 'in_person', place: { ...place, accessible: null }, template: defaults[0] as Template });
  assert.match(section(unknown, 'where')?.items[1] ?? '', /^Accessibilité non renseignée/);
  const noPlace = buildChecklist({ lang: 'fr', mode: 'in_person', place: null, template: defaults[0] as Template });
  assert.deepEqual(section(noPlace, 'where')?.items, ['Adresse : votre conseiller vous la confirmera.']);
});

test('teleconsultation checklist: a link will be sent, test the camera; no address', () => {
  const c = buildChecklist({ lang: 'fr', mode: 'teleconsultation', place, template: pickTemplate(defaults, 'teleconsultation', 'teleconsultation') });
  const where = section(c, 'where')?.items ?? [];
  assert.match(where[0] ?? '', /un lien vous sera envoyé/);
  assert.match(where[1] ?? '', /Testez votre caméra/);
  assert.ok(!where.some((l) => l.includes('Turenne')), 'no address for a remote visit');
  const en = buildChecklist({ lang: 'en', mode: 'teleconsultation', place: null, template: pickTemplate(defaults, 'teleconsultation', 'teleconsultation') });
  assert.match(section(en, 'where')?.items[1] ?? '', /^Test your camera/);
});

test('a template without English lines falls back to French (and says so), empty sections are left out', () => {
  const t: Template = { typeCode: 'osteopathy', label: 'Ostéopathie', bringFr: ['Tenue souple', '  '], bringEn: [], instructionsFr: '', instructionsEn: '', active: true };
  const c = buildChecklist({ lang: 'en', mode: 'in_person', place, template: t });
  assert.deepEqual(section(c, 'bring'), { kind: 'bring', lang: 'fr', items: ['Tenue souple'] });
  assert.equal(section(c, 'instructions'), undefined);
  assert.equal(section(c, 'where')?.lang, 'en');
});

test('packs: medical items need an advisor; the link lives until a week after the appointment; revocation wins', () => {
  assert.ok(needsMedicalAccess(['note', 'allergies']));
  assert.ok(!needsMedicalAccess(['note']));
  const end = new Date('2026-12-01T10:00:00Z');
  const expires = packExpiry(end);
  assert.equal(expires.toISOString(), '2026-12-08T10:00:00.000Z');
  assert.equal(packState({ expiresAt: expires, revokedAt: null }, new Date('2026-12-08T09:59:59Z')), 'active');
  assert.equal(packState({ expiresAt: expires, revokedAt: null }, expires), 'expired');
  assert.equal(packState({ expiresAt: expires, revokedAt: new Date('2026-11-30T00:00:00Z') }, new Date('2026-11-30T01:00:00Z')), 'revoked');
  const medical = { allergies: ['pénicilline'], treatments: ['bisoprolol'], history: 'Fibrillation atriale' };
  assert.deepEqual(snapshot('allergies', medical, ''), { kind: 'allergies', items: ['pénicilline'] });
  assert.deepEqual(snapshot('history', medical, ''), { kind: 'history', text: 'Fibrillation atriale' });
  assert.deepEqual(snapshot('note', null, 'Patient anxieux'), { kind: 'note', text: 'Patient anxieux' });
  const copy = snapshot('treatments', medical, '');
  medical.treatments.push('apixaban');
  assert.deepEqual(copy, { kind: 'treatments', items: ['bisoprolol'] }, 'a copy, not a reference');
});

test('the practitioner’s e-mail: date, time and link only', () => {
  const m = packMail({ startsAt: new Date('2026-03-30T07:30:00Z'), expiresAt: new Date('2026-04-06T08:00:00Z'), link: 'https://parcours.test/dossier-rdv/abc' });
  assert.equal(m.subject, 'Documents pour votre rendez-vous du 30/03 à 9 h 30');
  assert.match(m.text, /lundi 30 mars à 9 h 30/);
  assert.match(m.text, /https:\/\/parcours\.test\/dossier-rdv\/abc/);
  assert.match(m.html, /href="https:\/\/parcours\.test\/dossier-rdv\/abc"/);
  assert.throws(() => packMail({ startsAt: new Date(), expiresAt: new Date(), link: 'javascript:alert(1)' }), RangeError);
});
