using System.Globalization;
using Leanmote.ContractTests.Support;
using Leanmote.Domain.Access;
using Npgsql;

namespace Leanmote.ContractTests.Otel;

/// <summary>
/// otel.md §4 and §7.2.3 on a second API process with small limits: the pending backlog cap answers 503 + Retry-After
/// (never a silent drop), the per-token bucket and the per-organization volume answer 429 + Retry-After.
/// </summary>
[TestFixture]
[Category(ApiTarget.InProcessCategory)]
[NonParallelizable]
public sealed class OtelBackpressureTests
{
    private const string DevelopmentSalt = "leanmote-development-salt-do-not-use-in-production";
    private const int PendingCap = 20;
    private InProcessApi _host = null!;
    private OtlpHttp _otlp = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        if (ApiTarget.IsRemoteConfigured) Assert.Ignore("Starts its own API process; runs only in-process");
        _host = await InProcessApi.StartWithFreshDatabaseAsync(InProcessApi.DatabaseName("_otel"), new Dictionary<string, string>
        {
            ["Otel__MaxPendingPayloads"] = PendingCap.ToString(CultureInfo.InvariantCulture),
            ["Otel__RetryAfterSeconds"] = "7",
            ["Otel__TokenRequestsPerSecond"] = "0.2",
            ["Otel__TokenBurst"] = "2",
            ["Otel__OrganizationBytesPerMinute"] = "3000",
            ["Leanmote__Access__AuthenticationFailuresPerMinute"] = "3",
            ["Otel__Normalizer__Enabled"] = "false",   // the backlog test needs payloads to stay pending
        });
        _otlp = new OtlpHttp(_host.BaseAddress);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _otlp?.Dispose();
        if (_host is not null) await _host.DisposeAsync();
    }

    private async Task<string> TokenAsync(string slug)
    {
        var organization = (long)(await _host.SqlAsync("INSERT INTO organizations (name, slug) VALUES (@s, @s) RETURNING id", ("s", slug)))!;
        var token = Leanmote.Domain.Telemetry.IngestToken.Generate();
        await _host.SqlAsync("INSERT INTO ingest_tokens (organization_id, name, token_hash, token_preview) VALUES (@o, 'test', @h, @p)",
            ("o", organization), ("h", ApiToken.Hash(token, DevelopmentSalt)), ("p", token[..8]));
        return token;
    }

    private static string Body(int padding = 0) => "{\"padding\": \"" + new string('x', padding) + "\", \"n\": \"" + Guid.NewGuid() + "\"}";

    [Test]
    [Order(1)]   // before FailedAuthentications_CountPerAddress_Then429, which blocks this address for the rest of the minute
    public async Task PendingBacklogOverTheCap_Is503WithRetryAfter_ThenRecovers()
    {
        var token = await TokenAsync("backlog");
        var organization = (long)(await _host.SqlAsync("SELECT organization_id FROM ingest_tokens WHERE token_preview = @p", ("p", token[..8])))!;
        var tokenId = (long)(await _host.SqlAsync("SELECT id FROM ingest_tokens WHERE token_preview = @p", ("p", token[..8])))!;
        await _host.SqlAsync("""
            INSERT INTO otel_raw_payloads (organization_id, ingest_token_id, request_id, signal, encoding, wire_bytes, body_bytes, payload_sha256, payload, item_count)
            SELECT @o, @t, 'filler-' || g, 'logs', 'json', 2, 2, '\x00', '{}', 0 FROM generate_series(1, @n) g
            """, ("o", organization), ("t", tokenId), ("n", PendingCap));
        await Task.Delay(1100);   // the backlog is counted at most once a second

        var refused = await _otlp.PostJsonAsync("/otel/v1/logs", token, Body());

        Assert.That(refused.Status, Is.EqualTo(503), refused.ToString());
        Assert.That(refused.Header("Retry-After"), Is.EqualTo("7"));
        var (code, _, reason, _) = refused.JsonStatus();
        Assert.That((code, reason), Is.EqualTo((14, "SERVICE_UNAVAILABLE")));
        Assert.That(await _host.SqlAsync("SELECT count(*) FROM otel_raw_payloads WHERE request_id = @r", ("r", refused.Header("X-Request-Id")!)), Is.EqualTo(0L));

        await _host.SqlAsync("UPDATE otel_raw_payloads SET status = 'normalized', normalized_at = now() WHERE request_id LIKE 'filler-%'");
        await Task.Delay(1100);
        var accepted = await _otlp.PostJsonAsync("/otel/v1/logs", token, Body());

        Assert.That(accepted.Status, Is.EqualTo(200), accepted.ToString());
    }

    [Test]
    [Order(1)]   // before FailedAuthentications_CountPerAddress_Then429, which blocks this address for the rest of the minute
    public async Task TokenOverItsBurst_Is429WithRetryAfter()
    {
        var token = await TokenAsync("burst");

        var first = await _otlp.PostJsonAsync("/otel/v1/logs", token, Body());
        var second = await _otlp.PostJsonAsync("/otel/v1/logs", token, Body());
        var third = await _otlp.PostJsonAsync("/otel/v1/logs", token, Body());

        Assert.That((first.Status, second.Status), Is.EqualTo((200, 200)), first + " / " + second);
        Assert.That(third.Status, Is.EqualTo(429), third.ToString());
        Assert.That(int.Parse(third.Header("Retry-After")!, CultureInfo.InvariantCulture), Is.InRange(1, 5), "one request every 5 s");
        var (code, _, reason, _) = third.JsonStatus();
        Assert.That((code, reason), Is.EqualTo((8, "RATE_LIMITED")));
    }

    [Test]
    [Order(1)]   // before FailedAuthentications_CountPerAddress_Then429, which blocks this address for the rest of the minute
    public async Task OrganizationOverItsVolume_Is429WithRetryAfter()
    {
        var token = await TokenAsync("volume");

        var first = await _otlp.PostJsonAsync("/otel/v1/logs", token, Body(2000));
        var second = await _otlp.PostJsonAsync("/otel/v1/logs", token, Body(2000));

        Assert.That(first.Status, Is.EqualTo(200), first.ToString());
        Assert.That(second.Status, Is.EqualTo(429), second.ToString());
        Assert.That(int.Parse(second.Header("Retry-After")!, CultureInfo.InvariantCulture), Is.InRange(1, 60), "until the minute resets");
    }

    [Test]
    [Order(1)]   // before FailedAuthentications_CountPerAddress_Then429, which blocks this address for the rest of the minute
    public async Task DatabaseUnreachable_Is503WithRetryAfter_Not500()
    {
        var token = await TokenAsync("database-down");
        Assert.That((await _otlp.PostJsonAsync("/otel/v1/metrics", token, Body())).Status, Is.EqualTo(200), "the token is cached by a first request");

        // Terminate every connection of the API's database and forbid new ones for the duration of one request.
        var database = new NpgsqlConnectionStringBuilder(_host.ConnectionString).Database!;
        var admin = new NpgsqlConnectionStringBuilder(InProcessApi.ClusterConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var conn = new NpgsqlConnection(admin);
        await conn.OpenAsync();
        await Exec(conn, $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false");
        try
        {
            await Exec(conn, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid()");
            var response = await _otlp.PostJsonAsync("/otel/v1/metrics", token, Body());

            Assert.That(response.Status, Is.EqualTo(503), response.ToString());
            Assert.That(response.Header("Retry-After"), Is.EqualTo("7"));
        }
        finally
        {
            await Exec(conn, $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
            NpgsqlConnection.ClearAllPools();   // this test process's own pooled connections were terminated too
        }
        await Task.Delay(1100);
        var recovered = await _otlp.PostJsonAsync("/otel/v1/metrics", await TokenAsync("database-back"), Body());
        Assert.That(recovered.Status, Is.EqualTo(200), recovered.ToString());
    }

    [Test]
    [Order(2)]   // last: over the limit, every request from this address is 429 until the minute ends (ADR 0055)
    public async Task FailedAuthentications_CountPerAddress_Then429()
    {
        var statuses = new List<int>();
        for (var i = 0; i < 4; i++) statuses.Add((await _otlp.PostJsonAsync("/otel/v1/logs", "lmi_not-a-token-" + i, "{}")).Status);
        var limited = await _otlp.PostJsonAsync("/otel/v1/logs", "lmi_not-a-token", "{}");

        Assert.That(statuses.Take(3), Is.All.EqualTo(401));
        Assert.That(limited.Status, Is.EqualTo(429), limited.ToString());
        Assert.That(limited.Header("Retry-After"), Is.Not.Null);
        Assert.That(limited.JsonStatus().Reason, Is.EqualTo("RATE_LIMITED"));
    }

    private static async Task Exec(NpgsqlConnection conn, string sql)
    {
        await using var command = new NpgsqlCommand(sql, conn);
        await command.ExecuteNonQueryAsync();
    }
}
