CREATE TABLE "clients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" integer GENERATED ALWAYS AS IDENTITY (sequence name "clients_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"status" text DEFAULT 'active' NOT NULL,
	"birth_name" text NOT NULL,
	"first_names" text[] NOT NULL,
	"used_name" text,
	"used_first_name" text,
	"birth_date" date NOT NULL,
	"sex" text NOT NULL,
	"birthplace_code" text,
	"identity_status" text DEFAULT 'PROV' NOT NULL,
	"identity_document" jsonb,
	"email" text,
	"phone" text,
	"address" jsonb,
	"preferred_language" text DEFAULT 'fr' NOT NULL,
	"trusted_person" jsonb,
	"relatives" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"gp" jsonb,
	"nir_sealed" text,
	"nir_index" text,
	"amo_scheme" text,
	"amo_fund" text,
	"mutuelle" jsonb,
	"medical_sealed" text,
	"medical_updated_at" timestamp with time zone,
	"search_name" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clients_number_unique" UNIQUE("number"),
	CONSTRAINT "clients_status_check" CHECK ("clients"."status" in ('active','pending')),
	CONSTRAINT "clients_sex_check" CHECK ("clients"."sex" in ('F','M')),
	CONSTRAINT "clients_identity_status_check" CHECK ("clients"."identity_status" in ('PROV','VALI','RECUP','QUAL'))
);
--> statement-breakpoint
CREATE INDEX "clients_search_trgm_idx" ON "clients" USING gin ("search_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "clients_nir_idx" ON "clients" USING btree ("nir_index");--> statement-breakpoint
CREATE INDEX "clients_birth_date_idx" ON "clients" USING btree ("birth_date");--> statement-breakpoint
CREATE INDEX "clients_phone_idx" ON "clients" USING btree ("phone");