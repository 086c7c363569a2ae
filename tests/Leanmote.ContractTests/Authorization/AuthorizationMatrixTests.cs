using System.Globalization;
using System.Text;
using System.Text.Json;
using Leanmote.ContractTests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Leanmote.ContractTests.Authorization;

/// <summary>
/// rest-api.md §4 over HTTP: every mapped /v1 route (<see cref="AuthorizationMatrix"/>) against every caller — Acme's
/// admin, manager and collaborator, Globex's admin, a user of no organization, an expired and a revoked token, no token.
/// Allowed calls answer 2xx, another organization's resource 403, a missing one 404, dead tokens 401; every list row
/// belongs to the caller's organizations and, for people-private rows, to people the caller may see. In-process only:
/// the rows and tokens are made with SQL next to the shared fixture (and removed afterwards).
/// </summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
public sealed class AuthorizationMatrixTests : ContractTest
{
    private static readonly Dictionary<string, int> RoleRank = new(StringComparer.Ordinal) { ["collaborator"] = 0, ["manager"] = 1, ["admin"] = 2 };

    private AuthorizationWorld? _world;

    private AuthorizationWorld World => _world ?? throw new InvalidOperationException("the matrix rows were not inserted");

    [OneTimeSetUp]
    public async Task InsertAsync()
    {
        if (!Target.IsInProcess) return;
        _world = await AuthorizationWorld.InsertAsync(Target);
    }

    [OneTimeTearDown]
    public async Task DeleteAsync()
    {
        if (_world is not null) await _world.DeleteAsync(Target.Host!);
    }

    public static IEnumerable<TestCaseData> MatrixCases()
    {
        var index = 0;
        foreach (var matrixCase in AuthorizationMatrix.Cases)
        {
            index++;
            var name = matrixCase.Path.Replace("{", ":", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal);
            foreach (var caller in Enum.GetValues<Caller>())
            {
                yield return new TestCaseData(matrixCase, caller)
                    .SetName($"Matrix {index:000} {matrixCase.Method} {name} as {caller}");
            }
        }
    }

    [TestCaseSource(nameof(MatrixCases))]
    public async Task Matrix(MatrixCase matrixCase, Caller caller)
    {
        var path = World.Resolve(matrixCase.Path);
        var body = matrixCase.Body is null
            ? null
            : World.Resolve(matrixCase.Body.Replace("{unique}", AuthorizationWorld.ExternalIdPrefix + Guid.NewGuid().ToString("N"), StringComparison.Ordinal));
        var response = await Api.SendAsync(new HttpMethod(matrixCase.Method), path, World.TokenOf(caller),
            body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"));
        var expected = matrixCase.Expect.StatusFor(caller);
        var context = $"{matrixCase.Method} {path} as {caller}";

        switch (expected)
        {
            case 401:
                EnvelopeAssert.Error(response, 401, "UNAUTHORIZED", caller switch
                {
                    Caller.ExpiredToken => "Authentication token has expired",
                    Caller.RevokedToken => "Authentication token is inactive",
                    Caller.Anonymous => "Missing authentication token",
                    _ => null,
                });
                Assert.That(response.Header("WWW-Authenticate"), Does.StartWith("Bearer"), "401 names the scheme");
                return;
            case 403:
                EnvelopeAssert.Error(response, 403, "FORBIDDEN");
                return;
            case 404:
                EnvelopeAssert.Error(response, 404, "NOT_FOUND");
                return;
            case 400:
                EnvelopeAssert.Error(response, 400, "VALIDATION_ERROR");
                return;
            case 204:
                Assert.That(response.StatusCode, Is.EqualTo(204), $"{context}: {response}");
                return;
        }

        Assert.That(response.StatusCode, Is.EqualTo(expected), $"{context}: {response}");
        var root = response.Json;
        if (expected == 201 && path.Contains("/api-credentials", StringComparison.Ordinal))
        {
            World.CreatedCredential(root.GetProperty("data").GetProperty("id").GetString()!);
        }
        if (path.StartsWith("/v1/metrics", StringComparison.Ordinal))
        {
            // a metrics answer is one organization's numbers: exactly the one the request named
            var organization = root.GetProperty("meta").GetProperty("organization_id").GetString()!;
            Assert.That(path + body, Does.Contain(organization), $"{context}: answered for {organization}");
            return;
        }
        if (root.TryGetProperty("meta", out _))
        {
            Assert.That(matrixCase.Rows, Is.Not.Null, $"{context} is a list: its matrix entry needs a row rule, or leaks would go unnoticed");
            await AssertRowsAsync(matrixCase, caller, path, EnvelopeAssert.List(response), context);
        }
        else if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object && data.TryGetProperty("organization_id", out var owner))
        {
            // a single resource: the one asked for, in one of the caller's organizations (or the organization itself)
            Assert.That(World.RolesOf(caller).Keys, Does.Contain(Number(owner.GetString()!)), $"{context}: organization of the answer");
        }
    }

    /// <summary>Every row is visible to the caller (organization, people), and the rows the caller must see are there.</summary>
    private async Task AssertRowsAsync(MatrixCase matrixCase, Caller caller, string path, JsonElement[] items, string context)
    {
        var rule = matrixCase.Rows!;
        var publicIds = items.Select(i => i.GetProperty(rule.IdField).GetString()!).ToList();
        if (matrixCase.MustSee.TryGetValue(caller, out var mustSee))
        {
            var expectedIds = mustSee.Select(World.Id).ToList();
            Assert.That(publicIds, Is.SupersetOf(expectedIds), $"{context}: rows the caller must see ({string.Join(", ", mustSee)})");
        }
        if (publicIds.Count == 0) return;

        var ids = publicIds.Select(Number).ToArray();
        var self = World.UserOf(caller).Id;
        var roles = World.RolesOf(caller);
        var subject = path.Split('/').FirstOrDefault(s => s.StartsWith("usr_", StringComparison.Ordinal)) is { } user ? Number(user) : -1L;

        var found = new List<(long Id, long Organization, long[]? People)>();
        await using (var conn = new NpgsqlConnection(Target.Host!.ConnectionString))
        {
            await conn.OpenAsync();
            await using var command = new NpgsqlCommand(rule.Sql, conn);
            command.Parameters.AddWithValue("ids", ids);
            command.Parameters.AddWithValue("self", self);
            command.Parameters.AddWithValue("orgs", roles.Keys.ToArray());
            command.Parameters.AddWithValue("subject", subject);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                found.Add((reader.GetInt64(0), reader.IsDBNull(1) ? -2 : reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<long[]>(2)));
            }
        }

        Assert.That(ids, Is.Unique, $"{context}: a row appears twice");
        var missing = ids.Except(found.Select(f => f.Id)).ToList();
        Assert.That(missing, Is.Empty, $"{context}: rows that do not exist or are not the {rule.Name} of the path");

        var leaks = new List<string>();
        foreach (var (id, organization, people) in found)
        {
            if (organization == -1) continue; // the rule's SQL already tied the row to the caller (self, or the path's user)
            if (!roles.TryGetValue(organization, out var role))
            {
                leaks.Add($"{rule.Name} {id} of organization {organization}");
                continue;
            }
            if (people is null || (rule.SeesEveryone is { } everyone && RoleRank[role] >= RoleRank[everyone])) continue;
            var visible = await VisiblePeopleAsync(self, organization, rule.TeamManagersSee);
            if (!people.Any(visible.Contains)) leaks.Add($"{rule.Name} {id} of people [{string.Join(", ", people)}] seen by a {role}");
        }
        Assert.That(leaks, Is.Empty, $"{context}: rows the caller may not see");
    }

    /// <summary>The caller, plus (when team managers see their teams) the members of every team the caller manages there.</summary>
    private async Task<HashSet<long>> VisiblePeopleAsync(long self, long organization, bool teamManagersSee)
    {
        var visible = new HashSet<long> { self };
        if (!teamManagersSee) return visible;
        await using var conn = new NpgsqlConnection(Target.Host!.ConnectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT tm.user_id FROM team_members mgr
            JOIN team_members tm ON tm.organization_id = mgr.organization_id AND tm.team_id = mgr.team_id
            WHERE mgr.organization_id = @o AND mgr.user_id = @u AND mgr.team_role = 'manager'
            """, conn);
        command.Parameters.AddWithValue("o", organization);
        command.Parameters.AddWithValue("u", self);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) visible.Add(reader.GetInt64(0));
        return visible;
    }

    private static long Number(string publicId) => long.Parse(publicId.Split('_')[^1], CultureInfo.InvariantCulture);

    [Test]
    public void EveryMappedV1Route_HasAMatrixEntry_AndEveryEntryIsMapped()
    {
        var mapped = Target.Host!.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.TrimStart('/').StartsWith("v1/", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.OfType<HttpMethodMetadata>().SelectMany(m => m.HttpMethods)
                .Select(method => $"{method} /{e.RoutePattern.RawText!.Trim('/')}"))
            .ToHashSet(StringComparer.Ordinal);
        var covered = AuthorizationMatrix.Cases.Select(c => $"{c.Method} {c.Template}").ToHashSet(StringComparer.Ordinal);

        Assert.That(mapped, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            Assert.That(mapped.Except(covered).Order(), Is.Empty, "mapped /v1 routes without an authorization matrix entry");
            Assert.That(covered.Except(mapped).Order(), Is.Empty, "matrix entries for routes that are not mapped");
        });
    }

    [Test]
    public void EveryMatrixRoute_HasAnAllowedCall_AndRoutesWithIds_HaveForbiddenAndMissingCalls()
    {
        var problems = new List<string>();
        foreach (var route in AuthorizationMatrix.Cases.GroupBy(c => $"{c.Method} {c.Template}"))
        {
            var statuses = route.SelectMany(c => Expectation.Authenticated.Select(c.Expect.StatusFor)).ToList();
            if (!statuses.Any(s => s is >= 200 and < 300)) problems.Add(route.Key + ": no caller is allowed");
            if (!route.Key.Contains('{', StringComparison.Ordinal)) continue;
            if (!statuses.Contains(403)) problems.Add(route.Key + ": no 403 case");
            if (!route.Any(c => Expectation.Authenticated.All(a => c.Expect.StatusFor(a) == 404))) problems.Add(route.Key + ": no missing-resource case");
        }
        foreach (var matrixCase in AuthorizationMatrix.Cases.Where(c => c.Template != "/v1/health"))
        {
            if (Expectation.Unauthenticated.Any(u => matrixCase.Expect.StatusFor(u) != 401)) problems.Add(matrixCase + ": a dead token is not 401");
        }
        Assert.That(problems, Is.Empty);
    }
}
