using Dapper;
using Leanmote.Application.Scim.Tokens;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Database;
using Npgsql;

namespace Leanmote.Infrastructure.Scim;

/// <summary>
/// The SCIM per-token limit on the shared <c>rate_limit_windows</c> table (purged by the same janitor). A SCIM token
/// sends thousands of requests a minute from many connections at once, so its window is split over
/// <see cref="Shards"/> rows: each request increments one row at random (row locks no longer serialise the
/// requests) and reads the sum of all of them. The count is exact up to increments still in flight.
/// </summary>
internal sealed class ScimRateLimiter(NpgsqlDataSource db, DbRetry retry) : IScimRateLimiter
{
    public const int Shards = 8;

    private const string TakeSql = """
        WITH taken AS (
            INSERT INTO rate_limit_windows AS w (bucket, window_start, count) VALUES (@Bucket, @Start, 1)
            ON CONFLICT (bucket, window_start) DO UPDATE SET count = w.count + 1
            RETURNING w.count
        )
        SELECT (SELECT count FROM taken)
             + coalesce((SELECT sum(count) FROM rate_limit_windows WHERE bucket = ANY(@Others) AND window_start = @Start), 0)
        """;

    public Task<long> TakeAsync(ScimTokenId token, DateTimeOffset windowStart, CancellationToken ct) =>
        retry.RunOnceAsync(async cancel =>
        {
            var shard = Random.Shared.Next(Shards);
            var buckets = Enumerable.Range(0, Shards).Select(k => $"scim:{token.Value}:minute:{k}").ToArray();
            await using var conn = await db.OpenConnectionAsync(cancel);
            return await conn.ExecuteScalarAsync<long>(new CommandDefinition(TakeSql, new
            {
                Bucket = buckets[shard],
                Start = windowStart.UtcDateTime,
                Others = buckets.Where((_, k) => k != shard).ToArray(),
            }, cancellationToken: cancel));
        }, ct);
}
