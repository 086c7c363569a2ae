namespace Leanmote.Api.Hosting;

internal static class SeedDemo
{
    public static Task<int> RunAsync(IServiceProvider services, IReadOnlyDictionary<string, string> options, CancellationToken ct) =>
        throw new CommandFailedException("seed-demo is being wired up");
}
