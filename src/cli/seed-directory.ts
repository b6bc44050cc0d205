/** Demo directory: 51 invented practitioners across specialties and cities, in the national extract's format. */
import { createReadStream } from 'node:fs';
import { system } from '../modules/audit/domain.ts';
import { importRpps } from '../modules/directory/import.ts';
import { searchPractitioners, updatePractitioner } from '../modules/directory/store.ts';
import type { AppContext } from '../platform/context.ts';

export async function seedDirectory(ctx: AppContext): Promise<number> {
  if ((await ctx.db.query.practitioners.findFirst({ columns: { id: true } })) !== undefined) return 0;
  const summary = await importRpps(ctx, createReadStream(new URL('./demo/annuaire-demo.txt', import.meta.url)), { ...system, email: 'parcours seed --demo' });
  // What the team knows beyond the national directory: partners, languages, sector, teleconsultation.
  const derm = await searchPractitioners(ctx.db, { specialty: 'dermatology', limit: 3 });
  const extras = [
    { networkStatus: 'partner' as const, languages: ['fr', 'en'], sector: '1', teleconsultation: true, acceptsNewPatients: true, teamNotes: 'Partenaire : créneaux réservés le jeudi.' },
    { networkStatus: 'none' as const, languages: ['fr', 'ar'], sector: '2', teleconsultation: false, acceptsNewPatients: true, teamNotes: null },
    { networkStatus: 'partner' as const, languages: ['fr', 'es'], sector: 'optam', teleconsultation: true, acceptsNewPatients: false, teamNotes: null },
  ];
  for (const [i, p] of derm.entries()) await updatePractitioner(ctx.db, p.id, extras[i % extras.length] ?? {});
  return summary.added;
}
