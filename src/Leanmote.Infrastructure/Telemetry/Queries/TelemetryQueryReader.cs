using System.Text.Json;
using Dapper;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Telemetry.Queries;
using Leanmote.Domain.Common;
using Leanmote.Domain.Telemetry;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Sql;
using Leanmote.Infrastructure.Telemetry.Identities;
using Npgsql;

namespace Leanmote.Infrastructure.Telemetry.Queries;

/// <summary>
/// SQL of the telemetry query routes (otel.md §8.4, §9). Visibility as for interactions (ADR 0010): all rows of
/// the caller's open organizations (admin, manager), elsewhere only rows whose identity maps to a visible person.
/// </summary>
internal sealed class TelemetryQueryReader(NpgsqlDataSource db, DbRetry retry) : ITelemetryReader
{
    private static readonly string Visible = $"""
        AND (x.organization_id = ANY(@OpenOrganizationIds) OR (x.organization_id, ti.user_id) IN {VisiblePeopleSql.Pairs})
        """;

    private const string EventSelect = """
        x.id, x.organization_id, x.occurred_at, x.observed_at, x.received_at, r.service_name, r.service_version, x.scope_name, x.event_name,
        x.severity_number, x.severity_text, x.body::text AS body, x.attributes::text AS attributes, r.attributes::text AS resource_attributes,
        x.trace_id, x.span_id, x.session_id, ti.user_id
        """;

    private static readonly string EventFrom = $"""
        FROM otel_log_records x
        LEFT JOIN otel_resources r ON r.organization_id = x.organization_id AND r.resource_hash = x.resource_hash
        LEFT JOIN telemetry_identities ti ON ti.organization_id = x.organization_id AND ti.id = x.identity_id
        WHERE x.organization_id = ANY(@OrganizationIds) {Visible}
        """;

    private static readonly ColumnMap EventColumns = new(tieBreak: "x.id")
    {
        ["occurred_at"] = "x.occurred_at",
        ["received_at"] = "x.received_at",
        ["service_name"] = "r.service_name",
        ["event_name"] = "x.event_name",
        ["session_id"] = "x.session_id",
        ["trace_id"] = "x.trace_id",
        ["user_id"] = "ti.user_id",
        ["severity_number"] = "x.severity_number",
    };

    private const string SeriesSelect = """
        x.id, x.organization_id, x.metric_name, x.description, x.kind, x.unit, x.temporality, x.is_monotonic, r.service_name, x.scope_name,
        x.attributes::text AS attributes, ti.user_id, x.last_point_at, x.created_at
        """;

    private static readonly string SeriesFrom = $"""
        FROM otel_metric_series x
        LEFT JOIN otel_resources r ON r.organization_id = x.organization_id AND r.resource_hash = x.resource_hash
        LEFT JOIN telemetry_identities ti ON ti.organization_id = x.organization_id AND ti.id = x.identity_id
        WHERE x.organization_id = ANY(@OrganizationIds) {Visible}
        """;

    private static readonly ColumnMap SeriesColumns = new(tieBreak: "x.id")
    {
        ["created_at"] = "x.created_at",
        ["last_point_at"] = "x.last_point_at",
        ["metric_name"] = "x.metric_name",
        ["service_name"] = "r.service_name",
        ["kind"] = "x.kind",
    };

    private const string PointSelect = """
        s.id AS series_id, p.point_at, CASE WHEN p.start_time_unix_nano > 0 THEN to_timestamp(p.start_time_unix_nano / 1e9) END AS start_at,
        p.value, p.increment, p.count, p.sum, p.sum_increment, p.min, p.max, p.bucket_counts, p.explicit_bounds, p.quantiles::text AS quantiles, p.flags
        """;

    private const string PointFrom = """
        FROM otel_metric_points p
        JOIN otel_metric_series s ON s.organization_id = p.organization_id AND s.series_hash = p.series_hash
        WHERE s.id = @SeriesId AND s.organization_id = ANY(@OrganizationIds)
        """;

    private static readonly ColumnMap PointColumns = new(tieBreak: "p.time_unix_nano")
    {
        ["point_at"] = "p.point_at",
    };

    private static readonly string SpanSql = $"""
        SELECT x.trace_id, x.span_id, x.parent_span_id, x.organization_id, x.name, x.kind, x.start_at, x.end_at, x.duration_ns, x.status_code,
               x.status_message, x.attributes::text AS attributes, x.events::text AS events, x.links::text AS links, r.service_name, x.scope_name,
               x.session_id, ti.user_id
        FROM otel_spans x
        LEFT JOIN otel_resources r ON r.organization_id = x.organization_id AND r.resource_hash = x.resource_hash
        LEFT JOIN telemetry_identities ti ON ti.organization_id = x.organization_id AND ti.id = x.identity_id
        WHERE x.organization_id = ANY(@OrganizationIds) AND x.trace_id = @TraceId {Visible}
        ORDER BY x.start_at, x.span_id
        LIMIT @Limit
        """;

    private const string IdentitySelect = """
        ti.id, ti.organization_id, ti.source, ti.identity_key, ti.email, ti.account_uuid, ti.account_id, ti.install_id, ti.enduser_id, ti.user_id,
        ti.user_id IS NOT NULL AS matched, ti.match_method, ti.matched_at, ti.first_seen_at, ti.last_seen_at
        """;

    internal const string IdentityFrom = "FROM telemetry_identities ti WHERE ti.organization_id = @OrganizationId";

    private static readonly ColumnMap IdentityColumns = new(tieBreak: "ti.id")
    {
        ["last_seen_at"] = "ti.last_seen_at",
        ["first_seen_at"] = "ti.first_seen_at",
        ["source"] = "ti.source",
        ["user_id"] = "ti.user_id",
        ["matched"] = "(ti.user_id IS NOT NULL)",
        ["email"] = "ti.email",
    };

    public Task<(IReadOnlyList<TelemetryEventView> Rows, long Total)> ListEventsAsync(TelemetryAudience audience, QueryOptions options,
        AttributeFilter? attributes, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            var from = EventFrom;
            var list = ListSql.Build(EventSelect, attributes is null ? from : from + AttributePredicate, EventColumns, options);
            Bind(list.Parameters, audience);
            if (attributes is not null)
            {
                list.Parameters.Add("AttrKeys", attributes.Pairs.Keys.ToArray());
                list.Parameters.Add("AttrValues", attributes.Pairs.Values.ToArray());
                list.Parameters.Add("AttrContains", JsonSerializer.Serialize(attributes.Pairs));
            }
            var (rows, total) = await DbReading.ReadPageAsync<EventRow>(db, list, token);
            return ((IReadOnlyList<TelemetryEventView>)[.. rows.Select(r => r.ToView())], total);
        }, ct);

    /// <summary>
    /// Equality on each value's text form. The containment test on string values lets the GIN (jsonb_path_ops) index
    /// narrow the rows first; values stored as numbers or booleans match through the second branch.
    /// </summary>
    private const string AttributePredicate = """

         AND (x.attributes @> @AttrContains::jsonb
              OR NOT EXISTS (SELECT 1 FROM unnest(@AttrKeys, @AttrValues) AS f(k, v) WHERE (x.attributes ->> f.k) IS DISTINCT FROM f.v))
        """;

    private static readonly string VisibleExpression =
        $"coalesce(x.organization_id = ANY(@OpenOrganizationIds) OR (x.organization_id, ti.user_id) IN {VisiblePeopleSql.Pairs}, false)";

    private static readonly string EventByIdSql =
        $"SELECT {EventSelect}, {VisibleExpression} AS visible " +
        "FROM otel_log_records x " +
        "LEFT JOIN otel_resources r ON r.organization_id = x.organization_id AND r.resource_hash = x.resource_hash " +
        "LEFT JOIN telemetry_identities ti ON ti.organization_id = x.organization_id AND ti.id = x.identity_id " +
        "WHERE x.organization_id = ANY(@OrganizationIds) AND x.id = @Id";

    private static readonly string SeriesAccessSql =
        $"SELECT {VisibleExpression} FROM otel_metric_series x " +
        "LEFT JOIN telemetry_identities ti ON ti.organization_id = x.organization_id AND ti.id = x.identity_id " +
        "WHERE x.organization_id = ANY(@OrganizationIds) AND x.id = @Id";

    public Task<(TelemetryEventView? Row, bool Visible)> GetEventAsync(TelemetryEventId id, TelemetryAudience audience, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            var parameters = new DynamicParameters(new { Id = id.Value });
            Bind(parameters, audience);
            await using var conn = await db.OpenConnectionAsync(token);
            var row = await conn.QuerySingleOrDefaultAsync<EventRow>(new CommandDefinition(EventByIdSql, parameters, cancellationToken: token));
            return (row?.ToView(), row?.Visible ?? false);
        }, ct);

    public Task<(bool Exists, bool Visible)> SeriesAccessAsync(MetricSeriesId id, TelemetryAudience audience, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            var parameters = new DynamicParameters(new { Id = id.Value });
            Bind(parameters, audience);
            await using var conn = await db.OpenConnectionAsync(token);
            var visible = await conn.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(SeriesAccessSql, parameters, cancellationToken: token));
            return (visible is not null, visible ?? false);
        }, ct);

    public Task<bool> TraceExistsAsync(byte[] traceId, TelemetryAudience audience, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM otel_spans WHERE organization_id = ANY(@OrganizationIds) AND trace_id = @TraceId)",
                new { OrganizationIds = audience.OrganizationIds.ToArray(), TraceId = traceId }, cancellationToken: token));
        }, ct);

    public Task<(IReadOnlyList<MetricSeriesView> Rows, long Total)> ListSeriesAsync(TelemetryAudience audience, QueryOptions options, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            var list = ListSql.Build(SeriesSelect, SeriesFrom, SeriesColumns, options);
            Bind(list.Parameters, audience);
            var (rows, total) = await DbReading.ReadPageAsync<SeriesRow>(db, list, token);
            return ((IReadOnlyList<MetricSeriesView>)[.. rows.Select(r => r.ToView())], total);
        }, ct);

    public Task<(IReadOnlyList<MetricPointView> Rows, long Total)> ListPointsAsync(MetricSeriesId id, TelemetryAudience audience, QueryOptions options,
        CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            var list = ListSql.Build(PointSelect, PointFrom, PointColumns, options);
            list.Parameters.Add("SeriesId", id.Value);
            list.Parameters.Add("OrganizationIds", audience.OrganizationIds.ToArray());
            var (rows, total) = await DbReading.ReadPageAsync<PointRow>(db, list, token);
            return ((IReadOnlyList<MetricPointView>)[.. rows.Select(r => r.ToView())], total);
        }, ct);

    public Task<IReadOnlyList<SpanView>> GetTraceAsync(byte[] traceId, TelemetryAudience audience, int limit, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            var parameters = new DynamicParameters(new { TraceId = traceId, Limit = limit });
            Bind(parameters, audience);
            await using var conn = await db.OpenConnectionAsync(token);
            var rows = await conn.QueryAsync<SpanRow>(new CommandDefinition(SpanSql, parameters, cancellationToken: token));
            return (IReadOnlyList<SpanView>)[.. rows.Select(r => r.ToView())];
        }, ct);

    public Task<(IReadOnlyList<TelemetryIdentityView> Rows, long Total)> ListIdentitiesAsync(long organizationId, QueryOptions options, CancellationToken ct) =>
        retry.RunAsync(token =>
        {
            var list = ListSql.Build(IdentitySelect, IdentityFrom, IdentityColumns, options);
            list.Parameters.Add("OrganizationId", organizationId);
            return DbReading.ReadPageAsync<TelemetryIdentityView>(db, list, token);
        }, ct);

    internal static TelemetryIdentityView? ReadIdentity(NpgsqlConnection conn, long organizationId, long id) =>
        conn.QuerySingleOrDefault<TelemetryIdentityView>($"SELECT {IdentitySelect} {IdentityFrom} AND ti.id = @Id", new { OrganizationId = organizationId, Id = id });

    private static void Bind(DynamicParameters parameters, TelemetryAudience audience)
    {
        parameters.Add("OrganizationIds", audience.OrganizationIds.ToArray());
        VisiblePeopleSql.Bind(parameters, audience.People);
    }

    internal static JsonElement Json(string? text)
    {
        using var document = JsonDocument.Parse(string.IsNullOrEmpty(text) ? "null" : text);
        return document.RootElement.Clone();
    }

    private static string? Hex(byte[]? id) => id is null ? null : Convert.ToHexStringLower(id);

    internal sealed class EventRow
    {
        public long Id { get; init; }
        public long OrganizationId { get; init; }
        public DateTimeOffset OccurredAt { get; init; }
        public DateTimeOffset? ObservedAt { get; init; }
        public DateTimeOffset ReceivedAt { get; init; }
        public string? ServiceName { get; init; }
        public string? ServiceVersion { get; init; }
        public string ScopeName { get; init; } = "";
        public string? EventName { get; init; }
        public int SeverityNumber { get; init; }
        public string? SeverityText { get; init; }
        public string? Body { get; init; }
        public string Attributes { get; init; } = "{}";
        public string? ResourceAttributes { get; init; }
        public byte[]? TraceId { get; init; }
        public byte[]? SpanId { get; init; }
        public string? SessionId { get; init; }
        public long? UserId { get; init; }
        public bool Visible { get; init; }

        public TelemetryEventView ToView() => new(
            new TelemetryEventId(Id), new OrganizationId(OrganizationId), OccurredAt, ObservedAt, ReceivedAt, ServiceName, ServiceVersion, ScopeName,
            EventName, SeverityNumber, SeverityText, Body is null ? null : Json(Body), Json(Attributes), Json(ResourceAttributes ?? "{}"),
            Hex(TraceId), Hex(SpanId), SessionId, UserId is { } u ? new UserId(u) : null);
    }

    internal sealed class SeriesRow
    {
        public long Id { get; init; }
        public long OrganizationId { get; init; }
        public string MetricName { get; init; } = "";
        public string? Description { get; init; }
        public string Kind { get; init; } = "";
        public string? Unit { get; init; }
        public string? Temporality { get; init; }
        public bool? IsMonotonic { get; init; }
        public string? ServiceName { get; init; }
        public string ScopeName { get; init; } = "";
        public string Attributes { get; init; } = "{}";
        public long? UserId { get; init; }
        public DateTimeOffset? LastPointAt { get; init; }
        public DateTimeOffset CreatedAt { get; init; }

        public MetricSeriesView ToView() => new(
            new MetricSeriesId(Id), new OrganizationId(OrganizationId), MetricName, Description, Kind, Unit, Temporality, IsMonotonic, ServiceName,
            ScopeName, Json(Attributes), UserId is { } u ? new UserId(u) : null, LastPointAt, CreatedAt);
    }

    internal sealed class PointRow
    {
        public long SeriesId { get; init; }
        public DateTimeOffset PointAt { get; init; }
        public DateTimeOffset? StartAt { get; init; }
        public double? Value { get; init; }
        public double? Increment { get; init; }
        public long? Count { get; init; }
        public double? Sum { get; init; }
        public double? SumIncrement { get; init; }
        public double? Min { get; init; }
        public double? Max { get; init; }
        public long[]? BucketCounts { get; init; }
        public double[]? ExplicitBounds { get; init; }
        public string? Quantiles { get; init; }
        public int Flags { get; init; }

        public MetricPointView ToView() => new(new MetricSeriesId(SeriesId), PointAt, StartAt, Value, Increment, Count, Sum, SumIncrement, Min, Max, BucketCounts, ExplicitBounds,
            Quantiles is null ? null : Json(Quantiles), Flags);
    }

    internal sealed class SpanRow
    {
        public byte[] TraceId { get; init; } = [];
        public byte[] SpanId { get; init; } = [];
        public byte[]? ParentSpanId { get; init; }
        public long OrganizationId { get; init; }
        public string Name { get; init; } = "";
        public int Kind { get; init; }
        public DateTimeOffset StartAt { get; init; }
        public DateTimeOffset EndAt { get; init; }
        public long DurationNs { get; init; }
        public int StatusCode { get; init; }
        public string? StatusMessage { get; init; }
        public string Attributes { get; init; } = "{}";
        public string Events { get; init; } = "[]";
        public string Links { get; init; } = "[]";
        public string? ServiceName { get; init; }
        public string ScopeName { get; init; } = "";
        public string? SessionId { get; init; }
        public long? UserId { get; init; }

        public SpanView ToView() => new(
            Convert.ToHexStringLower(TraceId), Convert.ToHexStringLower(SpanId), Hex(ParentSpanId), new OrganizationId(OrganizationId), Name, Kind,
            StartAt, EndAt, DurationNs, StatusCode, StatusMessage, Json(Attributes), Json(Events), Json(Links), ServiceName, ScopeName, SessionId,
            UserId is { } u ? new UserId(u) : null);
    }
}

/// <summary>Manual identity mapping (§8.4); drops the resolver's cache for the organization so the change applies at once.</summary>
internal sealed class TelemetryIdentityStore(NpgsqlDataSource db, DbRetry retry, TelemetryIdentityResolver resolver) : Application.Telemetry.Queries.ITelemetryIdentityStore
{
    public Task<TelemetryIdentityView?> SetUserAsync(long organizationId, TelemetryIdentityId id, UserId? user, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            var updated = await conn.ExecuteAsync(new CommandDefinition("""
                UPDATE telemetry_identities
                SET user_id = @User,
                    match_method = CASE WHEN @User::bigint IS NULL THEN NULL ELSE 'manual' END,
                    matched_at = CASE WHEN @User::bigint IS NULL THEN NULL ELSE now() END
                WHERE organization_id = @Org AND id = @Id
                """, new { Org = organizationId, Id = id.Value, User = user?.Value }, cancellationToken: token));
            resolver.Forget(organizationId);
            return updated == 0 ? null : TelemetryQueryReader.ReadIdentity(conn, organizationId, id.Value);
        }, ct);

    public Task<bool> IsMemberAsync(long organizationId, UserId user, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM organization_members WHERE organization_id = @Org AND user_id = @User)",
                new { Org = organizationId, User = user.Value }, cancellationToken: token));
        }, ct);
}
