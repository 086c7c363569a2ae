-- Any change that can revoke access (a credential deactivated or expiring, a user deactivated, a membership
-- added, changed or removed) notifies channel leanmote_access, so every API process drops its token cache
-- within moments. Statement-level triggers: one notification per statement, even for bulk loads.
CREATE FUNCTION notify_access_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('leanmote_access', TG_TABLE_NAME);
    RETURN NULL;
END
$$;

CREATE TRIGGER api_credentials_access_change
    AFTER UPDATE OF is_active, expires_at, user_id OR DELETE ON api_credentials
    FOR EACH STATEMENT EXECUTE FUNCTION notify_access_change();

CREATE TRIGGER users_access_change
    AFTER UPDATE OF is_active OR DELETE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION notify_access_change();

CREATE TRIGGER organization_members_access_change
    AFTER INSERT OR UPDATE OR DELETE ON organization_members
    FOR EACH STATEMENT EXECUTE FUNCTION notify_access_change();
