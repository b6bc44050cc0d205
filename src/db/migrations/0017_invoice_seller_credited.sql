ALTER TABLE "invoices" ADD COLUMN "seller" jsonb;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "credited_cents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Credit notes issued before the column: their totals (negative) onto the invoices they correct.
UPDATE "invoices" i SET "credited_cents" = c.total FROM (SELECT "corrects_id" AS id, sum("total_incl_cents") AS total FROM "invoices" WHERE "kind" = 'credit_note' AND "status" = 'issued' AND "corrects_id" IS NOT NULL GROUP BY "corrects_id") c WHERE i."id" = c.id;--> statement-breakpoint
-- Open invoices, as receivables read them: what is still owed once payments and credit notes count.
DROP INDEX IF EXISTS "invoices_open_due_idx";--> statement-breakpoint
CREATE INDEX "invoices_open_due_idx" ON "invoices" ("due_on") WHERE "kind" = 'invoice' AND "status" = 'issued' AND "total_incl_cents" + "credited_cents" - "paid_cents" > 0;
