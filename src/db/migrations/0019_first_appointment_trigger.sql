-- requests.first_appointment_at: the start of the request's earliest booked, completed or missed
-- appointment, for the KPI "time from request to appointment". Kept here, by the database, so that
-- no writer of appointments (booking, rescheduling, cancelling, no-show, holds expiring) can forget
-- it. An appointment that becomes real can only bring the date forward (least(), safe under
-- concurrent bookings); one that stops being real, or moves, recomputes it.
CREATE FUNCTION appointments_keep_first_appointment() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  was_real boolean := TG_OP <> 'INSERT' AND OLD.request_id IS NOT NULL AND OLD.status IN ('booked','completed','no_show');
  is_real boolean := TG_OP <> 'DELETE' AND NEW.request_id IS NOT NULL AND NEW.status IN ('booked','completed','no_show');
BEGIN
  IF was_real AND NOT (is_real AND NEW.request_id = OLD.request_id AND NEW.starts_at <= OLD.starts_at) THEN
    UPDATE requests r SET first_appointment_at = (
      SELECT min(a.starts_at) FROM appointments a WHERE a.request_id = OLD.request_id AND a.status IN ('booked','completed','no_show'))
    WHERE r.id = OLD.request_id;
  END IF;
  IF is_real THEN
    UPDATE requests r SET first_appointment_at = least(r.first_appointment_at, NEW.starts_at)
    WHERE r.id = NEW.request_id AND (r.first_appointment_at IS NULL OR r.first_appointment_at > NEW.starts_at);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER appointments_first_appointment AFTER INSERT OR DELETE OR UPDATE OF status, starts_at, request_id ON appointments
  FOR EACH ROW EXECUTE FUNCTION appointments_keep_first_appointment();
--> statement-breakpoint
UPDATE requests r SET first_appointment_at = x.first_at
FROM (SELECT request_id, min(starts_at) AS first_at FROM appointments
      WHERE request_id IS NOT NULL AND status IN ('booked','completed','no_show') GROUP BY request_id) x
WHERE r.id = x.request_id;
