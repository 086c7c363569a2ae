using Leanmote.Application.Common.Querying;

namespace Leanmote.Api.Http;

/// <summary>Carries the raw query string into a message, repeats included, so the pipeline can judge it.</summary>
public static class Query
{
    public static QueryParameters From(HttpRequest request)
    {
        if (request.Query.Count == 0) return QueryParameters.Empty;
        return new QueryParameters([.. request.Query.Select(pair =>
            new KeyValuePair<string, IReadOnlyList<string>>(pair.Key, [.. pair.Value.Select(v => v ?? "")]))]);
    }
}
