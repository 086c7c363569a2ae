using System.Text.Json;
using Dapper;
using Leanmote.Application.Metrics.Settings;
using Leanmote.Infrastructure.Database;
using Npgsql;

namespace Leanmote.Infrastructure.Metrics;

/// <summary>Reads <c>organization_metric_settings</c> (metrics.md §9); a key that is missing keeps its default.</summary>
internal sealed class MetricSettingsReader(NpgsqlDataSource db, DbRetry retry) : IMetricSettingsReader
{
    private const string Sql = "SELECT key, value::text AS value FROM organization_metric_settings WHERE organization_id = @OrganizationId";

    public Task<MetricSettings> ReadAsync(long organizationId, CancellationToken ct) =>
        retry.RunAsync(async token =>
        {
            await using var conn = await db.OpenConnectionAsync(token);
            var rows = await conn.QueryAsync<(string Key, string Value)>(new CommandDefinition(Sql, new { OrganizationId = organizationId }, cancellationToken: token));
            return Apply(MetricSettings.Defaults, rows);
        }, ct);

    /// <summary>The defaults with every stored key applied (stored values were validated when they were written).</summary>
    internal static MetricSettings Apply(MetricSettings settings, IEnumerable<(string Key, string Value)> rows)
    {
        foreach (var (key, json) in rows)
        {
            using var document = JsonDocument.Parse(json);
            var value = document.RootElement;
            settings = key switch
            {
                "dora.deployment_source" => settings with { DeploymentSource = value.GetString()! },
                "dora.production_environments" => settings with { ProductionEnvironments = Strings(value) },
                "dora.cfr_attribution_window_hours" => settings with { CfrAttributionWindowHours = value.GetInt32() },
                "dora.failure_pr_pattern" => settings with { FailurePrPattern = value.GetString()! },
                "flow.exclude_types" => settings with { FlowExcludeTypes = Strings(value) },
                "meetings.large_meeting_min_attendees" => settings with { LargeMeetingMinAttendees = value.GetInt32() },
                "meetings.max_duration_hours" => settings with { MeetingMaxDurationHours = value.GetDecimal() },
                "meetings.focus_block_min_minutes" => settings with { FocusBlockMinMinutes = value.GetInt32() },
                "work_hours.start" => settings with { WorkHoursStart = TimeOnly.ParseExact(value.GetString()!, "HH:mm") },
                "work_hours.end" => settings with { WorkHoursEnd = TimeOnly.ParseExact(value.GetString()!, "HH:mm") },
                "work_hours.days" => settings with { WorkHoursDays = [.. value.EnumerateArray().Select(d => d.GetInt32())] },
                "costs.currency" => settings with { Currency = value.GetString()! },
                "costs.default_hourly_cost" => settings with { DefaultHourlyCost = value.ValueKind == JsonValueKind.Null ? null : value.GetDecimal() },
                _ => settings,   // a key of a later version: ignored, never fatal
            };
        }
        return settings;
    }

    private static string[] Strings(JsonElement value) => [.. value.EnumerateArray().Select(v => v.GetString()!)];
}
