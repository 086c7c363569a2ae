using System.Security.Cryptography;
using System.Text;
using Dapper;
using Leanmote.Application.Common.Querying;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Sql;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Leanmote.IntegrationTests.Support;
using NUnit.Framework;
using Respawn;

namespace Leanmote.IntegrationTests.DeliverySupport;

/// <summary>
/// The Delivery module's own database base class (no shared [SetUpFixture]): one database per test run
/// directory, migrated once per fixture, emptied before each test by Respawn. Rows are inserted with plain SQL.
/// </summary>
public abstract class DeliveryDatabaseTest
{
    private Respawner _respawner = null!;

    protected NpgsqlDataSource Db { get; private set; } = null!;
    protected DbRetry Retry { get; } = new(NullLogger<DbRetry>.Instance);

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync()
    {
        Db = await TestDatabase.CreateMigratedAsync("delivery");
        await using var conn = await Db.OpenConnectionAsync();
        _respawner = await Respawner.CreateAsync(conn, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            TablesToIgnore = ["schema_version"],
        });
    }

    [OneTimeTearDown]
    public async Task DisposeAsync() => await Db.DisposeAsync();

    [SetUp]
    public async Task ResetAsync()
    {
        await using var conn = await Db.OpenConnectionAsync();
        await _respawner.ResetAsync(conn);
    }

    protected async Task ExecAsync(string sql, object? parameters = null)
    {
        await using var conn = await Db.OpenConnectionAsync();
        await conn.ExecuteAsync(sql, parameters);
    }

    protected async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    /// <summary>Organization <paramref name="id"/> with team <c>id*10</c>, app <c>id*10</c> and repository <c>id*10</c> (acme-N/api).</summary>
    protected Task OrganizationAsync(long id) => ExecAsync("""
        INSERT INTO organizations (id, name, slug) VALUES (@Id, 'Org ' || @Id, 'org-' || @Id);
        INSERT INTO teams (id, organization_id, name) VALUES (@Id * 10, @Id, 'Team');
        INSERT INTO apps (id, organization_id, provider, category, name) VALUES (@Id * 10, @Id, 'github', 'source_control', 'GitHub');
        INSERT INTO repositories (id, organization_id, app_id, team_id, name, full_name) VALUES (@Id * 10, @Id, @Id * 10, @Id * 10, 'api', 'acme-' || @Id || '/api');
        """, new { Id = id });

    protected Task PullRequestAsync(long id, long organization, long repository, int number, string state, DateTimeOffset? mergedAt, string baseBranch = "main") => ExecAsync("""
        INSERT INTO pull_requests (id, organization_id, repository_id, number, state, base_branch, opened_at, merged_at)
        VALUES (@Id, @Org, @Repo, @Number, @State, @Base, '2026-01-01T00:00:00Z', @MergedAt)
        """, new { Id = id, Org = organization, Repo = repository, Number = number, State = state, Base = baseBranch, MergedAt = mergedAt });

    protected Task DeploymentAsync(long id, long organization, string environment = "production", string status = "success",
        string changeType = "normal", long? repository = null, long? team = null, string? service = null,
        DateTimeOffset? finishedAt = null, DateTimeOffset? createdAt = null) => ExecAsync("""
        INSERT INTO deployments (id, organization_id, repository_id, team_id, service, environment, status, change_type, finished_at, external_id, created_at)
        VALUES (@Id, @Org, @Repo, @Team, @Service, @Env, @Status, @ChangeType, @FinishedAt, 'ext-' || @Id, coalesce(@CreatedAt, now()))
        """, new { Id = id, Org = organization, Repo = repository, Team = team, Service = service, Env = environment, Status = status, ChangeType = changeType, FinishedAt = finishedAt, CreatedAt = createdAt });

    protected Task IncidentAsync(long id, long organization, DateTimeOffset startedAt, DateTimeOffset? resolvedAt = null, long? team = null,
        long? repository = null, string? service = null, string? severity = null, DateTimeOffset? createdAt = null) => ExecAsync("""
        INSERT INTO incidents (id, organization_id, team_id, repository_id, service, title, severity, status, started_at, resolved_at, external_id, created_at)
        VALUES (@Id, @Org, @Team, @Repo, @Service, 'Incident ' || @Id, @Severity, CASE WHEN @ResolvedAt::timestamptz IS NULL THEN 'open' ELSE 'resolved' END,
                @StartedAt, @ResolvedAt, 'ext-' || @Id, coalesce(@CreatedAt, now()))
        """, new { Id = id, Org = organization, Team = team, Repo = repository, Service = service, Severity = severity, StartedAt = startedAt, ResolvedAt = resolvedAt, CreatedAt = createdAt });

    protected static QueryOptions Options(QuerySpec spec, params (string Key, string Value)[] parameters)
    {
        var parsed = QueryOptionsParser.Parse(spec, QueryParameters.Of(parameters));
        Assert.That(parsed.IsSuccess, Is.True, () => parsed.Error!.Message);
        return parsed.Value;
    }

    protected static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime();
}
