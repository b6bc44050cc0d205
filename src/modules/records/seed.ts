/**
 * Demo medical file (fake data): Yanis Benali — the demo portal account's record — has a few
 * documents, a series of measurements with one potassium above range (an open alert for the
 * coordinator), and a team consent so the team can see it. Idempotent.
 */
import { eq } from 'drizzle-orm';
import { system } from '../audit/domain.ts';
import { findUserByEmail } from '../identity/store.ts';
import type { AppContext } from '../../platform/context.ts';
import { minimalPdf, tinyPng } from './pdf.ts';
import { consents, documents } from './schema.ts';
import { addDocument, addObservation } from './service.ts';

export async function seedRecords(ctx: AppContext): Promise<void> {
  const portal = await findUserByEmail(ctx.db, 'client@parcours.demo');
  const clientId = portal?.clientId;
  if (!clientId) return;
  if ((await ctx.db.select({ id: documents.id }).from(documents).where(eq(documents.clientId, clientId)).limit(1)).length) return;
  const coordinator = await findUserByEmail(ctx.db, 'coordination@parcours.demo');
  const staff = coordinator ? { ...system, id: coordinator.id, email: coordinator.email, role: coordinator.role } : system;
  const day = (daysAgo: number) => new Date(ctx.now().getTime() - daysAgo * 86_400_000);
  const date = (daysAgo: number) => day(daysAgo).toISOString().slice(0, 10);

  await ctx.db.insert(consents).values({
    clientId,
    granteeType: 'team',
    purpose: 'Coordination de mes soins par la conciergerie (démo)',
    channel: 'in_person',
    recordedById: coordinator?.id ?? null,
    instruction: 'Consentement recueilli lors du rendez-vous d’accueil (démo).',
    startsAt: day(60),
  });
  const martin = await findUserByEmail(ctx.db, 'dr.martin@parcours.demo');
  if (martin?.practitionerId) {
    await ctx.db.insert(consents).values({ clientId, granteeType: 'practitioner', practitionerId: martin.practitionerId, documentTypes: ['result', 'report'], purpose: 'Suivi cardiologique (démo)', channel: 'portal', recordedById: portal.id, endsAt: day(-90) });
  }

  const docs = [
    { type: 'report', title: 'Compte rendu de consultation cardiologique', author: 'Dr Claire KLEIN', daysAgo: 40, lines: ['Compte rendu de consultation', 'Patient : Yanis BENALI (démo)', 'Examen clinique sans particularité.', 'Document fictif de démonstration.'] },
    { type: 'result', title: 'Bilan sanguin (ionogramme, créatinine)', author: 'Laboratoire Bio-Est', daysAgo: 3, lines: ['Résultats d’analyses', 'Potassium : 5,8 mmol/L (3,5 - 5,0)', 'Créatinine : 88 µmol/L (45 - 110)', 'Document fictif de démonstration.'] },
    { type: 'prescription', title: 'Ordonnance — contrôle ionogramme', author: 'Dr Claire KLEIN', daysAgo: 2, lines: ['Ordonnance', 'Ionogramme sanguin à contrôler sous 8 jours.', 'Document fictif de démonstration.'] },
    { type: 'administrative', title: 'Attestation de droits Assurance Maladie', author: null, daysAgo: 90, lines: ['Attestation de droits', 'Document fictif de démonstration.'] },
  ] as const;
  for (const d of docs) {
    await addDocument(ctx, { clientId, type: d.type, title: d.title, author: d.author, documentDate: date(d.daysAgo), fileName: `${d.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 40)}.pdf`, bytes: minimalPdf([...d.lines]), source: 'staff' }, staff);
  }
  await addDocument(ctx, { clientId, type: 'imaging', title: 'Électrocardiogramme (capture)', author: 'Dr Claire KLEIN', documentDate: date(40), fileName: 'ecg.png', bytes: tinyPng(), source: 'staff' }, staff);

  const series: [string, number, number][] = [
    ['systolic', 128, 60],
    ['systolic', 135, 30],
    ['systolic', 132, 7],
    ['diastolic', 82, 60],
    ['diastolic', 86, 30],
    ['diastolic', 84, 7],
    ['weight', 78.4, 60],
    ['weight', 77.6, 30],
    ['weight', 76.9, 7],
    ['glucose', 0.98, 40],
    ['glucose', 1.04, 3],
    ['creatinine', 88, 3],
    ['potassium', 4.6, 40],
    ['potassium', 5.8, 3], // above range: the demo's open alert
  ];
  for (const [code, value, daysAgo] of series) await addObservation(ctx, clientId, { code, value, observedAt: day(daysAgo).toISOString() }, staff);
}
