using Dapper;
using Leanmote.Application.Access;
using Leanmote.Domain.Access;
using Leanmote.Domain.Common;
using Npgsql;

namespace Leanmote.Infrastructure.Access;

/// <summary>Creates API tokens for operators (the <c>create-token</c> host command), outside any request.</summary>
public sealed class TokenIssuer(NpgsqlDataSource db, IApiCredentialStore credentials)
{
    public sealed record Outcome(string? Token, string? Problem);

    private const string FindSql = "SELECT id FROM users WHERE lower(email) = lower(@Email) AND is_active ORDER BY id LIMIT 2";

    public async Task<Outcome> IssueForEmailAsync(string email, DateTimeOffset? expiresAt, string salt, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var ids = (await conn.QueryAsync<long>(new CommandDefinition(FindSql, new { Email = email }, cancellationToken: ct))).AsList();
        if (ids.Count == 0) return new Outcome(null, $"no active user has the email '{email}'");
        if (ids.Count > 1) return new Outcome(null, $"several users share the email '{email}' (in different organizations); token not created");
        var user = new UserId(ids[0]);
        var token = ApiToken.Generate();
        await credentials.CreateAsync(user, ApiToken.Hash(token, salt), ApiToken.Preview(token), expiresAt, user, organizationIds: null, ct);
        return new Outcome(token, null);
    }
}
