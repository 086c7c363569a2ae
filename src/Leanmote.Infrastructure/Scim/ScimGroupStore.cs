using Dapper;
using Leanmote.Application.Scim.Resources;
using Leanmote.Infrastructure.Database;
using Npgsql;

namespace Leanmote.Infrastructure.Scim;

/// <summary>
/// SCIM groups: the organization's teams (teams + scim_group_profiles) and their members (team_members).
/// Membership writes lock the group profile row, so concurrent PATCHes serialise without lost members.
/// </summary>
internal sealed class ScimGroupStore(NpgsqlDataSource db, DbRetry retry) : IScimGroupStore
{
    private const string Columns = """
        t.id AS team_id, t.name AS display_name, gp.external_id, gp.version,
        date_trunc('milliseconds', t.created_at) AS created_at, gp.updated_at
        """;

    private const string From = """
        FROM teams t JOIN scim_group_profiles gp ON gp.organization_id = t.organization_id AND gp.team_id = t.id
        WHERE t.organization_id = @OrganizationId AND t.deleted_at IS NULL AND gp.deleted_at IS NULL
        """;

    private const string GetSql = $"SELECT {Columns} {From} AND t.id = @TeamId";
    private const string LockSql = $"SELECT {Columns} {From} AND t.id = @TeamId FOR UPDATE OF gp";

    private const string MembersSql = """
        SELECT tm.team_id, tm.user_id, coalesce(p.attributes ->> 'displayName', u.name) AS display
        FROM team_members tm
        JOIN users u ON u.id = tm.user_id
        LEFT JOIN scim_user_profiles p ON p.organization_id = tm.organization_id AND p.user_id = tm.user_id
        WHERE tm.organization_id = @OrganizationId AND tm.team_id = ANY(@TeamIds)
        ORDER BY tm.team_id, tm.user_id
        """;

    private static readonly Dictionary<ScimSort, string> SortSql = new()
    {
        [ScimSort.Default] = "t.id",
        [ScimSort.DisplayName] = "scim_fold(t.name)",
        [ScimSort.ExternalId] = "gp.external_id",
        [ScimSort.Created] = "t.created_at",
        [ScimSort.LastModified] = "gp.updated_at",
    };

    private const string InsertSql = """
        SELECT set_config('leanmote.scim_create', 'on', true);
        INSERT INTO teams (organization_id, name) VALUES (@OrganizationId, @DisplayName) RETURNING id;
        """;

    private const string InsertProfileSql = """
        INSERT INTO scim_group_profiles (organization_id, team_id, display_name_folded, external_id)
        VALUES (@OrganizationId, @TeamId, scim_fold(@DisplayName), @ExternalId);
        SELECT set_config('leanmote.scim_create', 'off', true);
        """;

    private const string VisibleSql = """
        SELECT user_id FROM scim_user_profiles
        WHERE organization_id = @OrganizationId AND user_id = ANY(@UserIds) AND deprovisioned_at IS NULL
        """;

    private const string AddMembersSql = """
        INSERT INTO team_members (organization_id, team_id, user_id, team_role)
        SELECT @OrganizationId, @TeamId, u, 'member' FROM unnest(@UserIds) AS u
        ON CONFLICT DO NOTHING
        """;

    private const string RemoveMembersSql = """
        DELETE FROM team_members WHERE organization_id = @OrganizationId AND team_id = @TeamId AND user_id = ANY(@UserIds)
        """;

    private const string UpdateSql = """
        UPDATE teams SET name = @DisplayName, updated_at = now()
        WHERE organization_id = @OrganizationId AND id = @TeamId AND name IS DISTINCT FROM @DisplayName;
        UPDATE scim_group_profiles
        SET display_name_folded = scim_fold(@DisplayName), external_id = @ExternalId, version = version + 1,
            updated_at = date_trunc('milliseconds', now())
        WHERE organization_id = @OrganizationId AND team_id = @TeamId;
        """;

    private const string DeleteSql = """
        UPDATE teams SET deleted_at = now() WHERE organization_id = @OrganizationId AND id = @TeamId;
        UPDATE scim_group_profiles SET deleted_at = now() WHERE organization_id = @OrganizationId AND team_id = @TeamId;
        DELETE FROM team_members WHERE organization_id = @OrganizationId AND team_id = @TeamId;
        """;

    public Task<ScimResult<(IReadOnlyList<ScimGroupRow> Rows, long Total)>> ListAsync(ScimClient client, ScimListQuery query, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            var parameters = new DynamicParameters();
            parameters.Add("OrganizationId", client.OrganizationId.Value);
            var where = query.Filter is null ? "" : " AND " + ScimFilterSql.ForGroups(query.Filter, parameters);
            parameters.Add("Offset", query.StartIndex - 1);
            parameters.Add("Limit", query.Count);
            var sql = $"SELECT count(*) {From}{where};";
            if (query.Count > 0)
            {
                sql += $"SELECT {Columns} {From}{where} {ScimSql.Order(SortSql.GetValueOrDefault(query.Sort, "t.id"), query.Descending, "t.id")} OFFSET @Offset LIMIT @Limit;";
            }
            await using var conn = await db.OpenConnectionAsync(token);
            long total;
            List<Row> rows;
            await using (var grid = await conn.QueryMultipleAsync(new CommandDefinition(sql, parameters, cancellationToken: token)))
            {
                total = await grid.ReadSingleAsync<long>();
                rows = query.Count > 0 ? (await grid.ReadAsync<Row>()).AsList() : [];
            }
            var members = query.IncludeComputed && rows.Count > 0
                ? await LoadMembersAsync(conn, null, client, [.. rows.Select(r => r.TeamId)], token)
                : null;
            IReadOnlyList<ScimGroupRow> views = [.. rows.Select(r => r.ToView(members))];
            return (ScimResult<(IReadOnlyList<ScimGroupRow>, long)>)(views, total);
        }, ct);

    public Task<ScimGroupRow?> GetAsync(ScimClient client, long teamId, bool withMembers, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(GetSql,
                new { OrganizationId = client.OrganizationId.Value, TeamId = teamId }, cancellationToken: token));
            if (row is null) return null;
            var members = withMembers ? await LoadMembersAsync(conn, null, client, [teamId], token) : null;
            return row.ToView(members);
        }, ct);

    public async Task<ScimResult<ScimGroupRow>> CreateAsync(ScimClient client, ScimGroupChange group, CancellationToken ct)
    {
        var created = await retry.RunOnceAsync<ScimResult<long>>(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            await using var tx = await conn.BeginTransactionAsync(token);
            long teamId;
            await using (var grid = await conn.QueryMultipleAsync(new CommandDefinition(InsertSql, new
            {
                OrganizationId = client.OrganizationId.Value, group.DisplayName,
            }, tx, cancellationToken: token)))
            {
                await grid.ReadAsync<string>();
                teamId = await grid.ReadSingleAsync<long>();
            }
            try
            {
                await conn.ExecuteAsync(new CommandDefinition(InsertProfileSql, new
                {
                    OrganizationId = client.OrganizationId.Value, TeamId = teamId, group.DisplayName, group.ExternalId,
                }, tx, cancellationToken: token));
            }
            catch (PostgresException e) when (ScimSql.IsUniqueViolation(e, "scim_group_profiles_display_name_key"))
            {
                await tx.RollbackAsync(CancellationToken.None);
                return NameTaken(group.DisplayName);
            }
            if (group.Members is { Count: > 0 } members)
            {
                if (await InvisibleAsync(conn, tx, client, members, token) is { } invisible) return invisible;
                await conn.ExecuteAsync(new CommandDefinition(AddMembersSql, new
                {
                    OrganizationId = client.OrganizationId.Value, TeamId = teamId, UserIds = members.ToArray(),
                }, tx, cancellationToken: token));
            }
            await ScimSql.AuditAsync(conn, tx, client, "Group", teamId, group.Audit, token);
            await tx.CommitAsync(token);
            return teamId;
        }, ct);
        if (created.Error is { } error) return error;
        return (await GetAsync(client, created.Value, withMembers: true, ct))!;
    }

    public async Task<ScimResult<ScimGroupRow>?> ModifyAsync(ScimClient client, long teamId, ScimDecision<ScimGroupRow, ScimGroupChange> decide, CancellationToken ct)
    {
        var outcome = await retry.RunOnceAsync<(bool Found, ScimError? Error)>(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            await using var tx = await conn.BeginTransactionAsync(token);
            var keys = new { OrganizationId = client.OrganizationId.Value, TeamId = teamId };
            var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(LockSql, keys, tx, cancellationToken: token));
            if (row is null) return (false, null);
            var members = await LoadMembersAsync(conn, tx, client, [teamId], token);
            var current = row.ToView(members);
            var decision = decide(current);
            if (decision.Error is { } error) return (true, error);
            if (decision.Value is not { } change)
            {
                await tx.CommitAsync(token);
                return (true, null);
            }
            if (change.Members is { } wanted)
            {
                var before = current.Members!.Select(m => m.UserId).ToHashSet();
                var add = wanted.Where(id => !before.Contains(id)).Distinct().ToArray();
                var keep = wanted.ToHashSet();
                var remove = before.Where(id => !keep.Contains(id)).ToArray();
                if (add.Length > 0)
                {
                    if (await InvisibleAsync(conn, tx, client, add, token) is { } invisible) return (true, invisible);
                    await conn.ExecuteAsync(new CommandDefinition(AddMembersSql, new { keys.OrganizationId, keys.TeamId, UserIds = add }, tx, cancellationToken: token));
                }
                if (remove.Length > 0)
                {
                    await conn.ExecuteAsync(new CommandDefinition(RemoveMembersSql, new { keys.OrganizationId, keys.TeamId, UserIds = remove }, tx, cancellationToken: token));
                }
            }
            try
            {
                await conn.ExecuteAsync(new CommandDefinition(UpdateSql, new
                {
                    keys.OrganizationId, keys.TeamId, change.DisplayName, change.ExternalId,
                }, tx, cancellationToken: token));
            }
            catch (PostgresException e) when (ScimSql.IsUniqueViolation(e, "scim_group_profiles_display_name_key"))
            {
                await tx.RollbackAsync(CancellationToken.None);
                return (true, NameTaken(change.DisplayName));
            }
            await ScimSql.AuditAsync(conn, tx, client, "Group", teamId, change.Audit, token);
            await tx.CommitAsync(token);
            return (true, null);
        }, ct);
        if (!outcome.Found) return null;
        if (outcome.Error is { } failure) return failure;
        var fresh = await GetAsync(client, teamId, withMembers: false, ct);
        return fresh is null ? (ScimResult<ScimGroupRow>?)null : fresh;
    }

    public Task<ScimResult<bool>> DeleteAsync(ScimClient client, long teamId, Func<ScimGroupRow, ScimError?> check, CancellationToken ct) =>
        retry.RunOnceAsync<ScimResult<bool>>(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            await using var tx = await conn.BeginTransactionAsync(token);
            var keys = new { OrganizationId = client.OrganizationId.Value, TeamId = teamId };
            var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(LockSql, keys, tx, cancellationToken: token));
            if (row is null) return false;
            if (check(row.ToView(null)) is { } error) return error;
            await conn.ExecuteAsync(new CommandDefinition(DeleteSql, keys, tx, cancellationToken: token));
            await ScimSql.AuditAsync(conn, tx, client, "Group", teamId, [new ScimAuditEntry("delete", [])], token);
            await tx.CommitAsync(token);
            return true;
        }, ct);

    private static async Task<ScimError?> InvisibleAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ScimClient client, IReadOnlyList<long> userIds, CancellationToken ct)
    {
        var visible = (await conn.QueryAsync<long>(new CommandDefinition(VisibleSql, new
        {
            OrganizationId = client.OrganizationId.Value, UserIds = userIds.ToArray(),
        }, tx, cancellationToken: ct))).ToHashSet();
        foreach (var id in userIds)
        {
            if (!visible.Contains(id)) return ScimError.InvalidValue($"members value 'usr_{id}' is not a user of this organization");
        }
        return null;
    }

    private static async Task<Dictionary<long, List<ScimMemberRef>>> LoadMembersAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, ScimClient client, long[] teamIds, CancellationToken ct)
    {
        var rows = await conn.QueryAsync<(long TeamId, long UserId, string Display)>(new CommandDefinition(MembersSql, new
        {
            OrganizationId = client.OrganizationId.Value, TeamIds = teamIds,
        }, tx, cancellationToken: ct));
        var result = teamIds.ToDictionary(id => id, _ => new List<ScimMemberRef>());
        foreach (var (teamId, userId, display) in rows) result[teamId].Add(new ScimMemberRef(userId, display));
        return result;
    }

    private static ScimError NameTaken(string displayName) =>
        ScimError.Uniqueness($"displayName '{ScimError.Echo(displayName)}' is already used by another group in this organization");

    private sealed class Row
    {
        public long TeamId { get; init; }
        public string DisplayName { get; init; } = "";
        public string? ExternalId { get; init; }
        public long Version { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime UpdatedAt { get; init; }

        public ScimGroupRow ToView(Dictionary<long, List<ScimMemberRef>>? members) =>
            new(TeamId, DisplayName, ExternalId, Version, ScimUserStore.Utc(CreatedAt), ScimUserStore.Utc(UpdatedAt),
                members?.GetValueOrDefault(TeamId));
    }
}
