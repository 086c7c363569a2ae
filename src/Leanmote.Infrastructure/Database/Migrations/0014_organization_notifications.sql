-- API processes cache organization rows (CachingOrganizationReader); any change to one drops those caches
-- through the same channel that drops the token caches (migration 0005).
CREATE TRIGGER organizations_access_change
    AFTER INSERT OR UPDATE OR DELETE ON organizations
    FOR EACH STATEMENT EXECUTE FUNCTION notify_access_change();
