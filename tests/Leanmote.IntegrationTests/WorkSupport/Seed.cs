using Dapper;
using Npgsql;

namespace Leanmote.IntegrationTests.WorkSupport;

/// <summary>Inserts rows with plain SQL and returns their ids; every column not named keeps its default.</summary>
public sealed class Seed(NpgsqlDataSource db)
{
    private int _counter;

    public async Task<long> RowAsync(string sql, object? args = null)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>(sql, args);
    }

    public Task<long> OrganizationAsync(string name) =>
        RowAsync("INSERT INTO organizations (name, slug) VALUES (@name, @slug) RETURNING id", new { name, slug = $"{name.ToLowerInvariant()}-{Next()}" });

    public Task<long> UserAsync(string name) =>
        RowAsync("INSERT INTO users (name, email) VALUES (@name, @email) RETURNING id", new { name, email = $"{name.ToLowerInvariant()}{Next()}@example.com" });

    public Task MemberAsync(long organization, long user, string role = "collaborator") =>
        RowAsync("INSERT INTO organization_members (organization_id, user_id, role) VALUES (@organization, @user, @role) RETURNING 0", new { organization, user, role });

    public Task<long> TeamAsync(long organization, string name) =>
        RowAsync("INSERT INTO teams (organization_id, name) VALUES (@organization, @name) RETURNING id", new { organization, name });

    public Task TeamMemberAsync(long organization, long team, long user, string teamRole = "member") =>
        RowAsync("INSERT INTO team_members (organization_id, team_id, user_id, team_role) VALUES (@organization, @team, @user, @teamRole) RETURNING 0",
            new { organization, team, user, teamRole });

    public Task<long> AppAsync(long organization, string provider = "jira", string category = "project_management") =>
        RowAsync("INSERT INTO apps (organization_id, provider, category, name) VALUES (@organization, @provider, @category, @provider) RETURNING id",
            new { organization, provider, category });

    private int Next() => Interlocked.Increment(ref _counter);
}
