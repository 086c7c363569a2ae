using Dapper;
using Leanmote.Application.Access;
using Leanmote.Infrastructure.Database;
using Npgsql;

namespace Leanmote.Infrastructure.Access;

/// <summary>
/// Fixed-window counters in one table, so every API process serving the database shares them. One upsert
/// per request increments every window it names.
/// </summary>
internal sealed class RateLimitStore(NpgsqlDataSource db, DbRetry retry) : IRateLimitStore
{
    private const string IncrementSql = """
        INSERT INTO rate_limit_windows AS w (bucket, window_start, count)
        SELECT b, s, 1 FROM unnest(@Buckets, @Starts) AS t(b, s)
        ON CONFLICT (bucket, window_start) DO UPDATE SET count = w.count + 1
        RETURNING w.bucket, w.count
        """;

    private const string PurgeSql = "DELETE FROM rate_limit_windows WHERE window_start < @Before";

    public Task<IReadOnlyList<long>> IncrementAsync(IReadOnlyList<RateWindow> windows, CancellationToken ct) =>
        retry.RunOnceAsync<IReadOnlyList<long>>(async token =>
        {
            var parameters = new
            {
                Buckets = windows.Select(w => w.Bucket).ToArray(),
                Starts = windows.Select(w => w.Start.UtcDateTime).ToArray(),
            };
            await using var conn = await db.OpenConnectionAsync(token);
            var rows = (await conn.QueryAsync<(string Bucket, int Count)>(new CommandDefinition(IncrementSql, parameters, cancellationToken: token)))
                .ToDictionary(r => r.Bucket, r => (long)r.Count, StringComparer.Ordinal);
            return [.. windows.Select(w => rows[w.Bucket])];
        }, ct);

    /// <summary>Deletes windows that started before <paramref name="before"/>; returns how many.</summary>
    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.ExecuteAsync(new CommandDefinition(PurgeSql, new { Before = before.UtcDateTime }, cancellationToken: token));
        }, ct);
}
