-- The filtered KPI views (a specialty, a team member) join appointments and surveys to the requests
-- they belong to. Covering indexes let PostgreSQL read a specialty's request ids, and the
-- appointments of a period, from the index alone (`npm run bench -- kpis`).
CREATE INDEX IF NOT EXISTS "requests_specialty_ids_idx" ON "requests" ("specialty") INCLUDE ("id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "appointments_starts_cover_idx" ON "appointments" ("starts_at") INCLUDE ("request_id", "status", "mode");--> statement-breakpoint
DROP INDEX IF EXISTS "appointments_starts_idx";
