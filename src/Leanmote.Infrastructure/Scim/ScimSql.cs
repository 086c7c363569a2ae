using Dapper;
using Leanmote.Application.Scim.Resources;
using Npgsql;

namespace Leanmote.Infrastructure.Scim;

/// <summary>Pieces shared by the SCIM stores: the audit insert and unique-violation detection.</summary>
internal static class ScimSql
{
    private const string AuditSql = """
        INSERT INTO scim_audit_events (organization_id, scim_token_id, request_id, resource_type, resource_id, operation, attributes)
        SELECT @OrganizationId, @TokenId, @RequestId, @ResourceType, @ResourceId, op, CASE WHEN attrs = '' THEN '{}' ELSE string_to_array(attrs, ',') END
        FROM unnest(@Operations, @Attributes) AS a(op, attrs)
        """;

    public static Task AuditAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ScimClient client, string resourceType, long resourceId,
        IReadOnlyList<ScimAuditEntry> entries, CancellationToken ct)
    {
        if (entries.Count == 0) return Task.CompletedTask;
        return conn.ExecuteAsync(new CommandDefinition(AuditSql, new
        {
            OrganizationId = client.OrganizationId.Value,
            TokenId = client.TokenId.Value,
            client.RequestId,
            ResourceType = resourceType,
            ResourceId = resourceId,
            Operations = entries.Select(e => e.Operation).ToArray(),
            Attributes = entries.Select(e => string.Join(',', e.Attributes)).ToArray(),
        }, tx, cancellationToken: ct));
    }

    public static bool IsUniqueViolation(Exception e, string constraint) =>
        e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg && pg.ConstraintName == constraint;

    public static string Order(string expression, bool descending, string tieBreak) =>
        $"ORDER BY {expression} {(descending ? "DESC" : "ASC")} NULLS LAST, {tieBreak}";
}
