using System.Text.Json;
using Leanmote.Application.Common.Idempotency;

namespace Leanmote.Api.Http;

/// <summary>
/// Stores success values for Idempotency-Key replays with the one JSON configuration, and the status the
/// envelope answers them with; a replay goes through the envelope again, so it is byte-for-byte the same answer.
/// </summary>
public sealed class JsonResponseCodec : IResponseCodec
{
    public (int StatusCode, string Json) Encode(object value, Type type) =>
        (Envelope.Unwrap(value).Status, JsonSerializer.Serialize(value, type, JsonSetup.Options));

    public object Decode(string json, Type type) =>
        JsonSerializer.Deserialize(json, type, JsonSetup.Options) ?? throw new JsonException("A stored response was null");
}
