using Dapper;
using Leanmote.Application.Scim.Filtering;
using Leanmote.Application.Scim.Schema;
using Leanmote.Domain.Common;

namespace Leanmote.Infrastructure.Scim;

/// <summary>
/// Translates a parsed SCIM filter (the engine's <see cref="FilterNode"/> AST) into one SQL boolean expression
/// over the aliases of <see cref="ScimUserStore"/> (<c>p</c> profile, <c>m</c> membership) or
/// <see cref="ScimGroupStore"/> (<c>t</c> team, <c>gp</c> group profile). Every comparison value becomes a
/// parameter; the SQL text is assembled only from constants chosen by the resolved attribute (scim.md §7.7).
/// caseExact=false strings compare through <c>scim_fold</c> on both sides; <c>co</c>/<c>sw</c>/<c>ew</c> use
/// strpos/starts_with/right, so <c>%</c>, <c>_</c> and <c>\</c> are literal.
/// </summary>
internal sealed class ScimFilterSql
{
    private const string EnterpriseUrn = ScimSchemas.EnterpriseUserUrn;

    private readonly DynamicParameters _parameters;
    private readonly bool _users;
    private int _next;

    private ScimFilterSql(DynamicParameters parameters, bool users)
    {
        _parameters = parameters;
        _users = users;
    }

    public static string ForUsers(FilterNode filter, DynamicParameters parameters) => new ScimFilterSql(parameters, users: true).Node(filter, null);

    public static string ForGroups(FilterNode filter, DynamicParameters parameters) => new ScimFilterSql(parameters, users: false).Node(filter, null);

    /// <summary>An element of a multi-valued attribute being iterated: its kind and SQL alias.</summary>
    private sealed record Element(string Attribute, string Alias);

    private string Node(FilterNode node, Element? element) => node switch
    {
        AndFilter and => $"({Node(and.Left, element)} AND {Node(and.Right, element)})",
        OrFilter or => $"({Node(or.Left, element)} OR {Node(or.Right, element)})",
        NotFilter not => $"(NOT coalesce({Node(not.Operand, element)}, false))",
        PresentFilter present => Present(present.Path, element),
        ComparisonFilter comparison => Comparison(comparison, element),
        ValuePathFilter valuePath => ValuePath(valuePath),
        _ => throw new ArgumentOutOfRangeException(nameof(node), node.GetType().Name, "unknown filter node"),
    };

    private string Param(object? value)
    {
        var name = $"f{_next++}";
        _parameters.Add(name, value);
        return "@" + name;
    }

    // ---- multi-valued attributes -------------------------------------------------------------------------------

    private string ValuePath(ValuePathFilter valuePath)
    {
        var attribute = valuePath.Attribute.Name;
        if (TryEmailKey(valuePath) is { } indexed) return indexed;
        if (attribute == "roles") return Node(valuePath.Filter, new Element("roles", "m"));
        return Exists(attribute, alias => Node(valuePath.Filter, new Element(attribute, alias)));
    }

    /// <summary>
    /// <c>emails[type eq "work"].value eq "x"</c> (parsed as a value path of an equality conjunction) and
    /// <c>emails.value eq "x"</c> are answered by the GIN index over <c>email_keys</c>.
    /// </summary>
    private string? TryEmailKey(ValuePathFilter valuePath)
    {
        if (!_users || valuePath.Attribute.Name != "emails") return null;
        if (valuePath.Filter is not AndFilter { Left: ComparisonFilter left, Right: ComparisonFilter right }) return null;
        var (type, value) = left.Path.Name == "emails.type" ? (left, right) : (right, left);
        if (type.Path.Name != "emails.type" || value.Path.Name != "emails.value") return null;
        if (type.Operator != ComparisonOperator.Eq || value.Operator != ComparisonOperator.Eq) return null;
        if (type.Value is not StringFilterValue typeText || value.Value is not StringFilterValue valueText) return null;
        return $"p.email_keys @> ARRAY[scim_fold({Param(typeText.Value)}) || chr(31) || scim_fold({Param(valueText.Value)})]";
    }

    private string Exists(string attribute, Func<string, string> condition)
    {
        var alias = $"e{_next++}";
        if (_users)
        {
            return attribute switch
            {
                "groups" => $"EXISTS (SELECT 1 FROM team_members {alias} JOIN teams {alias}t ON {alias}t.organization_id = {alias}.organization_id AND {alias}t.id = {alias}.team_id AND {alias}t.deleted_at IS NULL WHERE {alias}.organization_id = p.organization_id AND {alias}.user_id = p.user_id AND {condition(alias)})",
                "emails" or "phoneNumbers" or "addresses" or "photos" =>
                    $"EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(p.attributes -> '{attribute}') = 'array' THEN p.attributes -> '{attribute}' ELSE '[]' END) AS {alias}(v) WHERE {condition(alias)})",
                _ => throw new ArgumentOutOfRangeException(nameof(attribute), attribute, "not a multi-valued User attribute"),
            };
        }
        return attribute switch
        {
            "members" => $"EXISTS (SELECT 1 FROM team_members {alias} JOIN users {alias}u ON {alias}u.id = {alias}.user_id LEFT JOIN scim_user_profiles {alias}p ON {alias}p.organization_id = {alias}.organization_id AND {alias}p.user_id = {alias}.user_id WHERE {alias}.organization_id = t.organization_id AND {alias}.team_id = t.id AND {condition(alias)})",
            _ => throw new ArgumentOutOfRangeException(nameof(attribute), attribute, "not a multi-valued Group attribute"),
        };
    }

    // ---- columns -------------------------------------------------------------------------------------------------

    private enum Kind { Text, Boolean, Instant, Complex }

    /// <summary>The SQL expression of a single-valued path (or of an element's sub-attribute).</summary>
    private (string Sql, Kind Kind) Column(ScimAttributePath path, Element? element)
    {
        var name = path.Name;
        if (element is not null || path.Attribute.MultiValued)
        {
            var alias = element?.Alias ?? throw new InvalidOperationException("multi-valued paths are iterated by Exists");
            var sub = path.SubAttribute?.Name ?? "value";
            return (path.Attribute.Name, sub) switch
            {
                ("roles", "value") => ("m.role", Kind.Text),
                ("roles", "display") => ("initcap(m.role)", Kind.Text),
                ("roles", "primary") => ("true", Kind.Boolean),
                ("roles", _) => ("NULL::text", Kind.Text),
                ("groups", "value") => ($"('team_' || {alias}.team_id)", Kind.Text),
                ("groups", "display") => ($"{alias}t.name", Kind.Text),
                ("groups", "type") => ("'direct'", Kind.Text),
                ("groups", _) => ("NULL::text", Kind.Text),
                ("members", "value") => ($"('usr_' || {alias}.user_id)", Kind.Text),
                ("members", "display") => ($"coalesce({alias}p.attributes ->> 'displayName', {alias}u.name)", Kind.Text),
                ("members", "type") => ("'User'", Kind.Text),
                ("members", _) => ("NULL::text", Kind.Text),
                (_, "primary") => ($"(({alias}.v ->> 'primary') = 'true')", Kind.Boolean),
                _ => ($"({alias}.v ->> '{Safe(sub)}')", Kind.Text),
            };
        }

        if (_users)
        {
            if (path.SchemaUrn == EnterpriseUrn)
            {
                return name == "manager.value" || name == "manager"
                    ? ($"(p.attributes #>> '{{{EnterpriseUrn},manager,value}}')", Kind.Text)
                    : ($"(p.attributes -> '{EnterpriseUrn}' ->> '{Safe(path.Attribute.Name)}')", Kind.Text);
            }
            return name switch
            {
                "id" => ("('usr_' || p.user_id)", Kind.Text),
                "userName" => ("p.user_name", Kind.Text),
                "externalId" => ("p.external_id", Kind.Text),
                "active" => ("m.is_active", Kind.Boolean),
                "meta.created" => ("p.created_at", Kind.Instant),
                "meta.lastModified" => ("p.updated_at", Kind.Instant),
                "meta.resourceType" => ("'User'", Kind.Text),
                "meta.location" or "meta.version" or "meta" => ("NULL::text", Kind.Text),
                "name" => ("(p.attributes -> 'name')", Kind.Complex),
                _ when path.SubAttribute is not null => ($"(p.attributes #>> '{{{Safe(path.Attribute.Name)},{Safe(path.SubAttribute.Name)}}}')", Kind.Text),
                _ => ($"(p.attributes ->> '{Safe(path.Attribute.Name)}')", Kind.Text),
            };
        }
        return name switch
        {
            "id" => ("('team_' || t.id)", Kind.Text),
            "displayName" => ("t.name", Kind.Text),
            "externalId" => ("gp.external_id", Kind.Text),
            "meta.created" => ("date_trunc('milliseconds', t.created_at)", Kind.Instant),
            "meta.lastModified" => ("gp.updated_at", Kind.Instant),
            "meta.resourceType" => ("'Group'", Kind.Text),
            _ => ("NULL::text", Kind.Text),
        };
    }

    /// <summary>Attribute names come from the engine's schema definitions; this keeps them from ever carrying SQL.</summary>
    private static string Safe(string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c == '$') ? name : throw new ArgumentException($"unexpected attribute name {name}");

    // ---- predicates ------------------------------------------------------------------------------------------------

    private string Present(ScimAttributePath path, Element? element)
    {
        if (element is null && path.Attribute.MultiValued && path.Attribute.Name != "roles")
        {
            return path.SubAttribute is null
                ? Exists(path.Attribute.Name, _ => "true")
                : Exists(path.Attribute.Name, alias => Present(path, new Element(path.Attribute.Name, alias)));
        }
        if (path.Attribute.Name == "roles" && element is null) element = new Element("roles", "m");
        if (_users && element is null && path.SubAttribute is null && path.Attribute.IsComplex)
        {
            return path.SchemaUrn == EnterpriseUrn
                ? $"(p.attributes -> '{EnterpriseUrn}' -> '{Safe(path.Attribute.Name)}') IS NOT NULL"
                : path.Attribute.Name == "meta" ? "true" : $"(p.attributes -> '{Safe(path.Attribute.Name)}') IS NOT NULL";
        }
        if (!_users && path.Attribute.Name == "meta" && path.SubAttribute is null) return "true";
        var (sql, kind) = Column(path, element);
        return kind == Kind.Text ? $"coalesce({sql} <> '', false)" : $"({sql} IS NOT NULL)";
    }

    private string Comparison(ComparisonFilter comparison, Element? element)
    {
        var path = comparison.Path;
        if (element is null && path.Attribute.MultiValued && path.Attribute.Name != "roles")
        {
            if (_users && path.Name == "emails.value" && comparison.Operator == ComparisonOperator.Eq && comparison.Value is StringFilterValue email)
                return $"p.email_keys @> ARRAY[scim_fold({Param(email.Value)})]";
            if (comparison.Operator == ComparisonOperator.Eq && comparison.Value is StringFilterValue id)
            {
                if (_users && path.Name == "groups.value")
                    return PublicId.TryParseValue(id.Value, TeamId.Prefix, out var team)
                        ? Exists("groups", alias => $"{alias}.team_id = {Param(team)}") : "false";
                if (!_users && path.Name == "members.value")
                    return PublicId.TryParseValue(id.Value, UserId.Prefix, out var user)
                        ? Exists("members", alias => $"{alias}.user_id = {Param(user)}") : "false";
            }
            if (comparison.Operator == ComparisonOperator.Ne)
            {
                // "ne" on a multi-valued attribute: no element equals the value (unassigned included).
                var equal = comparison with { Operator = ComparisonOperator.Eq };
                return $"(NOT {Comparison(equal, null)})";
            }
            return Exists(path.Attribute.Name, alias => Comparison(comparison, new Element(path.Attribute.Name, alias)));
        }
        if (path.Attribute.Name == "roles" && element is null) element = new Element("roles", "m");

        if (element is null && comparison.Operator is ComparisonOperator.Eq && comparison.Value is StringFilterValue exact)
        {
            switch (_users ? "u:" + path.Name : "g:" + path.Name)
            {
                case "u:id":
                    return PublicId.TryParseValue(exact.Value, UserId.Prefix, out var user) ? $"p.user_id = {Param(user)}" : "false";
                case "g:id":
                    return PublicId.TryParseValue(exact.Value, TeamId.Prefix, out var team) ? $"t.id = {Param(team)}" : "false";
                case "u:userName":
                    return $"p.user_name_folded = scim_fold({Param(exact.Value)})";
            }
        }

        var (sql, kind) = Column(path, element);
        return comparison.Value switch
        {
            StringFilterValue text => TextComparison(sql, comparison.Operator, text.Value, path.Target.CaseExact),
            BooleanFilterValue flag => comparison.Operator == ComparisonOperator.Ne
                ? $"({sql} IS DISTINCT FROM {Param(flag.Value)})"
                : $"({sql} = {Param(flag.Value)})",
            DateTimeFilterValue instant => InstantComparison(sql, comparison.Operator, instant.Value, kind),
            NumberFilterValue number => TextComparison(sql, comparison.Operator, number.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), true),
            _ => throw new ArgumentOutOfRangeException(nameof(comparison), comparison.Value.GetType().Name, "unknown filter value"),
        };
    }

    private string InstantComparison(string sql, ComparisonOperator op, DateTimeOffset value, Kind kind)
    {
        var expression = kind == Kind.Instant ? sql : $"({sql})::timestamptz";
        var parameter = Param(value.ToUniversalTime());
        return op switch
        {
            ComparisonOperator.Eq => $"({expression} = {parameter})",
            ComparisonOperator.Ne => $"({expression} IS DISTINCT FROM {parameter})",
            ComparisonOperator.Gt => $"({expression} > {parameter})",
            ComparisonOperator.Ge => $"({expression} >= {parameter})",
            ComparisonOperator.Lt => $"({expression} < {parameter})",
            ComparisonOperator.Le => $"({expression} <= {parameter})",
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not a dateTime operator"),
        };
    }

    private string TextComparison(string sql, ComparisonOperator op, string value, bool caseExact)
    {
        var left = caseExact ? sql : $"scim_fold({sql})";
        var right = caseExact ? Param(value) : $"scim_fold({Param(value)})";
        var predicate = op switch
        {
            ComparisonOperator.Eq => $"{left} = {right}",
            ComparisonOperator.Ne => $"{left} = {right}",
            ComparisonOperator.Co => $"strpos({left}, {right}) > 0",
            ComparisonOperator.Sw => $"starts_with({left}, {right})",
            ComparisonOperator.Ew => $"right({left}, length({right})) = {right}",
            ComparisonOperator.Gt => $"{left} COLLATE \"C\" > {right}",
            ComparisonOperator.Ge => $"{left} COLLATE \"C\" >= {right}",
            ComparisonOperator.Lt => $"{left} COLLATE \"C\" < {right}",
            ComparisonOperator.Le => $"{left} COLLATE \"C\" <= {right}",
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "unknown operator"),
        };
        // ne also matches unassigned values (scim.md §7.2). Positive predicates stay bare so indexes apply: a NULL
        // (unassigned) is not true in WHERE, and every NOT wraps its operand in coalesce(…, false).
        return op == ComparisonOperator.Ne ? $"(NOT coalesce({predicate}, false))" : $"({predicate})";
    }
}
