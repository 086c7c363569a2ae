namespace Leanmote.Application.Scim.Schema;

/// <summary>RFC 7643 §2.3 data types (the ones Leanmote's schemas use).</summary>
public enum ScimAttributeType
{
    String,
    Boolean,
    DateTime,
    Reference,
    Complex,
    Integer,
    Decimal,
}

/// <summary>RFC 7643 §7 <c>mutability</c>.</summary>
public enum ScimMutability
{
    ReadWrite,
    ReadOnly,
    Immutable,
    WriteOnly,
}

/// <summary>RFC 7643 §7 <c>returned</c>.</summary>
public enum ScimReturned
{
    Default,
    Always,
    Never,
    Request,
}

/// <summary>RFC 7643 §7 <c>uniqueness</c>.</summary>
public enum ScimUniqueness
{
    None,
    Server,
    Global,
}

/// <summary>
/// One attribute definition of a SCIM schema (RFC 7643 §7), top-level or sub-attribute. Instances are created once
/// in <see cref="ScimSchemas"/> and compared by reference: an attribute path resolved by the filter parser, the
/// PATCH engine or the projection always points at these same objects.
/// </summary>
public sealed class ScimAttribute
{
    private readonly Dictionary<string, ScimAttribute> _subByName = new(StringComparer.OrdinalIgnoreCase);

    internal ScimAttribute(string name, ScimAttributeType type)
    {
        Name = name;
        Type = type;
        SchemaUrn = "";
    }

    /// <summary>Canonical camelCase name (<c>userName</c>, <c>givenName</c>, <c>$ref</c>).</summary>
    public string Name { get; }

    public ScimAttributeType Type { get; }
    public bool MultiValued { get; init; }
    public string Description { get; init; } = "";
    public bool Required { get; init; }

    /// <summary>Meaningful for string and reference types; false otherwise.</summary>
    public bool CaseExact { get; init; }

    public ScimMutability Mutability { get; init; } = ScimMutability.ReadWrite;
    public ScimReturned Returned { get; init; } = ScimReturned.Default;
    public ScimUniqueness Uniqueness { get; init; } = ScimUniqueness.None;
    public IReadOnlyList<string> CanonicalValues { get; init; } = [];
    public IReadOnlyList<string> ReferenceTypes { get; init; } = [];

    /// <summary>
    /// True when only <see cref="CanonicalValues"/> are accepted on writes (matched case-insensitively, stored in
    /// canonical spelling): <c>roles.value</c> and <c>members.type</c>. Other canonical values (emails.type …) are
    /// suggestions and any string is accepted.
    /// </summary>
    public bool CanonicalValuesOnly { get; init; }

    /// <summary>Whether §7.4 requires filters on it (false → <c>invalidFilter</c>).</summary>
    public bool Filterable { get; init; } = true;

    /// <summary>Maximum string length accepted on writes (spec §5.2); 0 = no string limit.</summary>
    public int MaxLength { get; init; }

    /// <summary>Maximum number of elements of a multi-valued attribute (spec §5.2); 0 = unlimited.</summary>
    public int MaxItems { get; init; }

    /// <summary>
    /// True for <c>id</c>, <c>externalId</c> and <c>meta</c>: RFC 7643 §3.1 common attributes, which belong to every
    /// resource and are listed by Leanmote's /Schemas documents (the renderer may skip them by this flag).
    /// </summary>
    public bool IsCommon { get; init; }

    public IReadOnlyList<ScimAttribute> SubAttributes { get; private set; } = [];

    /// <summary>The top-level attribute this one is a sub-attribute of; null for top-level attributes.</summary>
    public ScimAttribute? Parent { get; private set; }

    /// <summary>URN of the schema that defines the (top-level) attribute.</summary>
    public string SchemaUrn { get; private set; }

    /// <summary><c>name.givenName</c> for sub-attributes, <c>userName</c> for top-level ones (no schema URN).</summary>
    public string FullName => Parent is null ? Name : $"{Parent.Name}.{Name}";

    /// <summary>The <c>value</c> sub-attribute, which a complex attribute stands for in filters (spec §7.1).</summary>
    public ScimAttribute? ValueSubAttribute => FindSubAttribute("value");

    public bool IsComplex => Type == ScimAttributeType.Complex;

    public bool IsReadOnly => Mutability == ScimMutability.ReadOnly;

    /// <summary>Case-insensitive sub-attribute lookup.</summary>
    public ScimAttribute? FindSubAttribute(string name) => _subByName.GetValueOrDefault(name);

    internal ScimAttribute WithSubAttributes(params ScimAttribute[] subAttributes)
    {
        SubAttributes = subAttributes;
        foreach (var sub in subAttributes)
        {
            sub.Parent = this;
            _subByName.Add(sub.Name, sub);
        }
        return this;
    }

    internal void AttachToSchema(string urn)
    {
        SchemaUrn = urn;
        foreach (var sub in SubAttributes)
            sub.SchemaUrn = urn;
    }

    public override string ToString() => FullName;
}
