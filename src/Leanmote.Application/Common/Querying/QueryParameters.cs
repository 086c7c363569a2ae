namespace Leanmote.Application.Common.Querying;

/// <summary>The raw query string of a request: every key with all of its values, in arrival order.</summary>
public sealed class QueryParameters
{
    public static QueryParameters Empty { get; } = new([]);

    public QueryParameters(IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> entries) => Entries = entries;

    public IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Entries { get; }

    public static QueryParameters Of(params (string Key, string Value)[] pairs) =>
        new([.. pairs.GroupBy(p => p.Key, StringComparer.Ordinal)
            .Select(g => new KeyValuePair<string, IReadOnlyList<string>>(g.Key, [.. g.Select(p => p.Value)]))]);
}
