using System.Globalization;
using System.Text;
using Leanmote.Application.Scim.Schema;

namespace Leanmote.Application.Scim.Filtering;

/// <summary>
/// Parses SCIM filters (spec §7, RFC 7644 §3.4.2.2) into the typed AST of FilterAst.cs. Hand-written recursive
/// descent over an on-demand lexer (comparison values need context: a bareword is only a value after an operator).
/// Bad input never throws: the result carries <c>invalidFilter</c> with the 1-based position and what was expected.
/// </summary>
public static class ScimFilterParser
{
    public const int MaxLength = 4096;
    public const int MaxDepth = 32;
    public const int MaxComparisons = 100;

    /// <summary>Parses <paramref name="filter"/> for <paramref name="resource"/> (<see cref="ScimSchemas.User"/> or <see cref="ScimSchemas.Group"/>).</summary>
    public static ScimResult<FilterNode> Parse(string filter, ScimResourceSchema resource)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(resource);
        if (filter.Length > MaxLength)
            return ScimError.InvalidFilter($"Filter is {filter.Length} characters long; the limit is {MaxLength}");
        if (string.IsNullOrWhiteSpace(filter))
            return ScimError.InvalidFilter("Filter is empty");
        var parser = new FilterParser(filter, resource, ScimErrorTypes.InvalidFilter, "Filter");
        return parser.ParseWhole();
    }

    /// <summary>
    /// Parses the filter inside a value path (<c>emails[type eq "work"]</c>) whose names are relative to
    /// <paramref name="parent"/>. Used by the PATCH path parser; errors carry <paramref name="scimType"/>.
    /// </summary>
    internal static ScimResult<(FilterNode Filter, int End)> ParseBracketed(string text, int start, ScimResourceSchema resource, ScimAttribute parent, string scimType, string what)
    {
        var parser = new FilterParser(text, resource, scimType, what);
        return parser.ParseBracketedAt(start, parent);
    }
}

internal sealed class FilterParser(string text, ScimResourceSchema resource, string scimType, string what)
{
    private static readonly Dictionary<string, ComparisonOperator> Operators = new(StringComparer.OrdinalIgnoreCase)
    {
        ["eq"] = ComparisonOperator.Eq,
        ["ne"] = ComparisonOperator.Ne,
        ["co"] = ComparisonOperator.Co,
        ["sw"] = ComparisonOperator.Sw,
        ["ew"] = ComparisonOperator.Ew,
        ["gt"] = ComparisonOperator.Gt,
        ["ge"] = ComparisonOperator.Ge,
        ["lt"] = ComparisonOperator.Lt,
        ["le"] = ComparisonOperator.Le,
    };

    private int _pos;
    private int _depth;
    private int _comparisons;
    private ScimError? _error;

    public ScimResult<FilterNode> ParseWhole()
    {
        var node = ParseOr(null);
        if (node is null)
            return _error!;
        SkipSpaces();
        if (_pos < text.Length)
        {
            var found = text[_pos] == ')' ? "')' without a matching '('" : $"{Describe()}";
            return Fail($"expected 'and', 'or' or the end of the filter, found {found}");
        }
        return node;
    }

    public ScimResult<(FilterNode, int)> ParseBracketedAt(int start, ScimAttribute parent)
    {
        _pos = start;
        _depth = 1;
        var node = ParseOr(parent);
        if (node is null)
            return _error!;
        SkipSpaces();
        if (!TryConsume(']'))
            return Fail($"expected 'and', 'or' or ']' closing the filter of '{parent.Name}', found {Describe()}");
        return (node, _pos);
    }

    private FilterNode? ParseOr(ScimAttribute? parent)
    {
        var left = ParseAnd(parent);
        while (left is not null && PeekKeyword("or"))
        {
            ConsumeWord();
            var right = ParseAnd(parent);
            left = right is null ? null : new OrFilter(left, right);
        }
        return left;
    }

    private FilterNode? ParseAnd(ScimAttribute? parent)
    {
        var left = ParseUnary(parent);
        while (left is not null && PeekKeyword("and"))
        {
            ConsumeWord();
            var right = ParseUnary(parent);
            left = right is null ? null : new AndFilter(left, right);
        }
        return left;
    }

    private FilterNode? ParseUnary(ScimAttribute? parent)
    {
        SkipSpaces();
        if (_pos >= text.Length)
            return FailNull($"expected an attribute name, 'not' or '(' at the end of the {what.ToLowerInvariant()}");
        if (text[_pos] == '(')
        {
            _pos++;
            return ParseGroup(parent, negate: false);
        }
        if (PeekKeyword("not"))
        {
            ConsumeWord();
            SkipSpaces();
            if (!TryConsume('('))
                return FailNull($"expected '(' after 'not', found {Describe()}");
            return ParseGroup(parent, negate: true);
        }
        return ParseAttributeExpression(parent);
    }

    private FilterNode? ParseGroup(ScimAttribute? parent, bool negate)
    {
        if (!Enter())
            return null;
        var inner = ParseOr(parent);
        if (inner is null)
            return null;
        SkipSpaces();
        if (!TryConsume(')'))
            return FailNull($"expected 'and', 'or' or ')', found {Describe()}");
        _depth--;
        return negate ? new NotFilter(inner) : inner;
    }

    private bool Enter()
    {
        _depth++;
        if (_depth > ScimFilterParser.MaxDepth)
        {
            Fail($"nesting is deeper than {ScimFilterParser.MaxDepth} levels");
            return false;
        }
        return true;
    }

    private FilterNode? ParseAttributeExpression(ScimAttribute? parent)
    {
        var nameStart = _pos;
        var name = ReadWord();
        if (name.Length == 0)
            return FailNull($"expected an attribute name, 'not' or '(', found {Describe()}");
        var path = ResolveName(name, parent, nameStart);
        if (path is null)
            return null;

        if (_pos < text.Length && text[_pos] == '[')
        {
            if (parent is not null)
                return FailNullAt(_pos, $"value filters cannot be nested inside '{parent.Name}[...]'");
            return ParseValuePath(path, nameStart);
        }
        return ParseComparison(path, name, nameStart);
    }

    private FilterNode? ParseValuePath(ScimAttributePath path, int nameStart)
    {
        if (path.SubAttribute is not null || !path.Attribute.IsComplex)
            return FailNullAt(nameStart, $"'{path.Name}' is not a complex attribute, so it cannot take a value filter '[...]'");
        _pos++;
        if (!Enter())
            return null;
        var inner = ParseOr(path.Attribute);
        if (inner is null)
            return null;
        SkipSpaces();
        if (!TryConsume(']'))
            return FailNull($"expected 'and', 'or' or ']' closing the filter of '{path.Attribute.Name}', found {Describe()}");
        _depth--;
        if (_pos < text.Length && text[_pos] == '.')
        {
            _pos++;
            var subStart = _pos;
            var subName = ReadWord();
            if (subName.Length == 0)
                return FailNullAt(subStart, $"expected a sub-attribute name of '{path.Attribute.Name}' after '].'");
            var sub = ResolveName(subName, path.Attribute, subStart);
            if (sub is null)
                return null;
            var comparison = ParseComparison(sub, subName, subStart);
            return comparison is null ? null : new ValuePathFilter(path.Attribute, new AndFilter(inner, comparison));
        }
        return new ValuePathFilter(path.Attribute, inner);
    }

    private FilterNode? ParseComparison(ScimAttributePath path, string name, int nameStart)
    {
        _comparisons++;
        if (_comparisons > ScimFilterParser.MaxComparisons)
            return FailNullAt(nameStart, $"more than {ScimFilterParser.MaxComparisons} comparisons");
        SkipSpaces();
        var opStart = _pos;
        var op = ReadWord();
        if (op.Length == 0)
            return FailNullAt(opStart, $"expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) after '{name}', found {Describe()}");
        if (string.Equals(op, "pr", StringComparison.OrdinalIgnoreCase))
            return new PresentFilter(path);
        if (!Operators.TryGetValue(op, out var comparison))
            return FailNullAt(opStart, $"expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) after '{name}', found '{Truncate(op)}'");
        var valueStart = SkipSpacesAndMark();
        var raw = ReadValue();
        if (raw is null)
            return null;
        if (raw.Kind == RawKind.Missing)
            return FailNullAt(valueStart, $"expected a comparison value after '{op.ToLowerInvariant()}'");
        return TypeCheck(path, comparison, raw, valueStart);
    }

    private ScimAttributePath? ResolveName(string name, ScimAttribute? parent, int at)
    {
        ScimAttributePath? path;
        if (parent is null)
        {
            path = resource.Resolve(name);
            if (path is null)
            {
                FailAt(at, $"unknown attribute '{Truncate(name)}' for {resource.Name} resources");
                return null;
            }
        }
        else
        {
            var sub = parent.FindSubAttribute(name);
            if (sub is null)
            {
                FailAt(at, $"unknown sub-attribute '{Truncate(name)}' of '{parent.Name}'");
                return null;
            }
            path = new ScimAttributePath(parent, sub);
        }
        if (!path.Attribute.Filterable || (path.SubAttribute is { Filterable: false }))
        {
            FailAt(at, $"attribute '{path.Name}' cannot be used in a filter");
            return null;
        }
        return path;
    }

    private FilterNode? TypeCheck(ScimAttributePath path, ComparisonOperator op, RawValue raw, int at)
    {
        var opName = op.ToString().ToLowerInvariant();
        if (path.Target.IsComplex)
        {
            if (path.SubAttribute is null && path.Attribute.ValueSubAttribute is { } value)
                path = new ScimAttributePath(path.Attribute, value);
            else
                return FailNullAt(at, $"'{path.Name}' is a complex attribute; compare one of its sub-attributes ({string.Join(", ", path.Target.SubAttributes.Where(s => s.Filterable).Select(s => $"{path.Name}.{s.Name}"))})");
        }
        if (raw.Kind == RawKind.Null)
        {
            return op switch
            {
                ComparisonOperator.Eq => new NotFilter(new PresentFilter(path)),
                ComparisonOperator.Ne => new PresentFilter(path),
                _ => FailNullAt(at, $"null can only be compared with 'eq' or 'ne', not '{opName}'"),
            };
        }
        var target = path.Target;
        switch (target.Type)
        {
            case ScimAttributeType.String:
            case ScimAttributeType.Reference:
                if (raw.Kind == RawKind.Boolean)
                    return FailNullAt(at, $"'{path.Name}' is a string attribute; expected a string value, found {raw.Text}");
                return new ComparisonFilter(path, op, new StringFilterValue(raw.Text));
            case ScimAttributeType.Boolean:
                if (op is not (ComparisonOperator.Eq or ComparisonOperator.Ne))
                    return FailNullAt(at, $"operator '{opName}' is not allowed on boolean attribute '{path.Name}'; use eq, ne or pr");
                bool flag;
                if (raw.Kind == RawKind.Boolean || raw.Kind is RawKind.String or RawKind.Bareword && (raw.Text.Equals("true", StringComparison.OrdinalIgnoreCase) || raw.Text.Equals("false", StringComparison.OrdinalIgnoreCase)))
                    flag = raw.Text.Equals("true", StringComparison.OrdinalIgnoreCase);
                else
                    return FailNullAt(at, $"'{path.Name}' is a boolean attribute; expected true or false, found {ScimError.Echo(raw.Text)}");
                return new ComparisonFilter(path, op, new BooleanFilterValue(flag));
            case ScimAttributeType.DateTime:
                if (op is ComparisonOperator.Co or ComparisonOperator.Sw or ComparisonOperator.Ew)
                    return FailNullAt(at, $"operator '{opName}' is not allowed on dateTime attribute '{path.Name}'; use eq, ne, gt, ge, lt, le or pr");
                if (raw.Kind is RawKind.Boolean || !ScimDateTime.TryParse(raw.Text, out var instant))
                    return FailNullAt(at, $"'{path.Name}' is a dateTime attribute; expected an RFC 3339 date-time such as \"2026-02-01T08:00:00.123Z\", found {ScimError.Echo(raw.Text)}");
                return new ComparisonFilter(path, op, new DateTimeFilterValue(instant, raw.Text));
            case ScimAttributeType.Integer:
            case ScimAttributeType.Decimal:
                if (op is ComparisonOperator.Co or ComparisonOperator.Sw or ComparisonOperator.Ew)
                    return FailNullAt(at, $"operator '{opName}' is not allowed on numeric attribute '{path.Name}'");
                if (!decimal.TryParse(raw.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || raw.Kind == RawKind.Boolean)
                    return FailNullAt(at, $"'{path.Name}' is a numeric attribute; expected a number, found {ScimError.Echo(raw.Text)}");
                return new ComparisonFilter(path, op, new NumberFilterValue(number));
            default:
                return FailNullAt(at, $"attribute '{path.Name}' cannot be compared");
        }
    }

    // ---- lexer ----

    private enum RawKind
    {
        Missing,
        String,
        Bareword,
        Number,
        Boolean,
        Null,
    }

    private sealed record RawValue(RawKind Kind, string Text);

    private RawValue? ReadValue()
    {
        if (_pos >= text.Length || text[_pos] is ')' or ']')
            return new RawValue(RawKind.Missing, "");
        if (text[_pos] == '"')
        {
            var s = ReadJsonString();
            return s is null ? null : new RawValue(RawKind.String, s);
        }
        var start = _pos;
        while (_pos < text.Length && !char.IsWhiteSpace(text[_pos]) && text[_pos] is not (')' or ']'))
            _pos++;
        var word = text[start.._pos];
        if (word.Equals("true", StringComparison.OrdinalIgnoreCase) || word.Equals("false", StringComparison.OrdinalIgnoreCase))
            return new RawValue(RawKind.Boolean, word.ToLowerInvariant());
        if (word.Equals("null", StringComparison.OrdinalIgnoreCase))
            return new RawValue(RawKind.Null, word);
        if (IsJsonNumber(word))
            return new RawValue(RawKind.Number, word);
        return new RawValue(RawKind.Bareword, word);
    }

    private static bool IsJsonNumber(string word)
    {
        var i = 0;
        if (i < word.Length && word[i] == '-')
            i++;
        var digits = i;
        while (i < word.Length && char.IsAsciiDigit(word[i]))
            i++;
        if (i == digits)
            return false;
        if (i < word.Length && word[i] == '.')
        {
            i++;
            var fraction = i;
            while (i < word.Length && char.IsAsciiDigit(word[i]))
                i++;
            if (i == fraction)
                return false;
        }
        if (i < word.Length && word[i] is 'e' or 'E')
        {
            i++;
            if (i < word.Length && word[i] is '+' or '-')
                i++;
            var exponent = i;
            while (i < word.Length && char.IsAsciiDigit(word[i]))
                i++;
            if (i == exponent)
                return false;
        }
        return i == word.Length;
    }

    private string? ReadJsonString()
    {
        var open = _pos;
        _pos++;
        var sb = new StringBuilder();
        while (_pos < text.Length)
        {
            var c = text[_pos];
            if (c == '"')
            {
                _pos++;
                return sb.ToString();
            }
            if (c == '\\')
            {
                if (_pos + 1 >= text.Length)
                    break;
                var e = text[_pos + 1];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (_pos + 6 > text.Length || !int.TryParse(text.AsSpan(_pos + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                        {
                            FailAt(_pos, "invalid \\u escape in string value; expected four hexadecimal digits");
                            return null;
                        }
                        sb.Append((char)code);
                        _pos += 4;
                        break;
                    default:
                        FailAt(_pos, $"invalid escape '\\{e}' in string value");
                        return null;
                }
                _pos += 2;
                continue;
            }
            if (c < ' ')
            {
                FailAt(_pos, "control character in string value; escape it");
                return null;
            }
            sb.Append(c);
            _pos++;
        }
        FailAt(open, "unterminated string value; expected a closing '\"'");
        return null;
    }

    private static bool IsWordChar(char c) => !char.IsWhiteSpace(c) && c is not ('(' or ')' or '[' or ']' or '"');

    private string ReadWord()
    {
        SkipSpaces();
        var start = _pos;
        while (_pos < text.Length && IsWordChar(text[_pos]))
            _pos++;
        return text[start.._pos];
    }

    private void ConsumeWord() => ReadWord();

    private bool PeekKeyword(string keyword)
    {
        var save = _pos;
        var word = ReadWord();
        _pos = save;
        if (!word.Equals(keyword, StringComparison.OrdinalIgnoreCase))
            return false;
        return true;
    }

    private bool TryConsume(char c)
    {
        if (_pos < text.Length && text[_pos] == c)
        {
            _pos++;
            return true;
        }
        return false;
    }

    private void SkipSpaces()
    {
        while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            _pos++;
    }

    private int SkipSpacesAndMark()
    {
        SkipSpaces();
        return _pos;
    }

    private string Describe()
    {
        if (_pos >= text.Length)
            return $"the end of the {what.ToLowerInvariant()}";
        if (IsWordChar(text[_pos]))
        {
            var end = _pos;
            while (end < text.Length && IsWordChar(text[end]))
                end++;
            return $"'{Truncate(text[_pos..end])}'";
        }
        return $"'{text[_pos]}'";
    }

    private static string Truncate(string value) => value.Length <= 100 ? value : value[..100] + "…";

    private ScimError Fail(string message) => FailAt(_pos, message);

    private ScimError FailAt(int at, string message)
    {
        _error ??= new ScimError(scimType, $"{what} parse error at position {Math.Min(at, text.Length) + 1}: {message}");
        return _error;
    }

    private FilterNode? FailNull(string message)
    {
        Fail(message);
        return null;
    }

    private FilterNode? FailNullAt(int at, string message)
    {
        FailAt(at, message);
        return null;
    }
}
