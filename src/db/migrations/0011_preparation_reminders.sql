CREATE TABLE "reminder_policies" (
	"mode" text PRIMARY KEY NOT NULL,
	"rules" jsonb NOT NULL,
	"updated_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminder_policies_mode_check" CHECK ("reminder_policies"."mode" in ('in_person','teleconsultation'))
);
--> statement-breakpoint
CREATE TABLE "appointment_packs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"appointment_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by_id" uuid,
	"open_count" integer DEFAULT 0 NOT NULL,
	"last_opened_at" timestamp with time zone,
	CONSTRAINT "appointment_packs_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "pack_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pack_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"content_sealed" text NOT NULL,
	"document_id" uuid,
	"consent_channel" text NOT NULL,
	"shared_by_id" uuid NOT NULL,
	"shared_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pack_items_kind_check" CHECK ("pack_items"."kind" in ('allergies','treatments','history','note','document')),
	CONSTRAINT "pack_items_channel_check" CHECK ("pack_items"."consent_channel" in ('portal','phone','email','in_person'))
);
--> statement-breakpoint
CREATE TABLE "preparation_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type_code" text NOT NULL,
	"label" text NOT NULL,
	"bring_fr" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"bring_en" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"instructions_fr" text DEFAULT '' NOT NULL,
	"instructions_en" text DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "preparation_templates_type_code_unique" UNIQUE("type_code"),
	CONSTRAINT "preparation_templates_code_check" CHECK ("preparation_templates"."type_code" ~ '^[a-z_]{2,30}$')
);
--> statement-breakpoint
ALTER TABLE "appointment_packs" ADD CONSTRAINT "appointment_packs_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pack_items" ADD CONSTRAINT "pack_items_pack_id_appointment_packs_id_fk" FOREIGN KEY ("pack_id") REFERENCES "public"."appointment_packs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appointment_packs_appointment_idx" ON "appointment_packs" USING btree ("appointment_id");--> statement-breakpoint
CREATE INDEX "pack_items_pack_idx" ON "pack_items" USING btree ("pack_id");