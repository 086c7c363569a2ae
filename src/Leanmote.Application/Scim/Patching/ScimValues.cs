using System.Text.Json;
using System.Text.Json.Nodes;
using Leanmote.Application.Scim.Filtering;
using Leanmote.Application.Scim.Schema;

namespace Leanmote.Application.Scim.Patching;

/// <summary>
/// Turns client JSON into the canonical stored form of one attribute (spec §2.2, §5, §9.7): attribute names in any
/// case become canonical, unknown and read-only sub-attributes are dropped, string booleans become booleans,
/// single objects / bare strings are wrapped for multi-valued attributes, <c>null</c> / <c>""</c> / <c>[]</c> mean
/// unassigned (returned as <c>null</c>), lengths and canonical values are checked (<c>invalidValue</c>).
/// </summary>
public static class ScimValues
{
    /// <summary>Coerces the value of a whole attribute (top-level or sub-attribute). Null result = unassigned.</summary>
    public static ScimResult<JsonNode?> Coerce(ScimAttribute attribute, JsonNode? value, string where)
    {
        if (attribute.MultiValued)
        {
            var multi = CoerceMulti(attribute, value, where);
            return multi.IsSuccess ? multi.Value : multi.Error;
        }
        if (attribute.IsComplex)
        {
            var complex = CoerceComplex(attribute, value, where);
            return complex.IsSuccess ? complex.Value : complex.Error;
        }
        return CoerceSimple(attribute, value, where);
    }

    /// <summary>
    /// Coerces a multi-valued attribute: an array, one object, or a bare string / array of strings (taken as
    /// <c>value</c>). Null elements are skipped; no elements left → null (unassigned).
    /// </summary>
    public static ScimResult<JsonArray?> CoerceMulti(ScimAttribute attribute, JsonNode? value, string where)
    {
        if (IsNull(value))
            return (JsonArray?)null;
        var items = value is JsonArray array ? array.ToList() : [value];
        var result = new JsonArray();
        foreach (var item in items)
        {
            var element = CoerceElement(attribute, item, where);
            if (!element.IsSuccess)
                return element.Error;
            if (element.Value is not null)
                result.Add(element.Value);
        }
        return result.Count == 0 ? null : result;
    }

    /// <summary>Coerces one element of a multi-valued complex attribute. Null result = empty element (skipped).</summary>
    public static ScimResult<JsonObject?> CoerceElement(ScimAttribute attribute, JsonNode? value, string where)
    {
        if (IsNull(value))
            return (JsonObject?)null;
        var element = CoerceObject(attribute, value, where);
        if (!element.IsSuccess)
            return element;
        if (attribute.Name == "members" && attribute.SchemaUrn == ScimSchemas.GroupUrn && element.Value?["value"] is null)
            return ScimError.InvalidValue($"{where}: every member needs a 'value' (the id of a User)");
        return element;
    }

    /// <summary>
    /// Coerces a single-valued complex attribute (<c>name</c>, enterprise <c>manager</c>): an object; for attributes
    /// with a <c>value</c> sub-attribute also a bare string, or an array holding one object (Entra's manager).
    /// </summary>
    public static ScimResult<JsonObject?> CoerceComplex(ScimAttribute attribute, JsonNode? value, string where)
    {
        if (value is JsonArray array && attribute.ValueSubAttribute is not null)
        {
            var items = array.Where(i => !IsNull(i)).ToList();
            if (items.Count == 0)
                return (JsonObject?)null;
            if (items.Count > 1)
                return ScimError.InvalidValue($"{where}: '{attribute.Name}' is single-valued; expected one value, found an array of {items.Count}");
            value = items[0];
        }
        return CoerceObject(attribute, value, where);
    }

    private static ScimResult<JsonObject?> CoerceObject(ScimAttribute attribute, JsonNode? value, string where)
    {
        if (IsNull(value))
            return (JsonObject?)null;
        if (value is JsonValue scalar && scalar.GetValueKind() == JsonValueKind.String && attribute.ValueSubAttribute is { } valueSub)
        {
            var text = CoerceSimple(valueSub, scalar, where);
            if (!text.IsSuccess)
                return text.Error;
            return text.Value is null ? null : new JsonObject { ["value"] = text.Value };
        }
        if (value is not JsonObject source)
            return ScimError.InvalidValue($"{where}: '{attribute.Name}' expects an object{(attribute.ValueSubAttribute is null ? "" : " or a string value")}, found {Kind(value)}");
        var result = new JsonObject();
        foreach (var (key, item) in source)
        {
            var sub = attribute.FindSubAttribute(key);
            if (sub is null || sub.IsReadOnly)
                continue;
            if (result.ContainsKey(sub.Name))
                return ScimError.InvalidSyntax($"{where}: '{attribute.Name}.{sub.Name}' is given twice");
            var coerced = CoerceSimple(sub, item, where);
            if (!coerced.IsSuccess)
                return coerced.Error;
            if (coerced.Value is not null)
                result[sub.Name] = coerced.Value;
        }
        if (result["primary"] is JsonValue primary && primary.GetValueKind() == JsonValueKind.False)
            result.Remove("primary");
        return result.Count == 0 ? null : result;
    }

    /// <summary>Coerces a simple (non-complex) value. Null result = unassigned.</summary>
    public static ScimResult<JsonNode?> CoerceSimple(ScimAttribute attribute, JsonNode? value, string where)
    {
        if (IsNull(value))
            return (JsonNode?)null;
        if (value is not JsonValue scalar)
            return ScimError.InvalidValue($"{where}: '{attribute.FullName}' expects a {TypeName(attribute)}, found {Kind(value)}");
        var kind = scalar.GetValueKind();
        switch (attribute.Type)
        {
            case ScimAttributeType.Boolean:
                if (kind == JsonValueKind.True || kind == JsonValueKind.False)
                    return JsonValue.Create(kind == JsonValueKind.True);
                if (kind == JsonValueKind.String)
                {
                    var text = scalar.GetValue<string>().Trim();
                    if (text.Equals("true", StringComparison.OrdinalIgnoreCase))
                        return JsonValue.Create(true);
                    if (text.Equals("false", StringComparison.OrdinalIgnoreCase))
                        return JsonValue.Create(false);
                }
                return ScimError.InvalidValue($"{where}: '{attribute.FullName}' expects true or false, found {Describe(scalar)}");
            case ScimAttributeType.String:
            case ScimAttributeType.Reference:
                if (kind != JsonValueKind.String)
                    return ScimError.InvalidValue($"{where}: '{attribute.FullName}' expects a string, found {Describe(scalar)}");
                var s = scalar.GetValue<string>();
                if (s.Length == 0)
                    return (JsonNode?)null;
                if (attribute.MaxLength > 0 && s.Length > attribute.MaxLength)
                    return ScimError.InvalidValue($"{where}: '{attribute.FullName}' is {s.Length} characters long; the limit is {attribute.MaxLength}");
                if (attribute.CanonicalValuesOnly)
                {
                    var canonical = attribute.CanonicalValues.FirstOrDefault(c => c.Equals(s, StringComparison.OrdinalIgnoreCase));
                    if (canonical is null)
                    {
                        var nested = attribute.Name == "type" && attribute.Parent?.Name == "members" && s.Equals("Group", StringComparison.OrdinalIgnoreCase);
                        return ScimError.InvalidValue(nested
                            ? $"{where}: nested groups are not supported; members must be Users"
                            : $"{where}: {ScimError.Echo(s)} is not an allowed value of '{attribute.FullName}'; allowed: {string.Join(", ", attribute.CanonicalValues)}");
                    }
                    return JsonValue.Create(canonical);
                }
                return JsonValue.Create(s);
            case ScimAttributeType.DateTime:
                if (kind != JsonValueKind.String || !ScimDateTime.TryParse(scalar.GetValue<string>(), out _))
                    return ScimError.InvalidValue($"{where}: '{attribute.FullName}' expects an RFC 3339 date-time, found {Describe(scalar)}");
                return JsonValue.Create(scalar.GetValue<string>());
            case ScimAttributeType.Integer:
            case ScimAttributeType.Decimal:
                if (kind != JsonValueKind.Number)
                    return ScimError.InvalidValue($"{where}: '{attribute.FullName}' expects a number, found {Describe(scalar)}");
                return scalar.DeepClone();
            default:
                return ScimError.InvalidValue($"{where}: '{attribute.FullName}' cannot take a simple value");
        }
    }

    /// <summary>JSON null, <c>""</c>, <c>[]</c> and <c>{}</c> mean "unassigned" (RFC 7643 §2.5).</summary>
    public static bool IsNull(JsonNode? node) => node switch
    {
        null => true,
        JsonArray a => a.Count == 0,
        JsonObject o => o.Count == 0,
        JsonValue v => v.GetValueKind() == JsonValueKind.Null || (v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0),
        _ => false,
    };

    private static string TypeName(ScimAttribute attribute) => attribute.Type switch
    {
        ScimAttributeType.Boolean => "boolean",
        ScimAttributeType.DateTime => "date-time string",
        ScimAttributeType.Integer or ScimAttributeType.Decimal => "number",
        _ => "string",
    };

    private static string Kind(JsonNode? node) => node switch
    {
        JsonArray => "an array",
        JsonObject => "an object",
        JsonValue v => Describe(v),
        _ => "null",
    };

    private static string Describe(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => $"the string {ScimError.Echo(value.GetValue<string>())}",
        JsonValueKind.Number => $"the number {ScimError.Echo(value.ToJsonString())}",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.ToJsonString(),
    };
}
