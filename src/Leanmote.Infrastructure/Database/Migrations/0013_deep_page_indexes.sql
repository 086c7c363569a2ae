-- Deep pages locate their rows by key first (ListSql's deferred join): these indexes carry the columns the
-- repositories/all filters read, so skipping a hundred thousand entries never touches the table.
CREATE INDEX commits_org_created_repo_idx ON commits (organization_id, created_at, id) INCLUDE (repository_id, committed_at, author_id);
DROP INDEX commits_org_created_idx;
CREATE INDEX pull_requests_org_created_repo_idx ON pull_requests (organization_id, created_at, id) INCLUDE (repository_id, state, merged_at, opened_at);
DROP INDEX pull_requests_org_created_idx;
