-- 0012_people: sort indexes of the Teams, Users and Apps lists (rest-api.md §7) that 0001 lacks.
-- Tenant lists sort with the id tie-break: (organization_id, <sort column>, id). Users are bounded through
-- their memberships, so their sort indexes lead with the sort column.
CREATE INDEX teams_org_created_idx ON teams (organization_id, created_at, id);
CREATE INDEX teams_org_name_idx ON teams (organization_id, name, id);
CREATE INDEX apps_org_created_idx ON apps (organization_id, created_at, id);
CREATE INDEX apps_org_name_idx ON apps (organization_id, name, id);
CREATE INDEX users_name_idx ON users (name, id);
CREATE INDEX users_email_idx ON users (email, id);
