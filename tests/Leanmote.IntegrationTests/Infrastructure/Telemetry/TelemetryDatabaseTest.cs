using System.Security.Cryptography;
using Dapper;
using Google.Protobuf;
using Leanmote.Infrastructure.Telemetry.Identities;
using Leanmote.Infrastructure.Telemetry.Normalisation;
using Leanmote.IntegrationTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NUnit.Framework;

namespace Leanmote.IntegrationTests.Infrastructure.Telemetry;

/// <summary>
/// One migrated database per fixture; every test works in an organization of its own, so no reset is needed.
/// Raw payloads are inserted the way the ingest path stores them, then the real normalizer runs over them.
/// </summary>
public abstract class TelemetryDatabaseTest
{
    protected NpgsqlDataSource Db { get; private set; } = null!;
    protected NormaliserEngine Engine { get; private set; } = null!;
    protected TelemetryIdentityResolver Resolver { get; private set; } = null!;
    private int _sequence;

    protected virtual string Purpose => "telemetry";

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync()
    {
        Db = await TestDatabase.CreateMigratedAsync(Purpose);
        Resolver = new TelemetryIdentityResolver(TimeProvider.System, NullLogger<TelemetryIdentityResolver>.Instance);
        Engine = new NormaliserEngine(Db, new NormalisationWriter(Resolver), new TelemetryNormaliserOptions(), NullLogger<NormaliserEngine>.Instance);
    }

    [OneTimeTearDown]
    public async Task DisposeAsync() => await Db.DisposeAsync();

    protected sealed record Tenant(long OrganizationId, long TokenId);

    protected async Task<Tenant> NewTenantAsync()
    {
        var n = Interlocked.Increment(ref _sequence);
        await using var conn = await Db.OpenConnectionAsync();
        var org = await conn.ExecuteScalarAsync<long>(
            "INSERT INTO organizations (name, slug) VALUES (@Name, @Slug) RETURNING id",
            new { Name = $"Telemetry org {n}", Slug = $"telemetry-{Guid.NewGuid():N}" });
        var token = await conn.ExecuteScalarAsync<long>("""
            INSERT INTO ingest_tokens (organization_id, name, token_hash, token_preview)
            VALUES (@Org, 'fleet', @Hash, 'lmi_abcd') RETURNING id
            """, new { Org = org, Hash = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) });
        return new Tenant(org, token);
    }

    protected Task<long> StoreAsync(Tenant tenant, string signal, IMessage message, DateTime? receivedAt = null) =>
        StoreRawAsync(tenant, signal, "protobuf", message.ToByteArray(), receivedAt);

    /// <summary>Inserts a pending raw payload exactly as the request path does (§7.1).</summary>
    protected async Task<long> StoreRawAsync(Tenant tenant, string signal, string encoding, byte[] body, DateTime? receivedAt = null)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>("""
            INSERT INTO otel_raw_payloads (organization_id, received_at, ingest_token_id, request_id, signal, encoding, wire_bytes, body_bytes,
                payload_sha256, payload, item_count)
            VALUES (@Org, coalesce(@ReceivedAt, now()), @Token, @RequestId, @Signal, @Encoding, @Size, @Size, @Sha, @Body, 1)
            RETURNING id
            """, new
        {
            Org = tenant.OrganizationId, ReceivedAt = receivedAt, Token = tenant.TokenId, RequestId = Guid.NewGuid().ToString("N"),
            Signal = signal, Encoding = encoding, Size = (long)body.Length, Sha = SHA256.HashData(body), Body = body,
        });
    }

    /// <summary>Runs the normalizer until the queue is empty; returns the payloads settled.</summary>
    protected async Task<int> NormaliseAllAsync()
    {
        var total = 0;
        for (var i = 0; i < 100; i++)
        {
            var settled = await Engine.RunOnceAsync(CancellationToken.None);
            if (settled == 0) return total;
            total += settled;
        }
        throw new AssertionException("The normalizer never drained the queue");
    }

    protected async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    protected async Task<List<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return [.. await conn.QueryAsync<T>(sql, parameters)];
    }

    protected async Task ExecAsync(string sql, object? parameters = null)
    {
        await using var conn = await Db.OpenConnectionAsync();
        await conn.ExecuteAsync(sql, parameters);
    }
}
