import { bigserial, date, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { DayFigures } from './daily.ts';

/**
 * The KPI rollup: one row per Paris calendar day and scope (the team, a team member, a specialty)
 * with that day's figures (counts, sums and histograms), so a year-long dashboard sums 365 small
 * rows instead of scanning a million requests.
 * A day is only read from here when it is closed (before yesterday) and not stale; any other day is
 * computed live by the same SQL, so the figures never depend on the refresh job having run.
 */
export const kpiDays = pgTable(
  'kpi_days',
  {
    /** 'all', 'member:<user id>' or 'specialty:<code>' (rollup.ts Scope): the dashboard's views. */
    scope: text('scope').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    figures: jsonb('figures').$type<DayFigures>().notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.day] }), index('kpi_days_day_idx').on(t.day)],
);

/**
 * Days whose rollup no longer matches the source tables: appended (never updated, so writers never
 * wait on each other) by triggers on requests, appointments, surveys, invoices and claims
 * (migration 0021); the refresh job recomputes these days and deletes their rows.
 */
export const kpiStaleDays = pgTable(
  'kpi_stale_days',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    day: date('day', { mode: 'string' }).notNull(),
  },
  (t) => [index('kpi_stale_days_day_idx').on(t.day)],
);
