import type { Database, DatabaseKind, Db } from '../db/client.ts';
import type { Geocoder } from '../modules/directory/geocoding.ts';
import type { Mailer } from '../modules/notifications/mailer.ts';
import type { SmsProvider } from '../modules/notifications/sms.ts';
import type { Config } from './config.ts';
import type { Vault } from './crypto.ts';

/** What the use-cases of every module receive: the database, the vault, the mailer, the SMS provider, the clock. */
export interface AppContext {
  db: Db;
  dbKind: DatabaseKind;
  database: Database;
  vault: Vault;
  mailer: Mailer;
  /** Brevo when configured, else the outbox (SMS recorded, not sent). */
  sms: SmsProvider;
  geocoder: Geocoder;
  config: Config;
  now: () => Date;
}

/** "14 h 05" in Europe/Paris — the zone users read, whatever the server's zone. */
export function parisTime(d: Date): string {
  return new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(d);
}

/** The calendar day in Europe/Paris as YYYY-MM-DD: what "today" means to the team. */
export function parisDate(d: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}
