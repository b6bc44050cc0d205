/** All tables, for Drizzle and drizzle-kit. Modules own their tables; this only gathers them. */
export * from '../modules/audit/schema.ts';
export * from '../modules/identity/schema.ts';
export * from '../modules/notifications/schema.ts';
export * from '../modules/clients/schema.ts';
export * from '../modules/requests/schema.ts';
export * from '../modules/directory/schema.ts';
export * from '../modules/matching/schema.ts';
export * from '../modules/jobs/schema.ts';
export * from '../modules/scheduling/schema.ts';
export * from '../modules/preparation/schema.ts';
export * from '../modules/teleconsultation/schema.ts';
export * from '../modules/records/schema.ts';
export * from '../modules/privacy/schema.ts';
export * from '../modules/billing/schema.ts';
export * from '../modules/reimbursement/schema.ts';
export * from '../modules/followup/schema.ts';
export * from '../modules/reporting/schema.ts';
