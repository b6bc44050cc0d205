DROP INDEX "requests_assignee_idx";--> statement-breakpoint
-- A team member's request ids from the index alone: the KPI views of one member join to them.
CREATE INDEX IF NOT EXISTS "requests_assignee_ids_idx" ON "requests" ("assignee_id") INCLUDE ("id");
