using System.Text.Json.Nodes;
using Dapper;
using Leanmote.Application.Scim.Filtering;
using Leanmote.Application.Scim.Resources;
using Leanmote.Infrastructure.Access;
using Leanmote.Infrastructure.Database;
using Microsoft.Extensions.Logging;
using Npgsql;
using Leanmote.Infrastructure.Telemetry.Identities;

namespace Leanmote.Infrastructure.Scim;

/// <summary>
/// SCIM users: a member of the organization (organization_members) with their SCIM profile (scim_user_profiles).
/// Writes run in one transaction that locks the profile and membership rows (scim.md §9.1, §10) and apply the
/// lifecycle of §11: deactivation revokes the person's API tokens when no other active membership remains.
/// </summary>
internal sealed class ScimUserStore(NpgsqlDataSource db, DbRetry retry, TokenCache tokenCache, TelemetryIdentityResolver identities, ILogger<ScimUserStore> logger)
    : IScimUserStore
{
    private const string Urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private const string Columns = $"{PageColumns}, {ManagerColumn}";

    /// <summary>The row's own columns; a list selects its page with these before anything per-row is computed.</summary>
    private const string PageColumns =
        "p.organization_id, p.user_id, p.attributes, m.is_active AS active, m.role, p.version, p.created_at, p.updated_at";

    private const string ManagerColumn = $$"""
        (SELECT coalesce(mp.attributes ->> 'displayName', mu.name)
         FROM scim_user_profiles mp JOIN users mu ON mu.id = mp.user_id
         WHERE mp.organization_id = p.organization_id AND mp.deprovisioned_at IS NULL
           AND mp.user_id = CASE WHEN (p.attributes #>> '{{{Urn}},manager,value}') ~ '^usr_[1-9][0-9]{0,17}$'
                                 THEN substr(p.attributes #>> '{{{Urn}},manager,value}', 5)::bigint END) AS manager_display
        """;

    private const string GroupsColumn = """
        (SELECT coalesce(json_agg(json_build_array(gt.id, gt.name) ORDER BY gt.id), '[]')::text
         FROM team_members tm JOIN teams gt ON gt.organization_id = tm.organization_id AND gt.id = tm.team_id
         WHERE tm.organization_id = p.organization_id AND tm.user_id = p.user_id AND gt.deleted_at IS NULL) AS groups
        """;

    private const string From = """
        FROM scim_user_profiles p
        JOIN organization_members m ON m.organization_id = p.organization_id AND m.user_id = p.user_id
        WHERE p.organization_id = @OrganizationId AND p.deprovisioned_at IS NULL
        """;

    private const string GetSql = $"SELECT {Columns}, {GroupsColumn} {From} AND p.user_id = @UserId";
    private const string LockSql = $"SELECT {Columns}, {GroupsColumn} {From} AND p.user_id = @UserId FOR UPDATE OF p, m";

    private static readonly Dictionary<ScimSort, string> SortSql = new()
    {
        [ScimSort.Default] = "p.user_id",
        [ScimSort.UserName] = "p.user_name_folded",
        [ScimSort.DisplayName] = "scim_fold(p.attributes ->> 'displayName')",
        [ScimSort.ExternalId] = "p.external_id",
        [ScimSort.Title] = "scim_fold(p.attributes ->> 'title')",
        [ScimSort.GivenName] = "scim_fold(p.attributes #>> '{name,givenName}')",
        [ScimSort.FamilyName] = "scim_fold(p.attributes #>> '{name,familyName}')",
        [ScimSort.Email] = "scim_primary_email(p.attributes)",
        [ScimSort.Active] = "m.is_active",
        [ScimSort.Created] = "p.created_at",
        [ScimSort.LastModified] = "p.updated_at",
    };

    // One statement (atomic on its own): the platform user, the profile (the unique index on the folded userName
    // decides races), the membership and the audit entries. The membership trigger that backfills profiles of members
    // made outside SCIM runs after the statement and finds the profile already there.
    private const string CreateSql = """
        WITH person AS (
            INSERT INTO users (name, email, title, timezone, is_active, avatar_url)
            VALUES (@Name, @Email, @Title, @Timezone, @Active, @Avatar)
            RETURNING id
        ), profile AS (
            INSERT INTO scim_user_profiles (organization_id, user_id, attributes)
            SELECT @OrganizationId, id, @Attributes::jsonb FROM person
            RETURNING user_id, version, created_at, updated_at
        ), membership AS (
            INSERT INTO organization_members (organization_id, user_id, role, is_active, deactivated_at)
            SELECT @OrganizationId, id, @Role, @Active, CASE WHEN @Active THEN NULL ELSE now() END FROM person
        ), audit AS (
            INSERT INTO scim_audit_events (organization_id, scim_token_id, request_id, resource_type, resource_id, operation, attributes)
            SELECT @OrganizationId, @TokenId, @RequestId, 'User', person.id, a.op, CASE WHEN a.attrs = '' THEN '{}' ELSE string_to_array(a.attrs, ',') END
            FROM person, unnest(@Operations, @AuditAttributes) AS a(op, attrs)
        )
        SELECT user_id, version, created_at, updated_at FROM profile
        """;

    private const string UpdateProfileSql = """
        UPDATE scim_user_profiles SET attributes = @Attributes::jsonb, version = version + 1, updated_at = date_trunc('milliseconds', now())
        WHERE organization_id = @OrganizationId AND user_id = @UserId
        RETURNING user_id, version, created_at, updated_at
        """;

    // Platform fields follow the profile only while this organization is the person's only one: SCIM of one
    // organization never changes what another organization sees (scim.md §3.3).
    private const string UpdatePlatformUserSql = """
        UPDATE users SET name = @Name, email = @Email, title = @Title, timezone = coalesce(@Timezone, timezone), avatar_url = @Avatar, updated_at = now()
        WHERE id = @UserId
          AND NOT EXISTS (SELECT 1 FROM organization_members o WHERE o.user_id = @UserId AND o.organization_id <> @OrganizationId AND o.deprovisioned_at IS NULL)
        """;

    private const string UpdateMembershipSql = """
        UPDATE organization_members
        SET role = @Role, is_active = @Active,
            deactivated_at = CASE WHEN @Active THEN NULL ELSE coalesce(deactivated_at, now()) END
        WHERE organization_id = @OrganizationId AND user_id = @UserId
        """;

    // §11.1/11.2: the platform user and their API tokens follow the membership when no other active one remains.
    private const string DeactivateSql = """
        WITH alone AS (
            SELECT NOT EXISTS (SELECT 1 FROM organization_members o
                               WHERE o.user_id = @UserId AND o.organization_id <> @OrganizationId AND o.is_active) AS yes
        ), person AS (
            UPDATE users SET is_active = false, updated_at = now() WHERE id = @UserId AND is_active AND (SELECT yes FROM alone)
        )
        UPDATE api_credentials SET is_active = false WHERE user_id = @UserId AND is_active AND (SELECT yes FROM alone)
        """;

    private const string ReactivateSql = "UPDATE users SET is_active = true, updated_at = now() WHERE id = @UserId AND NOT is_active";

    private const string DeprovisionSql = """
        UPDATE scim_user_profiles SET deprovisioned_at = now(), updated_at = date_trunc('milliseconds', now())
        WHERE organization_id = @OrganizationId AND user_id = @UserId;
        UPDATE organization_members SET is_active = false, deactivated_at = coalesce(deactivated_at, now()), deprovisioned_at = now()
        WHERE organization_id = @OrganizationId AND user_id = @UserId;
        WITH left_teams AS (
            DELETE FROM team_members WHERE organization_id = @OrganizationId AND user_id = @UserId RETURNING team_id
        )
        UPDATE scim_group_profiles SET version = version + 1, updated_at = date_trunc('milliseconds', now())
        WHERE organization_id = @OrganizationId AND team_id IN (SELECT team_id FROM left_teams);
        """;

    public Task<ScimResult<(IReadOnlyList<ScimUserRow> Rows, long Total)>> ListAsync(ScimClient client, ScimListQuery query, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            var parameters = new DynamicParameters();
            parameters.Add("OrganizationId", client.OrganizationId.Value);
            var where = query.Filter is null ? "" : " AND " + ScimFilterSql.ForUsers(query.Filter, parameters);
            parameters.Add("Offset", query.StartIndex - 1);
            parameters.Add("Limit", query.Count);
            // The count and the page's keys touch the membership only when the filter or the sort needs it
            // (active, roles); the page's columns are then read for its rows alone.
            var membership = query.Sort == ScimSort.Active || (query.Filter is not null && UsesMembership(query.Filter))
                ? "JOIN organization_members m ON m.organization_id = p.organization_id AND m.user_id = p.user_id" : "";
            var from = $"FROM scim_user_profiles p {membership} WHERE p.organization_id = @OrganizationId AND p.deprovisioned_at IS NULL";
            var sql = $"SELECT count(*) {from}{where};";
            if (query.Count > 0)
            {
                var groups = query.IncludeComputed ? GroupsColumn : "'[]' AS groups";
                var keys = $"SELECT p.user_id, {SortSql[query.Sort]} AS sort_key {from}{where} " +
                           $"{ScimSql.Order(SortSql[query.Sort], query.Descending, "p.user_id")} OFFSET @Offset LIMIT @Limit";
                sql += $"SELECT {Columns}, {groups} FROM ({keys}) k " +
                       "JOIN scim_user_profiles p ON p.organization_id = @OrganizationId AND p.user_id = k.user_id " +
                       "JOIN organization_members m ON m.organization_id = p.organization_id AND m.user_id = p.user_id " +
                       $"{ScimSql.Order("k.sort_key", query.Descending, "k.user_id")};";
            }
            await using var conn = await db.OpenConnectionAsync(token);
            await using var grid = await conn.QueryMultipleAsync(new CommandDefinition(sql, parameters, cancellationToken: token));
            var total = await grid.ReadSingleAsync<long>();
            IReadOnlyList<ScimUserRow> rows = query.Count > 0 ? [.. (await grid.ReadAsync<Row>()).Select(r => r.ToView())] : [];
            return (ScimResult<(IReadOnlyList<ScimUserRow>, long)>)(rows, total);
        }, ct);

    /// <summary>Whether a filter names an attribute kept on the membership row (<c>active</c>, <c>roles</c>).</summary>
    private static bool UsesMembership(FilterNode node) => node switch
    {
        AndFilter and => UsesMembership(and.Left) || UsesMembership(and.Right),
        OrFilter or => UsesMembership(or.Left) || UsesMembership(or.Right),
        NotFilter not => UsesMembership(not.Operand),
        PresentFilter present => present.Path.Attribute.Name is "active" or "roles",
        ComparisonFilter comparison => comparison.Path.Attribute.Name is "active" or "roles",
        ValuePathFilter valuePath => valuePath.Attribute.Name == "roles",
        _ => true,
    };

    public Task<ScimUserRow?> GetAsync(ScimClient client, long userId, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(GetSql,
                new { OrganizationId = client.OrganizationId.Value, UserId = userId }, cancellationToken: token));
            return row?.ToView();
        }, ct);

    public async Task<ScimResult<ScimUserRow>> CreateAsync(ScimClient client, ScimUserChange user, CancellationToken ct)
    {
        var created = await retry.RunOnceAsync<ScimResult<Stamp>>(async token =>
        {
            var platform = Platform(user.Attributes);
            await using var conn = await db.OpenConnectionAsync(token);
            try
            {
                return await conn.QuerySingleAsync<Stamp>(new CommandDefinition(CreateSql, new
                {
                    OrganizationId = client.OrganizationId.Value,
                    TokenId = client.TokenId.Value,
                    client.RequestId,
                    platform.Name, platform.Email, platform.Title, platform.Timezone, platform.Avatar, user.Active, user.Role,
                    Attributes = user.Attributes.ToJsonString(),
                    Operations = user.Audit.Select(e => e.Operation).ToArray(),
                    AuditAttributes = user.Audit.Select(e => string.Join(',', e.Attributes)).ToArray(),
                }, cancellationToken: token));
            }
            catch (PostgresException e) when (ScimSql.IsUniqueViolation(e, "scim_user_profiles_user_name_key"))
            {
                return UserNameTaken(user.Attributes);
            }
        }, ct);
        if (created.Error is { } error) return error;
        if (user.Active) await RematchTelemetryAsync(client, created.Value.UserId, ct);
        return await RowAsync(client, created.Value, user, null, ct);
    }

    /// <summary>The row after a write, built from what was written; only a manager reference needs a lookup.</summary>
    private async Task<ScimUserRow> RowAsync(ScimClient client, Stamp stamp, ScimUserChange change, ScimUserRow? before, CancellationToken ct)
    {
        var manager = ManagerOf(change.Attributes);
        if (manager is not null && (before is null || manager != ManagerOf(before.Attributes)))
        {
            return (await GetAsync(client, stamp.UserId, ct))!;
        }
        return new ScimUserRow(stamp.UserId, change.Attributes, change.Active, change.Role, stamp.Version,
            Utc(stamp.CreatedAt), Utc(stamp.UpdatedAt), before?.ManagerDisplay, before?.Groups ?? []);
    }

    private static string? ManagerOf(JsonObject attributes) => attributes[Urn]?["manager"]?["value"]?.GetValue<string>();

    private sealed record Stamp(long UserId, long Version, DateTime CreatedAt, DateTime UpdatedAt);

    public async Task<ScimResult<ScimUserRow>?> ModifyAsync(ScimClient client, long userId, ScimDecision<ScimUserRow, ScimUserChange> decide, CancellationToken ct)
    {
        var outcome = await retry.RunOnceAsync<(bool Found, ScimError? Error, bool Revoked, bool Reactivated, ScimUserRow? Row)>(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            await using var tx = await conn.BeginTransactionAsync(token);
            var keys = new { OrganizationId = client.OrganizationId.Value, UserId = userId };
            var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(LockSql, keys, tx, cancellationToken: token));
            if (row is null) return (false, null, false, false, null);
            var current = row.ToView();
            var decision = decide(current);
            if (decision.Error is { } error) return (true, error, false, false, null);
            if (decision.Value is not { } change)
            {
                await tx.CommitAsync(token);
                return (true, null, false, false, current);
            }

            Stamp stamp;
            try
            {
                stamp = await conn.QuerySingleAsync<Stamp>(new CommandDefinition(UpdateProfileSql, new
                {
                    keys.OrganizationId, keys.UserId, Attributes = change.Attributes.ToJsonString(),
                }, tx, cancellationToken: token));
            }
            catch (PostgresException e) when (ScimSql.IsUniqueViolation(e, "scim_user_profiles_user_name_key"))
            {
                await tx.RollbackAsync(CancellationToken.None);
                return (true, UserNameTaken(change.Attributes), false, false, null);
            }
            var platform = Platform(change.Attributes);
            await conn.ExecuteAsync(new CommandDefinition(UpdatePlatformUserSql, new
            {
                keys.OrganizationId, keys.UserId, platform.Name, platform.Email, platform.Title, platform.Timezone, platform.Avatar,
            }, tx, cancellationToken: token));
            var revoked = false;
            if (change.Role != current.Role || change.Active != current.Active)
            {
                await conn.ExecuteAsync(new CommandDefinition(UpdateMembershipSql, new
                {
                    keys.OrganizationId, keys.UserId, change.Role, change.Active,
                }, tx, cancellationToken: token));
                if (current.Active && !change.Active)
                {
                    await conn.ExecuteAsync(new CommandDefinition(DeactivateSql, keys, tx, cancellationToken: token));
                    revoked = true;
                }
                else if (!current.Active && change.Active)
                {
                    await conn.ExecuteAsync(new CommandDefinition(ReactivateSql, keys, tx, cancellationToken: token));
                }
            }
            await ScimSql.AuditAsync(conn, tx, client, "User", userId, change.Audit, token);
            await tx.CommitAsync(token);
            return (true, null, revoked || change.Role != current.Role, !current.Active && change.Active, await RowAsync(client, stamp, change, current, token));
        }, ct);

        if (!outcome.Found) return null;
        if (outcome.Error is { } failure) return failure;
        if (outcome.Revoked) tokenCache.Invalidate();   // this process at once; the others through leanmote_access
        if (outcome.Reactivated) await RematchTelemetryAsync(client, userId, ct);
        return outcome.Row!;
    }

    /// <summary>
    /// otel.md §8.2: a person who becomes an active member may be who an unmatched telemetry identity is. Best effort:
    /// the SCIM write has committed; a failure here is logged and the next telemetry batch matches them anyway.
    /// </summary>
    private async Task RematchTelemetryAsync(ScimClient client, long userId, CancellationToken ct)
    {
        try
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            var matched = await identities.RematchForMemberAsync(conn, client.OrganizationId.Value, userId, ct);
            if (matched > 0)
                logger.LogInformation("SCIM member {UserId} of organization {OrganizationId} matched {Count} telemetry identities", userId, client.OrganizationId.Value, matched);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            logger.LogWarning(e, "Re-matching telemetry identities for SCIM member {UserId} failed; the next telemetry batch will match them", userId);
        }
    }

    public async Task<ScimResult<bool>> DeprovisionAsync(ScimClient client, long userId, Func<ScimUserRow, ScimError?> check, CancellationToken ct)
    {
        var result = await retry.RunOnceAsync<ScimResult<bool>>(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            await using var tx = await conn.BeginTransactionAsync(token);
            var keys = new { OrganizationId = client.OrganizationId.Value, UserId = userId };
            var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(LockSql, keys, tx, cancellationToken: token));
            if (row is null) return false;
            if (check(row.ToView()) is { } error) return error;
            await conn.ExecuteAsync(new CommandDefinition(DeprovisionSql, keys, tx, cancellationToken: token));
            await conn.ExecuteAsync(new CommandDefinition(DeactivateSql, keys, tx, cancellationToken: token));
            await ScimSql.AuditAsync(conn, tx, client, "User", userId, [new ScimAuditEntry("delete", [])], token);
            await tx.CommitAsync(token);
            return true;
        }, ct);
        if (result.IsSuccess && result.Value) tokenCache.Invalidate();
        return result;
    }

    private static ScimError UserNameTaken(JsonObject attributes) =>
        ScimError.Uniqueness($"userName '{ScimError.Echo(attributes["userName"]!.GetValue<string>())}' is already used by another user in this organization");

    private sealed record PlatformFields(string Name, string Email, string? Title, string? Timezone, string? Avatar);

    private static PlatformFields Platform(JsonObject attributes) => new(
        UserDocument.PlatformName(attributes),
        UserDocument.PlatformEmail(attributes),
        attributes["title"]?.GetValue<string>(),
        UserDocument.PlatformTimezone(attributes),
        UserDocument.PlatformAvatar(attributes));

    private sealed class Row
    {
        public long UserId { get; init; }
        public string Attributes { get; init; } = "{}";
        public bool Active { get; init; }
        public string Role { get; init; } = "collaborator";
        public long Version { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime UpdatedAt { get; init; }
        public string? ManagerDisplay { get; init; }
        public string Groups { get; init; } = "[]";

        public ScimUserRow ToView()
        {
            var groups = JsonNode.Parse(Groups)!.AsArray()
                .Select(g => new ScimGroupRef(g![0]!.GetValue<long>(), g[1]!.GetValue<string>())).ToList();
            return new ScimUserRow(UserId, JsonNode.Parse(Attributes)!.AsObject(), Active, Role, Version,
                Utc(CreatedAt), Utc(UpdatedAt), ManagerDisplay, groups);
        }
    }

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
