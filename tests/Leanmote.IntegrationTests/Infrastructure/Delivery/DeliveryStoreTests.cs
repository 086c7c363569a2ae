using Leanmote.Application.Common.Results;
using Leanmote.Application.Delivery;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Delivery;
using Leanmote.IntegrationTests.DeliverySupport;
using NUnit.Framework;

namespace Leanmote.IntegrationTests.Infrastructure.Delivery;

[TestFixture]
public sealed class DeliveryStoreTests : DeliveryDatabaseTest
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-02-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private DeliveryStore _store = null!;

    [SetUp]
    public async Task SeedAsync()
    {
        _store = new DeliveryStore(Db, Retry);
        await OrganizationAsync(1);
        await OrganizationAsync(2);
    }

    private static DeploymentReport Report(string externalId = "run-1", string status = "success", DateTimeOffset? finishedAt = null,
        RepositoryId? repository = null, string? fullName = null, IReadOnlyList<PullRequestId>? ids = null, IReadOnlyList<int>? numbers = null,
        string environment = "production", TeamId? team = null, long organization = 1) =>
        new(new OrganizationId(organization), repository, fullName, team, null, environment, status, "normal", null, null, ids, numbers,
            null, finishedAt, "api", externalId);

    private async Task<Upserted<DeploymentView>> UpsertAsync(DeploymentReport report)
    {
        var result = await _store.UpsertDeploymentAsync(report, Now, CancellationToken.None);
        Assert.That(result.IsSuccess, Is.True, () => result.Error!.Message);
        return result.Value;
    }

    [Test]
    public async Task UpsertDeployment_SameBodyTwice_OneRowInsertedThenUpdated()
    {
        var report = Report(finishedAt: At("2026-01-06T00:00:00Z"), repository: new RepositoryId(10));
        var first = await UpsertAsync(report);
        var second = await UpsertAsync(report);

        Assert.Multiple(async () =>
        {
            Assert.That(first.Inserted, Is.True);
            Assert.That(second.Inserted, Is.False);
            Assert.That(second.Resource, Is.EqualTo(first.Resource).Using<DeploymentView>(Same));
            Assert.That(await ScalarAsync<long>("SELECT count(*) FROM deployments"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task UpsertDeployment_ChangedBody_UpdatesTheRow()
    {
        var first = await UpsertAsync(Report(status: "in_progress"));
        var second = await UpsertAsync(Report(status: "failure", finishedAt: At("2026-01-06T00:00:00Z")) with { Service = "api", ChangeType = "hotfix" });

        Assert.Multiple(() =>
        {
            Assert.That(first.Resource.FinishedAt, Is.Null);
            Assert.That(second.Inserted, Is.False);
            Assert.That(second.Resource.Id, Is.EqualTo(first.Resource.Id));
            Assert.That(second.Resource.Status, Is.EqualTo("failure"));
            Assert.That(second.Resource.ChangeType, Is.EqualTo("hotfix"));
            Assert.That(second.Resource.Service, Is.EqualTo("api"));
            Assert.That(second.Resource.FinishedAt, Is.EqualTo(At("2026-01-06T00:00:00Z")));
            Assert.That(second.Resource.CreatedAt, Is.EqualTo(first.Resource.CreatedAt));
        });
    }

    [Test]
    public async Task UpsertDeployment_TerminalWithoutFinishedAt_FinishesNowOnceAndKeepsIt()
    {
        var first = await UpsertAsync(Report());
        var repeat = (await _store.UpsertDeploymentAsync(Report(), Now.AddHours(1), CancellationToken.None)).Value;
        Assert.That((first.Resource.FinishedAt, repeat.Resource.FinishedAt), Is.EqualTo((Now, (DateTimeOffset?)Now)));
    }

    [Test]
    public async Task UpsertDeployment_TenConcurrentReports_ExactlyOneRowAndOneInsert()
    {
        var report = Report(repository: new RepositoryId(10), finishedAt: At("2026-01-06T00:00:00Z"));
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => _store.UpsertDeploymentAsync(report, Now, CancellationToken.None))));

        Assert.Multiple(async () =>
        {
            Assert.That(results.All(r => r.IsSuccess), Is.True);
            Assert.That(results.Count(r => r.Value.Inserted), Is.EqualTo(1));
            Assert.That(results.Select(r => r.Value.Resource.Id).Distinct().Count(), Is.EqualTo(1));
            Assert.That(await ScalarAsync<long>("SELECT count(*) FROM deployments"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task UpsertDeployment_SameExternalIdInAnotherOrganizationOrSource_IsAnotherDeployment()
    {
        await UpsertAsync(Report());
        Assert.Multiple(async () =>
        {
            Assert.That((await UpsertAsync(Report(organization: 2))).Inserted, Is.True);
            Assert.That((await UpsertAsync(Report() with { Source = "gha" })).Inserted, Is.True);
        });
    }

    [Test]
    public async Task UpsertDeployment_WithoutPullRequests_LinksMergedSincePreviousSuccess()
    {
        await PullRequestAsync(1, 1, 10, 1, "merged", At("2026-01-01T00:00:00Z"));   // before the previous deployment
        await PullRequestAsync(2, 1, 10, 2, "merged", At("2026-01-03T00:00:00Z"));   // in range
        await PullRequestAsync(3, 1, 10, 3, "merged", At("2026-01-04T00:00:00Z"), baseBranch: "develop");
        await PullRequestAsync(4, 1, 10, 4, "open", null);
        await PullRequestAsync(5, 1, 10, 5, "merged", At("2026-01-09T00:00:00Z"));   // after this deployment
        await DeploymentAsync(100, 1, repository: 10, finishedAt: At("2026-01-02T00:00:00Z"));
        await DeploymentAsync(101, 1, repository: 10, status: "failure", finishedAt: At("2026-01-03T12:00:00Z"));
        await DeploymentAsync(102, 1, environment: "staging", repository: 10, finishedAt: At("2026-01-04T12:00:00Z"));

        var deployment = await UpsertAsync(Report(fullName: "acme-1/api", finishedAt: At("2026-01-05T00:00:00Z")));

        Assert.Multiple(() =>
        {
            Assert.That(deployment.Resource.PullRequestIds, Is.EqualTo(new[] { new PullRequestId(2) }));
            Assert.That(deployment.Resource.RepositoryId, Is.EqualTo(new RepositoryId(10)));
            Assert.That(deployment.Resource.TeamId, Is.EqualTo(new TeamId(10)), "the team defaults to the repository's");
        });
    }

    [Test]
    public async Task UpsertDeployment_ExplicitPullRequests_ReplaceTheLinks()
    {
        await PullRequestAsync(1, 1, 10, 1, "merged", At("2026-01-01T00:00:00Z"));
        await PullRequestAsync(2, 1, 10, 2, "merged", At("2026-01-03T00:00:00Z"));
        var byId = await UpsertAsync(Report(repository: new RepositoryId(10), ids: [new PullRequestId(1)]));
        var byNumber = await UpsertAsync(Report(repository: new RepositoryId(10), numbers: [2]));
        var none = await UpsertAsync(Report(repository: new RepositoryId(10), ids: []));

        Assert.Multiple(async () =>
        {
            Assert.That(byId.Resource.PullRequestIds, Is.EqualTo(new[] { new PullRequestId(1) }));
            Assert.That(byNumber.Resource.PullRequestIds, Is.EqualTo(new[] { new PullRequestId(2) }));
            Assert.That(none.Resource.PullRequestIds, Is.Empty);
            Assert.That(await ScalarAsync<long>("SELECT count(*) FROM deployment_pull_requests"), Is.EqualTo(0));
        });
    }

    [Test]
    public async Task UpsertDeployment_ReferencesOutsideTheOrganization_ValidationErrorsNamingFields()
    {
        await PullRequestAsync(9, 2, 20, 1, "merged", At("2026-01-01T00:00:00Z"));
        var result = await _store.UpsertDeploymentAsync(
            Report(repository: new RepositoryId(20), team: new TeamId(20), ids: [new PullRequestId(9)]), Now, CancellationToken.None);
        var byName = await _store.UpsertDeploymentAsync(Report(fullName: "acme-2/api"), Now, CancellationToken.None);
        var numbers = await _store.UpsertDeploymentAsync(Report(repository: new RepositoryId(10), numbers: [1, 2]), Now, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(result.Error?.Code, Is.EqualTo(ErrorCode.Validation));
            Assert.That(result.Error?.Details?.Select(d => d.Field), Is.EqualTo(new[] { "repository_id", "team_id", "pull_request_ids" }));
            Assert.That(byName.Error?.Details?.Single().Field, Is.EqualTo("repository"));
            Assert.That(numbers.Error?.Details?.Single().Message, Does.StartWith("1, 2 are not"));
            Assert.That(await ScalarAsync<long>("SELECT count(*) FROM deployments"), Is.EqualTo(0));
        });
    }

    private static IncidentReport Incident(string externalId = "pd-1", string? status = null, DateTimeOffset? resolvedAt = null, DeploymentId? deployment = null) =>
        new(new OrganizationId(1), null, null, deployment, "api", "API down", "sev1", status, At("2026-01-10T00:00:00Z"), null, resolvedAt, "pagerduty", externalId);

    [Test]
    public async Task UpsertIncident_InsertThenRepeatThenResolve()
    {
        await DeploymentAsync(5, 1);
        var first = (await _store.UpsertIncidentAsync(Incident(deployment: new DeploymentId(5)), Now, CancellationToken.None)).Value;
        var repeat = (await _store.UpsertIncidentAsync(Incident(deployment: new DeploymentId(5)), Now, CancellationToken.None)).Value;
        var resolved = (await _store.UpsertIncidentAsync(Incident(status: "resolved"), Now, CancellationToken.None)).Value;
        var later = (await _store.UpsertIncidentAsync(Incident(status: "resolved"), Now.AddDays(1), CancellationToken.None)).Value;

        Assert.Multiple(async () =>
        {
            Assert.That((first.Inserted, repeat.Inserted), Is.EqualTo((true, false)));
            Assert.That(first.Resource.Status, Is.EqualTo("open"));
            Assert.That(first.Resource.DeploymentId, Is.EqualTo(new DeploymentId(5)));
            Assert.That(resolved.Resource.Status, Is.EqualTo("resolved"));
            Assert.That(resolved.Resource.ResolvedAt, Is.EqualTo(Now));
            Assert.That(later.Resource.ResolvedAt, Is.EqualTo(Now), "a repeat keeps the first resolution time");
            Assert.That(await ScalarAsync<long>("SELECT count(*) FROM incidents"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task UpsertIncident_UnknownDeployment_ValidationError()
    {
        await DeploymentAsync(6, 2);
        var result = await _store.UpsertIncidentAsync(Incident(deployment: new DeploymentId(6)), Now, CancellationToken.None);
        Assert.That(result.Error?.Details?.Single().Field, Is.EqualTo("deployment_id"));
    }

    [Test]
    public async Task UpsertIncident_TenConcurrentReports_ExactlyOneInsert()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => _store.UpsertIncidentAsync(Incident(), Now, CancellationToken.None))));
        Assert.Multiple(async () =>
        {
            Assert.That(results.Count(r => r.Value.Inserted), Is.EqualTo(1));
            Assert.That(await ScalarAsync<long>("SELECT count(*) FROM incidents"), Is.EqualTo(1));
        });
    }

    private static IncidentPatch Patch(
        PatchField<string?> status = default, PatchField<DateTimeOffset?> resolvedAt = default, PatchField<string?> severity = default,
        PatchField<DeploymentId?> deployment = default, PatchField<string?> title = default) => new(status, resolvedAt, severity, deployment, title);

    [Test]
    public async Task PatchIncident_MergeSemantics()
    {
        await DeploymentAsync(5, 1);
        var id = (await _store.UpsertIncidentAsync(Incident(deployment: new DeploymentId(5)), Now, CancellationToken.None)).Value.Resource.Id;
        var org = new OrganizationId(1);

        var resolved = (await _store.PatchIncidentAsync(org, id, Patch(resolvedAt: PatchField<DateTimeOffset?>.Set(At("2026-01-10T05:00:00Z")), severity: PatchField<string?>.Set(null)), Now, CancellationToken.None)).Value;
        var renamed = (await _store.PatchIncidentAsync(org, id, Patch(title: PatchField<string?>.Set("DB down")), Now, CancellationToken.None)).Value;
        var reopened = (await _store.PatchIncidentAsync(org, id, Patch(status: PatchField<string?>.Set("open"), deployment: PatchField<DeploymentId?>.Set(null)), Now, CancellationToken.None)).Value;

        Assert.Multiple(() =>
        {
            Assert.That((resolved.Status, resolved.ResolvedAt, resolved.Severity), Is.EqualTo(("resolved", (DateTimeOffset?)At("2026-01-10T05:00:00Z"), (string?)null)));
            Assert.That(resolved.DeploymentId, Is.EqualTo(new DeploymentId(5)), "absent members stay");
            Assert.That((renamed.Title, renamed.Status, renamed.ResolvedAt), Is.EqualTo(("DB down", "resolved", (DateTimeOffset?)At("2026-01-10T05:00:00Z"))));
            Assert.That((reopened.Status, reopened.ResolvedAt, reopened.DeploymentId), Is.EqualTo(("open", (DateTimeOffset?)null, (DeploymentId?)null)));
        });
    }

    [Test]
    public async Task PatchIncident_ResolvedBeforeStartOrUnknownDeploymentOrOtherOrganization_Fails()
    {
        var id = (await _store.UpsertIncidentAsync(Incident(), Now, CancellationToken.None)).Value.Resource.Id;
        var early = await _store.PatchIncidentAsync(new OrganizationId(1), id, Patch(resolvedAt: PatchField<DateTimeOffset?>.Set(At("2026-01-09T00:00:00Z"))), Now, CancellationToken.None);
        var deployment = await _store.PatchIncidentAsync(new OrganizationId(1), id, Patch(deployment: PatchField<DeploymentId?>.Set(new DeploymentId(404))), Now, CancellationToken.None);
        var other = await _store.PatchIncidentAsync(new OrganizationId(2), id, Patch(title: PatchField<string?>.Set("x")), Now, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(early.Error?.Details?.Single().Field, Is.EqualTo("resolved_at"));
            Assert.That(deployment.Error?.Details?.Single().Field, Is.EqualTo("deployment_id"));
            Assert.That(other.Error?.Code, Is.EqualTo(ErrorCode.NotFound));
        });
    }

    private static bool Same(DeploymentView a, DeploymentView b) =>
        a with { PullRequestIds = [] } == b with { PullRequestIds = [] } && a.PullRequestIds.SequenceEqual(b.PullRequestIds);
}
