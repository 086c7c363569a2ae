using Leanmote.Domain.Common;

namespace Leanmote.Domain.Metrics;

/// <summary>One audited change of an organization metric setting (metrics.md §9.1): <c>msc_&lt;n&gt;</c>.</summary>
public readonly record struct MetricSettingChangeId(long Value) : IPublicId<MetricSettingChangeId>
{
    public static string Prefix => "msc";
    public static MetricSettingChangeId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}
