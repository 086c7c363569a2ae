using System.Collections.Concurrent;
using Leanmote.Application.Access;
using Leanmote.Application.Common.Security;
using Leanmote.Domain.Common;

namespace Leanmote.Infrastructure.Access;

/// <summary>
/// Owner lookups of tenant resources (team, app, repository, …) kept in memory: a row's organization never
/// changes, so the only thing that can make an entry wrong is the row's deletion — and deletions notify the
/// access channel (migration 0015), which moves <see cref="TokenCache.Generation"/> on and so drops every
/// entry. Entries also expire after <see cref="TokenCache.Ttl"/>, and nothing is cached while the listener is
/// disconnected. Users (memberships change) and organizations are not cached here; people lookups neither.
/// </summary>
internal sealed class CachingAccessReader(AccessReader inner, TokenCache changes, TimeProvider clock) : IAccessReader
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<(ResourceKind Kind, long Id), Entry> _owners = new();

    private sealed record Entry(IReadOnlyList<long> Owners, long Generation, DateTimeOffset StoredAt);

    public async Task<IReadOnlyList<long>?> FindOwnersAsync(ResourceKind kind, long id, CancellationToken ct)
    {
        if (kind is ResourceKind.User or ResourceKind.Organization) return await inner.FindOwnersAsync(kind, id, ct);
        var generation = changes.Generation;
        if (changes.Enabled && _owners.TryGetValue((kind, id), out var entry)
            && entry.Generation == generation && clock.GetUtcNow() - entry.StoredAt <= TokenCache.Ttl)
        {
            return entry.Owners;
        }
        var owners = await inner.FindOwnersAsync(kind, id, ct);
        if (owners is not null && changes.Enabled && changes.Generation == generation)
        {
            if (_owners.Count >= MaxEntries) _owners.Clear();
            _owners[(kind, id)] = new Entry(owners, generation, clock.GetUtcNow());
        }
        return owners;
    }

    public Task<IReadOnlyList<long>?> FindPeopleAsync(ResourceKind kind, long id, CancellationToken ct) =>
        inner.FindPeopleAsync(kind, id, ct);

    public Task<IReadOnlyList<VisiblePerson>> FindVisiblePeopleAsync(UserId caller, IReadOnlyList<long> organizationIds, CancellationToken ct) =>
        inner.FindVisiblePeopleAsync(caller, organizationIds, ct);
}
