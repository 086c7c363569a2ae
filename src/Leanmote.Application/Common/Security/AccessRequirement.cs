using Leanmote.Domain.Access;
using Leanmote.Domain.Common;

namespace Leanmote.Application.Common.Security;

/// <summary>Kinds of resources a request can name by public id.</summary>
public enum ResourceKind
{
    Organization,
    User,
    Team,
    App,
    Repository,
    Board,
    Task,
    Calendar,
    CalendarEvent,
    Interaction,
    DashboardView,
    CustomFilter,
    Deployment,
    Incident,
}

public static class ResourceKinds
{
    /// <summary>The public-id prefix of each kind (rest-api.md §1).</summary>
    public static string Prefix(ResourceKind kind) => kind switch
    {
        ResourceKind.Organization => OrganizationId.Prefix,
        ResourceKind.User => UserId.Prefix,
        ResourceKind.Team => TeamId.Prefix,
        ResourceKind.App => AppId.Prefix,
        ResourceKind.Repository => RepositoryId.Prefix,
        ResourceKind.Board => BoardId.Prefix,
        ResourceKind.Task => TaskId.Prefix,
        ResourceKind.Calendar => CalendarId.Prefix,
        ResourceKind.CalendarEvent => CalendarEventId.Prefix,
        ResourceKind.Interaction => InteractionId.Prefix,
        ResourceKind.DashboardView => DashboardViewId.Prefix,
        ResourceKind.CustomFilter => CustomFilterId.Prefix,
        ResourceKind.Deployment => DeploymentId.Prefix,
        ResourceKind.Incident => IncidentId.Prefix,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(ResourceKind kind, string? raw, out long id) => PublicId.TryParseValue(raw, Prefix(kind), out id);
}

/// <summary>
/// What a request needs before its handler runs (rest-api.md §4). Declared by the request, evaluated once by
/// the authorization behaviour.
/// </summary>
public abstract record AccessRequirement
{
    /// <summary>Any authenticated caller; the handler's reads are bounded by the caller's organizations.</summary>
    public static AccessRequirement AnyCaller { get; } = new AnyCallerRequirement();

    /// <summary>The caller belongs, with at least <paramref name="minimumRole"/>, to the organization owning the resource.</summary>
    public static AccessRequirement MemberOfOwner(ResourceKind kind, string rawId, OrganizationRole minimumRole = OrganizationRole.Collaborator) =>
        new MemberOfOwnerRequirement(kind, rawId, minimumRole);

    /// <summary>The caller is the user, or an admin of an organization the user belongs to.</summary>
    public static AccessRequirement SelfOrAdminOf(string rawUserId) => new SelfOrAdminRequirement(rawUserId);

    /// <summary>
    /// For writes that name their organization in the body: the caller belongs, with at least
    /// <paramref name="minimumRole"/>, to that organization — or, when <paramref name="rawOrganizationId"/> is null,
    /// to their only organization (a caller of several organizations must name one: 400 on
    /// <c>organization_id</c>). A malformed or unknown id is a 400 on <c>organization_id</c> (it is a body field,
    /// not a path); an organization the caller is not in, or a lower role, is 403. The scope becomes that one
    /// organization, which is how the handler learns it.
    /// </summary>
    public static AccessRequirement MemberOfOrganization(string? rawOrganizationId, OrganizationRole minimumRole) =>
        new OrganizationOrSoleRequirement(rawOrganizationId, minimumRole);

    /// <summary>
    /// For reads that name their organization in a parameter (the Metrics API, metrics.md §2.1): the named
    /// organization, or the caller's only one. Missing while the caller has several, or malformed → 400 on
    /// <c>organization_id</c>; an organization that does not exist → 404; one the caller is not in, or a lower role → 403.
    /// </summary>
    public static AccessRequirement OrganizationParameter(string? rawOrganizationId, OrganizationRole minimumRole = OrganizationRole.Collaborator) =>
        new OrganizationParameterRequirement(rawOrganizationId, minimumRole);

    /// <summary>
    /// One person's private resource (a calendar, event or interaction; rest-api.md §4, ADR 0010): admins and
    /// managers of its organization see it; a collaborator only when one of its people is themselves or a member
    /// of a team they manage. Otherwise 403.
    /// </summary>
    public static AccessRequirement PeoplePrivate(ResourceKind kind, string rawId) =>
        new PersonalResourceRequirement(kind, rawId, SeesEveryone: OrganizationRole.Manager, TeamManagersSee: true);

    /// <summary>A resource that may be private to its owner (a dashboard view): its owner and the organization's admins see it.</summary>
    public static AccessRequirement OwnerOrAdmin(ResourceKind kind, string rawId) =>
        new PersonalResourceRequirement(kind, rawId, SeesEveryone: OrganizationRole.Admin, TeamManagersSee: false);

    /// <summary>
    /// A list of people-private rows: <paramref name="within"/> decides the scope as usual, and the behaviour also
    /// puts the caller's <see cref="PeopleVisibility"/> into the request context for the reader's SQL.
    /// </summary>
    public static AccessRequirement PeoplePrivateList(AccessRequirement within) => new PeopleListRequirement(within);

    /// <summary>
    /// Every one of <paramref name="parts"/>, in order (the first refusal answers), for a path that names two
    /// resources, e.g. a user and one of their teams: a second resource of an organization the caller is not in is
    /// 403 like any other (rest-api.md §4), not a 404 from a read that found nothing. The scope is the
    /// organizations every part allows.
    /// </summary>
    public static AccessRequirement All(params AccessRequirement[] parts) => new AllOfRequirement(parts);
}

public sealed record AnyCallerRequirement : AccessRequirement;

public sealed record MemberOfOwnerRequirement(ResourceKind Kind, string RawId, OrganizationRole MinimumRole) : AccessRequirement;

public sealed record SelfOrAdminRequirement(string RawUserId) : AccessRequirement;

public sealed record OrganizationOrSoleRequirement(string? RawOrganizationId, OrganizationRole MinimumRole) : AccessRequirement;
public sealed record OrganizationParameterRequirement(string? RawOrganizationId, OrganizationRole MinimumRole) : AccessRequirement;

public sealed record PersonalResourceRequirement(ResourceKind Kind, string RawId, OrganizationRole SeesEveryone, bool TeamManagersSee) : AccessRequirement;

public sealed record PeopleListRequirement(AccessRequirement Within) : AccessRequirement;

public sealed record AllOfRequirement(IReadOnlyList<AccessRequirement> Parts) : AccessRequirement
{
    /// <summary>Equal when the parts are equal in order (a record compares a list by reference).</summary>
    public bool Equals(AllOfRequirement? other) => other is not null && Parts.SequenceEqual(other.Parts);

    public override int GetHashCode() => Parts.Aggregate(0, (hash, part) => HashCode.Combine(hash, part));
}

/// <summary>A request whose access rule must hold before it runs.</summary>
public interface IAuthorizedRequest
{
    AccessRequirement Access { get; }
}

/// <summary>A request that runs without a token (health). Every message is either this or <see cref="IAuthorizedRequest"/>.</summary>
public interface IAllowAnonymous;
