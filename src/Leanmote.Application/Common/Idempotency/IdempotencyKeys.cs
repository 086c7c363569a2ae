using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Leanmote.Application.Common.Idempotency;

/// <summary>The rules of an Idempotency-Key and the fingerprint of the request it is used with.</summary>
public static class IdempotencyKeys
{
    public const int MaxLength = 255;

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>A claim still pending after this long belongs to a request that died; it may be taken over.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);

    private static readonly JsonSerializerOptions FingerprintOptions = new()
    {
        Converters = { new ElementConverter() },
        MaxDepth = 64,
    };

    /// <summary>1 to 255 printable ASCII characters (space to tilde).</summary>
    public static bool IsValid(string? key) =>
        key is { Length: > 0 and <= MaxLength } && key.All(c => c is >= ' ' and <= '~');

    /// <summary>
    /// SHA-256 of the message as JSON: the path ids, the body fields and the query string it carries. Two requests
    /// with the same fingerprint would run the same handler with the same input.
    /// </summary>
    public static string Fingerprint<TMessage>(TMessage message) where TMessage : notnull
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(message, typeof(TMessage), FingerprintOptions);
        var name = Encoding.UTF8.GetBytes(typeof(TMessage).FullName ?? typeof(TMessage).Name);
        return Convert.ToHexStringLower(SHA256.HashData([.. name, 0, .. json]));
    }

    /// <summary>Merge-patch messages carry raw <see cref="JsonElement"/>s, absent ones as Undefined.</summary>
    private sealed class ElementConverter : JsonConverter<JsonElement>
    {
        public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Fingerprints are written, never read");

        public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options)
        {
            if (value.ValueKind == JsonValueKind.Undefined) writer.WriteStringValue("\u0000absent");
            else value.WriteTo(writer);
        }
    }
}
