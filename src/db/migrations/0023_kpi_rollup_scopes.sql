-- The rollup per scope: the team ('all'), each team member, each specialty. Existing rows are
-- dropped: the worker recomputes them (and until then the days are computed live).
TRUNCATE "kpi_days";--> statement-breakpoint
ALTER TABLE "kpi_days" DROP CONSTRAINT "kpi_days_pkey";--> statement-breakpoint
ALTER TABLE "kpi_days" ADD COLUMN "scope" text NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_days" ADD CONSTRAINT "kpi_days_scope_day_pk" PRIMARY KEY("scope","day");--> statement-breakpoint
CREATE INDEX "kpi_days_day_idx" ON "kpi_days" USING btree ("day");--> statement-breakpoint
-- A request reassigned, or whose specialty changes, moves its appointments, surveys, invoices and
-- claims from one scope to another on their own days: flag those days too.
CREATE FUNCTION kpi_mark_request_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO kpi_stale_days (day)
  SELECT DISTINCT d FROM (
    SELECT (starts_at AT TIME ZONE 'Europe/Paris')::date FROM appointments WHERE request_id = NEW.id
    UNION SELECT (answered_at AT TIME ZONE 'Europe/Paris')::date FROM surveys WHERE request_id = NEW.id AND answered_at IS NOT NULL
    UNION SELECT (issued_at AT TIME ZONE 'Europe/Paris')::date FROM invoices WHERE request_id = NEW.id AND issued_at IS NOT NULL
    UNION SELECT cl.paid_on FROM claims cl JOIN care_acts c ON c.id = cl.act_id WHERE c.request_id = NEW.id AND cl.paid_on IS NOT NULL
  ) x(d);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER requests_kpi_moved AFTER UPDATE OF assignee_id, specialty ON requests FOR EACH ROW
  WHEN (OLD.assignee_id IS DISTINCT FROM NEW.assignee_id OR OLD.specialty IS DISTINCT FROM NEW.specialty)
  EXECUTE FUNCTION kpi_mark_request_moved();
