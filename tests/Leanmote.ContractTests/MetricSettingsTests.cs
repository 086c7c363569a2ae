using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests;

/// <summary>
/// metrics.md §9.1 over HTTP: the effective settings of an organization, the merge patch with its validation, its
/// idempotent replay and its audit trail. In-process: Acme's and Globex's settings are wiped before each test.
/// </summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class MetricSettingsTests : ContractTest
{
    private static readonly string[] Keys =
    [
        "dora.deployment_source", "dora.production_environments", "dora.cfr_attribution_window_hours", "dora.failure_pr_pattern",
        "flow.exclude_types", "meetings.large_meeting_min_attendees", "meetings.max_duration_hours", "meetings.focus_block_min_minutes",
        "work_hours.start", "work_hours.end", "work_hours.days", "costs.currency", "costs.default_hourly_cost",
    ];

    private readonly string _idempotencyKey = "metric-settings-" + Guid.NewGuid().ToString("N");

    private static string SettingsPath => $"/v1/organizations/{Data.Acme.PublicId}/metric-settings";

    private static string AuditPath => SettingsPath + "/audit";

    [SetUp]
    [TearDown]
    public async Task WipeSettingsAsync()
    {
        if (!Target.IsInProcess) return;
        await Target.Host!.SqlAsync("""
            DELETE FROM metric_settings_audit WHERE organization_id = ANY(@orgs);
            DELETE FROM organization_metric_settings WHERE organization_id = ANY(@orgs);
            DELETE FROM idempotency_keys WHERE key = @key;
            """, ("orgs", new[] { Data.Acme.Id, Data.Globex.Id }), ("key", _idempotencyKey));
    }

    private static Task<ApiResponse> PatchAsync(string token, string json, string mediaType = "application/json", string? idempotencyKey = null, string? path = null) =>
        Api.SendAsync(HttpMethod.Patch, path ?? SettingsPath, token, new StringContent(json, Encoding.UTF8, mediaType),
            idempotencyKey is null ? null : request => request.Headers.Add("Idempotency-Key", idempotencyKey));

    private static Dictionary<string, JsonElement> ByKey(JsonElement data) =>
        data.GetProperty("settings").EnumerateArray().ToDictionary(s => s.GetProperty("key").GetString()!, s => s);

    private static string Raw(JsonElement setting, string member) => setting.GetProperty(member).GetRawText();

    [Test]
    public async Task Get_NothingStored_AnswersEveryKeyInTableOrderWithItsDefault()
    {
        var data = EnvelopeAssert.Single(await Api.GetAsync(SettingsPath, Data.CarolToken));

        Assert.That(EnvelopeAssert.Names(data), Is.EqualTo(new[] { "organization_id", "settings" }).AsCollection);
        Assert.That(data.GetProperty("organization_id").GetString(), Is.EqualTo(Data.Acme.PublicId));
        var settings = data.GetProperty("settings").EnumerateArray().ToList();
        Assert.That(settings.Select(s => s.GetProperty("key").GetString()), Is.EqualTo(Keys).AsCollection);
        foreach (var setting in settings)
        {
            Assert.That(EnvelopeAssert.Names(setting), Is.EqualTo(new[] { "key", "value", "default", "source" }).AsCollection);
            Assert.That(setting.GetProperty("source").GetString(), Is.EqualTo("default"), setting.ToString());
            Assert.That(Raw(setting, "value"), Is.EqualTo(Raw(setting, "default")), setting.ToString());
        }
        var byKey = ByKey(data);
        Assert.Multiple(() =>
        {
            Assert.That(Raw(byKey["dora.deployment_source"], "value"), Is.EqualTo("\"deployments\""));
            Assert.That(Raw(byKey["dora.production_environments"], "value"), Is.EqualTo("[\"production\"]"));
            Assert.That(Raw(byKey["dora.cfr_attribution_window_hours"], "value"), Is.EqualTo("24"));
            Assert.That(byKey["dora.failure_pr_pattern"].GetProperty("value").GetString(), Is.EqualTo(@"^(hf|rb|rv)[\s:/_-]|hotfix|rollback|revert"));
            Assert.That(Raw(byKey["flow.exclude_types"], "value"), Is.EqualTo("[\"epic\"]"));
            Assert.That(Raw(byKey["meetings.large_meeting_min_attendees"], "value"), Is.EqualTo("8"));
            Assert.That(Raw(byKey["meetings.max_duration_hours"], "value"), Is.EqualTo("8"));
            Assert.That(Raw(byKey["meetings.focus_block_min_minutes"], "value"), Is.EqualTo("120"));
            Assert.That(Raw(byKey["work_hours.start"], "value"), Is.EqualTo("\"09:00\""));
            Assert.That(Raw(byKey["work_hours.end"], "value"), Is.EqualTo("\"17:00\""));
            Assert.That(Raw(byKey["work_hours.days"], "value"), Is.EqualTo("[1,2,3,4,5]"));
            Assert.That(Raw(byKey["costs.currency"], "value"), Is.EqualTo("\"USD\""));
            Assert.That(Raw(byKey["costs.default_hourly_cost"], "value"), Is.EqualTo("null"));
        });
    }

    [Test]
    public async Task Get_AnotherOrganization_Is403()
    {
        EnvelopeAssert.Error(await Api.GetAsync(SettingsPath, Data.GinaToken), 403, "FORBIDDEN");
        EnvelopeAssert.Error(await Api.GetAsync(SettingsPath, Data.ZedToken), 403, "FORBIDDEN");
    }

    [Test]
    public async Task Patch_EveryKeyType_IsStoredAndAnsweredWithTheFullView()
    {
        var response = await PatchAsync(Data.AliceToken, """
            {
              "dora.deployment_source": "pull_requests",
              "dora.production_environments": ["prod", "prod-eu"],
              "dora.cfr_attribution_window_hours": 48,
              "dora.failure_pr_pattern": "^fix/|incident",
              "flow.exclude_types": ["epic", "subtask"],
              "meetings.large_meeting_min_attendees": 2,
              "meetings.max_duration_hours": 4.5,
              "meetings.focus_block_min_minutes": 90,
              "work_hours.start": "08:30",
              "work_hours.end": "16:45",
              "work_hours.days": [1, 2, 3, 4],
              "costs.currency": "EUR",
              "costs.default_hourly_cost": 72.5
            }
            """);

        var byKey = ByKey(EnvelopeAssert.Single(response));
        Assert.That(byKey.Keys, Is.EqualTo(Keys).AsCollection);
        Assert.Multiple(() =>
        {
            foreach (var setting in byKey.Values) Assert.That(setting.GetProperty("source").GetString(), Is.EqualTo("organization"), setting.ToString());
            Assert.That(Raw(byKey["dora.deployment_source"], "value"), Is.EqualTo("\"pull_requests\""));
            Assert.That(Raw(byKey["dora.deployment_source"], "default"), Is.EqualTo("\"deployments\""));
            Assert.That(Raw(byKey["dora.production_environments"], "value"), Is.EqualTo("[\"prod\",\"prod-eu\"]"));
            Assert.That(Raw(byKey["dora.cfr_attribution_window_hours"], "value"), Is.EqualTo("48"));
            Assert.That(Raw(byKey["dora.failure_pr_pattern"], "value"), Is.EqualTo("\"^fix/|incident\""));
            Assert.That(Raw(byKey["flow.exclude_types"], "value"), Is.EqualTo("[\"epic\",\"subtask\"]"));
            Assert.That(Raw(byKey["meetings.large_meeting_min_attendees"], "value"), Is.EqualTo("2"));
            Assert.That(Raw(byKey["meetings.max_duration_hours"], "value"), Is.EqualTo("4.5"));
            Assert.That(Raw(byKey["meetings.focus_block_min_minutes"], "value"), Is.EqualTo("90"));
            Assert.That(Raw(byKey["work_hours.start"], "value"), Is.EqualTo("\"08:30\""));
            Assert.That(Raw(byKey["work_hours.end"], "value"), Is.EqualTo("\"16:45\""));
            Assert.That(Raw(byKey["work_hours.days"], "value"), Is.EqualTo("[1,2,3,4]"));
            Assert.That(Raw(byKey["costs.currency"], "value"), Is.EqualTo("\"EUR\""));
            Assert.That(Raw(byKey["costs.default_hourly_cost"], "value"), Is.EqualTo("72.5"));
        });

        var again = ByKey(EnvelopeAssert.Single(await Api.GetAsync(SettingsPath, Data.CarolToken)));
        Assert.That(again.Values.Select(s => s.GetRawText()), Is.EqualTo(byKey.Values.Select(s => s.GetRawText())).AsCollection, "GET answers what PATCH answered");
        var writer = await Target.Host!.SqlAsync(
            "SELECT count(*) FROM organization_metric_settings WHERE organization_id = @o AND updated_by = @u AND updated_at > now() - interval '1 minute'",
            ("o", Data.Acme.Id), ("u", Data.Alice.Id));
        Assert.That(writer, Is.EqualTo((long)Keys.Length), "updated_by and updated_at of every stored row");
    }

    [Test]
    public async Task Patch_MergePatchMediaType_IsAccepted_AndLeavesAbsentKeysAlone()
    {
        EnvelopeAssert.Single(await PatchAsync(Data.AliceToken, """{"costs.currency":"GBP"}"""));
        var byKey = ByKey(EnvelopeAssert.Single(await PatchAsync(Data.AliceToken, """{"work_hours.days":[7,1]}""", "application/merge-patch+json")));

        Assert.That(Raw(byKey["costs.currency"], "value"), Is.EqualTo("\"GBP\""), "an absent key keeps its value");
        Assert.That(Raw(byKey["work_hours.days"], "value"), Is.EqualTo("[7,1]"));
        Assert.That(byKey["dora.deployment_source"].GetProperty("source").GetString(), Is.EqualTo("default"));
    }

    [Test]
    public async Task Patch_Null_ResetsTheKeyToItsDefault()
    {
        EnvelopeAssert.Single(await PatchAsync(Data.AliceToken, """{"dora.cfr_attribution_window_hours":72,"costs.default_hourly_cost":50}"""));
        var byKey = ByKey(EnvelopeAssert.Single(await PatchAsync(Data.AliceToken, """{"dora.cfr_attribution_window_hours":null,"costs.default_hourly_cost":null}""")));

        Assert.That(Raw(byKey["dora.cfr_attribution_window_hours"], "value"), Is.EqualTo("24"));
        Assert.That(byKey["dora.cfr_attribution_window_hours"].GetProperty("source").GetString(), Is.EqualTo("default"));
        Assert.That(Raw(byKey["costs.default_hourly_cost"], "value"), Is.EqualTo("null"));
        Assert.That(byKey["costs.default_hourly_cost"].GetProperty("source").GetString(), Is.EqualTo("default"));
        var rows = await Target.Host!.SqlAsync("SELECT count(*) FROM organization_metric_settings WHERE organization_id = @o", ("o", Data.Acme.Id));
        Assert.That(rows, Is.EqualTo(0L), "a reset removes the stored row");
    }

    [Test]
    public async Task Patch_EveryInvalidKey_IsNamedInOneValidationError_AndNothingIsStored()
    {
        var response = await PatchAsync(Data.AliceToken, """
            {
              "dora.unknown": 1,
              "dora.deployment_source": "builds",
              "dora.production_environments": [],
              "dora.cfr_attribution_window_hours": 721,
              "dora.failure_pr_pattern": "(?<=fix)x",
              "flow.exclude_types": ["epic", ""],
              "meetings.large_meeting_min_attendees": 1,
              "meetings.max_duration_hours": "8",
              "meetings.focus_block_min_minutes": 12.5,
              "work_hours.start": "9:00",
              "work_hours.end": "24:00",
              "work_hours.days": [1, 1, 8],
              "costs.currency": "usd",
              "costs.default_hourly_cost": -1
            }
            """);

        var error = EnvelopeAssert.Error(response, 400, "VALIDATION_ERROR");
        var fields = error.GetProperty("details").EnumerateArray().Select(d => d.GetProperty("field").GetString()).ToList();
        Assert.That(fields, Is.EquivalentTo(Keys.Append("dora.unknown")), response.Body);
        var rows = await Target.Host!.SqlAsync("SELECT count(*) FROM organization_metric_settings WHERE organization_id = @o", ("o", Data.Acme.Id));
        Assert.That(rows, Is.EqualTo(0L));
    }

    [TestCase("""{"work_hours.start":"17:00","work_hours.end":"09:00"}""", new[] { "work_hours.start", "work_hours.end" })]
    [TestCase("""{"work_hours.start":"18:00"}""", new[] { "work_hours.start" })]
    [TestCase("""{"work_hours.end":"09:00"}""", new[] { "work_hours.end" })]
    public async Task Patch_WorkDayEndingBeforeItStarts_NamesThePatchedKeys(string body, string[] expected)
    {
        var error = EnvelopeAssert.Error(await PatchAsync(Data.AliceToken, body), 400, "VALIDATION_ERROR");

        var fields = error.GetProperty("details").EnumerateArray().Select(d => d.GetProperty("field").GetString()).ToList();
        Assert.That(fields, Is.EquivalentTo(expected));
    }

    [Test]
    public async Task Patch_ResetOfTheEnd_IsCheckedAgainstTheStoredStart()
    {
        EnvelopeAssert.Single(await PatchAsync(Data.AliceToken, """{"work_hours.start":"18:00","work_hours.end":"22:00"}"""));

        EnvelopeAssert.Validation(await PatchAsync(Data.AliceToken, """{"work_hours.end":null}"""), "work_hours.end");
    }

    [TestCase("[]")]
    [TestCase("\"x\"")]
    [TestCase("null")]
    public async Task Patch_BodyThatIsNotAnObject_Is400(string body)
    {
        EnvelopeAssert.Validation(await PatchAsync(Data.AliceToken, body), "body");
    }

    [Test]
    public async Task Patch_NotJson_Is415()
    {
        EnvelopeAssert.Error(await PatchAsync(Data.AliceToken, "costs.currency=EUR", "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Test]
    public async Task Patch_AsManagerCollaboratorOrAnotherOrganization_Is403_AndChangesNothing()
    {
        const string Body = """{"costs.currency":"EUR"}""";
        EnvelopeAssert.Error(await PatchAsync(Data.BobToken, Body), 403, "FORBIDDEN");
        EnvelopeAssert.Error(await PatchAsync(Data.CarolToken, Body), 403, "FORBIDDEN");
        EnvelopeAssert.Error(await PatchAsync(Data.GinaToken, Body), 403, "FORBIDDEN");
        EnvelopeAssert.Error(await PatchAsync(Data.AliceToken, Body, path: $"/v1/organizations/{Data.Globex.PublicId}/metric-settings"), 403, "FORBIDDEN");

        var rows = await Target.Host!.SqlAsync("SELECT count(*) FROM organization_metric_settings WHERE organization_id = ANY(@o)",
            ("o", new[] { Data.Acme.Id, Data.Globex.Id }));
        Assert.That(rows, Is.EqualTo(0L));
    }

    [Test]
    public async Task Patch_SameIdempotencyKey_ReplaysTheStoredAnswer_AndAnotherBodyIs409()
    {
        var first = await PatchAsync(Data.AliceToken, """{"meetings.focus_block_min_minutes":60}""", idempotencyKey: _idempotencyKey);
        EnvelopeAssert.Single(first);
        // a change in between: a replay answers what the first request answered, and does not write again
        EnvelopeAssert.Single(await PatchAsync(Data.AliceToken, """{"meetings.focus_block_min_minutes":75}"""));
        var replay = await PatchAsync(Data.AliceToken, """{"meetings.focus_block_min_minutes":60}""", idempotencyKey: _idempotencyKey);

        Assert.That(replay.StatusCode, Is.EqualTo(200), replay.ToString());
        Assert.That(replay.Json.GetProperty("data").GetRawText(), Is.EqualTo(first.Json.GetProperty("data").GetRawText()));
        var audit = await Target.Host!.SqlAsync("SELECT count(*) FROM metric_settings_audit WHERE organization_id = @o", ("o", Data.Acme.Id));
        Assert.That(audit, Is.EqualTo(2L), "the replay wrote no audit row");
        var current = ByKey(EnvelopeAssert.Single(await Api.GetAsync(SettingsPath, Data.AliceToken)));
        Assert.That(Raw(current["meetings.focus_block_min_minutes"], "value"), Is.EqualTo("75"), "the replay changed nothing");

        EnvelopeAssert.Error(await PatchAsync(Data.AliceToken, """{"meetings.focus_block_min_minutes":61}""", idempotencyKey: _idempotencyKey), 409, "CONFLICT");
    }

    [Test]
    public async Task Audit_RecordsWhoWhenKeyOldAndNew_NewestFirst_AndOnlyRealChanges()
    {
        EnvelopeAssert.Single(await PatchAsync(Data.AliceToken, """{"costs.currency":"EUR","dora.cfr_attribution_window_hours":24}"""));
        EnvelopeAssert.Single(await PatchAsync(Data.AliceToken, """{"costs.currency":"EUR"}"""));   // no change: no row
        EnvelopeAssert.Single(await PatchAsync(Data.AliceToken, """{"costs.currency":null}"""));

        var response = await Api.GetAsync(AuditPath, Data.AliceToken);
        var rows = EnvelopeAssert.List(response);
        Assert.That(rows.Select(r => r.GetProperty("key").GetString()),
            Is.EqualTo(new[] { "costs.currency", "dora.cfr_attribution_window_hours", "costs.currency" }).AsCollection, response.Body);
        var reset = rows[0];
        Assert.That(EnvelopeAssert.Names(reset), Is.EqualTo(new[]
            { "id", "organization_id", "key", "old_value", "old_source", "new_value", "new_source", "changed_by", "changed_at" }).AsCollection);
        Assert.Multiple(() =>
        {
            Assert.That(reset.GetProperty("id").GetString(), Does.Match("^msc_[1-9][0-9]*$"));
            Assert.That(reset.GetProperty("organization_id").GetString(), Is.EqualTo(Data.Acme.PublicId));
            Assert.That(reset.GetProperty("old_value").GetString(), Is.EqualTo("EUR"));
            Assert.That(reset.GetProperty("old_source").GetString(), Is.EqualTo("organization"));
            Assert.That(reset.GetProperty("new_value").GetString(), Is.EqualTo("USD"));
            Assert.That(reset.GetProperty("new_source").GetString(), Is.EqualTo("default"));
            Assert.That(reset.GetProperty("changed_by").GetString(), Is.EqualTo(Data.Alice.PublicId));
            Assert.That(DateTimeOffset.Parse(reset.GetProperty("changed_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
        });
        // setting the default explicitly is a change of source: audited with the same value on both sides
        var window = rows.Single(r => r.GetProperty("key").GetString() == "dora.cfr_attribution_window_hours");
        Assert.That(Raw(window, "old_value"), Is.EqualTo("24"));
        Assert.That(window.GetProperty("old_source").GetString(), Is.EqualTo("default"));
        Assert.That(Raw(window, "new_value"), Is.EqualTo("24"));
        Assert.That(window.GetProperty("new_source").GetString(), Is.EqualTo("organization"));
    }

    [Test]
    public async Task Audit_PagesSortsAndFilters_WithTheListMachinery()
    {
        EnvelopeAssert.Single(await PatchAsync(Data.AliceToken, """{"meetings.focus_block_min_minutes":60}"""));
        EnvelopeAssert.Single(await PatchAsync(Data.AliceToken, """{"meetings.focus_block_min_minutes":70}"""));
        EnvelopeAssert.Single(await PatchAsync(Data.AliceToken, """{"costs.currency":"JPY"}"""));

        var first = await Api.GetAsync(AuditPath + "?per_page=2&sort=changed_at&order=asc", Data.AliceToken);
        var page = EnvelopeAssert.List(first);
        var meta = EnvelopeAssert.Meta(first);
        Assert.That((meta.Total, meta.TotalPages, meta.Sort, meta.Order), Is.EqualTo((3L, 2L, "changed_at", "asc")));
        Assert.That(page.Select(r => Raw(r, "new_value")), Is.EqualTo(new[] { "60", "70" }).AsCollection);
        var second = EnvelopeAssert.List(await Api.GetAsync(AuditPath + "?per_page=2&page=2&sort=changed_at&order=asc", Data.AliceToken));
        Assert.That(second.Select(r => Raw(r, "new_value")), Is.EqualTo(new[] { "\"JPY\"" }).AsCollection);

        var filtered = EnvelopeAssert.List(await Api.GetAsync(AuditPath + "?key=costs.currency", Data.AliceToken));
        Assert.That(filtered.Select(r => r.GetProperty("key").GetString()), Is.EqualTo(new[] { "costs.currency" }).AsCollection);
        EnvelopeAssert.Validation(await Api.GetAsync(AuditPath + "?sort=key", Data.AliceToken), "sort");
    }

    [Test]
    public async Task Audit_AsManagerOrCollaborator_Is403()
    {
        EnvelopeAssert.Error(await Api.GetAsync(AuditPath, Data.BobToken), 403, "FORBIDDEN");
        EnvelopeAssert.Error(await Api.GetAsync(AuditPath, Data.CarolToken), 403, "FORBIDDEN");
        EnvelopeAssert.Error(await Api.GetAsync(AuditPath, Data.GinaToken), 403, "FORBIDDEN");
    }

    [Test]
    public async Task Patch_Unauthenticated_Is401()
    {
        var response = await Api.SendAsync(HttpMethod.Patch, SettingsPath, null,
            new StringContent("{}", new MediaTypeHeaderValue("application/json")));
        EnvelopeAssert.Error(response, 401, "UNAUTHORIZED");
    }
}
