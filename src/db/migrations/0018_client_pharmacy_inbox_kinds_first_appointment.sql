ALTER TABLE "inbox_items" DROP CONSTRAINT "inbox_items_kind_check";--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "pharmacy_id" uuid;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "first_appointment_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_pharmacy_id_providers_id_fk" FOREIGN KEY ("pharmacy_id") REFERENCES "public"."providers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_items" ADD CONSTRAINT "inbox_items_kind_check" CHECK ("inbox_items"."kind" in ('mention','emergency','assigned','verification','support','result','reimbursement','feedback'));