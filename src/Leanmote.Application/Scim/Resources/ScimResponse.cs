using System.Text.Json.Nodes;
using Leanmote.Domain.Common;

namespace Leanmote.Application.Scim.Resources;

/// <summary>A successful SCIM outcome: status, optional body, and the ETag / Location headers.</summary>
public sealed record ScimResponse(int Status, JsonObject? Body, string? ETag = null, string? Location = null)
{
    public static ScimResponse NoContent { get; } = new(204, null);
    public static ScimResponse NotModified(string etag) => new(304, null, etag);
}

/// <summary>The <c>attributes</c> / <c>excludedAttributes</c> of a request (scim.md §8.3).</summary>
public sealed record ScimProjectionRequest(IReadOnlyList<string>? Attributes, IReadOnlyList<string>? ExcludedAttributes)
{
    public static ScimProjectionRequest None { get; } = new(null, null);

    /// <summary>Whether a computed multi-valued attribute (User.groups, Group.members) must be loaded at all.</summary>
    public bool Wants(string attribute)
    {
        if (Attributes is { Count: > 0 } attributes)
            return attributes.Any(a => Bare(a).Equals(attribute, StringComparison.OrdinalIgnoreCase)
                || Bare(a).StartsWith(attribute + ".", StringComparison.OrdinalIgnoreCase));
        return ExcludedAttributes is not { Count: > 0 } excluded
            || !excluded.Any(a => Bare(a).Equals(attribute, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The attribute path without a schema URN prefix.</summary>
    private static string Bare(string requested)
    {
        var name = requested.Trim();
        if (!name.StartsWith("urn:", StringComparison.OrdinalIgnoreCase)) return name;
        var colon = name.LastIndexOf(':');
        return name[(colon + 1)..];
    }
}

/// <summary>ETags (scim.md §10) and resource ids (§5.1).</summary>
public static class ScimPreconditions
{
    /// <summary><c>If-Match</c>: absent, <c>*</c>, or one of the listed tags equal to the current version; else 412.</summary>
    public static ScimError? IfMatch(string? header, long version)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        var current = ScimRendering.Version(version);
        foreach (var raw in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw == "*" || raw == current || raw == current[2..]) return null;
        }
        return ScimError.PreconditionFailed($"If-Match {ScimError.Echo(header)} does not match the current version {current}");
    }

    public static bool IfNoneMatchHits(string? header, long version)
    {
        if (string.IsNullOrWhiteSpace(header)) return false;
        var current = ScimRendering.Version(version);
        return header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(raw => raw == "*" || raw == current || raw == current[2..]);
    }

    public static bool TryUserId(string raw, out long id) => PublicId.TryParseValue(raw, UserId.Prefix, out id);

    public static bool TryTeamId(string raw, out long id) => PublicId.TryParseValue(raw, TeamId.Prefix, out id);

    public static ScimError UserNotFound(string raw) => ScimError.NotFound($"User '{ScimError.Echo(raw)}' not found");

    public static ScimError GroupNotFound(string raw) => ScimError.NotFound($"Group '{ScimError.Echo(raw)}' not found");

    /// <summary>Names of top-level attributes that differ between two canonical documents (audit, §11.5).</summary>
    public static List<string> Changed(JsonObject before, JsonObject after)
    {
        var names = new List<string>();
        foreach (var (key, value) in after)
        {
            if (!JsonNode.DeepEquals(value, before[key])) names.Add(key);
        }
        foreach (var (key, _) in before)
        {
            if (!after.ContainsKey(key)) names.Add(key);
        }
        return names;
    }
}
