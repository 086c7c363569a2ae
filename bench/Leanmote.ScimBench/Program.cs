// SCIM benchmark client (issue 4 item 8, scim.md §13). Talks HTTP to a running server on loopback:
//   sync   — an Entra-style initial sync: for every user, GET /Users?filter=userName eq "…" then POST /Users;
//            then for every group GET /Groups?excludedAttributes=members&filter=displayName eq "…", POST /Groups
//            and one PATCH adding its members. Reports the wall time.
//   mixed  — a fixed-concurrency mix of the requests an IdP sends during steady-state sync, for a duration.
//            Reports requests/s, p50/p95/p99 overall and p95 per operation, and any non-2xx answer.
// usage: Leanmote.ScimBench <baseUrl> <scimToken> [--users N] [--groups N] [--concurrency N] [--seconds N]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

var baseUrl = args.Length > 0 ? args[0].TrimEnd('/') : throw new ArgumentException("base URL (…/scim/v2) required");
var token = args.Length > 1 ? args[1] : throw new ArgumentException("SCIM token required");
int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, "--" + name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
var users = Option("users", 10_000);
var groups = Option("groups", 500);
var concurrency = Option("concurrency", 16);
var seconds = Option("seconds", 30);
const string UserUrn = "urn:ietf:params:scim:schemas:core:2.0:User";
const string EnterpriseUrn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
{
    Timeout = TimeSpan.FromSeconds(60),
};
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/scim+json"));

var errors = new ConcurrentQueue<string>();
var latencies = new ConcurrentDictionary<string, ConcurrentBag<double>>();

async Task<JsonElement?> Send(string op, HttpMethod method, string path, string? body = null, int expect = 200)
{
    using var request = new HttpRequestMessage(method, baseUrl + path);
    if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/scim+json");
    var started = Stopwatch.GetTimestamp();
    using var response = await http.SendAsync(request);
    var text = await response.Content.ReadAsStringAsync();
    latencies.GetOrAdd(op, _ => []).Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    if ((int)response.StatusCode != expect)
    {
        errors.Enqueue($"{op} {method} {path} → {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
        return null;
    }
    return text.Length == 0 ? null : JsonDocument.Parse(text).RootElement.Clone();
}

async Task ForEach(int count, Func<int, Task> body)
{
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count) await body(i);
    }));
}

string Filter(string filter) => Uri.EscapeDataString(filter);

// ---- sync ----------------------------------------------------------------------------------------------------
var ids = new string[users];
var run = Guid.NewGuid().ToString("N")[..6];
Console.WriteLine($"sync: {users} users, {groups} groups, concurrency {concurrency}, run {run}");
var syncClock = Stopwatch.StartNew();
await ForEach(users, async i =>
{
    var userName = $"user{i}.{run}@bench.example";
    var found = await Send("sync_filter_user", HttpMethod.Get, $"/Users?filter={Filter($"userName eq \"{userName}\"")}");
    if (found?.GetProperty("totalResults").GetInt32() != 0) return;
    var body = $$"""
        {"schemas":["{{UserUrn}}","{{EnterpriseUrn}}"],"externalId":"ext{{i}}-{{run}}","userName":"{{userName}}","active":true,
         "displayName":"User {{i}}","name":{"givenName":"User","familyName":"{{i}}","formatted":"User {{i}}"},"title":"Engineer",
         "emails":[{"primary":true,"type":"work","value":"{{userName}}"}],"roles":[],"meta":{"resourceType":"User"},
         "{{EnterpriseUrn}}":{"department":"Dept {{i % 40}}","employeeNumber":"{{i}}"} }
        """;
    var created = await Send("sync_create_user", HttpMethod.Post, "/Users", body, 201);
    if (created is { } user) ids[i] = user.GetProperty("id").GetString()!;
});
var usersDone = syncClock.Elapsed;
var membersPerGroup = Math.Max(1, users / Math.Max(1, groups));
await ForEach(groups, async g =>
{
    var name = $"Group {g} {run}";
    await Send("sync_filter_group", HttpMethod.Get, $"/Groups?excludedAttributes=members&filter={Filter($"displayName eq \"{name}\"")}");
    var created = await Send("sync_create_group", HttpMethod.Post, "/Groups",
        $$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{name}}","externalId":"g{{g}}-{{run}}"}""", 201);
    if (created is not { } group) return;
    var members = string.Join(',', Enumerable.Range(g * membersPerGroup, membersPerGroup).Where(i => i < users && ids[i] is not null)
        .Select(i => $$"""{"value":"{{ids[i]}}"}"""));
    await Send("sync_add_members", HttpMethod.Patch, "/Groups/" + group.GetProperty("id").GetString(),
        $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"members","value":[{{members}}]}]}""", 204);
});
syncClock.Stop();
var syncRequests = latencies.Where(l => l.Key.StartsWith("sync_", StringComparison.Ordinal)).Sum(l => l.Value.Count);
Console.WriteLine($"sync: users in {usersDone.TotalSeconds:F1} s, total {syncClock.Elapsed.TotalSeconds:F1} s, {syncRequests} requests, {errors.Count} errors");
Report("sync_");

// ---- mixed ---------------------------------------------------------------------------------------------------
var groupIds = new List<string>();
for (var start = 1; ; start += 1000)
{
    var page = await Send("setup", HttpMethod.Get, $"/Groups?excludedAttributes=members&count=1000&startIndex={start}");
    var resources = page!.Value.GetProperty("Resources");
    groupIds.AddRange(resources.EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
    if (resources.GetArrayLength() < 1000) break;
}
var known = ids.Where(id => id is not null).ToArray();
var deadline = Stopwatch.StartNew();
var mixedCount = 0L;
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
{
    var random = new Random(worker);
    while (deadline.Elapsed < TimeSpan.FromSeconds(seconds))
    {
        var i = random.Next(users);
        var roll = random.Next(100);
        var userName = $"USER{i}.{run}@BENCH.EXAMPLE";
        _ = roll switch
        {
            < 30 => await Send("filter_userName", HttpMethod.Get, $"/Users?filter={Filter($"userName eq \"{userName}\"")}"),
            < 45 => await Send("filter_externalId", HttpMethod.Get, $"/Users?filter={Filter($"externalId eq \"ext{i}-{run}\"")}"),
            < 55 => await Send("filter_work_email", HttpMethod.Get, $"/Users?filter={Filter($"emails[type eq \"work\"].value eq \"{userName}\"")}"),
            < 70 => await Send("get_user", HttpMethod.Get, "/Users/" + known[random.Next(known.Length)]),
            < 82 => await Send("patch_user", HttpMethod.Patch, "/Users/" + known[random.Next(known.Length)],
                $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"title","value":"Title {{random.Next(5)}}"}]}"""),
            < 90 => await Send("filter_group", HttpMethod.Get, $"/Groups?excludedAttributes=members&filter={Filter($"displayName eq \"group {random.Next(groups)} {run}\"")}"),
            < 96 => await Send("patch_group_member", HttpMethod.Patch, "/Groups/" + groupIds[random.Next(groupIds.Count)],
                $$"""{"Operations":[{"op":"{{(random.Next(2) == 0 ? "add" : "remove")}}","path":"members","value":[{"value":"{{known[random.Next(known.Length)]}}"}]}]}""", 204),
            _ => await Send("page_users", HttpMethod.Get, $"/Users?startIndex={random.Next(Math.Max(1, users - 100))}&count=100"),
        };
        Interlocked.Increment(ref mixedCount);
    }
}));
Console.WriteLine($"mixed: {mixedCount} requests in {deadline.Elapsed.TotalSeconds:F1} s = {mixedCount / deadline.Elapsed.TotalSeconds:F0} req/s, concurrency {concurrency}");
Report("");
// ---- large team (scim.md §13): one PATCH adding 1,000 members, then lookups of a 5,000-member team --------------
if (known.Length >= 5000)
{
    var big = await Send("setup", HttpMethod.Post, "/Groups", $$"""{"displayName":"Big team {{run}}"}""", 201);
    var bigId = big!.Value.GetProperty("id").GetString()!;
    string Members(int from, int count) => string.Join(',', known.Skip(from).Take(count).Select(id => $$"""{"value":"{{id}}"}"""));
    for (var chunk = 0; chunk < 5; chunk++)
    {
        await Send("patch_add_1000_members", HttpMethod.Patch, "/Groups/" + bigId,
            $$"""{"Operations":[{"op":"add","path":"members","value":[{{Members(chunk * 1000, 1000)}}]}]}""", 204);
    }
    for (var i = 0; i < 200; i++)
    {
        await Send("lookup_5000_member_team", HttpMethod.Get, $"/Groups?excludedAttributes=members&filter={Filter($"displayName eq \"big team {run}\"")}");
    }
    Console.WriteLine("large team:");
    Report("");
}
Console.WriteLine($"errors: {errors.Count}");
foreach (var error in errors.Take(10)) Console.WriteLine("  " + error);
return errors.IsEmpty ? 0 : 1;

void Report(string prefix)
{
    var selected = latencies.Where(l => prefix.Length == 0 ? !l.Key.StartsWith("sync_", StringComparison.Ordinal) && l.Key != "setup" : l.Key.StartsWith(prefix, StringComparison.Ordinal))
        .ToList();
    var all = selected.SelectMany(l => l.Value).Order().ToArray();
    if (all.Length == 0) return;
    Console.WriteLine($"  all: n={all.Length} p50={P(all, 50):F1} ms p95={P(all, 95):F1} ms p99={P(all, 99):F1} ms");
    foreach (var (op, bag) in selected.OrderBy(l => l.Key))
    {
        var values = bag.Order().ToArray();
        Console.WriteLine($"  {op,-20} n={values.Length,6} p50={P(values, 50),7:F1} ms p95={P(values, 95),7:F1} ms p99={P(values, 99),7:F1} ms");
    }
    if (prefix.Length == 0) latencies.Clear();
}

static double P(double[] sorted, int percentile) => sorted[Math.Clamp((int)Math.Ceiling(sorted.Length * percentile / 100.0) - 1, 0, sorted.Length - 1)];
