using System.Collections.Concurrent;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Organizations;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Access;

namespace Leanmote.Infrastructure.Organizations;

/// <summary>
/// Organization rows kept in memory: they change rarely and every request that names one reads it. Entries
/// follow the token cache's invalidation (ADR 0009): a trigger on <c>organizations</c> notifies the same
/// channel (migration 0014), any notification moves <see cref="TokenCache.Generation"/> on and so drops every
/// entry, and nothing is cached while the listener is disconnected. Entries also expire after
/// <see cref="TokenCache.Ttl"/>.
/// </summary>
internal sealed class CachingOrganizationReader(OrganizationReader inner, TokenCache changes, TimeProvider clock) : IOrganizationReader
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<long, Entry> _entries = new();

    private sealed record Entry(OrganizationView? View, long Generation, DateTimeOffset StoredAt);

    public async Task<OrganizationView?> GetAsync(OrganizationId id, CancellationToken ct)
    {
        var generation = changes.Generation;
        if (changes.Enabled && _entries.TryGetValue(id.Value, out var entry)
            && entry.Generation == generation && clock.GetUtcNow() - entry.StoredAt <= TokenCache.Ttl)
        {
            return entry.View;
        }
        var view = await inner.GetAsync(id, ct);
        if (view is not null && changes.Enabled && changes.Generation == generation)
        {
            if (_entries.Count >= MaxEntries) _entries.Clear();
            _entries[id.Value] = new Entry(view, generation, clock.GetUtcNow());
        }
        return view;
    }

    public Task<(IReadOnlyList<OrganizationView> Rows, long Total)> ListAsync(IReadOnlyList<long> organizationIds, QueryOptions options, CancellationToken ct) =>
        inner.ListAsync(organizationIds, options, ct);

    public Task<(IReadOnlyList<MemberView> Rows, long Total)> ListMembersAsync(OrganizationId id, QueryOptions options, CancellationToken ct) =>
        inner.ListMembersAsync(id, options, ct);
}
