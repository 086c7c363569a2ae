namespace Leanmote.Domain.Access;

/// <summary>A member's role in one organization (rest-api.md §4). Order matters: higher is more privileged.</summary>
public enum OrganizationRole
{
    Collaborator = 0,
    Manager = 1,
    Admin = 2,
}
