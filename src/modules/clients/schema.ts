import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { providers } from '../directory/schema.ts';

export type Address = { line1: string; line2: string | null; postalCode: string; city: string; country: string };
export type Contact = { name: string; relation: string; phone: string | null; email: string | null };
export type Gp = { name: string; phone: string | null; rpps: string | null };
export type Mutuelle = { organism: string; contractNumber: string | null; coverage: string | null };
export type IdentityDocument = { type: string; checkedAt: string; checkedBy: string };

export const clients = pgTable(
  'clients',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Shown as PC-000123. */
    number: integer('number').notNull().unique().generatedAlwaysAsIdentity(),
    status: text('status').notNull().default('active'),
    birthName: text('birth_name').notNull(),
    firstNames: text('first_names').array().notNull(),
    usedName: text('used_name'),
    usedFirstName: text('used_first_name'),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    sex: text('sex').notNull(),
    birthplaceCode: text('birthplace_code'),
    identityStatus: text('identity_status').notNull().default('PROV'),
    identityDocument: jsonb('identity_document').$type<IdentityDocument>(),
    email: text('email'),
    /** E.164 */
    phone: text('phone'),
    address: jsonb('address').$type<Address>(),
    preferredLanguage: text('preferred_language').notNull().default('fr'),
    trustedPerson: jsonb('trusted_person').$type<Contact>(),
    relatives: jsonb('relatives').$type<Contact[]>().notNull().default([]),
    gp: jsonb('gp').$type<Gp>(),
    /** The NIR sealed with the vault, and its blind index for lookups by equality. */
    nirSealed: text('nir_sealed'),
    nirIndex: text('nir_index'),
    amoScheme: text('amo_scheme'),
    amoFund: text('amo_fund'),
    mutuelle: jsonb('mutuelle').$type<Mutuelle>(),
    /** The client's usual pharmacy (a directory provider): prescriptions go there by default. */
    pharmacyId: uuid('pharmacy_id').references(() => providers.id, { onDelete: 'set null' }),
    /** Allergies, history, treatments: one sealed JSON document (AES-256-GCM). */
    medicalSealed: text('medical_sealed'),
    medicalUpdatedAt: timestamp('medical_updated_at', { withTimezone: true }),
    /** Folded names for accent- and typo-tolerant search (trigram index). */
    searchName: text('search_name').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('clients_status_check', sql`${t.status} in ('active','pending')`),
    check('clients_sex_check', sql`${t.sex} in ('F','M')`),
    check('clients_identity_status_check', sql`${t.identityStatus} in ('PROV','VALI','RECUP','QUAL')`),
    index('clients_search_trgm_idx').using('gin', t.searchName.op('gin_trgm_ops')),
    index('clients_nir_idx').on(t.nirIndex),
    index('clients_birth_date_idx').on(t.birthDate),
    index('clients_phone_idx').on(t.phone),
  ],
);
