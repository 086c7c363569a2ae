using System.Data;
using System.Text.Json;
using Dapper;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Metrics.Settings;
using Leanmote.Domain.Common;
using Leanmote.Domain.Metrics;
using Leanmote.Infrastructure.Database;
using Leanmote.Infrastructure.Sql;
using Npgsql;

namespace Leanmote.Infrastructure.Metrics;

/// <summary>
/// <c>organization_metric_settings</c> and <c>metric_settings_audit</c> (metrics.md §9.1): the effective view, the
/// merge patch with its audit rows in one transaction, and the audit list.
/// </summary>
internal sealed class MetricSettingsStore(NpgsqlDataSource db, DbRetry retry) : IMetricSettingsStore
{
    private const string StoredSql = "SELECT key, value::text AS value FROM organization_metric_settings WHERE organization_id = @OrganizationId";

    // Serialises patches of one organization without blocking the foreign-key checks of inserts that reference it.
    private const string LockSql = "SELECT 1 FROM organizations WHERE id = @OrganizationId FOR NO KEY UPDATE";

    private const string UpsertSql = """
        INSERT INTO organization_metric_settings (organization_id, key, value, updated_at, updated_by)
        VALUES (@OrganizationId, @Key, @Value::jsonb, @Now, @UserId)
        ON CONFLICT (organization_id, key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
        """;

    private const string DeleteSql = "DELETE FROM organization_metric_settings WHERE organization_id = @OrganizationId AND key = @Key";

    private const string AuditSql = """
        INSERT INTO metric_settings_audit (organization_id, key, old_value, old_source, new_value, new_source, changed_by, changed_at)
        VALUES (@OrganizationId, @Key, @OldValue::jsonb, @OldSource, @NewValue::jsonb, @NewSource, @UserId, @Now)
        """;

    private const string ChangeSelect = "a.id, a.organization_id, a.key, a.old_value::text AS old_value, a.old_source, a.new_value::text AS new_value, a.new_source, a.changed_by, a.changed_at";
    private const string ChangeFrom = "FROM metric_settings_audit a WHERE a.organization_id = @OrganizationId";

    private static readonly ColumnMap ChangeColumns = new(tieBreak: "a.id")
    {
        ["changed_at"] = "a.changed_at",
        ["key"] = "a.key",
        ["changed_by"] = "a.changed_by",
    };

    public Task<MetricSettingsView> GetAsync(OrganizationId organization, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            var stored = await ReadStoredAsync(conn, null, organization, token);
            return View(organization, stored);
        }, ct);

    public Task<Result<MetricSettingsView>> UpdateAsync(OrganizationId organization, IReadOnlyList<MetricSettingChange> changes, UserId by, DateTimeOffset now, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            await using var tx = await conn.BeginTransactionAsync(token);
            var key = new { OrganizationId = organization.Value };
            await conn.ExecuteAsync(new CommandDefinition(LockSql, key, tx, cancellationToken: token));
            var before = await ReadStoredAsync(conn, tx, organization, token);

            var after = new Dictionary<string, string>(before, StringComparer.Ordinal);
            foreach (var change in changes)
            {
                if (change.Value is { } value) after[change.Key] = value.GetRawText();
                else after.Remove(change.Key);
            }
            var oldSettings = Effective(before);
            var newSettings = Effective(after);
            var inconsistencies = MetricSettingKeys.Inconsistencies(newSettings, [.. changes.Select(c => c.Key)]);
            if (inconsistencies.Count > 0) return Error.Validation(inconsistencies);

            foreach (var changed in changes.Select(c => c.Key).Distinct(StringComparer.Ordinal))
            {
                var oldValue = MetricSettingKeys.ValueOf(oldSettings, changed);
                var newValue = MetricSettingKeys.ValueOf(newSettings, changed);
                var oldSource = Source(before, changed);
                var newSource = Source(after, changed);
                if (oldSource == newSource && JsonElement.DeepEquals(oldValue, newValue)) continue;

                after.TryGetValue(changed, out var stored);
                var parameters = new { key.OrganizationId, Key = changed, Value = stored, Now = now, UserId = by.Value };
                await conn.ExecuteAsync(new CommandDefinition(stored is null ? DeleteSql : UpsertSql, parameters, tx, cancellationToken: token));
                await conn.ExecuteAsync(new CommandDefinition(AuditSql, new
                {
                    key.OrganizationId,
                    Key = changed,
                    OldValue = oldValue.GetRawText(),
                    OldSource = oldSource,
                    NewValue = newValue.GetRawText(),
                    NewSource = newSource,
                    UserId = by.Value,
                    Now = now,
                }, tx, cancellationToken: token));
            }
            await tx.CommitAsync(token);
            return (Result<MetricSettingsView>)View(organization, after);
        }, ct);

    public Task<(IReadOnlyList<MetricSettingChangeView> Rows, long Total)> ListChangesAsync(OrganizationId organization, QueryOptions options, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            var list = ListSql.Build(ChangeSelect, ChangeFrom, ChangeColumns, options);
            list.Parameters.Add("OrganizationId", organization.Value);
            var (rows, total) = await DbReading.ReadPageAsync<ChangeRow>(db, list, token);
            return ((IReadOnlyList<MetricSettingChangeView>)[.. rows.Select(r => r.ToView())], total);
        }, ct);

    private static async Task<Dictionary<string, string>> ReadStoredAsync(NpgsqlConnection conn, IDbTransaction? tx, OrganizationId organization, CancellationToken ct)
    {
        var rows = await conn.QueryAsync<(string Key, string Value)>(new CommandDefinition(StoredSql, new { OrganizationId = organization.Value }, tx, cancellationToken: ct));
        // keys of a later version are kept as they are, but the view shows only the keys of the table
        return rows.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
    }

    private static MetricSettings Effective(Dictionary<string, string> stored) =>
        MetricSettingsReader.Apply(MetricSettings.Defaults, stored.Select(p => (p.Key, p.Value)));

    private static MetricSettingsView View(OrganizationId organization, Dictionary<string, string> stored) =>
        MetricSettingsView.Of(organization, Effective(stored), stored.Keys.ToHashSet(StringComparer.Ordinal));

    private static string Source(Dictionary<string, string> stored, string key) =>
        stored.ContainsKey(key) ? MetricSettingKeys.OrganizationSource : MetricSettingKeys.DefaultSource;

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private sealed record ChangeRow(
        MetricSettingChangeId Id,
        OrganizationId OrganizationId,
        string Key,
        string OldValue,
        string OldSource,
        string NewValue,
        string NewSource,
        UserId ChangedBy,
        DateTimeOffset ChangedAt)
    {
        public MetricSettingChangeView ToView() =>
            new(Id, OrganizationId, Key, Json(OldValue), OldSource, Json(NewValue), NewSource, ChangedBy, ChangedAt);
    }
}
