using System.Text.Json;
using System.Text.Json.Nodes;
using Leanmote.Application.Scim.Schema;

namespace Leanmote.Application.Scim.Filtering;

/// <summary>
/// Evaluates a filter against JSON in memory, with the semantics of spec §7.2 — used by the PATCH engine to select
/// the elements a value path (<c>emails[type eq "work"]</c>) designates. Lists are never filtered in memory (§7.7):
/// storage translates the AST to SQL. Expects canonical attribute names in the JSON (as the engine writes them).
/// </summary>
public static class ScimFilterEvaluator
{
    /// <summary>True when one element of a multi-valued attribute satisfies a value-path filter (paths relative to it).</summary>
    public static bool MatchesElement(FilterNode filter, JsonObject element) => Evaluate(filter, resource: null, element);

    /// <summary>True when a whole resource satisfies <paramref name="filter"/>.</summary>
    public static bool Matches(FilterNode filter, JsonObject resource) => Evaluate(filter, resource, element: null);

    private static bool Evaluate(FilterNode node, JsonObject? resource, JsonObject? element) => node switch
    {
        AndFilter a => Evaluate(a.Left, resource, element) && Evaluate(a.Right, resource, element),
        OrFilter o => Evaluate(o.Left, resource, element) || Evaluate(o.Right, resource, element),
        NotFilter n => !Evaluate(n.Operand, resource, element),
        PresentFilter p => Values(p.Path, resource, element).Any(HasValue),
        ComparisonFilter c when c.Operator == ComparisonOperator.Ne =>
            !Values(c.Path, resource, element).Any(v => Compare(c.Path.Target, ComparisonOperator.Eq, v, c.Value)),
        ComparisonFilter c => Values(c.Path, resource, element).Any(v => Compare(c.Path.Target, c.Operator, v, c.Value)),
        ValuePathFilter v => resource is not null
            && Container(resource, v.Attribute)?[v.Attribute.Name] is JsonArray array
            && array.OfType<JsonObject>().Any(e => Evaluate(v.Filter, resource, e)),
        _ => false,
    };

    private static JsonObject? Container(JsonObject resource, ScimAttribute attribute) =>
        attribute.SchemaUrn == ScimSchemas.UserUrn || attribute.SchemaUrn == ScimSchemas.GroupUrn
            ? resource
            : resource[attribute.SchemaUrn] as JsonObject;

    private static IEnumerable<JsonNode?> Values(ScimAttributePath path, JsonObject? resource, JsonObject? element)
    {
        if (element is not null && path.SubAttribute is not null)
        {
            yield return element[path.SubAttribute.Name];
            yield break;
        }
        if (resource is null)
            yield break;
        var node = Container(resource, path.Attribute)?[path.Attribute.Name];
        if (path.SubAttribute is null)
        {
            if (node is JsonArray all)
            {
                foreach (var item in all)
                    yield return item;
            }
            else
            {
                yield return node;
            }
            yield break;
        }
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array.OfType<JsonObject>())
                    yield return item[path.SubAttribute.Name];
                break;
            case JsonObject obj:
                yield return obj[path.SubAttribute.Name];
                break;
        }
    }

    private static bool HasValue(JsonNode? node) => node switch
    {
        null => false,
        JsonArray a => a.Count > 0,
        JsonObject o => o.Count > 0,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Length > 0,
        JsonValue v => v.GetValueKind() != JsonValueKind.Null,
        _ => false,
    };

    private static bool Compare(ScimAttribute target, ComparisonOperator op, JsonNode? actual, FilterValue expected)
    {
        if (actual is not JsonValue value)
            return false;
        switch (expected)
        {
            case BooleanFilterValue b:
                return AsBoolean(value) is { } flag && flag == b.Value;
            case DateTimeFilterValue d:
                if (value.GetValueKind() != JsonValueKind.String || !ScimDateTime.TryParse(value.GetValue<string>(), out var instant))
                    return false;
                return Order(op, instant.CompareTo(d.Value));
            case NumberFilterValue n:
                return value.GetValueKind() == JsonValueKind.Number && Order(op, value.GetValue<decimal>().CompareTo(n.Value));
            case StringFilterValue s:
                if (value.GetValueKind() != JsonValueKind.String)
                    return false;
                var left = value.GetValue<string>();
                var right = s.Value;
                if (!target.CaseExact)
                {
                    left = ScimText.Fold(left);
                    right = ScimText.Fold(right);
                }
                return op switch
                {
                    ComparisonOperator.Co => left.Contains(right, StringComparison.Ordinal),
                    ComparisonOperator.Sw => left.StartsWith(right, StringComparison.Ordinal),
                    ComparisonOperator.Ew => left.EndsWith(right, StringComparison.Ordinal),
                    _ => Order(op, string.CompareOrdinal(left, right)),
                };
            default:
                return false;
        }
    }

    private static bool? AsBoolean(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when bool.TryParse(value.GetValue<string>(), out var parsed) => parsed,
        _ => null,
    };

    private static bool Order(ComparisonOperator op, int comparison) => op switch
    {
        ComparisonOperator.Eq => comparison == 0,
        ComparisonOperator.Ne => comparison != 0,
        ComparisonOperator.Gt => comparison > 0,
        ComparisonOperator.Ge => comparison >= 0,
        ComparisonOperator.Lt => comparison < 0,
        ComparisonOperator.Le => comparison <= 0,
        _ => false,
    };
}
