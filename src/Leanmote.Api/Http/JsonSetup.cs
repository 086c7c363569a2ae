using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Leanmote.Domain.Common;

namespace Leanmote.Api.Http;

/// <summary>The one JSON configuration (style.md §5): snake_case, enums as strings, nulls written, typed ids, UTC instants.</summary>
public static class JsonSetup
{
    public static JsonSerializerOptions Options { get; } = Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.MaxDepth = 32;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new PublicIdConverterFactory());
        options.Converters.Add(new InstantConverter());
        return options;
    }

    private sealed class PublicIdConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) =>
            typeToConvert.IsValueType && typeToConvert.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IPublicId<>));

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(PublicIdConverter<>).MakeGenericType(typeToConvert))!;
    }

    private sealed class PublicIdConverter<T> : JsonConverter<T> where T : struct, IPublicId<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && PublicId.TryParse<T>(reader.GetString(), out var id)
                ? id
                : throw new JsonException($"must be an id like {T.Prefix}_123");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(PublicId.Format(T.Prefix, value.Value));
    }

    /// <summary>Writes instants as UTC ISO-8601 with <c>Z</c>, fractional seconds only when present.</summary>
    private sealed class InstantConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset().ToUniversalTime();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFF'Z'", CultureInfo.InvariantCulture));
    }
}
