using Dapper;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Delivery;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Sql;
using Npgsql;

namespace Leanmote.Infrastructure.Delivery;

internal sealed class DeliveryReader(NpgsqlDataSource db, DbRetry retry) : IDeliveryReader
{
    /// <summary>The deployment select list; <c>pull_request_ids</c> are the links, in id order.</summary>
    internal const string DeploymentSelect = """
        d.id, d.organization_id, d.repository_id, d.team_id, d.service, d.environment, d.status, d.change_type, d.ref,
        d.commit_sha,
        ARRAY(SELECT l.pull_request_id FROM deployment_pull_requests l
              WHERE l.organization_id = d.organization_id AND l.deployment_id = d.id ORDER BY l.pull_request_id) AS pull_request_ids,
        d.started_at, d.finished_at, d.source, d.external_id, d.created_at
        """;
    private const string DeploymentFrom = "FROM deployments d WHERE d.organization_id = ANY(@OrganizationIds)";
    private const string GetDeploymentSql = $"SELECT {DeploymentSelect} {DeploymentFrom} AND d.id = @Id";

    internal static readonly ColumnMap DeploymentColumns = new(tieBreak: "d.id")
    {
        ["created_at"] = "d.created_at",
        ["finished_at"] = "d.finished_at",
        ["repository_id"] = "d.repository_id",
        ["team_id"] = "d.team_id",
        ["environment"] = "d.environment",
        ["status"] = "d.status",
        ["change_type"] = "d.change_type",
        ["service"] = "d.service",
    };

    internal const string IncidentSelect = """
        i.id, i.organization_id, i.team_id, i.repository_id, i.deployment_id, i.service, i.title, i.severity, i.status,
        i.started_at, i.detected_at, i.resolved_at, i.source, i.external_id, i.created_at
        """;
    private const string IncidentFrom = "FROM incidents i WHERE i.organization_id = ANY(@OrganizationIds)";
    private const string GetIncidentSql = $"SELECT {IncidentSelect} {IncidentFrom} AND i.id = @Id";

    internal static readonly ColumnMap IncidentColumns = new(tieBreak: "i.id")
    {
        ["created_at"] = "i.created_at",
        ["started_at"] = "i.started_at",
        ["resolved_at"] = "i.resolved_at",
        ["team_id"] = "i.team_id",
        ["repository_id"] = "i.repository_id",
        ["service"] = "i.service",
        ["severity"] = "i.severity",
        ["status"] = "i.status",
    };

    public Task<(IReadOnlyList<DeploymentView> Rows, long Total)> ListDeploymentsAsync(IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            var list = ListSql.Build(DeploymentSelect, DeploymentFrom, DeploymentColumns, options);
            list = list.ScopedTo(organizationIds);
            var (rows, total) = await DbReading.ReadPageAsync<DeploymentRow>(db, list, token);
            return ((IReadOnlyList<DeploymentView>)[.. rows.Select(r => r.ToView())], total);
        }, ct);

    public Task<DeploymentView?> GetDeploymentAsync(DeploymentId id, IReadOnlyList<long> organizationIds, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            var row = await conn.QuerySingleOrDefaultAsync<DeploymentRow>(new CommandDefinition(
                GetDeploymentSql, new { Id = id.Value, OrganizationIds = organizationIds.ToArray() }, cancellationToken: token));
            return row?.ToView();
        }, ct);

    public Task<(IReadOnlyList<IncidentView> Rows, long Total)> ListIncidentsAsync(IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct) =>
        retry.RunAsync(token =>
        {
            var list = ListSql.Build(IncidentSelect, IncidentFrom, IncidentColumns, options);
            list = list.ScopedTo(organizationIds);
            return DbReading.ReadPageAsync<IncidentView>(db, list, token);
        }, ct);

    public Task<IncidentView?> GetIncidentAsync(IncidentId id, IReadOnlyList<long> organizationIds, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.QuerySingleOrDefaultAsync<IncidentView>(new CommandDefinition(
                GetIncidentSql, new { Id = id.Value, OrganizationIds = organizationIds.ToArray() }, cancellationToken: token));
        }, ct);
}

/// <summary>
/// A deployment as selected: the linked pull requests arrive as a bigint[], which Npgsql reports as
/// <see cref="Array"/>, so this row maps by properties rather than by constructor.
/// </summary>
internal sealed class DeploymentRow
{
    public DeploymentId Id { get; init; }
    public OrganizationId OrganizationId { get; init; }
    public RepositoryId? RepositoryId { get; init; }
    public TeamId? TeamId { get; init; }
    public string? Service { get; init; }
    public string Environment { get; init; } = "";
    public string Status { get; init; } = "";
    public string ChangeType { get; init; } = "";
    public string? Ref { get; init; }
    public string? CommitSha { get; init; }
    public long[] PullRequestIds { get; init; } = [];
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public string Source { get; init; } = "";
    public string ExternalId { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }

    public DeploymentView ToView() => new(
        Id, OrganizationId, RepositoryId, TeamId, Service, Environment, Status, ChangeType, Ref, CommitSha,
        [.. PullRequestIds.Select(PullRequestId.From)], StartedAt, FinishedAt, Source, ExternalId, CreatedAt);
}
