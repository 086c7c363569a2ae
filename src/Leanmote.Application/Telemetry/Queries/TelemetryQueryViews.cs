using System.Text.Json;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;
using Leanmote.Domain.Telemetry;

namespace Leanmote.Application.Telemetry.Queries;

/// <summary>A normalized OTLP log record (otel.md §9). Content attributes of Claude Code records are never present (§7.4).</summary>
public sealed record TelemetryEventView(
    TelemetryEventId Id,
    OrganizationId OrganizationId,
    DateTimeOffset OccurredAt,
    DateTimeOffset? ObservedAt,
    DateTimeOffset ReceivedAt,
    string? ServiceName,
    string? ServiceVersion,
    string ScopeName,
    string? EventName,
    int SeverityNumber,
    string? SeverityText,
    JsonElement? Body,
    JsonElement Attributes,
    JsonElement ResourceAttributes,
    string? TraceId,
    string? SpanId,
    string? SessionId,
    UserId? UserId);

/// <summary>One metric stream: a metric name with one set of resource and point attributes.</summary>
public sealed record MetricSeriesView(
    MetricSeriesId Id,
    OrganizationId OrganizationId,
    string MetricName,
    string? Description,
    string Kind,
    string? Unit,
    string? Temporality,
    bool? IsMonotonic,
    string? ServiceName,
    string ScopeName,
    JsonElement Attributes,
    UserId? UserId,
    DateTimeOffset? LastPointAt,
    DateTimeOffset CreatedAt);

/// <summary>One data point; <c>increment</c> is what a sum (or a histogram's count) added since the previous point (§6.3).</summary>
public sealed record MetricPointView(
    MetricSeriesId SeriesId,
    DateTimeOffset PointAt,
    DateTimeOffset? StartAt,
    double? Value,
    double? Increment,
    long? Count,
    double? Sum,
    double? SumIncrement,
    double? Min,
    double? Max,
    IReadOnlyList<long>? BucketCounts,
    IReadOnlyList<double>? ExplicitBounds,
    JsonElement? Quantiles,
    int Flags);

public sealed record SpanView(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    OrganizationId OrganizationId,
    string Name,
    int Kind,
    DateTimeOffset StartAt,
    DateTimeOffset EndAt,
    long DurationNs,
    int StatusCode,
    string? StatusMessage,
    JsonElement Attributes,
    JsonElement Events,
    JsonElement Links,
    string? ServiceName,
    string ScopeName,
    string? SessionId,
    UserId? UserId);

/// <summary>The spans of one trace, oldest first (at most <see cref="GetTrace.MaxSpans"/>).</summary>
public sealed record TraceView(string TraceId, int SpanCount, bool Truncated, IReadOnlyList<SpanView> Spans);

/// <summary>A person-or-installation seen in telemetry and the platform user it maps to (§8).</summary>
public sealed record TelemetryIdentityView(
    TelemetryIdentityId Id,
    OrganizationId OrganizationId,
    string Source,
    string IdentityKey,
    string? Email,
    string? AccountUuid,
    string? AccountId,
    string? InstallId,
    string? EnduserId,
    UserId? UserId,
    bool Matched,
    string? MatchMethod,
    DateTimeOffset? MatchedAt,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset LastSeenAt);

/// <summary>Equality filters on attribute values' text forms: <c>attributes=key:value,key2:value2</c>.</summary>
public sealed record AttributeFilter(IReadOnlyDictionary<string, string> Pairs)
{
    public const string Field = "attributes";

    /// <summary>Splits the filter; false (with a message) when a pair has no ':' or an empty key.</summary>
    public static bool TryParse(string raw, out AttributeFilter? filter, out string message)
    {
        filter = null;
        message = "";
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in raw.Split(',', StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                message = "must be key:value pairs separated by commas, e.g. attributes=model:claude-sonnet-4-5,type:input";
                return false;
            }
            pairs[part[..colon]] = part[(colon + 1)..];
        }
        filter = new AttributeFilter(pairs);
        return true;
    }
}

/// <summary>Reads the normalized telemetry tables; every read is bounded by the organizations and the people visibility given.</summary>
public interface ITelemetryReader
{
    Task<(IReadOnlyList<TelemetryEventView> Rows, long Total)> ListEventsAsync(TelemetryAudience audience, QueryOptions options, AttributeFilter? attributes, CancellationToken ct);
    /// <summary>The event when it is in the caller's organizations (null otherwise), and whether the caller may see it.</summary>
    Task<(TelemetryEventView? Row, bool Visible)> GetEventAsync(TelemetryEventId id, TelemetryAudience audience, CancellationToken ct);
    Task<(IReadOnlyList<MetricSeriesView> Rows, long Total)> ListSeriesAsync(TelemetryAudience audience, QueryOptions options, CancellationToken ct);
    /// <summary>(exists in the caller's organizations, visible to the caller).</summary>
    Task<(bool Exists, bool Visible)> SeriesAccessAsync(MetricSeriesId id, TelemetryAudience audience, CancellationToken ct);
    Task<(IReadOnlyList<MetricPointView> Rows, long Total)> ListPointsAsync(MetricSeriesId id, TelemetryAudience audience, QueryOptions options, CancellationToken ct);
    Task<IReadOnlyList<SpanView>> GetTraceAsync(byte[] traceId, TelemetryAudience audience, int limit, CancellationToken ct);

    /// <summary>Whether any span of the trace lies in the caller's organizations, visible or not.</summary>
    Task<bool> TraceExistsAsync(byte[] traceId, TelemetryAudience audience, CancellationToken ct);
    Task<(IReadOnlyList<TelemetryIdentityView> Rows, long Total)> ListIdentitiesAsync(long organizationId, QueryOptions options, CancellationToken ct);
}

/// <summary>Manual mapping of identities (§8.4).</summary>
public interface ITelemetryIdentityStore
{
    /// <summary>Null when the identity is not in the organization.</summary>
    Task<TelemetryIdentityView?> SetUserAsync(long organizationId, TelemetryIdentityId id, UserId? user, CancellationToken ct);
    Task<bool> IsMemberAsync(long organizationId, UserId user, CancellationToken ct);
}

/// <summary>Who is reading (rest-api.md §4 as for interactions): every row of the scope's open organizations, elsewhere only rows of visible people.</summary>
public sealed record TelemetryAudience(IReadOnlyList<long> OrganizationIds, PeopleVisibility People)
{
    public static TelemetryAudience Of(Common.RequestContext request) => new(request.Scope, request.People);
}
