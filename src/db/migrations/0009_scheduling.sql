CREATE TABLE "sms_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"to_number" text NOT NULL,
	"body" text NOT NULL,
	"template" text NOT NULL,
	"status" text NOT NULL,
	"provider" text,
	"provider_message_id" text,
	"error" text,
	"idempotency_key" text,
	"client_id" uuid,
	"appointment_id" uuid,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "sms_messages_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "sms_messages_status_check" CHECK ("sms_messages"."status" in ('pending','outbox','sent','failed'))
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"queue" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 8 NOT NULL,
	"last_error" text,
	"locked_by" text,
	"locked_until" timestamp with time zone,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "jobs_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "jobs_status_check" CHECK ("jobs"."status" in ('pending','running','done','failed','cancelled'))
);
--> statement-breakpoint
CREATE TABLE "appointments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigserial NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"place_id" uuid,
	"client_id" uuid NOT NULL,
	"request_id" uuid,
	"proposal_id" uuid,
	"type_code" text NOT NULL,
	"mode" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"during" "tstzrange" GENERATED ALWAYS AS (tstzrange(starts_at, ends_at, '[)')) STORED NOT NULL,
	"status" text NOT NULL,
	"hold_expires_at" timestamp with time zone,
	"source" text DEFAULT 'platform' NOT NULL,
	"external_note" text,
	"booked_by_id" uuid,
	"cancel_reason" text,
	"cancelled_by_id" uuid,
	"cancelled_at" timestamp with time zone,
	"rescheduled_from_id" uuid,
	"client_token_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointments_number_unique" UNIQUE("number"),
	CONSTRAINT "appointments_client_token_hash_unique" UNIQUE("client_token_hash"),
	CONSTRAINT "appointments_status_check" CHECK ("appointments"."status" in ('held','booked','completed','no_show','cancelled','released')),
	CONSTRAINT "appointments_mode_check" CHECK ("appointments"."mode" in ('in_person','teleconsultation')),
	CONSTRAINT "appointments_source_check" CHECK ("appointments"."source" in ('platform','phone')),
	CONSTRAINT "appointments_range_check" CHECK ("appointments"."starts_at" < "appointments"."ends_at")
);
--> statement-breakpoint
CREATE TABLE "booking_rules" (
	"practitioner_id" uuid PRIMARY KEY NOT NULL,
	"min_notice_minutes" integer DEFAULT 120 NOT NULL,
	"buffer_minutes" integer DEFAULT 0 NOT NULL,
	"slot_step_minutes" integer DEFAULT 15 NOT NULL,
	"cancellation_notice_hours" integer DEFAULT 24 NOT NULL,
	"reminders" jsonb
);
--> statement-breakpoint
CREATE TABLE "calendar_feeds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_type" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_feeds_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "calendar_feeds_owner_key" UNIQUE("owner_type","owner_id"),
	CONSTRAINT "calendar_feeds_owner_check" CHECK ("calendar_feeds"."owner_type" in ('practitioner','client','user'))
);
--> statement-breakpoint
CREATE TABLE "consultation_types" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"code" text NOT NULL,
	"label" text NOT NULL,
	"duration_minutes" integer NOT NULL,
	"mode" text DEFAULT 'in_person' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "consultation_types_key" UNIQUE("practitioner_id","code"),
	CONSTRAINT "consultation_types_mode_check" CHECK ("consultation_types"."mode" in ('in_person','teleconsultation')),
	CONSTRAINT "consultation_types_duration_check" CHECK ("consultation_types"."duration_minutes" between 5 and 480)
);
--> statement-breakpoint
CREATE TABLE "logistics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"appointment_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"provider_id" uuid,
	"details" text,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"cost_cents" integer,
	"status" text DEFAULT 'requested' NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "logistics_kind_check" CHECK ("logistics"."kind" in ('taxi','vsl','ambulance','train','lodging','other')),
	CONSTRAINT "logistics_status_check" CHECK ("logistics"."status" in ('requested','confirmed','done','cancelled'))
);
--> statement-breakpoint
CREATE TABLE "proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid,
	"client_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp with time zone,
	CONSTRAINT "proposals_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "proposals_status_check" CHECK ("proposals"."status" in ('open','accepted','expired','cancelled'))
);
--> statement-breakpoint
CREATE TABLE "schedule_exceptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"place_id" uuid,
	"kind" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text,
	CONSTRAINT "schedule_exceptions_kind_check" CHECK ("schedule_exceptions"."kind" in ('closed','open')),
	CONSTRAINT "schedule_exceptions_range_check" CHECK ("schedule_exceptions"."starts_at" < "schedule_exceptions"."ends_at")
);
--> statement-breakpoint
CREATE TABLE "waitlist_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"appointment_id" uuid,
	"request_id" uuid,
	"earliest" timestamp with time zone,
	"latest" timestamp with time zone,
	"status" text DEFAULT 'waiting' NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"offered_at" timestamp with time zone,
	CONSTRAINT "waitlist_entries_status_check" CHECK ("waitlist_entries"."status" in ('waiting','offered','done','cancelled'))
);
--> statement-breakpoint
CREATE TABLE "weekly_hours" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"place_id" uuid,
	"weekday" integer NOT NULL,
	"start_time" text NOT NULL,
	"end_time" text NOT NULL,
	"modes" text[] DEFAULT '{in_person}'::text[] NOT NULL,
	"valid_from" date,
	"valid_until" date,
	"time_zone" text DEFAULT 'Europe/Paris' NOT NULL,
	CONSTRAINT "weekly_hours_weekday_check" CHECK ("weekly_hours"."weekday" between 1 and 7),
	CONSTRAINT "weekly_hours_time_check" CHECK ("weekly_hours"."start_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and "weekly_hours"."end_time" ~ '^([01][0-9]|2[0-4]):[0-5][0-9]$' and "weekly_hours"."start_time" < "weekly_hours"."end_time")
);
--> statement-breakpoint
ALTER TABLE "mail_messages" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "mail_messages" ADD COLUMN "message_id" text;--> statement-breakpoint
ALTER TABLE "mail_messages" ADD COLUMN "attachments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "mail_messages" ADD COLUMN "client_id" uuid;--> statement-breakpoint
ALTER TABLE "mail_messages" ADD COLUMN "appointment_id" uuid;--> statement-breakpoint
ALTER TABLE "mail_messages" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_practitioner_id_practitioners_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_place_id_practice_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."practice_places"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_rules" ADD CONSTRAINT "booking_rules_practitioner_id_practitioners_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_types" ADD CONSTRAINT "consultation_types_practitioner_id_practitioners_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "logistics" ADD CONSTRAINT "logistics_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "logistics" ADD CONSTRAINT "logistics_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_exceptions" ADD CONSTRAINT "schedule_exceptions_practitioner_id_practitioners_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_exceptions" ADD CONSTRAINT "schedule_exceptions_place_id_practice_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."practice_places"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_practitioner_id_practitioners_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weekly_hours" ADD CONSTRAINT "weekly_hours_practitioner_id_practitioners_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weekly_hours" ADD CONSTRAINT "weekly_hours_place_id_practice_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."practice_places"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sms_messages_client_idx" ON "sms_messages" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "sms_messages_appointment_idx" ON "sms_messages" USING btree ("appointment_id");--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("status","run_at");--> statement-breakpoint
CREATE INDEX "appointments_client_idx" ON "appointments" USING btree ("client_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointments_practitioner_idx" ON "appointments" USING btree ("practitioner_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointments_request_idx" ON "appointments" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "logistics_appointment_idx" ON "logistics" USING btree ("appointment_id");--> statement-breakpoint
CREATE INDEX "schedule_exceptions_practitioner_idx" ON "schedule_exceptions" USING btree ("practitioner_id","starts_at");--> statement-breakpoint
CREATE INDEX "waitlist_entries_practitioner_idx" ON "waitlist_entries" USING btree ("practitioner_id","status");--> statement-breakpoint
CREATE INDEX "weekly_hours_practitioner_idx" ON "weekly_hours" USING btree ("practitioner_id");--> statement-breakpoint
CREATE INDEX "mail_messages_client_idx" ON "mail_messages" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "mail_messages_appointment_idx" ON "mail_messages" USING btree ("appointment_id");--> statement-breakpoint
ALTER TABLE "mail_messages" ADD CONSTRAINT "mail_messages_idempotency_key_unique" UNIQUE("idempotency_key");--> statement-breakpoint
-- A practitioner can never have two live appointments that overlap (held slots of open proposals included).
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_no_overlap" EXCLUDE USING gist ("practitioner_id" WITH =, "during" WITH &&) WHERE ("status" NOT IN ('cancelled', 'released'));
