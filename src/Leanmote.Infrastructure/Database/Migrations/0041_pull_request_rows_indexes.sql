-- 0041_pull_request_rows_indexes: list indexes of the metric source rows across an app (rest-api.md "Metric source
-- rows": repositories/all/pull-request-reviews and …/pull-request-comments).
-- Run by the migrator inside one transaction: no BEGIN/COMMIT here, no CONCURRENTLY.
-- The lists of one pull request read (organization_id, pull_request_id, submitted_at | created_at) from 0001 (a pull
-- request has few rows). Across an app they are sorted by the timestamp over the whole organization and filtered
-- by the app's pull requests: these walk the page in index order, and carry the filter columns so that deep pages
-- and counts (ListSql's deferred join) stay in the index.
CREATE INDEX pull_request_reviews_org_submitted_idx ON pull_request_reviews (organization_id, submitted_at, id)
    INCLUDE (pull_request_id, reviewer_id, state);
CREATE INDEX pull_request_comments_org_created_idx ON pull_request_comments (organization_id, created_at, id)
    INCLUDE (pull_request_id, author_id, kind);
