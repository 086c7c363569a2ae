-- 0003_git_indexes: list indexes of the Git routes (rest-api.md §7 "Git").
-- Run by the migrator inside one transaction: no BEGIN/COMMIT here, no CONCURRENTLY.
-- Every list is bounded by organization_id; a list of one repository adds repository_id; then the sort column
-- and the id tie-break, so a page is read in index order. (organization_id, created_at, id) for commits and pull
-- requests across every repository of an app (repositories/all) come from 0010.

-- Commits of one repository, default sort created_at (committed_at has commits_org_repo_committed_idx). The count
-- of repositories/all is an index-only scan of this index with repository_id = ANY(the app's repositories).
CREATE INDEX commits_org_repo_created_idx ON commits (organization_id, repository_id, created_at, id);

-- Pull requests of one repository sorted by opened_at or merged_at (created_at: pull_requests_org_repo_created_idx,
-- number: the unique key pull_requests_repository_number_key).
CREATE INDEX pull_requests_org_repo_opened_idx ON pull_requests (organization_id, repository_id, opened_at, id);
CREATE INDEX pull_requests_org_repo_merged_at_idx ON pull_requests (organization_id, repository_id, merged_at, id);

-- Pull requests of every repository of an app sorted or ranged by opened_at / merged_at. repository_id and state
-- are included so that counting a range (state=merged&merged_at[gte]=…) is an index-only scan. They replace
-- the two-column indexes of 0001, which they cover.
CREATE INDEX pull_requests_org_opened_id_idx ON pull_requests (organization_id, opened_at, id) INCLUDE (repository_id, state);
CREATE INDEX pull_requests_org_merged_id_idx ON pull_requests (organization_id, merged_at, id) INCLUDE (repository_id, state);
DROP INDEX pull_requests_org_opened_idx;
DROP INDEX pull_requests_org_merged_idx;
