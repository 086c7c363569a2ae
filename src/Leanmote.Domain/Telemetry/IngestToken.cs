using System.Security.Cryptography;
using Leanmote.Domain.Common;

namespace Leanmote.Domain.Telemetry;

/// <summary>The public id of an ingest token (<c>itk_7</c>, otel.md §2.2).</summary>
public readonly record struct IngestTokenId(long Value) : IPublicId<IngestTokenId>
{
    public static string Prefix => "itk";
    public static IngestTokenId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}

/// <summary>The three OTLP signals; their wire names are the path segments and the stored values.</summary>
public enum OtelSignal
{
    Logs,
    Metrics,
    Traces,
}

public static class OtelSignals
{
    public static readonly IReadOnlyList<string> All = ["logs", "metrics", "traces"];

    public static string Name(OtelSignal signal) => signal switch
    {
        OtelSignal.Logs => "logs",
        OtelSignal.Metrics => "metrics",
        OtelSignal.Traces => "traces",
        _ => throw new ArgumentOutOfRangeException(nameof(signal)),
    };

    public static bool TryParse(string? name, out OtelSignal signal)
    {
        switch (name)
        {
            case "logs": signal = OtelSignal.Logs; return true;
            case "metrics": signal = OtelSignal.Metrics; return true;
            case "traces": signal = OtelSignal.Traces; return true;
            default: signal = default; return false;
        }
    }
}

/// <summary>
/// Ingest token format (otel.md §2.2): <c>lmi_</c> + 43 characters of unpadded base64url (32 CSPRNG bytes). The
/// alphabet survives <c>OTEL_EXPORTER_OTLP_HEADERS</c> parsing. Hashed like REST tokens (same salt).
/// </summary>
public static class IngestToken
{
    public const string Prefix = "lmi_";
    public const int PreviewLength = 8;

    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Prefix + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static string Preview(string token) => token.Length <= PreviewLength ? token : token[..PreviewLength];
}
