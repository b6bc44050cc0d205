/** Demo clients and requests: a living queue at first start. Every person here is invented. */
import type { Actor } from '../modules/audit/domain.ts';
import { system } from '../modules/audit/domain.ts';
import { nirKey } from '../modules/clients/domain.ts';
import { type ClientInput, type Medical, registerClient, setUsualPharmacy } from '../modules/clients/service.ts';
import { searchProviders } from '../modules/directory/store.ts';
import { updateAccount } from '../modules/identity/service.ts';
import { findUserByEmail } from '../modules/identity/store.ts';
import * as requests from '../modules/requests/service.ts';
import type { AppContext } from '../platform/context.ts';

const nir = (body: string) => `${body}${String(nirKey(body)).padStart(2, '0')}`;

type DemoClient = ClientInput & { medical?: Medical };
const demoClients: DemoClient[] = [
  {
    birthName: 'Fontaine', firstNames: ['Marguerite', 'Louise'], birthDate: '1948-02-11', sex: 'F', birthplaceCode: '69123', identityStatus: 'VALI',
    identityDocument: { type: 'id_card' }, phone: '06 10 20 30 40', email: 'marguerite.fontaine@exemple.fr',
    address: { line1: '8 quai Saint-Vincent', line2: null, postalCode: '69001', city: 'Lyon', country: 'France' },
    trustedPerson: { name: 'Hugo Fontaine', relation: 'fils', phone: '06 11 22 33 44', email: null },
    gp: { name: 'Dr Claire Besson', phone: '04 72 00 00 01', rpps: null },
    insurance: { nir: nir('2480269123055'), amoScheme: 'general', amoFund: 'CPAM du Rhône', mutuelle: { organism: 'Mutuelle des Tilleuls', contractNumber: 'TL-20931', coverage: '300 %' } },
    medical: { allergies: ['pénicilline'], treatments: ['bisoprolol 2,5 mg', 'apixaban 5 mg'], history: 'Fibrillation atriale (2019). Prothèse de hanche droite (2021).' },
  },
  {
    birthName: 'Benali', firstNames: ['Yanis'], birthDate: '1985-09-23', sex: 'M', birthplaceCode: '13055', phone: '07 61 23 45 67', email: 'yanis.benali@exemple.fr',
    address: { line1: '14 rue Oberkampf', line2: null, postalCode: '75011', city: 'Paris', country: 'France' },
    insurance: { nir: nir('1850913055214'), amoScheme: 'general', amoFund: 'CPAM des Bouches-du-Rhône' },
    medical: { allergies: ['latex'], treatments: [], history: 'Entorse de cheville (2018).' },
  },
  {
    birthName: 'Rossi', firstNames: ['Chiara'], usedName: 'Lambert', birthDate: '1992-05-30', sex: 'F', birthplaceCode: '99127', phone: '+39 347 123 4567', preferredLanguage: 'en',
    email: 'chiara.lambert@exemple.fr', address: { line1: '3 rue Lecourbe', line2: null, postalCode: '75015', city: 'Paris', country: 'France' },
    insurance: { nir: nir('2920599127031'), amoScheme: 'general', amoFund: 'CPAM de Paris', mutuelle: { organism: 'Mutuelle Horizon', contractNumber: 'H-5521', coverage: '200 %' } },
  },
  {
    birthName: 'Martin', firstNames: ['Léa'], birthDate: '2021-06-02', sex: 'F', birthplaceCode: '33063', phone: '06 55 44 33 22',
    trustedPerson: { name: 'Sophie Martin', relation: 'mère', phone: '06 55 44 33 22', email: 'sophie.martin@exemple.fr' },
  },
  {
    birthName: 'Da Silva', firstNames: ['Antonio', 'José'], birthDate: '1961-12-08', sex: 'M', birthplaceCode: '2A004', identityStatus: 'VALI', identityDocument: { type: 'passport' },
    phone: '06 98 76 54 32', insurance: { nir: nir('161122A004117'), amoScheme: 'agricultural', amoFund: 'MSA Corse' },
  },
];

const demoRequests: { client: number; channel: 'phone' | 'email' | 'portal' | 'public_form'; kind: requests.NewRequest['kind']; text: string; requester?: string; after?: 'qualify' | 'assign' | 'search' }[] = [
  { client: 1, channel: 'phone', kind: 'specialist', text: "J'ai un grain de beauté dans le dos qui a changé de forme et de couleur depuis quelques mois.", after: 'assign' },
  { client: 3, channel: 'phone', kind: 'specialist', text: 'Ma fille de 5 ans a de la fièvre à 39 depuis hier soir et se plaint de mal aux oreilles.', requester: 'sa mère' },
  { client: 0, channel: 'email', kind: 'exam', text: 'Mon cardiologue demande une échographie cardiaque de contrôle dans les deux mois.', after: 'search' },
  { client: 2, channel: 'portal', kind: 'teleconsultation', text: "Je me sens épuisée, je dors mal depuis des semaines et j'ai perdu l'envie de tout.", after: 'qualify' },
  { client: 4, channel: 'phone', kind: 'specialist', text: 'Douleur au genou droit quand je monte les escaliers, depuis trois mois.' },
  { client: 1, channel: 'email', kind: 'admin_help', text: 'Je voudrais un devis pour une couronne dentaire et savoir ce que rembourse la mutuelle.' },
];

/** Adds the demo clients and their requests once (skips when any client exists). */
export async function seedJourney(ctx: AppContext): Promise<number> {
  if ((await ctx.db.query.clients.findFirst({ columns: { id: true } })) !== undefined) return 0;
  const advisor = await findUserByEmail(ctx.db, 'conseil@parcours.demo');
  const coordinator = await findUserByEmail(ctx.db, 'coordination@parcours.demo');
  const staff: Actor = advisor ? { id: advisor.id, email: advisor.email, role: advisor.role, ip: null, userAgent: 'parcours seed --demo' } : system;
  const ids: string[] = [];
  for (const c of demoClients) ids.push((await registerClient(ctx, { ...c, confirmNotDuplicate: true }, staff)).id);
  // The demo client account acts for Yanis Benali's record in the portal.
  const clientAccount = await findUserByEmail(ctx.db, 'client@parcours.demo');
  if (clientAccount) await updateAccount(ctx, clientAccount.id, { clientId: ids[1] as string }, system);
  for (const r of demoRequests) {
    const row = await requests.createRequest(ctx, { clientId: ids[r.client] as string, channel: r.channel, kind: r.kind, text: r.text, requester: r.requester }, staff);
    if (r.after) await requests.decideTriage(ctx, row.id, { urgency: row.urgency as 'routine', specialty: row.specialty ?? 'general-practice' }, staff);
    if ((r.after === 'assign' || r.after === 'search') && coordinator) await requests.assign(ctx, row.id, coordinator.id, staff);
    if (r.after === 'search') await requests.changeStatus(ctx, row.id, 'searching', undefined, staff);
  }
  return demoClients.length;
}

/**
 * The demo clients' usual pharmacy: the demo pharmacy of their postal code (the directory is seeded
 * after the clients). Clients without an address keep none, so the follow-up step shows both cases.
 * Once: does nothing when any client already has a pharmacy.
 */
export async function seedClientPharmacies(ctx: AppContext): Promise<number> {
  if ((await ctx.db.query.clients.findFirst({ columns: { id: true }, where: (c, { isNotNull }) => isNotNull(c.pharmacyId) })) !== undefined) return 0;
  const pharmacies = await searchProviders(ctx.db, { kind: 'pharmacy', limit: 100 });
  const advisor = await findUserByEmail(ctx.db, 'conseil@parcours.demo');
  const staff: Actor = advisor ? { id: advisor.id, email: advisor.email, role: advisor.role, ip: null, userAgent: 'parcours seed --demo' } : system;
  let count = 0;
  for (const client of await ctx.db.query.clients.findMany({ columns: { id: true, address: true } })) {
    const pharmacy = client.address ? pharmacies.find((p) => p.active && p.postalCode === client.address?.postalCode) : undefined;
    if (pharmacy && (await setUsualPharmacy(ctx, client.id, pharmacy.id, staff, 'seed'))) count++;
  }
  return count;
}
