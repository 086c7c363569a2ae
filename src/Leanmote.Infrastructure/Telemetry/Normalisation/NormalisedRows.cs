namespace Leanmote.Infrastructure.Telemetry.Normalisation;

/// <summary>Who a record belongs to (otel.md §8.1): the strongest identifier decides the key; all are kept.</summary>
internal sealed record IdentityRef(string Source, string Key, string? Email, string? AccountUuid, string? AccountId, string? InstallId, string? EnduserId)
{
    /// <summary>Record attributes first, then resource attributes; null when the record names nobody.</summary>
    public static IdentityRef? From(string source, Attributes record, Attributes resource)
    {
        string? Pick(string key) => record.NonEmpty(key)?.Trim() is { Length: > 0 } r ? r : resource.NonEmpty(key)?.Trim() is { Length: > 0 } s ? s : null;
        var accountUuid = Pick("user.account_uuid");
        var email = Pick("user.email")?.ToLowerInvariant();
        var enduser = Pick("enduser.id");
        var install = Pick("user.id");
        var accountId = Pick("user.account_id");
        var key = accountUuid is not null ? "acct:" + accountUuid
            : email is not null ? "email:" + email
            : enduser is not null ? "enduser:" + enduser
            : install is not null ? "install:" + install
            : null;
        return key is null ? null : new IdentityRef(source, key, email, accountUuid, accountId, install, enduser);
    }
}

internal sealed record ResourceRow(byte[] Hash, string? ServiceName, string? ServiceVersion, string AttributesJson);

internal sealed class LogRow
{
    public long PayloadId { get; set; }
    public required byte[] RecordHash { get; init; }
    public required byte[] ResourceHash { get; init; }
    public required string ScopeName { get; init; }
    public string? ScopeVersion { get; init; }
    public required DateTime OccurredAt { get; init; }
    public required long TimeUnixNano { get; init; }
    public DateTime? ObservedAt { get; init; }
    public required int SeverityNumber { get; init; }
    public string? SeverityText { get; init; }
    public string? EventName { get; init; }
    public string? BodyJson { get; init; }
    public required string AttributesJson { get; init; }
    public byte[]? TraceId { get; init; }
    public byte[]? SpanId { get; init; }
    public required int Flags { get; init; }
    public required int DroppedAttributesCount { get; init; }
    public IdentityRef? Identity { get; init; }
    public string? SessionId { get; init; }
}

internal sealed class SeriesRow
{
    public required byte[] SeriesHash { get; init; }
    public required string MetricName { get; init; }
    public string? Description { get; init; }
    public string? Unit { get; init; }
    public required string Kind { get; init; }
    public string? Temporality { get; init; }
    public bool? IsMonotonic { get; init; }
    public required byte[] ResourceHash { get; init; }
    public required string ScopeName { get; init; }
    public required string AttributesJson { get; init; }
    public IdentityRef? Identity { get; init; }
}

internal sealed class PointRow
{
    public long PayloadId { get; set; }
    public required SeriesRow Series { get; init; }
    public required long StartTimeUnixNano { get; init; }
    public required long TimeUnixNano { get; init; }
    public required DateTime PointAt { get; init; }
    public double? Value { get; init; }
    public long? Count { get; init; }
    public double? Sum { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
    public long[]? BucketCounts { get; init; }
    public double[]? ExplicitBounds { get; init; }
    public int? Scale { get; init; }
    public long? ZeroCount { get; init; }
    public double? ZeroThreshold { get; init; }
    public int? PositiveOffset { get; init; }
    public long[]? PositiveCounts { get; init; }
    public int? NegativeOffset { get; init; }
    public long[]? NegativeCounts { get; init; }
    public string? QuantilesJson { get; init; }
    public required int Flags { get; init; }
    public string? ExemplarsJson { get; init; }

    /// <summary>The Claude Code facts this point yields once its increment is known (§7.4).</summary>
    public ClaudeMetricFact? Fact { get; init; }

    /// <summary>Set by the writer from the series state (§6.3).</summary>
    public double? Increment { get; set; }
    public double? SumIncrement { get; set; }
}

internal sealed class SpanRow
{
    public long PayloadId { get; set; }
    public required byte[] TraceId { get; init; }
    public required byte[] SpanId { get; init; }
    public required DateTime StartAt { get; init; }
    public byte[]? ParentSpanId { get; init; }
    public string? TraceState { get; init; }
    public required string Name { get; init; }
    public required int Kind { get; init; }
    public required DateTime EndAt { get; init; }
    public required long DurationNs { get; init; }
    public required int StatusCode { get; init; }
    public string? StatusMessage { get; init; }
    public required string AttributesJson { get; init; }
    public required string EventsJson { get; init; }
    public required string LinksJson { get; init; }
    public required byte[] ResourceHash { get; init; }
    public required string ScopeName { get; init; }
    public required int Flags { get; init; }
    public IdentityRef? Identity { get; init; }
    public string? SessionId { get; init; }
}

/// <summary>Everything one raw payload normalizes into.</summary>
internal sealed class NormalisedBatch
{
    public Dictionary<string, ResourceRow> Resources { get; } = [];
    public List<LogRow> Logs { get; } = [];
    public Dictionary<string, SeriesRow> Series { get; } = [];
    public List<PointRow> Points { get; } = [];
    public List<SpanRow> Spans { get; } = [];
    public List<AiEventRow> AiEvents { get; } = [];
    public Dictionary<string, SessionTouch> Sessions { get; } = [];

    public IEnumerable<IdentityRef> Identities =>
        Logs.Select(l => l.Identity).Concat(Series.Values.Select(s => s.Identity)).Concat(Spans.Select(s => s.Identity))
            .Concat(AiEvents.Select(e => e.Identity)).OfType<IdentityRef>();

    /// <summary>Stamps every row with the raw payload it came from.</summary>
    public NormalisedBatch From(long payloadId)
    {
        foreach (var l in Logs) l.PayloadId = payloadId;
        foreach (var p in Points) p.PayloadId = payloadId;
        foreach (var s in Spans) s.PayloadId = payloadId;
        return this;
    }

    /// <summary>Adds another payload's rows, so one claim of several payloads is written with one statement per table.</summary>
    public void Absorb(NormalisedBatch other)
    {
        foreach (var (key, row) in other.Resources) Resources.TryAdd(key, row);
        Logs.AddRange(other.Logs);
        foreach (var (key, row) in other.Series) Series.TryAdd(key, row);
        Points.AddRange(other.Points);
        Spans.AddRange(other.Spans);
        AiEvents.AddRange(other.AiEvents);
        foreach (var (key, touch) in other.Sessions)
        {
            if (!Sessions.TryGetValue(key, out var mine))
            {
                Sessions[key] = touch;
                continue;
            }
            mine.Identity ??= touch.Identity;
            if (touch.FirstSeen < mine.FirstSeen) mine.FirstSeen = touch.FirstSeen;
            if (touch.LastSeen > mine.LastSeen) mine.LastSeen = touch.LastSeen;
            mine.StartType ??= touch.StartType;
            mine.TerminalType ??= touch.TerminalType;
            mine.AppVersion ??= touch.AppVersion;
            mine.OsType ??= touch.OsType;
            mine.Models.UnionWith(touch.Models);
        }
    }

    public void AddResource(ResourceRow row) => Resources.TryAdd(Convert.ToHexString(row.Hash), row);

    public void TouchSession(string source, string sessionId, IdentityRef? identity, DateTime at, Attributes attributes, Attributes resource, string? model)
    {
        var key = source + "\n" + sessionId;
        if (!Sessions.TryGetValue(key, out var touch))
        {
            touch = new SessionTouch(source, sessionId) { FirstSeen = at, LastSeen = at };
            Sessions[key] = touch;
        }
        touch.Identity ??= identity;
        if (at < touch.FirstSeen) touch.FirstSeen = at;
        if (at > touch.LastSeen) touch.LastSeen = at;
        touch.TerminalType ??= attributes.NonEmpty("terminal.type") ?? resource.NonEmpty("terminal.type");
        touch.AppVersion ??= attributes.NonEmpty("app.version") ?? resource.NonEmpty("service.version");
        touch.OsType ??= resource.NonEmpty("os.type") ?? attributes.NonEmpty("os.type");
        if (model is not null) touch.Models.Add(model);
    }
}

/// <summary>What one payload says about a session, before counters (which come from inserted rows only).</summary>
internal sealed class SessionTouch(string source, string sessionId)
{
    public string Source { get; } = source;
    public string SessionId { get; } = sessionId;
    public IdentityRef? Identity { get; set; }
    public DateTime FirstSeen { get; set; }
    public DateTime LastSeen { get; set; }
    public string? StartType { get; set; }
    public string? TerminalType { get; set; }
    public string? AppVersion { get; set; }
    public string? OsType { get; set; }
    public SortedSet<string> Models { get; } = new(StringComparer.Ordinal);
}
