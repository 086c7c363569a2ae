using Dapper;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Security;
using Leanmote.Application.Interactions;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Sql;
using Npgsql;

namespace Leanmote.Infrastructure.Interactions;

internal sealed class InteractionReader(NpgsqlDataSource db, DbRetry retry) : IInteractionReader
{
    private const string Select = """
        i.id, i.organization_id, i.type, i.source, i.actor_id, i.target_user_id, i.team_id, i.reference_type,
        i.reference_id, i.occurred_at, i.created_at
        """;

    /// <summary>Tenant bound plus people visibility: an interaction belongs to its actor and its target (ADR 0010).</summary>
    private const string Visible = $"""
        i.organization_id = ANY(@OrganizationIds)
          AND (i.organization_id = ANY(@OpenOrganizationIds)
               OR (i.organization_id, i.actor_id) IN {VisiblePeopleSql.Pairs}
               OR (i.organization_id, i.target_user_id) IN {VisiblePeopleSql.Pairs})
        """;

    private const string From = $"FROM interactions i WHERE {Visible}";

    private const string TeamFrom = $"""
        FROM interactions i
        WHERE {Visible}
          AND EXISTS (SELECT 1 FROM team_members tm
                      WHERE tm.organization_id = i.organization_id AND tm.team_id = @TeamId AND tm.user_id = i.actor_id)
        """;

    private const string UserFrom = $"FROM interactions i WHERE {Visible} AND (i.actor_id = @UserId OR i.target_user_id = @UserId)";

    internal static readonly ColumnMap Columns = new(tieBreak: "i.id")
    {
        ["occurred_at"] = "i.occurred_at",
        ["created_at"] = "i.created_at",
        ["type"] = "i.type",
        ["source"] = "i.source",
        ["actor_id"] = "i.actor_id",
        ["target_user_id"] = "i.target_user_id",
        ["team_id"] = "i.team_id",
    };

    private const string GetSql = $"SELECT {Select} FROM interactions i WHERE i.id = @Id";

    public Task<(IReadOnlyList<InteractionView> Rows, long Total)> ListAsync(
        QueryOptions options, IReadOnlyList<long> organizationIds, PeopleVisibility people, CancellationToken ct) =>
        ListAsync(From, options, organizationIds, people, null, ct);

    public Task<(IReadOnlyList<InteractionView> Rows, long Total)> ListOfTeamAsync(
        TeamId team, QueryOptions options, IReadOnlyList<long> organizationIds, PeopleVisibility people, CancellationToken ct) =>
        ListAsync(TeamFrom, options, organizationIds, people, p => p.Add("TeamId", team.Value), ct);

    public Task<(IReadOnlyList<InteractionView> Rows, long Total)> ListOfUserAsync(
        UserId user, QueryOptions options, IReadOnlyList<long> organizationIds, PeopleVisibility people, CancellationToken ct) =>
        ListAsync(UserFrom, options, organizationIds, people, p => p.Add("UserId", user.Value), ct);

    public Task<InteractionView?> GetAsync(InteractionId id, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.QuerySingleOrDefaultAsync<InteractionView>(new CommandDefinition(GetSql, new { Id = id.Value }, cancellationToken: token));
        }, ct);

    private Task<(IReadOnlyList<InteractionView> Rows, long Total)> ListAsync(
        string fromWhere, QueryOptions options, IReadOnlyList<long> organizationIds, PeopleVisibility people,
        Action<DynamicParameters>? bind, CancellationToken ct) =>
        retry.RunAsync(token =>
        {
            var list = ListSql.Build(Select, fromWhere, Columns, options);
            list = list.ScopedTo(organizationIds);
            VisiblePeopleSql.Bind(list.Parameters, people);
            bind?.Invoke(list.Parameters);
            return DbReading.ReadPageAsync<InteractionView>(db, list, token);
        }, ct);
}
