CREATE TABLE "directory_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practitioner_id" uuid,
	"provider_id" uuid,
	"source" text NOT NULL,
	"rating" integer NOT NULL,
	"comment" text,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "directory_reviews_rating_check" CHECK ("directory_reviews"."rating" between 1 and 5),
	CONSTRAINT "directory_reviews_source_check" CHECK ("directory_reviews"."source" in ('staff','survey')),
	CONSTRAINT "directory_reviews_target_check" CHECK (num_nonnulls("directory_reviews"."practitioner_id", "directory_reviews"."provider_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "geocode_cache" (
	"key" text PRIMARY KEY NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"label" text,
	"score" double precision,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "practitioner_verifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"checked_by_id" uuid NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rpps_checked" boolean NOT NULL,
	"licence_checked" boolean NOT NULL,
	"certifications" text,
	"evidence" text NOT NULL,
	"expires_on" date NOT NULL,
	"reminded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "providers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"finess" text,
	"siret" text,
	"street" text,
	"postal_code" text NOT NULL,
	"city" text NOT NULL,
	"phone" text,
	"email" text,
	"website" text,
	"latitude" double precision,
	"longitude" double precision,
	"geocode_source" text,
	"services" text[] DEFAULT '{}'::text[] NOT NULL,
	"network_status" text DEFAULT 'none' NOT NULL,
	"team_notes" text,
	"rating_count" integer DEFAULT 0 NOT NULL,
	"rating_sum" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"search_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "providers_finess_key" UNIQUE("finess"),
	CONSTRAINT "providers_kind_check" CHECK ("providers"."kind" in ('clinic','hospital','laboratory','imaging','pharmacy','taxi','vsl','ambulance','lodging')),
	CONSTRAINT "providers_network_check" CHECK ("providers"."network_status" in ('none','partner'))
);
--> statement-breakpoint
CREATE TABLE "matching_settings" (
	"id" text PRIMARY KEY DEFAULT 'default' NOT NULL,
	"weights" jsonb NOT NULL,
	"updated_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shortlist_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"place_id" uuid,
	"score" integer,
	"criteria" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"note" text,
	"added_by_id" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by_id" uuid,
	"decided_at" timestamp with time zone,
	CONSTRAINT "shortlist_items_key" UNIQUE("request_id","practitioner_id"),
	CONSTRAINT "shortlist_items_status_check" CHECK ("shortlist_items"."status" in ('proposed','chosen','declined'))
);
--> statement-breakpoint
ALTER TABLE "inbox_items" DROP CONSTRAINT "inbox_items_kind_check";--> statement-breakpoint
ALTER TABLE "inbox_items" ADD COLUMN "link" text;--> statement-breakpoint
ALTER TABLE "directory_imports" ADD COLUMN "status" text DEFAULT 'running' NOT NULL;--> statement-breakpoint
ALTER TABLE "directory_imports" ADD COLUMN "started_by_id" uuid;--> statement-breakpoint
ALTER TABLE "practice_places" ADD COLUMN "geocode_source" text;--> statement-breakpoint
ALTER TABLE "practice_places" ADD COLUMN "accessible" boolean;--> statement-breakpoint
ALTER TABLE "practitioners" ADD COLUMN "fees" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "practitioners" ADD COLUMN "rating_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "practitioners" ADD COLUMN "rating_sum" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "directory_reviews" ADD CONSTRAINT "directory_reviews_practitioner_id_practitioners_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_reviews" ADD CONSTRAINT "directory_reviews_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practitioner_verifications" ADD CONSTRAINT "practitioner_verifications_practitioner_id_practitioners_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shortlist_items" ADD CONSTRAINT "shortlist_items_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shortlist_items" ADD CONSTRAINT "shortlist_items_practitioner_id_practitioners_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shortlist_items" ADD CONSTRAINT "shortlist_items_place_id_practice_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."practice_places"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "directory_reviews_practitioner_idx" ON "directory_reviews" USING btree ("practitioner_id");--> statement-breakpoint
CREATE INDEX "directory_reviews_provider_idx" ON "directory_reviews" USING btree ("provider_id");--> statement-breakpoint
CREATE INDEX "practitioner_verifications_idx" ON "practitioner_verifications" USING btree ("practitioner_id","checked_at");--> statement-breakpoint
CREATE INDEX "providers_search_trgm_idx" ON "providers" USING gin ("search_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "providers_postal_idx" ON "providers" USING btree ("postal_code");--> statement-breakpoint
CREATE INDEX "practice_places_practitioner_idx" ON "practice_places" USING btree ("practitioner_id");--> statement-breakpoint
CREATE INDEX "practice_places_location_idx" ON "practice_places" USING gist (point("longitude", "latitude"));--> statement-breakpoint
ALTER TABLE "inbox_items" ADD CONSTRAINT "inbox_items_kind_check" CHECK ("inbox_items"."kind" in ('mention','emergency','assigned','verification'));--> statement-breakpoint
UPDATE "directory_imports" SET "status" = 'done' WHERE "finished_at" IS NOT NULL;
