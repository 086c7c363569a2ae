namespace Leanmote.Application.Common.Security;

/// <summary>A user whose private data the caller may read in one organization.</summary>
public sealed record VisiblePerson(long OrganizationId, long UserId);

/// <summary>
/// Whose interactions, calendars and calendar events a request may read (rest-api.md §4, ADR 0010): every row
/// of <see cref="OpenOrganizationIds"/> (where the caller is admin or manager), and elsewhere only rows whose
/// people include one of <see cref="People"/> in that organization (the caller, and members of the teams they
/// manage). Readers apply it in SQL; the authorization behaviour computes it with one query.
/// </summary>
public sealed record PeopleVisibility(IReadOnlyList<long> OpenOrganizationIds, IReadOnlyList<VisiblePerson> People)
{
    /// <summary>The default of a request that declared no people rule: nothing private is visible.</summary>
    public static PeopleVisibility Nobody { get; } = new([], []);

    public bool Sees(long organizationId, IEnumerable<long> people) =>
        OpenOrganizationIds.Contains(organizationId)
        || people.Any(user => People.Contains(new VisiblePerson(organizationId, user)));
}
