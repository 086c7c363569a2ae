using Leanmote.ContractTests.Otel;
using Leanmote.ContractTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Leanmote.ContractTests;

/// <summary>
/// Issue 10 / ADR 0054: while the database is read-only (a failover window, SQLSTATE 25006) reads keep answering —
/// rate limits degrade to in-process counting and last-used stamps are skipped — and writes get 503 + Retry-After on
/// every surface, never 500.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(ApiTarget.InProcessCategory)]
public sealed class ReadOnlyDatabaseTests
{
    private static readonly string Database = InProcessApi.DatabaseName("_readonly");
    private InProcessApi? _host;
    private ApiClient? _api;
    private string _token = "";
    private string _ingestToken = "";
    private string _scimToken = "";
    private string _user = "";

    [OneTimeSetUp]
    public async Task StartHostAsync()
    {
        ApiTarget.SkipUnlessInProcess(!ApiTarget.IsRemoteConfigured, GetType());
        _host = await InProcessApi.StartWithFreshDatabaseAsync(Database, new Dictionary<string, string>
        {
            ["Serilog__MinimumLevel__Default"] = "Fatal",   // the read-only window is logged on purpose
        });
        _api = new ApiClient(_host.BaseAddress);
        var org = (long)(await _host.SqlAsync("INSERT INTO organizations (name, slug) VALUES ('Read only', 'read-only') RETURNING id"))!;
        var user = (long)(await _host.SqlAsync("INSERT INTO users (name, email) VALUES ('Ro Admin', 'ro@example.com') RETURNING id"))!;
        await _host.SqlAsync("INSERT INTO organization_members (organization_id, user_id, role) VALUES (@o, @u, 'admin')", ("o", org), ("u", user));
        _user = "usr_" + user;
        _token = await _host.CreateTokenAsync("ro@example.com");
        var ingest = await _api.PostJsonAsync($"/v1/organizations/org_{org}/ingest-tokens", _token, """{"name": "fleet"}""");
        _ingestToken = EnvelopeAssert.Single(ingest, 201).GetProperty("token").GetString()!;
        var scim = await _api.PostJsonAsync($"/v1/admin/organizations/org_{org}/scim-tokens", _token, "{}");
        _scimToken = EnvelopeAssert.Single(scim, 201).GetProperty("token").GetString()!;
    }

    [OneTimeTearDown]
    public async Task StopHostAsync()
    {
        if (_host is not null) await SetReadOnlyAsync(false);
        _api?.Dispose();
        if (_host is not null) await _host.DisposeAsync();
    }

    private async Task SetReadOnlyAsync(bool on)
    {
        var admin = new NpgsqlConnectionStringBuilder(InProcessApi.ClusterConnectionString) { Database = "postgres", Pooling = false };
        await using (var conn = new NpgsqlConnection(admin.ConnectionString))
        {
            await conn.OpenAsync();
            var sql = on ? $"ALTER DATABASE \"{Database}\" SET default_transaction_read_only = on" : $"ALTER DATABASE \"{Database}\" RESET default_transaction_read_only";
            await using var command = new NpgsqlCommand(sql, conn);
            await command.ExecuteNonQueryAsync();
        }
        // pooled sessions keep the old default; new ones see the change
        _host!.Services.GetRequiredService<NpgsqlDataSource>().Clear();
    }

    [Test]
    public async Task ReadOnlyWindow_ReadsAnswer200_WritesAnswer503WithRetryAfter_ThenRecover()
    {
        await SetReadOnlyAsync(true);
        try
        {
            var before = DateTimeOffset.UtcNow;
            var read = await _api!.GetAsync("/v1/organizations", _token);
            EnvelopeAssert.List(read);
            Assert.That(read.Header("X-RateLimit-Remaining"), Is.Not.Null, "rate limits keep counting, in process");
            EnvelopeAssert.List(await _api.GetAsync($"/v1/admin/users/{_user}/api-credentials", _token));

            var write = await _api.PostJsonAsync($"/v1/admin/users/{_user}/api-credentials", _token, "{}");
            EnvelopeAssert.Error(write, 503, "SERVICE_UNAVAILABLE");
            Assert.That(write.Header("Retry-After"), Does.Match("^[1-9][0-9]*$"));

            var scim = await Leanmote.ContractTests.Scim.Scim.GetAsync(_api, "/Users", _scimToken);
            Assert.That(scim.StatusCode, Is.EqualTo(200), "SCIM reads answer too: " + scim);

            using var otlp = new OtlpHttp(_host!.BaseAddress);
            var ingest = await otlp.PostJsonAsync("/otel/v1/logs", _ingestToken, """{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"x"}}]}]}]}""");
            Assert.That(ingest.Status, Is.EqualTo(503), ingest.ToString());
            Assert.That(ingest.Header("Retry-After"), Does.Match("^[1-9][0-9]*$"));
            Assert.That(DateTimeOffset.UtcNow - before, Is.LessThan(TimeSpan.FromSeconds(5)), "answers come quickly, without long retries");
        }
        finally
        {
            await SetReadOnlyAsync(false);
        }

        EnvelopeAssert.Single(await _api.PostJsonAsync($"/v1/admin/users/{_user}/api-credentials", _token, "{}"), 201);
    }
}
