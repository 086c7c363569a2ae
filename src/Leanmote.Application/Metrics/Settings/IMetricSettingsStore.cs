using System.Text.Json;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Domain.Common;

namespace Leanmote.Application.Metrics.Settings;

/// <summary>One key of a metric-settings merge patch: the new value, or null to reset the key to its default.</summary>
public sealed record MetricSettingChange(string Key, JsonElement? Value);

/// <summary>Reads and writes an organization's metric settings (metrics.md §9.1) and their audit trail.</summary>
public interface IMetricSettingsStore
{
    /// <summary>Every key with its effective value and source.</summary>
    Task<MetricSettingsView> GetAsync(OrganizationId organization, CancellationToken ct);

    /// <summary>
    /// Applies <paramref name="changes"/> in one transaction: the settings rows (<c>updated_by</c>, <c>updated_at</c>)
    /// and one audit row per key whose effective value or source changed. A merged state that breaks a rule across
    /// keys (<see cref="MetricSettingKeys.Inconsistencies"/>) writes nothing and is a validation error.
    /// </summary>
    Task<Result<MetricSettingsView>> UpdateAsync(OrganizationId organization, IReadOnlyList<MetricSettingChange> changes, UserId by, DateTimeOffset now, CancellationToken ct);

    Task<(IReadOnlyList<MetricSettingChangeView> Rows, long Total)> ListChangesAsync(OrganizationId organization, QueryOptions options, CancellationToken ct);
}
