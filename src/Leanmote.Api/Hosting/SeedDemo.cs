using System.Globalization;
using Leanmote.Infrastructure.Access;
using Leanmote.Infrastructure.Demo;
using Npgsql;

namespace Leanmote.Api.Hosting;

/// <summary>The <c>seed-demo</c> command: loads the demo organizations once (the loader is idempotent).</summary>
internal static class SeedDemo
{
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyDictionary<string, string> options, CancellationToken ct)
    {
        var size = options.GetValueOrDefault("size", "small") switch
        {
            "small" => DemoSize.Small,
            "large" => DemoSize.Large,
            var other => throw new CommandFailedException($"--size must be small or large, not '{other}'"),
        };
        var seed = 42;
        if (options.TryGetValue("seed", out var raw) && !int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out seed))
            throw new CommandFailedException($"--seed must be a non-negative integer, not '{raw}'");

        var loader = services.GetRequiredService<DemoDataLoader>();
        var result = await loader.LoadAsync(size, seed, ct);
        // the bulk load bypasses the access-change triggers; tell running API processes to drop their token caches
        await using (var notify = services.GetRequiredService<NpgsqlDataSource>().CreateCommand($"SELECT pg_notify('{AccessChangeListener.Channel}', 'demo')"))
        {
            await notify.ExecuteNonQueryAsync(ct);
        }
        if (result.RowCounts.Count == 0)
        {
            await Console.Error.WriteLineAsync("demo data already present; nothing loaded");
            return 0;
        }
        if (size == DemoSize.Large)
        {
            // a fresh bulk load has no visibility map yet: without it every index-only scan visits the heap
            await using var vacuum = services.GetRequiredService<NpgsqlDataSource>().CreateCommand("VACUUM (ANALYZE)");
            vacuum.CommandTimeout = 0;
            await vacuum.ExecuteNonQueryAsync(ct);
        }
        var counts = string.Join(", ", result.RowCounts.Where(kv => kv.Value > 0).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value}")));
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"demo data loaded ({size.ToString().ToLowerInvariant()}, seed {seed}) in {result.Elapsed.TotalSeconds:0.0} s: {counts}"));
        return 0;
    }
}
