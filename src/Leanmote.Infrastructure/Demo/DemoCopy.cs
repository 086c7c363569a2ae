using Npgsql;
using NpgsqlTypes;

namespace Leanmote.Infrastructure.Demo;

/// <summary>Writes batches of rows with binary COPY and counts the rows written per table.</summary>
internal sealed class DemoCopy(NpgsqlConnection connection)
{
    private readonly Dictionary<string, long> counts = [];

    public IReadOnlyDictionary<string, long> RowCounts => counts;

    public async Task WriteAsync<T>(string table, string columns, IReadOnlyList<T> rows, CopyTable<T>.RowWriter write, CancellationToken ct)
    {
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)", ct);
        importer.Timeout = TimeSpan.FromMinutes(10);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            importer.StartRow();
            write(importer, in row);
        }
        var written = await importer.CompleteAsync(ct);
        counts[table] = counts.GetValueOrDefault(table) + (long)written;
    }
}

/// <summary>
/// The rows of one table waiting to be copied. Generators add rows as they go and flush their tables in
/// foreign-key order whenever a batch is big enough, so memory stays bounded whatever the demo size.
/// </summary>
internal sealed class CopyTable<T>(string table, string columns, CopyTable<T>.RowWriter write)
{
    public delegate void RowWriter(NpgsqlBinaryImporter writer, in T row);

    private readonly List<T> rows = [];

    public int Count => rows.Count;

    public void Add(in T row) => rows.Add(row);

    public async Task FlushAsync(DemoCopy copy, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }
        await copy.WriteAsync(table, columns, rows, write, ct);
        rows.Clear();
    }
}

/// <summary>Typed column writers: one PostgreSQL type per method, nulls spelled out.</summary>
internal static class CopyColumns
{
    public static void Id(this NpgsqlBinaryImporter w, long value) => w.Write(value, NpgsqlDbType.Bigint);

    public static void Id(this NpgsqlBinaryImporter w, long? value)
    {
        if (value is { } v) w.Write(v, NpgsqlDbType.Bigint); else w.WriteNull();
    }

    public static void Int(this NpgsqlBinaryImporter w, int value) => w.Write(value, NpgsqlDbType.Integer);

    public static void Bool(this NpgsqlBinaryImporter w, bool value) => w.Write(value, NpgsqlDbType.Boolean);

    public static void Text(this NpgsqlBinaryImporter w, string? value)
    {
        if (value is null) w.WriteNull(); else w.Write(value, NpgsqlDbType.Text);
    }

    public static void Time(this NpgsqlBinaryImporter w, DateTime value) => w.Write(value, NpgsqlDbType.TimestampTz);

    public static void Time(this NpgsqlBinaryImporter w, DateTime? value)
    {
        if (value is { } v) w.Write(v, NpgsqlDbType.TimestampTz); else w.WriteNull();
    }

    public static void Date(this NpgsqlBinaryImporter w, DateOnly value) => w.Write(value, NpgsqlDbType.Date);

    public static void Date(this NpgsqlBinaryImporter w, DateOnly? value)
    {
        if (value is { } v) w.Write(v, NpgsqlDbType.Date); else w.WriteNull();
    }

    public static void Numeric(this NpgsqlBinaryImporter w, decimal value) => w.Write(value, NpgsqlDbType.Numeric);

    public static void Numeric(this NpgsqlBinaryImporter w, decimal? value)
    {
        if (value is { } v) w.Write(v, NpgsqlDbType.Numeric); else w.WriteNull();
    }

    public static void Json(this NpgsqlBinaryImporter w, string json) => w.Write(json, NpgsqlDbType.Jsonb);

    public static void TextArray(this NpgsqlBinaryImporter w, string[] values) =>
        w.Write(values, NpgsqlDbType.Array | NpgsqlDbType.Text);
}
