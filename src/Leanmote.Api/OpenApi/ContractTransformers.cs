using System.Globalization;
using System.Text.Json.Nodes;
using Leanmote.Application.Common.Querying;
using Leanmote.Domain.Common;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Leanmote.Api.OpenApi;

/// <summary>
/// Turns <see cref="ApiContract"/> metadata into the OpenAPI description: query parameters, the success
/// envelope around the view, the error envelope for every failure status, the bearer scheme, and typed ids
/// as prefixed strings. The document is generated from the same specs the pipeline enforces.
/// </summary>
public static partial class ContractTransformers
{
    private const string ErrorSchema = "ErrorEnvelope";
    private const string MetaSchema = "ListMeta";
    private const string BearerScheme = "bearer";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer(DescribeDocument);
        options.AddSchemaTransformer(DescribeTypedIds);
        options.AddOperationTransformer(DescribeOperationAsync);
    }

    private static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info.Title = "Leanmote API";
        document.Info.Description = "Engineering operational data (organizations, teams, people, source control, work, calendars, " +
            "delivery) as REST resources. Every response uses the standard envelope; lists take page, per_page, sort, order, " +
            "fields and the filters each route declares.";
        document.Info.Contact = new OpenApiContact { Name = "Leanmote platform team", Email = "platform@leanmote.example" };
        document.Info.License = new OpenApiLicense { Name = "Proprietary", Url = new Uri("https://leanmote.example/terms") };
        document.Servers = [new OpenApiServer { Url = "/" }];
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ErrorSchema] = ErrorEnvelope();
        document.Components.Schemas[MetaSchema] = ListMeta();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API token: Authorization: Bearer <token>",
        };
        return Task.CompletedTask;
    }

    private static Task DescribeTypedIds(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (type == typeof(DateTimeOffset) || type.IsEnum)
        {
            // our own converters write these as strings; say so (nullability is carried by the property)
            schema.Type = type == typeof(DateTimeOffset) || Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) is null
                ? JsonSchemaType.String
                : JsonSchemaType.String | JsonSchemaType.Null;
            return Task.CompletedTask;
        }
        if (IdPrefix(type) is { } prefix)
        {
            schema.Type = JsonSchemaType.String;
            schema.Properties?.Clear();
            schema.Required?.Clear();
            schema.Pattern = $"^{prefix}_[1-9][0-9]*$";
            schema.Examples = [JsonValue.Create($"{prefix}_1")];
        }
        else if (context.JsonTypeInfo.ElementType is { } element && IdPrefix(Nullable.GetUnderlyingType(element) ?? element) is { } itemPrefix)
        {
            // lists of typed ids: our converter writes each as a prefixed string
            schema.Items = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = $"^{itemPrefix}_[1-9][0-9]*$" };
        }
        return Task.CompletedTask;
    }

    private static string? IdPrefix(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IPublicId<>))
            ? (string)type.GetProperty(nameof(IPublicId<OrganizationId>.Prefix))!.GetValue(null)!
            : null;

    private static async Task DescribeOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<MetricsContract>().LastOrDefault() is { } metrics)
        {
            await DescribeMetricsAsync(operation, context, metrics, ct);
            return;
        }
        var contract = context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiContract>().LastOrDefault();
        if (contract is null) return;

        operation.Parameters ??= [];
        foreach (var parameter in QueryParameters(contract.Spec)) operation.Parameters.Add(parameter);

        operation.Responses ??= new OpenApiResponses();
        operation.Responses.Clear();
        var document = context.Document!;
        var view = contract.View is null ? null : await context.GetOrCreateSchemaAsync(contract.View, null, ct);
        foreach (var status in contract.AlsoSucceedsWith.Prepend(contract.SuccessStatus))
        {
            operation.Responses[status.ToString(CultureInfo.InvariantCulture)] = view is null
                ? new OpenApiResponse { Description = "Done; no body." }
                : new OpenApiResponse
                {
                    Description = status == StatusCodes.Status201Created ? "Created." : "Success.",
                    Content = Json(SuccessEnvelope(view, contract.Paginated, document)),
                    Headers = contract.Anonymous ? null : RateLimitHeaders(),
                };
        }
        if (contract.Idempotent)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "Idempotency-Key",
                In = ParameterLocation.Header,
                Required = false,
                Description = "Makes the write replay-safe for 24 hours: the same key with the same body returns the stored response; with another body, 409.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 255 },
            });
        }

        foreach (var (status, description) in Failures(contract, context.Description.HttpMethod))
        {
            operation.Responses[status] = new OpenApiResponse { Description = description, Content = Json(new OpenApiSchemaReference(ErrorSchema, document)) };
        }

        // anonymous routes say so explicitly with an empty requirement list
        operation.Security = contract.Anonymous
            ? []
            : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];

        if (string.IsNullOrWhiteSpace(operation.Description)) operation.Description = Describe(operation.Summary, contract);
    }

    /// <summary>A generated description for routes that don't write their own: what the contract promises.</summary>
    private static string Describe(string? summary, ApiContract contract)
    {
        var text = (summary ?? "").TrimEnd('.') + ".";
        if (contract.Anonymous) return text + " No authentication and no rate limit.";
        if (contract.Spec.IsList)
        {
            text += " A list: page, per_page (1-100), sort (" + string.Join(", ", contract.Spec.SortableFields) + "; ties broken by id), order, fields";
            if (contract.Spec.Filters.Count > 0) text += " and the filters " + string.Join(", ", contract.Spec.Filters.Keys.Order(StringComparer.Ordinal));
            text += ". Only what the caller may see is listed.";
        }
        else if (contract.Spec.Fields.Count > 0)
        {
            text += " Accepts fields= to project the response; any other parameter is rejected.";
        }
        return text;
    }

    private static IEnumerable<(string Status, string Description)> Failures(ApiContract contract, string? method)
    {
        yield return ("400", "VALIDATION_ERROR: an invalid parameter or body; details name each problem.");
        if (!contract.Anonymous)
        {
            yield return ("401", "UNAUTHORIZED: missing, invalid, expired or inactive token.");
            yield return ("403", "FORBIDDEN: the resource belongs to an organization (or person) the caller may not see.");
        }
        yield return ("404", "NOT_FOUND: no such resource (or a malformed id).");
        if (method is "POST" or "PUT" or "PATCH")
        {
            yield return ("409", "CONFLICT: a uniqueness rule or an idempotency key was violated.");
            yield return ("413", "PAYLOAD_TOO_LARGE: the body exceeds the configured limit.");
            yield return ("415", "UNSUPPORTED_MEDIA_TYPE: the body is not JSON.");
        }
        if (!contract.Anonymous) yield return ("429", "RATE_LIMITED: a rate limit is exhausted; see Retry-After.");
        yield return ("500", "SERVER_ERROR: something unexpected; quote X-Request-Id.");
        yield return ("503", "SERVICE_UNAVAILABLE: the database is unreachable; see Retry-After.");
    }

    private static IEnumerable<OpenApiParameter> QueryParameters(QuerySpec spec)
    {
        if (spec.IsList)
        {
            yield return Query("page", "Page number, from 1.", Integer(1, QueryOptions.MaxPage, 1));
            yield return Query("per_page", "Rows per page.", Integer(1, QueryOptions.MaxPerPage, QueryOptions.DefaultPerPage));
            yield return Query("sort", "Sort field; ties are broken by id.", Enum(spec.SortableFields, spec.DefaultSort));
            yield return Query("order", "Sort direction (case-insensitive).", Enum(["asc", "desc"], "desc"));
        }
        if (spec.Fields.Count > 0)
        {
            yield return Query("fields", "Comma-separated fields to return; dot-paths reach nested objects.",
                new OpenApiSchema { Type = JsonSchemaType.String, Examples = [JsonValue.Create(string.Join(",", spec.Fields.Where(f => !f.Contains('.', StringComparison.Ordinal)).Take(2)))] });
        }
        foreach (var filter in spec.Filters.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            var schema = FilterSchema(filter);
            yield return Query(filter.Name, $"Equality filter on {filter.Name}.", schema);
            if (!filter.IsComparable) continue;
            foreach (var op in new[] { "eq", "gte", "gt", "lte", "lt" })
            {
                yield return Query($"{filter.Name}[{op}]",
                    filter.Kind == FilterValueKind.Timestamp
                        ? $"{filter.Name} {op}; a date-only value (YYYY-MM-DD) covers the whole UTC day."
                        : $"{filter.Name} {op}.",
                    FilterSchema(filter));
            }
        }
    }

    private static OpenApiSchema FilterSchema(FilterField filter) => filter.Kind switch
    {
        FilterValueKind.Id => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = $"^{filter.IdPrefix}_[1-9][0-9]*$", Examples = [JsonValue.Create($"{filter.IdPrefix}_1")] },
        FilterValueKind.Enum => Enum(filter.EnumValues!, null),
        FilterValueKind.Boolean => new OpenApiSchema { Type = JsonSchemaType.Boolean },
        FilterValueKind.Number => new OpenApiSchema { Type = JsonSchemaType.Number },
        FilterValueKind.Timestamp => new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "YYYY-MM-DD or an ISO-8601 timestamp",
            Examples = [JsonValue.Create("2026-01-01")],
        },
        _ => new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 320 },
    };

    private static OpenApiParameter Query(string name, string description, OpenApiSchema schema) =>
        new() { Name = name, In = ParameterLocation.Query, Required = false, Description = description, Schema = schema };

    private static OpenApiSchema Integer(int min, int max, int @default) => new()
    {
        Type = JsonSchemaType.Integer,
        Minimum = min.ToString(CultureInfo.InvariantCulture),
        Maximum = max.ToString(CultureInfo.InvariantCulture),
        Default = JsonValue.Create(@default),
    };

    private static OpenApiSchema Enum(IEnumerable<string> values, string? @default) => new()
    {
        Type = JsonSchemaType.String,
        Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))],
        Default = @default is null ? null : JsonValue.Create(@default),
    };

    private static Dictionary<string, OpenApiMediaType> Json(IOpenApiSchema schema) =>
        new() { ["application/json"] = new OpenApiMediaType { Schema = schema } };

    private static OpenApiSchema SuccessEnvelope(IOpenApiSchema view, bool paginated, OpenApiDocument document)
    {
        var properties = new Dictionary<string, IOpenApiSchema>
        {
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("success")] },
            ["data"] = paginated ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = view } : view,
        };
        if (paginated) properties["meta"] = new OpenApiSchemaReference(MetaSchema, document);
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = properties,
            Required = paginated ? new HashSet<string> { "status", "data", "meta" } : new HashSet<string> { "status", "data" },
        };
    }

    private static OpenApiSchema ListMeta() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "Paging of a list: the effective parameters and the totals.",
        Required = new HashSet<string> { "page", "per_page", "total", "total_pages", "sort", "order" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["page"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
            ["per_page"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
            ["total"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
            ["total_pages"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
            ["sort"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["order"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("asc"), JsonValue.Create("desc")] },
        },
        Examples = [new JsonObject { ["page"] = 1, ["per_page"] = 50, ["total"] = 1, ["total_pages"] = 1, ["sort"] = "created_at", ["order"] = "desc" }],
    };

    private static OpenApiSchema ErrorEnvelope() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "Every non-2xx response. details is present for VALIDATION_ERROR only.",
        Required = new HashSet<string> { "status", "error" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("error")] },
            ["error"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string> { "code", "message" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["code"] = Enum(["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "VALIDATION_ERROR", "METHOD_NOT_ALLOWED", "CONFLICT",
                        "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE", "RATE_LIMITED", "SERVER_ERROR", "SERVICE_UNAVAILABLE"], null),
                    ["message"] = new OpenApiSchema { Type = JsonSchemaType.String },
                    ["details"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Array,
                        Items = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Required = new HashSet<string> { "field", "message" },
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                ["field"] = new OpenApiSchema { Type = JsonSchemaType.String },
                                ["message"] = new OpenApiSchema { Type = JsonSchemaType.String },
                            },
                        },
                    },
                },
            },
        },
        Examples =
        [
            new JsonObject
            {
            ["status"] = "error",
            ["error"] = new JsonObject
            {
                ["code"] = "VALIDATION_ERROR",
                ["message"] = "per_page must be between 1 and 100",
                ["details"] = new JsonArray(new JsonObject { ["field"] = "per_page", ["message"] = "must be between 1 and 100" }),
            },
            },
        ],
    };

    private static Dictionary<string, IOpenApiHeader> RateLimitHeaders() => new()
    {
        ["X-RateLimit-Limit"] = new OpenApiHeader { Description = "Requests allowed per hour.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
        ["X-RateLimit-Remaining"] = new OpenApiHeader { Description = "Requests left in the hourly window.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
        ["X-RateLimit-Reset"] = new OpenApiHeader { Description = "Unix seconds when the hourly window resets.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
        ["X-Request-Id"] = new OpenApiHeader { Description = "The request's id, as in the logs.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
    };
}
