using Leanmote.Application.Scim.Filtering;
using Leanmote.Application.Scim.Schema;

namespace Leanmote.Application.Scim.Patching;

/// <summary>
/// A parsed PATCH path (spec §9.2): <c>attrPath / valuePath ["." subAttr]</c>, or a whole extension schema.
/// <list type="bullet">
/// <item><c>userName</c> → Attribute=userName;</item>
/// <item><c>name.familyName</c> → Attribute=name, SubAttribute=familyName;</item>
/// <item><c>emails[type eq "work"].value</c> → Attribute=emails, ValueFilter=(type eq "work"), SubAttribute=value;</item>
/// <item><c>urn:…:enterprise:2.0:User</c> → Extension.</item>
/// </list>
/// </summary>
public sealed record ScimPatchPath(ScimAttribute? Attribute, ScimAttribute? SubAttribute, FilterNode? ValueFilter, ScimSchemaDefinition? Extension)
{
    public override string ToString() =>
        Extension?.Id ?? $"{Attribute!.Name}{(ValueFilter is null ? "" : "[…]")}{(SubAttribute is null ? "" : "." + SubAttribute.Name)}";

    /// <summary>Parses a path; unparseable or unknown → <c>invalidPath</c>.</summary>
    public static ScimResult<ScimPatchPath> Parse(string path, ScimResourceSchema resource)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = path.Trim();
        if (text.Length == 0)
            return ScimError.InvalidPath("The path is empty");
        if (text.Length > ScimFilterParser.MaxLength)
            return ScimError.InvalidPath($"The path is {text.Length} characters long; the limit is {ScimFilterParser.MaxLength}");
        if (resource.ResolveWholeExtension(text) is { } extension)
            return new ScimPatchPath(null, null, null, extension);
        var bracket = text.IndexOf('[', StringComparison.Ordinal);
        if (bracket < 0)
        {
            if (text.Contains(']', StringComparison.Ordinal) || text.Any(char.IsWhiteSpace))
                return ScimError.InvalidPath($"Path {ScimError.Echo(path)} does not parse; expected attr, attr.subAttr or attr[filter].subAttr");
            var resolved = resource.Resolve(text);
            if (resolved is null)
                return ScimError.InvalidPath($"Path {ScimError.Echo(path)} names no attribute of {resource.Name} resources");
            return new ScimPatchPath(resolved.Attribute, resolved.SubAttribute, null, null);
        }
        var attributeText = text[..bracket];
        var attribute = resource.Resolve(attributeText);
        if (attribute is null)
            return ScimError.InvalidPath($"Path {ScimError.Echo(path)} names no attribute of {resource.Name} resources");
        if (attribute.SubAttribute is not null || !attribute.Attribute.IsComplex || !attribute.Attribute.MultiValued)
            return ScimError.InvalidPath($"Path {ScimError.Echo(path)}: a value filter '[...]' needs a multi-valued attribute, and '{attribute.Name}' is not one");
        var filter = ScimFilterParser.ParseBracketed(text, bracket + 1, resource, attribute.Attribute, ScimErrorTypes.InvalidPath, "Path");
        if (!filter.IsSuccess)
            return filter.Error;
        var end = filter.Value.End;
        ScimAttribute? sub = null;
        if (end < text.Length)
        {
            if (text[end] != '.' || end + 1 >= text.Length)
                return ScimError.InvalidPath($"Path {ScimError.Echo(path)} does not parse: expected '.subAttribute' or the end after ']' at position {end + 1}");
            var subName = text[(end + 1)..];
            sub = attribute.Attribute.FindSubAttribute(subName);
            if (sub is null)
                return ScimError.InvalidPath($"Path {ScimError.Echo(path)}: '{attribute.Attribute.Name}' has no sub-attribute {ScimError.Echo(subName)}");
        }
        return new ScimPatchPath(attribute.Attribute, sub, filter.Value.Filter, null);
    }
}
