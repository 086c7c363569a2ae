using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Application.Dashboards;
using Leanmote.Domain.Common;
using Moq;
using NUnit.Framework;

namespace Leanmote.UnitTests.Application.Dashboards;

[TestFixture]
public sealed class DashboardHandlersTests
{
    [Test]
    public async Task ListDashboardCatalog_ReturnsTheSixBuiltInTypes()
    {
        var result = await new ListDashboardCatalog.Handler().Handle(new ListDashboardCatalog.Query(QueryParameters.Empty), CancellationToken.None);
        Assert.That(result.Value.Select(t => t.Key), Is.EqualTo(new[]
        {
            "performance_delivery", "project_financials", "strategic_overview", "bottleneck_insights", "ai_tools", "overview",
        }));
    }

    [Test]
    public void ListDashboardCatalog_AcceptsOnlyFields()
    {
        var spec = ListDashboardCatalog.Query.Spec;
        Assert.That(QueryOptionsParser.Parse(spec, QueryParameters.Of(("fields", "key,name"))).IsSuccess, Is.True);
        Assert.That(QueryOptionsParser.Parse(spec, QueryParameters.Of(("page", "1"))).Error?.Code, Is.EqualTo(ErrorCode.Validation));
        Assert.That(QueryOptionsParser.Parse(spec, QueryParameters.Of(("x", "1"))).Error?.Code, Is.EqualTo(ErrorCode.Validation));
    }

    [Test]
    public async Task ListDashboardViews_ListsWhatTheCallerSees()
    {
        var reader = new Mock<IDashboardReader>();
        reader.Setup(r => r.ListVisibleAsync(new UserId(5), QueryOptions.Unset, new long[] { 1 }, It.IsAny<CancellationToken>())).ReturnsAsync(([], 0L));
        var request = new RequestContext { Scope = [1], Caller = new Caller(new UserId(5), new CredentialId(1), []) };
        var result = await new ListDashboardViews.Handler(reader.Object, request).Handle(new ListDashboardViews.Query(QueryParameters.Empty), CancellationToken.None);
        Assert.That(result.IsSuccess, Is.True);
        reader.VerifyAll();
    }

    [TestCase("view_abc")]
    [TestCase("view_9")]
    public async Task GetUserDashboardView_UnparseableOrNotTheUsers_ReturnsNotFound(string viewId)
    {
        var reader = new Mock<IDashboardReader>();
        var request = new RequestContext { Scope = [1] };
        var result = await new GetUserDashboardView.Handler(reader.Object, request)
            .Handle(new GetUserDashboardView.Query("usr_5", viewId, QueryParameters.Empty), CancellationToken.None);
        Assert.That(result.Error?.Code, Is.EqualTo(ErrorCode.NotFound));
    }

    [Test]
    public void Access_PrivateViewsNeedOwnerOrAdmin_UserViewsNeedSelfOrAdmin()
    {
        Assert.That(new GetDashboardView.Query("view_1", QueryParameters.Empty).Access, Is.EqualTo(AccessRequirement.OwnerOrAdmin(ResourceKind.DashboardView, "view_1")));
        Assert.That(new ListUserDashboardViews.Query("usr_1", QueryParameters.Empty).Access, Is.EqualTo(AccessRequirement.SelfOrAdminOf("usr_1")));
        Assert.That(new GetUserDashboardView.Query("usr_1", "view_1", QueryParameters.Empty).Access, Is.EqualTo(AccessRequirement.All(
            AccessRequirement.SelfOrAdminOf("usr_1"), AccessRequirement.OwnerOrAdmin(ResourceKind.DashboardView, "view_1"))));
    }
}
