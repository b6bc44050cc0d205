import { createReadStream, statSync } from 'node:fs';
import { system } from '../modules/audit/domain.ts';
import { type GeocodeProgress, geocodePending } from '../modules/directory/geocoding.ts';
import { importRpps } from '../modules/directory/import.ts';
import type { AppContext } from '../platform/context.ts';

/**
 * `parcours import-rpps FILE`: streams the extract, with a progress bar on the terminal, then places
 * the new addresses on the map through the address service (skipped when GEOCODER_URL=off).
 */
export async function runRppsImport(ctx: AppContext, file: string): Promise<void> {
  const size = statSync(file).size;
  const stream = createReadStream(file);
  const started = Date.now();
  const bar = (rows: number, errors: number) => {
    const share = size ? stream.bytesRead / size : 1;
    const filled = Math.round(share * 30);
    const line = `Import RPPS [${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${Math.round(share * 100)} % — ${rows.toLocaleString('fr-FR')} lignes, ${errors} erreur(s)`;
    process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`);
  };
  let last = 0;
  const summary = await importRpps(ctx, stream, { ...system, email: 'parcours import-rpps' }, ({ rows, errors }) => {
    if (Date.now() - last > 500 || stream.bytesRead >= size) {
      last = Date.now();
      bar(rows, errors);
    }
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `Import terminé en ${seconds.toFixed(1)} s : ${summary.rows} lignes, ${summary.added} ajouté(s), ${summary.updated} mis à jour, ${summary.deactivated} désactivé(s), ${summary.errorCount} ligne(s) illisible(s).`,
  );
  for (const e of summary.errors.slice(0, 20)) console.log(`  ligne ${e.line} : ${e.error}`);
  if (summary.errorCount > 20) console.log(`  … et ${summary.errorCount - 20} autre(s) (voir directory_imports).`);
  if (ctx.config.geocoderUrl) await runGeocoding(ctx);
}

const bar = (share: number) => `[${'#'.repeat(Math.round(share * 30))}${'.'.repeat(30 - Math.round(share * 30))}] ${Math.round(share * 100)} %`;

async function runGeocoding(ctx: AppContext): Promise<void> {
  const started = Date.now();
  let last = 0;
  let progress: GeocodeProgress = { done: 0, total: 0, placed: 0 };
  const placed = await geocodePending(ctx, {
    onProgress: (p) => {
      progress = p;
      if (Date.now() - last > 500 || p.done >= p.total) {
        last = Date.now();
        const line = `Géocodage ${bar(p.total ? p.done / p.total : 1)} — ${p.placed.toLocaleString('fr-FR')} adresse(s) placée(s) sur ${p.total.toLocaleString('fr-FR')}`;
        process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`);
      }
    },
  });
  if (process.stderr.isTTY && progress.total) process.stderr.write('\n');
  if (ctx.geocoder.status?.() === 'suspended') {
    console.log(`Géocodage interrompu : le service d’adresses (${ctx.config.geocoderUrl}) ne répond pas. ${placed} adresse(s) placée(s) ; les autres le seront au prochain import.`);
  } else if (!progress.total) console.log('Géocodage : toutes les adresses actives ont déjà des coordonnées.');
  else console.log(`Géocodage terminé en ${((Date.now() - started) / 1000).toFixed(1)} s : ${placed} adresse(s) placée(s) sur ${progress.total}.`);
}
