using Dapper;
using Leanmote.Application.Meta;
using Leanmote.Infrastructure.Database;
using Npgsql;

namespace Leanmote.Infrastructure.Meta;

internal sealed class HealthProbe(NpgsqlDataSource db, DbRetry retry) : IHealthProbe
{
    public async Task<bool> DatabaseIsReachableAsync(CancellationToken ct)
    {
        try
        {
            return await retry.RunAsync(async token =>
            {
                await using var conn = await db.OpenConnectionAsync(token);
                return await conn.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: token)) == 1;
            }, ct);
        }
        catch (DatabaseUnavailableException)
        {
            return false;
        }
    }
}
