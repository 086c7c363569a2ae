using System.Text.Json;
using Leanmote.ContractTests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Leanmote.ContractTests;

/// <summary>
/// The OpenAPI document at /openapi/v1.json: it is OpenAPI 3.1, lists every mapped route with its method, and
/// describes each with parameters and error responses. The suite saves it to artifacts/openapi/leanmote-v1.json,
/// where ./build.sh test lints it with Spectral and Redocly.
/// </summary>
[TestFixture]
public sealed class OpenApiDocumentTests : ContractTest
{
    private static readonly string[] UndocumentedPrefixes = ["/openapi", "/docs"];

    private async Task<JsonElement> DocumentAsync()
    {
        var response = await Api.GetAsync("/openapi/v1.json", null);
        Assert.That(response.StatusCode, Is.EqualTo(200), response.ToString());
        return response.Json;
    }

    [Test]
    public async Task Document_IsOpenApi31_AndIsSavedForTheLinters()
    {
        var response = await Api.GetAsync("/openapi/v1.json", null);
        Assert.That(response.Json.GetProperty("openapi").GetString(), Does.StartWith("3.1"));

        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Leanmote.slnx"))) root = root.Parent;
        Assert.That(root, Is.Not.Null, "repository root not found");
        var target = Path.Combine(root!.FullName, "artifacts", "openapi", "leanmote-v1.json");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await File.WriteAllTextAsync(target, response.Body);
    }

    [Test]
    [Category(ApiTarget.InProcessCategory)]
    public async Task Document_ListsEveryMappedRoute()
    {
        var document = await DocumentAsync();
        var paths = document.GetProperty("paths");
        var endpoints = Target.Host!.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && !UndocumentedPrefixes.Any(p => raw.StartsWith(p, StringComparison.Ordinal)))
            .ToList();
        Assert.That(endpoints, Is.Not.Empty);

        var missing = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var template = "/" + endpoint.RoutePattern.RawText!.Trim('/');
            var methods = endpoint.Metadata.OfType<HttpMethodMetadata>().SelectMany(m => m.HttpMethods);
            foreach (var method in methods)
            {
                if (!paths.TryGetProperty(template, out var item) || !item.TryGetProperty(method.ToLowerInvariant(), out _))
                    missing.Add($"{method} {template}");
            }
            if (!endpoint.Metadata.Any(m => m.GetType().Name == "ApiContract"))
                missing.Add($"{template} has no .Contract<…>() metadata");
        }
        Assert.That(missing, Is.Empty, "routes missing from /openapi/v1.json");
    }

    [Test]
    public async Task Document_EveryOperation_HasIdSummaryErrorsAndSecurityDecision()
    {
        var document = await DocumentAsync();
        var problems = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                var op = operation.Value;
                if (!op.TryGetProperty("operationId", out _)) problems.Add(name + ": no operationId");
                if (!op.TryGetProperty("summary", out _)) problems.Add(name + ": no summary");
                if (!op.TryGetProperty("security", out _)) problems.Add(name + ": no security decision");
                var responses = op.GetProperty("responses");
                foreach (var status in new[] { "400", "404", "500", "503" })
                {
                    if (!responses.TryGetProperty(status, out _)) problems.Add($"{name}: no {status} response");
                }
            }
        }
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public async Task Document_ListRoutes_DescribeTheListParameters()
    {
        var document = await DocumentAsync();
        var members = document.GetProperty("paths").GetProperty("/v1/organizations/{organizationId}/members").GetProperty("get");
        var names = members.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.That(names, Is.SupersetOf(new[] { "page", "per_page", "sort", "order", "fields", "role", "is_active" }));
        var sort = members.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "sort");
        Assert.That(sort.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(e => e.GetString()),
            Is.EquivalentTo(new[] { "created_at", "name", "email" }));
    }
}
