using Leanmote.Api.Endpoints;
using Leanmote.Application.Common;
using Leanmote.Application.Git;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using NUnit.Framework;

namespace Leanmote.UnitTests.Api;

/// <summary>The literal segment <c>all</c> wins over <c>{repositoryId}</c>; anything else is a repository id (rest-api.md §7 "Git").</summary>
[TestFixture]
public sealed class GitRoutesTests
{
    private WebApplication _app = null!;
    private Mock<ISender> _sender = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _sender = new Mock<ISender> { DefaultValue = DefaultValue.Empty };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(_sender.Object);
        builder.Services.AddScoped<RequestContext>();
        _app = builder.Build();
        _app.MapGitEndpoints();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(address) };
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [TestCase("/v1/git/apps/app_1/repositories/all/commits", typeof(ListCommits.Query), "all")]
    [TestCase("/v1/git/apps/app_1/repositories/all/pull-requests", typeof(ListPullRequests.Query), "all")]
    [TestCase("/v1/git/apps/app_1/repositories/repo_3/commits", typeof(ListCommits.Query), "repo_3")]
    [TestCase("/v1/git/apps/app_1/repositories/all2/pull-requests", typeof(ListPullRequests.Query), "all2")]
    [TestCase("/v1/git/apps/app_1/repositories/repo_3", typeof(GetRepository.Query), "repo_3")]
    public async Task Route_SendsTheMatchingUseCase(string path, Type expected, string repository)
    {
        _sender.Invocations.Clear();
        using var _ = await _http.GetAsync(new Uri(path, UriKind.Relative));
        var sent = _sender.Invocations.Single().Arguments[0];
        Assert.That(sent.GetType(), Is.EqualTo(expected));
        var segment = sent switch
        {
            ListCommits.Query q => q.RepositoryId,
            ListPullRequests.Query q => q.RepositoryId,
            GetRepository.Query q => q.RepositoryId,
            _ => null,
        };
        Assert.That(segment, Is.EqualTo(repository));
    }
}
