namespace Leanmote.Application.Metrics.Settings;

/// <summary>
/// An organization's effective metric settings (metrics.md §9): every key with its value, defaults filled in.
/// Definitions read these on every request; nothing computed from them is stored, so a change applies to the
/// very next request.
/// </summary>
public sealed record MetricSettings(
    string DeploymentSource,
    IReadOnlyList<string> ProductionEnvironments,
    int CfrAttributionWindowHours,
    string FailurePrPattern,
    IReadOnlyList<string> FlowExcludeTypes,
    int LargeMeetingMinAttendees,
    decimal MeetingMaxDurationHours,
    int FocusBlockMinMinutes,
    TimeOnly WorkHoursStart,
    TimeOnly WorkHoursEnd,
    IReadOnlyList<int> WorkHoursDays,
    string Currency,
    decimal? DefaultHourlyCost)
{
    public const string DeploymentsSource = "deployments";
    public const string PullRequestsSource = "pull_requests";

    public static MetricSettings Defaults { get; } = new(
        DeploymentSource: DeploymentsSource,
        ProductionEnvironments: ["production"],
        CfrAttributionWindowHours: 24,
        FailurePrPattern: @"^(hf|rb|rv)[\s:/_-]|hotfix|rollback|revert",
        FlowExcludeTypes: ["epic"],
        LargeMeetingMinAttendees: 8,
        MeetingMaxDurationHours: 8,
        FocusBlockMinMinutes: 120,
        WorkHoursStart: new TimeOnly(9, 0),
        WorkHoursEnd: new TimeOnly(17, 0),
        WorkHoursDays: [1, 2, 3, 4, 5],
        Currency: "USD",
        DefaultHourlyCost: null);

    /// <summary>True when <paramref name="day"/> is one of <see cref="WorkHoursDays"/> (ISO weekday numbers, Monday = 1).</summary>
    public bool IsWorkDay(DateOnly day) => WorkHoursDays.Contains(day.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)day.DayOfWeek);
}

/// <summary>Reads an organization's stored settings (a missing key is its default).</summary>
public interface IMetricSettingsReader
{
    Task<MetricSettings> ReadAsync(long organizationId, CancellationToken ct);
}
