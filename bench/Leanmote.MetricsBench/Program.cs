// Metrics API benchmark client (issue 9 item 8). Talks HTTP to a running server on loopback and SQL to its database:
// for each route and window it measures p50/p95 with 1 client and with 8 concurrent clients, and — in the same run,
// interleaved — the floor: one plain aggregate statement over the same rows (count and sum of the window's PRs and
// deployments), so the ratio route ÷ floor survives a noisy machine.
// usage: Leanmote.MetricsBench <baseUrl> <token> <connectionString> <organizationId> [--iterations N] [--out file.md]
//        [--skip N] [--long-clients 1|1,8]
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Npgsql;

var baseUrl = args[0].TrimEnd('/');
var token = args[1];
var connectionString = args[2];
var organization = long.Parse(args[3], CultureInfo.InvariantCulture);
string? Option(string name) => Array.IndexOf(args, "--" + name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
var iterations = int.Parse(Option("iterations") ?? "20", CultureInfo.InvariantCulture);
var output = Option("out");
// --skip N: leave out the first N route rows (to resume a run); --long-clients 1: only one client on 366-day cells
var skip = int.Parse(Option("skip") ?? "0", CultureInfo.InvariantCulture);
var longClients = (Option("long-clients") ?? "1,8").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromSeconds(120) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
await using var db = NpgsqlDataSource.Create(connectionString);

var today = DateOnly.FromDateTime(DateTime.UtcNow);
var windows = new[] { ("30 d", today.AddDays(-29)), ("366 d", today.AddDays(-365)) };
var routes = new (string Name, string Path, string[] Windows)[]
{
    ("/dora-metrics", "/v1/metrics/dora-metrics", ["30 d", "366 d"]),
    ("/dora-metrics + evidence", "/v1/metrics/dora-metrics?include=evidence", ["30 d", "366 d"]),
    ("/team-collaboration", "/v1/metrics/team-collaboration", ["30 d", "366 d"]),
    ("/team-collaboration + evidence", "/v1/metrics/team-collaboration?include=evidence", ["30 d", "366 d"]),
    ("/team-activity", "/v1/metrics/team-activity", ["30 d", "366 d"]),
    ("/team-activity + evidence", "/v1/metrics/team-activity?include=evidence", ["30 d", "366 d"]),
    ("full payload (4 families)", "/v1/metrics", ["366 d"]),
    ("full payload + evidence", "/v1/metrics?include=evidence", ["366 d"]),
};

const string FloorSql = """
    SELECT (SELECT count(*) FROM pull_requests WHERE organization_id = @o AND merged_at >= @s AND merged_at < @e),
           (SELECT sum(additions + deletions) FROM pull_requests WHERE organization_id = @o AND merged_at >= @s AND merged_at < @e),
           (SELECT count(*) FROM deployments WHERE organization_id = @o AND finished_at >= @s AND finished_at < @e),
           (SELECT count(*) FROM pull_request_reviews WHERE organization_id = @o AND submitted_at >= @s AND submitted_at < @e)
    """;

async Task<double> FloorOnce(DateOnly start)
{
    var started = Stopwatch.GetTimestamp();
    await using var command = db.CreateCommand(FloorSql);
    command.Parameters.AddWithValue("o", organization);
    command.Parameters.AddWithValue("s", new DateTimeOffset(start.AddDays(-(today.DayNumber - start.DayNumber + 1)).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
    command.Parameters.AddWithValue("e", new DateTimeOffset(today.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync()) { }
    return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}

async Task<double> RouteOnce(string path, DateOnly start)
{
    var separator = path.Contains('?') ? '&' : '?';
    var started = Stopwatch.GetTimestamp();
    using var response = await http.GetAsync($"{baseUrl}{path}{separator}start_date={start:yyyy-MM-dd}&end_date={today:yyyy-MM-dd}");
    var body = await response.Content.ReadAsByteArrayAsync();
    if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)[..Math.Min(300, body.Length)]}");
    return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}

// Runs the route and the floor interleaved, each `clients` wide, `iterations` rounds; returns both latency lists.
async Task<(List<double> Route, List<double> Floor)> Measure(string path, DateOnly start, int clients)
{
    for (var i = 0; i < 3; i++) { await RouteOnce(path, start); await FloorOnce(start); }
    var route = new List<double>();
    var floor = new List<double>();
    for (var round = 0; round < iterations; round++)
    {
        route.AddRange(await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => RouteOnce(path, start))));
        floor.AddRange(await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => FloorOnce(start))));
    }
    return (route, floor);
}

static double P(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    var h = (sorted.Count - 1) * p;
    return sorted[(int)Math.Floor(h)] + (h - Math.Floor(h)) * (sorted[(int)Math.Ceiling(h)] - sorted[(int)Math.Floor(h)]);
}

var lines = new List<string>
{
    $"Metrics benchmark, organization {organization}, {iterations} rounds per cell, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC",
    "",
    "| route | window | clients | p50 ms | p95 ms | floor p95 ms | p95 ÷ floor |",
    "|---|---|---|---|---|---|---|",
};
foreach (var (name, path, routeWindows) in routes.Skip(skip))
{
    foreach (var (label, start) in windows.Where(w => routeWindows.Contains(w.Item1)))
    {
        foreach (var clients in label == "366 d" ? longClients : [1, 8])
        {
            try
            {
                var (route, floor) = await Measure(path, start, clients);
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {label} | {clients} | {P(route, 0.5):0.0} | {P(route, 0.95):0.0} | {P(floor, 0.95):0.0} | {P(route, 0.95) / P(floor, 0.95):0.0}× |");
                lines.Add(line);
                Console.WriteLine(line);
            }
            catch (HttpRequestException e)
            {
                Console.WriteLine($"| {name} | {label} | {clients} | not measured: {e.Message} |");
            }
        }
    }
}
if (output is not null) await File.WriteAllLinesAsync(output, lines);
