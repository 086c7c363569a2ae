using System.Buffers;
using Leanmote.Api.Telemetry;
using NUnit.Framework;

namespace Leanmote.UnitTests.Api;

/// <summary>Issue 10: the OTLP body buffer grows as bytes arrive; a declared Content-Length reserves nothing up front.</summary>
public sealed class OtlpBodyBufferTests
{
    private const long Limit = 10 * 1024 * 1024;

    [Test]
    public async Task ReadBody_LargeDeclaredLengthButFewBytes_RentsOnlyAnInitialBuffer()
    {
        var (buffer, length) = await OtlpIngestHandler.ReadBodyAsync(new MemoryStream(new byte[10]), Limit, contentLength: Limit, CancellationToken.None);
        try
        {
            Assert.That(length, Is.EqualTo(10));
            Assert.That(buffer.Length, Is.LessThanOrEqualTo(OtlpIngestHandler.InitialBodyBuffer),
                "a slow client that declares 10 MiB must not pin 10 MiB before sending them");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [Test]
    public async Task ReadBody_BodyLargerThanTheInitialBuffer_GrowsAndReadsItAll()
    {
        var body = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();

        var (buffer, length) = await OtlpIngestHandler.ReadBodyAsync(new MemoryStream(body), Limit, contentLength: null, CancellationToken.None);
        try
        {
            Assert.That(buffer.AsSpan(0, length).SequenceEqual(body), Is.True);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [Test]
    public async Task ReadBody_OverTheLimit_ReportsMinusOne()
    {
        var (buffer, length) = await OtlpIngestHandler.ReadBodyAsync(new MemoryStream(new byte[5000]), 4096, contentLength: null, CancellationToken.None);
        ArrayPool<byte>.Shared.Return(buffer);

        Assert.That(length, Is.EqualTo(-1));
    }
}
