import type { Database, DatabaseKind, Db } from '../db/client.ts';
import type { Mailer } from '../modules/notifications/mailer.ts';
import type { Config } from './config.ts';
import type { Vault } from './crypto.ts';

/** What the use-cases of every module receive: the database, the vault, the mailer, the clock. */
export interface AppContext {
  db: Db;
  dbKind: DatabaseKind;
  database: Database;
  vault: Vault;
  mailer: Mailer;
  config: Config;
  now: () => Date;
}

/** "14 h 05" in Europe/Paris — the zone users read, whatever the server's zone. */
export function parisTime(d: Date): string {
  return new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(d);
}
