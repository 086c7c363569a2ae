using Dapper;
using Npgsql;

namespace Leanmote.Infrastructure.Sql;

/// <summary>Runs a <see cref="ListStatement"/>: the total and the page in one round trip.</summary>
internal static class DbReading
{
    public static async Task<(IReadOnlyList<T> Rows, long Total)> ReadPageAsync<T>(NpgsqlDataSource db, ListStatement list, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var grid = await conn.QueryMultipleAsync(new CommandDefinition(list.Sql, list.Parameters, cancellationToken: ct));
        var total = await grid.ReadSingleAsync<long>();
        var rows = (await grid.ReadAsync<T>()).AsList();
        return (rows, total);
    }
}
