using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Leanmote.Domain.Common;

/// <summary>
/// A public identifier: a fixed prefix, an underscore and the row's positive bigint key (<c>team_7</c>).
/// </summary>
public interface IPublicId<TSelf> where TSelf : struct, IPublicId<TSelf>
{
    static abstract string Prefix { get; }
    long Value { get; }
    static abstract TSelf From(long value);
}

public static class PublicId
{
    /// <summary>Parses <c>prefix_number</c>; anything else (wrong prefix, sign, leading zeros, overflow) fails.</summary>
    public static bool TryParse<T>([NotNullWhen(true)] string? text, out T id) where T : struct, IPublicId<T>
    {
        id = default;
        if (!TryParseValue(text, T.Prefix, out var value)) return false;
        id = T.From(value);
        return true;
    }

    public static T Parse<T>(string text) where T : struct, IPublicId<T> =>
        TryParse<T>(text, out var id) ? id : throw new FormatException($"'{text}' is not a {T.Prefix}_ id");

    public static string Format(string prefix, long value) =>
        string.Concat(prefix, "_", value.ToString(CultureInfo.InvariantCulture));

    public static bool TryParseValue(string? text, string prefix, out long value)
    {
        value = 0;
        if (text is null || text.Length <= prefix.Length + 1 || text.Length > prefix.Length + 20) return false;
        if (!text.StartsWith(prefix, StringComparison.Ordinal) || text[prefix.Length] != '_') return false;
        var digits = text.AsSpan(prefix.Length + 1);
        if (digits[0] == '0') return false;
        foreach (var c in digits)
        {
            if (c is < '0' or > '9') return false;
        }
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
    }
}
