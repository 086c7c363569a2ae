-- 0007_delivery: indexes for the Delivery lists and writes (rest-api.md §7 "Delivery").
-- Run by the migrator inside one transaction: no BEGIN/COMMIT here, no CONCURRENTLY.

-- Default sort of GET /v1/deployments and /v1/incidents (created_at, id tie-break).
CREATE INDEX deployments_org_created_idx ON deployments (organization_id, created_at, id);
CREATE INDEX incidents_org_created_idx ON incidents (organization_id, created_at, id);

-- POST /v1/deployments names its repository by full_name (the unique key leads with app_id).
CREATE INDEX repositories_org_full_name_idx ON repositories (organization_id, full_name);

-- Linking a deployment to the pull requests merged since the previous one (per repository).
CREATE INDEX pull_requests_org_repo_merged_idx ON pull_requests (organization_id, repository_id, merged_at)
    WHERE state = 'merged';
