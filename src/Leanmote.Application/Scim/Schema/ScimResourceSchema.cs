namespace Leanmote.Application.Scim.Schema;

/// <summary>
/// A resource type (User or Group): its core schema, its extensions, and the name-resolution rules every SCIM
/// surface shares (filters §7.1, PATCH paths §9.2, projection §8.3, sortBy §8.2):
/// <list type="bullet">
/// <item>names are case-insensitive;</item>
/// <item>a name may be qualified by a schema URN of this resource type (<c>urn:…:core:2.0:User:userName</c>,
/// <c>urn:…:enterprise:2.0:User:manager.value</c>);</item>
/// <item>[Quirk §7.1] an extension attribute may be named without its URN when no core attribute has that name
/// (<c>manager</c>, <c>department</c>);</item>
/// <item>[Quirk §9.2] the pre-2018 dotted form <c>urn:…:enterprise:2.0:User.department</c> means the colon form.</item>
/// </list>
/// </summary>
public sealed class ScimResourceSchema
{
    private readonly HashSet<string> _sortable;

    internal ScimResourceSchema(string name, string endpoint, ScimSchemaDefinition core, IReadOnlyList<ScimSchemaDefinition> extensions, IEnumerable<string> sortable)
    {
        Name = name;
        Endpoint = endpoint;
        Core = core;
        Extensions = extensions;
        _sortable = new HashSet<string>(sortable, StringComparer.Ordinal);
    }

    /// <summary><c>User</c> or <c>Group</c> (also <c>meta.resourceType</c>).</summary>
    public string Name { get; }

    /// <summary><c>/Users</c> or <c>/Groups</c>.</summary>
    public string Endpoint { get; }

    public ScimSchemaDefinition Core { get; }
    public IReadOnlyList<ScimSchemaDefinition> Extensions { get; }

    public IEnumerable<ScimSchemaDefinition> AllSchemas => Extensions.Prepend(Core);

    /// <summary>All top-level attributes, core first, in definition order.</summary>
    public IEnumerable<ScimAttribute> AllAttributes => AllSchemas.SelectMany(s => s.Attributes);

    /// <summary>Finds an extension by its URN (case-insensitive), e.g. the key of the extension object in a body.</summary>
    public ScimSchemaDefinition? FindExtension(string urn) =>
        Extensions.FirstOrDefault(e => string.Equals(e.Id, urn, StringComparison.OrdinalIgnoreCase));

    /// <summary>Finds a schema (core or extension) by its URN, case-insensitively.</summary>
    public ScimSchemaDefinition? FindSchema(string urn) =>
        AllSchemas.FirstOrDefault(e => string.Equals(e.Id, urn, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Resolves an attribute path (<c>userName</c>, <c>NAME.givenname</c>, URN-qualified, unprefixed or dotted
    /// extension names). Returns null when the name is unknown, has an unknown sub-attribute, names a whole schema,
    /// or has more than one sub-attribute level.
    /// </summary>
    public ScimAttributePath? Resolve(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            return null;
        if (path.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
        {
            var schema = MatchUrnPrefix(path);
            if (schema is null || path.Length == schema.Id.Length)
                return null;
            return ResolveIn(schema, path[(schema.Id.Length + 1)..]);
        }
        var top = SplitTop(path);
        if (Core.Find(top) is not null)
            return ResolveIn(Core, path);
        foreach (var extension in Extensions)
        {
            if (extension.Find(top) is not null)
                return ResolveIn(extension, path);
        }
        return null;
    }

    /// <summary>True when <paramref name="path"/> names a whole extension schema (a PATCH path taking an object).</summary>
    public ScimSchemaDefinition? ResolveWholeExtension(string path)
    {
        var trimmed = path.TrimEnd(':');
        return FindExtension(trimmed);
    }

    /// <summary>True when sortBy (§8.2) may name this path.</summary>
    public bool IsSortable(ScimAttributePath path) => _sortable.Contains(path.Name);

    /// <summary>
    /// Resolves a <c>sortBy</c> value (§8.2): case-insensitive, URN-qualified names accepted, a complex attribute
    /// stands for its <c>value</c>. Unknown or unsortable → <c>invalidValue</c>.
    /// </summary>
    public ScimResult<ScimAttributePath> ResolveSortBy(string sortBy)
    {
        var path = Resolve(sortBy.Trim());
        if (path is not null && path.SubAttribute is null && path.Attribute.ValueSubAttribute is { } value)
            path = new ScimAttributePath(path.Attribute, value);
        if (path is null || !IsSortable(path))
            return ScimError.InvalidValue($"sortBy {ScimError.Echo(sortBy)} is not a sortable {Name} attribute; use one of: {string.Join(", ", _sortable)}");
        return path;
    }

    private ScimSchemaDefinition? MatchUrnPrefix(string path)
    {
        ScimSchemaDefinition? best = null;
        foreach (var schema in AllSchemas)
        {
            if (!path.StartsWith(schema.Id, StringComparison.OrdinalIgnoreCase))
                continue;
            if (path.Length > schema.Id.Length && path[schema.Id.Length] is not (':' or '.'))
                continue;
            if (best is null || schema.Id.Length > best.Id.Length)
                best = schema;
        }
        return best;
    }

    private static string SplitTop(string path)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? path : path[..dot];
    }

    private static ScimAttributePath? ResolveIn(ScimSchemaDefinition schema, string rest)
    {
        var parts = rest.Split('.');
        if (parts.Length > 2 || parts.Any(p => p.Length == 0))
            return null;
        var attribute = schema.Find(parts[0]);
        if (attribute is null)
            return null;
        if (parts.Length == 1)
            return new ScimAttributePath(attribute, null);
        var sub = attribute.FindSubAttribute(parts[1]);
        return sub is null ? null : new ScimAttributePath(attribute, sub);
    }
}
