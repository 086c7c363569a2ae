using System.Globalization;
using System.Text.Json.Nodes;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Metrics.Engine;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Leanmote.Api.OpenApi;

public static partial class ContractTransformers
{
    private const string MetricsMetaSchema = "MetricsMeta";

    /// <summary>
    /// A metrics route (metrics.md §2, §4): the parameters its shape accepts (query for GET, the same names in a JSON
    /// body for POST), <c>data</c> with <c>meta</c> beside it, and the failures the contract names.
    /// </summary>
    private static async Task DescribeMetricsAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, MetricsContract contract, CancellationToken ct)
    {
        var document = context.Document!;
        var parameters = MetricParameterSchemas(contract.Route).ToList();
        operation.Parameters ??= [];
        operation.Parameters.Clear();
        if (contract.Post)
        {
            var body = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "The GET parameters as a JSON object: id filters are arrays of strings, the others strings (page and per_page may be numbers); null means absent; unknown keys are a 400. An empty body is {}.",
                AdditionalPropertiesAllowed = false,
                Properties = parameters.ToDictionary(p => p.Name!, p => (IOpenApiSchema)(p.Name!.EndsWith("_ids", StringComparison.Ordinal) || p.Name == "families"
                    ? new OpenApiSchema { Type = JsonSchemaType.Array | JsonSchemaType.Null, Items = new OpenApiSchema { Type = JsonSchemaType.String }, Description = p.Description }
                    : new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = p.Description })),
            };
            operation.RequestBody = new OpenApiRequestBody { Required = false, Content = Json(body) };
        }
        else
        {
            foreach (var parameter in parameters) operation.Parameters.Add(parameter);
        }

        document.Components!.Schemas![MetricsMetaSchema] = await context.GetOrCreateSchemaAsync(typeof(MetricsMeta), null, ct);
        var data = await context.GetOrCreateSchemaAsync(contract.Data, null, ct);
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.Clear();
        operation.Responses["200"] = new OpenApiResponse
        {
            Description = "Success: data (always an object) and meta.",
            Headers = RateLimitHeaders(),
            Content = Json(new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string> { "status", "data", "meta" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["status"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("success")] },
                    ["data"] = data,
                    ["meta"] = new OpenApiSchemaReference(MetricsMetaSchema, document),
                },
            }),
        };
        var failures = new List<(string, string)>
        {
            ("400", "VALIDATION_ERROR: a parameter breaks a rule of metrics.md §2.2; details name every problem at once."),
            ("401", "UNAUTHORIZED: missing, invalid, expired or inactive token."),
            ("403", "FORBIDDEN: the caller is not a member of the organization."),
            ("404", "NOT_FOUND: the organization does not exist."),
        };
        if (contract.Post)
        {
            failures.Add(("413", "PAYLOAD_TOO_LARGE: the body exceeds 64 KiB."));
            failures.Add(("415", "UNSUPPORTED_MEDIA_TYPE: the body is not application/json."));
        }
        failures.Add(("429", "RATE_LIMITED: a rate limit is exhausted; see Retry-After."));
        failures.Add(("500", "SERVER_ERROR: something unexpected; quote X-Request-Id."));
        failures.Add(("503", "SERVICE_UNAVAILABLE: the database is unreachable; see Retry-After."));
        foreach (var (status, description) in failures)
            operation.Responses[status] = new OpenApiResponse { Description = description, Content = Json(new OpenApiSchemaReference(ErrorSchema, document)) };
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
        if (string.IsNullOrWhiteSpace(operation.Description))
            operation.Description = (operation.Summary ?? "").TrimEnd('.') + ". Parameters and rules: docs/metrics.md; every number is explained by include=evidence.";
    }

    private static IEnumerable<OpenApiParameter> MetricParameterSchemas(MetricRouteSpec route)
    {
        static OpenApiSchema Text(string? pattern = null, string? example = null) => new()
        {
            Type = JsonSchemaType.String,
            Pattern = pattern,
            Examples = example is null ? null : [JsonValue.Create(example)],
        };
        yield return Query("organization_id", "The organization (default: the caller's only one; required when the caller has several).", Text("^org_[1-9][0-9]*$", "org_1"));
        foreach (var (name, prefix) in new[] { ("team_ids", "team"), ("user_ids", "usr"), ("repository_ids", "repo"), ("board_ids", "board") })
            yield return Query(name, $"Comma-separated {prefix}_ ids of the organization (1–100).", Text($"^{prefix}_[1-9][0-9]*(,{prefix}_[1-9][0-9]*)*$", $"{prefix}_1"));
        yield return Query("start_date", "First day of the window, inclusive (default: end_date − 29 days).", Text("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "2026-03-02"));
        yield return Query("end_date", "Last day of the window, inclusive (default: today UTC; the window spans at most 366 days).", Text("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "2026-03-15"));
        yield return Query("granularity", "Bucket size of every series.", Enum(["day", "week", "month"], "week"));
        yield return Query("timezone", "Only UTC is supported.", Enum(["UTC"], "UTC"));
        yield return Query("compare", "Whether previous and delta are computed.", Enum(["previous_period", "none"], "previous_period"));
        var breakdowns = new List<string> { "none" };
        if (route.Breakdowns.HasFlag(Breakdown.Team)) breakdowns.Add("team");
        if (route.Breakdowns.HasFlag(Breakdown.Member)) breakdowns.Add("member");
        if (route.Breakdowns == (Breakdown.Team | Breakdown.Member)) breakdowns.Add("team,member");
        yield return Query("breakdown", "Per-team and/or per-member values.", Enum(breakdowns, "none"));
        if (route.TakesEvidence)
        {
            yield return Query("include", "evidence: the items behind each number (metrics.md §4.5).", Enum(["evidence"], null));
            yield return Query("evidence_page", "Page of evidence items, from 1.", Integer(1, QueryOptions.MaxPage, 1));
            yield return Query("evidence_per_page", "Evidence items per page.", Integer(1, MetricParameters.MaxEvidencePerPage, MetricParameters.DefaultEvidencePerPage));
        }
        if (route.Shape == MetricShape.List)
        {
            yield return Query("page", "Page number, from 1.", Integer(1, QueryOptions.MaxPage, 1));
            yield return Query("per_page", "Items per page.", Integer(1, QueryOptions.MaxPerPage, QueryOptions.DefaultPerPage));
            yield return Query("sort", "Sort field; ties are broken by id, nulls last.", Enum(route.Sorts, route.DefaultSort));
            yield return Query("order", "Sort direction.", Enum(["asc", "desc"], route.DefaultOrder == SortOrder.Asc ? "asc" : "desc"));
        }
        if (route.Shape == MetricShape.Payload)
        {
            yield return Query("families", "Comma-separated families to include (default: all).",
                Text(null, string.Join(",", MetricParametersParser.Families)));
        }
    }
}
