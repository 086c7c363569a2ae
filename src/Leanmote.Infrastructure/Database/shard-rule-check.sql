-- Shard-ready rule (architecture.md "Data"): returns one row per violation, zero rows when the rule holds.
-- A tenant table is any ordinary or partitioned table (not a partition) with an organization_id column.
--   1. its primary key exists and its first column is organization_id;
--   2. every unique or exclusion constraint and every unique index includes organization_id as a key column;
--   3. every foreign key from it to another tenant table carries organization_id → organization_id
--      (same position on both sides).
WITH tenant_tables AS (
    SELECT c.oid AS relid, n.nspname AS schema_name, c.relname AS table_name, a.attnum AS org_attnum
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'organization_id' AND NOT a.attisdropped
    WHERE c.relkind IN ('r', 'p')
      AND NOT c.relispartition
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\_toast%'
)
-- 1. primary key leads with organization_id
SELECT t.schema_name, t.table_name, 'primary key must start with organization_id' AS problem,
       coalesce(pk.conname, '(no primary key)') AS detail
FROM tenant_tables t
LEFT JOIN pg_constraint pk ON pk.conrelid = t.relid AND pk.contype = 'p'
WHERE pk.oid IS NULL OR pk.conkey[1] <> t.org_attnum

UNION ALL
-- 2a. unique / exclusion constraints include organization_id
SELECT t.schema_name, t.table_name, 'unique/exclusion constraint must include organization_id', con.conname
FROM tenant_tables t
JOIN pg_constraint con ON con.conrelid = t.relid AND con.contype IN ('u', 'x')
WHERE NOT (t.org_attnum = ANY (con.conkey))

UNION ALL
-- 2b. unique indexes (also those made with CREATE UNIQUE INDEX, incl. expression indexes)
SELECT t.schema_name, t.table_name, 'unique index must include organization_id', ic.relname
FROM tenant_tables t
JOIN pg_index i ON i.indrelid = t.relid AND i.indisunique
JOIN pg_class ic ON ic.oid = i.indexrelid
WHERE NOT (t.org_attnum = ANY ((i.indkey::int2[])[0:i.indnkeyatts - 1]))

UNION ALL
-- 3. foreign keys between tenant tables carry organization_id on both sides
SELECT t.schema_name, t.table_name, 'foreign key to a tenant table must carry organization_id', fk.conname
FROM tenant_tables t
JOIN pg_constraint fk ON fk.conrelid = t.relid AND fk.contype = 'f'
JOIN tenant_tables r ON r.relid = fk.confrelid
WHERE NOT EXISTS (
    SELECT 1
    FROM generate_subscripts(fk.conkey, 1) AS k(i)
    WHERE fk.conkey[k.i] = t.org_attnum AND fk.confkey[k.i] = r.org_attnum
)

ORDER BY 1, 2, 3, 4;
