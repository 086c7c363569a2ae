using System.Collections.Concurrent;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Scim.Tokens;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Access;

namespace Leanmote.Infrastructure.Scim;

/// <summary>
/// SCIM token lookups answered from memory, under the same rules as API tokens (<see cref="TokenCache"/>): an entry
/// lives at most <see cref="TokenCache.Ttl"/>, and is void as soon as the access-change listener reports any change
/// (scim_tokens and organizations notify channel leanmote_access, migration 0020) or is disconnected.
/// </summary>
internal sealed class CachingScimTokenStore(ScimTokenStore inner, TokenCache access, TimeProvider clock) : IScimTokenStore
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed record Entry(ScimTokenRecord Record, long Generation, DateTimeOffset StoredAt);

    public async Task<ScimTokenRecord?> FindByHashAsync(string tokenHash, CancellationToken ct)
    {
        var generation = access.Generation;
        if (access.Enabled && _entries.TryGetValue(tokenHash, out var entry)
            && entry.Generation == generation && clock.GetUtcNow() - entry.StoredAt <= TokenCache.Ttl)
        {
            return entry.Record;
        }
        var record = await inner.FindByHashAsync(tokenHash, ct);
        if (record is null || !access.Enabled)
        {
            _entries.TryRemove(tokenHash, out _);
            return record;
        }
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[tokenHash] = new Entry(record, generation, clock.GetUtcNow());
        return record;
    }

    public async Task TouchAsync(OrganizationId organization, ScimTokenId token, DateTimeOffset now, DateTimeOffset staleBefore, CancellationToken ct)
    {
        await inner.TouchAsync(organization, token, now, staleBefore, ct);
        foreach (var (hash, entry) in _entries)
        {
            if (entry.Record.Id == token) _entries.TryUpdate(hash, entry with { Record = entry.Record with { LastUsedAt = now } }, entry);
        }
    }

    public async Task<bool> RevokeAsync(OrganizationId organization, ScimTokenId token, CancellationToken ct)
    {
        var found = await inner.RevokeAsync(organization, token, ct);
        access.Invalidate();   // this process at once; the others through the notification
        _entries.Clear();
        return found;
    }

    public async Task<int> RevokeByDescriptionAsync(OrganizationId organization, string description, CancellationToken ct)
    {
        var revoked = await inner.RevokeByDescriptionAsync(organization, description, ct);
        _entries.Clear();
        return revoked;
    }

    public Task<ScimTokenView?> CreateAsync(OrganizationId organization, string tokenHash, string tokenPreview, string? description,
        DateTimeOffset? expiresAt, UserId? createdBy, int maxActive, CancellationToken ct) =>
        inner.CreateAsync(organization, tokenHash, tokenPreview, description, expiresAt, createdBy, maxActive, ct);

    public Task<(IReadOnlyList<ScimTokenView> Rows, long Total)> ListAsync(OrganizationId organization, QueryOptions options, CancellationToken ct) =>
        inner.ListAsync(organization, options, ct);
}
