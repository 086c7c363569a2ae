using Dapper;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Npgsql;

namespace Leanmote.IntegrationTests.Core;

/// <summary>Inserts valid rows through Dapper with every column defaulted; a test names only what it asserts on.</summary>
public sealed class Given(NpgsqlDataSource db)
{
    private int _sequence;

    private int Next() => Interlocked.Increment(ref _sequence);

    private async Task<long> InsertAsync(string sql, object parameters)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>(sql, parameters);
    }

    public async Task ExecAsync(string sql, object? parameters = null)
    {
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync(sql, parameters);
    }

    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    public async Task<OrganizationId> Organization(string? name = null, DateTimeOffset? createdAt = null)
    {
        var n = Next();
        return new(await InsertAsync(
            "INSERT INTO organizations (name, slug, created_at) VALUES (@Name, @Slug, coalesce(@CreatedAt, now())) RETURNING id",
            new { Name = name ?? $"Org {n}", Slug = $"org-{n}", CreatedAt = createdAt }));
    }

    public async Task<UserId> User(string? name = null, string? email = null, bool isActive = true, DateTimeOffset? createdAt = null)
    {
        var n = Next();
        return new(await InsertAsync(
            "INSERT INTO users (name, email, is_active, created_at) VALUES (@Name, @Email, @IsActive, coalesce(@CreatedAt, now())) RETURNING id",
            new { Name = name ?? $"User {n}", Email = email ?? $"user{n}@example.com", IsActive = isActive, CreatedAt = createdAt }));
    }

    public async Task<UserId> Member(OrganizationId organization, OrganizationRole role = OrganizationRole.Collaborator, string? name = null,
        string? email = null, bool isActive = true, DateTimeOffset? createdAt = null)
    {
        var user = await User(name, email, isActive, createdAt);
        await Join(organization, user, role);
        return user;
    }

    public Task Join(OrganizationId organization, UserId user, OrganizationRole role = OrganizationRole.Collaborator) => ExecAsync(
        "INSERT INTO organization_members (organization_id, user_id, role) VALUES (@Org, @User, @Role)",
        new { Org = organization.Value, User = user.Value, Role = role.ToString().ToLowerInvariant() });

    public async Task<CredentialId> Credential(UserId user, string? tokenHash = null, bool isActive = true, DateTimeOffset? expiresAt = null,
        DateTimeOffset? lastUsedAt = null, DateTimeOffset? createdAt = null)
    {
        var n = Next();
        return new(await InsertAsync("""
            INSERT INTO api_credentials (user_id, token_hash, token_preview, is_active, expires_at, last_used_at, created_at)
            VALUES (@User, @Hash, 'lm_ab', @IsActive, @ExpiresAt, @LastUsedAt, coalesce(@CreatedAt, now())) RETURNING id
            """, new { User = user.Value, Hash = tokenHash ?? $"hash-{n}", IsActive = isActive, ExpiresAt = expiresAt, LastUsedAt = lastUsedAt, CreatedAt = createdAt }));
    }

    public async Task<TeamId> Team(OrganizationId organization, string? name = null)
    {
        var n = Next();
        return new(await InsertAsync("INSERT INTO teams (organization_id, name) VALUES (@Org, @Name) RETURNING id",
            new { Org = organization.Value, Name = name ?? $"Team {n}" }));
    }
}
