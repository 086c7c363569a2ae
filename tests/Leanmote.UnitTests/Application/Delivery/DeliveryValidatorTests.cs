using System.Text.Json;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Delivery;
using NUnit.Framework;

namespace Leanmote.UnitTests.Application.Delivery;

[TestFixture]
public sealed class DeliveryValidatorTests
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static readonly TimeProvider Clock = new FixedClock(DateTimeOffset.Parse("2026-02-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private static ReportDeployment.Command Deployment() => new(
        null, "repo_1", null, "production", "success", null, "abcdef1", "main", null, null, "team_1", "api",
        "2026-01-01T00:00:00Z", "2026-01-01T00:10:00Z", "github_actions", "run-1", QueryParameters.Empty);

    private static IEnumerable<string> Fields(FluentValidation.Results.ValidationResult result) => result.Errors.Select(e => e.PropertyName);

    [Test]
    public void ReportDeployment_ValidBody_Passes() =>
        Assert.That(new ReportDeployment.Validator(Clock).Validate(Deployment()).IsValid, Is.True);

    [Test]
    public void ReportDeployment_MinimalBody_Passes() =>
        Assert.That(new ReportDeployment.Validator(Clock).Validate(new ReportDeployment.Command(
            null, null, null, "prod", "in_progress", null, null, null, null, null, null, null, null, null, null, "x", QueryParameters.Empty)).IsValid, Is.True);

    public static IEnumerable<TestCaseData> BadDeployments()
    {
        var ok = Deployment();
        yield return new TestCaseData(ok with { Environment = null }, "Environment").SetName("environment missing");
        yield return new TestCaseData(ok with { Environment = " " }, "Environment").SetName("environment blank");
        yield return new TestCaseData(ok with { Environment = new string('e', 101) }, "Environment").SetName("environment too long");
        yield return new TestCaseData(ok with { Status = null }, "Status").SetName("status missing");
        yield return new TestCaseData(ok with { Status = "done" }, "Status").SetName("status unknown");
        yield return new TestCaseData(ok with { Status = "SUCCESS" }, "Status").SetName("status upper case");
        yield return new TestCaseData(ok with { ChangeType = "revert" }, "ChangeType").SetName("change_type unknown");
        yield return new TestCaseData(ok with { CommitSha = "xyz" }, "CommitSha").SetName("commit_sha not hex");
        yield return new TestCaseData(ok with { RepositoryId = "team_1" }, "RepositoryId").SetName("repository_id wrong prefix");
        yield return new TestCaseData(ok with { Repository = "acme/api" }, "Repository").SetName("repository with repository_id");
        yield return new TestCaseData(ok with { TeamId = "team_0" }, "TeamId").SetName("team_id zero");
        yield return new TestCaseData(ok with { PullRequestIds = ["pr_1", "repo_2"] }, "PullRequestIds").SetName("pull_request_ids wrong prefix");
        yield return new TestCaseData(ok with { PullRequestIds = ["pr_1"], PullRequestNumbers = [1] }, "PullRequestIds").SetName("ids and numbers together");
        yield return new TestCaseData(ok with { PullRequestNumbers = [0] }, "PullRequestNumbers").SetName("pull_request_numbers zero");
        yield return new TestCaseData(ok with { RepositoryId = null, PullRequestNumbers = [1] }, "PullRequestNumbers").SetName("numbers without repository");
        yield return new TestCaseData(ok with { PullRequestIds = [.. Enumerable.Range(1, 1001).Select(i => $"pr_{i}")] }, "PullRequestIds").SetName("too many pull requests");
        yield return new TestCaseData(ok with { StartedAt = "2026-01-01" }, "StartedAt").SetName("started_at date only");
        yield return new TestCaseData(ok with { StartedAt = "2026-01-01T00:00:00" }, "StartedAt").SetName("started_at without zone");
        yield return new TestCaseData(ok with { StartedAt = "yesterday" }, "StartedAt").SetName("started_at garbage");
        yield return new TestCaseData(ok with { FinishedAt = "2026-03-01T00:00:00Z" }, "FinishedAt").SetName("finished_at in the future");
        yield return new TestCaseData(ok with { FinishedAt = "2025-12-31T23:59:59Z" }, "FinishedAt").SetName("finished_at before started_at");
        yield return new TestCaseData(ok with { Status = "in_progress" }, "FinishedAt").SetName("finished_at while in progress");
        yield return new TestCaseData(ok with { Source = "git hub" }, "Source").SetName("source with a space");
        yield return new TestCaseData(ok with { ExternalId = null }, "ExternalId").SetName("external_id missing");
        yield return new TestCaseData(ok with { ExternalId = "a\u0001b" }, "ExternalId").SetName("external_id control character");
        yield return new TestCaseData(ok with { Service = "" }, "Service").SetName("service empty");
        yield return new TestCaseData(ok with { Ref = new string('r', 256) }, "Ref").SetName("ref too long");
    }

    [TestCaseSource(nameof(BadDeployments))]
    public void ReportDeployment_BadField_FailsOnThatFieldOnly(ReportDeployment.Command command, string field) =>
        Assert.That(Fields(new ReportDeployment.Validator(Clock).Validate(command)).Distinct(), Is.EqualTo(new[] { field }));

    [TestCase("2026-01-01T00:00:00+01:00")]
    [TestCase("2026-01-01T00:00:00.123456Z")]
    [TestCase("2026-01-30T23:59:59-05:00")]
    public void ReportDeployment_TimestampsWithZones_Pass(string at) =>
        Assert.That(new ReportDeployment.Validator(Clock).Validate(Deployment() with { StartedAt = at, FinishedAt = null }).IsValid, Is.True);

    private static ReportIncident.Command Incident() => new(
        "org_1", "team_1", "repo_1", "dep_1", "api", "API down", "sev1", null,
        "2026-01-01T00:00:00Z", "2026-01-01T00:05:00Z", null, "pagerduty", "P123", QueryParameters.Empty);

    [Test]
    public void ReportIncident_ValidBody_Passes() =>
        Assert.That(new ReportIncident.Validator(Clock).Validate(Incident()).IsValid, Is.True);

    public static IEnumerable<TestCaseData> BadIncidents()
    {
        var ok = Incident();
        yield return new TestCaseData(ok with { Title = null }, "Title").SetName("title missing");
        yield return new TestCaseData(ok with { StartedAt = null }, "StartedAt").SetName("started_at missing");
        yield return new TestCaseData(ok with { ResolvedAt = "2025-12-31T00:00:00Z" }, "ResolvedAt").SetName("resolved_at before started_at");
        yield return new TestCaseData(ok with { Status = "closed" }, "Status").SetName("status unknown");
        yield return new TestCaseData(ok with { Status = "open", ResolvedAt = "2026-01-02T00:00:00Z" }, "Status").SetName("open with resolved_at");
        yield return new TestCaseData(ok with { DeploymentId = "inc_1" }, "DeploymentId").SetName("deployment_id wrong prefix");
        yield return new TestCaseData(ok with { DetectedAt = "soon" }, "DetectedAt").SetName("detected_at garbage");
        yield return new TestCaseData(ok with { ExternalId = "" }, "ExternalId").SetName("external_id empty");
        yield return new TestCaseData(ok with { Severity = new string('s', 51) }, "Severity").SetName("severity too long");
    }

    [TestCaseSource(nameof(BadIncidents))]
    public void ReportIncident_BadField_FailsOnThatFieldOnly(ReportIncident.Command command, string field) =>
        Assert.That(Fields(new ReportIncident.Validator(Clock).Validate(command)).Distinct(), Is.EqualTo(new[] { field }));

    private static UpdateIncident.Command Patch(string json)
    {
        var body = JsonDocument.Parse(json).RootElement;
        JsonElement Member(string name) => body.TryGetProperty(name, out var value) ? value.Clone() : default;
        return new UpdateIncident.Command("inc_1", Member("status"), Member("resolved_at"), Member("severity"), Member("deployment_id"), Member("title"), QueryParameters.Empty);
    }

    [TestCase("{}")]
    [TestCase("""{"status":"resolved"}""")]
    [TestCase("""{"status":"open","resolved_at":null}""")]
    [TestCase("""{"resolved_at":"2026-01-01T00:00:00Z","severity":null,"deployment_id":null}""")]
    [TestCase("""{"deployment_id":"dep_4","title":"New title","severity":"sev2"}""")]
    public void UpdateIncident_ValidPatch_Passes(string json) =>
        Assert.That(new UpdateIncident.Validator(Clock).Validate(Patch(json)).IsValid, Is.True);

    [TestCase("""{"status":null}""", "Status")]
    [TestCase("""{"status":"closed"}""", "Status")]
    [TestCase("""{"status":1}""", "Status")]
    [TestCase("""{"status":"open","resolved_at":"2026-01-01T00:00:00Z"}""", "Status")]
    [TestCase("""{"status":"resolved","resolved_at":null}""", "Status")]
    [TestCase("""{"resolved_at":"2026-01-01"}""", "ResolvedAt")]
    [TestCase("""{"resolved_at":"2027-01-01T00:00:00Z"}""", "ResolvedAt")]
    [TestCase("""{"resolved_at":5}""", "ResolvedAt")]
    [TestCase("""{"severity":""}""", "Severity")]
    [TestCase("""{"deployment_id":"inc_4"}""", "DeploymentId")]
    [TestCase("""{"title":null}""", "Title")]
    [TestCase("""{"title":""}""", "Title")]
    public void UpdateIncident_BadPatch_FailsOnThatField(string json, string field) =>
        Assert.That(Fields(new UpdateIncident.Validator(Clock).Validate(Patch(json))).Distinct(), Is.EqualTo(new[] { field }));
}
