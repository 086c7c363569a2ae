using System.Data;
using Dapper;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Delivery;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Database;
using Npgsql;

namespace Leanmote.Infrastructure.Delivery;

/// <summary>
/// The Delivery writes. Each method is one transaction: references are checked against the organization,
/// then one race-free upsert (<c>INSERT … ON CONFLICT DO UPDATE … RETURNING (xmax = 0)</c>), then the links,
/// then the row is read back. Concurrent reports of the same (organization, source, external_id) serialise on
/// the unique key: exactly one inserts, the others update.
/// </summary>
internal sealed class DeliveryStore(NpgsqlDataSource db, DbRetry retry) : IDeliveryStore
{
    private const string RepositoryByIdSql = "SELECT id, team_id FROM repositories WHERE organization_id = @OrganizationId AND id = @Id";
    private const string RepositoryByNameSql = "SELECT id, team_id FROM repositories WHERE organization_id = @OrganizationId AND full_name = @FullName LIMIT 2";
    private const string TeamExistsSql = "SELECT EXISTS (SELECT 1 FROM teams WHERE organization_id = @OrganizationId AND id = @Id)";
    private const string DeploymentExistsSql = "SELECT EXISTS (SELECT 1 FROM deployments WHERE organization_id = @OrganizationId AND id = @Id)";
    private const string PullRequestsByIdSql = "SELECT id FROM pull_requests WHERE organization_id = @OrganizationId AND id = ANY(@Ids)";
    private const string PullRequestsByNumberSql = """
        SELECT number, id FROM pull_requests
        WHERE organization_id = @OrganizationId AND repository_id = @RepositoryId AND number = ANY(@Numbers)
        """;

    private const string UpsertDeploymentSql = """
        INSERT INTO deployments AS d (organization_id, repository_id, team_id, service, environment, status, change_type, ref,
                                      commit_sha, started_at, finished_at, source, external_id)
        VALUES (@OrganizationId, @RepositoryId, @TeamId, @Service, @Environment, @Status, @ChangeType, @Ref, @CommitSha,
                @StartedAt::timestamptz,
                CASE WHEN @Status::text = 'in_progress' THEN NULL
                     ELSE coalesce(@FinishedAt::timestamptz, greatest(@Now::timestamptz, @StartedAt::timestamptz)) END,
                @Source, @ExternalId)
        ON CONFLICT (organization_id, source, external_id) DO UPDATE SET
            repository_id = EXCLUDED.repository_id,
            team_id = EXCLUDED.team_id,
            service = EXCLUDED.service,
            environment = EXCLUDED.environment,
            status = EXCLUDED.status,
            change_type = EXCLUDED.change_type,
            ref = EXCLUDED.ref,
            commit_sha = EXCLUDED.commit_sha,
            started_at = EXCLUDED.started_at,
            -- a report without finished_at keeps the time first recorded (a repeat changes nothing)
            finished_at = CASE
                WHEN EXCLUDED.status = 'in_progress' THEN NULL
                WHEN @FinishedAt::timestamptz IS NOT NULL THEN EXCLUDED.finished_at
                WHEN d.finished_at IS NOT NULL AND (EXCLUDED.started_at IS NULL OR d.finished_at >= EXCLUDED.started_at) THEN d.finished_at
                ELSE EXCLUDED.finished_at END
        RETURNING d.id, (d.xmax = 0) AS inserted, d.finished_at
        """;

    private const string UnlinkSql = "DELETE FROM deployment_pull_requests WHERE organization_id = @OrganizationId AND deployment_id = @DeploymentId";

    private const string LinkListedSql = """
        INSERT INTO deployment_pull_requests (organization_id, deployment_id, pull_request_id)
        SELECT @OrganizationId, @DeploymentId, pr FROM unnest(@PullRequestIds) AS pr
        """;

    /// <summary>
    /// Without commit ancestry: the pull requests merged into the repository's default branch after the previous
    /// successful deployment of the same repository and environment, up to this one's finish (or now).
    /// </summary>
    private const string LinkMergedSql = """
        INSERT INTO deployment_pull_requests (organization_id, deployment_id, pull_request_id)
        SELECT pr.organization_id, @DeploymentId, pr.id
        FROM pull_requests pr
        JOIN repositories r ON r.organization_id = pr.organization_id AND r.id = pr.repository_id
        WHERE pr.organization_id = @OrganizationId AND pr.repository_id = @RepositoryId AND pr.state = 'merged'
          AND pr.base_branch = r.default_branch
          AND pr.merged_at <= @Until::timestamptz
          AND pr.merged_at > coalesce((
                SELECT max(p.finished_at) FROM deployments p
                WHERE p.organization_id = @OrganizationId AND p.repository_id = @RepositoryId
                  AND p.environment = @Environment AND p.status = 'success' AND p.id <> @DeploymentId
                  AND p.finished_at < @Until::timestamptz), '-infinity')
        """;

    private const string DeploymentSql = $"SELECT {DeliveryReader.DeploymentSelect} FROM deployments d WHERE d.organization_id = @OrganizationId AND d.id = @Id";

    private const string UpsertIncidentSql = """
        INSERT INTO incidents AS i (organization_id, team_id, repository_id, deployment_id, service, title, severity, status,
                                    started_at, detected_at, resolved_at, source, external_id)
        VALUES (@OrganizationId, @TeamId, @RepositoryId, @DeploymentId, @Service, @Title, @Severity, @Status,
                @StartedAt::timestamptz, @DetectedAt::timestamptz,
                CASE WHEN @Status::text = 'resolved'
                     THEN coalesce(@ResolvedAt::timestamptz, greatest(@Now::timestamptz, @StartedAt::timestamptz)) END,
                @Source, @ExternalId)
        ON CONFLICT (organization_id, source, external_id) DO UPDATE SET
            team_id = EXCLUDED.team_id,
            repository_id = EXCLUDED.repository_id,
            deployment_id = EXCLUDED.deployment_id,
            service = EXCLUDED.service,
            title = EXCLUDED.title,
            severity = EXCLUDED.severity,
            status = EXCLUDED.status,
            started_at = EXCLUDED.started_at,
            detected_at = EXCLUDED.detected_at,
            -- "resolved" without resolved_at keeps the time first recorded (a repeat changes nothing)
            resolved_at = CASE
                WHEN EXCLUDED.status <> 'resolved' THEN NULL
                WHEN @ResolvedAt::timestamptz IS NOT NULL THEN EXCLUDED.resolved_at
                WHEN i.resolved_at IS NOT NULL AND i.resolved_at >= EXCLUDED.started_at THEN i.resolved_at
                ELSE EXCLUDED.resolved_at END
        RETURNING i.id, (i.xmax = 0) AS inserted
        """;

    private const string IncidentSql = $"SELECT {DeliveryReader.IncidentSelect} FROM incidents i WHERE i.organization_id = @OrganizationId AND i.id = @Id";

    private const string LockIncidentSql = """
        SELECT status, resolved_at, started_at FROM incidents WHERE organization_id = @OrganizationId AND id = @Id FOR UPDATE
        """;

    private const string PatchIncidentSql = """
        UPDATE incidents SET
            title = CASE WHEN @SetTitle THEN @Title::text ELSE title END,
            severity = CASE WHEN @SetSeverity THEN @Severity::text ELSE severity END,
            deployment_id = CASE WHEN @SetDeploymentId THEN @DeploymentId::bigint ELSE deployment_id END,
            status = @Status,
            resolved_at = @ResolvedAt::timestamptz
        WHERE organization_id = @OrganizationId AND id = @Id
        """;

    private const string NotInOrganization = "does not exist in the organization";

    public Task<Result<Upserted<DeploymentView>>> UpsertDeploymentAsync(DeploymentReport report, DateTimeOffset now, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            await using var tx = await conn.BeginTransactionAsync(token);
            var organization = report.OrganizationId.Value;
            var errors = new List<ErrorDetail>();

            RepositoryRef? repository = null;
            if (report.RepositoryId is { } repositoryId)
            {
                repository = await conn.QuerySingleOrDefaultAsync<RepositoryRef>(Command(RepositoryByIdSql, new { OrganizationId = organization, Id = repositoryId.Value }, tx, token));
                if (repository is null) errors.Add(new("repository_id", NotInOrganization));
            }
            else if (report.RepositoryFullName is { } fullName)
            {
                var found = (await conn.QueryAsync<RepositoryRef>(Command(RepositoryByNameSql, new { OrganizationId = organization, FullName = fullName }, tx, token))).AsList();
                if (found.Count == 1) repository = found[0];
                else errors.Add(new("repository", found.Count == 0 ? "does not name a repository of the organization" : "names more than one repository; send repository_id"));
            }
            await CheckExistsAsync(conn, tx, TeamExistsSql, organization, report.TeamId?.Value, "team_id", errors, token);

            long[]? listed = null;
            if (report.PullRequestIds is { } ids)
            {
                listed = [.. await conn.QueryAsync<long>(Command(PullRequestsByIdSql, new { OrganizationId = organization, Ids = ids.Select(i => i.Value).ToArray() }, tx, token))];
                var missing = ids.Where(i => !listed.Contains(i.Value)).Select(i => i.ToString()).ToList();
                if (missing.Count > 0) errors.Add(new("pull_request_ids", $"{Shown(missing)} {(missing.Count == 1 ? "does" : "do")} not exist in the organization"));
            }
            else if (report.PullRequestNumbers is { } numbers && repository is { } repo)
            {
                var found = (await conn.QueryAsync<PullRequestRef>(Command(PullRequestsByNumberSql, new { OrganizationId = organization, RepositoryId = repo.Id, Numbers = numbers.ToArray() }, tx, token))).AsList();
                listed = [.. found.Select(f => f.Id)];
                var missing = numbers.Where(n => found.All(f => f.Number != n)).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
                if (missing.Count > 0) errors.Add(new("pull_request_numbers", $"{Shown(missing)} {(missing.Count == 1 ? "is not a pull request" : "are not pull requests")} of the repository"));
            }
            if (errors.Count > 0) return Error.Validation(errors);

            var upserted = await conn.QuerySingleAsync<UpsertedDeployment>(Command(UpsertDeploymentSql, new
            {
                OrganizationId = organization,
                RepositoryId = repository?.Id,
                TeamId = report.TeamId?.Value ?? repository?.TeamId,
                report.Service,
                report.Environment,
                report.Status,
                report.ChangeType,
                report.Ref,
                report.CommitSha,
                report.StartedAt,
                report.FinishedAt,
                Now = now,
                report.Source,
                report.ExternalId,
            }, tx, token));

            var link = new { OrganizationId = organization, DeploymentId = upserted.Id };
            await conn.ExecuteAsync(Command(UnlinkSql, link, tx, token));
            if (listed is not null)
            {
                await conn.ExecuteAsync(Command(LinkListedSql, new { link.OrganizationId, link.DeploymentId, PullRequestIds = listed.Distinct().ToArray() }, tx, token));
            }
            else if (repository is { } repo && report.PullRequestNumbers is null)
            {
                await conn.ExecuteAsync(Command(LinkMergedSql, new
                {
                    link.OrganizationId,
                    link.DeploymentId,
                    RepositoryId = repo.Id,
                    report.Environment,
                    Until = upserted.FinishedAt ?? now,
                }, tx, token));
            }

            var row = await conn.QuerySingleAsync<DeploymentRow>(Command(DeploymentSql, new { OrganizationId = organization, Id = upserted.Id }, tx, token));
            await tx.CommitAsync(token);
            return (Result<Upserted<DeploymentView>>)new Upserted<DeploymentView>(row.ToView(), upserted.Inserted);
        }, ct);

    public Task<Result<Upserted<IncidentView>>> UpsertIncidentAsync(IncidentReport report, DateTimeOffset now, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            await using var tx = await conn.BeginTransactionAsync(token);
            var organization = report.OrganizationId.Value;
            var errors = new List<ErrorDetail>();
            await CheckExistsAsync(conn, tx, TeamExistsSql, organization, report.TeamId?.Value, "team_id", errors, token);
            if (report.RepositoryId is { } repositoryId &&
                await conn.QuerySingleOrDefaultAsync<RepositoryRef>(Command(RepositoryByIdSql, new { OrganizationId = organization, Id = repositoryId.Value }, tx, token)) is null)
            {
                errors.Add(new("repository_id", NotInOrganization));
            }
            await CheckExistsAsync(conn, tx, DeploymentExistsSql, organization, report.DeploymentId?.Value, "deployment_id", errors, token);
            if (errors.Count > 0) return Error.Validation(errors);

            var upserted = await conn.QuerySingleAsync<UpsertedIncident>(Command(UpsertIncidentSql, new
            {
                OrganizationId = organization,
                TeamId = report.TeamId?.Value,
                RepositoryId = report.RepositoryId?.Value,
                DeploymentId = report.DeploymentId?.Value,
                report.Service,
                report.Title,
                report.Severity,
                Status = report.Status ?? (report.ResolvedAt is null ? "open" : "resolved"),
                report.StartedAt,
                report.DetectedAt,
                report.ResolvedAt,
                Now = now,
                report.Source,
                report.ExternalId,
            }, tx, token));
            var view = await conn.QuerySingleAsync<IncidentView>(Command(IncidentSql, new { OrganizationId = organization, Id = upserted.Id }, tx, token));
            await tx.CommitAsync(token);
            return (Result<Upserted<IncidentView>>)new Upserted<IncidentView>(view, upserted.Inserted);
        }, ct);

    public Task<Result<IncidentView>> PatchIncidentAsync(OrganizationId organization, IncidentId id, IncidentPatch patch, DateTimeOffset now, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            await using var tx = await conn.BeginTransactionAsync(token);
            var key = new { OrganizationId = organization.Value, Id = id.Value };
            var current = await conn.QuerySingleOrDefaultAsync<IncidentState>(Command(LockIncidentSql, key, tx, token));
            if (current is null) return Error.NotFound();

            var state = patch.Apply(current.Status, current.ResolvedAt, current.StartedAt, now);
            if (!state.IsSuccess) return state.Error;
            var errors = new List<ErrorDetail>();
            if (patch.DeploymentId.IsSet)
                await CheckExistsAsync(conn, tx, DeploymentExistsSql, organization.Value, patch.DeploymentId.Value?.Value, "deployment_id", errors, token);
            if (errors.Count > 0) return Error.Validation(errors);

            await conn.ExecuteAsync(Command(PatchIncidentSql, new
            {
                key.OrganizationId,
                key.Id,
                SetTitle = patch.Title.IsSet,
                Title = patch.Title.Value,
                SetSeverity = patch.Severity.IsSet,
                Severity = patch.Severity.Value,
                SetDeploymentId = patch.DeploymentId.IsSet,
                DeploymentId = patch.DeploymentId.Value?.Value,
                state.Value.Status,
                state.Value.ResolvedAt,
            }, tx, token));
            var view = await conn.QuerySingleAsync<IncidentView>(Command(IncidentSql, key, tx, token));
            await tx.CommitAsync(token);
            return (Result<IncidentView>)view;
        }, ct);

    private static async Task CheckExistsAsync(NpgsqlConnection conn, IDbTransaction tx, string sql, long organization, long? id, string field, List<ErrorDetail> errors, CancellationToken ct)
    {
        if (id is null) return;
        if (!await conn.ExecuteScalarAsync<bool>(Command(sql, new { OrganizationId = organization, Id = id.Value }, tx, ct)))
            errors.Add(new(field, NotInOrganization));
    }

    private static string Shown(IReadOnlyList<string> values) =>
        string.Join(", ", values.Take(10)) + (values.Count > 10 ? $" and {values.Count - 10} more" : "");

    private sealed record RepositoryRef(long Id, long? TeamId);

    private sealed record PullRequestRef(int Number, long Id);

    private sealed record UpsertedDeployment(long Id, bool Inserted, DateTimeOffset? FinishedAt);

    private sealed record UpsertedIncident(long Id, bool Inserted);

    private sealed record IncidentState(string Status, DateTimeOffset? ResolvedAt, DateTimeOffset StartedAt);

    private static CommandDefinition Command(string sql, object parameters, IDbTransaction tx, CancellationToken ct) =>
        new(sql, parameters, tx, cancellationToken: ct);
}
