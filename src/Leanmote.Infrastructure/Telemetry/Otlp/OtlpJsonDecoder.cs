using System.Buffers;
using System.Buffers.Text;
using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Leanmote.Infrastructure.Telemetry.Otlp;

/// <summary>
/// OTLP JSON → the generated messages (otel.md §3.3), with a <see cref="Utf8JsonReader"/> walking the message
/// descriptors. Not Google.Protobuf's JsonParser: OTLP writes trace/span ids as hex, which that parser would
/// silently read as base64. Accepts lowerCamelCase and snake_case names, 64-bit integers as strings or
/// numbers, enum numbers, decimal strings or names, null as absent; ignores unknown fields; rejects a field
/// given twice, two members of one oneof, depth over 64 and invalid UTF-8.
/// </summary>
public static class OtlpJsonDecoder
{
    public const int MaxDepth = 64;

    private static readonly HashSet<string> HexIdFields = new(StringComparer.Ordinal) { "trace_id", "span_id", "parent_span_id" };
    private static readonly ConcurrentDictionary<MessageDescriptor, FieldTable> Tables = new();
    private static readonly ConcurrentDictionary<Type, Func<IMessage>> Factories = new();

    /// <summary>Parses <paramref name="utf8"/> into a new <typeparamref name="T"/>; throws <see cref="OtlpDecodeException"/> on bad input.</summary>
    public static T Parse<T>(ReadOnlySpan<byte> utf8) where T : IMessage<T>, new()
    {
        if (utf8.IsEmpty) throw new OtlpDecodeException("body", "is empty; a JSON object is required ({} is an empty request)");
        if (!Utf8.IsValid(utf8)) throw new OtlpDecodeException("body", "is not valid UTF-8");
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        var message = new T();
        var path = new JsonPath();
        try
        {
            if (!reader.Read()) throw new OtlpDecodeException("body", "is empty; a JSON object is required ({} is an empty request)");
            if (reader.TokenType != JsonTokenType.StartObject) throw new OtlpDecodeException("body", "must be a JSON object");
            ReadObject(ref reader, message, ref path, depth: 1);
            if (reader.Read()) throw new OtlpDecodeException("body", "has content after the top-level object");
        }
        catch (JsonException e)
        {
            var depthExceeded = e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase);
            throw new OtlpDecodeException(path.IsEmpty ? "body" : path.ToString(),
                depthExceeded ? $"is nested deeper than {MaxDepth} levels" : "is not valid JSON");
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader.GetString on an escape like "\ud800" that no low surrogate follows (ADR 0051)
            throw new OtlpDecodeException(path.IsEmpty ? "body" : path.ToString(), "contains a lone UTF-16 surrogate escape");
        }
        return message;
    }

    private static void ReadObject(ref Utf8JsonReader reader, IMessage message, ref JsonPath path, int depth)
    {
        if (depth > MaxDepth) throw new OtlpDecodeException(path.ToString(), $"is nested deeper than {MaxDepth} levels");
        var table = Tables.GetOrAdd(message.Descriptor, static d => new FieldTable(d));
        ulong seen = 0;
        Span<int> oneofSeen = stackalloc int[4];
        oneofSeen.Clear();

        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject) return;
            var field = table.Find(ref reader);
            reader.Read();
            if (field is null)
            {
                reader.Skip();   // unknown at this level, whatever its shape
                continue;
            }
            path.Push(field.JsonName);
            var bit = 1UL << (field.FieldNumber & 63);
            if ((seen & bit) != 0) throw new OtlpDecodeException(path.ToString(), "appears twice in one object");
            seen |= bit;

            if (reader.TokenType == JsonTokenType.Null)
            {
                path.Pop();
                continue;
            }

            if (field.RealContainingOneof is { } oneof)
            {
                var slot = oneof.Index;
                if (slot < oneofSeen.Length)
                {
                    if (oneofSeen[slot] != 0)
                        throw new OtlpDecodeException(path.ToString(), $"is a second member of '{ToCamel(oneof.Name)}'; at most one may be set");
                    oneofSeen[slot] = 1;
                }
            }

            if (field.IsRepeated)
            {
                if (reader.TokenType != JsonTokenType.StartArray) throw new OtlpDecodeException(path.ToString(), "must be an array");
                var list = (IList)field.Accessor.GetValue(message);
                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    path.PushIndex(index++);
                    if (reader.TokenType == JsonTokenType.Null) throw new OtlpDecodeException(path.ToString(), "must not be null");
                    list.Add(ReadValue(ref reader, field, ref path, depth));
                    path.Pop();
                }
            }
            else
            {
                field.Accessor.SetValue(message, ReadValue(ref reader, field, ref path, depth));
            }
            path.Pop();
        }
    }

    private static object ReadValue(ref Utf8JsonReader reader, FieldDescriptor field, ref JsonPath path, int depth)
    {
        switch (field.FieldType)
        {
            case FieldType.Message:
            case FieldType.Group:
                if (reader.TokenType != JsonTokenType.StartObject) throw new OtlpDecodeException(path.ToString(), "must be an object");
                var child = Factories.GetOrAdd(field.MessageType.ClrType, static t =>
                    System.Linq.Expressions.Expression.Lambda<Func<IMessage>>(System.Linq.Expressions.Expression.New(t)).Compile())();
                ReadObject(ref reader, child, ref path, depth + 1);
                return child;
            case FieldType.String:
                if (reader.TokenType != JsonTokenType.String) throw new OtlpDecodeException(path.ToString(), "must be a string");
                return reader.GetString()!;
            case FieldType.Bool:
                return reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    _ => throw new OtlpDecodeException(path.ToString(), "must be true or false"),
                };
            case FieldType.Bytes:
                if (reader.TokenType != JsonTokenType.String) throw new OtlpDecodeException(path.ToString(), "must be a string");
                return HexIdFields.Contains(field.Name) ? ReadHex(ref reader, ref path) : ReadBase64(ref reader, ref path);
            case FieldType.Double:
            case FieldType.Float:
                var d = ReadDouble(ref reader, ref path);
                return field.FieldType == FieldType.Float ? (float)d : d;
            case FieldType.Int64:
            case FieldType.SInt64:
            case FieldType.SFixed64:
                return ReadInt64(ref reader, ref path);
            case FieldType.UInt64:
            case FieldType.Fixed64:
                return ReadUInt64(ref reader, ref path);
            case FieldType.Int32:
            case FieldType.SInt32:
            case FieldType.SFixed32:
                var i = ReadInt64(ref reader, ref path);
                if (i is < int.MinValue or > int.MaxValue) throw new OtlpDecodeException(path.ToString(), "is out of range for a 32-bit integer");
                return (int)i;
            case FieldType.UInt32:
            case FieldType.Fixed32:
                var u = ReadUInt64(ref reader, ref path);
                if (u > uint.MaxValue) throw new OtlpDecodeException(path.ToString(), "is out of range for a 32-bit unsigned integer");
                return (uint)u;
            case FieldType.Enum:
                return ReadEnum(ref reader, field, ref path);
            default:
                throw new OtlpDecodeException(path.ToString(), "has an unsupported type");
        }
    }

    private static object ReadEnum(ref Utf8JsonReader reader, FieldDescriptor field, ref JsonPath path)
    {
        int number;
        if (reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0 && !IsDecimal(reader.ValueSpan))
        {
            var name = reader.GetString()!;
            number = field.EnumType.FindValueByName(name)?.Number
                     ?? throw new OtlpDecodeException(path.ToString(), $"'{Clip(name)}' is not a value of {field.EnumType.Name}");
        }
        else
        {
            var value = ReadInt64(ref reader, ref path);
            if (value is < int.MinValue or > int.MaxValue) throw new OtlpDecodeException(path.ToString(), "is out of range for an enum");
            number = (int)value;   // unknown numbers are kept (§3.3)
        }
        return Enum.ToObject(field.EnumType.ClrType, number);
    }

    private static long ReadInt64(ref Utf8JsonReader reader, ref JsonPath path)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out var n)) return n;
            throw new OtlpDecodeException(path.ToString(), "must be a whole number in range (no fraction or exponent)");
        }
        if (reader.TokenType == JsonTokenType.String)
        {
            var span = reader.ValueSpan;
            var digits = span.Length > 0 && span[0] == (byte)'-' ? span[1..] : span;
            if (!reader.ValueIsEscaped && IsDecimal(digits) && Utf8Parser.TryParse(span, out long v, out var used) && used == span.Length) return v;
            throw new OtlpDecodeException(path.ToString(), "must be a whole number or a string of decimal digits");
        }
        throw new OtlpDecodeException(path.ToString(), "must be a number or a string of decimal digits");
    }

    private static ulong ReadUInt64(ref Utf8JsonReader reader, ref JsonPath path)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetUInt64(out var n)) return n;
            throw new OtlpDecodeException(path.ToString(), "must be a non-negative whole number in range (no fraction or exponent)");
        }
        if (reader.TokenType == JsonTokenType.String)
        {
            var span = reader.ValueSpan;
            if (!reader.ValueIsEscaped && IsDecimal(span) && Utf8Parser.TryParse(span, out ulong v, out var used) && used == span.Length) return v;
            throw new OtlpDecodeException(path.ToString(), "must be a non-negative whole number or a string of decimal digits");
        }
        throw new OtlpDecodeException(path.ToString(), "must be a number or a string of decimal digits");
    }

    private static double ReadDouble(ref Utf8JsonReader reader, ref JsonPath path)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetDouble(out var d) && double.IsFinite(d)) return d;
            throw new OtlpDecodeException(path.ToString(), "is out of range for a double");
        }
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString()!;
            switch (text)
            {
                case "NaN": return double.NaN;
                case "Infinity": return double.PositiveInfinity;
                case "-Infinity": return double.NegativeInfinity;
            }
            if (text.Length is > 0 and <= 64 && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed))
                return parsed;
            throw new OtlpDecodeException(path.ToString(), $"'{Clip(text)}' is not a number");
        }
        throw new OtlpDecodeException(path.ToString(), "must be a number");
    }

    private static ByteString ReadHex(ref Utf8JsonReader reader, ref JsonPath path)
    {
        var text = reader.GetString()!;
        if (text.Length == 0) return ByteString.Empty;
        if (text.Length % 2 != 0 || !IsHex(text))
            throw new OtlpDecodeException(path.ToString(), $"'{Clip(text)}' is not hexadecimal (OTLP JSON ids are hex, not base64)");
        return UnsafeByteOperations.UnsafeWrap(Convert.FromHexString(text));
    }

    private static ByteString ReadBase64(ref Utf8JsonReader reader, ref JsonPath path)
    {
        var text = reader.GetString()!;
        if (text.Length == 0) return ByteString.Empty;
        var normalized = text.Replace('-', '+').Replace('_', '/').TrimEnd('=');
        normalized = normalized.PadRight(normalized.Length + (4 - normalized.Length % 4) % 4, '=');
        try
        {
            return UnsafeByteOperations.UnsafeWrap(Convert.FromBase64String(normalized));
        }
        catch (FormatException)
        {
            throw new OtlpDecodeException(path.ToString(), "is not base64");
        }
    }

    private static bool IsDecimal(ReadOnlySpan<byte> span)
    {
        if (span.Length is 0 or > 20) return false;
        foreach (var b in span)
        {
            if (b is < (byte)'0' or > (byte)'9') return false;
        }
        return true;
    }

    private static bool IsHex(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c)) return false;
        }
        return true;
    }

    internal static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static string ToCamel(string snake)
    {
        var sb = new StringBuilder(snake.Length);
        var upper = false;
        foreach (var c in snake)
        {
            if (c == '_') { upper = true; continue; }
            sb.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return sb.ToString();
    }

    /// <summary>The fields of one message by JSON name and by original (snake_case) name.</summary>
    private sealed class FieldTable
    {
        private readonly Dictionary<string, FieldDescriptor> _byName = new(StringComparer.Ordinal);
        private readonly Dictionary<string, FieldDescriptor>.AlternateLookup<ReadOnlySpan<char>> _lookup;

        public FieldTable(MessageDescriptor descriptor)
        {
            foreach (var field in descriptor.Fields.InDeclarationOrder())
            {
                _byName[field.JsonName] = field;
                _byName[field.Name] = field;
            }
            _lookup = _byName.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public FieldDescriptor? Find(ref Utf8JsonReader reader)
        {
            if (reader.ValueIsEscaped || reader.ValueSpan.Length > 64)
            {
                var name = reader.GetString()!;
                return _byName.GetValueOrDefault(name);
            }
            Span<char> chars = stackalloc char[64];
            var count = Encoding.UTF8.GetChars(reader.ValueSpan, chars);
            return _lookup.TryGetValue(chars[..count], out var field) ? field : null;
        }
    }

    /// <summary>The JSON path of the value being read, formatted only when an error names it.</summary>
    private struct JsonPath
    {
        private string[]? _names;
        private int[]? _indexes;
        private int _count;

        public readonly bool IsEmpty => _count == 0;

        public void Push(string name) => PushSegment(name, -1);

        public void PushIndex(int index) => PushSegment(null, index);

        public void Pop() => _count--;

        private void PushSegment(string? name, int index)
        {
            _names ??= new string[16];
            _indexes ??= new int[16];
            if (_count == _names.Length)
            {
                Array.Resize(ref _names, _count * 2);
                Array.Resize(ref _indexes, _count * 2);
            }
            _names[_count] = name!;
            _indexes[_count] = index;
            _count++;
        }

        public override readonly string ToString()
        {
            var sb = new StringBuilder();
            for (var i = 0; i < _count; i++)
            {
                if (_names![i] is { } name)
                {
                    if (sb.Length > 0) sb.Append('.');
                    sb.Append(name);
                }
                else
                {
                    sb.Append('[').Append(_indexes![i].ToString(CultureInfo.InvariantCulture)).Append(']');
                }
            }
            return sb.Length == 0 ? "body" : sb.ToString();
        }
    }
}

/// <summary>A body that cannot be decoded: 400 with the JSON-style path of the offending value.</summary>
public sealed class OtlpDecodeException(string field, string description) : Exception($"{field}: {description}")
{
    public string Field { get; } = field;
    public string Description { get; } = description;
}
