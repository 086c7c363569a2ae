using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Meta;
using Leanmote.Application.Organizations;
using Leanmote.Domain.Common;
using Moq;
using NUnit.Framework;

namespace Leanmote.UnitTests.Application.Handlers;

[TestFixture]
public sealed class OrganizationHandlerTests
{
    private static readonly OrganizationView Acme = new(new OrganizationId(3), "Acme", "acme", "UTC", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
    private Mock<IOrganizationReader> _reader = null!;

    [SetUp]
    public void SetUp() => _reader = new Mock<IOrganizationReader>(MockBehavior.Strict);

    [Test]
    public async Task List_UsesTheRequestScope()
    {
        var request = new RequestContext { Scope = [3, 4] };
        _reader.Setup(r => r.ListAsync(It.Is<IReadOnlyList<long>>(s => s.SequenceEqual(new long[] { 3, 4 })), QueryOptions.Unset, It.IsAny<CancellationToken>()))
            .ReturnsAsync(([Acme], 1L));
        var page = (await new ListOrganizations.Handler(_reader.Object, request).Handle(new ListOrganizations.Query(QueryParameters.Empty), CancellationToken.None)).Value;
        Assert.That((page.Items.Single(), page.Total), Is.EqualTo((Acme, 1L)));
    }

    [Test]
    public async Task Get_Existing_ReturnsIt()
    {
        _reader.Setup(r => r.GetAsync(new OrganizationId(3), It.IsAny<CancellationToken>())).ReturnsAsync(Acme);
        var result = await new GetOrganization.Handler(_reader.Object).Handle(new GetOrganization.Query("org_3", QueryParameters.Empty), CancellationToken.None);
        Assert.That(result.Value, Is.EqualTo(Acme));
    }

    [Test]
    public async Task Get_Missing_IsNotFound()
    {
        _reader.Setup(r => r.GetAsync(new OrganizationId(3), It.IsAny<CancellationToken>())).ReturnsAsync((OrganizationView?)null);
        var result = await new GetOrganization.Handler(_reader.Object).Handle(new GetOrganization.Query("org_3", QueryParameters.Empty), CancellationToken.None);
        Assert.That(result.Error?.Code, Is.EqualTo(ErrorCode.NotFound));
    }

    [Test]
    public async Task ListMembers_PassesOrganizationAndOptions()
    {
        var options = QueryOptions.Unset with { PerPage = 7 };
        _reader.Setup(r => r.ListMembersAsync(new OrganizationId(3), options, It.IsAny<CancellationToken>())).ReturnsAsync(([], 0L));
        var page = (await new ListOrganizationMembers.Handler(_reader.Object)
            .Handle(new ListOrganizationMembers.Query("org_3", QueryParameters.Empty).WithOptions(options), CancellationToken.None)).Value;
        Assert.That((page.Items.Count, page.Total, page.Options.PerPage), Is.EqualTo((0, 0L, 7)));
    }

    [TestCase(true, null)]
    [TestCase(false, ErrorCode.ServiceUnavailable)]
    public async Task GetHealth_Probe_MapsToOkOrUnavailable(bool reachable, ErrorCode? expected)
    {
        var probe = new Mock<IHealthProbe>();
        probe.Setup(p => p.DatabaseIsReachableAsync(It.IsAny<CancellationToken>())).ReturnsAsync(reachable);
        var result = await new GetHealth.Handler(probe.Object).Handle(new GetHealth.Query(), CancellationToken.None);
        Assert.That(result.Error?.Code, Is.EqualTo(expected));
        if (reachable) Assert.That((result.Value.Status, result.Value.Database), Is.EqualTo(("ok", "ok")));
    }
}
