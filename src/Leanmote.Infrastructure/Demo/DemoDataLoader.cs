using Npgsql;

namespace Leanmote.Infrastructure.Demo;

public enum DemoSize
{
    /// <summary>Acme (~60 people, ~15k commits, ~3k pull requests, ~6k tasks) and Globex (8 people).</summary>
    Small,

    /// <summary>Acme scaled to 1M commits, 200k pull requests, 500k tasks; Globex; 20 small organizations.</summary>
    Large,
}

public sealed record DemoLoadResult(
    long AcmeOrganizationId,
    long GlobexOrganizationId,
    long AcmeAdminUserId,
    long GlobexAdminUserId,
    IReadOnlyDictionary<string, long> RowCounts,
    TimeSpan Elapsed);

/// <summary>
/// Loads deterministic demo organizations into a migrated database. The same seed on the same UTC day gives
/// the same rows (ids aside, which continue after whatever the database already holds). Everything is written
/// with binary COPY in one transaction; loading again once <c>acme</c> exists only returns the existing ids.
/// </summary>
public sealed class DemoDataLoader(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string AcmeSlug = "acme";
    private const string GlobexSlug = "globex";

    public async Task<DemoLoadResult> LoadAsync(DemoSize size, int seed, CancellationToken ct)
    {
        var startedAt = clock.GetTimestamp();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        // Two loaders racing on an empty database: the second waits, then finds acme.
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(7361626172)", ct);
        var existing = await FindExistingAsync(connection, ct);
        if (existing.Acme is not null)
        {
            await transaction.CommitAsync(ct);
            return Result(existing, new Dictionary<string, long>(), clock.GetElapsedTime(startedAt));
        }

        var skippedRowTriggers = await DemoIntegrity.TrySkipRowTriggersAsync(connection, ct);
        var ids = await DemoIds.ReadAsync(connection, ct);
        var copy = new DemoCopy(connection);
        var anchor = DateTime.SpecifyKind(clock.GetUtcNow().UtcDateTime.Date, DateTimeKind.Utc);
        var ctx = new DemoContext(new Random(seed), new DemoTime(anchor), ids, copy);

        var people = new PeopleGenerator(ctx);
        var work = new WorkGenerator(ctx);
        var git = new GitGenerator(ctx, new DeliveryGenerator(ctx));
        var calendar = new CalendarGenerator(ctx);
        var chat = new ChatGenerator(ctx);
        var dashboards = new DashboardGenerator(ctx);
        foreach (var shape in OrgShape.For(size))
        {
            var org = await people.GenerateAsync(shape, ct);
            await work.GenerateAsync(org, ct);
            await git.GenerateAsync(org, ct);
            await calendar.GenerateAsync(org, ct);
            await chat.GenerateAsync(org, ct);
            await dashboards.GenerateAsync(org, ct);
        }

        // Fresh statistics first: the foreign-key proof and the first queries after a large load need sensible plans.
        await ExecuteAsync(connection, $"ANALYZE {string.Join(", ", copy.RowCounts.Keys)}", ct);
        if (skippedRowTriggers)
        {
            await DemoIntegrity.CheckForeignKeysAsync(connection, copy.RowCounts.Keys, ct);
        }
        await DemoIds.AdvanceSequencesAsync(connection, ct);
        await transaction.CommitAsync(ct);
        existing = await FindExistingAsync(connection, ct);
        return Result(existing, new Dictionary<string, long>(copy.RowCounts), clock.GetElapsedTime(startedAt));
    }

    private static DemoLoadResult Result(Existing existing, IReadOnlyDictionary<string, long> counts, TimeSpan elapsed) =>
        new(existing.Acme?.OrganizationId ?? 0, existing.Globex?.OrganizationId ?? 0,
            existing.Acme?.AdminUserId ?? 0, existing.Globex?.AdminUserId ?? 0, counts, elapsed);

    private static async Task<Existing> FindExistingAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        const string sql = """
            SELECT o.slug, o.id,
                   coalesce((SELECT m.user_id
                             FROM organization_members m
                             JOIN users u ON u.id = m.user_id
                             WHERE m.organization_id = o.id AND m.role = 'admin' AND lower(u.email) = 'admin@' || o.slug || '.example'
                             ORDER BY m.user_id LIMIT 1), 0)
            FROM organizations o
            WHERE o.slug IN ('acme', 'globex')
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        OrgIds? acme = null, globex = null;
        while (await reader.ReadAsync(ct))
        {
            var ids = new OrgIds(reader.GetInt64(1), reader.GetInt64(2));
            if (reader.GetString(0) == AcmeSlug)
            {
                acme = ids;
            }
            else if (reader.GetString(0) == GlobexSlug)
            {
                globex = ids;
            }
        }
        return new Existing(acme, globex);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(ct);
    }

    private sealed record OrgIds(long OrganizationId, long AdminUserId);

    private sealed record Existing(OrgIds? Acme, OrgIds? Globex);
}
