-- Metrics (metrics.md §6.3, ADR 0042): production deployments are found by lower(environment), which no index served,
-- so the planner read every deployment of the span and misjudged how many there were (200 estimated, 19,000 read on
-- the large demo data). The expression index gives both the access path and the statistics.
CREATE INDEX IF NOT EXISTS deployments_org_prod_finished_idx
    ON deployments (organization_id, lower(environment), finished_at, id)
    WHERE status = 'success' AND finished_at IS NOT NULL;

-- A merged PR without a deployment link is deployed by the first successful deployment of its repository after the
-- merge: read in finished_at order and stop at the first that matches (30-day PR source 900 ms -> 250 ms).
CREATE INDEX IF NOT EXISTS deployments_org_repo_success_finished_idx
    ON deployments (organization_id, repository_id, finished_at, id)
    WHERE status = 'success';

-- An incident names a repository or only a team; the latest production deployment before it is read backwards
-- from either of these (the attribution of 2,000 incidents over a 2-year span: 12 s -> under 1 s under load).
CREATE INDEX IF NOT EXISTS deployments_org_team_success_finished_idx
    ON deployments (organization_id, team_id, finished_at, id)
    WHERE status = 'success';

ANALYZE deployments;
