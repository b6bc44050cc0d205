-- Trigram search on names (clients, directory) and, for bookings, exclusion constraints over ranges.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gist;
