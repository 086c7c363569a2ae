using Leanmote.Application.Scim.Schema;

namespace Leanmote.Application.Scim.Filtering;

// The typed AST of a SCIM filter (spec §7), produced by ScimFilterParser.Parse and consumed by storage, which
// translates it to one parameterised SQL statement. All nodes are immutable records; the shape only grows.
//
//   FilterNode
//   ├── AndFilter(Left, Right)           both hold; `a and b and c` = And(And(a, b), c) (left-associative)
//   ├── OrFilter(Left, Right)            either holds; left-associative; `and` binds tighter than `or`
//   ├── NotFilter(Operand)               `not (…)`
//   ├── PresentFilter(Path)              `attr pr`: the attribute has a non-empty value (for a multi-valued
//   │                                    attribute: at least one element). `attr ne null` is parsed to this, and
//   │                                    `attr eq null` to Not(Present(attr)) (spec §7.2 [Decision]).
//   ├── ComparisonFilter(Path, Operator, Value)
//   │                                    `attr op value`; when Path.Attribute is multi-valued (e.g. emails.value,
//   │                                    members.value, groups.value) it holds if ANY element matches.
//   └── ValuePathFilter(Attribute, Filter)
//                                        `emails[type eq "work" and primary eq true]`: some element of the
//                                        multi-valued attribute satisfies Filter, whose paths all have
//                                        Path.Attribute == Attribute and a non-null SubAttribute (the element's
//                                        fields). `emails[type eq "work"].value eq "x"` is parsed to
//                                        ValuePath(emails, And(type eq "work", value eq "x")) — same element.
//
// Paths (ScimAttributePath) are resolved to the canonical schema attributes of ScimSchemas, whatever the
// spelling in the filter (case, URN prefix, unprefixed enterprise names). A complex attribute compared without a
// sub-attribute is resolved to its `value` sub-attribute (`members eq "usr_5"` → members.value, `manager eq "x"`
// → manager.value). PresentFilter may carry a complex attribute without sub-attribute (`name pr`).
//
// Values are already type-checked against Path.Target (spec §7.2):
//   StringFilterValue    string and reference attributes (barewords and numbers written for them become text);
//                        compare per Path.Target.CaseExact — fold both sides with ScimText.Fold when false.
//   BooleanFilterValue   boolean attributes (also from the strings "true"/"false", any case — [Quirk]).
//   DateTimeFilterValue  dateTime attributes; any RFC 3339 form, 0–9 fraction digits, Z or offset. Value is the
//                        instant (fraction digits beyond the 7th are truncated); Text is the value as written.
//   NumberFilterValue    integer/decimal attributes (none are exposed by Leanmote's schemas today).
// Operators allowed per type: string/reference all; boolean eq/ne; dateTime and numbers eq/ne/gt/ge/lt/le.
// co/sw/ew values are literal text: `%`, `_` and `\` are not wildcards (escape them for LIKE).

/// <summary>A node of a parsed SCIM filter. See the overview at the top of FilterAst.cs.</summary>
public abstract record FilterNode;

/// <summary><c>left and right</c>.</summary>
public sealed record AndFilter(FilterNode Left, FilterNode Right) : FilterNode;

/// <summary><c>left or right</c>.</summary>
public sealed record OrFilter(FilterNode Left, FilterNode Right) : FilterNode;

/// <summary><c>not (operand)</c>.</summary>
public sealed record NotFilter(FilterNode Operand) : FilterNode;

/// <summary><c>path pr</c> — the attribute has a value (a non-empty string, any element for multi-valued).</summary>
public sealed record PresentFilter(ScimAttributePath Path) : FilterNode;

/// <summary><c>path op value</c>.</summary>
public sealed record ComparisonFilter(ScimAttributePath Path, ComparisonOperator Operator, FilterValue Value) : FilterNode;

/// <summary><c>attribute[filter]</c>: one element of the multi-valued <paramref name="Attribute"/> satisfies <paramref name="Filter"/>.</summary>
public sealed record ValuePathFilter(ScimAttribute Attribute, FilterNode Filter) : FilterNode;

/// <summary>The comparison operators of RFC 7644 §3.4.2.2 (<c>pr</c> is <see cref="PresentFilter"/>).</summary>
public enum ComparisonOperator
{
    Eq,
    Ne,
    Co,
    Sw,
    Ew,
    Gt,
    Ge,
    Lt,
    Le,
}

/// <summary>A type-checked comparison value.</summary>
public abstract record FilterValue;

/// <summary>A string (or reference) value, as written (unfolded).</summary>
public sealed record StringFilterValue(string Value) : FilterValue;

/// <summary>A boolean value.</summary>
public sealed record BooleanFilterValue(bool Value) : FilterValue;

/// <summary>A dateTime value: <see cref="Value"/> as an instant (offset preserved), <see cref="Text"/> as written.</summary>
public sealed record DateTimeFilterValue(DateTimeOffset Value, string Text) : FilterValue;

/// <summary>A JSON number value.</summary>
public sealed record NumberFilterValue(decimal Value) : FilterValue;
