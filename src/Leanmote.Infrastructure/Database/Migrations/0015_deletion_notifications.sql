-- Owner lookups of tenant rows are cached per process (CachingAccessReader): a row's organization never changes,
-- so only a deletion can make an entry wrong. Deletions notify the access channel, which drops those caches.
CREATE TRIGGER teams_deleted AFTER DELETE ON teams FOR EACH STATEMENT EXECUTE FUNCTION notify_access_change();
CREATE TRIGGER apps_deleted AFTER DELETE ON apps FOR EACH STATEMENT EXECUTE FUNCTION notify_access_change();
CREATE TRIGGER repositories_deleted AFTER DELETE ON repositories FOR EACH STATEMENT EXECUTE FUNCTION notify_access_change();
CREATE TRIGGER boards_deleted AFTER DELETE ON boards FOR EACH STATEMENT EXECUTE FUNCTION notify_access_change();
CREATE TRIGGER tasks_deleted AFTER DELETE ON tasks FOR EACH STATEMENT EXECUTE FUNCTION notify_access_change();
CREATE TRIGGER calendars_deleted AFTER DELETE ON calendars FOR EACH STATEMENT EXECUTE FUNCTION notify_access_change();
CREATE TRIGGER calendar_events_deleted AFTER DELETE ON calendar_events FOR EACH STATEMENT EXECUTE FUNCTION notify_access_change();
CREATE TRIGGER interactions_deleted AFTER DELETE ON interactions FOR EACH STATEMENT EXECUTE FUNCTION notify_access_change();
CREATE TRIGGER dashboard_views_deleted AFTER DELETE ON dashboard_views FOR EACH STATEMENT EXECUTE FUNCTION notify_access_change();
CREATE TRIGGER custom_filters_deleted AFTER DELETE ON custom_filters FOR EACH STATEMENT EXECUTE FUNCTION notify_access_change();
CREATE TRIGGER deployments_deleted AFTER DELETE ON deployments FOR EACH STATEMENT EXECUTE FUNCTION notify_access_change();
CREATE TRIGGER incidents_deleted AFTER DELETE ON incidents FOR EACH STATEMENT EXECUTE FUNCTION notify_access_change();
