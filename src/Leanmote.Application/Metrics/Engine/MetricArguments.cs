using System.Text.Json;
using Leanmote.Application.Common.Querying;

namespace Leanmote.Application.Metrics.Engine;

/// <summary>One raw value of a metrics parameter: text (a query value, a JSON string or number) or a JSON array of strings.</summary>
public sealed record MetricArgument(string? Text, IReadOnlyList<string>? List, string? TypeError = null);

/// <summary>
/// The raw parameters of a metrics request (metrics.md §2), from the query string of a GET or the JSON body of a
/// POST, before any rule is applied: every key with every occurrence, so the parser can judge repeats, types and
/// unknown keys in one pass.
/// </summary>
public sealed class MetricArguments
{
    private MetricArguments(IReadOnlyList<KeyValuePair<string, IReadOnlyList<MetricArgument>>> entries, bool fromBody, string? bodyError)
    {
        Entries = entries;
        IsBody = fromBody;
        BodyError = bodyError;
    }

    public static MetricArguments Empty { get; } = new([], false, null);

    public IReadOnlyList<KeyValuePair<string, IReadOnlyList<MetricArgument>>> Entries { get; }

    /// <summary>True for a POST body: id filters must then be JSON arrays.</summary>
    public bool IsBody { get; }

    /// <summary>Why the body could not be read as a JSON object (null when it could).</summary>
    public string? BodyError { get; }

    /// <summary>The first raw value of <paramref name="key"/>, for the authorization step that needs the organization before parsing.</summary>
    public string? First(string key) =>
        Entries.FirstOrDefault(e => e.Key == key).Value is [var first, ..] ? first.Text : null;

    public static MetricArguments FromQuery(QueryParameters query) =>
        new([.. query.Entries.Select(e => new KeyValuePair<string, IReadOnlyList<MetricArgument>>(
            e.Key, [.. e.Value.Select(v => new MetricArgument(v, null))]))], fromBody: false, bodyError: null);

    /// <summary>
    /// A POST body (metrics.md §2.3): a JSON object of at most 8 levels; an empty body is <c>{}</c>; a <c>null</c>
    /// member is absent; strings and numbers are text, arrays must hold strings.
    /// </summary>
    public static MetricArguments FromBody(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty) return new([], fromBody: true, bodyError: null);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException)
        {
            return new([], fromBody: true, bodyError: "body must be a JSON object");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) return new([], fromBody: true, bodyError: "body must be a JSON object");
            var entries = new List<KeyValuePair<string, IReadOnlyList<MetricArgument>>>();
            foreach (var member in document.RootElement.EnumerateObject())
            {
                if (member.Value.ValueKind == JsonValueKind.Null) continue;
                entries.Add(new(member.Name, [Read(member.Value)]));
            }
            return new(entries, fromBody: true, bodyError: null);
        }
    }

    private static MetricArgument Read(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => new(value.GetString(), null),
        JsonValueKind.Number => new(value.GetRawText(), null),
        JsonValueKind.Array when value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
            new(null, [.. value.EnumerateArray().Select(e => e.GetString()!)]),
        JsonValueKind.Array => new(null, null, "must be an array of strings"),
        _ => new(null, null, "must be a string"),
    };
}
