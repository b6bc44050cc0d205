/**
 * Demo directory: 68 invented practitioners across specialties and cities (in the national
 * extract's format), what the team knows about some of them (partners checked, fees, languages,
 * reviews), and providers. Coordinates come from a table of town centres: the demo runs offline.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { eq } from 'drizzle-orm';
import { system } from '../modules/audit/domain.ts';
import { importRpps } from '../modules/directory/import.ts';
import { practicePlaces, providers } from '../modules/directory/schema.ts';
import { addReview, createProvider, type ProviderInput, recordVerification, updatePlace, updateTeamFields } from '../modules/directory/service.ts';
import { searchPractitioners } from '../modules/directory/store.ts';
import type { AppContext } from '../platform/context.ts';

/** Approximate centres of the demo towns (public knowledge), by postal code. */
export const demoTownCentres: Record<string, [number, number]> = {
  '75005': [48.8462, 2.3447],
  '75008': [48.8727, 2.3125],
  '75011': [48.8590, 2.3790],
  '75015': [48.8412, 2.3003],
  '75017': [48.8835, 2.3219],
  '75020': [48.8638, 2.3985],
  '77100': [48.9601, 2.8788],
  '78000': [48.8049, 2.1204],
  '92100': [48.8397, 2.2399],
  '92200': [48.8846, 2.2697],
  '93200': [48.9362, 2.3574],
  '94300': [48.8474, 2.4392],
  '69001': [45.7676, 4.8344],
  '69003': [45.7597, 4.8490],
  '13006': [43.2870, 5.3800],
  '31000': [43.6045, 1.4440],
  '33000': [44.8378, -0.5792],
  '44000': [47.2184, -1.5536],
  '59000': [50.6292, 3.0573],
  '67000': [48.5734, 7.7521],
};

/** A stable offset of up to ~600 m so that places of one town do not sit on one point. */
export function demoPoint(postalCode: string, key: string): { latitude: number; longitude: number } | null {
  const centre = demoTownCentres[postalCode];
  if (!centre) return null;
  const h = createHash('sha256').update(key).digest();
  const jitter = (b: number) => ((h[b] as number) / 255 - 0.5) * 0.011;
  return { latitude: centre[0] + jitter(0), longitude: centre[1] + jitter(1) };
}

const demoProviders: ProviderInput[] = [
  { kind: 'clinic', name: 'Clinique des Tilleuls', finess: '750000019', street: '15 rue des Tilleuls', postalCode: '75020', city: 'Paris', phone: '+33140000101', services: ['chirurgie ambulatoire', 'dermatologie opératoire'], networkStatus: 'partner', teamNotes: 'Contact : accueil des admissions, demander le service ambulatoire.' },
  { kind: 'hospital', name: 'Hôpital Saint-Exemple', finess: '750000027', street: '1 place de l’Exemple', postalCode: '75015', city: 'Paris', phone: '+33140000102', services: ['urgences', 'cardiologie', 'maternité'] },
  { kind: 'laboratory', name: 'Laboratoire BioVoltaire', finess: '750000035', street: '80 boulevard Voltaire', postalCode: '75011', city: 'Paris', phone: '+33140000103', services: ['prises de sang sans rendez-vous', 'résultats en ligne'], networkStatus: 'partner' },
  { kind: 'imaging', name: 'Centre d’imagerie République', finess: '750000043', street: '5 avenue de la République', postalCode: '75011', city: 'Paris', phone: '+33140000104', services: ['IRM', 'scanner', 'échographie', 'mammographie'] },
  { kind: 'pharmacy', name: 'Pharmacie du Marché', finess: '750000050', street: '2 rue du Marché', postalCode: '75011', city: 'Paris', phone: '+33140000105', services: ['livraison à domicile', 'préparations'] },
  { kind: 'pharmacy', name: 'Pharmacie Lecourbe', finess: '750000068', street: '40 rue Lecourbe', postalCode: '75015', city: 'Paris', phone: '+33140000111', services: ['ouverte le dimanche', 'anglais et italien parlés'] },
  { kind: 'pharmacy', name: 'Pharmacie des Terreaux', finess: '690000020', street: '3 place des Terreaux', postalCode: '69001', city: 'Lyon', phone: '+33400000112', services: ['livraison à domicile', 'pilulier préparé'] },
  { kind: 'taxi', name: 'Taxi Horizon conventionné', street: '10 rue de Lyon', postalCode: '75011', city: 'Paris', phone: '+33600000106', services: ['taxi conventionné CPAM', 'véhicule PMR'], networkStatus: 'partner' },
  { kind: 'vsl', name: 'VSL Vieux-Port', street: '4 quai du Port', postalCode: '13006', city: 'Marseille', phone: '+33600000107', services: ['véhicule sanitaire léger'] },
  { kind: 'ambulance', name: 'Ambulances du Rhône', finess: '690000012', street: '30 cours Lafayette', postalCode: '69003', city: 'Lyon', phone: '+33400000108', services: ['transport allongé', 'urgences 24 h/24'] },
  { kind: 'lodging', name: 'Hôtel patients Les Berges', street: '12 quai Saint-Vincent', postalCode: '69001', city: 'Lyon', phone: '+33400000109', services: ['chambre PMR', 'tarif accompagnant', 'navette hôpital'] },
  { kind: 'lodging', name: 'Maison des familles Montparnasse', street: '6 rue de Vaugirard', postalCode: '75015', city: 'Paris', phone: '+33140000110', services: ['hébergement des proches', 'cuisine partagée'] },
];

export async function seedDirectory(ctx: AppContext): Promise<number> {
  if ((await ctx.db.query.practitioners.findFirst({ columns: { id: true } })) !== undefined) return 0;
  const seeder = { ...system, email: 'parcours seed --demo' };
  const summary = await importRpps(ctx, createReadStream(new URL('./demo/annuaire-demo.txt', import.meta.url)), seeder);

  // Coordinates of the demo places, from the table above (a real install asks the national address API).
  for (const pl of await ctx.db.select().from(practicePlaces)) {
    const point = pl.postalCode ? demoPoint(pl.postalCode, pl.id) : null;
    if (point) await ctx.db.update(practicePlaces).set({ ...point, geocodeSource: 'demo' }).where(eq(practicePlaces.id, pl.id));
  }

  // What the team knows beyond the national directory: partners (checked), sectors, fees, languages.
  const [advisor] = await ctx.db.query.users.findMany({ where: (u, { eq }) => eq(u.email, 'conseil@parcours.demo'), limit: 1 });
  const staff = advisor ? { ...seeder, id: advisor.id, email: advisor.email, role: advisor.role } : null;
  const derm = await searchPractitioners(ctx.db, { specialty: 'dermatology', limit: 50 });
  const team: Record<string, Parameters<typeof updateTeamFields>[2] & { accessible?: boolean; check?: number; reviews?: number[] }> = {
    KLEIN: { languages: ['en'], sector: '1', teleconsultation: true, acceptsNewPatients: true, fees: { first: 3000, followup: 3000, teleconsultation: 3000 }, teamNotes: 'Partenaire : créneaux réservés le jeudi.', accessible: true, check: 12, reviews: [5, 4] },
    NGUYEN: { languages: ['en', 'vi'], sector: 'optam', teleconsultation: true, acceptsNewPatients: true, fees: { first: 5000, followup: 4000 }, accessible: true, check: 1, reviews: [5] },
    FABRE: { languages: ['en', 'de'], sector: '2', acceptsNewPatients: true, fees: { first: 9000, followup: 7000 }, teamNotes: 'Dépassements importants : vérifier la mutuelle du client.', reviews: [3] },
    DIALLO: { languages: ['en', 'wo'], sector: '1', teleconsultation: true, acceptsNewPatients: true, fees: { first: 3000 }, accessible: false },
    SCHNEIDER: { languages: ['de'], sector: '2', acceptsNewPatients: true, fees: { first: 7000 } },
    LEROUX: { languages: ['en', 'es'], sector: 'optam', acceptsNewPatients: true, fees: { first: 4500 }, accessible: true, check: 12 },
    HADDAD: { languages: ['ar'], sector: '1', acceptsNewPatients: true, fees: { first: 3000 }, reviews: [4, 5, 4] },
    'DE LA ROCHE': { languages: ['en'], sector: 'non_conventionne', acceptsNewPatients: true, fees: { first: 15000 } },
    PERRIN: { sector: '1', acceptsNewPatients: false },
  };
  for (const p of derm) {
    const extra = team[p.lastName];
    if (!extra) continue;
    const { accessible, check, reviews, ...fields } = extra;
    if (staff && check) {
      await recordVerification(ctx, p.id, { rppsChecked: true, licenceChecked: true, certifications: 'Dermoscopie (DIU)', evidence: 'Annuaire Santé consulté, attestation d’inscription à l’Ordre reçue par e-mail.', validMonths: check }, staff);
      fields.networkStatus = 'partner';
    }
    await updateTeamFields(ctx, p.id, fields, seeder);
    const place = (await ctx.db.select().from(practicePlaces).where(eq(practicePlaces.practitionerId, p.id)))[0];
    if (place && accessible !== undefined) await updatePlace(ctx, p.id, place.id, { accessible }, seeder);
    if (staff) for (const rating of reviews ?? []) await addReview(ctx, { practitionerId: p.id }, { rating, comment: rating >= 4 ? 'Très à l’écoute, compte rendu envoyé rapidement.' : 'Délais de réponse longs au secrétariat.' }, staff);
  }

  for (const input of demoProviders) {
    const provider = await createProvider(ctx, input, seeder);
    const point = demoPoint(input.postalCode, provider.id);
    if (point) await ctx.db.update(providers).set({ ...point, geocodeSource: 'demo' }).where(eq(providers.id, provider.id));
    if (staff && input.networkStatus === 'partner') await addReview(ctx, { providerId: provider.id }, { rating: 5, comment: 'Ponctuel et arrangeant.' }, staff);
  }
  return summary.added;
}
