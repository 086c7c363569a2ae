using Npgsql;

namespace Leanmote.Infrastructure.Demo;

/// <summary>
/// Foreign-key checks row by row cost more than the rest of a bulk load together. When the role may
/// (superuser), the loader sets <c>session_replication_role = replica</c> for its transaction, which skips
/// the per-row RI triggers, and then proves every foreign key of the tables it wrote with one anti-join per
/// constraint before committing. Unique, exclusion, NOT NULL and CHECK constraints are enforced either way.
/// </summary>
internal static class DemoIntegrity
{
    public static async Task<bool> TrySkipRowTriggersAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var probe = new NpgsqlCommand("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", connection);
        if (await probe.ExecuteScalarAsync(ct) is not true)
        {
            return false;
        }
        await using var set = new NpgsqlCommand("SET LOCAL session_replication_role = replica", connection);
        await set.ExecuteNonQueryAsync(ct);
        return true;
    }

    /// <summary>Restores trigger firing and throws when any row of <paramref name="tables"/> breaks a foreign key.</summary>
    public static async Task CheckForeignKeysAsync(NpgsqlConnection connection, IEnumerable<string> tables, CancellationToken ct)
    {
        await using (var reset = new NpgsqlCommand("SET LOCAL session_replication_role = origin", connection))
        {
            await reset.ExecuteNonQueryAsync(ct);
        }

        // One "does an orphan exist?" probe per foreign key (MATCH SIMPLE: rows with a null key column are not checked).
        const string probesSql = """
            SELECT con.conname,
                   format('SELECT %L WHERE EXISTS (SELECT 1 FROM %I c WHERE %s AND NOT EXISTS (SELECT 1 FROM %I p WHERE %s))',
                          con.conname, child.relname,
                          string_agg(format('c.%I IS NOT NULL', ca.attname), ' AND '),
                          parent.relname,
                          string_agg(format('p.%I = c.%I', pa.attname, ca.attname), ' AND '))
            FROM pg_constraint con
            JOIN pg_class child ON child.oid = con.conrelid
            JOIN pg_class parent ON parent.oid = con.confrelid
            JOIN pg_namespace n ON n.oid = child.relnamespace AND n.nspname = current_schema()
            CROSS JOIN LATERAL unnest(con.conkey, con.confkey) AS k(child_att, parent_att)
            JOIN pg_attribute ca ON ca.attrelid = con.conrelid AND ca.attnum = k.child_att
            JOIN pg_attribute pa ON pa.attrelid = con.confrelid AND pa.attnum = k.parent_att
            WHERE con.contype = 'f' AND child.relname = ANY (@tables)
            GROUP BY con.oid, con.conname, child.relname, parent.relname
            ORDER BY child.relname, con.conname
            """;
        var probes = new List<string>();
        await using (var command = new NpgsqlCommand(probesSql, connection))
        {
            command.Parameters.AddWithValue("tables", tables.ToArray());
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                probes.Add(reader.GetString(1));
            }
        }
        // One statement per probe: the same probes glued into one UNION ALL are planned far worse.
        var broken = new List<string>();
        foreach (var probe in probes)
        {
            await using var check = new NpgsqlCommand(probe, connection) { CommandTimeout = 0 };
            if (await check.ExecuteScalarAsync(ct) is string name)
            {
                broken.Add(name);
            }
        }
        if (broken.Count > 0)
        {
            throw new InvalidOperationException($"Demo data breaks foreign keys: {string.Join(", ", broken)}");
        }
    }
}
