-- 0009_work: sort indexes of the Work, Calendar and Interactions lists (rest-api.md §7) that 0001 lacks.
-- Organization-wide lists sort by these columns with the id tie-break: (organization_id, <sort column>, id).
CREATE INDEX tasks_org_created_idx ON tasks (organization_id, created_at, id);
CREATE INDEX tasks_org_updated_idx ON tasks (organization_id, updated_at, id);
CREATE INDEX tasks_org_completed_idx ON tasks (organization_id, completed_at, id);
CREATE INDEX calendar_events_org_created_idx ON calendar_events (organization_id, created_at, id);
CREATE INDEX interactions_org_created_idx ON interactions (organization_id, created_at, id);
