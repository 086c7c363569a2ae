namespace Leanmote.Application.Scim.Schema;

/// <summary>One schema (core User, core Group, or the enterprise User extension) as served by /Schemas.</summary>
public sealed class ScimSchemaDefinition
{
    private readonly Dictionary<string, ScimAttribute> _byName = new(StringComparer.OrdinalIgnoreCase);

    internal ScimSchemaDefinition(string id, string name, string description, bool isExtension, params ScimAttribute[] attributes)
    {
        Id = id;
        Name = name;
        Description = description;
        IsExtension = isExtension;
        Attributes = attributes;
        foreach (var attribute in attributes)
        {
            attribute.AttachToSchema(id);
            _byName.Add(attribute.Name, attribute);
        }
    }

    /// <summary>The schema URN.</summary>
    public string Id { get; }

    public string Name { get; }
    public string Description { get; }
    public bool IsExtension { get; }
    public IReadOnlyList<ScimAttribute> Attributes { get; }

    /// <summary>Case-insensitive lookup of a top-level attribute by its plain name.</summary>
    public ScimAttribute? Find(string name) => _byName.GetValueOrDefault(name);
}
