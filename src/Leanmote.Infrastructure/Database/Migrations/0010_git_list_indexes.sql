-- Lists across every repository of an app (repositories/all) walk these in sort order and filter by repository,
-- instead of sorting every matching row: the default sort of commits and pull requests is created_at.
CREATE INDEX commits_org_created_idx ON commits (organization_id, created_at, id);
CREATE INDEX pull_requests_org_created_idx ON pull_requests (organization_id, created_at, id);
