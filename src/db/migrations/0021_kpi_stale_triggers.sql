-- Flags the Paris days whose KPI rollup (kpi_days) a write has changed. TG_ARGV[0] is the column
-- that places a row on a day (a timestamp, or a date when TG_ARGV[1] = 'date'); both the old and
-- the new day are flagged. Appends only: concurrent writers never wait on each other here.
CREATE FUNCTION kpi_mark_stale() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_v text := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) ->> TG_ARGV[0] END;
  new_v text := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) ->> TG_ARGV[0] END;
BEGIN
  INSERT INTO kpi_stale_days (day)
  SELECT DISTINCT CASE WHEN TG_ARGV[1] = 'date' THEN v::date ELSE (v::timestamptz AT TIME ZONE 'Europe/Paris')::date END
  FROM unnest(ARRAY[old_v, new_v]) AS v WHERE v IS NOT NULL;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER requests_kpi_stale AFTER INSERT OR UPDATE OR DELETE ON requests FOR EACH ROW EXECUTE FUNCTION kpi_mark_stale('created_at');
--> statement-breakpoint
CREATE TRIGGER appointments_kpi_stale AFTER INSERT OR UPDATE OR DELETE ON appointments FOR EACH ROW EXECUTE FUNCTION kpi_mark_stale('starts_at');
--> statement-breakpoint
CREATE TRIGGER surveys_kpi_stale AFTER INSERT OR UPDATE OR DELETE ON surveys FOR EACH ROW EXECUTE FUNCTION kpi_mark_stale('answered_at');
--> statement-breakpoint
CREATE TRIGGER invoices_kpi_stale AFTER INSERT OR UPDATE OR DELETE ON invoices FOR EACH ROW EXECUTE FUNCTION kpi_mark_stale('issued_at');
--> statement-breakpoint
CREATE TRIGGER claims_kpi_stale AFTER INSERT OR UPDATE OR DELETE ON claims FOR EACH ROW EXECUTE FUNCTION kpi_mark_stale('paid_on', 'date');
