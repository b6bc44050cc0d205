import { openDatabase } from '../db/client.ts';
import { createGeocoder } from '../modules/directory/geocoding.ts';
import { createMailer } from '../modules/notifications/mailer.ts';
import { createSmsProvider } from '../modules/notifications/sms.ts';
import type { Config } from '../platform/config.ts';
import type { AppContext } from '../platform/context.ts';
import { createVault, loadMasterKey } from '../platform/crypto.ts';

/** Opens the database and the vault, builds the mailer and the SMS provider: everything a running Parcours needs. */
export async function createContext(config: Config): Promise<AppContext> {
  const database = await openDatabase(config);
  const vault = createVault(loadMasterKey(config.masterKey, config.dataDir));
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom });
  const geocoder = createGeocoder(database.db, { url: config.geocoderUrl });
  const sms = createSmsProvider(config);
  return { db: database.db, dbKind: database.kind, database, vault, mailer, sms, geocoder, config, now: () => new Date() };
}

export async function closeContext(ctx: AppContext): Promise<void> {
  ctx.mailer.close();
  await ctx.database.close();
}
