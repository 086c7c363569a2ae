using System.Text.Json;
using Leanmote.Application.Metrics.Settings;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Metrics;
using Leanmote.IntegrationTests.DeliverySupport;
using NUnit.Framework;

namespace Leanmote.IntegrationTests.Infrastructure.Settings;

/// <summary>MetricSettingsStore against PostgreSQL: tenant isolation, the audit rows, and patches racing each other.</summary>
[TestFixture]
public sealed class MetricSettingsStoreTests : DeliveryDatabaseTest
{
    private static readonly DateTimeOffset Now = At("2026-03-01T10:00:00Z");
    private static readonly OrganizationId Org1 = new(1);
    private static readonly OrganizationId Org2 = new(2);
    private MetricSettingsStore _store = null!;
    private UserId _admin;

    [SetUp]
    public async Task SeedAsync()
    {
        _store = new MetricSettingsStore(Db, Retry);
        await OrganizationAsync(1);
        await OrganizationAsync(2);
        _admin = new UserId(await ScalarAsync<long>("INSERT INTO users (name, email) VALUES ('Admin', 'admin@example.com') RETURNING id"));
    }

    private static MetricSettingChange Set(string key, string json)
    {
        using var document = JsonDocument.Parse(json);
        return new MetricSettingChange(key, document.RootElement.Clone());
    }

    private static string Value(MetricSettingsView view, string key) => view.Settings.Single(s => s.Key == key).Value.GetRawText();

    [Test]
    public async Task Update_OneOrganization_LeavesTheOtherAtItsDefaults()
    {
        var updated = await _store.UpdateAsync(Org1, [Set(MetricSettingKeys.Currency, "\"EUR\"")], _admin, Now, CancellationToken.None);
        Assert.That(updated.IsSuccess, Is.True);

        var other = await _store.GetAsync(Org2, CancellationToken.None);
        Assert.That(other.Settings.Select(s => s.Source), Is.All.EqualTo(MetricSettingKeys.DefaultSource));
        Assert.That(Value(other, MetricSettingKeys.Currency), Is.EqualTo("\"USD\""));
        var (rows, total) = await _store.ListChangesAsync(Org2, Options(ListMetricSettingsAudit.Query.Spec), CancellationToken.None);
        Assert.That((rows.Count, total), Is.EqualTo((0, 0L)));
        var (own, ownTotal) = await _store.ListChangesAsync(Org1, Options(ListMetricSettingsAudit.Query.Spec), CancellationToken.None);
        Assert.That(ownTotal, Is.EqualTo(1L));
        Assert.That((own[0].Key, own[0].OldValue.GetString(), own[0].NewValue.GetString(), own[0].ChangedBy, own[0].ChangedAt),
            Is.EqualTo((MetricSettingKeys.Currency, "USD", "EUR", _admin, Now)));
    }

    [Test]
    public async Task Update_StoredValue_IsReadBackByTheMetricsReader()
    {
        await _store.UpdateAsync(Org1, [Set(MetricSettingKeys.WorkHoursDays, "[6,7]"), Set(MetricSettingKeys.DefaultHourlyCost, "80.25")], _admin, Now, CancellationToken.None);

        var settings = await new MetricSettingsReader(Db, Retry).ReadAsync(Org1.Value, CancellationToken.None);
        Assert.That(settings.WorkHoursDays, Is.EqualTo(new[] { 6, 7 }));
        Assert.That(settings.DefaultHourlyCost, Is.EqualTo(80.25m));
    }

    [Test]
    public async Task Update_RacingPatchesOfStartAndEnd_NeverStoreAWorkDayThatEndsBeforeItStarts()
    {
        for (var round = 0; round < 10; round++)
        {
            await ExecAsync("DELETE FROM metric_settings_audit; DELETE FROM organization_metric_settings;");
            // each is valid against the defaults (09:00–17:00); both together would make 12:00–11:00
            var later = _store.UpdateAsync(Org1, [Set(MetricSettingKeys.WorkHoursStart, "\"12:00\"")], _admin, Now, CancellationToken.None);
            var earlier = _store.UpdateAsync(Org1, [Set(MetricSettingKeys.WorkHoursEnd, "\"11:00\"")], _admin, Now, CancellationToken.None);
            var results = await Task.WhenAll(later, earlier);

            Assert.That(results.Count(r => r.IsSuccess), Is.EqualTo(1), $"round {round}: exactly one patch wins");
            var settings = await new MetricSettingsReader(Db, Retry).ReadAsync(Org1.Value, CancellationToken.None);
            Assert.That(settings.WorkHoursStart, Is.LessThan(settings.WorkHoursEnd), $"round {round}");
            Assert.That(await ScalarAsync<long>("SELECT count(*) FROM metric_settings_audit"), Is.EqualTo(1L), $"round {round}: only the winner is audited");
        }
    }
}
