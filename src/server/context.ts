import { openDatabase } from '../db/client.ts';
import { createMailer } from '../modules/notifications/mailer.ts';
import type { Config } from '../platform/config.ts';
import type { AppContext } from '../platform/context.ts';
import { createVault, loadMasterKey } from '../platform/crypto.ts';

/** Opens the database and the vault, builds the mailer: everything a running Parcours needs. */
export async function createContext(config: Config): Promise<AppContext> {
  const database = await openDatabase(config);
  const vault = createVault(loadMasterKey(config.masterKey, config.dataDir));
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom });
  return { db: database.db, dbKind: database.kind, database, vault, mailer, config, now: () => new Date() };
}

export async function closeContext(ctx: AppContext): Promise<void> {
  ctx.mailer.close();
  await ctx.database.close();
}
