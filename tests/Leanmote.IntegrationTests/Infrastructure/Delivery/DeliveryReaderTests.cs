using Leanmote.Application.Delivery;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Delivery;
using Leanmote.IntegrationTests.DeliverySupport;
using NUnit.Framework;

namespace Leanmote.IntegrationTests.Infrastructure.Delivery;

[TestFixture]
public sealed class DeliveryReaderTests : DeliveryDatabaseTest
{
    private static readonly long[] Org1 = [1];
    private DeliveryReader _reader = null!;

    [SetUp]
    public async Task SeedAsync()
    {
        _reader = new DeliveryReader(Db, Retry);
        await OrganizationAsync(1);
        await OrganizationAsync(2);
    }

    private async Task<IReadOnlyList<long>> DeploymentIdsAsync(params (string, string)[] parameters)
    {
        var (rows, _) = await _reader.ListDeploymentsAsync(Org1, Options(ListDeployments.Query.Spec, parameters), CancellationToken.None);
        return [.. rows.Select(r => r.Id.Value)];
    }

    private async Task<IReadOnlyList<long>> IncidentIdsAsync(params (string, string)[] parameters)
    {
        var (rows, _) = await _reader.ListIncidentsAsync(Org1, Options(ListIncidents.Query.Spec, parameters), CancellationToken.None);
        return [.. rows.Select(r => r.Id.Value)];
    }

    [Test]
    public async Task ListDeployments_OtherOrganization_NeverAppears()
    {
        await DeploymentAsync(1, 1);
        await DeploymentAsync(2, 2);
        Assert.That(await DeploymentIdsAsync(), Is.EqualTo(new long[] { 1 }));
    }

    [Test]
    public async Task ListDeployments_EachEqualityFilter_SelectsItsRows()
    {
        await DeploymentAsync(1, 1, environment: "production", status: "success", changeType: "normal", repository: 10, team: 10, service: "api");
        await DeploymentAsync(2, 1, environment: "staging", status: "failure", changeType: "hotfix", service: "web");
        await DeploymentAsync(3, 1, environment: "staging", status: "in_progress", changeType: "rollback", repository: 10);

        Assert.Multiple(async () =>
        {
            Assert.That(await DeploymentIdsAsync(("repository_id", "repo_10"), ("sort", "created_at"), ("order", "asc")), Is.EqualTo(new long[] { 1, 3 }));
            Assert.That(await DeploymentIdsAsync(("team_id", "team_10")), Is.EqualTo(new long[] { 1 }));
            Assert.That(await DeploymentIdsAsync(("team_id", "team_20")), Is.Empty, "a team of another organization yields an empty list");
            Assert.That(await DeploymentIdsAsync(("environment", "staging"), ("order", "asc")), Is.EqualTo(new long[] { 2, 3 }));
            Assert.That(await DeploymentIdsAsync(("status", "failure")), Is.EqualTo(new long[] { 2 }));
            Assert.That(await DeploymentIdsAsync(("change_type", "rollback")), Is.EqualTo(new long[] { 3 }));
            Assert.That(await DeploymentIdsAsync(("service", "api")), Is.EqualTo(new long[] { 1 }));
        });
    }

    [Test]
    public async Task ListDeployments_FinishedAtOperators_CompareExactlyAndByDay()
    {
        await DeploymentAsync(1, 1, finishedAt: At("2026-01-01T10:00:00Z"));
        await DeploymentAsync(2, 1, finishedAt: At("2026-01-02T00:00:00Z"));
        await DeploymentAsync(3, 1, finishedAt: At("2026-01-03T23:59:59Z"));
        await DeploymentAsync(4, 1);

        Assert.Multiple(async () =>
        {
            Assert.That(await DeploymentIdsAsync(("finished_at[gte]", "2026-01-02"), ("order", "asc")), Is.EqualTo(new long[] { 2, 3 }));
            Assert.That(await DeploymentIdsAsync(("finished_at[lte]", "2026-01-02"), ("order", "asc")), Is.EqualTo(new long[] { 1, 2 }));
            Assert.That(await DeploymentIdsAsync(("finished_at[gt]", "2026-01-02T00:00:00Z")), Is.EqualTo(new long[] { 3 }));
            Assert.That(await DeploymentIdsAsync(("finished_at[lt]", "2026-01-02T00:00:00Z")), Is.EqualTo(new long[] { 1 }));
            Assert.That(await DeploymentIdsAsync(("finished_at", "2026-01-03")), Is.EqualTo(new long[] { 3 }));
        });
    }

    [Test]
    public async Task ListDeployments_SortByFinishedAtWithTies_BreaksTiesById()
    {
        var tie = At("2026-01-05T00:00:00Z");
        await DeploymentAsync(1, 1, finishedAt: tie);
        await DeploymentAsync(2, 1, finishedAt: At("2026-01-01T00:00:00Z"));
        await DeploymentAsync(3, 1, finishedAt: tie);

        Assert.Multiple(async () =>
        {
            Assert.That(await DeploymentIdsAsync(("sort", "finished_at"), ("order", "asc")), Is.EqualTo(new long[] { 2, 1, 3 }));
            Assert.That(await DeploymentIdsAsync(("sort", "finished_at"), ("order", "desc")), Is.EqualTo(new long[] { 3, 1, 2 }));
            Assert.That(await DeploymentIdsAsync(("sort", "finished_at"), ("order", "asc"), ("per_page", "1"), ("page", "2")), Is.EqualTo(new long[] { 1 }));
        });
    }

    [Test]
    public async Task ListDeployments_SortByCreatedAtWithTies_BreaksTiesById()
    {
        var tie = At("2026-02-01T00:00:00Z");
        await DeploymentAsync(1, 1, createdAt: tie);
        await DeploymentAsync(2, 1, createdAt: tie);
        await DeploymentAsync(3, 1, createdAt: At("2026-03-01T00:00:00Z"));
        Assert.Multiple(async () =>
        {
            Assert.That(await DeploymentIdsAsync(), Is.EqualTo(new long[] { 3, 2, 1 }));
            Assert.That(await DeploymentIdsAsync(("order", "asc")), Is.EqualTo(new long[] { 1, 2, 3 }));
        });
    }

    [Test]
    public async Task ListDeployments_PagePastTheEnd_IsEmptyWithTotal()
    {
        await DeploymentAsync(1, 1);
        await DeploymentAsync(2, 1);
        var (rows, total) = await _reader.ListDeploymentsAsync(Org1, Options(ListDeployments.Query.Spec, ("page", "3"), ("per_page", "1")), CancellationToken.None);
        Assert.That((rows.Count, total), Is.EqualTo((0, 2L)));
    }

    [Test]
    public async Task GetDeployment_WithLinks_ReturnsPullRequestIdsInOrder()
    {
        await PullRequestAsync(7, 1, 10, 7, "merged", At("2026-01-01T00:00:00Z"));
        await PullRequestAsync(5, 1, 10, 5, "merged", At("2026-01-01T00:00:00Z"));
        await DeploymentAsync(1, 1, repository: 10);
        await ExecAsync("INSERT INTO deployment_pull_requests VALUES (1, 1, 7), (1, 1, 5)");

        var deployment = await _reader.GetDeploymentAsync(new DeploymentId(1), Org1, CancellationToken.None);

        Assert.That(deployment, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(deployment!.PullRequestIds, Is.EqualTo(new[] { new PullRequestId(5), new PullRequestId(7) }));
            Assert.That(deployment.RepositoryId, Is.EqualTo(new RepositoryId(10)));
            Assert.That(deployment.TeamId, Is.Null);
            Assert.That(deployment.ExternalId, Is.EqualTo("ext-1"));
        });
    }

    [Test]
    public async Task GetDeployment_OfAnotherOrganization_IsNull()
    {
        await DeploymentAsync(2, 2);
        Assert.That(await _reader.GetDeploymentAsync(new DeploymentId(2), Org1, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task ListIncidents_FiltersAndIsolation()
    {
        await IncidentAsync(1, 1, At("2026-01-01T00:00:00Z"), At("2026-01-01T02:00:00Z"), team: 10, service: "api", severity: "sev1");
        await IncidentAsync(2, 1, At("2026-01-02T00:00:00Z"), repository: 10, severity: "sev2");
        await IncidentAsync(3, 1, At("2026-01-03T00:00:00Z"), At("2026-01-04T00:00:00Z"), service: "web");
        await IncidentAsync(4, 2, At("2026-01-02T00:00:00Z"));

        Assert.Multiple(async () =>
        {
            Assert.That(await IncidentIdsAsync(("order", "asc")), Is.EqualTo(new long[] { 1, 2, 3 }));
            Assert.That(await IncidentIdsAsync(("team_id", "team_10")), Is.EqualTo(new long[] { 1 }));
            Assert.That(await IncidentIdsAsync(("repository_id", "repo_10")), Is.EqualTo(new long[] { 2 }));
            Assert.That(await IncidentIdsAsync(("service", "web")), Is.EqualTo(new long[] { 3 }));
            Assert.That(await IncidentIdsAsync(("severity", "sev2")), Is.EqualTo(new long[] { 2 }));
            Assert.That(await IncidentIdsAsync(("status", "open")), Is.EqualTo(new long[] { 2 }));
            Assert.That(await IncidentIdsAsync(("status", "resolved"), ("order", "asc")), Is.EqualTo(new long[] { 1, 3 }));
            Assert.That(await IncidentIdsAsync(("started_at[gte]", "2026-01-02"), ("order", "asc")), Is.EqualTo(new long[] { 2, 3 }));
            Assert.That(await IncidentIdsAsync(("started_at[lt]", "2026-01-02"), ("order", "asc")), Is.EqualTo(new long[] { 1 }));
            Assert.That(await IncidentIdsAsync(("resolved_at[lte]", "2026-01-01")), Is.EqualTo(new long[] { 1 }));
            Assert.That(await IncidentIdsAsync(("resolved_at[gt]", "2026-01-01")), Is.EqualTo(new long[] { 3 }));
        });
    }

    [Test]
    public async Task ListIncidents_SortsInBothDirectionsWithTies()
    {
        var tie = At("2026-01-05T00:00:00Z");
        await IncidentAsync(1, 1, tie, At("2026-01-06T00:00:00Z"));
        await IncidentAsync(2, 1, At("2026-01-01T00:00:00Z"), At("2026-01-06T00:00:00Z"));
        await IncidentAsync(3, 1, tie, At("2026-01-07T00:00:00Z"));

        Assert.Multiple(async () =>
        {
            Assert.That(await IncidentIdsAsync(("sort", "started_at"), ("order", "asc")), Is.EqualTo(new long[] { 2, 1, 3 }));
            Assert.That(await IncidentIdsAsync(("sort", "started_at"), ("order", "desc")), Is.EqualTo(new long[] { 3, 1, 2 }));
            Assert.That(await IncidentIdsAsync(("sort", "resolved_at"), ("order", "asc")), Is.EqualTo(new long[] { 1, 2, 3 }));
            Assert.That(await IncidentIdsAsync(("sort", "resolved_at"), ("order", "desc")), Is.EqualTo(new long[] { 3, 2, 1 }));
        });
    }

    [Test]
    public async Task GetIncident_OwnAndOther()
    {
        await IncidentAsync(1, 1, At("2026-01-01T00:00:00Z"), severity: "sev1");
        await IncidentAsync(2, 2, At("2026-01-01T00:00:00Z"));
        var own = await _reader.GetIncidentAsync(new IncidentId(1), Org1, CancellationToken.None);
        Assert.Multiple(async () =>
        {
            Assert.That(own?.Severity, Is.EqualTo("sev1"));
            Assert.That(own?.Status, Is.EqualTo("open"));
            Assert.That(await _reader.GetIncidentAsync(new IncidentId(2), Org1, CancellationToken.None), Is.Null);
        });
    }

    [Test]
    public void ColumnMaps_CoverEverySpecField()
    {
        var deploymentSpec = ListDeployments.Query.Spec;
        var incidentSpec = ListIncidents.Query.Spec;
        Assert.Multiple(() =>
        {
            foreach (var field in deploymentSpec.SortableFields.Concat(deploymentSpec.Filters.Keys))
                Assert.That(DeliveryReader.DeploymentColumns.Contains(field), Is.True, field);
            foreach (var field in incidentSpec.SortableFields.Concat(incidentSpec.Filters.Keys))
                Assert.That(DeliveryReader.IncidentColumns.Contains(field), Is.True, field);
        });
    }
}
