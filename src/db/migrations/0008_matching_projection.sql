-- Search projection for matching: one row per active place × specialty of an active practitioner.
CREATE TABLE "match_points" (
	"place_id" uuid NOT NULL REFERENCES "practice_places"("id") ON DELETE CASCADE,
	"practitioner_id" uuid NOT NULL REFERENCES "practitioners"("id") ON DELETE CASCADE,
	"specialty" text NOT NULL,
	-- 0 plain, 1 reviewed, 2 partner: bounds what the non-distance criteria can add to the score
	"tier" smallint NOT NULL,
	-- point(longitude, latitude); null when the place has no coordinates
	"location" point,
	"postal_code" text,
	"sex" text,
	"sector" text,
	"languages" text[] NOT NULL,
	"accessible" boolean,
	"accepting" boolean NOT NULL,
	PRIMARY KEY ("place_id", "specialty")
);
--> statement-breakpoint
CREATE INDEX "match_points_location_idx" ON "match_points" USING gist ("specialty", "location");--> statement-breakpoint
CREATE INDEX "match_points_featured_idx" ON "match_points" USING gist ("specialty", "location") WHERE "tier" > 0;--> statement-breakpoint
CREATE INDEX "match_points_postal_idx" ON "match_points" ("specialty", "postal_code" text_pattern_ops) WHERE "location" IS NULL;--> statement-breakpoint
CREATE INDEX "match_points_practitioner_idx" ON "match_points" ("practitioner_id");--> statement-breakpoint
CREATE INDEX "practitioners_featured_idx" ON "practitioners" USING gin ("specialties") WHERE "active" AND ("network_status" = 'partner' OR "rating_count" > 0);--> statement-breakpoint
CREATE FUNCTION match_points_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM match_points WHERE practitioner_id = ANY (ids);
  INSERT INTO match_points (place_id, practitioner_id, specialty, tier, location, postal_code, sex, sector, languages, accessible, accepting)
  SELECT pl.id, p.id, s.code,
    CASE WHEN p.network_status = 'partner' THEN 2 WHEN p.rating_count > 0 THEN 1 ELSE 0 END,
    CASE WHEN pl.latitude IS NOT NULL AND pl.longitude IS NOT NULL THEN point(pl.longitude, pl.latitude) END,
    pl.postal_code, p.sex, p.sector, p.languages, pl.accessible, p.accepts_new_patients IS NOT FALSE
  FROM practitioners p
  JOIN practice_places pl ON pl.practitioner_id = p.id AND pl.active
  CROSS JOIN LATERAL (SELECT DISTINCT unnest(p.specialties) AS code) s
  WHERE p.id = ANY (ids) AND p.active;
$$;
--> statement-breakpoint
CREATE FUNCTION match_points_practitioners_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM match_points_refresh(array(
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.specialties, n.active, n.network_status = 'partner', n.rating_count > 0, n.sex, n.sector, n.languages, n.accepts_new_patients IS NOT FALSE)
      IS DISTINCT FROM (o.specialties, o.active, o.network_status = 'partner', o.rating_count > 0, o.sex, o.sector, o.languages, o.accepts_new_patients IS NOT FALSE)));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER match_points_practitioners AFTER UPDATE ON practitioners
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION match_points_practitioners_changed();
--> statement-breakpoint
CREATE FUNCTION match_points_places_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM match_points_refresh(array(SELECT DISTINCT practitioner_id FROM new_rows));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER match_points_places_insert AFTER INSERT ON practice_places
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION match_points_places_inserted();
--> statement-breakpoint
CREATE FUNCTION match_points_places_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM match_points_refresh(array(
    SELECT n.practitioner_id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.practitioner_id, n.active, n.latitude, n.longitude, n.postal_code, n.accessible)
      IS DISTINCT FROM (o.practitioner_id, o.active, o.latitude, o.longitude, o.postal_code, o.accessible)
    UNION SELECT o.practitioner_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.practitioner_id <> o.practitioner_id));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER match_points_places_update AFTER UPDATE ON practice_places
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION match_points_places_updated();
--> statement-breakpoint
-- Existing rows (deletes cascade from practice_places and practitioners).
SELECT match_points_refresh(array(SELECT id FROM practitioners));
