-- Indexes for the KPI dashboard (reporting) and the invoice lists (billing), measured by `npm run bench -- kpis`.
CREATE INDEX IF NOT EXISTS "requests_created_idx" ON "requests" ("created_at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "requests_assignee_created_idx" ON "requests" ("assignee_id", "created_at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "requests_specialty_created_idx" ON "requests" ("specialty", "created_at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "appointments_starts_idx" ON "appointments" ("starts_at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "appointments_request_starts_idx" ON "appointments" ("request_id", "starts_at") INCLUDE ("status");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "invoices_issued_idx" ON "invoices" ("issued_at") WHERE "status" = 'issued';--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "invoices_corrects_idx" ON "invoices" ("corrects_id") WHERE "corrects_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "invoices_open_due_idx" ON "invoices" ("due_on") WHERE "kind" = 'invoice' AND "status" = 'issued' AND "paid_cents" < "total_incl_cents";--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "claims_paid_idx" ON "claims" ("paid_on") WHERE "status" = 'paid';
