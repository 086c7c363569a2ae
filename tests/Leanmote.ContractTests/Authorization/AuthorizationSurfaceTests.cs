using System.Globalization;
using System.Text;
using System.Text.Json;
using Leanmote.ContractTests.Support;

namespace Leanmote.ContractTests.Authorization;

/// <summary>
/// The part of rest-api.md §4 that needs nothing but one token, so it also runs against a deployed server
/// (<c>LEANMOTE_BASE_URL</c> + <c>LEANMOTE_TOKEN</c>): every route of the served OpenAPI document answers 404 for ids
/// that exist nowhere, and no top-level list returns a row of an organization the caller is not in. The full matrix
/// with every role is <see cref="AuthorizationMatrixTests"/> (in-process: it inserts its own rows).
/// </summary>
[TestFixture]
public sealed class AuthorizationSurfaceTests : ContractTest
{
    /// <summary>The public-id prefix of each path parameter (rest-api.md §1).</summary>
    private static readonly Dictionary<string, string> Prefixes = new(StringComparer.Ordinal)
    {
        ["organizationId"] = "org_", ["userId"] = "usr_", ["teamId"] = "team_", ["appId"] = "app_", ["repositoryId"] = "repo_", ["pullRequestId"] = "pr_",
        ["boardId"] = "board_", ["taskId"] = "task_", ["calendarId"] = "cal_", ["eventId"] = "evt_", ["interactionId"] = "int_",
        ["viewId"] = "view_", ["deploymentId"] = "dep_", ["incidentId"] = "inc_", ["credentialId"] = "cred_",
        ["tokenId"] = "itk_", ["seriesId"] = "tms_", ["identityId"] = "tid_",
        ["traceId"] = "",   // a trace id is 32 hex characters; any other value names no trace
    };

    private static readonly string MissingNumber = AuthorizationWorld.MissingNumber.ToString(CultureInfo.InvariantCulture);

    private static async Task<List<(string Method, string Path)>> OperationsAsync()
    {
        var response = await Api.GetAsync("/openapi/v1.json", null);
        Assert.That(response.StatusCode, Is.EqualTo(200), response.ToString());
        var operations = new List<(string, string)>();
        foreach (var path in response.Json.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/v1/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("responses", out _)))
            {
                operations.Add((operation.Name.ToUpperInvariant(), path.Name));
            }
        }
        Assert.That(operations, Is.Not.Empty, "no /v1 operation in the OpenAPI document");
        return operations;
    }

    [Test]
    public async Task EveryDocumentedRoute_WithIdsThatExistNowhere_Is404()
    {
        var problems = new List<string>();
        foreach (var (method, template) in (await OperationsAsync()).Where(o => o.Path.Contains('{', StringComparison.Ordinal)))
        {
            var path = template;
            foreach (var segment in template.Split('/').Where(s => s.StartsWith('{')))
            {
                var name = segment.Trim('{', '}');
                var prefix = name == "tokenId" && template.Contains("/scim-tokens/", StringComparison.Ordinal) ? "scimtok_" : null;
                if (prefix is null && !Prefixes.TryGetValue(name, out prefix))
                {
                    problems.Add($"{method} {template}: no id prefix known for {{{name}}} — add it to this test");
                    continue;
                }
                path = path.Replace(segment, prefix + MissingNumber, StringComparison.Ordinal);
            }
            var body = method switch
            {
                "POST" => "{}",
                "PATCH" => """{"title":"authorization surface"}""",
                _ => null,
            };
            var response = await Api.SendAsync(new HttpMethod(method), path, Target.Token,
                body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"));
            if (response.StatusCode != 404 || !response.Body.Contains("\"NOT_FOUND\"", StringComparison.Ordinal))
                problems.Add($"{method} {path}: {response}");
        }
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public async Task EveryDocumentedTopLevelList_ReturnsOnlyRowsOfTheCallersOrganizations()
    {
        var organizations = EnvelopeAssert.List(await Api.GetAsync("/v1/organizations?per_page=100", Target.Token))
            .Select(o => o.GetProperty("id").GetString()!).ToHashSet(StringComparer.Ordinal);
        foreach (var organization in organizations)
        {
            EnvelopeAssert.Single(await Api.GetAsync("/v1/organizations/" + organization, Target.Token));
        }

        var lists = 0;
        var leaks = new List<string>();
        // metrics routes answer one organization's numbers, not rows; the matrix covers their tenancy
        foreach (var (_, path) in (await OperationsAsync()).Where(o => o.Method == "GET" && !o.Path.Contains('{', StringComparison.Ordinal)
                     && !o.Path.StartsWith("/v1/metrics", StringComparison.Ordinal)))
        {
            var response = await Api.GetAsync(path, Target.Token);
            Assert.That(response.StatusCode, Is.EqualTo(200), $"GET {path}: {response}");
            if (!response.Json.TryGetProperty("meta", out _)) continue; // health, the dashboard catalog: not lists
            lists++;
            foreach (var row in EnvelopeAssert.List(await Api.GetAsync(path + "?per_page=100", Target.Token)))
            {
                if (row.TryGetProperty("organization_id", out var owner) && !organizations.Contains(owner.GetString()!))
                    leaks.Add($"GET {path}: {row.GetProperty("id")} of {owner}");
            }
        }
        Assert.That(lists, Is.GreaterThan(10), "top-level lists found in the document");
        Assert.That(leaks, Is.Empty, "rows of organizations the caller is not in");
    }
}
