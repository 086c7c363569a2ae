using System.Globalization;
using System.Text.Json;
using Leanmote.Application.Common.Results;
using Leanmote.Domain.Common;
using Leanmote.Domain.Metrics;

namespace Leanmote.Application.Metrics.Settings;

/// <summary>One setting of the metrics.md §9 table: its effective value, its default, and where the value comes from.</summary>
public sealed record MetricSettingView(string Key, JsonElement Value, JsonElement Default, string Source);

/// <summary>
/// <c>GET /v1/organizations/{organization_id}/metric-settings</c> (metrics.md §9.1, adr/0041): every key of the table,
/// in the table's order.
/// </summary>
public sealed record MetricSettingsView(OrganizationId OrganizationId, IReadOnlyList<MetricSettingView> Settings)
{
    /// <summary>The settings as a plain JSON object <c>{ "&lt;key&gt;": value, … }</c> in the table's order (what <c>/context</c> shows).</summary>
    public static OrderedDictionary<string, JsonElement> Values(MetricSettings settings)
    {
        var values = new OrderedDictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var key in MetricSettingKeys.All) values.Add(key, MetricSettingKeys.ValueOf(settings, key));
        return values;
    }

    /// <summary>The full view of <paramref name="settings"/>; keys in <paramref name="stored"/> come from the organization.</summary>
    public static MetricSettingsView Of(OrganizationId organization, MetricSettings settings, IReadOnlySet<string> stored) => new(
        organization,
        [
            .. MetricSettingKeys.All.Select(key => new MetricSettingView(
                key,
                MetricSettingKeys.ValueOf(settings, key),
                MetricSettingKeys.ValueOf(MetricSettings.Defaults, key),
                stored.Contains(key) ? MetricSettingKeys.OrganizationSource : MetricSettingKeys.DefaultSource)),
        ]);
}

/// <summary>
/// One audited change (metrics.md §9.1): the effective value and its source before and after, who changed it and when.
/// A reset to the default has <c>new_source: "default"</c>.
/// </summary>
public sealed record MetricSettingChangeView(
    MetricSettingChangeId Id,
    OrganizationId OrganizationId,
    string Key,
    JsonElement OldValue,
    string OldSource,
    JsonElement NewValue,
    string NewSource,
    UserId ChangedBy,
    DateTimeOffset ChangedAt);

/// <summary>The keys of the metrics.md §9 table, how each reads from <see cref="MetricSettings"/>, and the rules across keys.</summary>
public static class MetricSettingKeys
{
    public const string DefaultSource = "default";
    public const string OrganizationSource = "organization";

    public const string DeploymentSource = "dora.deployment_source";
    public const string ProductionEnvironments = "dora.production_environments";
    public const string CfrAttributionWindowHours = "dora.cfr_attribution_window_hours";
    public const string FailurePrPattern = "dora.failure_pr_pattern";
    public const string FlowExcludeTypes = "flow.exclude_types";
    public const string LargeMeetingMinAttendees = "meetings.large_meeting_min_attendees";
    public const string MeetingMaxDurationHours = "meetings.max_duration_hours";
    public const string FocusBlockMinMinutes = "meetings.focus_block_min_minutes";
    public const string WorkHoursStart = "work_hours.start";
    public const string WorkHoursEnd = "work_hours.end";
    public const string WorkHoursDays = "work_hours.days";
    public const string Currency = "costs.currency";
    public const string DefaultHourlyCost = "costs.default_hourly_cost";

    /// <summary>Every key, in the order of the metrics.md §9 table.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        DeploymentSource, ProductionEnvironments, CfrAttributionWindowHours, FailurePrPattern, FlowExcludeTypes,
        LargeMeetingMinAttendees, MeetingMaxDurationHours, FocusBlockMinMinutes, WorkHoursStart, WorkHoursEnd, WorkHoursDays,
        Currency, DefaultHourlyCost,
    ];

    /// <summary>The effective value of <paramref name="key"/> as JSON (times as <c>HH:MM</c>).</summary>
    public static JsonElement ValueOf(MetricSettings settings, string key) => key switch
    {
        DeploymentSource => JsonSerializer.SerializeToElement(settings.DeploymentSource),
        ProductionEnvironments => JsonSerializer.SerializeToElement(settings.ProductionEnvironments),
        CfrAttributionWindowHours => JsonSerializer.SerializeToElement(settings.CfrAttributionWindowHours),
        FailurePrPattern => JsonSerializer.SerializeToElement(settings.FailurePrPattern),
        FlowExcludeTypes => JsonSerializer.SerializeToElement(settings.FlowExcludeTypes),
        LargeMeetingMinAttendees => JsonSerializer.SerializeToElement(settings.LargeMeetingMinAttendees),
        MeetingMaxDurationHours => JsonSerializer.SerializeToElement(settings.MeetingMaxDurationHours),
        FocusBlockMinMinutes => JsonSerializer.SerializeToElement(settings.FocusBlockMinMinutes),
        WorkHoursStart => JsonSerializer.SerializeToElement(Time(settings.WorkHoursStart)),
        WorkHoursEnd => JsonSerializer.SerializeToElement(Time(settings.WorkHoursEnd)),
        WorkHoursDays => JsonSerializer.SerializeToElement(settings.WorkHoursDays),
        Currency => JsonSerializer.SerializeToElement(settings.Currency),
        DefaultHourlyCost => JsonSerializer.SerializeToElement(settings.DefaultHourlyCost),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "not a metric setting"),
    };

    /// <summary>
    /// Rules across keys, checked on the merged settings (stored values plus the patch) before they are written:
    /// the work day starts before it ends. A violation names the keys of the pair that the patch <paramref name="changed"/>.
    /// </summary>
    public static IReadOnlyList<ErrorDetail> Inconsistencies(MetricSettings settings, IReadOnlyCollection<string> changed)
    {
        if (settings.WorkHoursStart < settings.WorkHoursEnd) return [];
        var details = new List<ErrorDetail>();
        if (changed.Contains(WorkHoursStart))
            details.Add(new ErrorDetail(WorkHoursStart, $"must be before work_hours.end ({Time(settings.WorkHoursEnd)})"));
        if (changed.Contains(WorkHoursEnd))
            details.Add(new ErrorDetail(WorkHoursEnd, $"must be after work_hours.start ({Time(settings.WorkHoursStart)})"));
        return details;
    }

    private static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
