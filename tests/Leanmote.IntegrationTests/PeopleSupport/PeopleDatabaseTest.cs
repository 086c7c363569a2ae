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

namespace Leanmote.IntegrationTests.PeopleSupport;

/// <summary>
/// The People module's own database base class (no shared [SetUpFixture]): one database per test run directory,
/// migrated once per fixture, emptied and re-seeded with <see cref="PeopleWorld"/> before each test.
/// </summary>
public abstract class PeopleDatabaseTest
{
    private Respawner _respawner = null!;

    protected NpgsqlDataSource Db { get; private set; } = null!;
    protected DbRetry Retry { get; } = new(NullLogger<DbRetry>.Instance);

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync()
    {
        Db = await TestDatabase.CreateMigratedAsync("people");
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
    public async Task ResetAndSeedAsync()
    {
        await using var conn = await Db.OpenConnectionAsync();
        await _respawner.ResetAsync(conn);
        await conn.ExecuteAsync(PeopleWorld.Sql);
    }

    protected static QueryOptions Options(QuerySpec spec, params (string Key, string Value)[] parameters)
    {
        var parsed = QueryOptionsParser.Parse(spec, QueryParameters.Of(parameters));
        Assert.That(parsed.IsSuccess, Is.True, () => parsed.Error!.Message);
        return parsed.Value;
    }
}

/// <summary>
/// Three organizations: Acme (1) and Globex (2), which the tests read, and Initech (3), whose rows must never
/// appear. Bob (2, bob@Example.com) belongs to Acme and Globex. Ties on created_at everywhere, so only the id orders them.
/// <list type="bullet">
/// <item>users: 1 Ada, 2 Bob, 3 Cy (inactive), 6 Fay — Acme; 4 Dee — Globex; 5 Eve — Initech.
/// Ada, Bob, Cy share created_at T0; Fay is earliest, Dee T0, Eve latest. Cy's email (a-cy@…) sorts first.</item>
/// <item>teams: Acme 10 Platform (T0), 11 Web (T0, parent 10), 12 Data (T1); Globex 20 Core; Initech 30 Ops.</item>
/// <item>team members: 10 = Ada manager, Bob, Cy; 11 = Bob manager; 20 = Bob, Dee manager; 30 = Eve.</item>
/// <item>apps: Acme 100 GitHub (T0), 101 Jira (T0), 102 GitLab (T1, inactive); Globex 200 GitHub; Initech 300 GitHub.</item>
/// <item>user apps: 1000 Bob@100 (T0), 1001 Bob@100 alt (T1), 1002 Bob@101 (T0), 1003 Bob@200, 1004 Ada@100, 1005 Eve@300.</item>
/// </list>
/// </summary>
public static class PeopleWorld
{
    public const long Acme = 1, Globex = 2, Initech = 3;

    public const string Sql = """
        INSERT INTO organizations (id, name, slug) VALUES (1, 'Acme', 'acme'), (2, 'Globex', 'globex'), (3, 'Initech', 'initech');
        INSERT INTO users (id, name, email, is_active, created_at, updated_at) VALUES
          (1, 'Ada', 'ada@acme.test', true, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
          (2, 'Bob', 'bob@Example.com', true, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
          (3, 'Cy', 'a-cy@acme.test', false, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
          (4, 'Dee', 'dee@globex.test', true, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
          (5, 'Eve', 'eve@initech.test', true, '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z'),
          (6, 'Fay', 'fay@acme.test', true, '2025-12-01T00:00:00Z', '2025-12-01T00:00:00Z');
        INSERT INTO organization_members (organization_id, user_id, role) VALUES
          (1, 1, 'admin'), (1, 2, 'manager'), (1, 3, 'collaborator'), (1, 6, 'collaborator'),
          (2, 2, 'collaborator'), (2, 4, 'admin'), (3, 5, 'admin');
        INSERT INTO teams (id, organization_id, name, parent_team_id, created_at, updated_at) VALUES
          (10, 1, 'Platform', NULL, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
          (11, 1, 'Web', 10, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
          (12, 1, 'Data', NULL, '2026-02-01T00:00:00Z', '2026-02-01T00:00:00Z'),
          (20, 2, 'Core', NULL, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
          (30, 3, 'Ops', NULL, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
        INSERT INTO team_members (organization_id, team_id, user_id, team_role, joined_at) VALUES
          (1, 10, 1, 'manager', '2026-01-05T00:00:00Z'), (1, 10, 2, 'member', '2026-01-06T00:00:00Z'), (1, 10, 3, 'member', '2026-01-07T00:00:00Z'),
          (1, 11, 2, 'manager', '2026-01-04T00:00:00Z'),
          (2, 20, 2, 'member', '2026-01-08T00:00:00Z'), (2, 20, 4, 'manager', '2026-01-08T00:00:00Z'),
          (3, 30, 5, 'member', '2026-01-08T00:00:00Z');
        INSERT INTO apps (id, organization_id, provider, category, name, is_active, created_at) VALUES
          (100, 1, 'github', 'source_control', 'GitHub', true, '2026-01-01T00:00:00Z'),
          (101, 1, 'jira', 'project_management', 'Jira', true, '2026-01-01T00:00:00Z'),
          (102, 1, 'gitlab', 'source_control', 'GitLab', false, '2026-02-01T00:00:00Z'),
          (200, 2, 'github', 'source_control', 'GitHub', true, '2026-01-01T00:00:00Z'),
          (300, 3, 'github', 'source_control', 'GitHub', true, '2026-01-01T00:00:00Z');
        INSERT INTO user_apps (id, organization_id, user_id, app_id, provider, external_id, external_username, created_at) VALUES
          (1000, 1, 2, 100, 'github', '42', 'bob', '2026-01-01T00:00:00Z'),
          (1001, 1, 2, 100, 'github', '43', 'bob-alt', '2026-02-01T00:00:00Z'),
          (1002, 1, 2, 101, 'jira', 'B-1', 'bob', '2026-01-01T00:00:00Z'),
          (1003, 2, 2, 200, 'github', '42', 'bob', '2026-01-01T00:00:00Z'),
          (1004, 1, 1, 100, 'github', '7', 'ada', '2026-01-01T00:00:00Z'),
          (1005, 3, 5, 300, 'github', '9', 'eve', '2026-01-01T00:00:00Z');
        """;
}
