using System.Text.Json;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Metrics.Settings;
using NUnit.Framework;

namespace Leanmote.UnitTests.Application.Metrics;

/// <summary>The merge-patch rules of metrics.md §9 (UpdateMetricSettings.Validator) and the settings' JSON shape.</summary>
[TestFixture]
public sealed class MetricSettingsValidatorTests
{
    private static readonly UpdateMetricSettings.Validator Validator = new();

    private static List<string> Failures(string json)
    {
        using var document = JsonDocument.Parse(json);
        var command = new UpdateMetricSettings.Command("org_1", document.RootElement.Clone(), QueryParameters.Empty);
        return [.. Validator.Validate(command).Errors.Select(e => e.PropertyName)];
    }

    [TestCase("{}")]
    [TestCase("""{"dora.deployment_source":"deployments"}""")]
    [TestCase("""{"dora.deployment_source":"pull_requests"}""")]
    [TestCase("""{"dora.production_environments":["production","prod-eu"]}""")]
    [TestCase("""{"dora.cfr_attribution_window_hours":1}""")]
    [TestCase("""{"dora.cfr_attribution_window_hours":720}""")]
    [TestCase("""{"dora.failure_pr_pattern":"^(hf|rb|rv)[\\s:/_-]|hotfix|rollback|revert"}""")]
    [TestCase("""{"flow.exclude_types":["epic"]}""")]
    [TestCase("""{"meetings.large_meeting_min_attendees":2}""")]
    [TestCase("""{"meetings.max_duration_hours":0.5}""")]
    [TestCase("""{"meetings.max_duration_hours":24}""")]
    [TestCase("""{"meetings.focus_block_min_minutes":30}""")]
    [TestCase("""{"work_hours.start":"00:00","work_hours.end":"23:59"}""")]
    [TestCase("""{"work_hours.days":[7]}""")]
    [TestCase("""{"work_hours.days":[1,2,3,4,5,6,7]}""")]
    [TestCase("""{"costs.currency":"EUR"}""")]
    [TestCase("""{"costs.default_hourly_cost":0}""")]
    [TestCase("""{"costs.default_hourly_cost":125.75}""")]
    [TestCase("""{"costs.default_hourly_cost":null,"dora.deployment_source":null,"work_hours.days":null}""")]
    public void Validate_AcceptableValue_Passes(string json) => Assert.That(Failures(json), Is.Empty);

    [TestCase("""{"dora.nope":1}""", "dora.nope")]
    [TestCase("""{"DORA.DEPLOYMENT_SOURCE":"deployments"}""", "DORA.DEPLOYMENT_SOURCE")]
    [TestCase("""{"dora.deployment_source":"Deployments"}""", "dora.deployment_source")]
    [TestCase("""{"dora.deployment_source":1}""", "dora.deployment_source")]
    [TestCase("""{"dora.production_environments":[]}""", "dora.production_environments")]
    [TestCase("""{"dora.production_environments":"production"}""", "dora.production_environments")]
    [TestCase("""{"dora.production_environments":["production",""]}""", "dora.production_environments")]
    [TestCase("""{"dora.production_environments":[" "]}""", "dora.production_environments")]
    [TestCase("""{"dora.production_environments":[1]}""", "dora.production_environments")]
    [TestCase("""{"dora.cfr_attribution_window_hours":0}""", "dora.cfr_attribution_window_hours")]
    [TestCase("""{"dora.cfr_attribution_window_hours":721}""", "dora.cfr_attribution_window_hours")]
    [TestCase("""{"dora.cfr_attribution_window_hours":24.5}""", "dora.cfr_attribution_window_hours")]
    [TestCase("""{"dora.cfr_attribution_window_hours":"24"}""", "dora.cfr_attribution_window_hours")]
    [TestCase("""{"dora.failure_pr_pattern":""}""", "dora.failure_pr_pattern")]
    [TestCase("""{"dora.failure_pr_pattern":"(unclosed"}""", "dora.failure_pr_pattern")]
    [TestCase("""{"dora.failure_pr_pattern":"(a)\\1"}""", "dora.failure_pr_pattern")]
    [TestCase("""{"dora.failure_pr_pattern":"(?=fix)"}""", "dora.failure_pr_pattern")]
    [TestCase("""{"dora.failure_pr_pattern":["x"]}""", "dora.failure_pr_pattern")]
    [TestCase("""{"flow.exclude_types":[]}""", "flow.exclude_types")]
    [TestCase("""{"flow.exclude_types":[null]}""", "flow.exclude_types")]
    [TestCase("""{"meetings.large_meeting_min_attendees":1}""", "meetings.large_meeting_min_attendees")]
    [TestCase("""{"meetings.large_meeting_min_attendees":true}""", "meetings.large_meeting_min_attendees")]
    [TestCase("""{"meetings.max_duration_hours":0}""", "meetings.max_duration_hours")]
    [TestCase("""{"meetings.max_duration_hours":25}""", "meetings.max_duration_hours")]
    [TestCase("""{"meetings.focus_block_min_minutes":0}""", "meetings.focus_block_min_minutes")]
    [TestCase("""{"work_hours.start":"9:00"}""", "work_hours.start")]
    [TestCase("""{"work_hours.start":"24:00"}""", "work_hours.start")]
    [TestCase("""{"work_hours.start":"09:60"}""", "work_hours.start")]
    [TestCase("""{"work_hours.start":"09:00:00"}""", "work_hours.start")]
    [TestCase("""{"work_hours.end":900}""", "work_hours.end")]
    [TestCase("""{"work_hours.days":[]}""", "work_hours.days")]
    [TestCase("""{"work_hours.days":[0]}""", "work_hours.days")]
    [TestCase("""{"work_hours.days":[8]}""", "work_hours.days")]
    [TestCase("""{"work_hours.days":[1,1]}""", "work_hours.days")]
    [TestCase("""{"work_hours.days":["1"]}""", "work_hours.days")]
    [TestCase("""{"work_hours.days":[1.5]}""", "work_hours.days")]
    [TestCase("""{"costs.currency":"usd"}""", "costs.currency")]
    [TestCase("""{"costs.currency":"US"}""", "costs.currency")]
    [TestCase("""{"costs.currency":"USDX"}""", "costs.currency")]
    [TestCase("""{"costs.currency":"ÜSD"}""", "costs.currency")]
    [TestCase("""{"costs.default_hourly_cost":-0.01}""", "costs.default_hourly_cost")]
    [TestCase("""{"costs.default_hourly_cost":"50"}""", "costs.default_hourly_cost")]
    [TestCase("""{"costs.currency":"EUR","costs.currency":"GBP"}""", "costs.currency")]
    [TestCase("[]", "body")]
    [TestCase("null", "body")]
    public void Validate_BadValue_NamesTheKey(string json, string key) => Assert.That(Failures(json), Is.EqualTo(new[] { key }));

    [Test]
    public void Validate_PatternLongerThanTheBound_IsRejected()
    {
        var pattern = new string('a', UpdateMetricSettings.MaxPatternLength + 1);
        Assert.That(Failures($$"""{"dora.failure_pr_pattern":"{{pattern}}"}"""), Is.EqualTo(new[] { "dora.failure_pr_pattern" }));
        Assert.That(Failures($$"""{"dora.failure_pr_pattern":"{{pattern[1..]}}"}"""), Is.Empty);
    }

    [TestCase("17:00", "09:00")]
    [TestCase("09:00", "09:00")]
    public void Validate_StartNotBeforeEnd_NamesBoth(string start, string end) =>
        Assert.That(Failures($$"""{"work_hours.start":"{{start}}","work_hours.end":"{{end}}"}"""), Is.EquivalentTo(new[] { "work_hours.start", "work_hours.end" }));

    [Test]
    public void Validate_ManyBadKeys_NamesEveryOne()
    {
        var failures = Failures("""{"a.b":1,"dora.cfr_attribution_window_hours":0,"costs.currency":"x","work_hours.days":[9]}""");
        Assert.That(failures, Is.EquivalentTo(new[] { "a.b", "dora.cfr_attribution_window_hours", "costs.currency", "work_hours.days" }));
    }

    [Test]
    public void Inconsistencies_MergedWorkDayEndingBeforeItStarts_NamesOnlyThePatchedKey()
    {
        var settings = MetricSettings.Defaults with { WorkHoursStart = new TimeOnly(18, 0) };
        Assert.That(MetricSettingKeys.Inconsistencies(settings, [MetricSettingKeys.WorkHoursStart]).Select(d => d.Field),
            Is.EqualTo(new[] { MetricSettingKeys.WorkHoursStart }));
        Assert.That(MetricSettingKeys.Inconsistencies(MetricSettings.Defaults, [MetricSettingKeys.WorkHoursStart]), Is.Empty);
    }

    [Test]
    public void Values_Defaults_IsThePlainObjectOfTheTable()
    {
        var json = JsonSerializer.Serialize(MetricSettingsView.Values(MetricSettings.Defaults));
        const string Expected = """
            {"dora.deployment_source":"deployments","dora.production_environments":["production"],"dora.cfr_attribution_window_hours":24,
            "dora.failure_pr_pattern":"^(hf|rb|rv)[\\s:/_-]|hotfix|rollback|revert","flow.exclude_types":["epic"],
            "meetings.large_meeting_min_attendees":8,"meetings.max_duration_hours":8,"meetings.focus_block_min_minutes":120,
            "work_hours.start":"09:00","work_hours.end":"17:00","work_hours.days":[1,2,3,4,5],"costs.currency":"USD","costs.default_hourly_cost":null}
            """;
        Assert.That(json, Is.EqualTo(Expected.ReplaceLineEndings("")));
    }

    [Test]
    public void Every_KeyOfTheTable_HasARule_AndAValue()
    {
        foreach (var key in MetricSettingKeys.All)
        {
            var value = MetricSettingKeys.ValueOf(MetricSettings.Defaults, key);
            Assert.That(UpdateMetricSettings.Validator.Problem(key, value), Is.Null, $"{key}: its own default must be valid");
        }
    }
}
