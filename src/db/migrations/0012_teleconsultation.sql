CREATE TABLE "teleconsultation_calls" (
	"appointment_id" uuid PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teleconsultation_calls_status_check" CHECK ("teleconsultation_calls"."status" in ('waiting','in_progress','ended','no_show'))
);
--> statement-breakpoint
CREATE TABLE "teleconsultation_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"appointment_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"link_id" uuid,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"content_sealed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teleconsultation_documents_kind_check" CHECK ("teleconsultation_documents"."kind" in ('shared','report','prescription'))
);
--> statement-breakpoint
CREATE TABLE "teleconsultation_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"appointment_id" uuid NOT NULL,
	"role" text NOT NULL,
	"name" text,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "teleconsultation_links_role_check" CHECK ("teleconsultation_links"."role" in ('practitioner','client','guest'))
);
--> statement-breakpoint
CREATE TABLE "teleconsultation_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"appointment_id" uuid NOT NULL,
	"link_id" uuid NOT NULL,
	"body_sealed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "teleconsultation_presence" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"appointment_id" uuid NOT NULL,
	"link_id" uuid NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	"left_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "inbox_items" DROP CONSTRAINT "inbox_items_kind_check";--> statement-breakpoint
ALTER TABLE "teleconsultation_calls" ADD CONSTRAINT "teleconsultation_calls_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teleconsultation_documents" ADD CONSTRAINT "teleconsultation_documents_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teleconsultation_documents" ADD CONSTRAINT "teleconsultation_documents_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teleconsultation_documents" ADD CONSTRAINT "teleconsultation_documents_link_id_teleconsultation_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."teleconsultation_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teleconsultation_links" ADD CONSTRAINT "teleconsultation_links_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teleconsultation_messages" ADD CONSTRAINT "teleconsultation_messages_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teleconsultation_messages" ADD CONSTRAINT "teleconsultation_messages_link_id_teleconsultation_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."teleconsultation_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teleconsultation_presence" ADD CONSTRAINT "teleconsultation_presence_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teleconsultation_presence" ADD CONSTRAINT "teleconsultation_presence_link_id_teleconsultation_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."teleconsultation_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "teleconsultation_documents_appointment_idx" ON "teleconsultation_documents" USING btree ("appointment_id");--> statement-breakpoint
CREATE INDEX "teleconsultation_links_appointment_idx" ON "teleconsultation_links" USING btree ("appointment_id");--> statement-breakpoint
CREATE INDEX "teleconsultation_messages_appointment_idx" ON "teleconsultation_messages" USING btree ("appointment_id","created_at");--> statement-breakpoint
CREATE INDEX "teleconsultation_presence_appointment_idx" ON "teleconsultation_presence" USING btree ("appointment_id");--> statement-breakpoint
ALTER TABLE "inbox_items" ADD CONSTRAINT "inbox_items_kind_check" CHECK ("inbox_items"."kind" in ('mention','emergency','assigned','verification','support'));