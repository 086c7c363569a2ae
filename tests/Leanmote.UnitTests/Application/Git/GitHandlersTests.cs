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
    [TestCase("author.login")]
    [TestCase("is_merge")]
    [TestCase("authored_at")]
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
    [TestCase("all", "pr_1")]
    [TestCase("repo_x", "pr_1")]
    [TestCase("repo_1", "prr_1")]
    [TestCase("repo_1", "all")]
    public async Task PullRequestRows_PathNotARepoAndAPullRequest_IsNotFoundWithoutReading(string repository, string pullRequest)
    {
        var reader = new Mock<IGitReader>(MockBehavior.Strict);
        var reviews = await new ListPullRequestReviews.Handler(reader.Object, Request)
            .Handle(new ListPullRequestReviews.Query("app_5", repository, pullRequest, QueryParameters.Empty), CancellationToken.None);
        var comments = await new ListPullRequestComments.Handler(reader.Object, Request)
            .Handle(new ListPullRequestComments.Query("app_5", repository, pullRequest, QueryParameters.Empty), CancellationToken.None);
        var commits = await new ListPullRequestCommits.Handler(reader.Object, Request)
            .Handle(new ListPullRequestCommits.Query("app_5", repository, pullRequest, QueryParameters.Empty), CancellationToken.None);
        Assert.That(new[] { reviews.Error?.Code, comments.Error?.Code, commits.Error?.Code }, Has.All.EqualTo(ErrorCode.NotFound));
    }

    [Test]
    public async Task ListPullRequestReviews_SelectsThePullRequestOfTheRepository()
    {
        var reader = new Mock<IGitReader>();
        reader.Setup(r => r.ListReviewsAsync(new PullRequestSelector(new AppId(5), new RepositoryId(8), new PullRequestId(9)), new long[] { 3 }, QueryOptions.Unset, It.IsAny<CancellationToken>()))
            .ReturnsAsync(([], 4L));
        var result = await new ListPullRequestReviews.Handler(reader.Object, Request)
            .Handle(new ListPullRequestReviews.Query("app_5", "repo_8", "pr_9", QueryParameters.Empty), CancellationToken.None);
        Assert.That(result.Value.Total, Is.EqualTo(4));
    }

    [Test]
    public async Task ListAppPullRequestComments_SelectsEveryPullRequestOfTheApp_AndMissingAppIsNotFound()
    {
        var reader = new Mock<IGitReader>();
        reader.Setup(r => r.ListCommentsAsync(PullRequestSelector.OfApp(new AppId(5)), new long[] { 3 }, QueryOptions.Unset, It.IsAny<CancellationToken>()))
            .ReturnsAsync(([], 2L));
        var found = await new ListAppPullRequestComments.Handler(reader.Object, Request).Handle(new ListAppPullRequestComments.Query("app_5", QueryParameters.Empty), CancellationToken.None);
        Assert.That(found.Value.Total, Is.EqualTo(2));
        var missing = await new ListAppPullRequestComments.Handler(reader.Object, Request).Handle(new ListAppPullRequestComments.Query("app_6", QueryParameters.Empty), CancellationToken.None);
        Assert.That(missing.Error?.Code, Is.EqualTo(ErrorCode.NotFound));
    }

    [Test]
    public void PullRequestRows_PullRequestFilterOnlyAcrossTheApp()
    {
        Assert.That(ListAppPullRequestReviews.Query.Spec.Filters.Keys, Does.Contain("pull_request_id"));
        Assert.That(ListAppPullRequestComments.Query.Spec.Filters.Keys, Does.Contain("pull_request_id"));
        Assert.That(ListPullRequestReviews.Query.Spec.Filters.Keys, Does.Not.Contain("pull_request_id"));
        Assert.That(ListPullRequestComments.Query.Spec.Filters.Keys, Does.Not.Contain("pull_request_id"));
        Assert.That(ListPullRequestReviews.Query.Spec.DefaultSort, Is.EqualTo("submitted_at"));
    }
}
