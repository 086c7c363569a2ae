using Leanmote.Api.Endpoints;
using Leanmote.Application.Common;
using Leanmote.Application.Dashboards;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using NUnit.Framework;

namespace Leanmote.UnitTests.Api;

/// <summary>The literal segments <c>catalog</c> and <c>custom-filters</c> win over <c>{viewId}</c> (rest-api.md §7).</summary>
[TestFixture]
public sealed class DashboardRoutesTests
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
        _app.MapDashboardsEndpoints();
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

    [TestCase("/v1/dashboard-views/catalog", typeof(ListDashboardCatalog.Query))]
    [TestCase("/v1/dashboard-views/custom-filters", typeof(ListCustomFilters.Query))]
    [TestCase("/v1/dashboard-views/view_3", typeof(GetDashboardView.Query))]
    [TestCase("/v1/dashboard-views/catalogue", typeof(GetDashboardView.Query))]
    [TestCase("/v1/users/usr_1/dashboard-views/view_3", typeof(GetUserDashboardView.Query))]
    public async Task Route_SendsTheMatchingUseCase(string path, Type expected)
    {
        _sender.Invocations.Clear();
        using var _ = await _http.GetAsync(new Uri(path, UriKind.Relative));
        var sent = _sender.Invocations.Single().Arguments[0];
        Assert.That(sent.GetType(), Is.EqualTo(expected));
    }
}
