using Dapper;
using Leanmote.Application.Access;
using Leanmote.Api.Hosting;
using Leanmote.Domain.Access;
using Leanmote.Domain.Telemetry;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Leanmote.Api.Telemetry;

/// <summary>
/// <c>create-ingest-token --organization SLUG [--name N]</c>: an ingest token for all signals of that organization,
/// printed alone on stdout (the <c>run</c> target prints it next to the admin token with the OTEL_* lines, otel.md §2.4).
/// </summary>
public static class IngestTokenCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyDictionary<string, string> options, CancellationToken ct)
    {
        if (!options.TryGetValue("organization", out var slug)) throw new CommandFailedException("create-ingest-token needs --organization <slug>");
        var name = options.GetValueOrDefault("name", "Demo telemetry");
        var salt = services.GetRequiredService<IOptions<AccessOptions>>().Value.TokenSalt;
        await using var conn = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(ct);
        var organization = await conn.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM organizations WHERE slug = @slug", new { slug }, cancellationToken: ct))
                           ?? throw new CommandFailedException($"no organization with slug '{slug}'");
        var token = IngestToken.Generate();
        await conn.ExecuteAsync(new CommandDefinition(
            "INSERT INTO ingest_tokens (organization_id, name, token_hash, token_preview) VALUES (@organization, @name, @hash, @preview)",
            new { organization, name, hash = ApiToken.Hash(token, salt), preview = IngestToken.Preview(token) }, cancellationToken: ct));
        await Console.Out.WriteLineAsync(token);
        return 0;
    }
}
