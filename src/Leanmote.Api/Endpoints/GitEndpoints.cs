using Leanmote.Api.Http;
using Leanmote.Api.OpenApi;
using Leanmote.Application.Git;
using Mediator;

namespace Leanmote.Api.Endpoints;

public static class GitEndpoints
{
    public static void MapGitEndpoints(this IEndpointRouteBuilder app)
    {
        var git = app.MapGroup("/v1/git/apps").WithTags("Git");

        git.MapGet("/", async (HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListGitApps.Query(Query.From(req)), ct)))
            .Contract<ListGitApps.Query, GitAppView>()
            .WithName("ListGitApps").WithSummary("List the source-control apps the caller can see");

        git.MapGet("/{appId}/repositories", async (string appId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListRepositories.Query(appId, Query.From(req)), ct)))
            .Contract<ListRepositories.Query, RepositoryView>()
            .WithName("ListRepositories").WithSummary("List the repositories of a source-control app");

        git.MapGet("/{appId}/repositories/{repositoryId}", async (string appId, string repositoryId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new GetRepository.Query(appId, repositoryId, Query.From(req)), ct)))
            .Contract<GetRepository.Query, RepositoryView>()
            .WithName("GetRepository").WithSummary("Get one repository of the app (404 when it is not under that app)");

        // `all` is a literal segment: ASP.NET routing prefers it over {repositoryId}, and it has its own OpenAPI path.
        git.MapGet("/{appId}/repositories/all/commits", async (string appId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListCommits.Query(appId, RepositorySelector.All, Query.From(req)), ct)))
            .Contract<ListCommits.Query, CommitView>()
            .WithName("ListAppCommits").WithSummary("List the commits of every repository of the app");

        git.MapGet("/{appId}/repositories/all/pull-requests", async (string appId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListPullRequests.Query(appId, RepositorySelector.All, Query.From(req)), ct)))
            .Contract<ListPullRequests.Query, PullRequestView>()
            .WithName("ListAppPullRequests").WithSummary("List the pull requests of every repository of the app");

        git.MapGet("/{appId}/repositories/all/pull-request-reviews", async (string appId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListAppPullRequestReviews.Query(appId, Query.From(req)), ct)))
            .Contract<ListAppPullRequestReviews.Query, PullRequestReviewView>()
            .WithName("ListAppPullRequestReviews").WithSummary("List the reviews of every pull request of the app");

        git.MapGet("/{appId}/repositories/all/pull-request-comments", async (string appId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListAppPullRequestComments.Query(appId, Query.From(req)), ct)))
            .Contract<ListAppPullRequestComments.Query, PullRequestCommentView>()
            .WithName("ListAppPullRequestComments").WithSummary("List the comments of every pull request of the app");

        git.MapGet("/{appId}/repositories/{repositoryId}/commits", async (string appId, string repositoryId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListCommits.Query(appId, repositoryId, Query.From(req)), ct)))
            .Contract<ListCommits.Query, CommitView>()
            .WithName("ListCommits").WithSummary("List the commits of one repository of the app");

        git.MapGet("/{appId}/repositories/{repositoryId}/pull-requests", async (string appId, string repositoryId, HttpRequest req, ISender sender, CancellationToken ct) =>
                Envelope.From(await sender.Send(new ListPullRequests.Query(appId, repositoryId, Query.From(req)), ct)))
            .Contract<ListPullRequests.Query, PullRequestView>()
            .WithName("ListPullRequests").WithSummary("List the pull requests of one repository of the app");

        git.MapGet("/{appId}/repositories/{repositoryId}/pull-requests/{pullRequestId}/reviews",
                async (string appId, string repositoryId, string pullRequestId, HttpRequest req, ISender sender, CancellationToken ct) =>
                    Envelope.From(await sender.Send(new ListPullRequestReviews.Query(appId, repositoryId, pullRequestId, Query.From(req)), ct)))
            .Contract<ListPullRequestReviews.Query, PullRequestReviewView>()
            .WithName("ListPullRequestReviews").WithSummary("List the reviews of one pull request (404 when it is not in that repository of the app)");

        git.MapGet("/{appId}/repositories/{repositoryId}/pull-requests/{pullRequestId}/comments",
                async (string appId, string repositoryId, string pullRequestId, HttpRequest req, ISender sender, CancellationToken ct) =>
                    Envelope.From(await sender.Send(new ListPullRequestComments.Query(appId, repositoryId, pullRequestId, Query.From(req)), ct)))
            .Contract<ListPullRequestComments.Query, PullRequestCommentView>()
            .WithName("ListPullRequestComments").WithSummary("List the comments of one pull request (404 when it is not in that repository of the app)");

        git.MapGet("/{appId}/repositories/{repositoryId}/pull-requests/{pullRequestId}/commits",
                async (string appId, string repositoryId, string pullRequestId, HttpRequest req, ISender sender, CancellationToken ct) =>
                    Envelope.From(await sender.Send(new ListPullRequestCommits.Query(appId, repositoryId, pullRequestId, Query.From(req)), ct)))
            .Contract<ListPullRequestCommits.Query, CommitView>()
            .WithName("ListPullRequestCommits").WithSummary("List the commits linked to one pull request (404 when it is not in that repository of the app)");
    }
}
