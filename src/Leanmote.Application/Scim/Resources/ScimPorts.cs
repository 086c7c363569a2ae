using System.Text.Json.Nodes;
using Leanmote.Domain.Common;

namespace Leanmote.Application.Scim.Resources;

/// <summary>The authenticated SCIM client of a request: one organization, one token (scim.md §3).</summary>
public sealed record ScimClient(OrganizationId OrganizationId, ScimTokenId TokenId, string RequestId, string BaseUrl);

public sealed record ScimGroupRef(long TeamId, string Name);

public sealed record ScimMemberRef(long UserId, string Display);

/// <summary>One user as stored: profile attributes (canonical JSON), membership status and role, computed refs.</summary>
public sealed record ScimUserRow(
    long UserId,
    JsonObject Attributes,
    bool Active,
    string Role,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? ManagerDisplay,
    IReadOnlyList<ScimGroupRef> Groups);

public sealed record ScimGroupRow(
    long TeamId,
    string DisplayName,
    string? ExternalId,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<ScimMemberRef>? Members);

/// <summary>Sort keys of §8.2 (whitelisted; the store maps each to one SQL expression).</summary>
public enum ScimSort
{
    Default,
    UserName,
    DisplayName,
    ExternalId,
    Title,
    GivenName,
    FamilyName,
    Email,
    Active,
    Created,
    LastModified,
}

/// <summary>A list request after validation: filter (parsed), order, 1-based start, clamped count.</summary>
public sealed record ScimListQuery(Filtering.FilterNode? Filter, ScimSort Sort, bool Descending, int StartIndex, int Count, bool IncludeComputed);

/// <summary>An audit entry's subject (scim.md §11.5); the store adds organization, token and request id.</summary>
public sealed record ScimAuditEntry(string Operation, IReadOnlyList<string> Attributes);

/// <summary>What a write does to a user, computed from the locked current row.</summary>
public sealed record ScimUserChange(JsonObject Attributes, bool Active, string Role, IReadOnlyList<ScimAuditEntry> Audit);

/// <summary>What a write does to a group; <paramref name="Members"/> is the full new membership, or null for unchanged.</summary>
public sealed record ScimGroupChange(string DisplayName, string? ExternalId, IReadOnlyList<long>? Members, IReadOnlyList<ScimAuditEntry> Audit);

/// <summary>
/// A decision taken under the row lock: an error (nothing is written), no change (null), or a change.
/// </summary>
public delegate ScimResult<TChange?> ScimDecision<TRow, TChange>(TRow current) where TChange : class;

public interface IScimUserStore
{
    Task<ScimResult<(IReadOnlyList<ScimUserRow> Rows, long Total)>> ListAsync(ScimClient client, ScimListQuery query, CancellationToken ct);

    Task<ScimUserRow?> GetAsync(ScimClient client, long userId, CancellationToken ct);

    /// <summary>Creates the platform user, its SCIM profile and its membership; 409 uniqueness when the userName is taken.</summary>
    Task<ScimResult<ScimUserRow>> CreateAsync(ScimClient client, ScimUserChange user, CancellationToken ct);

    /// <summary>Locks the row, lets <paramref name="decide"/> compute the change, writes it with its lifecycle effects (§11); null when not found.</summary>
    Task<ScimResult<ScimUserRow>?> ModifyAsync(ScimClient client, long userId, ScimDecision<ScimUserRow, ScimUserChange> decide, CancellationToken ct);

    /// <summary>Deprovisions (§11.3); false when not found. <paramref name="check"/> runs under the lock (If-Match).</summary>
    Task<ScimResult<bool>> DeprovisionAsync(ScimClient client, long userId, Func<ScimUserRow, ScimError?> check, CancellationToken ct);
}

public interface IScimGroupStore
{
    Task<ScimResult<(IReadOnlyList<ScimGroupRow> Rows, long Total)>> ListAsync(ScimClient client, ScimListQuery query, CancellationToken ct);

    Task<ScimGroupRow?> GetAsync(ScimClient client, long teamId, bool withMembers, CancellationToken ct);

    Task<ScimResult<ScimGroupRow>> CreateAsync(ScimClient client, ScimGroupChange group, CancellationToken ct);

    Task<ScimResult<ScimGroupRow>?> ModifyAsync(ScimClient client, long teamId, ScimDecision<ScimGroupRow, ScimGroupChange> decide, CancellationToken ct);

    Task<ScimResult<bool>> DeleteAsync(ScimClient client, long teamId, Func<ScimGroupRow, ScimError?> check, CancellationToken ct);
}
