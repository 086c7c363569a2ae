using System.Text.Json;
using System.Text.Json.Nodes;
using Leanmote.Application.Scim.Filtering;
using Leanmote.Application.Scim.Schema;

namespace Leanmote.Application.Scim.Patching;

/// <summary>
/// The outcome of a successful PATCH: the new resource (a fresh object — the input is never modified),
/// whether anything changed (a no-op PATCH must not bump <c>meta.version</c>, spec §9.1) and the canonical names of
/// the top-level attributes that changed (<c>active</c>, <c>members</c>, <c>manager</c>… — for the audit, §11.5).
/// </summary>
public sealed record ScimPatchOutcome(JsonObject Resource, bool Changed, IReadOnlyList<string> ChangedAttributes);

/// <summary>
/// Applies SCIM PATCH (spec §9) to a resource held as a <see cref="JsonObject"/> in canonical form: canonical
/// camelCase names, core attributes at the top level, enterprise attributes inside the object named by the
/// extension URN, unassigned attributes absent. Operations apply in order to a copy; the first failure is returned
/// and the caller's object is untouched (atomicity, §9.1). Storage-level checks (member ids exist, uniqueness) stay
/// with the caller, which stores the returned resource.
/// </summary>
public static class ScimPatcher
{
    /// <summary>Parses the PatchOp body and applies it.</summary>
    public static ScimResult<ScimPatchOutcome> Apply(JsonObject resource, JsonNode? body, ScimResourceSchema schema)
    {
        var operations = ScimPatchRequest.Parse(body);
        return operations.IsSuccess ? Apply(resource, operations.Value, schema) : operations.Error;
    }

    /// <summary>Applies parsed operations in order to a copy of <paramref name="resource"/>.</summary>
    public static ScimResult<ScimPatchOutcome> Apply(JsonObject resource, IReadOnlyList<PatchOperation> operations, ScimResourceSchema schema)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(schema);
        var session = new PatchSession(resource.DeepClone().AsObject(), schema);
        foreach (var operation in operations)
        {
            var error = session.Apply(operation);
            if (error is not null)
                return error;
        }
        var finish = session.Finish();
        if (finish is not null)
            return finish;
        var changed = ScimResourceDiff.ChangedAttributes(resource, session.Resource, schema);
        return new ScimPatchOutcome(session.Resource, changed.Count > 0, changed);
    }
}

internal sealed class PatchSession(JsonObject resource, ScimResourceSchema schema)
{
    private readonly HashSet<ScimAttribute> _touched = [];
    private string _where = "";

    public JsonObject Resource => resource;

    public ScimError? Apply(PatchOperation operation)
    {
        _where = operation.Describe();
        if (operation.Path is null)
            return ApplyWithoutPath(operation);
        var path = ScimPatchPath.Parse(operation.Path, schema);
        if (!path.IsSuccess)
            return path.Error with { Detail = $"{_where}: {path.Error.Detail}" };
        if (path.Value.Extension is { } extension)
            return ApplyExtension(operation.Op, extension, operation.Value);
        return ApplyAttribute(operation.Op, path.Value, operation.Value, operation.HasValue);
    }

    public ScimError? Finish()
    {
        FlushLists();
        _where = "PATCH";
        foreach (var attribute in _touched)
        {
            var value = Read(attribute);
            if (attribute.Name == "roles" && attribute.SchemaUrn == ScimSchemas.UserUrn)
                Write(attribute, ScimRoles.Normalize(value as JsonArray));
            if (attribute.MaxItems > 0 && Read(attribute) is JsonArray array && array.Count > attribute.MaxItems)
                return ScimError.InvalidValue($"'{attribute.Name}' would have {array.Count} elements; the limit is {attribute.MaxItems}");
            if (attribute.Required && (Read(attribute) is not JsonValue text || text.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(text.GetValue<string>())))
                return ScimError.InvalidValue($"'{attribute.Name}' is required and cannot be blank");
        }
        ScimResourceDiff.TidyExtensions(resource, schema);
        return null;
    }

    private ScimError? ApplyWithoutPath(PatchOperation operation)
    {
        if (operation.Op == PatchOpKind.Remove)
            return ScimError.NoTarget($"{_where}: 'remove' needs a 'path' naming what to remove");
        if (operation.Value is not JsonObject members)
            return ScimError.InvalidValue($"{_where}: without a 'path' the value must be an object of attributes");
        foreach (var (key, item) in members)
        {
            if (key.Equals("schemas", StringComparison.OrdinalIgnoreCase))
                continue;
            ScimError? error;
            if (schema.ResolveWholeExtension(key) is { } extension)
            {
                error = ApplyExtension(operation.Op, extension, item);
            }
            else
            {
                // A member name is read as a path: plain, dotted (name.givenName), URN-qualified, or — as Entra's
                // aadOptscim062020 mode sends — a value path such as emails[type eq "work"].value.
                var path = ScimPatchPath.Parse(key, schema);
                if (!path.IsSuccess)
                    return path.Error with { Detail = $"{_where}: value member {ScimError.Echo(key)}: {path.Error.Detail}" };
                error = path.Value.Extension is { } named
                    ? ApplyExtension(operation.Op, named, item)
                    : ApplyAttribute(operation.Op, path.Value, item, hasValue: true);
            }
            if (error is not null)
                return error;
        }
        return null;
    }

    private ScimError? ApplyExtension(PatchOpKind op, ScimSchemaDefinition extension, JsonNode? value)
    {
        if (op == PatchOpKind.Remove || ScimValues.IsNull(value))
        {
            if (op != PatchOpKind.Remove && op != PatchOpKind.Replace)
                return null;
            foreach (var attribute in extension.Attributes)
            {
                _touched.Add(attribute);
                Write(attribute, null);
            }
            return null;
        }
        if (value is not JsonObject members)
            return ScimError.InvalidValue($"{_where}: the value for '{extension.Id}' must be an object of its attributes");
        foreach (var (key, item) in members)
        {
            var resolved = schema.Resolve($"{extension.Id}:{key}");
            if (resolved is null)
                return ScimError.InvalidPath($"{_where}: {ScimError.Echo(key)} is not an attribute of {extension.Id}");
            var error = ApplyAttribute(op, new ScimPatchPath(resolved.Attribute, resolved.SubAttribute, null, null), item, hasValue: true);
            if (error is not null)
                return error;
        }
        return null;
    }

    private ScimError? ApplyAttribute(PatchOpKind op, ScimPatchPath path, JsonNode? value, bool hasValue)
    {
        var attribute = path.Attribute!;
        if (attribute.Name == "id" && attribute.IsCommon)
        {
            if (op != PatchOpKind.Remove && value is JsonValue v && v.GetValueKind() == JsonValueKind.String
                && Read(attribute) is JsonValue current && current.GetValueKind() == JsonValueKind.String
                && v.GetValue<string>() == current.GetValue<string>())
                return null;
            return ScimError.Mutability($"{_where}: 'id' is read-only");
        }
        if (attribute.Name == "meta" && attribute.IsCommon)
            return ScimError.Mutability($"{_where}: 'meta' is read-only");
        if (attribute.IsReadOnly)
        {
            if (op != PatchOpKind.Remove && path.ValueFilter is null && path.SubAttribute is null
                && ScimResourceDiff.SameValue(Read(attribute), value))
                return null;
            return ScimError.Mutability($"{_where}: '{attribute.Name}' is read-only");
        }
        if (attribute.Mutability == ScimMutability.WriteOnly)
            return null;
        if (path.SubAttribute is { IsReadOnly: true })
            return null;
        _touched.Add(attribute);
        if (path.ValueFilter is not null)
            return ApplyFiltered(op, attribute, path.ValueFilter, path.SubAttribute, value);
        if (attribute.MultiValued)
            return path.SubAttribute is null ? ApplyMulti(op, attribute, value, hasValue) : ApplyMultiSub(op, attribute, path.SubAttribute, value);
        if (attribute.IsComplex)
            return ApplyComplex(op, attribute, path.SubAttribute, value);
        return ApplySimple(op, attribute, value);
    }

    private ScimError? ApplySimple(PatchOpKind op, ScimAttribute attribute, JsonNode? value)
    {
        if (op == PatchOpKind.Remove)
        {
            if (attribute.Required)
                return ScimError.InvalidValue($"{_where}: '{attribute.Name}' is required and cannot be removed");
            if (attribute.Type == ScimAttributeType.Boolean && attribute.Name == "active")
                return ScimError.InvalidValue($"{_where}: 'active' cannot be removed; replace it with true or false");
            Write(attribute, null);
            return null;
        }
        var coerced = ScimValues.CoerceSimple(attribute, value, _where);
        if (!coerced.IsSuccess)
            return coerced.Error;
        if (coerced.Value is null && attribute.Required)
            return ScimError.InvalidValue($"{_where}: '{attribute.Name}' is required and cannot be cleared");
        if (coerced.Value is null && attribute.Name == "active")
            return ScimError.InvalidValue($"{_where}: 'active' expects true or false");
        Write(attribute, coerced.Value);
        return null;
    }

    private ScimError? ApplyComplex(PatchOpKind op, ScimAttribute attribute, ScimAttribute? sub, JsonNode? value)
    {
        var current = Read(attribute) as JsonObject;
        if (sub is not null)
        {
            if (op == PatchOpKind.Remove)
            {
                current?.Remove(sub.Name);
                Write(attribute, current is { Count: > 0 } ? current : null);
                return null;
            }
            var coerced = ScimValues.CoerceSimple(sub, value, _where);
            if (!coerced.IsSuccess)
                return coerced.Error;
            var target = current ?? new JsonObject();
            if (coerced.Value is null)
                target.Remove(sub.Name);
            else
                target[sub.Name] = coerced.Value;
            Write(attribute, target.Count > 0 ? target : null);
            return null;
        }
        if (op == PatchOpKind.Remove)
        {
            Write(attribute, null);
            return null;
        }
        var complex = ScimValues.CoerceComplex(attribute, value, _where);
        if (!complex.IsSuccess)
            return complex.Error;
        if (complex.Value is null)
        {
            Write(attribute, null);
            return null;
        }
        var merged = current ?? new JsonObject();
        foreach (var (key, item) in complex.Value.ToList())
        {
            complex.Value.Remove(key);
            merged[key] = item;
        }
        Write(attribute, merged);
        return null;
    }

    private ScimError? ApplyMulti(PatchOpKind op, ScimAttribute attribute, JsonNode? value, bool hasValue)
    {
        if (op == PatchOpKind.Remove)
        {
            if (!hasValue || ScimValues.IsNull(value))
            {
                SetList(attribute, []);
                return null;
            }
            var listed = ScimValues.CoerceMulti(attribute, value, _where);
            if (!listed.IsSuccess)
                return listed.Error;
            if (listed.Value is null)
                return null;
            var caseExact = attribute.ValueSubAttribute?.CaseExact ?? true;
            var listedValues = new HashSet<string>(StringComparer.Ordinal);
            var listedOthers = new List<JsonObject>();
            foreach (var element in listed.Value.OfType<JsonObject>())
            {
                if (ValueOf(element) is { } v)
                    listedValues.Add(caseExact ? v : ScimText.Fold(v));
                else
                    listedOthers.Add(element);
            }
            RemoveWhere(attribute, e =>
                (ValueOf(e) is { } v && listedValues.Contains(caseExact ? v : ScimText.Fold(v)))
                || listedOthers.Any(d => ScimElements.SameListedElement(attribute, e, d)));
            return null;
        }
        var coerced = ScimValues.CoerceMulti(attribute, value, _where);
        if (!coerced.IsSuccess)
            return coerced.Error;
        var incoming = coerced.Value?.OfType<JsonObject>().ToList() ?? [];
        coerced.Value?.Clear();
        if (op == PatchOpKind.Replace)
        {
            SetList(attribute, ScimElements.Collapse(attribute, incoming, written: incoming, firstPrimaryWins: true));
            return null;
        }
        if (incoming.Count == 0)
            return null;
        var list = List(attribute);
        var index = Index(attribute);
        if (index is null)
        {
            var merged = ScimElements.AddOrMerge(attribute, list, incoming, out var mergedWritten);
            SetList(attribute, ScimElements.Collapse(attribute, merged, mergedWritten, firstPrimaryWins: false));
            return null;
        }
        // Fast path (large groups, one op per member): the identity index is kept across operations, so an add
        // costs O(added), not O(members).
        var written = new List<JsonObject>(incoming.Count);
        foreach (var element in incoming)
        {
            var identity = ScimElements.Identity(attribute, element);
            if (index.TryGetValue(identity, out var match))
            {
                foreach (var (key, item) in element.ToList())
                {
                    element.Remove(key);
                    match[key] = item;
                }
                written.Add(match);
                continue;
            }
            list.Add(element);
            index.Add(identity, element);
            written.Add(element);
        }
        var winner = written.FirstOrDefault(ScimElements.IsPrimary);
        if (winner is not null)
        {
            foreach (var element in list)
            {
                if (!ReferenceEquals(element, winner))
                    element.Remove("primary");
            }
        }
        return null;
    }

    private ScimError? ApplyMultiSub(PatchOpKind op, ScimAttribute attribute, ScimAttribute sub, JsonNode? value)
    {
        var elements = List(attribute);
        if (op == PatchOpKind.Remove)
        {
            foreach (var element in elements)
                element.Remove(sub.Name);
            SetList(attribute, elements.Where(e => e.Count > 0).ToList());
            return null;
        }
        var coerced = ScimValues.CoerceSimple(sub, value, _where);
        if (!coerced.IsSuccess)
            return coerced.Error;
        if (elements.Count == 0 && coerced.Value is not null)
            elements.Add(new JsonObject());
        foreach (var element in elements)
        {
            if (coerced.Value is null)
                element.Remove(sub.Name);
            else
                element[sub.Name] = coerced.Value.DeepClone();
        }
        var remaining = elements.Where(e => e.Count > 0).ToList();
        SetList(attribute, ScimElements.Collapse(attribute, remaining, written: remaining, firstPrimaryWins: true));
        return null;
    }

    private ScimError? ApplyFiltered(PatchOpKind op, ScimAttribute attribute, FilterNode filter, ScimAttribute? sub, JsonNode? value)
    {
        var elements = List(attribute);
        var matches = FindMatches(attribute, filter, elements);
        if (op == PatchOpKind.Remove)
        {
            if (matches.Count == 0)
                return null;
            if (sub is null && matches.Count <= 8)
            {
                var index = _indexes.GetValueOrDefault(attribute);
                foreach (var element in matches)
                {
                    elements.Remove(element);
                    index?.Remove(ScimElements.Identity(attribute, element));
                }
            }
            else if (sub is null)
            {
                var doomed = new HashSet<JsonObject>(matches, ReferenceEqualityComparer.Instance);
                RemoveWhere(attribute, doomed.Contains);
            }
            else
            {
                foreach (var element in matches)
                    element.Remove(sub.Name);
                SetList(attribute, elements.Where(e => e.Count > 0).ToList());
            }
            return null;
        }

        List<JsonObject> written = [];
        if (matches.Count == 0)
        {
            var template = ScimElements.EqualityTemplate(filter);
            if (template is null)
                return ScimError.NoTarget($"{_where}: no element of '{attribute.Name}' matches the filter, and only equality filters can create one");
            JsonObject created;
            if (sub is not null)
            {
                var coerced = ScimValues.CoerceSimple(sub, value, _where);
                if (!coerced.IsSuccess)
                    return coerced.Error;
                if (coerced.Value is null)
                    return null;
                template[sub.Name] = coerced.Value;
                created = template;
            }
            else
            {
                var element = ScimValues.CoerceElement(attribute, value, _where);
                if (!element.IsSuccess)
                    return element.Error;
                created = template;
                foreach (var (key, item) in element.Value?.ToList() ?? [])
                {
                    element.Value!.Remove(key);
                    created[key] = item;
                }
            }
            var canonical = ScimValues.CoerceElement(attribute, created, _where);
            if (!canonical.IsSuccess)
                return canonical.Error;
            if (canonical.Value is null)
                return null;
            elements.Add(canonical.Value);
            written.Add(canonical.Value);
        }
        else if (sub is not null)
        {
            var coerced = ScimValues.CoerceSimple(sub, value, _where);
            if (!coerced.IsSuccess)
                return coerced.Error;
            foreach (var element in matches)
            {
                if (coerced.Value is null)
                    element.Remove(sub.Name);
                else
                    element[sub.Name] = coerced.Value.DeepClone();
                written.Add(element);
            }
            elements = elements.Where(e => e.Count > 0).ToList();
        }
        else
        {
            var coerced = ScimValues.CoerceElement(attribute, value, _where);
            if (!coerced.IsSuccess)
                return coerced.Error;
            var matched = new HashSet<JsonObject>(matches, ReferenceEqualityComparer.Instance);
            var next = new List<JsonObject>(elements.Count);
            foreach (var element in elements)
            {
                if (!matched.Contains(element))
                {
                    next.Add(element);
                    continue;
                }
                if (op == PatchOpKind.Replace)
                {
                    if (coerced.Value is null)
                        continue;
                    var replacement = coerced.Value.DeepClone().AsObject();
                    next.Add(replacement);
                    written.Add(replacement);
                }
                else
                {
                    foreach (var (key, item) in coerced.Value ?? [])
                        element[key] = item?.DeepClone();
                    next.Add(element);
                    written.Add(element);
                }
            }
            elements = next;
        }
        SetList(attribute, ScimElements.Collapse(attribute, elements, written, firstPrimaryWins: false));
        return null;
    }

    /// <summary>
    /// The elements a value filter selects. <c>value eq "x"</c> (or an <c>or</c> of those) on an attribute whose
    /// identity is its value alone (members) is answered from the identity index; anything else is evaluated.
    /// </summary>
    private List<JsonObject> FindMatches(ScimAttribute attribute, FilterNode filter, List<JsonObject> elements)
    {
        var values = new List<string>();
        if (ScimElements.IdentityIsValueOnly(attribute) && CollectValueEqualities(filter, values) && Index(attribute) is { } index)
        {
            var found = new List<JsonObject>();
            foreach (var value in values)
            {
                if (index.TryGetValue(ScimElements.ValueIdentity(attribute, value), out var element) && !found.Contains(element))
                    found.Add(element);
            }
            return found;
        }
        return elements.Where(e => ScimFilterEvaluator.MatchesElement(filter, e)).ToList();
    }

    private static bool CollectValueEqualities(FilterNode filter, List<string> values)
    {
        switch (filter)
        {
            case OrFilter or:
                return CollectValueEqualities(or.Left, values) && CollectValueEqualities(or.Right, values);
            case ComparisonFilter { Operator: ComparisonOperator.Eq, Path.SubAttribute.Name: "value", Value: StringFilterValue text }:
                values.Add(text.Value);
                return true;
            default:
                return false;
        }
    }

    private static string? ValueOf(JsonObject element) =>
        element["value"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    // ---- working state of multi-valued attributes: a list per attribute plus an identity index, written back as
    // JSON arrays by FlushLists (so a long run of operations on a large group does not rebuild JSON per operation).

    private readonly Dictionary<ScimAttribute, List<JsonObject>> _lists = [];
    private readonly Dictionary<ScimAttribute, Dictionary<string, JsonObject>?> _indexes = [];

    private List<JsonObject> List(ScimAttribute attribute)
    {
        if (_lists.TryGetValue(attribute, out var list))
            return list;
        var container = Container(attribute, create: false);
        var array = container?[attribute.Name] as JsonArray;
        list = array?.OfType<JsonObject>().ToList() ?? [];
        array?.Clear();
        container?.Remove(attribute.Name);
        _lists[attribute] = list;
        return list;
    }

    private void SetList(ScimAttribute attribute, List<JsonObject> elements)
    {
        List(attribute);
        _lists[attribute] = elements;
        _indexes.Remove(attribute);
    }

    /// <summary>Identity → element; null when the current list holds duplicates (then the slow paths are used).</summary>
    private Dictionary<string, JsonObject>? Index(ScimAttribute attribute)
    {
        if (_indexes.TryGetValue(attribute, out var index))
            return index;
        index = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var element in List(attribute))
        {
            if (!index.TryAdd(ScimElements.Identity(attribute, element), element))
            {
                index = null;
                break;
            }
        }
        _indexes[attribute] = index;
        return index;
    }

    private void RemoveWhere(ScimAttribute attribute, Func<JsonObject, bool> doomed)
    {
        var list = List(attribute);
        var index = _indexes.GetValueOrDefault(attribute);
        var kept = new List<JsonObject>(list.Count);
        foreach (var element in list)
        {
            if (!doomed(element))
                kept.Add(element);
            else
                index?.Remove(ScimElements.Identity(attribute, element));
        }
        _lists[attribute] = kept;
    }

    private void FlushLists()
    {
        foreach (var (attribute, list) in _lists)
            Write(attribute, ScimElements.ToArray(list));
        _lists.Clear();
        _indexes.Clear();
    }

    private JsonNode? Read(ScimAttribute attribute) => Container(attribute, create: false)?[attribute.Name];

    private void Write(ScimAttribute attribute, JsonNode? value)
    {
        if (value is null)
        {
            Container(attribute, create: false)?.Remove(attribute.Name);
            return;
        }
        if (value.Parent is not null)
            value = value.DeepClone();
        Container(attribute, create: true)![attribute.Name] = value;
    }

    private JsonObject? Container(ScimAttribute attribute, bool create)
    {
        if (attribute.SchemaUrn == schema.Core.Id)
            return resource;
        if (resource[attribute.SchemaUrn] is JsonObject extension)
            return extension;
        if (!create)
            return null;
        extension = new JsonObject();
        resource[attribute.SchemaUrn] = extension;
        return extension;
    }
}
