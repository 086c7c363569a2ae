-- 0037_otel_normalizer_wakeup: wakes the normalizers as soon as a raw payload commits (otel.md §7.2 step 4).
-- A statement-level trigger: one NOTIFY per insert statement, folded by PostgreSQL into one per transaction,
-- delivered at commit. The normalizers also poll every second, so a lost notification only delays, never drops.
CREATE FUNCTION otel_raw_payloads_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('leanmote_otel_pending', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER otel_raw_payloads_notify AFTER INSERT ON otel_raw_payloads
    FOR EACH STATEMENT EXECUTE FUNCTION otel_raw_payloads_notify();
