namespace Leanmote.Application.Scim.Schema;

/// <summary>
/// The attribute definitions of spec §5 — exactly what Leanmote supports, no more (§6.7). The single source for
/// /Schemas discovery, filter and PATCH path resolution, projection and value validation.
/// </summary>
public static class ScimSchemas
{
    public const string UserUrn = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string GroupUrn = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public const string EnterpriseUserUrn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public const string PatchOpUrn = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public const string ListResponseUrn = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public const string SearchRequestUrn = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
    public const string ErrorUrn = "urn:ietf:params:scim:api:messages:2.0:Error";

    public const int NameMaxLength = 256;
    public const int StringMaxLength = 1024;

    /// <summary>The enterprise User extension schema (RFC 7643 §4.3).</summary>
    public static ScimSchemaDefinition EnterpriseUser { get; }

    /// <summary>The core User schema (RFC 7643 §4.1) as restricted by spec §5.2.</summary>
    public static ScimSchemaDefinition UserCore { get; }

    /// <summary>The core Group schema (RFC 7643 §4.2) as restricted by spec §5.5.</summary>
    public static ScimSchemaDefinition GroupCore { get; }

    /// <summary>The User resource type: core + enterprise extension.</summary>
    public static ScimResourceSchema User { get; }

    /// <summary>The Group resource type.</summary>
    public static ScimResourceSchema Group { get; }

    /// <summary>The three schemas /Schemas serves, in that order.</summary>
    public static IReadOnlyList<ScimSchemaDefinition> All => [UserCore, GroupCore, EnterpriseUser];

    static ScimSchemas()
    {
        UserCore = new ScimSchemaDefinition(UserUrn, "User", "User Account", false,
            Id(),
            ExternalId(),
            Str("userName", "Unique identifier for the user within the organization, typically an email address.", required: true, uniqueness: ScimUniqueness.Server, maxLength: NameMaxLength),
            Complex("name", "The components of the user's real name.",
                Str("formatted", "The full name, formatted for display."),
                Str("familyName", "The family name (last name)."),
                Str("givenName", "The given name (first name)."),
                Str("middleName", "The middle name(s)."),
                Str("honorificPrefix", "The honorific prefix(es), e.g. 'Ms.'."),
                Str("honorificSuffix", "The honorific suffix(es), e.g. 'III'.")),
            Str("displayName", "The name of the user, suitable for display.", maxLength: NameMaxLength),
            Str("nickName", "The casual way to address the user."),
            Ref("profileUrl", "A URI of the user's online profile.", "external"),
            Str("title", "The user's title, e.g. 'Vice President'."),
            Str("userType", "The relationship between the organization and the user, e.g. 'Employee'."),
            Str("preferredLanguage", "The user's preferred written or spoken language (RFC 7231 language tag)."),
            Str("locale", "The user's default location for localisation, e.g. 'en-US'."),
            Str("timezone", "The user's time zone, preferably an IANA name, e.g. 'Europe/Berlin'.", maxLength: 64),
            new ScimAttribute("active", ScimAttributeType.Boolean) { Description = "The user's membership status in the organization." },
            new ScimAttribute("password", ScimAttributeType.String)
            {
                Description = "Accepted and discarded; Leanmote signs people in through SSO.",
                Mutability = ScimMutability.WriteOnly,
                Returned = ScimReturned.Never,
                Filterable = false,
                MaxLength = StringMaxLength,
            },
            MultiComplex("emails", "Email addresses of the user.", 20,
                Str("value", "The email address."),
                Str("display", "A human-readable name for the address."),
                Str("type", "The kind of address.", canonical: ["work", "home", "other"]),
                Bool("primary", "Marks the primary address; at most one element is primary.")),
            MultiComplex("phoneNumbers", "Phone numbers of the user.", 20,
                Str("value", "The phone number."),
                Str("display", "A human-readable form of the number."),
                Str("type", "The kind of number.", canonical: ["work", "home", "mobile", "fax", "pager", "other"]),
                Bool("primary", "Marks the primary number; at most one element is primary.")),
            MultiComplex("addresses", "Physical mailing addresses of the user.", 10,
                Str("formatted", "The full mailing address, formatted for display."),
                Str("streetAddress", "The street address."),
                Str("locality", "The city or locality."),
                Str("region", "The state or region."),
                Str("postalCode", "The postal code."),
                Str("country", "The country (ISO 3166-1 alpha-2)."),
                Str("type", "The kind of address.", canonical: ["work", "home", "other"]),
                Bool("primary", "Marks the primary address; at most one element is primary.")),
            MultiComplex("photos", "URLs of photos of the user.", 10,
                Ref("value", "URL of a photo of the user.", "external"),
                Str("type", "The kind of photo.", canonical: ["photo", "thumbnail"]),
                Bool("primary", "Marks the primary photo; at most one element is primary.")),
            MultiComplex("roles", "The user's organization role; exactly one of admin, manager, collaborator.", 0,
                new ScimAttribute("value", ScimAttributeType.String) { Description = "The role.", CanonicalValues = ["admin", "manager", "collaborator"], CanonicalValuesOnly = true, MaxLength = StringMaxLength },
                Str("display", "A human-readable name for the role."),
                Str("type", "A label for the role's function."),
                Bool("primary", "Marks the effective role.")),
            new ScimAttribute("groups", ScimAttributeType.Complex)
            {
                Description = "The teams the user belongs to in this organization (read-only; managed through Groups).",
                MultiValued = true,
                Mutability = ScimMutability.ReadOnly,
            }.WithSubAttributes(
                new ScimAttribute("value", ScimAttributeType.String) { Description = "The id of the group.", CaseExact = true, Mutability = ScimMutability.ReadOnly },
                new ScimAttribute("$ref", ScimAttributeType.Reference) { Description = "The URI of the group.", CaseExact = true, Mutability = ScimMutability.ReadOnly, ReferenceTypes = ["Group"], Filterable = false },
                new ScimAttribute("display", ScimAttributeType.String) { Description = "The group's displayName.", Mutability = ScimMutability.ReadOnly },
                new ScimAttribute("type", ScimAttributeType.String) { Description = "Always 'direct'.", Mutability = ScimMutability.ReadOnly, CanonicalValues = ["direct"] }),
            Meta(userFilterable: true));

        EnterpriseUser = new ScimSchemaDefinition(EnterpriseUserUrn, "EnterpriseUser", "Enterprise User", true,
            Str("employeeNumber", "A string identifier of the user, typically assigned by the organization."),
            Str("costCenter", "The cost center."),
            Str("organization", "The organization."),
            Str("division", "The division."),
            Str("department", "The department."),
            new ScimAttribute("manager", ScimAttributeType.Complex) { Description = "The user's manager." }.WithSubAttributes(
                new ScimAttribute("value", ScimAttributeType.String) { Description = "The id of the manager's User resource, stored as sent.", CaseExact = true, MaxLength = StringMaxLength },
                new ScimAttribute("$ref", ScimAttributeType.Reference) { Description = "The URI of the manager's User resource (filled on output).", CaseExact = true, Mutability = ScimMutability.ReadOnly, ReferenceTypes = ["User"], Filterable = false },
                new ScimAttribute("displayName", ScimAttributeType.String) { Description = "The manager's displayName (filled on output).", Mutability = ScimMutability.ReadOnly, Filterable = false }));

        GroupCore = new ScimSchemaDefinition(GroupUrn, "Group", "Group (a Leanmote team)", false,
            Id(),
            ExternalId(),
            Str("displayName", "The name of the group (team); unique in the organization.", required: true, uniqueness: ScimUniqueness.Server, maxLength: NameMaxLength),
            new ScimAttribute("members", ScimAttributeType.Complex)
            {
                Description = "The users of the team.",
                MultiValued = true,
            }.WithSubAttributes(
                new ScimAttribute("value", ScimAttributeType.String) { Description = "The id of a member User resource.", CaseExact = true, Mutability = ScimMutability.Immutable, MaxLength = StringMaxLength },
                new ScimAttribute("$ref", ScimAttributeType.Reference) { Description = "The URI of the member (computed).", CaseExact = true, Mutability = ScimMutability.ReadOnly, ReferenceTypes = ["User"], Filterable = false },
                new ScimAttribute("display", ScimAttributeType.String) { Description = "The member's displayName (computed).", Mutability = ScimMutability.ReadOnly },
                new ScimAttribute("type", ScimAttributeType.String) { Description = "Always 'User'; nested groups are not supported.", Mutability = ScimMutability.Immutable, CanonicalValues = ["User"], CanonicalValuesOnly = true, Filterable = false }),
            Meta(userFilterable: false));

        User = new ScimResourceSchema("User", "/Users", UserCore, [EnterpriseUser],
            ["userName", "displayName", "externalId", "title", "name.givenName", "name.familyName", "emails.value", "active", "meta.created", "meta.lastModified", "id"]);
        Group = new ScimResourceSchema("Group", "/Groups", GroupCore, [],
            ["displayName", "externalId", "meta.created", "meta.lastModified", "id"]);
    }

    /// <summary>The resource schema whose core URN or name is <paramref name="nameOrUrn"/> (case-insensitive).</summary>
    public static ScimResourceSchema? FindResource(string nameOrUrn) =>
        new[] { User, Group }.FirstOrDefault(r =>
            string.Equals(r.Name, nameOrUrn, StringComparison.OrdinalIgnoreCase) || string.Equals(r.Core.Id, nameOrUrn, StringComparison.OrdinalIgnoreCase));

    private static ScimAttribute Id() => new("id", ScimAttributeType.String)
    {
        Description = "Unique identifier of the resource (the REST id); assigned by Leanmote.",
        CaseExact = true,
        Mutability = ScimMutability.ReadOnly,
        Returned = ScimReturned.Always,
        Uniqueness = ScimUniqueness.Server,
        IsCommon = true,
    };

    private static ScimAttribute ExternalId() => new("externalId", ScimAttributeType.String)
    {
        Description = "Identifier of the resource in the provisioning client; not unique.",
        CaseExact = true,
        MaxLength = NameMaxLength,
        IsCommon = true,
    };

    private static ScimAttribute Meta(bool userFilterable) => new ScimAttribute("meta", ScimAttributeType.Complex)
    {
        Description = "Resource metadata.",
        Mutability = ScimMutability.ReadOnly,
        IsCommon = true,
    }.WithSubAttributes(
        new ScimAttribute("resourceType", ScimAttributeType.String) { Description = "The resource type.", CaseExact = true, Mutability = ScimMutability.ReadOnly, Filterable = userFilterable },
        new ScimAttribute("created", ScimAttributeType.DateTime) { Description = "When the resource was created (UTC, milliseconds).", Mutability = ScimMutability.ReadOnly },
        new ScimAttribute("lastModified", ScimAttributeType.DateTime) { Description = "When the resource last changed (UTC, milliseconds).", Mutability = ScimMutability.ReadOnly },
        new ScimAttribute("location", ScimAttributeType.Reference) { Description = "The URI of the resource.", CaseExact = true, Mutability = ScimMutability.ReadOnly, ReferenceTypes = ["uri"], Filterable = false },
        new ScimAttribute("version", ScimAttributeType.String) { Description = "The weak ETag of the resource.", CaseExact = true, Mutability = ScimMutability.ReadOnly, Filterable = false });

    private static ScimAttribute Str(string name, string description, bool required = false, ScimUniqueness uniqueness = ScimUniqueness.None,
        int maxLength = StringMaxLength, string[]? canonical = null) =>
        new(name, ScimAttributeType.String)
        {
            Description = description,
            Required = required,
            Uniqueness = uniqueness,
            MaxLength = maxLength,
            CanonicalValues = canonical ?? [],
        };

    private static ScimAttribute Ref(string name, string description, string referenceType) =>
        new(name, ScimAttributeType.Reference)
        {
            Description = description,
            CaseExact = true,
            MaxLength = StringMaxLength,
            ReferenceTypes = [referenceType],
        };

    private static ScimAttribute Bool(string name, string description) =>
        new(name, ScimAttributeType.Boolean) { Description = description };

    private static ScimAttribute Complex(string name, string description, params ScimAttribute[] subAttributes) =>
        new ScimAttribute(name, ScimAttributeType.Complex) { Description = description }.WithSubAttributes(subAttributes);

    private static ScimAttribute MultiComplex(string name, string description, int maxItems, params ScimAttribute[] subAttributes) =>
        new ScimAttribute(name, ScimAttributeType.Complex) { Description = description, MultiValued = true, MaxItems = maxItems }.WithSubAttributes(subAttributes);
}
