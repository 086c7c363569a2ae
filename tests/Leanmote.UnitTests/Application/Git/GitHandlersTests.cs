using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Common.Security;
using Leanmote.Application.Git;
using Leanmote.Domain.Common;
using Moq;
using NUnit.Framework;

namespace Leanmote.UnitTests.Application.Git;

[TestFixture]
public sealed class GitHandlersTests
{
    private static readonly RequestContext Request = new() { Scope = [3] };

    [Test]
    public async Task ListCommits_All_SelectsEveryRepositoryOfTheApp()
    {
        var reader = new Mock<IGitReader>();
        reader.Setup(r => r.ListCommitsAsync(new RepositorySelector(new AppId(5), null), new long[] { 3 }, QueryOptions.Unset, It.IsAny<CancellationToken>()))
            .ReturnsAsync(([], 42L));
        var result = await new ListCommits.Handler(reader.Object, Request).Handle(new ListCommits.Query("app_5", "all", QueryParameters.Empty), CancellationToken.None);
        Assert.That(result.Value.Total, Is.EqualTo(42));
    }

    [Test]
    public async Task ListPullRequests_OneRepository_SelectsIt()
    {
        var reader = new Mock<IGitReader>();
        reader.Setup(r => r.ListPullRequestsAsync(new RepositorySelector(new AppId(5), new RepositoryId(8)), new long[] { 3 }, QueryOptions.Unset, It.IsAny<CancellationToken>()))
            .ReturnsAsync(([], 7L));
        var result = await new ListPullRequests.Handler(reader.Object, Request).Handle(new ListPullRequests.Query("app_5", "repo_8", QueryParameters.Empty), CancellationToken.None);
        Assert.That(result.Value.Total, Is.EqualTo(7));
    }

    [TestCase("repo_x")]
    [TestCase("all2")]
    [TestCase("ALL")]
    [TestCase("team_8")]
    [TestCase("")]
    public async Task ListCommits_RepositorySegmentNeitherAllNorARepoId_IsNotFoundWithoutReading(string segment)
    {
        var reader = new Mock<IGitReader>(MockBehavior.Strict);
        var commits = await new ListCommits.Handler(reader.Object, Request).Handle(new ListCommits.Query("app_5", segment, QueryParameters.Empty), CancellationToken.None);
        var pulls = await new ListPullRequests.Handler(reader.Object, Request).Handle(new ListPullRequests.Query("app_5", segment, QueryParameters.Empty), CancellationToken.None);
        Assert.That(commits.Error?.Code, Is.EqualTo(ErrorCode.NotFound));
        Assert.That(pulls.Error?.Code, Is.EqualTo(ErrorCode.NotFound));
    }

    [Test]
    public async Task ListCommits_RepositoryNotUnderTheApp_IsNotFound()
    {
        var reader = new Mock<IGitReader>();
        reader.Setup(r => r.ListCommitsAsync(It.IsAny<RepositorySelector>(), It.IsAny<IReadOnlyList<long>>(), It.IsAny<QueryOptions>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(((IReadOnlyList<CommitView>, long)?)null);
        var result = await new ListCommits.Handler(reader.Object, Request).Handle(new ListCommits.Query("app_5", "repo_9", QueryParameters.Empty), CancellationToken.None);
        Assert.That(result.Error?.Code, Is.EqualTo(ErrorCode.NotFound));
    }

    [Test]
    public async Task ListRepositories_AppThatIsNotSourceControl_IsNotFound()
    {
        var reader = new Mock<IGitReader>();
        reader.Setup(r => r.ListRepositoriesAsync(new AppId(5), It.IsAny<IReadOnlyList<long>>(), It.IsAny<QueryOptions>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(((IReadOnlyList<RepositoryView>, long)?)null);
        var result = await new ListRepositories.Handler(reader.Object, Request).Handle(new ListRepositories.Query("app_5", QueryParameters.Empty), CancellationToken.None);
        Assert.That(result.Error?.Code, Is.EqualTo(ErrorCode.NotFound));
    }

    [TestCase("repo_x")]
    [TestCase("all")]
    public async Task GetRepository_UnparseableRepositoryId_IsNotFoundWithoutReading(string segment)
    {
        var reader = new Mock<IGitReader>(MockBehavior.Strict);
        var result = await new GetRepository.Handler(reader.Object, Request).Handle(new GetRepository.Query("app_5", segment, QueryParameters.Empty), CancellationToken.None);
        Assert.That(result.Error?.Code, Is.EqualTo(ErrorCode.NotFound));
    }

    [Test]
    public async Task GetRepository_Missing_IsNotFound()
    {
        var reader = new Mock<IGitReader>();
        reader.Setup(r => r.GetRepositoryAsync(new AppId(5), new RepositoryId(9), new long[] { 3 }, It.IsAny<CancellationToken>())).ReturnsAsync((RepositoryView?)null);
        var result = await new GetRepository.Handler(reader.Object, Request).Handle(new GetRepository.Query("app_5", "repo_9", QueryParameters.Empty), CancellationToken.None);
        Assert.That(result.Error?.Code, Is.EqualTo(ErrorCode.NotFound));
    }

    [Test]
    public void Access_DeclaresTheOwningApp()
    {
        var owner = AccessRequirement.MemberOfOwner(ResourceKind.App, "app_5");
        Assert.That(new ListRepositories.Query("app_5", QueryParameters.Empty).Access, Is.EqualTo(owner));
        Assert.That(new GetRepository.Query("app_5", "repo_1", QueryParameters.Empty).Access, Is.EqualTo(owner));
        Assert.That(new ListCommits.Query("app_5", "all", QueryParameters.Empty).Access, Is.EqualTo(owner));
        Assert.That(new ListPullRequests.Query("app_5", "repo_1", QueryParameters.Empty).Access, Is.EqualTo(owner));
        Assert.That(new ListGitApps.Query(QueryParameters.Empty).Access, Is.SameAs(AccessRequirement.AnyCaller));
    }

    [TestCase("author.name")]
    [TestCase("author.user_id")]
    [TestCase("author.email")]
    public void ListCommits_Spec_AllowsNestedAuthorFields(string field)
    {
        var parsed = QueryOptionsParser.Parse(ListCommits.Query.Spec, QueryParameters.Of(("fields", "id," + field)));
        Assert.That(parsed.IsSuccess, Is.True, parsed.Error?.Message);
    }

    [TestCase("merged_by.login")]
    [TestCase("author.login")]
    public void ListPullRequests_Spec_AllowsNestedFields(string field)
    {
        var parsed = QueryOptionsParser.Parse(ListPullRequests.Query.Spec, QueryParameters.Of(("fields", field)));
        Assert.That(parsed.IsSuccess, Is.True, parsed.Error?.Message);
    }
}
