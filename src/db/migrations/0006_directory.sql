CREATE TABLE "directory_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"rows" integer DEFAULT 0 NOT NULL,
	"added" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"deactivated" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "practice_places" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"structure_key" text NOT NULL,
	"name" text,
	"finess" text,
	"siret" text,
	"street" text,
	"postal_code" text,
	"commune_code" text,
	"city" text,
	"phone" text,
	"email" text,
	"latitude" double precision,
	"longitude" double precision,
	"active" boolean DEFAULT true NOT NULL,
	"last_seen_import" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "practice_places_key" UNIQUE("practitioner_id","structure_key")
);
--> statement-breakpoint
CREATE TABLE "practitioners" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rpps" text,
	"civility" text,
	"last_name" text NOT NULL,
	"first_name" text NOT NULL,
	"profession_code" text NOT NULL,
	"profession" text NOT NULL,
	"specialties" text[] DEFAULT '{}'::text[] NOT NULL,
	"languages" text[] DEFAULT '{fr}'::text[] NOT NULL,
	"sex" text,
	"sector" text,
	"teleconsultation" boolean DEFAULT false NOT NULL,
	"accepts_new_patients" boolean,
	"network_status" text DEFAULT 'none' NOT NULL,
	"team_notes" text,
	"source" text DEFAULT 'rpps' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"last_seen_import" uuid,
	"search_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "practitioners_rpps_unique" UNIQUE("rpps"),
	CONSTRAINT "practitioners_network_check" CHECK ("practitioners"."network_status" in ('none','partner')),
	CONSTRAINT "practitioners_sector_check" CHECK ("practitioners"."sector" is null or "practitioners"."sector" in ('1','2','optam','non_conventionne'))
);
--> statement-breakpoint
ALTER TABLE "practice_places" ADD CONSTRAINT "practice_places_practitioner_id_practitioners_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "practice_places_postal_idx" ON "practice_places" USING btree ("postal_code");--> statement-breakpoint
CREATE INDEX "practitioners_search_trgm_idx" ON "practitioners" USING gin ("search_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "practitioners_specialties_idx" ON "practitioners" USING gin ("specialties");