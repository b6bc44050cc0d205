import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEvent, effectiveRetention, retentionRules, whenText } from './domain.ts';

const now = new Date('2026-11-24T12:00:00Z');
const at = new Date('2026-11-24T09:02:00Z'); // 10:02 in Paris (winter time)
const event = (action: string, extra: Partial<{ outcome: string; details: Record<string, unknown> }> = {}) => ({ action, outcome: 'success', occurredAt: at, targetType: 'document', details: null, ...extra });

test('an access reads as a plain French sentence, in Paris time', () => {
  const dr = { kind: 'practitioner' as const, name: 'Dr Claire KLEIN' };
  assert.equal(describeEvent(event('records.document_read'), dr, 'Résultats sanguins', now, 'fr'), 'Dr Claire KLEIN a consulté "Résultats sanguins" le 24/11 à 10:02');
  assert.equal(describeEvent(event('records.document_read', { details: { disposition: 'attachment' } }), dr, 'Résultats sanguins', now, 'en'), 'Dr Claire KLEIN downloaded "Résultats sanguins" on 24/11 at 10:02');
  assert.equal(
    describeEvent(event('records.access_denied', { outcome: 'denied', details: { documentType: 'prescription' } }), dr, null, now, 'fr'),
    'Dr Claire KLEIN s’est vu refuser l’accès à vos ordonnances (aucun consentement en cours) le 24/11 à 10:02',
  );
  assert.equal(describeEvent(event('client.read'), { kind: 'team', name: 'Marie Dupont' }, null, now, 'fr'), 'L’équipe Parcours (Marie Dupont) a consulté votre fiche le 24/11 à 10:02');
  assert.equal(describeEvent(event('consent.granted'), { kind: 'self', name: null }, null, now, 'fr'), 'Vous avez enregistré un accès à votre dossier le 24/11 à 10:02');
  assert.match(describeEvent(event('something.new'), { kind: 'system', name: null }, null, now, 'fr'), /^Parcours \(traitement automatique\) a effectué une opération/);
  assert.match(describeEvent(event('records.document_read'), dr, null, now, 'fr'), /a consulté un document le/, 'a deleted document has no title any more');
});

test('the year shows when it is not the current one; summer time is followed', () => {
  assert.equal(whenText(new Date('2025-07-01T08:00:00Z'), now, 'fr'), 'le 01/07/2025 à 10:00');
});

test('retention: defaults from DESIGN §9 unless the admin saved another period', () => {
  assert.equal(retentionRules.client_file.days, 20 * 365 + 5, '5 years active + 15 archived');
  assert.deepEqual(effectiveRetention([{ kind: 'messages', days: 90 }, { kind: 'unknown', days: 1 }]), { client_file: 7305, messages: 90, sessions: 90 });
});
