-- 0038_otel_log_records_lean_indexes: fewer indexes to maintain on the hottest insert path (otel.md §11).
-- A lookup by id names the organization (the reader's scope), so the primary key (organization_id, id, occurred_at)
-- serves it; nothing filters log records by identity_id directly (user filters go through telemetry_identities).
DROP INDEX otel_log_records_id_idx;
DROP INDEX otel_log_records_org_identity_idx;
