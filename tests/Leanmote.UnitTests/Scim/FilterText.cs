using System.Globalization;
using Leanmote.Application.Scim.Filtering;

namespace Leanmote.UnitTests.Scim;

/// <summary>A compact, fully parenthesised rendering of a filter AST so tests can state the expected tree in one line.</summary>
internal static class FilterText
{
    public static string Of(FilterNode node, bool relative = false) => node switch
    {
        AndFilter a => $"({Of(a.Left, relative)} and {Of(a.Right, relative)})",
        OrFilter o => $"({Of(o.Left, relative)} or {Of(o.Right, relative)})",
        NotFilter n => $"not({Of(n.Operand, relative)})",
        PresentFilter p => $"{(relative ? p.Path.SubAttribute!.Name : p.Path.Name)} pr",
        ComparisonFilter c => $"{(relative ? c.Path.SubAttribute!.Name : c.Path.Name)} {c.Operator.ToString().ToLowerInvariant()} {Of(c.Value)}",
        ValuePathFilter v => $"{v.Attribute.Name}[{Of(v.Filter, relative: true)}]",
        _ => throw new ArgumentOutOfRangeException(nameof(node), node, null),
    };

    private static string Of(FilterValue value) => value switch
    {
        StringFilterValue s => "\"" + s.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        BooleanFilterValue b => b.Value ? "true" : "false",
        DateTimeFilterValue d => "@" + d.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        NumberFilterValue n => n.Value.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };
}
