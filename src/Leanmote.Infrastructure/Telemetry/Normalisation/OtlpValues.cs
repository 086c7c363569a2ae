using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Leanmote.Infrastructure.Telemetry.Otlp.Common;

namespace Leanmote.Infrastructure.Telemetry.Normalisation;

/// <summary>
/// An attribute list as normalized (otel.md §3.5, §4): keys sorted ordinally (so hashes and stored JSON are
/// canonical), at most 128 kept, keys cut to 256 bytes and string values to 64 KiB; duplicate keys: last wins.
/// Values are <see cref="string"/>, <see cref="bool"/>, <see cref="long"/>, <see cref="double"/>,
/// <see cref="byte"/>[] (bytes), <see cref="List{T}"/> of values, nested <see cref="Attributes"/>, or null.
/// </summary>
internal sealed class Attributes
{
    public const int MaxCount = 128;
    public const int MaxKeyBytes = 256;
    public const int MaxStringBytes = 64 * 1024;

    public static readonly Attributes Empty = new(new SortedDictionary<string, object?>(StringComparer.Ordinal), 0);

    private readonly SortedDictionary<string, object?> _values;

    private Attributes(SortedDictionary<string, object?> values, int dropped)
    {
        _values = values;
        Dropped = dropped;
    }

    public int Count => _values.Count;

    /// <summary>How many attributes the 128 limit dropped.</summary>
    public int Dropped { get; }

    public IEnumerable<KeyValuePair<string, object?>> Pairs => _values;

    public static Attributes From(RepeatedField<KeyValue> list, int depth = 0)
    {
        if (list.Count == 0) return Empty;
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        var dropped = 0;
        foreach (var kv in list)
        {
            var key = Truncate(kv.Key ?? "", MaxKeyBytes);
            if (!values.ContainsKey(key) && values.Count >= MaxCount)
            {
                dropped++;
                continue;
            }
            values[key] = Convert(kv.Value, depth);
        }
        return new Attributes(values, dropped);
    }

    public object? this[string key] => _values.GetValueOrDefault(key);

    public bool Contains(string key) => _values.ContainsKey(key);

    /// <summary>The value's text form: strings as they are, numbers invariant, booleans lower-case; null when absent.</summary>
    public string? Text(string key) => TextOf(this[key]);

    public static string? TextOf(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        byte[] bytes => System.Convert.ToBase64String(bytes),
        _ => null,
    };

    /// <summary>Non-empty text or null.</summary>
    public string? NonEmpty(string key) => Text(key) is { Length: > 0 } s ? s : null;

    public long? Long(string key) => this[key] switch
    {
        long l => l,
        double d when double.IsFinite(d) && Math.Abs(d) < 9.2e18 => (long)Math.Round(d),
        string s when long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                      && double.IsFinite(d) && Math.Abs(d) < 9.2e18 => (long)Math.Round(d),
        _ => null,
    };

    public decimal? Decimal(string key) => this[key] switch
    {
        long l => l,
        double d when double.IsFinite(d) && Math.Abs(d) < 7.9e27 => (decimal)d,
        string s when decimal.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var m) => m,
        _ => null,
    };

    public bool? Bool(string key) => this[key] switch
    {
        bool b => b,
        string s when bool.TryParse(s.Trim(), out var b) => b,
        _ => null,
    };

    /// <summary>The canonical JSON text (keys sorted), optionally without some keys (content attributes, §7.4).</summary>
    public string ToJson(IReadOnlySet<string>? without = null)
    {
        var buffer = new ArrayBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteObject(writer, this, without);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string? ValueToJson(object? value)
    {
        if (value is null) return null;
        var buffer = new ArrayBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteValue(writer, value);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Feeds the canonical form into a hash (keys sorted, values typed).</summary>
    public void HashInto(IncrementalHash hash) => Hashing.Add(hash, ToJson());

    internal static object? Convert(AnyValue? value, int depth)
    {
        if (value is null || depth > 64) return null;
        return value.ValueCase switch
        {
            AnyValue.ValueOneofCase.StringValue => Truncate(value.StringValue, MaxStringBytes),
            AnyValue.ValueOneofCase.BoolValue => value.BoolValue,
            AnyValue.ValueOneofCase.IntValue => value.IntValue,
            AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue,
            AnyValue.ValueOneofCase.BytesValue => value.BytesValue.ToByteArray(),
            AnyValue.ValueOneofCase.ArrayValue => value.ArrayValue.Values.Select(v => Convert(v, depth + 1)).ToList(),
            AnyValue.ValueOneofCase.KvlistValue => From(value.KvlistValue.Values, depth + 1),
            _ => null,
        };
    }

    private static void WriteObject(Utf8JsonWriter writer, Attributes attributes, IReadOnlySet<string>? without)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in attributes._values)
        {
            if (without is not null && without.Contains(key)) continue;
            writer.WritePropertyName(key);
            WriteValue(writer, value);
        }
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l when Math.Abs(l) <= (1L << 53): writer.WriteNumberValue(l); break;
            case long l: writer.WriteStringValue(l.ToString(CultureInfo.InvariantCulture)); break;
            case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
            case double d: writer.WriteStringValue(double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity"); break;
            case byte[] bytes: writer.WriteBase64StringValue(bytes); break;
            case List<object?> list:
                writer.WriteStartArray();
                foreach (var item in list) WriteValue(writer, item);
                writer.WriteEndArray();
                break;
            case Attributes nested: WriteObject(writer, nested, null); break;
            default: writer.WriteNullValue(); break;
        }
    }

    /// <summary>Cuts a string to at most <paramref name="maxBytes"/> UTF-8 bytes without splitting a character.</summary>
    internal static string Truncate(string value, int maxBytes)
    {
        if (value.Length * 3 <= maxBytes || Encoding.UTF8.GetByteCount(value) <= maxBytes) return value;
        var bytes = 0;
        var i = 0;
        while (i < value.Length)
        {
            var step = char.IsSurrogatePair(value, i) ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(value.AsSpan(i, step));
            if (bytes + size > maxBytes) break;
            bytes += size;
            i += step;
        }
        return value[..i];
    }

    private sealed class ArrayBufferWriter : System.Buffers.IBufferWriter<byte>
    {
        private byte[] _buffer = new byte[256];
        private int _written;

        public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

        public void Advance(int count) => _written += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _buffer.AsMemory(_written);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _buffer.AsSpan(_written);
        }

        private void Ensure(int sizeHint)
        {
            var needed = _written + Math.Max(sizeHint, 1);
            if (needed <= _buffer.Length) return;
            Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
        }
    }
}

/// <summary>Length-prefixed field hashing, so that ("ab","c") and ("a","bc") never collide.</summary>
internal static class Hashing
{
    public static IncrementalHash Start() => IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public static void Add(IncrementalHash hash, string? value)
    {
        if (value is null)
        {
            Add(hash, -1L);
            return;
        }
        var bytes = Encoding.UTF8.GetBytes(value);
        Add(hash, (long)bytes.Length);
        hash.AppendData(bytes);
    }

    public static void Add(IncrementalHash hash, ReadOnlySpan<byte> value)
    {
        Add(hash, (long)value.Length);
        hash.AppendData(value);
    }

    public static void Add(IncrementalHash hash, long value)
    {
        Span<byte> buffer = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(buffer, value);
        hash.AppendData(buffer);
    }

    public static byte[] Finish(IncrementalHash hash) => hash.GetHashAndReset();
}

/// <summary>Time and id helpers.</summary>
internal static class Otlp
{
    public static DateTime ToUtc(ulong unixNano) =>
        DateTime.UnixEpoch.AddTicks((long)Math.Min(unixNano / 100, (ulong)(DateTime.MaxValue - DateTime.UnixEpoch).Ticks));

    /// <summary>A 16-byte trace id or 8-byte span id that is not all zero, else null (invalid ids are discarded, §5.2).</summary>
    public static byte[]? Id(ByteString value, int length)
    {
        if (value.Length != length) return null;
        var span = value.Span;
        foreach (var b in span)
            if (b != 0) return span.ToArray();
        return null;
    }

    public static string? Hex(byte[]? id) => id is null ? null : System.Convert.ToHexStringLower(id);
}
