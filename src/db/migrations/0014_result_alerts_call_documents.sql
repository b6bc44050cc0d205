ALTER TABLE "inbox_items" DROP CONSTRAINT "inbox_items_kind_check";--> statement-breakpoint
ALTER TABLE "teleconsultation_documents" ALTER COLUMN "content_sealed" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "teleconsultation_documents" ADD COLUMN "document_id" uuid;--> statement-breakpoint
ALTER TABLE "teleconsultation_documents" ADD CONSTRAINT "teleconsultation_documents_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_items" ADD CONSTRAINT "inbox_items_kind_check" CHECK ("inbox_items"."kind" in ('mention','emergency','assigned','verification','support','result'));