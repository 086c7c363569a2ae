namespace Leanmote.Application.Scim.Schema;

/// <summary>
/// A resolved attribute path: a top-level attribute of a schema and optionally one of its sub-attributes.
/// <see cref="Name"/> is the canonical spelling without the schema URN (<c>emails.value</c>, <c>manager.value</c>,
/// <c>meta.lastModified</c>); names are unique across the schemas of one resource type, so it can be used as a
/// switch key by storage. <see cref="SchemaUrn"/> tells core from the enterprise extension.
/// </summary>
public sealed record ScimAttributePath(ScimAttribute Attribute, ScimAttribute? SubAttribute)
{
    /// <summary>The attribute the path designates: the sub-attribute if any, else the top-level attribute.</summary>
    public ScimAttribute Target => SubAttribute ?? Attribute;

    public string SchemaUrn => Attribute.SchemaUrn;

    public string Name => SubAttribute is null ? Attribute.Name : $"{Attribute.Name}.{SubAttribute.Name}";

    /// <summary>The URN-qualified form, e.g. <c>urn:ietf:params:scim:schemas:core:2.0:User:name.givenName</c>.</summary>
    public string QualifiedName => $"{SchemaUrn}:{Name}";

    public override string ToString() => Name;
}
