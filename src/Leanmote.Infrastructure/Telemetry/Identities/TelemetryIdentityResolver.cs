using System.Collections.Concurrent;
using Dapper;
using Leanmote.Infrastructure.Telemetry.Normalisation;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Leanmote.Infrastructure.Telemetry.Identities;

/// <summary>
/// Upserts the identities a batch names and matches them to platform users (otel.md §8.2), inside the
/// normalizer's transaction. Resolutions are cached in process for 5 minutes; <see cref="Forget"/> drops an
/// organization's entries when a mapping changes.
/// </summary>
public sealed class TelemetryIdentityResolver(TimeProvider clock, ILogger<TelemetryIdentityResolver> logger)
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(5);
    private const int MaxCacheEntries = 200_000;

    private readonly ConcurrentDictionary<(long Organization, string Source, string Key), (long Id, DateTimeOffset At)> _cache = new();

    public void Forget(long organizationId)
    {
        foreach (var key in _cache.Keys)
            if (key.Organization == organizationId) _cache.TryRemove(key, out _);
    }

    internal async Task<Dictionary<(string Source, string Key), long>> ResolveAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, long organizationId, IEnumerable<IdentityRef> refs, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var result = new Dictionary<(string, string), long>();
        var pending = new SortedDictionary<(string Source, string Key), IdentityRef>();
        foreach (var r in refs)
        {
            var key = (r.Source, r.Key);
            if (result.ContainsKey(key)) continue;
            if (_cache.TryGetValue((organizationId, r.Source, r.Key), out var cached) && now - cached.At < CacheLifetime)
            {
                result[key] = cached.Id;
                continue;
            }
            pending[key] = pending.TryGetValue(key, out var seen)
                ? seen with
                {
                    Email = seen.Email ?? r.Email, AccountUuid = seen.AccountUuid ?? r.AccountUuid, AccountId = seen.AccountId ?? r.AccountId,
                    InstallId = seen.InstallId ?? r.InstallId, EnduserId = seen.EnduserId ?? r.EnduserId,
                }
                : r;
        }
        if (pending.Count == 0) return result;

        var list = pending.Values.ToList();
        var rows = await conn.QueryAsync<(long Id, string Source, string IdentityKey)>(new CommandDefinition("""
            INSERT INTO telemetry_identities AS ti
                (organization_id, source, identity_key, email, account_uuid, account_id, install_id, enduser_id, first_seen_at, last_seen_at)
            SELECT @Org, t.s, t.k, t.e, t.au, t.ai, t.ii, t.eu, @Now, @Now
            FROM unnest(@Sources, @Keys, @Emails, @AccountUuids, @AccountIds, @InstallIds, @EnduserIds) AS t(s, k, e, au, ai, ii, eu)
            ORDER BY t.s, t.k
            ON CONFLICT (organization_id, source, identity_key) DO UPDATE SET
                email        = coalesce(ti.email, excluded.email),
                account_uuid = coalesce(ti.account_uuid, excluded.account_uuid),
                account_id   = coalesce(ti.account_id, excluded.account_id),
                install_id   = coalesce(ti.install_id, excluded.install_id),
                enduser_id   = coalesce(ti.enduser_id, excluded.enduser_id),
                last_seen_at = greatest(ti.last_seen_at, excluded.last_seen_at)
            RETURNING ti.id, ti.source, ti.identity_key
            """, new
        {
            Org = organizationId,
            Now = now,
            Sources = list.Select(r => r.Source).ToArray(),
            Keys = list.Select(r => r.Key).ToArray(),
            Emails = list.Select(r => r.Email).ToArray(),
            AccountUuids = list.Select(r => r.AccountUuid).ToArray(),
            AccountIds = list.Select(r => r.AccountId).ToArray(),
            InstallIds = list.Select(r => r.InstallId).ToArray(),
            EnduserIds = list.Select(r => r.EnduserId).ToArray(),
        }, tx, cancellationToken: ct));
        var ids = new List<long>();
        foreach (var row in rows)
        {
            result[(row.Source, row.IdentityKey)] = row.Id;
            ids.Add(row.Id);
        }

        await MatchAsync(conn, tx, organizationId, [.. ids], now, ct);

        if (_cache.Count > MaxCacheEntries) _cache.Clear();
        foreach (var ((source, key), id) in result)
            _cache[(organizationId, source, key)] = (id, now);
        return result;
    }

    /// <summary>
    /// otel.md §8.2: when a person becomes an active member (SCIM create or reactivation), the organization's
    /// unmatched identities with that person's email are resolved again. Returns how many changed.
    /// </summary>
    public async Task<int> RematchForMemberAsync(NpgsqlConnection conn, long organizationId, long userId, CancellationToken ct)
    {
        var ids = (await conn.QueryAsync<long>(new CommandDefinition("""
            SELECT ti.id FROM telemetry_identities ti JOIN users u ON u.id = @UserId
            WHERE ti.organization_id = @Org AND ti.user_id IS NULL AND ti.match_method IS NULL
              AND (ti.email = lower(btrim(u.email)) OR lower(btrim(ti.enduser_id)) = lower(btrim(u.email)))
            """, new { Org = organizationId, UserId = userId }, cancellationToken: ct))).ToArray();
        return await MatchAsync(conn, null, organizationId, ids, clock.GetUtcNow(), ct);
    }

    /// <summary>
    /// Applies the resolution order of §8.2 to the given identities (manual mappings are left alone) and records a
    /// claude_code user_app for email matches that carry an account UUID. Returns how many identities changed.
    /// </summary>
    internal async Task<int> MatchAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, long organizationId, long[] identityIds, DateTimeOffset now, CancellationToken ct)
    {
        if (identityIds.Length == 0) return 0;
        var changed = (await conn.QueryAsync<MatchRow>(new CommandDefinition(MatchSql,
            new { Org = organizationId, Ids = identityIds, Now = now }, tx, cancellationToken: ct))).ToList();
        foreach (var c in changed.Where(c => c.ByMapping is not null && c.ByEmail is not null && c.ByMapping != c.ByEmail))
            logger.LogWarning("Telemetry identity {IdentityId}: the explicit mapping (user {MappedUser}) and the email match (user {EmailUser}) disagree; the mapping wins",
                c.Id, c.ByMapping, c.ByEmail);

        var learned = changed.Where(c => c.MatchMethod == "email" && c.UserId is not null && c.AccountUuid is not null).ToList();
        if (learned.Count > 0)
        {
            await conn.ExecuteAsync(new CommandDefinition("""
                INSERT INTO user_apps (organization_id, user_id, app_id, provider, external_id, external_email)
                SELECT @Org, t.u, a.id, 'claude_code', t.au, t.e
                FROM unnest(@Users, @Uuids, @Emails) AS t(u, au, e)
                CROSS JOIN LATERAL (SELECT id FROM apps WHERE organization_id = @Org AND provider = 'claude_code' ORDER BY is_active DESC, id LIMIT 1) a
                ON CONFLICT (organization_id, app_id, external_id) DO NOTHING
                """, new
            {
                Org = organizationId,
                Users = learned.Select(c => c.UserId!.Value).ToArray(),
                Uuids = learned.Select(c => c.AccountUuid!).ToArray(),
                Emails = learned.Select(c => c.Email).ToArray(),
            }, tx, cancellationToken: ct));
        }
        return changed.Count;
    }

    private const string MatchSql = """
        WITH cand AS (
            SELECT ti.id,
                   (SELECT ua.user_id FROM user_apps ua
                      JOIN apps a ON a.organization_id = ua.organization_id AND a.id = ua.app_id AND a.provider = 'claude_code'
                      JOIN organization_members m ON m.organization_id = ua.organization_id AND m.user_id = ua.user_id
                     WHERE ua.organization_id = ti.organization_id
                       AND (ua.external_id = ti.account_uuid OR ua.external_id = ti.account_id)
                     ORDER BY ua.id LIMIT 1) AS by_mapping,
                   (SELECT ua.user_id FROM user_apps ua
                      JOIN apps a ON a.organization_id = ua.organization_id AND a.id = ua.app_id AND a.provider = 'claude_code'
                      JOIN organization_members m ON m.organization_id = ua.organization_id AND m.user_id = ua.user_id
                     WHERE ua.organization_id = ti.organization_id AND ti.email IS NOT NULL
                       AND lower(btrim(ua.external_email)) = ti.email
                     ORDER BY ua.id LIMIT 1) AS by_app_email,
                   (SELECT m.user_id FROM organization_members m JOIN users u ON u.id = m.user_id
                     WHERE m.organization_id = ti.organization_id
                       AND lower(btrim(u.email)) = coalesce(ti.email,
                               CASE WHEN ti.enduser_id LIKE '%_@_%' THEN lower(btrim(ti.enduser_id)) END)
                     ORDER BY u.id LIMIT 1) AS by_email
            FROM telemetry_identities ti
            WHERE ti.organization_id = @Org AND ti.id = ANY(@Ids) AND ti.match_method IS DISTINCT FROM 'manual'
        ), decided AS (
            SELECT c.*, coalesce(c.by_mapping, c.by_app_email, c.by_email) AS new_user,
                   CASE WHEN c.by_mapping IS NOT NULL OR c.by_app_email IS NOT NULL THEN 'mapping'
                        WHEN c.by_email IS NOT NULL THEN 'email' END AS new_method
            FROM cand c
        )
        UPDATE telemetry_identities ti
        SET user_id = d.new_user, match_method = d.new_method, matched_at = CASE WHEN d.new_user IS NULL THEN NULL ELSE @Now END
        FROM decided d
        WHERE ti.organization_id = @Org AND ti.id = d.id
          AND (ti.user_id IS DISTINCT FROM d.new_user OR ti.match_method IS DISTINCT FROM d.new_method)
        RETURNING ti.id AS Id, ti.user_id AS UserId, ti.match_method AS MatchMethod, d.by_mapping AS ByMapping,
                  coalesce(d.by_app_email, d.by_email) AS ByEmail, ti.account_uuid AS AccountUuid, ti.email AS Email
        """;

    internal sealed record MatchRow(long Id, long? UserId, string? MatchMethod, long? ByMapping, long? ByEmail, string? AccountUuid, string? Email);
}
